//! `json`: the machine-readable report. Its shape is documented in the README and stable:
//! fields may be added, never renamed or removed.

use serde::Serialize;
use std::io::{self, Write};

use super::{FileReport, Reporter, Summary, range};
use crate::diagnostic::Severity;

pub struct Json;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    diagnostics: Vec<Diag<'a>>,
    summary: Counts,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    help: Option<&'a str>,
    note: Option<&'a str>,
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Fix<'a> {
    replacement: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Reporter for Json {
    fn report(&self, files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
        let mut diagnostics = Vec::new();
        for file in files {
            let path = file.source.name();
            for d in &file.diagnostics {
                let (start, end) = range(&file.source, &d.span);
                let fix = d.fix.as_ref().map(|f| {
                    let (fs, fe) = range(&file.source, &f.span);
                    Fix {
                        replacement: &f.replacement,
                        line: fs.line,
                        column: fs.column,
                        end_line: fe.line,
                        end_column: fe.column,
                        start: f.span.start,
                        end: f.span.end,
                    }
                });
                diagnostics.push(Diag {
                    code: d.rule.code,
                    name: d.rule.name,
                    severity: d.severity,
                    message: &d.message,
                    path,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    start: d.span.start,
                    end: d.span.end,
                    help: d.help.as_deref(),
                    note: d.note.as_deref(),
                    fix,
                });
            }
        }
        let summary = Summary::of(files);
        let report = Report {
            version: 1,
            files: files
                .iter()
                .map(|f| File {
                    path: f.source.name(),
                })
                .collect(),
            diagnostics,
            summary: Counts {
                errors: summary.errors,
                warnings: summary.warnings,
                infos: summary.infos,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }
}
