//! Field instructions and reference-manager data: what a Word field (`HYPERLINK`, `ADDIN …`)
//! or an ODF Zotero mark says, apart from the text it shows.
//!
//! Read:
//! - `HYPERLINK "url"` with its switches (`\l "anchor"` makes it a link inside the document,
//!   which is not a URL to check; `\o`, `\t` take an argument, `\m`, `\n` none);
//! - Zotero: `ADDIN ZOTERO_ITEM CSL_CITATION {json}` (Word fields) and the same code in an ODF
//!   reference mark's name or in the document properties a bookmark names;
//! - Mendeley Desktop: `ADDIN CSL_CITATION {json}` and `ADDIN Mendeley Citation{uuid}
//!   CSL_CITATION {json}`;
//! - EndNote: `ADDIN EN.CITE <EndNote>…</EndNote>` (the record inline) or with the record in
//!   base64 in the field's `w:fldData` (`ADDIN EN.CITE.DATA` is its nested twin and is not a
//!   citation of its own).
//!
//! Each cited work's data is mapped to the citation parser's field names ([`CitedWork`]);
//! the pinpoint is the CSL `locator` (EndNote's `Pages`), never the work's own page range. What
//! the manager generated (`plainCitation`, `plainTextFormattedCitation`, `DisplayText`) is
//! kept to compare with what the document shows. Anything that does not parse is no
//! citation: the field's text is still read as text.

use base64::Engine;
use quick_xml::events::Event;
use serde_json::Value;

use crate::model::{CitedWork, Kind, Manager};

/// A reference-manager citation's data, before it is placed in the rendition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Managed {
    pub manager: Manager,
    pub generated: Option<String>,
    pub works: Vec<CitedWork>,
}

/// What a field instruction is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Instruction {
    /// A link to a URL (or a file) outside the document.
    Hyperlink(String),
    /// A link to a place in the document (`HYPERLINK \l`): not checked.
    Anchor,
    Citation(Managed),
    /// Anything else: its result is text like any other.
    Other,
}

/// What the field with instruction `instr` is; `data` is the base64 `w:fldData` of its start.
pub fn classify(instr: &str, data: Option<&str>) -> Instruction {
    let instr = instr.trim();
    let (keyword, rest) = instr.split_once(char::is_whitespace).unwrap_or((instr, ""));
    if keyword.eq_ignore_ascii_case("HYPERLINK") {
        return hyperlink(rest);
    }
    if !keyword.eq_ignore_ascii_case("ADDIN") {
        return Instruction::Other;
    }
    let rest = rest.trim_start();
    let upper = rest.to_ascii_uppercase();
    let citation = if upper.starts_with("ZOTERO_ITEM") {
        csl_citation(rest, Manager::Zotero)
    } else if upper.starts_with("CSL_CITATION") || upper.starts_with("MENDELEY CITATION") {
        csl_citation(rest, Manager::Mendeley)
    } else if upper.starts_with("EN.CITE") && !upper.starts_with("EN.CITE.DATA") {
        endnote(rest, data)
    } else {
        None
    };
    citation.map_or(Instruction::Other, Instruction::Citation)
}

/// The arguments of a field instruction: quoted strings (with `\\` and `\"` escapes) or runs
/// without spaces.
fn arguments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut arg = String::new();
        if c == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if matches!(chars.peek(), Some('"' | '\\')) => {
                        arg.extend(chars.next());
                    }
                    '"' => break,
                    c => arg.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                arg.push(c);
                chars.next();
            }
        }
        out.push(arg);
    }
    out
}

