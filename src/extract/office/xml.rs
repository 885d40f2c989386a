//! XML helpers the DOCX and ODT readers share: attributes by local name, entity references,
//! OPC relationships, and the loop that feeds a part's elements to a reader.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// The value of the attribute whose local name is `local` (its prefix ignored), unescaped.
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// The text an entity or character reference stands for (nothing for an unknown entity).
pub fn reference(r: &BytesRef<'_>) -> String {
    match r.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(r)
            .unwrap_or_default()
            .to_string(),
        Err(_) => String::new(),
    }
}

/// What a reader of one part is told, element by element.
pub trait Visitor {
    /// An element starts: its namespace URI (empty when unbound) and its start tag.
    fn start(&mut self, ns: &str, e: &BytesStart<'_>);
    /// The element last started ends.
    fn end(&mut self);
    /// Character data (entities resolved).
    fn text(&mut self, text: &str);
}

/// Feed `xml` to `visitor`. An error (XML that stops parsing, or ends inside an element) is
/// returned as a message; what came before it was visited.
pub fn visit(xml: &str, visitor: &mut dyn Visitor) -> Result<(), String> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut depth = 0usize;
    loop {
        match reader.read_resolved_event() {
            Ok((ns, Event::Start(e))) => {
                let ns: &str = match ns {
                    ResolveResult::Bound(n) => n.0,
                    _ => "",
                };
                depth += 1;
                visitor.start(ns, &e);
            }
            Ok((_, Event::End(_))) => {
                depth = depth.saturating_sub(1);
                visitor.end();
            }
            Ok((_, Event::Text(t))) => visitor.text(&t.xml10_content()),
            Ok((_, Event::CData(t))) => visitor.text(&t.xml10_content()),
            Ok((_, Event::GeneralRef(r))) => visitor.text(&reference(&r)),
            Ok((_, Event::Eof)) if depth > 0 => {
                return Err(format!(
                    "it ends inside an element, at byte {}",
                    reader.buffer_position()
                ));
            }
            Ok((_, Event::Eof)) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("{e} (at byte {})", reader.error_position())),
        }
    }
}

/// One relationship of an OPC part (`_rels/*.rels`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    /// The type URI's last segment: `officeDocument`, `footnotes`, `hyperlink`, …
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships in a `.rels` part, as far as it parses.
pub fn relationships(xml: &str) -> Vec<Relationship> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                out.push(Relationship {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: kind.rsplit('/').next().unwrap_or_default().to_string(),
                    target: attr(&e, "Target").unwrap_or_default(),
                    external: attr(&e, "TargetMode").is_some_and(|m| m == "External"),
                });
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The `.rels` part of `part` (`word/document.xml` -> `word/_rels/document.xml.rels`).
pub fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// An internal target of `part`'s relationship as a path in the package (`footnotes.xml` from
/// `word/document.xml` is `word/footnotes.xml`; `/word/x.xml` is absolute; `..` climbs).
pub fn resolve(part: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        part.rsplit_once('/')
            .map_or(Vec::new(), |(dir, _)| dir.split('/').collect())
    };
    for s in target.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            rels_path("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_path("x.xml"), "_rels/x.xml.rels");
        assert_eq!(
            resolve("word/document.xml", "footnotes.xml"),
            "word/footnotes.xml"
        );
        assert_eq!(resolve("word/document.xml", "/word/a.xml"), "word/a.xml");
        assert_eq!(
            resolve("word/document.xml", "../custom/b.xml"),
            "custom/b.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn relationships_are_read() {
        let xml = r#"<Relationships xmlns="x"><Relationship Id="rId1" Type="http://a/b/hyperlink" Target="https://x.org/?a=1&amp;b=2" TargetMode="External"/><Relationship Id="rId2" Type="http://a/b/footnotes" Target="footnotes.xml"/></Relationships>"#;
        let rels = relationships(xml);
        assert_eq!(rels[0].target, "https://x.org/?a=1&b=2");
        assert!(rels[0].external && !rels[1].external);
        assert_eq!(rels[1].kind, "footnotes");
    }
}
