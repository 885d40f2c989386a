//! Lines from glyphs: a page's glyphs grouped into lines in reading order, each line written
//! out as text with its style runs (size and rise over the baseline) kept.
//!
//! Glyphs drawn one after another on one baseline, in one size and close together, form a
//! *chunk*. Chunks whose baselines agree form a line; a smaller chunk raised above (or dropped
//! below) a line and touching one of its chunks joins that line as a superscript (or
//! subscript), which is how footnote markers are set. A page whose lines leave a vertical strip
//! near the middle empty, with text on both sides of it, has two columns: its lines are split
//! there and read column by column, between the full-width lines (titles, running heads, page
//! numbers) above and below. Spaces are written where the gap between two glyphs is wider than
//! a fraction of their size (TeX draws no space glyphs); accents drawn as glyphs of their own
//! over a letter (TeX's `\'a` in its old fonts) are composed with it.

use super::LayoutOptions;
use super::device::{Glyph, Page};

/// Which part of a two-column page a line is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Full,
    Left,
    Right,
}

/// A stretch of a line in one size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Byte range in the rendition.
    pub start: usize,
    pub end: usize,
    pub size: f32,
    /// How far its baseline is above the line's (negative below), in points.
    pub rise: f32,
    pub x0: f32,
    pub x1: f32,
}

/// A line of a page, as written into the rendition.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Byte range in the rendition (without the line break).
    pub start: usize,
    pub end: usize,
    pub x0: f32,
    pub x1: f32,
    /// The baseline.
    pub y: f32,
    /// The size most of its glyphs are set in.
    pub size: f32,
    pub column: Column,
    pub runs: Vec<Run>,
    /// Set in a monospaced font (every glyph of its size as wide as the others): code, a
    /// listing, a verbatim example, whose numbers are neither markers nor notes.
    pub mono: bool,
}

/// Where a glyph went in the rendition, to find the text under a link's rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub start: usize,
    pub end: usize,
    /// Its font does not map it to Unicode.
    pub unmapped: bool,
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    /// Glyph indices `first..last` in drawing order.
    first: usize,
    last: usize,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

struct Cluster {
    y: f32,
    size: f32,
    chunks: Vec<usize>,
}

/// Lay out a page: its lines in reading order, written to `out` (each followed by a line
/// break), and where each glyph went.
pub fn lay_out(page: &Page, options: &LayoutOptions, out: &mut String) -> (Vec<Line>, Vec<Placed>) {
    let chunks = chunks(&page.glyphs, options);
    let mut clusters = clusters(&chunks, options);
    attach_scripts(&chunks, &mut clusters, options);
    let gutter = gutter(&chunks, &clusters, options);
    let mut lines = Vec::new();
    let mut placed = Vec::with_capacity(page.glyphs.len());
    for (cluster, column) in reading_order(&chunks, &clusters, gutter) {
        let line = write_line(page, &chunks, &cluster, column, options, out, &mut placed);
        if line.end > line.start {
            lines.push(line);
        }
        out.push('\n');
    }
    (lines, placed)
}

/// Glyphs drawn one after another, on one baseline, in one size, with no wide gap.
fn chunks(glyphs: &[Glyph], options: &LayoutOptions) -> Vec<Chunk> {
    let mut chunks: Vec<Chunk> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        if let Some(c) = chunks.last_mut() {
            let same_line = (g.y - c.y).abs() <= options.baseline_tolerance * c.size.min(g.size);
            let same_size = (g.size - c.size).abs() <= 0.02 * c.size;
            let gap = g.x0 - c.x1;
            let near = gap <= options.chunk_gap * c.size && gap >= -options.chunk_gap * c.size;
            if same_line && same_size && near {
                c.last = i + 1;
                c.x0 = c.x0.min(g.x0);
                c.x1 = c.x1.max(g.x1);
                continue;
            }
        }
        chunks.push(Chunk {
            first: i,
            last: i + 1,
            x0: g.x0,
            x1: g.x1,
            y: g.y,
            size: g.size,
        });
    }
    chunks
}

