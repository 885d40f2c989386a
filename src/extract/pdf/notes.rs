//! Markers, footnotes and endnotes from the laid-out lines; the reader's documentation (in
//! `pdf/mod.rs`) gives the rules, in order.

use std::collections::HashMap;

use super::lines::{Column, Line};
use super::{LayoutOptions, PageLayout};
use crate::model::{FileId, Manuscript, Note, NoteRef, Span};
use crate::text::numbers::label_number;

/// What a line is to the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading,
    /// A page number, a running head or foot.
    Furniture,
    /// A line of a page's footnote block.
    Foot,
    /// A line of a list of endnotes.
    End,
}

/// A line of the document: page and index in the page's lines.
type At = (usize, usize);

/// The document being read: its text, laid-out pages, and what each line is.
pub struct Doc<'a> {
    pub text: &'a str,
    pub pages: &'a [PageLayout],
    pub options: &'a LayoutOptions,
    /// The size most of the text is set in.
    pub body: f32,
    pub roles: Vec<Vec<Role>>,
}

impl Doc<'_> {
    pub fn line(&self, (p, i): At) -> &Line {
        &self.pages[p].lines[i]
    }

    pub fn line_text(&self, at: At) -> &str {
        let l = self.line(at);
        &self.text[l.start..l.end]
    }

    /// Every line, in reading order.
    pub fn all(&self) -> impl Iterator<Item = At> + '_ {
        self.pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| (0..page.lines.len()).map(move |i| (p, i)))
    }
}

/// A note found, before pairing.
#[derive(Debug, Clone)]
pub struct Found {
    pub label: String,
    pub label_span: std::ops::Range<usize>,
    pub pieces: Vec<std::ops::Range<usize>>,
    pub page: usize,
    /// Which list it is in: footnotes (`false`) or endnotes.
    pub endnote: bool,
    /// It opens a chapter: set under a heading, or the first of its page after one.
    pub after_heading: bool,
}

/// A marker found in the body.
#[derive(Debug, Clone)]
pub struct Marker {
    pub label: String,
    pub span: std::ops::Range<usize>,
    pub page: usize,
    /// The glyph before it is a letter (`word2`): an exponent as often as a marker.
    pub after_letter: bool,
}

/// Find the markers and notes of a laid-out document.
///
/// When `trusted` is false (the pages were rebuilt from a damaged file, or most glyphs have no
/// Unicode map), the layout is described but no note or marker is read: the links alone are.
pub fn find(
    text: &str,
    pages: &[PageLayout],
    options: &LayoutOptions,
    links: Vec<crate::model::Link>,
    trusted: bool,
) -> (Manuscript, String) {
    let body = body_size(pages);
    let mut doc = Doc {
        text,
        pages,
        options,
        body,
        roles: pages
            .iter()
            .map(|p| vec![Role::Body; p.lines.len()])
            .collect(),
    };
    mark_headings(&mut doc);
    super::furniture::mark(&mut doc);
    let mut found = super::endnotes::find(&mut doc);
    mark_footnote_blocks(&mut doc);
    found.extend(footnotes(&doc));
    found.sort_by_key(|f| f.label_span.start);
    let mut markers = markers(&doc);
    let headless = super::endnotes::find_headless(&mut doc, &found, &markers);
    if !headless.is_empty() {
        found.extend(headless);
        found.sort_by_key(|f| f.label_span.start);
        markers = self::markers(&doc);
    }
    let description = if options.describe {
        describe(&doc)
    } else {
        String::new()
    };
    if !trusted {
        let manuscript = Manuscript {
            links,
            ..Manuscript::default()
        };
        return (manuscript, description);
    }
    // Where a link goes on at the next line: a note's text joins its lines there with no space.
    let mut glue: Vec<usize> = links
        .iter()
        .flat_map(|l| l.pieces.iter().rev().skip(1).map(|p| p.end))
        .collect();
    glue.sort_unstable();
    let mut manuscript = pair(&doc, found, markers, &glue);
    manuscript.links = cut_markers_from_links(text, links, &manuscript.refs);
    (manuscript, description)
}