/// `HYPERLINK "https://…" \o "tip"`, `HYPERLINK \l "anchor"`.
fn hyperlink(rest: &str) -> Instruction {
    let args = arguments(rest);
    let mut target = None;
    let mut anchor = None;
    let mut k = 0;
    while k < args.len() {
        match args[k].to_ascii_lowercase().as_str() {
            "\\l" => {
                anchor = args.get(k + 1).cloned();
                k += 2;
            }
            "\\o" | "\\t" => k += 2,
            s if s.starts_with('\\') => k += 1,
            _ => {
                target.get_or_insert_with(|| args[k].clone());
                k += 1;
            }
        }
    }
    match (target, anchor) {
        (Some(t), Some(a)) if !t.is_empty() => Instruction::Hyperlink(format!("{t}#{a}")),
        (Some(t), None) if !t.is_empty() => Instruction::Hyperlink(t),
        _ => Instruction::Anchor,
    }
}

/// A CSL citation object: the JSON after the field's keywords.
fn csl_citation(rest: &str, manager: Manager) -> Option<Managed> {
    // The JSON follows `CSL_CITATION` (Mendeley's older form has a `{uuid}` before it).
    let after = rest
        .to_ascii_uppercase()
        .find("CSL_CITATION")
        .map_or(0, |k| k + "CSL_CITATION".len());
    let json = &rest[after + rest[after..].find('{')?..];
    let value: Value = serde_json::Deserializer::from_str(json)
        .into_iter::<Value>()
        .next()?
        .ok()?;
    let items = value.get("citationItems")?.as_array()?;
    let works = items
        .iter()
        .map(|item| {
            let data = item.get("itemData").unwrap_or(&Value::Null);
            let mut work = csl_work(data);
            work.locator = item.get("locator").and_then(text_of);
            work
        })
        .collect();
    let generated = match manager {
        Manager::Mendeley => value.pointer("/mendeley/plainTextFormattedCitation"),
        _ => value
            .pointer("/properties/plainCitation")
            .or_else(|| value.pointer("/properties/formattedCitation")),
    }
    .and_then(Value::as_str)
    .map(strip_markup);
    Some(Managed {
        manager,
        generated,
        works,
    })
}

/// A string or a number as text.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The citation parser's kind for a CSL type.
fn csl_kind(csl_type: &str, archived: bool) -> Kind {
    match csl_type {
        "book" | "classic" => Kind::Book,
        "chapter" | "entry" | "entry-dictionary" | "entry-encyclopedia" | "paper-conference" => {
            Kind::Chapter
        }
        "article-journal" | "article" => Kind::Article,
        "article-magazine" | "article-newspaper" => Kind::Newspaper,
        "webpage" | "post" | "post-weblog" => Kind::WebPage,
        "report" => Kind::Report,
        "thesis" => Kind::Thesis,
        "interview" | "personal_communication" => Kind::Interview,
        "manuscript" | "document" if archived => Kind::Archival,
        _ => Kind::Unknown,
    }
}

/// CSL variables and the citation parser's names for them.
const CSL_FIELDS: &[(&str, &str)] = &[
    ("title", "title"),
    ("container-title", "container_title"),
    ("publisher", "publisher"),
    ("publisher-place", "place"),
    ("volume", "volume"),
    ("DOI", "doi"),
    ("ISBN", "isbn"),
    ("URL", "url"),
    ("archive", "archive"),
    ("archive_location", "identifier"),
];

/// One CSL item's data.
fn csl_work(data: &Value) -> CitedWork {
    let mut fields: Vec<(&'static str, String)> = Vec::new();
    for (role, name) in [("author", "author"), ("editor", "editor")] {
        for person in data
            .get(role)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(n) = csl_name(person) {
                fields.push((name, n));
            }
        }
    }
    for &(csl, name) in CSL_FIELDS {
        if let Some(value) = data.get(csl).and_then(text_of) {
            // `ISBN` may list several: the first is the one cited.
            let value = if name == "isbn" {
                value
                    .split([' ', ',', ';'])
                    .next()
                    .unwrap_or_default()
                    .to_string()
            } else {
                value
            };
            fields.push((name, value));
        }
    }
    for (csl, name) in [("issued", "date"), ("accessed", "accessed")] {
        if let Some(date) = data.get(csl).and_then(csl_date) {
            fields.push((name, date));
        }
    }
    let source_type = data
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let archived = fields
        .iter()
        .any(|(n, _)| matches!(*n, "archive" | "identifier"));
    CitedWork {
        kind: csl_kind(&source_type, archived),
        source_type,
        fields,
        locator: None,
    }
}

