//! Word (DOCX, WordprocessingML): the body of `word/document.xml` in reading order, the notes
//! of `word/footnotes.xml` and `word/endnotes.xml`, links, and reference-manager fields.
//!
//! What is read:
//! - paragraphs (`w:p`) anywhere in the body: table cells, text boxes (the DrawingML copy,
//!   `mc:Choice`; the VML copy in `mc:Fallback` is the same text and is skipped), content
//!   controls; text (`w:t`), tabs and breaks as spaces, `w:sym` characters;
//! - `w:footnoteReference` and `w:endnoteReference`, numbered as Word numbers them: footnotes
//!   and endnotes in their own sequences, in the format and from the start `word/settings.xml`
//!   gives (`w:footnotePr`, `w:endnotePr`; Word's defaults are `1, 2, 3` and `i, ii, iii`); a
//!   custom mark (`w:customMarkFollows`) prints its mark (the text that follows) and takes no
//!   number. Notes come from the parts the document's relationships name, separator entries
//!   skipped;
//! - tracked changes as the document reads once they are accepted: inserted text (`w:ins`,
//!   `w:moveTo`) is read, deleted text (`w:del`, `w:moveFrom`) is not, and a reference inside a
//!   deletion takes no number;
//! - links: `w:hyperlink` with `r:id` resolved through the relationships of the part it is in
//!   (`word/_rels/footnotes.xml.rels` for a note's), `HYPERLINK` fields simple and complex, and
//!   URLs written out (the shared URL finder, on the rendition);
//! - fields: their instructions (`w:instrText`, spread over runs) are read apart from their
//!   text; reference-manager citations are handed to [`super::fields`].
//!
//! Not read, because it is not prose the reader checks: comments (`word/comments.xml`),
//! headers and footers, hidden text (`w:vanish`), field instructions other than those above,
//! links inside the document (`w:anchor`, `HYPERLINK \l`).

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::fields::{self, Instruction};
use super::package::Package;
use super::rendition::{
    BlockId, DamageAt, LinkAt, ManagedAt, NoteBlock, NoteKind, Pos, Reading, RefAt,
};
use super::xml::{self, Visitor, attr};
use super::{Refusal, package_error};
use crate::text::numbers::to_roman;

const W: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The elements the reader acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    R,
    RPr,
    Vanish,
    T,
    Space,
    Hyphen,
    Sym,
    Deleted,
    InstrText,
    FldChar,
    FldData,
    FldSimple,
    Hyperlink,
    NoteReference(NoteKind),
    Note(NoteKind),
    /// Content that is not text of the document: `mc:Fallback`, content-control properties.
    Skipped,
    Other,
}

fn tag(ns: &str, local: &str) -> Tag {
    if ns == MC {
        return if local == "Fallback" {
            Tag::Skipped
        } else {
            Tag::Other
        };
    }
    if !W.contains(&ns) {
        return Tag::Other;
    }
    match local {
        "p" => Tag::P,
        "r" => Tag::R,
        "rPr" => Tag::RPr,
        "vanish" => Tag::Vanish,
        "t" => Tag::T,
        "tab" | "ptab" | "br" | "cr" => Tag::Space,
        "noBreakHyphen" => Tag::Hyphen,
        "sym" => Tag::Sym,
        "del" | "moveFrom" => Tag::Deleted,
        "instrText" => Tag::InstrText,
        "fldChar" => Tag::FldChar,
        "fldData" => Tag::FldData,
        "fldSimple" => Tag::FldSimple,
        "hyperlink" => Tag::Hyperlink,
        "footnoteReference" => Tag::NoteReference(NoteKind::Footnote),
        "endnoteReference" => Tag::NoteReference(NoteKind::Endnote),
        "footnote" => Tag::Note(NoteKind::Footnote),
        "endnote" => Tag::Note(NoteKind::Endnote),
        "sdtPr" | "sdtEndPr" | "delText" | "delInstrText" => Tag::Skipped,
        _ => Tag::Other,
    }
}

/// How one sequence of notes is numbered (`w:numFmt`, `w:numStart`).
#[derive(Debug, Clone)]
struct Sequence {
    format: String,
    start: u32,
    next: u32,
}

