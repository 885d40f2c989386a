//! What a page draws, reduced to what layout analysis needs: each glyph's text, left and right
//! edges, baseline and size, the page's short horizontal rules, and whether it draws images.
//!
//! This is a `hayro_interpret::Device` that keeps nothing of the drawing itself: no outline is
//! built, no image decoded. Coordinates are those of the page as displayed (its rotation and
//! crop box applied), in points, with y growing downwards.

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, Point, Rect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, SoftMask,
};

/// One glyph as drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The glyph's text: `text[start..end]` of its page.
    pub start: u32,
    pub end: u32,
    /// Left and right edges (the origin and the origin plus the advance).
    pub x0: f32,
    pub x1: f32,
    /// The baseline.
    pub y: f32,
    /// The font size (the height of the em square).
    pub size: f32,
    /// The font has no map from this glyph to Unicode: its text is U+FFFD.
    pub unmapped: bool,
}

/// A filled or stroked shape no taller than [`RULE_HEIGHT`]: the rule over footnotes, a table
/// rule, an underline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
}

/// The most a shape may measure from top to bottom to count as a horizontal rule, in points.
const RULE_HEIGHT: f64 = 2.0;

/// What one page drew.
#[derive(Debug, Default)]
pub struct Page {
    pub glyphs: Vec<Glyph>,
    /// The glyphs' text, one after another.
    pub text: String,
    pub rules: Vec<Rule>,
    /// Glyphs drawn along a slanted or vertical baseline (rotated figure labels), left out.
    pub rotated: usize,
    /// The area of the page covered by images, in square points.
    pub image_area: f64,
}

impl Page {
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        &self.text[g.start as usize..g.end as usize]
    }
}

/// The device that fills a [`Page`].
pub struct Collector {
    pub page: Page,
}

impl Collector {
    pub fn new() -> Self {
        Collector {
            page: Page::default(),
        }
    }

    /// `code`: the character code, read as ASCII when the font maps it to nothing and its codes
    /// can be trusted to be ASCII (a Type 3 font, as old TeX set-ups make).
    fn push_glyph(
        &mut self,
        transform: Affine,
        advance: f64,
        text: Option<BfString>,
        code: Option<u32>,
    ) {
        let [a, b, c, d, _, _] = transform.as_coeffs();
        // The em square is 1000 units high in glyph space.
        let size = 1000.0 * c.hypot(d);
        let horizontal = b.abs() <= 1e-3 * a.abs().max(1e-9) && a > 0.0 && d < 0.0;
        if !size.is_finite() || size <= 0.0 {
            return;
        }
        if !horizontal {
            self.page.rotated += 1;
            return;
        }
        let origin = transform * Point::ZERO;
        let end = transform * Point::new(advance, 0.0);
        if !origin.x.is_finite() || !origin.y.is_finite() || !end.x.is_finite() {
            return;
        }
        let start = self.page.text.len();
        let unmapped = match text {
            Some(BfString::Char(ch)) if ch != '\0' => {
                push_char(&mut self.page.text, ch);
                false
            }
            Some(BfString::String(s)) if !s.is_empty() && !s.contains('\0') => {
                for ch in s.chars() {
                    push_char(&mut self.page.text, ch);
                }
                false
            }
            // No map: a printable ASCII code of a Type 3 font is read as itself (old TeX bitmap
            // fonts keep ASCII codes), anything else as U+FFFD; either way the text may be wrong.
            _ => {
                match code
                    .and_then(char::from_u32)
                    .filter(|c| c.is_ascii_graphic())
                {
                    Some(c) => self.page.text.push(c),
                    None => self.page.text.push('\u{fffd}'),
                }
                true
            }
        };
        let glyph = Glyph {
            start: start as u32,
            end: self.page.text.len() as u32,
            x0: origin.x as f32,
            x1: end.x.max(origin.x) as f32,
            y: origin.y as f32,
            size: size as f32,
            unmapped,
        };
        // Fill-and-stroke text is drawn twice: keep it once.
        if let Some(last) = self.page.glyphs.last()
            && last.x0 == glyph.x0
            && last.y == glyph.y
            && self.page.text[last.start as usize..last.end as usize] == self.page.text[start..]
        {
            self.page.text.truncate(start);
            return;
        }
        self.page.glyphs.push(glyph);
    }
}

/// Push a character as text wants it: ligatures spelled out, a no-break space as a space.
fn push_char(text: &mut String, ch: char) {
    let spelled = match ch {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        '\u{a0}' => " ",
        c if c.is_control() => " ",
        _ => {
            text.push(ch);
            return;
        }
    };
    text.push_str(spelled);
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        let bounds = (props.transform * path.clone()).bounding_box();
        let thickness = match draw_mode {
            DrawMode::Stroke(s) | DrawMode::FillAndStroke(_, s) => {
                f64::from(s.line_width) * props.transform.as_coeffs()[3].abs()
            }
            _ => 0.0,
        };
        self.push_rule(bounds, thickness);
    }

    fn draw_rect(&mut self, rect: &Rect, props: DrawProps<'a>, draw_mode: &DrawMode) {
        let bounds = props.transform.transform_rect_bbox(*rect);
        let thickness = match draw_mode {
            DrawMode::Stroke(s) | DrawMode::FillAndStroke(_, s) => {
                f64::from(s.line_width) * props.transform.as_coeffs()[3].abs()
            }
            _ => 0.0,
        };
        self.push_rule(bounds, thickness);
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(
        &mut self,
        glyph_run: &GlyphRun<'_, 'a>,
        props: DrawProps<'a>,
        _draw_mode: &DrawMode,
    ) {
        for glyph in glyph_run.glyphs() {
            let transform = props.transform * glyph.transform();
            let (advance, code) = match &**glyph {
                hayro_interpret::font::Glyph::Outline(g) => (g.advance_width(), None),
                hayro_interpret::font::Glyph::Type3(g) => (g.advance_width(), Some(g.char_code())),
            };
            let text = glyph.as_unicode();
            self.push_glyph(transform, f64::from(advance.unwrap_or(500.0)), text, code);
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, props: ImageDrawProps<'a>) {
        // An image is drawn into the unit square of its transform.
        let bounds = props
            .transform
            .transform_rect_bbox(Rect::new(0.0, 0.0, 1.0, 1.0));
        if bounds.area().is_finite() {
            self.page.image_area += bounds.area();
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

impl Collector {
    fn push_rule(&mut self, bounds: Rect, thickness: f64) {
        let height = bounds.height() + thickness;
        if bounds.width() > 2.0 * RULE_HEIGHT && height <= RULE_HEIGHT && bounds.x0.is_finite() {
            self.page.rules.push(Rule {
                x0: bounds.x0 as f32,
                x1: bounds.x1 as f32,
                y: ((bounds.y0 + bounds.y1) / 2.0) as f32,
            });
        }
    }
}
