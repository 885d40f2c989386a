//! Reads a PDF with its layout: notes found by font size and position, URLs from link
//! annotations.
//!
//! Plain text extracted from a PDF loses what tells a footnote from the body (see
//! `extract::plain`); the PDF itself keeps it. This reader interprets every page with
//! `hayro-interpret`, keeps each glyph's text, edges, baseline and size, the page's short
//! horizontal rules and its link annotations, and reads the layout in the steps below. All
//! thresholds are fields of [`LayoutOptions`], in ems of the text they are measured against.
//!
//! # The rendition
//! The text that positions refer to (`citelint extract --format text` prints it): each page's
//! lines in reading order, one text line per line of the page, pages separated by a form feed.
//! Findings name the page (`thesis.pdf:p12:40:5:` in the short format: page 12, line 40 of the
//! rendition, column 5).
//!
//! # Lines
//! See `lines`: glyphs on one baseline form a line; a smaller glyph run raised above a line and
//! touching it is a superscript of that line; two-column pages are read column by column.
//!
//! # Body size, headings and furniture
//! The body size is the size most glyphs of the document are set in, code aside (a line whose
//! glyphs are all as wide as one another: a manual can hold more code than prose, and a
//! listing's line numbers are not labels). A line at least
//! [`LayoutOptions::heading`] times that size is a heading. Page numbers alone at the head or
//! foot of a page, and running heads and feet (the same text, digits aside, at the head or foot
//! of several pages), are furniture: never notes or markers, though their URLs count.
//!
//! # Markers
//! A marker (a footnote reference) is a short run raised above its line's baseline and smaller
//! than the text around it: digits, a symbol (`* † ‡ § ¶ ‖`), a lowercase letter or a Roman
//! numeral, optionally several separated by commas. A raised run that continues the letters of
//! a word (`1st`, `Mme`) or that no note on its page or among the endnotes answers, and that
//! does not continue the numbering, is not a marker (exponents, ordinals).
//!
//! # Footnotes
//! A page's footnote block is the run of lines at its foot (in each column) set smaller than the
//! body, below the body's last line, usually under a short rule. A note starts on a line of the
//! block that opens with a label: a raised run (one hung in the margin, alone on its baseline,
//! joins its line), or a label at normal height followed by the text (`1 Text`, `1. Text`,
//! `* Text`). A heading that opens with its number under a short rule opens no block. Lines of the block that open with no label continue
//! the note before; the first lines of a block with no label continue the last note of the page
//! before (a note broken across pages).
//!
//! # Endnotes
//! A line holding only `Notes`, `Endnotes` or the like, starting with a capital and set as a
//! heading, opens a list of endnotes, running until the next heading of the same rank or the
//! document's end: entries start with a label at the line's left edge (`1.`, `1`, `i.`, a
//! raised label).
//!
//! # Pairing and numbering
//! Markers and notes pair by label within a numbering sequence. A sequence restarts when the
//! numbering goes back to a small number after a heading (a new chapter), or at a note on a
//! chapter title; `section` counts the sequences as in the other readers. Tables, figures and
//! equations are not notes: their numbers are not raised, and they are not set in the
//! footnote block.
//!
//! # Links
//! See `links`: link annotations give the true targets; visible URLs without an annotation are
//! found in the rendition by the shared URL finder.
//!
//! # What this reader refuses to do
//! It never rewrites a PDF (`--fix` leaves it alone), never runs OCR (an image-only PDF is an
//! input error that suggests `ocrmypdf`), and never guesses a password.

mod device;
mod endnotes;
mod furniture;
mod lines;
mod links;
mod notes;
mod sequence;

use hayro_interpret::hayro_syntax::{DecryptionError, LoadPdfError, Pdf};
use hayro_interpret::kurbo::Affine;
use hayro_interpret::{
    Context, InterpreterCache, InterpreterSettings, RenderContent, interpret_page,
};

use crate::model::{Manuscript, Problem, ReadProblem, Span};

