//! `json`: the machine-readable report. Its shape is documented in the README and stable:
//! fields may be added, never renamed or removed.

use serde::Serialize;
use std::io::{self, Write};

use super::{FileReport, Reporter, Run, Summary, range};
use crate::model::LinkStats;
use crate::model::Severity;

pub struct Json;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    diagnostics: Vec<Diag<'a>>,
    summary: Counts,
    /// Link checker counts; `null` with `--offline`.
    links: Option<&'a LinkStats>,
    /// Provenance lookups by outcome; absent when no registry or archive was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<&'a crate::model::ProvenanceStats>,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    /// Each note's citations, as `citelint cite` prints them.
    notes: Vec<NoteCitations<'a>>,
}

#[derive(Serialize)]
struct NoteCitations<'a> {
    label: &'a str,
    line: usize,
    citations: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    path: &'a str,
    #[serde(flatten)]
    region: Region,
    help: Option<&'a str>,
    note: Option<&'a str>,
    fix: Option<Fix<'a>>,
    /// A dead link's archived copy, when one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    archive: Option<&'a crate::model::ArchivedCopy>,
}

#[derive(Serialize)]
struct Fix<'a> {
    replacement: &'a str,
    #[serde(flatten)]
    region: Region,
}

/// Where a span is: 1-based lines and character columns (the end just past it) and byte offsets.
#[derive(Serialize)]
struct Region {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    /// The page, in a rendition with pages (a PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
    /// The part, in a rendition with parts (a DOCX: `body`, `footnotes`, `endnotes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
}

impl Region {
    fn of(source: &crate::model::Source, span: &crate::model::Span) -> Self {
        let (start, end) = range(source, span);
        Region {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: span.start,
            end: span.end,
            page: source.page(span.start),
            part: source.part(span.start),
        }
    }
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Warnings fail the run (`--deny warnings`).
    deny_warnings: bool,
}

impl Reporter for Json {
    fn report(&self, files: &[FileReport], run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut diagnostics = Vec::new();
        for file in files {
            for d in &file.diagnostics {
                let fix = d
                    .fix
                    .as_ref()
                    .filter(|f| !super::is_rendition(file.source_of(f.span)))
                    .map(|f| Fix {
                        replacement: &f.replacement,
                        region: Region::of(file.source_of(f.span), &f.span),
                    });
                diagnostics.push(Diag {
                    code: d.rule.code,
                    name: d.rule.name,
                    severity: d.severity,
                    message: &d.message,
                    path: file.source_of(d.span).name(),
                    region: Region::of(file.source_of(d.span), &d.span),
                    help: d.help.as_deref(),
                    note: d.note.as_deref(),
                    fix,
                    archive: d.archive.as_ref(),
                });
            }
        }
        let summary = Summary::of(files);
        let report = Report {
            version: 1,
            files: files
                .iter()
                .map(|f| File {
                    path: f.source().name(),
                    notes: f
                        .manuscript
                        .notes
                        .iter()
                        .map(|n| NoteCitations {
                            label: &n.label,
                            line: f.source_of(n.label_span).position(n.label_span.start).line,
                            citations: crate::cite::note_json(&n.citations, f.style),
                        })
                        .collect(),
                })
                .collect(),
            diagnostics,
            summary: Counts {
                errors: summary.errors,
                warnings: summary.warnings,
                infos: summary.infos,
                deny_warnings: run.deny_warnings.is_some(),
            },
            links: run.links,
            provenance: run.provenance.filter(|p| p.lookups > 0),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