/// A URL found in the text ends before a marker glued to it (`readingroom.4`).
fn cut_markers_from_links(
    text: &str,
    mut links: Vec<crate::model::Link>,
    refs: &[NoteRef],
) -> Vec<crate::model::Link> {
    for r in refs {
        let idx = links.partition_point(|l| l.span.end < r.span.end);
        if let Some(l) = links.get_mut(idx)
            && l.span.end == r.span.end
            && l.span.start < r.span.start
            && l.shown.is_none()
        {
            *l = crate::text::urls::truncate(text, l, r.span.start);
        }
    }
    links.retain(|l| !l.span.is_empty());
    links
}

/// The size most characters in the upper halves of the pages are set in (rounded to a tenth of
/// a point): footnotes fill the lower halves, and on a short document they can outweigh the
/// body.
fn body_size(pages: &[PageLayout]) -> f32 {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for page in pages {
        // Code is often set smaller than the text, and a manual can hold more code than text.
        for line in page
            .lines
            .iter()
            .filter(|l| l.y <= page.height / 2.0 && !l.mono)
        {
            for run in &line.runs {
                *counts.entry((run.size * 10.0).round() as u32).or_default() += run.end - run.start;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map_or(10.0, |(size, _)| size as f32 / 10.0)
}

fn mark_headings(doc: &mut Doc<'_>) {
    let threshold = doc.options.heading * doc.body;
    for (p, page) in doc.pages.iter().enumerate() {
        for (i, line) in page.lines.iter().enumerate() {
            if line.size >= threshold {
                doc.roles[p][i] = Role::Heading;
            }
        }
    }
}

/// A label as notes print them: 1-3 digits, a Roman numeral, a single lowercase letter, or
/// note symbols (`*`, `∗`, `**`, `†`, `‡‡`).
pub fn is_label(text: &str) -> bool {
    let symbols = !text.is_empty()
        && text.chars().count() <= 3
        && text
            .chars()
            .all(|c| matches!(c, '*' | '∗' | '†' | '‡' | '§' | '¶' | '‖' | '#'))
        && text.chars().all(|c| text.starts_with(c));
    let letter = text.len() == 1 && text.bytes().all(|b| b.is_ascii_lowercase());
    symbols || letter || label_number(text).is_some()
}

/// A label opening a line, and where the text after it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub label: std::ops::Range<usize>,
    pub body: usize,
    /// Set as a superscript (else at the line's height).
    pub raised: bool,
}

/// Where a line's label ends and its text starts, if it opens with one: a raised run, or a
/// label at normal height followed by `.`, `)` or a space, then the text (not a number: table
/// rows open with numbers too), unless the line is code and its number stands alone: a line
/// number.
pub fn opening_label(doc: &Doc<'_>, line: &Line) -> Option<Opening> {
    let text = &doc.text[line.start..line.end];
    let first = line.runs.first()?;
    let raised = first.rise >= doc.options.min_rise * line.size
        && first.size <= doc.options.small * line.size
        && first.start == line.start;
    if raised {
        let label = doc.text[first.start..first.end].trim();
        if is_label(label) {
            let rest = &doc.text[first.end..line.end];
            let body = first.end + (rest.len() - rest.trim_start().len());
            return Some(Opening {
                label: first.start..first.start + label.len(),
                body,
                raised: true,
            });
        }
    }
    let token_len = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == '.' || c == ')')
        .map_or(text.len(), |(i, _)| i);
    let label = &text[..token_len];
    if !is_label(label) {
        return None;
    }
    let rest = &text[token_len..];
    let punctuated = rest.starts_with(['.', ')']);
    // A listing's line numbers (`12 \def\x`) are not labels; a note may be a URL (`2. http:`).
    if line.mono && !punctuated {
        return None;
    }
    let rest = rest.strip_prefix(['.', ')']).unwrap_or(rest);
    let trimmed = rest.trim_start();
    let spaced = trimmed.len() < rest.len();
    // `3 14` opens a table's row; `124. 2 Kings` a note (its numbering is checked after).
    let figures = trimmed.starts_with(|c: char| c.is_ascii_digit());
    if !spaced || trimmed.is_empty() || figures && !punctuated {
        return None;
    }
    Some(Opening {
        label: line.start..line.start + token_len,
        body: line.end - trimmed.len(),
        raised: false,
    })
}

/// Mark each page's footnote block, column by column.
fn mark_footnote_blocks(doc: &mut Doc<'_>) {
    for p in 0..doc.pages.len() {
        for column in [Column::Full, Column::Left, Column::Right] {
            let lines: Vec<usize> = (0..doc.pages[p].lines.len())
                .filter(|&i| doc.pages[p].lines[i].column == column)
                .filter(|&i| matches!(doc.roles[p][i], Role::Body | Role::Heading))
                .collect();
            if let Some(from) = block_start(doc, p, &lines) {
                for &i in &lines[from..] {
                    doc.roles[p][i] = Role::Foot;
                }
            }
        }
    }
}

/// Where the footnote block starts among `lines` (one column of page `p`, top to bottom): under
/// a short rule whose next line opens with a label and is no heading (or under a rule above no
/// heading, carrying on the block of the page before); else the small lines at the foot, when
/// the first opens with a label and body text stands above them, or when the whole page
/// carries on the block before.
fn block_start(doc: &Doc<'_>, p: usize, lines: &[usize]) -> Option<usize> {
    let page = &doc.pages[p];
    let line = |k: usize| &page.lines[lines[k]];
    let small = |k: usize| line(k).size <= doc.options.footnote_size * doc.body;
    // A heading opening with its number (`5 The code`) under a rule does not open a block.
    let heading = doc.options.heading * doc.body;
    let opens = |k: usize| line(k).size < heading && opening_label(doc, line(k)).is_some();
    let x0 = lines
        .iter()
        .map(|&i| page.lines[i].x0)
        .fold(f32::INFINITY, f32::min);
    let x1 = lines
        .iter()
        .map(|&i| page.lines[i].x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let carried = doc_continues(doc, p);
    for k in 1..lines.len() {
        let (above, below) = (line(k - 1), line(k));
        let rule = page.rules.iter().find(|r| {
            let width = r.x1 - r.x0;
            r.x0 >= x0 - doc.body
                && r.x1 <= x1 + doc.body
                && r.y > above.y
                && r.y < below.y - below.size * 0.5
                && (width <= doc.options.rule_width * (x1 - x0)
                    || (carried && !opens(k) && (k..lines.len()).all(small)))
        });
        // A page carrying on the notes of the page before has no heading under its rule.
        let no_heading = || (k..lines.len()).all(|j| line(j).size < heading);
        if rule.is_some() && (opens(k) || carried && no_heading()) {
            return Some(k);
        }
    }
    let mut from = lines.len();
    while from > 0 && small(from - 1) {
        from -= 1;
    }
    if from == lines.len() {
        return None;
    }
    let has_body_above = (0..from).any(|k| !small(k));
    if (has_body_above && opens(from)) || (from == 0 && carried) {
        Some(from)
    } else {
        None
    }
}

/// Does the page before end in a footnote block (furniture aside), which this page's block may
/// carry on?
fn doc_continues(doc: &Doc<'_>, p: usize) -> bool {
    p > 0
        && doc.roles[p - 1]
            .iter()
            .rev()
            .find(|&&r| r != Role::Furniture)
            .is_some_and(|&r| r == Role::Foot)
}

/// The notes of the footnote blocks, in page order; a block's first lines without a label
/// continue the last note of the page before.
fn footnotes(doc: &Doc<'_>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut open: Option<Found> = None;
    let mut heading_seen = false;
    // Whether the document's footnotes print raised labels: once the first note says so, a
    // line opening with a number at normal height (`3 February 2023, …`) continues a note.
    let mut raised_labels: Option<bool> = None;
    for at in doc.all() {
        let role = doc.roles[at.0][at.1];
        if role == Role::Heading {
            heading_seen = true;
        }
        if role != Role::Foot {
            continue;
        }
        let line = doc.line(at);
        let last = open
            .as_ref()
            .or(out.last())
            .and_then(|f| label_number(&f.label));
        // A document may change its notes' style (`13.` set full size after raised labels):
        // a label with a full stop that goes on from the last note still opens one.
        let goes_on = |o: &Opening| {
            doc.text[o.label.end..].starts_with('.')
                && label_number(&doc.text[o.label.clone()])
                    .zip(last)
                    .is_some_and(|(n, l)| n == l + 1)
        };
        // Numbering restarts on a new page, not inside a block (`1 (1981): 83–87.` continues).
        let on_this_page = open.as_ref().is_some_and(|f| f.page == at.0);
        let restarts_inside = |o: &Opening| {
            on_this_page
                && last.is_some_and(|l| l > 1)
                && label_number(&doc.text[o.label.clone()]) == Some(1)
        };
        let opening = opening_label(doc, line)
            .filter(|o| raised_labels.is_none_or(|r| r == o.raised) || goes_on(o))
            .filter(|o| o.raised || fits(doc.text, o, last) && !restarts_inside(o));
        match opening {
            Some(o) => {
                raised_labels.get_or_insert(o.raised);
                out.extend(open.take());
                open = Some(Found {
                    label: doc.text[o.label.clone()].to_string(),
                    label_span: o.label,
                    pieces: std::iter::once(o.body..line.end).collect(),
                    page: at.0,
                    endnote: false,
                    after_heading: std::mem::take(&mut heading_seen),
                });
            }
            None => {
                if let Some(note) = open.as_mut() {
                    note.pieces.push(line.start..line.end);
                }
            }
        }
    }
    out.extend(open);
    out
}

/// Does a label at normal height continue the numbering (`last` + 1, or a restart at 1)? A
/// symbol always may; a letter may where no number goes before (after note 12, a line opening
/// with `a` is a line opening with a word).
pub fn fits(text: &str, o: &Opening, last: Option<u32>) -> bool {
    let label = &text[o.label.clone()];
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase());
    match label_number(label) {
        Some(n) if label.bytes().all(|b| b.is_ascii_digit()) => {
            n == 1 || last.is_some_and(|l| n == l + 1)
        }
        Some(n) => n == 1 || last.is_some_and(|l| n == l + 1) || letter && last.is_none(),
        None => !letter || last.is_none(),
    }
}

/// The markers of the body, in reading order: short raised runs, smaller than their line.
fn markers(doc: &Doc<'_>) -> Vec<Marker> {
    let mut out = Vec::new();
    for at in doc.all() {
        if !matches!(doc.roles[at.0][at.1], Role::Body | Role::Heading) {
            continue;
        }
        let line = doc.line(at);
        for (k, run) in line.runs.iter().enumerate() {
            let raised = run.rise >= doc.options.min_rise * line.size
                && run.size <= doc.options.small * line.size;
            if !raised {
                continue;
            }
            let before = doc.text[line.start..run.start].chars().next_back();
            let after = doc.text[run.end..line.end].chars().next();
            let glued_letters = |c: Option<char>| c.is_some_and(char::is_alphabetic);
            let text = &doc.text[run.start..run.end];
            let lettered = text.chars().any(char::is_alphabetic);
            // `1st`, `Mme`: letters raised inside a word are not markers.
            if lettered && (glued_letters(before) && k > 0 || glued_letters(after)) {
                continue;
            }
            let mut at_byte = run.start;
            for part in text.split(',') {
                let label = part.trim();
                let offset = at_byte + (part.len() - part.trim_start().len());
                at_byte += part.len() + 1;
                if is_label(label) {
                    out.push(Marker {
                        label: label.to_string(),
                        span: offset..offset + label.len(),
                        page: at.0,
                        after_letter: glued_letters(before),
                    });
                }
            }
        }
    }
    out
}

/// Pair markers with notes, assign numbering sequences, and build the model.
fn pair(doc: &Doc<'_>, found: Vec<Found>, markers: Vec<Marker>, glue: &[usize]) -> Manuscript {
    let sections = super::sequence::sections(&found);
    let refs = super::sequence::refs(&found, &sections, &markers);
    let notes = found
        .iter()
        .zip(&sections)
        .map(|(f, &section)| note(doc.text, f, section, glue))
        .collect();
    Manuscript {
        refs: refs
            .into_iter()
            .map(|(m, section)| NoteRef {
                number: label_number(&m.label),
                label: m.label,
                span: Span::new(FileId::default(), m.span),
                repeat: false,
                section,
            })
            .collect(),
        notes,
        ..Manuscript::default()
    }
}

/// A note of the model from its pieces: line breaks folded into spaces, a word broken by a
/// hyphen at a line end joined again (unless it looks like part of a URL).
fn note(text: &str, f: &Found, section: usize, glue: &[usize]) -> Note {
    let mut joined = String::new();
    let mut map = Vec::new();
    let mut glued = false;
    for piece in &f.pieces {
        let piece_text = text[piece.clone()].trim_end();
        if piece_text.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            let last_word = joined.rsplit(' ').next().unwrap_or("");
            let hyphenated = last_word.len() > 1
                && last_word.ends_with('-')
                && last_word[..last_word.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_lowercase)
                && !last_word.contains(['/', '.', ':'])
                && piece_text.chars().next().is_some_and(char::is_lowercase);
            if hyphenated && !glued {
                joined.pop();
            } else if !glued {
                joined.push(' ');
            }
        }
        map.push((joined.len(), piece.start));
        joined.push_str(piece_text);
        glued = glue
            .binary_search(&(piece.start + piece_text.len()))
            .is_ok();
    }
    let text_span = match (f.pieces.first(), f.pieces.last()) {
        (Some(a), Some(b)) => a.start..b.end.max(a.start),
        _ => f.label_span.end..f.label_span.end,
    };
    Note {
        number: label_number(&f.label),
        label: f.label.clone(),
        label_span: Span::new(FileId::default(), f.label_span.clone()),
        text_span: Span::new(FileId::default(), text_span),
        text: joined,
        section,
        text_map: map,
        citations: Vec::new(),
    }
}