/// The thresholds of layout analysis. Sizes and distances are in ems of the text they are
/// measured against unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Two glyphs whose baselines differ by at most this are on one line.
    pub baseline_tolerance: f32,
    /// A gap wider than this between glyphs drawn one after another splits a chunk (and may
    /// hold a column gutter).
    pub chunk_gap: f32,
    /// A gap wider than this between two glyphs is a space.
    pub word_gap: f32,
    /// A run is small (a superscript, a footnote's text) when its size is at most this fraction
    /// of the text it is compared with.
    pub small: f32,
    /// A superscript's baseline lies at least this far above its line's.
    pub min_rise: f32,
    /// ... and at most this far.
    pub max_rise: f32,
    /// A subscript's baseline lies at most this far below its line's.
    pub max_drop: f32,
    /// A superscript touches its line: it lies within this distance of one of its chunks.
    pub script_reach: f32,
    /// A superscript of at most [`LayoutOptions::lone_script_glyphs`] glyphs alone on its
    /// baseline reaches this far: a footnote label hung in the margin before its text.
    pub lone_script_reach: f32,
    /// See [`LayoutOptions::lone_script_reach`].
    pub lone_script_glyphs: usize,
    /// A page with fewer lines than this is not searched for columns.
    pub min_column_lines: usize,
    /// Where a column gutter may lie, as fractions of the text's width.
    pub gutter_window: (f32, f32),
    /// At most this share of the lines may cross a gutter (full-width titles, footers).
    pub gutter_crossing: f32,
    /// At least this share of the lines must lie on each side of a gutter.
    pub column_share: f32,
    /// A line whose glyphs are all as wide as one another, among them at least this many
    /// different characters other than digits, is set in a monospaced font (code).
    pub mono_letters: usize,
    /// ... and at most this share of its glyphs in another size (a line number).
    pub mono_other: f32,
    /// A line at least this many times the body size is a heading.
    pub heading: f32,
    /// A footnote block's lines are at most this fraction of the body size.
    pub footnote_size: f32,
    /// The rule over a footnote block is at most this fraction of the column's width (LaTeX
    /// draws 0.4, Word a third; a table's rules run the full width).
    pub rule_width: f32,
    /// Running heads lie in this top fraction of the page, running feet in the bottom one.
    pub margin: f32,
    /// Running heads and feet stand at least this many times their size apart from the text.
    pub furniture_gap: f32,
    /// Glyphs with no Unicode map are reported (`I004`) when they are at least this share of
    /// all glyphs: a stray math symbol is not worth a warning.
    pub unmapped_share: f32,
    /// When at least this share of the glyphs cannot be read at all (no Unicode map, and codes
    /// that are not ASCII), the text cannot be trusted for notes and markers: only links are
    /// read.
    pub unreadable_share: f32,
    /// Describe the layout as read, line by line, in [`Reading::description`] (for tuning).
    pub describe: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            baseline_tolerance: 0.2,
            chunk_gap: 0.8,
            word_gap: 0.15,
            small: 0.9,
            min_rise: 0.1,
            max_rise: 0.7,
            max_drop: 0.35,
            script_reach: 0.3,
            lone_script_reach: 2.0,
            lone_script_glyphs: 5,
            min_column_lines: 8,
            gutter_window: (0.3, 0.7),
            gutter_crossing: 0.15,
            column_share: 0.25,
            mono_letters: 6,
            mono_other: 0.25,
            heading: 1.15,
            footnote_size: 0.95,
            rule_width: 0.6,
            margin: 0.2,
            furniture_gap: 1.6,
            unmapped_share: 0.01,
            unreadable_share: 0.5,
            describe: false,
        }
    }
}

/// Why a PDF cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It needs a password.
    Encrypted,
    /// It uses an encryption citelint cannot undo.
    UnsupportedEncryption,
    /// Nothing in it parses as a PDF.
    Invalid,
    /// It has pages but no text on any of them (a scan): `pages` pages, `images` with images.
    NoText { pages: usize, images: usize },
}

/// What reading a PDF gave: the rendition and what was found in it.
#[derive(Debug)]
pub struct Reading {
    pub text: String,
    /// Where each page starts in `text`.
    pub pages: Vec<usize>,
    pub manuscript: Manuscript,
    /// The layout as read, line by line, when [`LayoutOptions::describe`] asks for it.
    pub description: String,
}

/// One page, laid out.
#[derive(Debug)]
pub struct PageLayout {
    /// Where the page starts in the rendition.
    pub start: usize,
    pub lines: Vec<lines::Line>,
    pub rules: Vec<device::Rule>,
    pub width: f32,
    pub height: f32,
}

