use super::{Context, Rule, rule_info};
use crate::model::Diagnostic;

rule_info!(
    "I001",
    "invalid-utf8",
    Warning,
    "a manuscript that is not valid UTF-8",
    "invalid_utf8.rs"
);

/// ## What it does
/// Reports a manuscript whose bytes are not valid UTF-8. citelint reads it anyway, replacing
/// each invalid sequence with `U+FFFD` (�), and points at the first one.
///
/// ## Why is this bad?
/// The text was probably saved in a legacy encoding (Latin-1, Windows-1252) or damaged in
/// extraction: names with accents and quotation marks are garbled, and URLs that contain them
/// cannot be checked.
///
/// ## Example
/// A file saved as Windows-1252 with `“quoted”` text.
///
/// ## How to fix
/// Extract the text again as UTF-8 (`pdftotext -enc UTF-8`), or convert the file
/// (`iconv -f WINDOWS-1252 -t UTF-8`).
pub struct InvalidUtf8;

impl Rule for InvalidUtf8 {
    fn info(&self) -> &'static crate::model::RuleInfo {
        &INFO
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.source.lossy {
            return;
        }
        let text = cx.source.text();
        let count = text.matches('\u{fffd}').count();
        let at = text.find('\u{fffd}').unwrap_or(0);
        let end = (at + '\u{fffd}'.len_utf8()).min(text.len());
        out.push(
            Diagnostic::new(&INFO, cx.source.span(at..end), "file is not valid UTF-8")
                .label("first invalid byte sequence, replaced with `U+FFFD`")
                .note(format!("{count} invalid byte sequence(s) were replaced"))
                .help("convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`, or extract it again with `pdftotext -enc UTF-8`"),
        );
    }
}
