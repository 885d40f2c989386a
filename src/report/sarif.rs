//! `sarif`: SARIF 2.1.0, the format code-scanning dashboards (GitHub code scanning, Azure
//! DevOps, SonarQube) read. Every rule is described in the tool's driver (id, name, help,
//! default level); every finding is a result with its region and, where there is one, its fix.
//! Columns count Unicode code points, as the run declares.

use serde_json::{Value, json};
use std::io::{self, Write};

use super::{FileReport, Reporter, Run, range};
use crate::model::{Severity, Span};

use crate::rules::RULES;

pub struct Sarif;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A span's region; in a rendition with pages (a PDF's), its page is the region's `page`
/// property.
fn region(file: &FileReport, span: &Span) -> Value {
    let source = file.source_of(*span);
    let (start, end) = range(source, span);
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    });
    if let Some(page) = source.page(span.start) {
        region["properties"] = json!({ "page": page });
    }
    region
}

impl Reporter for Sarif {
    fn report(&self, files: &[FileReport], _run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                let info = r.info();
                json!({
                    "id": info.code,
                    "name": info.name,
                    "shortDescription": { "text": info.summary },
                    "help": { "text": info.doc(), "markdown": info.doc() },
                    "defaultConfiguration": { "level": level(info.severity) },
                })
            })
            .collect();
        let mut results = Vec::new();
        for file in files {
            for d in &file.diagnostics {
                let uri = file.source_of(d.span).name();
                let index = RULES
                    .iter()
                    .position(|r| std::ptr::eq(r.info(), d.rule))
                    .unwrap_or(0);
                let mut text = d.message.clone();
                if let Some(help) = &d.help {
                    text.push_str(&format!("\nhelp: {help}"));
                }
                let mut result = json!({
                    "ruleId": d.rule.code,
                    "ruleIndex": index,
                    "level": level(d.severity),
                    "message": { "text": text },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": region(file, &d.span),
                        }
                    }],
                });
                let fix = d
                    .fix
                    .as_ref()
                    .filter(|f| !super::is_rendition(file.source_of(f.span)));
                if let Some(fix) = fix {
                    result["fixes"] = json!([{
                        "description": { "text": d.help.clone().unwrap_or_default() },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri },
                            "replacements": [{
                                "deletedRegion": region(file, &fix.span),
                                "insertedContent": { "text": fix.replacement },
                            }],
                        }],
                    }]);
                }
                results.push(result);
            }
        }
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "citelint",
                        "version": env!("CARGO_PKG_VERSION"),
                        "informationUri": "https://crates.io/crates/citelint",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