/// `Family, Given`, or a literal name.
fn csl_name(person: &Value) -> Option<String> {
    let part = |k: &str| person.get(k).and_then(Value::as_str).map(str::trim);
    match (part("family"), part("given"), part("literal")) {
        (Some(f), Some(g), _) if !g.is_empty() => Some(format!("{f}, {g}")),
        (Some(f), _, _) if !f.is_empty() => Some(f.to_string()),
        (_, _, Some(l)) if !l.is_empty() => Some(l.to_string()),
        _ => None,
    }
}

/// A CSL date as `YYYY[-MM[-DD]]` (its `date-parts` numbers may be strings), or its `raw` or
/// `literal` form.
fn csl_date(date: &Value) -> Option<String> {
    if let Some(parts) = date.pointer("/date-parts/0").and_then(Value::as_array) {
        let numbers: Vec<u32> = parts
            .iter()
            .map_while(|p| text_of(p)?.parse().ok())
            .take(3)
            .collect();
        if let Some((year, rest)) = numbers.split_first() {
            let mut out = year.to_string();
            for n in rest {
                out.push_str(&format!("-{n:02}"));
            }
            return Some(out);
        }
    }
    ["raw", "literal"]
        .iter()
        .find_map(|k| date.get(*k).and_then(text_of))
}

/// Text with HTML-like tags removed and the common entities decoded (Zotero's
/// `formattedCitation` when there is no `plainCitation`).
fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// EndNote: the record inline after the keyword, or in base64 in the field's data.
fn endnote(rest: &str, data: Option<&str>) -> Option<Managed> {
    let xml = match rest.find("<EndNote") {
        Some(at) => rest[at..].to_string(),
        None => {
            let compact: String = data?.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let cites = endnote_cites(&xml);
    let generated = cites.iter().find_map(|c| c.text("DisplayText"));
    let works: Vec<CitedWork> = cites.iter().map(endnote_work).collect();
    (!works.is_empty()).then_some(Managed {
        manager: Manager::EndNote,
        generated,
        works,
    })
}

/// One `<Cite>` of an EndNote record: the text of each element by its path under `Cite`
/// (`record/titles/title`), every author, and the reference type's name.
#[derive(Debug, Default)]
struct Cite {
    texts: Vec<(String, String)>,
    authors: Vec<String>,
    ref_type: String,
}

impl Cite {
    fn text(&self, path: &str) -> Option<String> {
        self.texts
            .iter()
            .find(|(p, t)| p == path && !t.trim().is_empty())
            .map(|(_, t)| t.trim().to_string())
    }
}

/// The `<Cite>`s of an EndNote XML string, as far as it parses.
fn endnote_cites(xml: &str) -> Vec<Cite> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cites: Vec<Cite> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut in_cite = false;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if name == "Cite" {
                    in_cite = true;
                    path.clear();
                    cites.push(Cite::default());
                    continue;
                }
                if name == "ref-type"
                    && let (Some(cite), Ok(Some(a))) =
                        (cites.last_mut(), e.try_get_attribute("name"))
                {
                    cite.ref_type = a.value.to_string();
                }
                path.push(name);
            }
            Event::End(e) => {
                if e.local_name().as_ref() == "Cite" {
                    in_cite = false;
                    continue;
                }
                let is_author = path.last().is_some_and(|n| n == "author")
                    && path.iter().any(|n| n == "authors");
                if is_author
                    && let Some(cite) = cites.last_mut()
                    && cite
                        .texts
                        .last()
                        .is_some_and(|(p, _)| p.ends_with("authors/author"))
                    && let Some((_, name)) = cite.texts.pop()
                {
                    cite.authors.push(name.trim().to_string());
                }
                path.pop();
            }
            Event::Text(t) if in_cite => add_text(&mut cites, &path, &t.xml10_content()),
            Event::GeneralRef(r) if in_cite => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .unwrap_or_default()
                        .to_string(),
                };
                add_text(&mut cites, &path, &text);
            }
            _ => {}
        }
    }
    cites
}

