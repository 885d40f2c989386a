//! OpenDocument text (ODT): `content.xml`, whose notes stand inline where they are referenced.
//!
//! What is read:
//! - paragraphs and headings (`text:p`, `text:h`) anywhere in the body: lists, tables, sections,
//!   text boxes (`draw:frame`/`draw:text-box`, whose paragraphs follow the paragraph that
//!   anchors them); spaces (`text:s`), tabs and line breaks as spaces;
//! - notes (`text:note`): the label is the `text:note-citation` as the document stores it
//!   (LibreOffice writes the number it prints; `text:label` holds a custom mark), footnotes and
//!   endnotes by `text:note-class`, the text from `text:note-body`;
//! - links (`text:a xlink:href`) and URLs written out;
//! - Zotero citations: a reference mark named `ZOTERO_ITEM CSL_CITATION {…}`, or a bookmark
//!   `ZOTERO_BREF_…` whose code is in `meta.xml`'s user-defined properties, as Zotero's
//!   LibreOffice plugin writes them.
//!
//! Not read: tracked deletions (`text:tracked-changes` holds them; the text is read as it stands
//! with the changes accepted), comments (`office:annotation`), frame titles and descriptions,
//! links inside the document (`#…`).

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::fields;
use super::package::Package;
use super::rendition::{
    BlockId, DamageAt, LinkAt, ManagedAt, NoteBlock, NoteKind, Pos, Reading, RefAt, external,
};
use super::xml::{self, Visitor, attr};
use super::{Refusal, package_error};

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const SVG: &str = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

/// The most spaces one `text:s` writes (its count is the document's to choose).
const MAX_SPACES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `office:text`: the body.
    Body,
    P,
    Note,
    Citation,
    NoteBody,
    A,
    Spaces,
    Space,
    MarkStart,
    MarkEnd,
    Skipped,
    Other,
}

fn tag(ns: &str, local: &str) -> Tag {
    match (ns, local) {
        (OFFICE, "text") => Tag::Body,
        (OFFICE, "annotation") => Tag::Skipped,
        (SVG, "title" | "desc") => Tag::Skipped,
        (TEXT, "p" | "h") => Tag::P,
        (TEXT, "note") => Tag::Note,
        (TEXT, "note-citation") => Tag::Citation,
        (TEXT, "note-body") => Tag::NoteBody,
        (TEXT, "a") => Tag::A,
        (TEXT, "s") => Tag::Spaces,
        (TEXT, "tab" | "line-break") => Tag::Space,
        (TEXT, "reference-mark-start" | "bookmark-start") => Tag::MarkStart,
        (TEXT, "reference-mark-end" | "bookmark-end") => Tag::MarkEnd,
        (TEXT, "tracked-changes" | "sequence-decls" | "variable-decls") => Tag::Skipped,
        _ => Tag::Other,
    }
}

/// A note being read: its id and kind, then its label once its citation is read.
#[derive(Debug)]
struct OpenNote {
    id: String,
    kind: NoteKind,
    citation: String,
    custom: Option<String>,
    /// The block text went to before the note.
    outer: Option<BlockId>,
    /// Inside another note: not a note of its own.
    nested: bool,
}

/// A Zotero mark being read.
#[derive(Debug)]
struct OpenMark {
    name: String,
    block: BlockId,
    start: Pos,
}

struct Walker<'a> {
    reading: &'a mut Reading,
    properties: &'a HashMap<String, String>,
    /// Where text goes; `None` outside the body.
    block: Option<BlockId>,
    stack: Vec<Tag>,
    skipped: usize,
    notes: Vec<OpenNote>,
    /// Open links: target (if checkable) and where each starts.
    links: Vec<(Option<String>, BlockId, Pos)>,
    marks: Vec<OpenMark>,
}

