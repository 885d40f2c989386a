//! Word (DOCX) and OpenDocument (ODT) manuscripts, read from their XML.
//!
//! Both formats keep footnotes, endnotes and links as structure, so nothing is guessed: the
//! readers ([`docx`], [`odt`]) walk the XML of the parts that hold the text, write a rendition
//! of it ([`rendition`]: one line per paragraph, notes after the body, each opening with its
//! label) that every position refers to, and record where each reference, note, link and
//! reference-manager citation ([`fields`]) stands in it. The archive is read within limits
//! ([`package`]).
//!
//! Refused, with what to do (exit 2): bytes that are not a ZIP archive, an archive without the
//! document's main part, a main part that does not parse from its start, a password-protected
//! document (Word keeps an encrypted DOCX in an OLE compound file, which [`cfb`] recognises), a
//! Word 97-2003 `.doc`, and an archive past the limits (saying which). XML that stops parsing
//! part-way is not refused: what came before is read and the rest is reported as a
//! [`Problem::Damaged`](crate::model::Problem::Damaged) read problem.
//!
//! Nothing here writes a document back: the rendition is not the file, so `--fix` leaves a
//! DOCX or ODT alone.

pub mod cfb;
pub mod docx;
pub mod fields;
pub mod odt;
pub mod package;
pub mod rendition;
pub mod xml;

use crate::error::Error;
use crate::input::Input;
use crate::model::{FileId, Format, Source};

use super::Document;
use package::{Limits, Package, PackageError};
use rendition::Assembled;

/// Why a document is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Package(PackageError),
    /// A part the document cannot do without.
    MissingPart(String),
    /// The main part (named) does not parse from its start: why.
    Damaged(String, String),
    /// A password-protected DOCX (an OLE compound file with `EncryptionInfo`).
    Encrypted,
    /// A password-protected ODT (its manifest has encryption data).
    EncryptedOdt,
    /// A Word 97-2003 document.
    WordBinary,
    /// Another OLE compound file.
    OtherCompound,
    /// An OpenDocument file that is not text (a spreadsheet, a presentation).
    NotText(String),
}

/// A package error as a refusal.
pub fn package_error(e: PackageError) -> Refusal {
    Refusal::Package(e)
}

/// `2.06 GiB`, `256 MiB`, `1.5 KiB`.
fn size(bytes: u64) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value} {}", units[unit])
    } else {
        format!("{value:.2} {}", units[unit])
    }
}