/// Read a PDF.
pub fn read(bytes: Vec<u8>, options: &LayoutOptions) -> Result<Reading, Refusal> {
    let (pdf, damage, rebuilt) = open(bytes)?;
    let pages = read_pages(&pdf, options);
    if pages.glyphs == 0 {
        return Err(Refusal::NoText {
            pages: pages.starts.len(),
            images: pages.image_pages,
        });
    }
    let links = links::links(&pages.text, pages.annotations);
    let (unmapped, glyphs) = (pages.unmapped, pages.glyphs);
    let unreadable = pages.unreadable as f32 >= options.unreadable_share * glyphs as f32;
    let trusted = !rebuilt && !unreadable;
    let (mut manuscript, description) =
        notes::find(&pages.text, &pages.layouts, options, links, trusted);
    manuscript.format = crate::model::Format::Pdf;
    let at_start = Span::new(crate::model::FileId::default(), 0..0);
    for (message, help) in damage {
        manuscript.problems.push(ReadProblem {
            kind: Problem::Damaged,
            span: at_start,
            message,
            help,
        });
    }
    if unmapped > 0 && unmapped as f32 >= options.unmapped_share * glyphs as f32 {
        let consequence = if unreadable {
            "notes and markers were not read, only the links"
        } else {
            "their text may be wrong"
        };
        manuscript.problems.push(ReadProblem {
            kind: Problem::UnmappedFont,
            span: pages.first_unmapped.map_or(at_start, |r| at_start.with_range(r)),
            message: format!(
                "{unmapped} of {glyphs} glyphs are in fonts with no map to Unicode: {consequence}"
            ),
            help: "make the PDF again with fonts that map to Unicode (pdfLaTeX: `\\usepackage[T1]{fontenc}` with `lmodern` or `cm-super`; or `\\input{glyphtounicode}\\pdfgentounicode=1`)".to_string(),
        });
    }
    Ok(Reading {
        text: pages.text,
        pages: pages.starts,
        manuscript,
        description,
    })
}

/// What is wrong with a file's structure: messages and their help.
type Damage = Vec<(String, String)>;

/// Parse a PDF, with what is wrong with its structure. A file cut short has lost its catalog
/// and trailer: it gets new ones, and its pages are looked for object by object.
///
/// Returns the document, what is wrong with it, and whether its pages had to be rebuilt (then
/// their fonts are lost, and their layout cannot be trusted for notes).
fn open(bytes: Vec<u8>) -> Result<(Pdf, Damage, bool), Refusal> {
    let mut damage = notes_on_damage(&bytes);
    let data = std::sync::Arc::new(bytes);
    let mut rebuilt = false;
    let pdf = match Pdf::new(data.clone()) {
        Err(LoadPdfError::Invalid) if !damage.is_empty() => {
            let bytes = std::sync::Arc::try_unwrap(data).unwrap_or_else(|d| (*d).clone());
            rebuilt = true;
            Pdf::new(with_new_trailer(bytes)).inspect(|_| {
                damage[0].0.push_str(
                    "; the text that remains was read for its URLs, its notes were not checked",
                );
            })
        }
        other => other,
    };
    let pdf = pdf.map_err(|e| match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => Refusal::Encrypted,
        LoadPdfError::Decryption(_) => Refusal::UnsupportedEncryption,
        LoadPdfError::Invalid => Refusal::Invalid,
    })?;
    if pdf.pages().is_empty() {
        return Err(Refusal::Invalid);
    }
    Ok((pdf, damage, rebuilt))
}

/// Every page laid out, one after another in the rendition.
#[derive(Default)]
struct Pages {
    text: String,
    starts: Vec<usize>,
    layouts: Vec<PageLayout>,
    annotations: Vec<links::Annotation>,
    glyphs: usize,
    unmapped: usize,
    /// Glyphs read as U+FFFD.
    unreadable: usize,
    /// Where the first glyph with no Unicode map went.
    first_unmapped: Option<std::ops::Range<usize>>,
    image_pages: usize,
}

/// Interpret and lay out every page, one at a time: only a page's lines (not its glyphs) are
/// kept once it is done.
fn read_pages(pdf: &Pdf, options: &LayoutOptions) -> Pages {
    let settings = InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut out = Pages::default();
    for page in pdf.pages().iter() {
        if !out.text.is_empty() {
            out.text.push('\x0c');
        }
        let start = out.text.len();
        out.starts.push(start);
        let (width, height) = page.render_dimensions();
        let mut collector = device::Collector::new();
        let initial = Affine::new(page.initial_transform(true).as_coeffs());
        let bbox = hayro_interpret::kurbo::Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        let mut context = Context::new(initial, bbox, &cache, pdf.xref(), settings.clone());
        interpret_page(page, &mut context, &mut collector);
        let drawn = collector.page;
        out.glyphs += drawn.glyphs.len();
        out.unmapped += drawn.glyphs.iter().filter(|g| g.unmapped).count();
        out.unreadable += drawn
            .glyphs
            .iter()
            .filter(|g| drawn.glyph_text(g) == "\u{fffd}")
            .count();
        out.image_pages += usize::from(drawn.image_area > 0.0);
        let (lines, placed) = lines::lay_out(&drawn, options, &mut out.text);
        if out.first_unmapped.is_none() {
            out.first_unmapped = placed.iter().find(|g| g.unmapped).map(|g| g.start..g.end);
        }
        out.annotations
            .extend(links::annotations(page, &placed, &out.text));
        out.layouts.push(PageLayout {
            start,
            lines,
            rules: drawn.rules,
            width,
            height,
        });
    }
    out
}

