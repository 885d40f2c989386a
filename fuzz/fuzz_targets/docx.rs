//! The DOCX reader on any input: the first byte chooses what the rest is. `0`: the file's
//! bytes as they are (the ZIP container, the compound-file check, the limits). Otherwise: XML
//! parts separated by `0xFF` bytes (`word/document.xml`, `word/footnotes.xml`,
//! `word/endnotes.xml`, `word/settings.xml`, `word/_rels/document.xml.rels`), packed into a
//! DOCX here, so that mutations reach the XML walker instead of breaking the deflate stream.
//! Whatever is read goes on through the citation parser and every offline rule.
#![no_main]

#[path = "office_support.rs"]
mod office_support;

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const PARTS: &[&str] = &[
    "word/document.xml",
    "word/footnotes.xml",
    "word/endnotes.xml",
    "word/settings.xml",
    "word/_rels/document.xml.rels",
];

/// The fixed relationships that name the notes and settings parts.
const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rIdE" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>"#;

fn pack(data: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut pieces = data.split(|&b| b == 0xFF);
    for part in PARTS {
        let bytes = match pieces.next() {
            Some(p) => p,
            None if *part == "word/_rels/document.xml.rels" => RELS.as_bytes(),
            None => continue,
        };
        if zip.start_file(*part, stored).is_err() || zip.write_all(bytes).is_err() {
            return Vec::new();
        }
    }
    let _ = zip.finish();
    out.into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode == 0 { rest.to_vec() } else { pack(rest) };
    office_support::check_document("fuzz.docx", bytes);
});
