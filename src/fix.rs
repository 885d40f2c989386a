//! `check --fix`: apply the machine-applicable fixes (a split URL joined, a moved link replaced
//! by its new address) to the manuscript files, atomically.
//!
//! A manuscript is never modified unless the user asks. When asked, the new text is written with
//! [`crate::input::write_atomically`] (a temporary file beside the original, given its
//! permissions, renamed over it), so a crash never leaves half a thesis. Standard input, and files that were not valid
//! UTF-8 (their decoded text would replace the invalid bytes), are left alone.

use crate::diagnostic::Fix;
use crate::input::{Error, STDIN_NAME};
use crate::report::FileReport;

/// The text with every fix applied; overlapping fixes after the first are skipped. Returns the
/// new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for fix in sorted {
        if fix.span.start < at || fix.span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..fix.span.start]);
        out.push_str(&fix.replacement);
        at = fix.span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Fix every file of the run in place, dropping the findings that were fixed. Returns messages
/// for standard error (files fixed, files left alone).
pub fn fix_files(files: &mut [FileReport]) -> Result<Vec<String>, Error> {
    let mut messages = Vec::new();
    for file in files.iter_mut() {
        let fixes: Vec<&Fix> = file
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .collect();
        if fixes.is_empty() {
            continue;
        }
        let name = file.source.name().to_string();
        if name == STDIN_NAME || file.source.lossy {
            messages.push(format!(
                "`{name}` not fixed: {}",
                if name == STDIN_NAME {
                    "standard input cannot be written back"
                } else {
                    "it is not valid UTF-8"
                }
            ));
            continue;
        }
        let (text, applied) = apply(file.source.text(), &fixes);
        crate::input::write_atomically(std::path::Path::new(&name), text.as_bytes()).map_err(
            |source| Error::Write {
                path: name.clone(),
                source,
            },
        )?;
        file.diagnostics.retain(|d| d.fix.is_none());
        messages.push(format!("fixed {applied} finding(s) in `{name}`"));
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_apply_in_order_and_overlaps_are_skipped() {
        let fixes = [
            Fix {
                span: 4..6,
                replacement: "X".into(),
            },
            Fix {
                span: 0..2,
                replacement: "ab".into(),
            },
            Fix {
                span: 5..7,
                replacement: "Y".into(),
            },
        ];
        let refs: Vec<&Fix> = fixes.iter().collect();
        assert_eq!(apply("0123456789", &refs), ("ab23X6789".to_string(), 2));
    }
}
