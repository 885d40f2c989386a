//! What `citelint extract` prints: every reference, note and link found, with positions. The
//! JSON form is the interface that evaluations and other tools read; keep it stable (add
//! fields, never rename them).

use serde::Serialize;
use std::io::{self, Write};

use super::FileReport;
use crate::model::{self, Source};

#[derive(Serialize)]
struct Dump<'a> {
    version: u32,
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    /// The format the file was read as (`text`, `markdown`, …).
    format: &'static str,
    refs: Vec<Ref<'a>>,
    notes: Vec<Note<'a>>,
    links: Vec<Link<'a>>,
    /// Citations by key (pandoc `[@key]`, LaTeX `\\cite{key}`).
    cites: Vec<Cite<'a>>,
    /// Citations a reference manager inserted (DOCX, ODT), with its data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reference_manager: Vec<Managed<'a>>,
    /// The entries of a bibliography file (`.bib`); absent for other files.
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<Vec<Entry<'a>>>,
}

#[derive(Serialize)]
struct Managed<'a> {
    manager: model::Manager,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    visible: &'a str,
    generated: Option<&'a str>,
    edited: bool,
    works: Vec<Work<'a>>,
}

#[derive(Serialize)]
struct Work<'a> {
    #[serde(rename = "type")]
    source_type: &'a str,
    kind: &'static str,
    fields: serde_json::Map<String, serde_json::Value>,
    locator: Option<&'a str>,
}

#[derive(Serialize)]
struct Entry<'a> {
    key: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Cite<'a> {
    keys: Vec<&'a str>,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    in_note: bool,
    items: Vec<CiteItem<'a>>,
}

#[derive(Serialize)]
struct CiteItem<'a> {
    key: &'a str,
    prefix: Option<&'a str>,
    locator: Option<&'a str>,
    suffix: Option<&'a str>,
    suppress_author: bool,
}

#[derive(Serialize)]
struct Ref<'a> {
    label: &'a str,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    section: usize,
    /// The part of a rendition it is in (DOCX, ODT: `body`).
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    /// The page, in a rendition with pages (a PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

#[derive(Serialize)]
struct Note<'a> {
    label: &'a str,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    text: &'a str,
    text_start: usize,
    text_end: usize,
    section: usize,
    citations: Vec<serde_json::Value>,
    /// The part of a rendition it is in (DOCX, ODT: `footnotes`, `endnotes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    /// The page, in a rendition with pages (a PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

#[derive(Serialize)]
struct Link<'a> {
    url: String,
    text: &'a str,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    repaired: bool,
    valid: bool,
    /// The part of a rendition it is in (DOCX, ODT: `body`, `footnotes`, `endnotes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    /// The page, in a rendition with pages (a PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
}

fn dump(files: &[FileReport]) -> Dump<'_> {
    Dump {
        version: 1,
        files: files
            .iter()
            .flat_map(|f| f.sources.iter().map(move |s| file(f, s)))
            .collect(),
    }
}

/// What one file of a manuscript holds (a manuscript may span several: a LaTeX project's
/// chapters, its `.bib`).
fn file<'a>(f: &'a FileReport, src: &'a Source) -> File<'a> {
    let m = &f.manuscript;
    let id = src.id();
    let here = move |s: model::Span| s.file == id;
    let bib = m.format == model::Format::Bibtex
        || (src.id() != f.source().id()
            && src
                .path()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("bib")));
    File {
        path: src.name(),
        format: if bib { "bibtex" } else { m.format.as_str() },
        refs: m
            .refs
            .iter()
            .filter(|r| here(r.span))
            .map(|r| {
                let p = src.position(r.span.start);
                Ref {
                    label: &r.label,
                    line: p.line,
                    column: p.column,
                    start: r.span.start,
                    end: r.span.end,
                    section: r.section,
                    part: src.part(r.span.start),
                    page: src.page(r.span.start),
                }
            })
            .collect(),
        notes: m
            .notes
            .iter()
            .filter(|n| here(n.label_span))
            .map(|n| {
                let p = src.position(n.label_span.start);
                Note {
                    label: &n.label,
                    line: p.line,
                    column: p.column,
                    start: n.label_span.start,
                    end: n.label_span.end,
                    text: &n.text,
                    text_start: n.text_span.start,
                    text_end: n.text_span.end,
                    section: n.section,
                    citations: crate::cite::note_json(&n.citations, f.style),
                    part: src.part(n.label_span.start),
                    page: src.page(n.label_span.start),
                }
            })
            .collect(),
        links: m
            .links
            .iter()
            .filter(|l| here(l.span))
            .map(|l| link(src, l))
            .collect(),
        cites: m
            .cites
            .iter()
            .filter(|c| here(c.span))
            .map(|c| cite(src, c))
            .collect(),
        reference_manager: m
            .managed
            .iter()
            .filter(|c| here(c.span))
            .map(|c| managed(src, c))
            .collect(),
        entries: bib.then(|| {
            m.entries
                .iter()
                .filter(|e| here(e.span))
                .map(|e| {
                    let p = src.position(e.span.start);
                    Entry {
                        key: &e.key,
                        kind: &e.kind,
                        line: p.line,
                        column: p.column,
                    }
                })
                .collect()
        }),
    }
}