/// Chunks grouped by baseline, top to bottom.
fn clusters(chunks: &[Chunk], options: &LayoutOptions) -> Vec<Cluster> {
    let mut order: Vec<usize> = (0..chunks.len()).collect();
    order.sort_by(|&a, &b| chunks[a].y.total_cmp(&chunks[b].y));
    let mut clusters: Vec<Cluster> = Vec::new();
    for k in order {
        let c = &chunks[k];
        if let Some(cl) = clusters.last_mut()
            && (c.y - cl.y).abs() <= options.baseline_tolerance * cl.size.min(c.size)
        {
            cl.chunks.push(k);
            if c.size > cl.size {
                cl.size = c.size;
                cl.y = c.y;
            }
            continue;
        }
        clusters.push(Cluster {
            y: c.y,
            size: c.size,
            chunks: vec![k],
        });
    }
    clusters
}

/// Move each small chunk that sits raised above (or dropped below) a line of larger text and
/// touches one of its chunks into that line. A short chunk alone on its baseline reaches
/// further: a footnote label hung in the margin before its text, a marker that is all of a
/// list item's text.
fn attach_scripts(chunks: &[Chunk], clusters: &mut Vec<Cluster>, options: &LayoutOptions) {
    let ys: Vec<f32> = clusters.iter().map(|c| c.y).collect();
    let mut moves: Vec<(usize, usize, usize)> = Vec::new(); // (from cluster, chunk, to cluster)
    for (ci, cluster) in clusters.iter().enumerate() {
        let lone = cluster.chunks.len() == 1;
        for &k in &cluster.chunks {
            let c = &chunks[k];
            let short = c.last - c.first <= options.lone_script_glyphs;
            let reach_ems = if lone && short {
                options.lone_script_reach
            } else {
                options.script_reach
            };
            let reach = options.max_rise * c.size / options.small;
            let lo = ys.partition_point(|&y| y < c.y - options.max_drop * c.size / options.small);
            let hi = ys.partition_point(|&y| y <= c.y + reach);
            let host = (lo..hi).filter(|&h| h != ci).find(|&h| {
                let host = &clusters[h];
                let rise = host.y - c.y;
                host.chunks.iter().any(|&j| {
                    let hc = &chunks[j];
                    let margin = reach_ems * hc.size;
                    c.size <= options.small * hc.size
                        && rise <= options.max_rise * hc.size
                        && -rise <= options.max_drop * hc.size
                        && rise.abs() >= options.min_rise * hc.size
                        && c.x0 <= hc.x1 + margin
                        && c.x1 >= hc.x0 - margin
                })
            });
            if let Some(h) = host {
                moves.push((ci, k, h));
            }
        }
    }
    for (from, k, to) in moves {
        clusters[from].chunks.retain(|&x| x != k);
        clusters[to].chunks.push(k);
    }
    clusters.retain(|c| !c.chunks.is_empty());
}