impl Walker<'_> {
    fn emit(&mut self, text: &str) {
        if self.skipped > 0 {
            return;
        }
        if self.stack.contains(&Tag::Citation) {
            if let Some(n) = self.notes.last_mut() {
                n.citation.push_str(text);
            }
            return;
        }
        if let Some(b) = self.block {
            self.reading.block(b).push(text);
        }
    }

    fn pos(&mut self) -> Option<(BlockId, Pos)> {
        let b = self.block?;
        Some((b, self.reading.block(b).pos()))
    }

    fn start_note(&mut self, e: &BytesStart<'_>) {
        let kind = match attr(e, "note-class").as_deref() {
            Some("endnote") => NoteKind::Endnote,
            _ => NoteKind::Footnote,
        };
        let nested = self.block != Some(BlockId::Body);
        self.notes.push(OpenNote {
            id: attr(e, "id").unwrap_or_default(),
            kind,
            citation: String::new(),
            custom: None,
            outer: self.block,
            nested,
        });
    }

    /// The citation is read: the reference is written in the body.
    fn end_citation(&mut self) {
        let Some(n) = self.notes.last() else { return };
        if n.nested || self.skipped > 0 {
            return;
        }
        let label = n
            .custom
            .clone()
            .unwrap_or_else(|| n.citation.trim().to_string());
        if label.is_empty() {
            return;
        }
        let at = self.reading.body.push(&label);
        self.reading.refs.push(RefAt {
            kind: n.kind,
            id: n.id.clone(),
            label,
            at,
        });
    }

    fn start_note_body(&mut self) {
        let Some(n) = self.notes.last() else { return };
        let label = self
            .reading
            .refs
            .last()
            .filter(|r| r.id == n.id)
            .map(|r| r.label.clone());
        if n.nested || label.is_none() {
            // A note inside a note, or one with no label: its text is not read.
            self.skipped += 1;
            return;
        }
        let note = NoteBlock::new(n.kind, n.id.clone(), label, n.custom.clone());
        self.reading.notes.push(note);
        self.block = Some(BlockId::Note(self.reading.notes.len() - 1));
    }

    fn end_mark(&mut self, e: &BytesStart<'_>) {
        let name = attr(e, "name").unwrap_or_default();
        let Some(k) = self.marks.iter().rposition(|m| m.name == name) else {
            return;
        };
        let mark = self.marks.remove(k);
        let Some((block, end)) = self.pos() else {
            return;
        };
        if block != mark.block {
            return;
        }
        let property = |key: &str| self.properties.get(key).cloned();
        if let Some(citation) = fields::zotero_mark(&mark.name, &property) {
            self.reading.managed.push(ManagedAt {
                block,
                at: mark.start..end,
                citation,
            });
        }
    }
}

impl Visitor for Walker<'_> {
    fn start(&mut self, ns: &str, e: &BytesStart<'_>) {
        let t = tag(ns, e.local_name().as_ref());
        match t {
            Tag::Body => self.block = Some(BlockId::Body),
            Tag::Skipped => self.skipped += 1,
            Tag::P if self.skipped == 0 => {
                if let Some(b) = self.block {
                    self.reading.block(b).start_paragraph();
                }
            }
            Tag::Note => self.start_note(e),
            Tag::Citation => {
                if let Some(n) = self.notes.last_mut() {
                    n.custom = attr(e, "label").filter(|l| !l.trim().is_empty());
                }
            }
            Tag::NoteBody => self.start_note_body(),
            Tag::A => {
                let target = attr(e, "href").filter(|t| external(t));
                let (b, p) = self.pos().unwrap_or((BlockId::Body, Pos::default()));
                self.links.push((target, b, p));
            }
            Tag::Spaces => {
                let n = attr(e, "c").and_then(|c| c.parse().ok()).unwrap_or(1);
                self.emit(&" ".repeat(usize::min(n, MAX_SPACES)));
            }
            Tag::Space => self.emit(" "),
            Tag::MarkStart if self.skipped == 0 => {
                let name = attr(e, "name").unwrap_or_default();
                if name.starts_with("ZOTERO_")
                    && let Some((block, start)) = self.pos()
                {
                    self.marks.push(OpenMark { name, block, start });
                }
            }
            Tag::MarkEnd if self.skipped == 0 => self.end_mark(e),
            _ => {}
        }
        self.stack.push(t);
    }

    fn end(&mut self) {
        let Some(t) = self.stack.pop() else { return };
        match t {
            Tag::Body => self.block = None,
            Tag::Skipped => self.skipped = self.skipped.saturating_sub(1),
            Tag::P if self.skipped == 0 => {
                if let Some(b) = self.block {
                    self.reading.block(b).end_paragraph();
                }
            }
            Tag::Citation => self.end_citation(),
            Tag::NoteBody => {
                let Some(n) = self.notes.last() else { return };
                if n.nested || !matches!(self.block, Some(BlockId::Note(_))) {
                    self.skipped = self.skipped.saturating_sub(1);
                } else {
                    self.block = n.outer;
                }
            }
            Tag::Note => {
                if let Some(n) = self.notes.pop() {
                    self.block = n.outer;
                }
            }
            Tag::A => {
                let Some((target, block, start)) = self.links.pop() else {
                    return;
                };
                let Some((end_block, end)) = self.pos() else {
                    return;
                };
                if let Some(target) = target
                    && block == end_block
                    && self.skipped == 0
                {
                    self.reading.links.push(LinkAt {
                        block,
                        at: start..end,
                        target,
                    });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        // Only a paragraph (or a note's citation) holds text: whitespace between paragraphs
        // is layout. In ODF a run of whitespace is one space.
        let holder = self
            .stack
            .iter()
            .rev()
            .find(|t| matches!(t, Tag::P | Tag::Citation | Tag::NoteBody | Tag::Body));
        if !matches!(holder, Some(Tag::P | Tag::Citation)) {
            return;
        }
        let mut folded = String::with_capacity(text.len());
        let mut space = false;
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !space {
                    folded.push(' ');
                }
                space = true;
            } else {
                folded.push(c);
                space = false;
            }
        }
        self.emit(&folded);
    }
}

