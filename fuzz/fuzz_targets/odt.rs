//! The ODT reader on any input: the first byte chooses what the rest is. `0`: the file's bytes
//! as they are. Otherwise: `content.xml`, then (after a `0xFF` byte) `meta.xml` and
//! `META-INF/manifest.xml`, packed into an ODT here so that mutations reach the XML walker.
//! Whatever is read goes on through the citation parser and every offline rule.
#![no_main]

#[path = "office_support.rs"]
mod office_support;

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const PARTS: &[&str] = &["content.xml", "meta.xml", "META-INF/manifest.xml"];

fn pack(data: &[u8]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    if zip.start_file("mimetype", stored).is_err()
        || zip
            .write_all(b"application/vnd.oasis.opendocument.text")
            .is_err()
    {
        return Vec::new();
    }
    for (part, bytes) in PARTS.iter().zip(data.split(|&b| b == 0xFF)) {
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
    office_support::check_document("fuzz.odt", bytes);
});