/// The x of the strip between two columns, when the page has two.
fn gutter(chunks: &[Chunk], clusters: &[Cluster], options: &LayoutOptions) -> Option<f32> {
    if clusters.len() < options.min_column_lines {
        return None;
    }
    let x0 = chunks.iter().map(|c| c.x0).fold(f32::INFINITY, f32::min);
    let x1 = chunks
        .iter()
        .map(|c| c.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let width = x1 - x0;
    if !(width.is_finite() && width > 1.0) {
        return None;
    }
    // Coverage in bins of one point; the page width bounds the bins' number.
    let bins = (width.ceil() as usize).min(10_000) + 1;
    let bin = |x: f32| (((x - x0) / width * (bins - 1) as f32).max(0.0) as usize).min(bins - 1);
    let mut cover = vec![0i32; bins + 1];
    let mut left_ends = Vec::with_capacity(clusters.len());
    let mut right_starts = Vec::with_capacity(clusters.len());
    for cl in clusters {
        let mut min_x1 = f32::INFINITY;
        let mut max_x0 = f32::NEG_INFINITY;
        for &k in &cl.chunks {
            let c = &chunks[k];
            cover[bin(c.x0)] += 1;
            cover[bin(c.x1) + 1] -= 1;
            min_x1 = min_x1.min(c.x1);
            max_x0 = max_x0.max(c.x0);
        }
        left_ends.push(bin(min_x1));
        right_starts.push(bin(max_x0));
    }
    let mut running = 0;
    for c in cover.iter_mut() {
        running += *c;
        *c = running;
    }
    let from = bin(x0 + options.gutter_window.0 * width);
    let to = bin(x0 + options.gutter_window.1 * width);
    let centre = (from + to) / 2;
    let best = (from..=to).min_by_key(|&b| (cover[b], b.abs_diff(centre)))?;
    let n = clusters.len() as f32;
    let left = left_ends.iter().filter(|&&e| e < best).count() as f32;
    let right = right_starts.iter().filter(|&&s| s > best).count() as f32;
    let two = (cover[best] as f32) <= options.gutter_crossing * n
        && left >= options.column_share * n
        && right >= options.column_share * n;
    two.then(|| x0 + best as f32 / (bins - 1) as f32 * width)
}

/// The lines in reading order: on a two-column page, the left column's lines then the right
/// column's, between full-width lines.
fn reading_order(
    chunks: &[Chunk],
    clusters: &[Cluster],
    gutter: Option<f32>,
) -> Vec<(Vec<usize>, Column)> {
    let Some(g) = gutter else {
        return clusters
            .iter()
            .map(|c| (c.chunks.clone(), Column::Full))
            .collect();
    };
    let mut out = Vec::new();
    let mut left: Vec<Vec<usize>> = Vec::new();
    let mut right: Vec<Vec<usize>> = Vec::new();
    let flush =
        |out: &mut Vec<(Vec<usize>, Column)>, l: &mut Vec<Vec<usize>>, r: &mut Vec<Vec<usize>>| {
            out.extend(l.drain(..).map(|c| (c, Column::Left)));
            out.extend(r.drain(..).map(|c| (c, Column::Right)));
        };
    for cl in clusters {
        let crosses = cl
            .chunks
            .iter()
            .any(|&k| chunks[k].x0 < g && chunks[k].x1 > g);
        if crosses {
            flush(&mut out, &mut left, &mut right);
            out.push((cl.chunks.clone(), Column::Full));
            continue;
        }
        let (l, r): (Vec<usize>, Vec<usize>) = cl.chunks.iter().partition(|&&k| chunks[k].x1 <= g);
        if !l.is_empty() {
            left.push(l);
        }
        if !r.is_empty() {
            right.push(r);
        }
    }
    flush(&mut out, &mut left, &mut right);
    out
}

/// The combining mark for an accent TeX draws as a glyph of its own.
fn combining(accent: &str) -> Option<char> {
    Some(match accent {
        "´" => '\u{301}',
        "`" => '\u{300}',
        "¨" => '\u{308}',
        "ˆ" | "^" => '\u{302}',
        "˜" | "~" => '\u{303}',
        "¸" => '\u{327}',
        "ˇ" => '\u{30c}',
        "˘" => '\u{306}',
        "¯" => '\u{304}',
        "˙" => '\u{307}',
        "˚" => '\u{30a}',
        "˝" => '\u{30b}',
        "˛" => '\u{328}',
        _ => return None,
    })
}

/// Write one line: its glyphs left to right, spaces where the gaps are wide, accents composed.
fn write_line(
    page: &Page,
    chunks: &[Chunk],
    members: &[usize],
    column: Column,
    options: &LayoutOptions,
    out: &mut String,
    placed: &mut Vec<Placed>,
) -> Line {
    let mut glyphs: Vec<usize> = members
        .iter()
        .flat_map(|&k| chunks[k].first..chunks[k].last)
        .collect();
    glyphs.sort_by(|&a, &b| {
        page.glyphs[a]
            .x0
            .total_cmp(&page.glyphs[b].x0)
            .then(a.cmp(&b))
    });
    let (size, y) = dominant(chunks, members);
    let mut w = Writer {
        out,
        start: 0,
        y,
        runs: Vec::new(),
        placed,
    };
    w.start = w.out.len();
    let mut prev: Option<&Glyph> = None;
    let mut skip = None;
    for (n, &gi) in glyphs.iter().enumerate() {
        if skip == Some(n) {
            continue;
        }
        let g = &page.glyphs[gi];
        let mut text = page.glyph_text(g).to_string();
        if let Some(mark) = combining(&text) {
            if let Some(&ni) = glyphs.get(n + 1)
                && overlaps(g, &page.glyphs[ni])
            {
                // An accent over the next letter, drawn before it.
                text = compose(page.glyph_text(&page.glyphs[ni]), mark);
                skip = Some(n + 1);
            } else if prev.is_some_and(|p| overlaps(g, p)) && w.compose_last(mark) {
                // An accent over the letter before it.
                continue;
            }
        }
        if let Some(p) = prev {
            let spaced = w.out.ends_with(' ') || text.starts_with(' ');
            if !spaced && g.x0 - p.x1 > options.word_gap * p.size.min(g.size) {
                w.out.push(' ');
            }
        }
        w.push(g, &text);
        prev = Some(g);
    }
    let (start, runs) = w.finish();
    let mono = monospaced(page, &glyphs, size, options);
    let x0 = members
        .iter()
        .map(|&k| chunks[k].x0)
        .fold(f32::INFINITY, f32::min);
    let x1 = members
        .iter()
        .map(|&k| chunks[k].x1)
        .fold(f32::NEG_INFINITY, f32::max);
    Line {
        start,
        end: out.len(),
        x0,
        x1,
        y,
        size,
        column,
        runs,
        mono,
    }
}

/// Are a line's glyphs of its size all as wide as one another, with enough different
/// letters that it is not chance (digits are as wide as one another in most fonts), and is
/// nearly all of the line in that size (a line number aside)?
fn monospaced(page: &Page, glyphs: &[usize], size: f32, options: &LayoutOptions) -> bool {
    let mut width: Option<f32> = None;
    let mut letters: Vec<&str> = Vec::new();
    let (mut other, mut all) = (0usize, 0usize);
    for &gi in glyphs {
        let g = &page.glyphs[gi];
        let text = page.glyph_text(g);
        if text.trim().is_empty() {
            continue;
        }
        all += 1;
        if (g.size - size).abs() > 0.02 * size {
            other += 1;
            continue;
        }
        let w = g.x1 - g.x0;
        match width {
            None => width = Some(w),
            Some(first) if (w - first).abs() > 0.01 * size => return false,
            Some(_) => {}
        }
        if !text.starts_with(|c: char| c.is_ascii_digit()) && !letters.contains(&text) {
            letters.push(text);
        }
    }
    letters.len() >= options.mono_letters && other as f32 <= options.mono_other * all as f32
}

/// Writes a line's glyphs into the rendition, keeping its style runs and where each glyph went.
struct Writer<'a> {
    out: &'a mut String,
    start: usize,
    /// The line's baseline.
    y: f32,
    runs: Vec<Run>,
    placed: &'a mut Vec<Placed>,
}

