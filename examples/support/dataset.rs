//! Reads annotated references in AnyStyle's XML format (`<dataset><sequence><author>…</author>
//! …</sequence></dataset>`): each sequence is one reference, its children the labelled pieces.
//! Joining the pieces with single spaces gives the reference as written.

use quick_xml::Reader;
use quick_xml::events::Event;

/// How many times the training sees each annotated reference of `data/anystyle` and
/// `data/notes` (the generated notes once): twice keeps the bibliography forms as strong beside
/// the more numerous generated notes as they were before them.
pub const ANNOTATED_REPEAT: usize = 2;

/// One annotated reference: its pieces as (label, text).
pub struct Reference {
    pub pieces: Vec<(String, String)>,
}

impl Reference {
    /// The reference as written.
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Token labels (model indices), one per whitespace-separated token of `text()`. AnyStyle
    /// has no `issue`: in its `volume` pieces, `no. 2` (`no.`, `nr.`, `issue`, `Heft` and what
    /// follows) is the issue.
    pub fn token_labels(&self) -> Vec<usize> {
        use citelint::cite::tagger::label_index;
        let mut out = Vec::new();
        for (label, t) in &self.pieces {
            let mut index = label_index(label);
            for word in t.split_whitespace() {
                let core = citelint::cite::tagger::core(word).to_lowercase();
                if label == "volume" && matches!(core.as_str(), "no" | "nr" | "issue" | "heft") {
                    index = label_index("issue");
                }
                out.push(index);
            }
        }
        out
    }
}

pub fn read(path: &str) -> Vec<Reference> {
    let xml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut reader = Reader::from_str(&xml);
    let mut refs = Vec::new();
    let mut current: Option<Reference> = None;
    let mut label: Option<String> = None;
    let mut text = String::new();
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("{path}: {e}"))
        {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                match name.as_str() {
                    "sequence" => current = Some(Reference { pieces: Vec::new() }),
                    "dataset" => {}
                    _ => {
                        label = Some(name);
                        text.clear();
                    }
                }
            }
            Event::Text(t) if label.is_some() => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if label.is_some() => {
                let name: &str = &r;
                text.push_str(match name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                if name == "sequence" {
                    refs.extend(current.take());
                } else if label.as_deref() == Some(name.as_str()) {
                    if let Some(r) = current.as_mut()
                        && !text.trim().is_empty()
                    {
                        r.pieces.push((name, text.trim().to_string()));
                    }
                    label = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    refs
}