/// The user-defined properties of `meta.xml` (Zotero keeps its bookmarks' codes there).
fn properties(meta: Option<&str>) -> HashMap<String, String> {
    struct Props {
        out: HashMap<String, String>,
        current: Option<String>,
    }
    impl Visitor for Props {
        fn start(&mut self, _: &str, e: &BytesStart<'_>) {
            if e.local_name().as_ref() == "user-defined" {
                self.current = attr(e, "name");
            }
        }
        fn end(&mut self) {
            self.current = None;
        }
        fn text(&mut self, text: &str) {
            if let Some(name) = &self.current {
                self.out.entry(name.clone()).or_default().push_str(text);
            }
        }
    }
    let mut props = Props {
        out: HashMap::new(),
        current: None,
    };
    let _ = xml::visit(meta.unwrap_or(""), &mut props);
    props.out
}

/// Read an ODT package.
pub fn read(package: &mut Package<'_>) -> Result<Reading, Refusal> {
    let manifest = package
        .read("META-INF/manifest.xml")
        .map_err(package_error)?;
    if manifest.is_some_and(|m| m.contains("encryption-data")) {
        return Err(Refusal::EncryptedOdt);
    }
    let mimetype = package.read("mimetype").map_err(package_error)?;
    if let Some(m) = mimetype.as_deref().map(str::trim)
        && !m.is_empty()
        && !m.starts_with("application/vnd.oasis.opendocument.text")
    {
        return Err(Refusal::NotText(m.to_string()));
    }
    let Some(content) = package.read("content.xml").map_err(package_error)? else {
        return Err(Refusal::MissingPart("content.xml".to_string()));
    };
    let meta = package.read("meta.xml").map_err(package_error)?;
    let properties = properties(meta.as_deref());
    let mut reading = Reading::default();
    let mut walker = Walker {
        reading: &mut reading,
        properties: &properties,
        block: None,
        stack: Vec::new(),
        skipped: 0,
        notes: Vec::new(),
        links: Vec::new(),
        marks: Vec::new(),
    };
    let result = xml::visit(&content, &mut walker);
    let block = walker.block.unwrap_or(BlockId::Body);
    if let Err(message) = result {
        if reading.body.paragraphs() == 0 {
            return Err(Refusal::Damaged("content.xml".to_string(), message));
        }
        let at = reading.block(block).pos();
        reading.damage.push(DamageAt {
            block,
            at,
            message: format!(
                "`content.xml` stops parsing part-way ({message}): the text after that point was not read"
            ),
        });
    }
    Ok(reading)
}