impl Sequence {
    fn new(format: &str) -> Self {
        Sequence {
            format: format.to_string(),
            start: 1,
            next: 0,
        }
    }

    /// The next label.
    fn label(&mut self) -> String {
        let n = self.start.saturating_add(self.next);
        self.next += 1;
        format_number(n, &self.format)
    }
}

/// `n` in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    let letters = |base: u8| {
        let k = n.max(1) - 1;
        let c = char::from(base + (k % 26) as u8);
        std::iter::repeat_n(c, (k / 26 + 1).min(100) as usize).collect()
    };
    match format {
        "lowerRoman" if (1..400).contains(&n) => to_roman(n),
        "upperRoman" if (1..400).contains(&n) => to_roman(n).to_uppercase(),
        "lowerLetter" => letters(b'a'),
        "upperLetter" => letters(b'A'),
        "chicago" => {
            let k = n.max(1) - 1;
            let mark = ["*", "†", "‡", "§"][(k % 4) as usize];
            mark.repeat((k / 4 + 1).min(100) as usize)
        }
        _ => n.to_string(),
    }
}

/// A field being read: its instruction until `separate`, then its result.
#[derive(Debug)]
struct Field {
    instr: String,
    data: String,
    /// Where its result starts, once it has one.
    result: Option<Pos>,
    what: Instruction,
    deleted: bool,
}

/// A `w:hyperlink` being read.
#[derive(Debug)]
struct OpenLink {
    target: Option<String>,
    start: Pos,
    saw_deletion: bool,
}

/// The numbering state of a document: each sequence, and the label of each note referenced.
#[derive(Debug)]
struct Numbering {
    footnotes: Sequence,
    endnotes: Sequence,
    /// (kind, id) -> (label, custom mark)
    labels: HashMap<(NoteKind, String), (String, bool)>,
}

/// Reads one part into the reading.
struct Walker<'a> {
    reading: &'a mut Reading,
    numbering: &'a mut Numbering,
    /// External targets of this part's relationships, by id.
    rels: HashMap<String, String>,
    /// Where text goes; `None` between the notes of a notes part.
    block: Option<BlockId>,
    /// Reading the body (references are read there only).
    body: bool,
    /// Notes part: leave out notes no reference points to (the body was damaged).
    skip_unreferenced: bool,
    stack: Vec<Tag>,
    deleted: usize,
    skipped: usize,
    hidden: bool,
    fields: Vec<Field>,
    links: Vec<OpenLink>,
    /// A custom-mark reference waiting for its mark: its index in `reading.refs`.
    pending_mark: Option<usize>,
}