fn managed<'a>(src: &Source, c: &'a model::ManagedCitation) -> Managed<'a> {
    let p = src.position(c.span.start);
    Managed {
        manager: c.manager,
        line: p.line,
        column: p.column,
        start: c.span.start,
        end: c.span.end,
        part: src.part(c.span.start),
        visible: &c.visible,
        generated: c.generated.as_deref(),
        edited: c.edited(),
        works: c
            .works
            .iter()
            .map(|w| {
                let mut fields = serde_json::Map::new();
                for (name, value) in &w.fields {
                    let value = serde_json::Value::String(value.clone());
                    if *name == "author" || *name == "editor" {
                        let list = fields
                            .entry(*name)
                            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                        if let serde_json::Value::Array(items) = list {
                            items.push(value);
                        }
                    } else {
                        fields.entry(*name).or_insert(value);
                    }
                }
                Work {
                    source_type: &w.source_type,
                    kind: w.kind.as_str(),
                    fields,
                    locator: w.locator.as_deref(),
                }
            })
            .collect(),
    }
}

fn link<'a>(src: &Source, l: &'a model::Link) -> Link<'a> {
    let p = src.position(l.span.start);
    Link {
        url: l.url(),
        text: &l.text,
        line: p.line,
        column: p.column,
        start: l.span.start,
        end: l.span.end,
        repaired: l.repaired,
        valid: l.parsed.is_ok(),
        part: src.part(l.span.start),
        page: src.page(l.span.start),
    }
}

fn cite<'a>(src: &Source, c: &'a model::Cite) -> Cite<'a> {
    let p = src.position(c.span.start);
    Cite {
        keys: c.items.iter().map(|i| i.key.as_str()).collect(),
        line: p.line,
        column: p.column,
        start: c.span.start,
        end: c.span.end,
        in_note: c.in_note,
        items: c
            .items
            .iter()
            .map(|i| CiteItem {
                key: &i.key,
                prefix: i.prefix.as_deref(),
                locator: i.locator.as_deref(),
                suffix: i.suffix.as_deref(),
                suppress_author: i.suppress_author,
            })
            .collect(),
    }
}

/// `extract --format json`.
pub fn extract_json(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &dump(files))?;
    writeln!(out)
}

/// `extract --format human`: a table per file.
pub fn extract_human(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for (i, f) in dump(files).files.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", f.path)?;
        writeln!(out, "  references ({})", f.refs.len())?;
        for r in &f.refs {
            writeln!(out, "    {:>4}  {}:{}", r.label, r.line, r.column)?;
        }
        writeln!(out, "  notes ({})", f.notes.len())?;
        for n in &f.notes {
            writeln!(
                out,
                "    {:>4}  {}:{}  {}",
                n.label, n.line, n.column, n.text
            )?;
        }
        writeln!(out, "  links ({})", f.links.len())?;
        for l in &f.links {
            let repaired = if l.repaired {
                format!("  (joined from `{}`)", l.text.replace('\n', "\\n"))
            } else {
                String::new()
            };
            writeln!(out, "    {}:{}  {}{}", l.line, l.column, l.url, repaired)?;
        }
        if !f.cites.is_empty() {
            writeln!(out, "  citations by key ({})", f.cites.len())?;
            for c in &f.cites {
                writeln!(out, "    {}:{}  @{}", c.line, c.column, c.keys.join(", @"))?;
            }
        }
        if let Some(entries) = &f.entries {
            writeln!(out, "  entries ({})", entries.len())?;
            for e in entries {
                writeln!(out, "    {}:{}  @{}{{{}}}", e.line, e.column, e.kind, e.key)?;
            }
        }
    }
    Ok(())
}

/// `extract --format text`: the text that lines and columns refer to (for plain text and
/// Markdown, the file itself; for other formats, the reader's rendition), files one after
/// another.
pub fn extract_text(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for f in files {
        out.write_all(f.source().text().as_bytes())?;
    }
    Ok(())
}
