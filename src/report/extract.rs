//! What `citelint extract` prints: every reference, note and link found, with positions. The
//! JSON form is the interface that evaluations and other tools read; keep it stable (add
//! fields, never rename them).

use serde::Serialize;
use std::io::{self, Write};

use super::FileReport;

#[derive(Serialize)]
struct Dump<'a> {
    version: u32,
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    refs: Vec<Ref<'a>>,
    notes: Vec<Note<'a>>,
    links: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct Ref<'a> {
    label: &'a str,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    section: usize,
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
}

fn dump(files: &[FileReport]) -> Dump<'_> {
    Dump {
        version: 1,
        files: files
            .iter()
            .map(|f| {
                let src = &f.source;
                let m = &f.manuscript;
                File {
                    path: src.name(),
                    refs: m
                        .refs
                        .iter()
                        .map(|r| {
                            let p = src.position(r.span.start);
                            Ref {
                                label: &r.label,
                                line: p.line,
                                column: p.column,
                                start: r.span.start,
                                end: r.span.end,
                                section: r.section,
                            }
                        })
                        .collect(),
                    notes: m
                        .notes
                        .iter()
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
                            }
                        })
                        .collect(),
                    links: m
                        .links
                        .iter()
                        .map(|l| {
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
                            }
                        })
                        .collect(),
                }
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
    }
    Ok(())
}