impl Walker<'_> {
    fn silent(&self) -> bool {
        self.deleted > 0 || self.skipped > 0 || self.hidden || self.block.is_none()
    }

    fn pos(&mut self) -> Pos {
        match self.block {
            Some(b) => self.reading.block(b).pos(),
            None => Pos::default(),
        }
    }

    /// Text of the document.
    fn emit(&mut self, text: &str) {
        if self.silent() {
            return;
        }
        let Some(block) = self.block else { return };
        let range = self.reading.block(block).push(text);
        if let Some(k) = self.pending_mark
            && range.start != range.end
        {
            self.pending_mark = None;
            let r = &mut self.reading.refs[k];
            r.label = text.trim().to_string();
            r.at = range;
            self.numbering
                .labels
                .insert((r.kind, r.id.clone()), (r.label.clone(), true));
        }
    }

    fn start_note(&mut self, kind: NoteKind, e: &BytesStart<'_>) {
        let kind_attr = attr(e, "type").unwrap_or_default();
        if matches!(
            kind_attr.as_str(),
            "separator" | "continuationSeparator" | "continuationNotice"
        ) {
            return;
        }
        let id = attr(e, "id").unwrap_or_default();
        let found = self.numbering.labels.get(&(kind, id.clone())).cloned();
        if found.is_none() && self.skip_unreferenced {
            return;
        }
        let (label, mark) = match found {
            Some((label, custom)) => (Some(label.clone()), custom.then_some(label)),
            None => (None, None),
        };
        self.reading
            .notes
            .push(NoteBlock::new(kind, id, label, mark));
        self.block = Some(BlockId::Note(self.reading.notes.len() - 1));
    }

    fn reference(&mut self, kind: NoteKind, e: &BytesStart<'_>) {
        if !self.body || self.deleted > 0 || self.skipped > 0 {
            return;
        }
        let id = attr(e, "id").unwrap_or_default();
        let custom = attr(e, "customMarkFollows").is_some_and(|v| on(&v));
        if let Some((label, _)) = self.numbering.labels.get(&(kind, id.clone())) {
            // A second reference to the same note: the same label again.
            let label = label.clone();
            let at = self.reading.body.push(&label);
            self.reading.refs.push(RefAt {
                kind,
                id,
                label,
                at,
            });
            return;
        }
        if custom {
            let at = self.reading.body.pos();
            self.reading.refs.push(RefAt {
                kind,
                id,
                label: String::new(),
                at: at..at,
            });
            self.pending_mark = Some(self.reading.refs.len() - 1);
            return;
        }
        let label = match kind {
            NoteKind::Footnote => self.numbering.footnotes.label(),
            NoteKind::Endnote => self.numbering.endnotes.label(),
        };
        let at = self.reading.body.push(&label);
        self.numbering
            .labels
            .insert((kind, id.clone()), (label.clone(), false));
        self.reading.refs.push(RefAt {
            kind,
            id,
            label,
            at,
        });
    }

    /// A paragraph ended: a custom mark still awaited will not come (the reference prints
    /// nothing, and keeps its empty label, which nothing reads).
    fn settle_mark(&mut self) {
        self.pending_mark = None;
    }

    fn field_char(&mut self, e: &BytesStart<'_>) {
        match attr(e, "fldCharType").as_deref() {
            Some("begin") => self.fields.push(Field {
                instr: String::new(),
                data: String::new(),
                result: None,
                what: Instruction::Other,
                deleted: self.deleted > 0,
            }),
            Some("separate") => {
                let pos = self.pos();
                if let Some(f) = self.fields.last_mut()
                    && f.result.is_none()
                {
                    let data = (!f.data.is_empty()).then_some(f.data.as_str());
                    f.what = fields::classify(&f.instr, data);
                    f.result = Some(pos);
                }
            }
            Some("end") => {
                if let Some(f) = self.fields.pop() {
                    self.field_done(f);
                }
            }
            _ => {}
        }
    }

    fn field_done(&mut self, f: Field) {
        let (Some(start), Some(block)) = (f.result, self.block) else {
            return;
        };
        if f.deleted {
            return;
        }
        let end = self.pos();
        match f.what {
            Instruction::Hyperlink(target) => self.reading.links.push(LinkAt {
                block,
                at: start..end,
                target,
            }),
            Instruction::Citation(citation) => self.reading.managed.push(ManagedAt {
                block,
                at: start..end,
                citation,
            }),
            Instruction::Anchor | Instruction::Other => {}
        }
    }

    fn start_hyperlink(&mut self, e: &BytesStart<'_>) {
        let external = attr(e, "id").and_then(|id| self.rels.get(&id).cloned());
        let target = match (external, attr(e, "anchor")) {
            (Some(t), Some(a)) => Some(format!("{t}#{a}")),
            (Some(t), None) => Some(t),
            _ => None,
        };
        let start = self.pos();
        self.links.push(OpenLink {
            target,
            start,
            saw_deletion: false,
        });
    }

    fn end_hyperlink(&mut self) {
        let Some(link) = self.links.pop() else { return };
        let (Some(target), Some(block)) = (link.target, self.block) else {
            return;
        };
        let end = self.pos();
        // A link whose every run was deleted is deleted text.
        if self.deleted > 0 || (link.saw_deletion && end == link.start) {
            return;
        }
        self.reading.links.push(LinkAt {
            block,
            at: link.start..end,
            target,
        });
    }
}

/// `1`, `true`, `on` (and no value at all) switch a WordprocessingML property on.
fn on(value: &str) -> bool {
    !matches!(value, "0" | "false" | "off")
}

