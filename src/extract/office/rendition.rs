//! The rendition of a word-processor document: the text that positions refer to, and the
//! manuscript read from it.
//!
//! A DOCX or ODT has no lines, so citelint writes one: one line per paragraph of the body in
//! document order (table cells and text boxes included, a text box's paragraphs right after the
//! paragraph that anchors it), then the footnotes and then the endnotes, each note's first
//! line opening with its label as the document prints it. Word's and LibreOffice's numbers are
//! written where the references stand, so the body reads as it prints. Line `k` of the body is
//! paragraph `k - 1`.
//!
//! The format readers (`docx.rs`, `odt.rs`) write into [`Block`]s (the body, and one per note)
//! and record where references, links and reference-manager citations stand as [`Pos`]itions
//! in their block; [`assemble`] lays the blocks out, turns positions into byte offsets and
//! builds the [`Manuscript`]. Nothing here knows XML.

use std::ops::Range;

use crate::model::{
    FileId, Link, ManagedCitation, Manuscript, Note, NoteRef, Problem, ReadProblem, Span,
    fold_whitespace,
};
use crate::text::{numbers, urls};

use super::fields::Managed;

/// A place in a block under construction: a line of the block and a byte offset in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub offset: usize,
}

/// Which block a position is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockId {
    Body,
    /// The note at this index of [`Reading::notes`].
    Note(usize),
}

/// Footnote or endnote: each has its own numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteKind {
    Footnote,
    Endnote,
}

impl NoteKind {
    /// The part of the rendition its notes are in (and the numbering sequence, as
    /// [`NoteRef::section`]).
    fn part(self) -> (&'static str, usize) {
        match self {
            NoteKind::Footnote => ("footnotes", 0),
            NoteKind::Endnote => ("endnotes", 1),
        }
    }
}

/// A note's text at the start of its first line, before anything is written: leading
/// whitespace is dropped, and a custom mark the note repeats (Word writes the mark as the
/// note's first text) is dropped too, since the label already prints it.
#[derive(Debug, Default)]
struct Lead {
    started: bool,
    mark: Option<String>,
}

/// The lines of the body or of one note.
#[derive(Debug, Default)]
pub struct Block {
    lines: Vec<String>,
    /// The paragraphs open, innermost last: indices into `lines`.
    open: Vec<usize>,
    /// A note's first paragraph continues the line its label is on.
    reuse_first: bool,
    lead: Option<Lead>,
}

impl Block {
    /// A note's block: its first line opens with `label`; `mark`, if the note's text starts
    /// with it, is not written again.
    pub fn note(label: &str, mark: Option<String>) -> Block {
        Block {
            lines: vec![label.to_string()],
            open: Vec::new(),
            reuse_first: true,
            lead: Some(Lead {
                started: false,
                mark,
            }),
        }
    }

    /// A paragraph starts: its text goes on a new line (a nested paragraph's too, after the
    /// lines already started).
    pub fn start_paragraph(&mut self) {
        if std::mem::take(&mut self.reuse_first) {
            self.open.push(0);
            return;
        }
        self.lines.push(String::new());
        self.open.push(self.lines.len() - 1);
    }

    pub fn end_paragraph(&mut self) {
        self.open.pop();
    }

    /// How many paragraphs have started.
    pub fn paragraphs(&self) -> usize {
        self.lines.len()
    }

    /// The line text goes to: the innermost open paragraph, else the last line.
    fn line(&mut self) -> usize {
        if let Some(&line) = self.open.last() {
            return line;
        }
        if self.lines.is_empty() || self.reuse_first {
            self.start_paragraph();
            self.open.pop();
        }
        self.lines.len() - 1
    }

    /// Where the next text goes.
    pub fn pos(&self) -> Pos {
        let line = match self.open.last() {
            Some(&line) => line,
            None => self.lines.len().saturating_sub(1),
        };
        Pos {
            line,
            offset: self.lines.get(line).map_or(0, String::len),
        }
    }