/// Text inside an element of a `<Cite>`: appended to that element's text (EndNote wraps text
/// in `<style>` elements, which do not count in the path).
fn add_text(cites: &mut [Cite], path: &[String], text: &str) {
    let Some(cite) = cites.last_mut() else {
        return;
    };
    let key = path
        .iter()
        .filter(|n| *n != "style")
        .cloned()
        .collect::<Vec<_>>()
        .join("/");
    match cite.texts.last_mut() {
        Some((p, t)) if *p == key => t.push_str(text),
        _ => cite.texts.push((key, text.to_string())),
    }
}

/// EndNote reference types as CSL types.
fn endnote_type(name: &str) -> &'static str {
    match name {
        "Book" | "Edited Book" | "Electronic Book" => "book",
        "Book Section" | "Electronic Book Section" | "Encyclopedia" | "Dictionary" => "chapter",
        "Journal Article" | "Electronic Article" => "article-journal",
        "Magazine Article" => "article-magazine",
        "Newspaper Article" => "article-newspaper",
        "Web Page" | "Blog" => "webpage",
        "Report" | "Government Document" => "report",
        "Thesis" => "thesis",
        "Conference Paper" | "Conference Proceedings" => "paper-conference",
        "Interview" | "Personal Communication" => "interview",
        "Manuscript" | "Unpublished Work" => "manuscript",
        _ => "",
    }
}

/// EndNote record elements and the citation parser's names for them.
const ENDNOTE_FIELDS: &[(&str, &str)] = &[
    ("record/titles/title", "title"),
    ("record/titles/secondary-title", "container_title"),
    ("record/periodical/full-title", "container_title"),
    ("record/publisher", "publisher"),
    ("record/pub-location", "place"),
    ("record/volume", "volume"),
    ("record/dates/year", "date"),
    ("record/access-date", "accessed"),
    ("record/electronic-resource-num", "doi"),
    ("record/isbn", "isbn"),
    ("record/urls/related-urls/url", "url"),
    ("record/urls/web-urls/url", "url"),
    ("record/archive-location", "identifier"),
];

fn endnote_work(cite: &Cite) -> CitedWork {
    let mut fields: Vec<(&'static str, String)> = cite
        .authors
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| ("author", a.clone()))
        .collect();
    for &(path, name) in ENDNOTE_FIELDS {
        if fields.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if let Some(value) = cite.text(path) {
            let value = if name == "isbn" {
                value
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            } else {
                value
            };
            fields.push((name, value));
        }
    }
    let csl = endnote_type(&cite.ref_type);
    let archived = fields.iter().any(|(n, _)| *n == "identifier");
    CitedWork {
        kind: csl_kind(csl, archived),
        source_type: if csl.is_empty() {
            cite.ref_type.clone()
        } else {
            csl.to_string()
        },
        fields,
        locator: cite.text("Pages"),
    }
}