impl Visitor for Walker<'_> {
    fn start(&mut self, ns: &str, e: &BytesStart<'_>) {
        let t = tag(ns, e.local_name().as_ref());
        match t {
            Tag::P if self.skipped == 0 => {
                if let Some(b) = self.block {
                    self.reading.block(b).start_paragraph();
                }
            }
            Tag::R => self.hidden = false,
            Tag::Vanish if self.stack.ends_with(&[Tag::R, Tag::RPr]) => {
                self.hidden = attr(e, "val").is_none_or(|v| on(&v));
            }
            Tag::Space if self.stack.last() == Some(&Tag::R) => self.emit(" "),
            Tag::Hyphen => self.emit("-"),
            Tag::Sym => {
                let c = attr(e, "char")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .and_then(char::from_u32);
                if let Some(c) = c {
                    self.emit(&c.to_string());
                }
            }
            Tag::Deleted => {
                self.deleted += 1;
                for l in &mut self.links {
                    l.saw_deletion = true;
                }
            }
            Tag::Skipped => self.skipped += 1,
            Tag::FldChar if self.skipped == 0 => self.field_char(e),
            Tag::FldSimple if self.skipped == 0 => {
                let instr = attr(e, "instr").unwrap_or_default();
                let result = Some(self.pos());
                self.fields.push(Field {
                    what: fields::classify(&instr, None),
                    instr,
                    data: String::new(),
                    result,
                    deleted: self.deleted > 0,
                });
            }
            Tag::Hyperlink if self.skipped == 0 => self.start_hyperlink(e),
            Tag::NoteReference(kind) => self.reference(kind, e),
            Tag::Note(kind) if !self.body => self.start_note(kind, e),
            _ => {}
        }
        self.stack.push(t);
    }

    fn end(&mut self) {
        let Some(t) = self.stack.pop() else { return };
        match t {
            Tag::P if self.skipped == 0 => {
                self.settle_mark();
                if let Some(b) = self.block {
                    self.reading.block(b).end_paragraph();
                }
            }
            Tag::R => self.hidden = false,
            Tag::Deleted => self.deleted = self.deleted.saturating_sub(1),
            Tag::Skipped => self.skipped = self.skipped.saturating_sub(1),
            Tag::FldSimple if self.skipped == 0 => {
                if let Some(f) = self.fields.pop() {
                    self.field_done(f);
                }
            }
            Tag::Hyperlink if self.skipped == 0 => self.end_hyperlink(),
            Tag::Note(_) if !self.body => {
                self.block = None;
                self.fields.clear();
                self.links.clear();
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        match self.stack.last() {
            Some(Tag::T) => self.emit(text),
            Some(Tag::InstrText) if self.deleted == 0 => {
                if let Some(f) = self.fields.last_mut()
                    && f.result.is_none()
                {
                    f.instr.push_str(text);
                }
            }
            Some(Tag::FldData) => {
                if let Some(f) = self.fields.last_mut() {
                    f.data.push_str(text);
                }
            }
            _ => {}
        }
    }
}

/// The note numbering `word/settings.xml` sets (`w:footnotePr`, `w:endnotePr`).
fn numbering(settings: Option<&str>) -> Numbering {
    let mut footnotes = Sequence::new("decimal");
    let mut endnotes = Sequence::new("lowerRoman");
    let mut reader = quick_xml::Reader::from_str(settings.unwrap_or(""));
    let mut in_pr: Option<NoteKind> = None;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let name = e.local_name();
                match name.as_ref() {
                    "footnotePr" => in_pr = Some(NoteKind::Footnote),
                    "endnotePr" => in_pr = Some(NoteKind::Endnote),
                    "numFmt" | "numStart" => {
                        let seq = match in_pr {
                            Some(NoteKind::Footnote) => &mut footnotes,
                            Some(NoteKind::Endnote) => &mut endnotes,
                            None => continue,
                        };
                        let value = attr(&e, "val").unwrap_or_default();
                        if name.as_ref() == "numFmt" {
                            seq.format = value;
                        } else if let Ok(start) = value.parse() {
                            seq.start = start;
                        }
                    }
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::End(e))
                if matches!(e.local_name().as_ref(), "footnotePr" | "endnotePr") =>
            {
                in_pr = None;
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    Numbering {
        footnotes,
        endnotes,
        labels: HashMap::new(),
    }
}

/// The parts of a document: the main part, and its relationships.
struct Parts {
    main: String,
    rels: Vec<xml::Relationship>,
}

impl Parts {
    fn find(package: &mut Package<'_>) -> Result<Parts, Refusal> {
        let root = package.read("_rels/.rels").map_err(package_error)?;
        let main = root
            .as_deref()
            .map(xml::relationships)
            .unwrap_or_default()
            .into_iter()
            .find(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| xml::resolve("", &r.target))
            .filter(|p| package.contains(p))
            .unwrap_or_else(|| "word/document.xml".to_string());
        if !package.contains(&main) {
            return Err(Refusal::MissingPart(main));
        }
        let rels = package
            .read(&xml::rels_path(&main))
            .map_err(package_error)?
            .as_deref()
            .map(xml::relationships)
            .unwrap_or_default();
        Ok(Parts { main, rels })
    }

    /// The part the main part's relationship of this kind names.
    fn related(&self, kind: &str) -> Option<String> {
        self.rels
            .iter()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| xml::resolve(&self.main, &r.target))
    }
}

/// The external targets of a part's relationships, by id.
fn external_targets(
    package: &mut Package<'_>,
    part: &str,
) -> Result<HashMap<String, String>, Refusal> {
    let rels = package.read(&xml::rels_path(part)).map_err(package_error)?;
    Ok(rels
        .as_deref()
        .map(xml::relationships)
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.external)
        .map(|r| (r.id, r.target))
        .collect())
}