/// A damaged file with a new catalog, page tree and trailer added at its end: one page for each
/// stream that can be a page's content (a stream whose dictionary names no type, subtype, size
/// or font data), in file order. Their resources are lost with the pages: text in fonts whose
/// codes are ASCII reads through the standard font; other text is lost.
fn with_new_trailer(mut bytes: Vec<u8>) -> Vec<u8> {
    const FIRST: u64 = 999_990;
    let contents = orphan_contents(&bytes);
    let mut tail = format!(
        "\n{FIRST} 0 obj\n<< /Type /Catalog /Pages {} 0 R >>\nendobj\n",
        FIRST + 1
    );
    let kids: Vec<String> = (0..contents.len())
        .map(|k| format!("{} 0 R", FIRST + 2 + k as u64))
        .collect();
    tail.push_str(&format!(
        "{} 0 obj\n<< /Type /Pages /Kids [{}] /Count {} >>\nendobj\n",
        FIRST + 1,
        kids.join(" "),
        kids.len()
    ));
    for (k, (num, generation)) in contents.iter().enumerate() {
        tail.push_str(&format!(
            "{} 0 obj\n<< /Type /Page /Parent {} 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents {num} {generation} R >>\nendobj\n",
            FIRST + 2 + k as u64,
            FIRST + 1
        ));
    }
    tail.push_str(&format!(
        "trailer\n<< /Root {FIRST} 0 R /Size {} >>\n",
        FIRST + 2 + contents.len() as u64
    ));
    bytes.extend_from_slice(tail.as_bytes());
    bytes
}

/// The streams of a file that may be pages' contents: `N G obj << ... >> stream` whose
/// dictionary has none of the keys of fonts, images, forms, colour profiles and the like.
fn orphan_contents(bytes: &[u8]) -> Vec<(u64, u64)> {
    const NOT_CONTENT: &[&[u8]] = &[
        b"/Type",
        b"/Subtype",
        b"/Length1",
        b"/Length2",
        b"/Length3",
        b"/Width",
        b"/N ",
        b"/N\n",
        b"/FunctionType",
        b"/ShadingType",
        b"/PatternType",
        b"/BBox",
    ];
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b" obj") {
        let head = &bytes[at.saturating_sub(24)..at];
        let mut words = head
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .rev();
        let (Some(generation), Some(num)) = (words.next(), words.next()) else {
            continue;
        };
        let number = |w: &[u8]| std::str::from_utf8(w).ok()?.parse::<u64>().ok();
        let (Some(generation), Some(num)) = (number(generation), number(num)) else {
            continue;
        };
        let body = &bytes[at + 4..(at + 4 + 512).min(bytes.len())];
        let Some(stream) = memchr::memmem::find(body, b"stream") else {
            continue;
        };
        let dict = &body[..stream];
        let object_ends = memchr::memmem::find(dict, b"endobj").is_some();
        if !object_ends
            && !NOT_CONTENT
                .iter()
                .any(|k| memchr::memmem::find(dict, k).is_some())
        {
            out.push((num, generation));
        }
    }
    out
}

/// What is wrong with the file's structure, before it is parsed: a file cut short, a
/// cross-reference table that points at the wrong place.
fn notes_on_damage(bytes: &[u8]) -> Damage {
    let help = "read what could be read; make the PDF again from its source, or repair it (`qpdf in.pdf out.pdf`)".to_string();
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let mut out = Vec::new();
    let Some(at) = memchr::memmem::rfind(tail, b"startxref") else {
        out.push((
            "the file is truncated: it has no cross-reference table at its end".to_string(),
            help,
        ));
        return out;
    };
    let after = &tail[at + b"startxref".len()..];
    let digits: String = after
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    let offset: Option<usize> = digits.parse().ok();
    let points_at_xref = offset.and_then(|o| bytes.get(o..)).is_some_and(|rest| {
        let rest = &rest[..rest.len().min(32)];
        rest.starts_with(b"xref")
            || rest
                .iter()
                .position(|b| !b.is_ascii_digit())
                .is_some_and(|k| k > 0 && memchr::memmem::find(rest, b"obj").is_some())
    });
    if !points_at_xref {
        out.push((
            "the cross-reference table is broken: the file was rebuilt from its objects"
                .to_string(),
            help,
        ));
    }
    out
}
