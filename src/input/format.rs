//! Which format a manuscript is in: from its extension, and from its content where the
//! extension is missing (standard input, `thesis` with no extension) or says something else than
//! the bytes (a PDF saved as `thesis.txt`).
//!
//! Content always wins for formats with a signature (`%PDF-`, a ZIP holding
//! `word/document.xml` or an OpenDocument `mimetype`, an OLE compound file); plain text and
//! Markdown cannot be told apart reliably, so for those the extension decides, and only text
//! with no extension is sniffed (a line opening a Markdown footnote definition, `[^1]:`, or YAML
//! front matter make it Markdown; `\documentclass` makes it LaTeX).

use std::path::Path;

use crate::model::Format;

/// The extensions read as each format (compared without case).
pub const EXTENSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("qmd", Format::Markdown),
    ("rmd", Format::Markdown),
    ("pdf", Format::Pdf),
    ("docx", Format::Docx),
    ("odt", Format::Odt),
    ("tex", Format::Latex),
    ("ltx", Format::Latex),
    ("bib", Format::Bibtex),
    ("doc", Format::Doc),
];

/// The extensions a directory walk reads by default: every format a thesis is kept in, read
/// or not yet read (an unread one is refused with a message, never skipped in silence). `.bib`
/// files are read through the manuscripts that cite them, and `.doc` files are old copies more
/// often than manuscripts, so neither is walked unless `[files] extensions` asks.
pub const WALKED: &[&str] = &[
    "txt", "md", "markdown", "qmd", "rmd", "pdf", "docx", "odt", "tex",
];

/// The format of a file named `path` (none for standard input) holding `bytes`.
pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Format {
    if let Some(format) = by_signature(bytes) {
        return format;
    }
    let by_extension = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .and_then(|e| {
            EXTENSIONS
                .iter()
                .find(|(x, _)| x.eq_ignore_ascii_case(e))
                .map(|(_, f)| *f)
        });
    match by_extension {
        // A DOCX or ODT without its signature is one the reader says is not what its name
        // claims (a text file renamed, a ZIP of something else), rather than text read in
        // silence.
        Some(format @ (Format::Docx | Format::Odt)) => format,
        // Another binary format whose signature is missing is not that format: read it as
        // text, and let the text rules (and `I001` for invalid UTF-8) say what they find.
        Some(Format::Pdf | Format::Doc) | None => sniff_text(bytes),
        Some(format) => format,
    }
}

/// Formats with a signature in their first bytes.
fn by_signature(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE compound file: a Word 97-2003 document, or an encrypted DOCX (which Word
        // also stores in one); the DOCX reader tells them apart.
        return Some(Format::Doc);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let odf = bytes.get(30..38) == Some(b"mimetype")
            && memchr::memmem::find(&bytes[..bytes.len().min(200)], b"opendocument.text").is_some();
        if odf {
            return Some(Format::Odt);
        }
        if memchr::memmem::find(bytes, b"word/document.xml").is_some() {
            return Some(Format::Docx);
        }
    }
    None
}

/// Text with no telling extension: Markdown or LaTeX when the text says so, else plain text.
fn sniff_text(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    if text.contains("\\documentclass") {
        return Format::Latex;
    }
    let front_matter = text.starts_with("---\n") || text.starts_with("---\r\n");
    let definition = text.lines().any(|l| {
        l.strip_prefix("[^")
            .and_then(|rest| rest.split_once("]:"))
            .is_some_and(|(label, _)| !label.is_empty() && !label.contains(char::is_whitespace))
    });
    if front_matter || definition {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// How a format is described to the user, and what to do with a file citelint does not read
/// yet; `None` for the formats it reads.
pub fn unread(format: Format, path: &str) -> Option<(String, String)> {
    let (what, help) = match format {
        Format::Text
        | Format::Markdown
        | Format::Pdf
        | Format::Docx
        | Format::Odt
        | Format::Latex
        | Format::Bibtex => return None,
        // The office reader refuses what it cannot read itself, saying which (`.doc`, or an
        // encrypted DOCX in the same container).
        Format::Doc => (
            "a Word 97-2003 document (or an encrypted Word document)",
            format!(
                "save `{path}` as a Word document (`.docx`) and check that (for an encrypted file, remove the password first)"
            ),
        ),
    };
    Some((what.to_string(), help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(name: &str, bytes: &[u8]) -> Format {
        detect(Some(Path::new(name)), bytes)
    }

    #[test]
    fn extension_then_content() {
        assert_eq!(at("ch1.md", b"# One\n"), Format::Markdown);
        assert_eq!(at("ch1.QMD", b"# One\n"), Format::Markdown);
        assert_eq!(at("thesis.txt", b"Text.1\n1 Note.\n"), Format::Text);
        assert_eq!(at("thesis.tex", b"\\section{A}"), Format::Latex);
        assert_eq!(at("refs.bib", b"@book{a,}"), Format::Bibtex);
        // Content wins over a misleading extension.
        assert_eq!(at("thesis.txt", b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(at("thesis.pdf", b"just text"), Format::Text);
        // A DOCX or ODT without its signature goes to its reader, which says what it is not.
        assert_eq!(at("thesis.docx", b"just text"), Format::Docx);
        assert_eq!(at("thesis.ODT", b"just text"), Format::Odt);
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(&[0; 26]);
        docx.extend_from_slice(b"[Content_Types].xml....word/document.xml");
        assert_eq!(at("thesis", &docx), Format::Docx);
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(at("thesis.zip", &odt), Format::Odt);
        let cfb = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(at("thesis.doc", &cfb), Format::Doc);
    }

    #[test]
    fn text_without_an_extension_is_sniffed() {
        assert_eq!(
            detect(None, b"Text.[^1]\n\n[^1]: A note.\n"),
            Format::Markdown
        );
        assert_eq!(
            detect(None, b"---\ntitle: T\n---\nText.\n"),
            Format::Markdown
        );
        assert_eq!(detect(None, b"\\documentclass{report}\n"), Format::Latex);
        assert_eq!(detect(None, b"It ended in 1953.1\n1 Ibid.\n"), Format::Text);
        // `[^ x]` with a space is not a footnote label.
        assert_eq!(detect(None, b"[^ x]: no\n"), Format::Text);
    }
}