/// Read a DOCX package.
pub fn read(package: &mut Package<'_>) -> Result<Reading, Refusal> {
    let parts = Parts::find(package)?;
    let settings = match parts.related("settings") {
        Some(p) => package.read(&p).map_err(package_error)?,
        None => None,
    };
    let mut numbering = numbering(settings.as_deref());
    let mut reading = Reading::default();
    let document = package
        .read(&parts.main)
        .map_err(package_error)?
        .unwrap_or_default();
    let rels = external_targets(package, &parts.main)?;
    let body_damaged = walk(
        &mut reading,
        &mut numbering,
        &parts.main,
        &document,
        rels,
        None,
    );
    if let Some(message) = &body_damaged
        && reading.body.paragraphs() == 0
    {
        return Err(Refusal::Damaged(parts.main, message.clone()));
    }
    for name in ["footnotes", "endnotes"] {
        let Some(part) = parts.related(name) else {
            continue;
        };
        let Some(notes) = package.read(&part).map_err(package_error)? else {
            continue;
        };
        let rels = external_targets(package, &part)?;
        walk(
            &mut reading,
            &mut numbering,
            &part,
            &notes,
            rels,
            Some(body_damaged.is_some()),
        );
    }
    Ok(reading)
}

/// Walk one part: the body (`notes` is `None`) or a notes part (`Some(skip_unreferenced)`).
/// A part that stops parsing is recorded where it stopped; returns its message.
fn walk(
    reading: &mut Reading,
    numbering: &mut Numbering,
    part: &str,
    xml: &str,
    rels: HashMap<String, String>,
    notes: Option<bool>,
) -> Option<String> {
    let mut walker = Walker {
        reading,
        numbering,
        rels,
        block: notes.is_none().then_some(BlockId::Body),
        body: notes.is_none(),
        skip_unreferenced: notes.unwrap_or(false),
        stack: Vec::new(),
        deleted: 0,
        skipped: 0,
        hidden: false,
        fields: Vec::new(),
        links: Vec::new(),
        pending_mark: None,
    };
    let result = xml::visit(xml, &mut walker);
    walker.settle_mark();
    let block = walker.block.unwrap_or(BlockId::Body);
    let message = result.err()?;
    let at = reading.block(block).pos();
    reading.damage.push(DamageAt {
        block,
        at,
        message: format!(
            "`{part}` stops parsing part-way ({message}): the text after that point was not read"
        ),
    });
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(4, "decimal"), "4");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(6, "chicago"), "††");
        assert_eq!(format_number(500, "lowerRoman"), "500");
    }
}