/// One line per line of the document: its page, role, column (and `mono` for code), baseline, size, left and right
/// edges, text and runs (`size/rise`); then the rules. For tuning the layout analysis
/// (`cargo run --example pdf_layout -- thesis.pdf`).
pub fn describe(doc: &Doc<'_>) -> String {
    use std::fmt::Write;
    let mut out = format!("body size {}\n", doc.body);
    for at in doc.all() {
        let l = doc.line(at);
        let runs: Vec<String> = l
            .runs
            .iter()
            .map(|r| format!("{:.1}/{:.1}", r.size, r.rise))
            .collect();
        let text: String = doc.text[l.start..l.end].chars().take(60).collect();
        let _ = writeln!(
            out,
            "p{} {:?} {:?}{} y={:.1} s={:.1} x={:.1}-{:.1} | {text} | {}",
            at.0 + 1,
            doc.roles[at.0][at.1],
            l.column,
            if l.mono { " mono" } else { "" },
            l.y,
            l.size,
            l.x0,
            l.x1,
            runs.join(" ")
        );
    }
    for (p, page) in doc.pages.iter().enumerate() {
        for r in &page.rules {
            let _ = writeln!(
                out,
                "p{} rule y={:.1} x={:.1}-{:.1}",
                p + 1,
                r.y,
                r.x0,
                r.x1
            );
        }
    }
    out
}