impl Writer<'_> {
    fn push(&mut self, g: &Glyph, text: &str) {
        let at = self.out.len();
        self.out.push_str(text);
        let rise = self.y - g.y;
        match self.runs.last_mut() {
            Some(r)
                if (r.size - g.size).abs() <= 0.02 * g.size
                    && (r.rise - rise).abs() < 0.1 * g.size =>
            {
                r.end = self.out.len();
                r.x1 = g.x1;
            }
            _ => self.runs.push(Run {
                start: at,
                end: self.out.len(),
                size: g.size,
                rise,
                x0: g.x0,
                x1: g.x1,
            }),
        }
        self.placed.push(Placed {
            x0: g.x0,
            x1: g.x1,
            y: g.y,
            size: g.size,
            start: at,
            end: self.out.len(),
            unmapped: g.unmapped,
        });
    }

    /// Compose a combining mark with the letter last written, if the last glyph written was
    /// one letter; the glyph's and its run's ends follow.
    fn compose_last(&mut self, mark: char) -> bool {
        let Some(last) = self.placed.last_mut().filter(|p| p.start >= self.start) else {
            return false;
        };
        let letter = &self.out[last.start..last.end];
        if letter.chars().count() != 1 || !letter.starts_with(char::is_alphabetic) {
            return false;
        }
        let composed = compose(letter, mark);
        self.out.truncate(last.start);
        self.out.push_str(&composed);
        last.end = self.out.len();
        if let Some(r) = self.runs.last_mut() {
            r.end = self.out.len();
        }
        true
    }

    /// Trim the spaces drawn at the line's end; the line's start and its runs.
    fn finish(self) -> (usize, Vec<Run>) {
        let trimmed = self.out[self.start..].trim_end().len();
        self.out.truncate(self.start + trimmed);
        let end = self.out.len();
        // Spaces drawn as glyphs at the end are gone: so is their place.
        while self
            .placed
            .last()
            .is_some_and(|p| p.start >= self.start && p.start >= end)
        {
            self.placed.pop();
        }
        if let Some(p) = self.placed.last_mut().filter(|p| p.start >= self.start) {
            p.end = p.end.min(end);
        }
        let mut runs = self.runs;
        for r in &mut runs {
            r.end = r.end.min(end);
        }
        runs.retain(|r| r.end > r.start);
        (self.start, runs)
    }
}