    /// Write `text`, with line breaks and tabs as spaces; returns where it went.
    pub fn push(&mut self, text: &str) -> Range<Pos> {
        let mut text = text;
        if let Some(lead) = &mut self.lead
            && !lead.started
        {
            text = text.trim_start();
            if let Some(mark) = lead.mark.take()
                && let Some(rest) = text.strip_prefix(mark.as_str())
            {
                text = rest.trim_start();
            }
            if text.is_empty() {
                let at = self.pos();
                return at..at;
            }
            lead.started = true;
            let line = self.line();
            self.lines[line].push(' ');
        }
        let line = self.line();
        let start = self.lines[line].len();
        let buffer = &mut self.lines[line];
        buffer.extend(text.chars().map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        }));
        let end = buffer.len();
        Pos {
            line,
            offset: start,
        }..Pos { line, offset: end }
    }
}

/// A note as a reader found it.
#[derive(Debug)]
pub struct NoteBlock {
    pub kind: NoteKind,
    /// The document's id for it (`w:id`, `text:id`).
    pub id: String,
    /// Its label as printed; `None` when no reference points to it.
    pub label: Option<String>,
    pub block: Block,
}

impl NoteBlock {
    /// A note labelled `label` (`None`: no reference points to it); `mark` is a custom mark
    /// the note's text may repeat at its start.
    pub fn new(kind: NoteKind, id: String, label: Option<String>, mark: Option<String>) -> Self {
        let mut note = NoteBlock {
            kind,
            id,
            label,
            block: Block::default(),
        };
        note.block = Block::note(&note.printed_label(), mark);
        note
    }

    /// The label its first line opens with: as printed, or `id N` for a note that no
    /// reference points to (nothing prints it; the document's id finds it).
    pub fn printed_label(&self) -> String {
        match &self.label {
            Some(label) => label.clone(),
            None => format!("id {}", self.id),
        }
    }
}

/// A note reference in the body.
#[derive(Debug)]
pub struct RefAt {
    pub kind: NoteKind,
    /// The id of the note it points to.
    pub id: String,
    pub label: String,
    /// Where its label is printed in the body.
    pub at: Range<Pos>,
}

/// A link whose target is not the text it shows (`w:hyperlink`, a `HYPERLINK` field,
/// `text:a`).
#[derive(Debug)]
pub struct LinkAt {
    pub block: BlockId,
    pub at: Range<Pos>,
    pub target: String,
}

/// A reference-manager citation and the text it shows.
#[derive(Debug)]
pub struct ManagedAt {
    pub block: BlockId,
    pub at: Range<Pos>,
    pub citation: Managed,
}

/// Where reading a part stopped.
#[derive(Debug)]
pub struct DamageAt {
    pub block: BlockId,
    pub at: Pos,
    pub message: String,
}

/// Everything a reader found, positions in blocks.
#[derive(Debug, Default)]
pub struct Reading {
    pub body: Block,
    /// The notes, in the order the document stores them.
    pub notes: Vec<NoteBlock>,
    /// The references, in body order.
    pub refs: Vec<RefAt>,
    pub links: Vec<LinkAt>,
    pub managed: Vec<ManagedAt>,
    pub damage: Vec<DamageAt>,
}

impl Reading {
    pub fn block(&mut self, id: BlockId) -> &mut Block {
        match id {
            BlockId::Body => &mut self.body,
            BlockId::Note(k) => &mut self.notes[k].block,
        }
    }
}

