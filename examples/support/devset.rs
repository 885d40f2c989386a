//! Reads the development set of footnote citations (`data/notes-dev/dev.xml`, inline XML: a
//! `<note>`'s character data is the note's text; `<citation kind>` and field elements inside it
//! mark spans of that text). Only for measuring: the set is never trained on.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::ops::Range;

/// One annotated field: its name as the set writes it (`container-title`) and its span.
pub struct GoldField {
    pub name: String,
    pub span: Range<usize>,
}

/// One annotated citation of a note.
pub struct GoldCitation {
    pub kind: String,
    pub span: Range<usize>,
    pub fields: Vec<GoldField>,
}

/// One note: its document, its text and its citations.
pub struct GoldNote {
    pub document: String,
    pub n: String,
    pub text: String,
    pub citations: Vec<GoldCitation>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
        .unwrap_or_default()
}

pub fn read(path: &str) -> Vec<GoldNote> {
    let xml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut reader = Reader::from_str(&xml);
    let mut notes = Vec::new();
    let mut document = String::new();
    let mut note: Option<GoldNote> = None;
    let mut citation: Option<GoldCitation> = None;
    let mut field: Option<(String, usize)> = None;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                let at = note.as_ref().map_or(0, |n| n.text.len());
                match name.as_str() {
                    "document" => {
                        document = attr(&e, "id");
                    }
                    "note" => {
                        note = Some(GoldNote {
                            document: document.clone(),
                            n: attr(&e, "n"),
                            text: String::new(),
                            citations: Vec::new(),
                        })
                    }
                    "citation" => {
                        citation = Some(GoldCitation {
                            kind: attr(&e, "kind"),
                            span: at..at,
                            fields: Vec::new(),
                        })
                    }
                    "dataset" => {}
                    _ => field = Some((name, at)),
                }
            }
            Event::Text(t) => {
                if let Some(n) = note.as_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(n) = note.as_mut() {
                    let name: &str = &r;
                    n.text.push_str(match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                let at = note.as_ref().map_or(0, |n| n.text.len());
                match name.as_str() {
                    "note" => notes.extend(note.take()),
                    "citation" => {
                        if let (Some(mut c), Some(n)) = (citation.take(), note.as_mut()) {
                            c.span.end = at;
                            n.citations.push(c);
                        }
                    }
                    "document" | "dataset" => {}
                    _ => {
                        if let (Some((f, start)), Some(c)) = (field.take(), citation.as_mut()) {
                            c.fields.push(GoldField {
                                name: f,
                                span: start..at,
                            });
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    notes
}