/// Does an accent glyph sit over `base`?
fn overlaps(accent: &Glyph, base: &Glyph) -> bool {
    let centre = (accent.x0 + accent.x1) / 2.0;
    centre >= base.x0 && centre <= base.x1
}

/// A letter and a combining mark, composed where Unicode has the composed letter.
fn compose(base: &str, mark: char) -> String {
    let mut chars = base.chars();
    match (chars.next(), chars.next()) {
        (Some(b), None) if b.is_alphabetic() => {
            // TeX puts accents on a dotless i.
            let b = if b == 'ı' { 'i' } else { b };
            let composer = icu_normalizer::properties::CanonicalCompositionBorrowed::new();
            match composer.compose(b, mark) {
                Some(c) => c.to_string(),
                None => format!("{b}{mark}"),
            }
        }
        _ => format!("{base}{mark}"),
    }
}

/// The size most of a line's glyphs are set in, and the baseline of those glyphs.
fn dominant(chunks: &[Chunk], members: &[usize]) -> (f32, f32) {
    let mut best: Option<(f32, f32, usize)> = None;
    let mut counts: Vec<(f32, f32, usize)> = Vec::new();
    for &k in members {
        let c = &chunks[k];
        let n = c.last - c.first;
        match counts
            .iter_mut()
            .find(|(s, _, _)| (s - c.size).abs() <= 0.02 * c.size)
        {
            Some(e) => e.2 += n,
            None => counts.push((c.size, c.y, n)),
        }
    }
    for e in counts {
        if best.is_none_or(|b| e.2 > b.2 || (e.2 == b.2 && e.0 > b.0)) {
            best = Some(e);
        }
    }
    best.map_or((0.0, 0.0), |(s, y, _)| (s, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page from `(text, x, baseline, size)` runs, one glyph per character, each as wide as
    /// half its size.
    fn page(runs: &[(&str, f32, f32, f32)]) -> Page {
        let mut page = Page::default();
        for &(text, x, y, size) in runs {
            let mut x = x;
            for c in text.chars() {
                let start = page.text.len() as u32;
                page.text.push(c);
                page.glyphs.push(Glyph {
                    start,
                    end: page.text.len() as u32,
                    x0: x,
                    x1: x + size / 2.0,
                    y,
                    size,
                    unmapped: false,
                });
                x += size / 2.0;
            }
        }
        page
    }

    fn lay(page: &Page) -> (String, Vec<Line>) {
        let mut out = String::new();
        let (lines, _) = lay_out(page, &LayoutOptions::default(), &mut out);
        (out, lines)
    }

    #[test]
    fn words_are_spaced_and_a_superscript_joins_its_line() {
        // `years.` then a raised, smaller `1`, a gap, `It`.
        let p = page(&[
            ("years.", 100.0, 700.0, 10.0),
            ("1", 130.0, 696.0, 7.0),
            ("It", 138.0, 700.0, 10.0),
            ("Note", 100.0, 760.0, 8.0),
        ]);
        let (text, lines) = lay(&p);
        assert_eq!(text, "years.1 It\nNote\n");
        let marker = &lines[0].runs[1];
        assert_eq!(&text[marker.start..marker.end], "1");
        assert!(marker.rise > 3.0 && marker.size < 8.0);
        assert_eq!(lines[1].size, 8.0);
    }

    #[test]
    fn a_label_hung_in_the_margin_joins_its_line() {
        // footmisc's `hang`: the raised `1` alone on its baseline, well left of its text.
        let p = page(&[
            ("1", 100.0, 697.2, 6.0),
            ("Turabian, 385.", 115.0, 700.0, 8.0),
        ]);
        let (text, lines) = lay(&p);
        assert_eq!(text, "1 Turabian, 385.\n");
        assert!(lines[0].runs[0].rise > 2.0);
    }

    #[test]
    fn code_is_told_by_its_even_glyphs() {
        let code = page(&[("\\def\\skvname{simplekv}", 100.0, 700.0, 7.0)]);
        assert!(lay(&code).1[0].mono);
        // The same glyphs, one of them narrower: a proportional font.
        let mut prose = page(&[("\\def\\skvname{simplekv}", 100.0, 700.0, 7.0)]);
        prose.glyphs[3].x1 -= 1.0;
        assert!(!lay(&prose).1[0].mono);
        // Digits are as wide as one another in most fonts.
        let figures = page(&[("1950 1951 1952 1953", 100.0, 700.0, 7.0)]);
        assert!(!lay(&figures).1[0].mono);
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut runs = Vec::new();
        for k in 0..12 {
            let y = 100.0 + 12.0 * k as f32;
            runs.push(("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 72.0, y, 10.0));
            runs.push(("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 282.0, y, 10.0));
        }
        let (text, lines) = lay(&page(&runs));
        assert!(lines[..12].iter().all(|l| l.column == Column::Left));
        assert!(lines[12..].iter().all(|l| l.column == Column::Right));
        assert!(text.starts_with("aaaa") && text.trim_end().ends_with("bbbb"));
    }

    #[test]
    fn an_accent_drawn_over_a_letter_is_composed() {
        // TeX's `Cear\'a`: the `a`, then the acute drawn over it.
        let mut p = page(&[("Cear", 100.0, 700.0, 10.0), ("a", 120.0, 700.0, 10.0)]);
        let start = p.text.len() as u32;
        p.text.push('´');
        p.glyphs.push(Glyph {
            start,
            end: p.text.len() as u32,
            x0: 121.0,
            x1: 124.0,
            y: 700.0,
            size: 10.0,
            unmapped: false,
        });
        assert_eq!(lay(&p).0, "Ceará\n");
    }
}