/// The zip crate's description of a damaged archive, as a clause (`could not find EOCD`).
fn clause(detail: &str) -> String {
    let detail = detail
        .strip_prefix("invalid Zip archive: ")
        .unwrap_or(detail);
    let mut chars = detail.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

impl Refusal {
    /// What is wrong and what to do, for the user.
    pub fn explain(&self, format: Format) -> (String, String) {
        let (kind, save_as) = match format {
            Format::Odt => ("an OpenDocument text", "ODT (`.odt`)"),
            _ => ("a Word document", "Word document (`.docx`)"),
        };
        let save_again = format!(
            "open it in Word or LibreOffice and save it again as a {save_as}, then check the new file"
        );
        let suspicious =
            format!("an ordinary manuscript is far below this; if the file is yours, {save_again}");
        match self {
            Refusal::Package(PackageError::NotZip(detail)) if detail.is_empty() => (
                format!("it is not {kind}: the format is a ZIP archive, and this is not one"),
                "if it is text renamed, give it the extension `.txt` or `.md`; otherwise open it in the program that made it and save it again".to_string(),
            ),
            Refusal::Package(PackageError::NotZip(detail)) => (
                format!("its ZIP archive is damaged ({})", clause(detail)),
                save_again,
            ),
            Refusal::Package(PackageError::TooManyEntries { count, limit }) => (
                format!("the archive lists {count} entries, over the limit of {limit} entries"),
                suspicious,
            ),
            Refusal::Package(PackageError::PartTooLarge { part, size: s, limit }) => (
                format!(
                    "`{part}` inflates to {}, over the limit of {} for one part (a zip bomb, or a damaged archive)",
                    size(*s),
                    size(*limit)
                ),
                suspicious,
            ),
            Refusal::Package(PackageError::TotalTooLarge { part, limit }) => (
                format!(
                    "the parts read inflate to more than {} in total (the limit), at `{part}`",
                    size(*limit)
                ),
                suspicious,
            ),
            Refusal::Package(PackageError::Unreadable { part, detail }) => (
                format!("`{part}` cannot be inflated ({detail})"),
                save_again,
            ),
            Refusal::MissingPart(part) => (
                format!("the archive has no `{part}`, so it is not {kind}"),
                save_again,
            ),
            Refusal::Damaged(part, message) => (
                format!("`{part}` is not well-formed XML ({message}), and nothing before it could be read"),
                save_again,
            ),
            Refusal::Encrypted => (
                "it is a password-protected Word document (encrypted, kept in an OLE compound file)".to_string(),
                "remove the password (Word: File > Info > Protect Document > Encrypt with Password, and clear it) and save, then check the saved file".to_string(),
            ),
            Refusal::EncryptedOdt => (
                "it is a password-protected OpenDocument text".to_string(),
                "save a copy without the password (LibreOffice: File > Save As, with `Save with password` unticked) and check that".to_string(),
            ),
            Refusal::WordBinary => (
                "it is a Word 97-2003 document (the old binary `.doc` format), which citelint does not read".to_string(),
                "save it as a Word document (`.docx`: in Word, File > Save As > Word Document; in LibreOffice, File > Save As > Word 2007-365) and check that".to_string(),
            ),
            Refusal::OtherCompound => (
                "it is an OLE compound file but not a Word document".to_string(),
                "check the manuscript itself, saved as `.docx`, `.odt`, Markdown or text".to_string(),
            ),
            Refusal::NotText(mimetype) => (
                format!("it is an OpenDocument file of type `{mimetype}`, not a text document"),
                "check the manuscript itself, written in LibreOffice Writer (`.odt`)".to_string(),
            ),
        }
    }

    fn into_error(self, input: &Input, format: Format) -> Error {
        let (problem, help) = self.explain(format);
        Error::Document {
            path: input.name.clone(),
            problem,
            help,
        }
    }
}

/// The rendition and the manuscript of a document's bytes (spans in file 0), within `limits`.
pub fn read_bytes(format: Format, bytes: &[u8], limits: Limits) -> Result<Assembled, Refusal> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(match cfb::classify(bytes) {
            cfb::Compound::Encrypted => Refusal::Encrypted,
            cfb::Compound::WordBinary => Refusal::WordBinary,
            cfb::Compound::Other => Refusal::OtherCompound,
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(Refusal::Package(PackageError::NotZip(String::new())));
    }
    let mut package = Package::open(bytes, limits).map_err(package_error)?;
    let reading = match format {
        Format::Odt => odt::read(&mut package)?,
        _ => docx::read(&mut package)?,
    };
    let mut assembled = rendition::assemble(reading);
    assembled.manuscript.format = format;
    Ok(assembled)
}

/// Read the DOCX, ODT or OLE compound file `input` holding `bytes` as file `file` of the run.
pub fn read(input: &Input, format: Format, bytes: &[u8], file: FileId) -> Result<Document, Error> {
    let Assembled {
        text,
        parts,
        mut manuscript,
    } = read_bytes(format, bytes, Limits::default()).map_err(|r| r.into_error(input, format))?;
    manuscript.stamp(file);
    let source = Source::new(input.name.clone(), text)
        .with_path(input.path.clone())
        .with_id(file)
        .with_parts(parts);
    Ok(Document {
        sources: vec![source],
        manuscript,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Problem;

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn xml_that_stops_parsing_is_a_damaged_read_problem() {
        for (path, format, part) in [
            ("docx/bad-xml.docx", Format::Docx, "`word/document.xml`"),
            ("odt/bad-xml.odt", Format::Odt, "`content.xml`"),
        ] {
            let Assembled {
                text,
                manuscript: m,
                ..
            } = read_bytes(format, &fixture(path), Limits::default()).unwrap();
            assert_eq!(m.problems.len(), 1, "{path}");
            let p = &m.problems[0];
            assert_eq!(p.kind, Problem::Damaged);
            assert!(p.message.starts_with(part), "{}", p.message);
            assert!(
                p.message.contains("stops parsing part-way"),
                "{}",
                p.message
            );
            // It points at the paragraph where reading stopped: the last of the body.
            let line = &text[p.span.range()];
            let body_end = m.notes.first().map_or(text.len(), |n| n.label_span.start);
            assert!(p.span.end < body_end && !line.is_empty(), "{path}: {line}");
            // What came before was read.
            assert!(m.refs.len() >= 3 && !m.notes.is_empty(), "{path}");
        }
    }

    #[test]
    fn each_limit_is_named() {
        let chapter = fixture("docx/chapter.docx");
        let refuse = |limits: Limits| read_bytes(Format::Docx, &chapter, limits).unwrap_err();
        let few = Limits {
            entries: 3,
            ..Limits::default()
        };
        let (problem, _) = refuse(few).explain(Format::Docx);
        assert!(problem.contains("over the limit of 3 entries"), "{problem}");
        let small = Limits {
            part_bytes: 4096,
            ..Limits::default()
        };
        let (problem, _) = refuse(small).explain(Format::Docx);
        assert!(
            problem.contains("over the limit of 4 KiB for one part"),
            "{problem}"
        );
        let total = Limits {
            total_bytes: 20_000,
            ..Limits::default()
        };
        let (problem, _) = refuse(total).explain(Format::Docx);
        assert!(problem.contains("in total"), "{problem}");
    }

    fn odt_with(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn password_protected_and_other_opendocument_files_are_refused() {
        let encrypted = odt_with(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", "\u{1}\u{2}"),
            (
                "META-INF/manifest.xml",
                "<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>",
            ),
        ]);
        let refusal = read_bytes(Format::Odt, &encrypted, Limits::default()).unwrap_err();
        assert_eq!(refusal, Refusal::EncryptedOdt);
        let sheet = odt_with(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", "<x/>"),
        ]);
        let refusal = read_bytes(Format::Odt, &sheet, Limits::default()).unwrap_err();
        assert!(matches!(refusal, Refusal::NotText(m) if m.ends_with("spreadsheet")));
        let bare = odt_with(&[("mimetype", "application/vnd.oasis.opendocument.text")]);
        let refusal = read_bytes(Format::Odt, &bare, Limits::default()).unwrap_err();
        assert_eq!(refusal, Refusal::MissingPart("content.xml".into()));
    }

    #[test]
    fn a_text_box_follows_its_anchor_and_is_read_once() {
        let Assembled {
            text,
            manuscript: m,
            ..
        } = read_bytes(
            Format::Docx,
            &fixture("docx/hyperlinks.docx"),
            Limits::default(),
        )
        .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "");
        assert!(lines[2].starts_with("Box 2.1. The unit histories"));
        assert_eq!(text.matches("Box 2.1.").count(), 1);
        let parts: Vec<_> = m.links.iter().map(|l| l.target.as_str()).collect();
        assert!(parts.contains(&"https://www.koreanwar.org/"));
    }
}