/// The Zotero citation an ODF mark stands for: a reference mark named `ZOTERO_ITEM
/// CSL_CITATION {json} RND…`, or a bookmark `ZOTERO_BREF_…` whose code is in the document
/// properties `ZOTERO_BREF_…_1`, `_2`, … (`property` looks one up).
pub fn zotero_mark(name: &str, property: &dyn Fn(&str) -> Option<String>) -> Option<Managed> {
    let code = if name.starts_with("ZOTERO_BREF_") {
        let mut code = String::new();
        for k in 1.. {
            match property(&format!("{name}_{k}")) {
                Some(piece) => code.push_str(&piece),
                None => break,
            }
        }
        code
    } else {
        name.to_string()
    };
    let rest = code.strip_prefix("ZOTERO_")?;
    rest.starts_with("ITEM")
        .then(|| csl_citation(rest, Manager::Zotero))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_fields() {
        assert_eq!(
            classify(r#" HYPERLINK "https://x.org/a" \o "Tip" "#, None),
            Instruction::Hyperlink("https://x.org/a".into())
        );
        assert_eq!(
            classify(r#"HYPERLINK \l "sources""#, None),
            Instruction::Anchor
        );
        assert_eq!(
            classify(r#"hyperlink "file.docx" \l "b""#, None),
            Instruction::Hyperlink("file.docx#b".into())
        );
        assert_eq!(classify(" PAGE ", None), Instruction::Other);
        assert_eq!(classify("", None), Instruction::Other);
        assert_eq!(classify("ADDIN ZOTERO_BIBL {}", None), Instruction::Other);
    }

    #[test]
    fn csl_citations() {
        let instr = r#" ADDIN ZOTERO_ITEM CSL_CITATION {"properties":{"plainCitation":"Doe, Title, 4."},"citationItems":[{"itemData":{"type":"book","title":"Title","author":[{"family":"Doe","given":"Jane"}],"issued":{"date-parts":[["1986",10]]},"ISBN":"978-0-306-40615-7 0-306-40615-2"},"locator":4}]} "#;
        let Instruction::Citation(c) = classify(instr, None) else {
            panic!()
        };
        assert_eq!(c.manager, Manager::Zotero);
        assert_eq!(c.generated.as_deref(), Some("Doe, Title, 4."));
        let w = &c.works[0];
        assert_eq!((w.kind, w.locator.as_deref()), (Kind::Book, Some("4")));
        assert_eq!(w.get("author"), Some("Doe, Jane"));
        assert_eq!(w.get("date"), Some("1986-10"));
        assert_eq!(w.get("isbn"), Some("978-0-306-40615-7"));
        let mendeley = r#"ADDIN Mendeley Citation{9c1d} CSL_CITATION {"citationItems":[{"itemData":{"type":"webpage"}}],"mendeley":{"plainTextFormattedCitation":"W"}}"#;
        let Instruction::Citation(c) = classify(mendeley, None) else {
            panic!()
        };
        assert_eq!(
            (c.manager, c.works[0].kind, c.generated.as_deref()),
            (Manager::Mendeley, Kind::WebPage, Some("W"))
        );
        // JSON cut short is no citation.
        assert_eq!(
            classify("ADDIN CSL_CITATION {\"citationItems\":[", None),
            Instruction::Other
        );
    }

    #[test]
    fn endnote_records() {
        let xml = "<EndNote><Cite><Pages>38</Pages><DisplayText>M, <style face=\"italic\">War</style>, 38.</DisplayText><record><ref-type name=\"Book Section\">5</ref-type><contributors><authors><author><style>Millett, Allan R.</style></author></authors></contributors><titles><title>Road</title><secondary-title>War</secondary-title></titles><dates><year>2010</year></dates></record></Cite></EndNote>";
        let inline = classify(&format!("ADDIN EN.CITE {xml}"), None);
        let encoded = base64::engine::general_purpose::STANDARD.encode(xml);
        let data = classify("ADDIN EN.CITE ", Some(&encoded));
        assert_eq!(inline, data);
        let Instruction::Citation(c) = inline else {
            panic!()
        };
        assert_eq!(c.generated.as_deref(), Some("M, War, 38."));
        let w = &c.works[0];
        assert_eq!((w.kind, w.locator.as_deref()), (Kind::Chapter, Some("38")));
        assert_eq!(w.get("author"), Some("Millett, Allan R."));
        assert_eq!(w.get("container_title"), Some("War"));
        assert_eq!(
            classify("ADDIN EN.CITE.DATA ", Some(&encoded)),
            Instruction::Other
        );
    }
}