/// The rendition and what was read from it (every span in file 0).
#[derive(Debug)]
pub struct Assembled {
    pub text: String,
    pub parts: Vec<(usize, &'static str)>,
    pub manuscript: Manuscript,
}

/// The text's layout: where each line of each block starts.
struct Layout {
    body: Vec<usize>,
    notes: Vec<Vec<usize>>,
}

impl Layout {
    fn offset(&self, block: BlockId, pos: Pos) -> usize {
        let starts = match block {
            BlockId::Body => &self.body,
            BlockId::Note(k) => &self.notes[k],
        };
        starts.get(pos.line).map_or(0, |s| s + pos.offset)
    }
}

fn span(range: Range<usize>) -> Span {
    Span::new(FileId::default(), range)
}

/// The order notes are written in: footnotes, then endnotes; within each, the referenced ones
/// in the order of their first reference, then the others in the document's order.
fn note_order(reading: &Reading) -> Vec<usize> {
    let first_ref = |n: &NoteBlock| {
        reading
            .refs
            .iter()
            .position(|r| r.kind == n.kind && r.id == n.id)
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..reading.notes.len()).collect();
    order.sort_by_key(|&k| (reading.notes[k].kind, first_ref(&reading.notes[k]), k));
    order
}

/// A note block with no text after its label.
fn is_empty(note: &NoteBlock) -> bool {
    note.block.lead.as_ref().is_none_or(|l| !l.started)
}

/// Lay the blocks out into one text and build the manuscript.
pub fn assemble(mut reading: Reading) -> Assembled {
    // A note with no text and no reference prints nothing (a note deleted with its reference).
    let order: Vec<usize> = note_order(&reading)
        .into_iter()
        .filter(|&k| reading.notes[k].label.is_some() || !is_empty(&reading.notes[k]))
        .collect();
    let mut text = String::new();
    let mut parts = vec![(0, "body")];
    let body = write_lines(&mut text, &reading.body.lines);
    let mut notes = vec![Vec::new(); reading.notes.len()];
    for &k in &order {
        let (part, _) = reading.notes[k].kind.part();
        if parts.last().is_some_and(|(_, p)| *p != part) {
            parts.push((text.len(), part));
        }
        notes[k] = write_lines(&mut text, &reading.notes[k].block.lines);
    }
    let layout = Layout { body, notes };
    let mut m = Manuscript {
        refs: refs(&reading, &layout),
        ..Manuscript::default()
    };
    m.notes = order
        .iter()
        .filter_map(|&k| note(&reading.notes[k], &layout.notes[k]))
        .collect();
    m.links = links(&reading, &layout, &text);
    m.managed = std::mem::take(&mut reading.managed)
        .into_iter()
        .map(|c| managed(c, &layout, &text))
        .collect();
    m.problems = reading
        .damage
        .iter()
        .map(|d| damaged(d, &layout, &text))
        .collect();
    Assembled {
        text,
        parts,
        manuscript: m,
    }
}

/// Append `lines`, each ending in a line break; returns where each starts.
fn write_lines(text: &mut String, lines: &[String]) -> Vec<usize> {
    lines
        .iter()
        .map(|line| {
            let start = text.len();
            text.push_str(line);
            text.push('\n');
            start
        })
        .collect()
}

/// The references, each numbering sequence in text order (footnotes, then endnotes: they are
/// numbered apart, and a reference's number follows the last of its own sequence). A label
/// printed again in its sequence (a custom mark repeating a number) is not a step of the
/// numbering.
fn refs(reading: &Reading, layout: &Layout) -> Vec<NoteRef> {
    let mut refs: Vec<NoteRef> = Vec::new();
    for r in reading.refs.iter().filter(|r| !r.label.is_empty()) {
        let (_, section) = r.kind.part();
        let repeat = refs
            .iter()
            .any(|p| p.section == section && p.label == r.label);
        let start = layout.offset(BlockId::Body, r.at.start);
        let end = layout.offset(BlockId::Body, r.at.end);
        refs.push(NoteRef {
            label: r.label.clone(),
            number: numbers::label_number(&r.label),
            span: span(start..end),
            repeat,
            section,
        });
    }
    refs.sort_by_key(|r| (r.section, r.span.start));
    refs
}

/// The note of a block: its text is its lines after the label, trimmed and joined by spaces.
/// A note with no text is none: its reference is a reference to nothing (`N001`).
fn note(n: &NoteBlock, starts: &[usize]) -> Option<Note> {
    let first = *starts.first()?;
    let label = n.printed_label();
    let label_span = span(first..first + n.block.lines[0].len().min(label.len()));
    let mut note_text = String::new();
    let mut text_map = Vec::new();
    let mut bounds: Option<Range<usize>> = None;
    for (k, &start) in starts.iter().enumerate() {
        let skip = if k == 0 { label.len() } else { 0 };
        let line = &n.block.lines[k];
        let Some(content) = line.get(skip..) else {
            continue;
        };
        let trimmed = content.trim();
        if trimmed.is_empty() {
            continue;
        }
        let at = start + skip + (content.len() - content.trim_start().len());
        if !note_text.is_empty() {
            note_text.push(' ');
        }
        text_map.push((note_text.len(), at));
        note_text.push_str(trimmed);
        let range = bounds.get_or_insert(at..at);
        range.end = at + trimmed.len();
    }
    let bounds = bounds?;
    let (_, section) = n.kind.part();
    Some(Note {
        number: numbers::label_number(&label),
        label,
        label_span,
        text_span: span(bounds),
        text: note_text,
        section,
        text_map,
        citations: Vec::new(),
    })
}

/// A range of positions as a byte range, whitespace trimmed off both ends.
fn trimmed(layout: &Layout, block: BlockId, at: &Range<Pos>, text: &str) -> Range<usize> {
    let start = layout.offset(block, at.start);
    let end = layout.offset(block, at.end).max(start);
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let kept = raw.trim().len();
    start + lead..start + lead + kept
}

/// A link target worth checking: an address with a scheme (not `#…` inside the document, nor a
/// path relative to it).
pub fn external(target: &str) -> bool {
    url::Url::parse(target).is_ok() || target.contains("://")
}

/// The explicit links, then the URLs written out in each line (not inside an explicit link).
fn links(reading: &Reading, layout: &Layout, text: &str) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    for l in reading.links.iter().filter(|l| external(&l.target)) {
        let range = trimmed(layout, l.block, &l.at, text);
        out.push(explicit_link(text, range, &l.target));
    }
    let mut taken: Vec<Range<usize>> = out.iter().map(|l| l.span.range()).collect();
    taken.sort_by_key(|r| r.start);
    // A reference's label is written right after the text it follows: never part of a URL.
    let mut labels: Vec<usize> = reading
        .refs
        .iter()
        .map(|r| layout.offset(BlockId::Body, r.at.start))
        .collect();
    labels.sort_unstable();
    let starts = layout.body.iter().chain(layout.notes.iter().flatten());
    for &start in starts {
        let end = start + text[start..].find('\n').unwrap_or(text.len() - start);
        let line = &text[start..end];
        let skip: Vec<Range<usize>> = taken
            .iter()
            .filter(|r| r.start >= start && r.end <= end)
            .map(|r| r.start - start..r.end - start)
            .collect();
        for mut link in urls::find_links(line, &skip) {
            let k = labels.partition_point(|&l| l <= start + link.span.start);
            if let Some(&label) = labels.get(k).filter(|&&l| l < start + link.span.end) {
                let from = link.span.start;
                let end = from + urls::trimmed_len(&line[from..label - start]);
                if end <= from {
                    continue;
                }
                link = urls::exact_link(line, from..end);
            }
            link.span = link
                .span
                .with_range(link.span.start + start..link.span.end + start);
            for p in &mut link.pieces {
                *p = p.with_range(p.start + start..p.end + start);
            }
            out.push(link);
        }
    }
    out.sort_by_key(|l| (l.span.start, l.span.end));
    out
}

