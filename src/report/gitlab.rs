//! `gitlab`: a GitLab Code Quality report (a JSON array of issues with `description`,
//! `check_name`, `fingerprint`, `severity` and `location.path` / `location.lines.begin`), for the
//! merge request widget. The fingerprint is stable across runs: a hash of the file, the rule,
//! the text underlined and the message, not of the line (so an edit above does not make an old
//! finding look new).

use serde_json::json;
use std::io::{self, Write};

use super::{FileReport, Reporter, Run};
use crate::model::Severity;

pub struct Gitlab;

/// FNV-1a, 64 bits, as hex.
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

impl Reporter for Gitlab {
    fn report(&self, files: &[FileReport], _run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut issues = Vec::new();
        for file in files {
            for d in &file.diagnostics {
                let source = file.source_of(d.span);
                let text = &source.text()[d.span];
                let severity = match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                };
                issues.push(json!({
                    "description": format!("{} [{}]", d.message, d.rule.code),
                    "check_name": d.rule.name,
                    "fingerprint": fingerprint(&[source.name(), d.rule.code, text, &d.message]),
                    "severity": severity,
                    "location": {
                        "path": source.name(),
                        "lines": { "begin": source.position(d.span.start).line },
                    },
                }));
            }
        }
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}
