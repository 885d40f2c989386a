//! `check --fix`: apply the machine-applicable fixes (a split URL joined, a moved link replaced
//! by its new address) to the manuscript files, atomically.
//!
//! A manuscript is never modified unless the user asks. When asked, the new text is written with
//! [`crate::atomic::write_atomically`] (a temporary file beside the original, given its
//! permissions, renamed over it), so a crash never leaves half a thesis. A symbolic link is
//! followed (the link stays, its target is fixed). Left alone, with a message saying why and
//! their findings still reported: standard input, files that were not valid UTF-8 (their
//! decoded text would replace the invalid bytes), read-only files, files whose directory
//! cannot be written, and documents citelint reads through a rendition (PDF, DOCX, ODT: the
//! text fixed would be the rendition, not the file).

use std::path::PathBuf;

use crate::model::Fix;
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
/// for standard error (files fixed, files left alone and why). A file that cannot be fixed (standard
/// input, not valid UTF-8, read-only, in a directory that cannot be written) keeps its
/// findings, and the others are still fixed. A symbolic link is followed: its target is
/// rewritten and the link stays a link.
pub fn fix_files(files: &mut [FileReport]) -> Vec<String> {
    fix_files_with(files, crate::atomic::write_atomically)
}

/// [`fix_files`], writing each file with `write`.
fn fix_files_with(
    files: &mut [FileReport],
    write: impl Fn(&std::path::Path, &[u8]) -> std::io::Result<()>,
) -> Vec<String> {
    let mut messages = Vec::new();
    for file in files.iter_mut() {
        // A manuscript may span several files: each is fixed on its own.
        for source in &file.sources {
            let fixes: Vec<&Fix> = file
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| f.span.file == source.id())
                .collect();
            if fixes.is_empty() {
                continue;
            }
            let name = source.name();
            if crate::report::is_rendition(source) {
                messages.push(format!(
                    "`{name}` not fixed: citelint never rewrites a {} (its findings point into the text `citelint extract --format text` prints); make the changes in the document",
                    document_kind(file.manuscript.format)
                ));
                continue;
            }
            let target = match writable_target(source) {
                Ok(target) => target,
                Err(why) => {
                    messages.push(format!("`{name}` not fixed: {why}"));
                    continue;
                }
            };
            let (text, applied) = apply(source.text(), &fixes);
            if let Err(e) = write(&target, text.as_bytes()) {
                messages.push(format!("`{name}` not fixed: cannot write it ({e})"));
                continue;
            }
            let id = source.id();
            file.diagnostics
                .retain(|d| d.fix.as_ref().is_none_or(|f| f.span.file != id));
            messages.push(format!("fixed {applied} finding(s) in `{name}`"));
        }
    }
    messages
}

/// What a document that is not text is called in messages.
fn document_kind(format: crate::model::Format) -> &'static str {
    match format {
        crate::model::Format::Docx => "Word document",
        crate::model::Format::Odt => "OpenDocument text",
        crate::model::Format::Pdf => "PDF",
        _ => "document that is not text",
    }
}

/// The file to write a source's fixes to (a symbolic link's target), or why there is none.
fn writable_target(source: &crate::model::Source) -> Result<PathBuf, String> {
    let Some(path) = source.path() else {
        return Err("standard input cannot be written back".to_string());
    };
    if source.lossy {
        return Err("it is not valid UTF-8".to_string());
    }
    // A rendition with pages is citelint's reading of a PDF: the file is never rewritten.
    if source.page(0).is_some() {
        return Err("it is a PDF, which citelint reads but never rewrites; fix the document it was made from".to_string());
    }
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot find it ({e})"))?;
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot read it ({e})"))?;
    if meta.permissions().readonly() {
        return Err("it is read-only".to_string());
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileId, Span};

    fn report_of(path: &std::path::Path) -> FileReport {
        let text = std::fs::read_to_string(path).unwrap();
        let source = crate::model::Source::new(path.display().to_string(), text)
            .with_path(Some(path.to_path_buf()));
        let manuscript = crate::extract::extract(&source);
        let diagnostics = crate::rules::check(
            &source,
            &manuscript,
            None,
            &crate::rules::Options::default(),
        );
        FileReport {
            sources: vec![source],
            manuscript,
            diagnostics,
            style: crate::cite::style::default_style(),
        }
    }

    #[test]
    fn a_file_that_cannot_be_written_keeps_its_findings_and_the_run_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        for p in [&a, &b] {
            std::fs::write(
                p,
                "See http://www.digitalarchive. wilsoncenter.org for it.\n",
            )
            .unwrap();
        }
        let mut files = vec![report_of(&a), report_of(&b)];
        let a_target = std::fs::canonicalize(&a).unwrap();
        let messages = fix_files_with(&mut files, |path, bytes| {
            if path == a_target {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                crate::atomic::write_atomically(path, bytes)
            }
        });
        assert!(
            messages[0].contains("not fixed: cannot write it"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("fixed 1 finding(s)"),
            "{messages:?}"
        );
        assert_eq!(files[0].diagnostics.len(), 1, "the unfixed finding stays");
        assert!(files[1].diagnostics.is_empty());
        assert!(
            std::fs::read_to_string(&b)
                .unwrap()
                .contains("digitalarchive.wilsoncenter")
        );
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_are_skipped() {
        let fixes = [
            Fix {
                span: Span::new(FileId(0), 4..6),
                replacement: "X".into(),
            },
            Fix {
                span: Span::new(FileId(0), 0..2),
                replacement: "ab".into(),
            },
            Fix {
                span: Span::new(FileId(0), 5..7),
                replacement: "Y".into(),
            },
        ];
        let refs: Vec<&Fix> = fixes.iter().collect();
        assert_eq!(apply("0123456789", &refs), ("ab23X6789".to_string(), 2));
    }
}