/// A link to `target` shown as `text[range]`.
fn explicit_link(text: &str, range: Range<usize>, target: &str) -> Link {
    let shown = text[range.clone()].to_string();
    Link {
        text: shown.clone(),
        span: span(range.clone()),
        target: target.to_string(),
        parsed: url::Url::parse(target).map_err(|e| e.to_string()),
        repaired: false,
        joined: target.to_string(),
        pieces: vec![span(range)],
        shown: Some(shown),
    }
}

fn managed(c: ManagedAt, layout: &Layout, text: &str) -> ManagedCitation {
    let range = trimmed(layout, c.block, &c.at, text);
    let managed = c.citation;
    ManagedCitation {
        manager: managed.manager,
        visible: fold_whitespace(&text[range.clone()]),
        span: span(range),
        generated: managed.generated.as_deref().map(fold_whitespace),
        works: managed.works,
    }
}

/// A part that stopped parsing, shown on the line where it stopped.
fn damaged(d: &DamageAt, layout: &Layout, text: &str) -> ReadProblem {
    let at = layout.offset(d.block, d.at).min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
    let line_end = at + text[at..].find('\n').unwrap_or(text.len() - at);
    ReadProblem {
        kind: Problem::Damaged,
        span: span(line_start..line_end),
        message: d.message.clone(),
        help: "open the document in Word or LibreOffice and save it again; if it does not open, restore it from a backup".to_string(),
    }
}
