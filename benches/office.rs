//! Speed of the DOCX and ODT readers on a long thesis: `fixtures/docx/chapter.docx` repeated
//! (each copy's notes renumbered, as a document of many chapters with continuous numbering),
//! about 500 printed pages by default (`OFFICE_BENCH_COPIES` sets the number of copies).
//!
//! `cargo bench --bench office` prints, for the reader alone (unzip, XML, rendition) and for
//! the whole offline pipeline (plus citations and rules), the best and median times, and
//! leaves the document at `target/bench/thesis.docx` for timing the binary
//! (`hyperfine 'target/release/citelint check --offline target/bench/thesis.docx'`).

use std::io::Write;
use std::time::Instant;

use citelint::extract::{self, FileIds};
use citelint::input::Input;
use citelint::{cite, rules};

/// Copies of the chapter: LibreOffice prints 167 copies on 349 pages (A4, the document's
/// styles), so 240 copies make about 500 pages.
const COPIES: usize = 240;

/// The parts of `chapter.docx` that the copies are made from.
fn parts() -> Vec<(String, Vec<u8>)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/docx/chapter.docx");
    let bytes = std::fs::read(path).expect("chapter.docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).expect("inflate");
            (f.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// `xml` with every `w:id` of a note (reference or note) moved up by `offset`.
fn renumber(xml: &str, offset: usize) -> String {
    let ids = regex::Regex::new(r#"(<w:(?:footnoteReference|footnote) w:id=")(\d+)""#).unwrap();
    ids.replace_all(xml, |c: &regex::Captures<'_>| {
        let id: usize = c[2].parse().unwrap();
        format!("{}{}\"", &c[1], id + offset)
    })
    .into_owned()
}

/// The chapter's document and notes, `copies` times over.
fn thesis(copies: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts() {
        let text = String::from_utf8_lossy(&data).into_owned();
        let data = match name.as_str() {
            "word/document.xml" => {
                let start = text.find("<w:body>").unwrap() + "<w:body>".len();
                let end = text
                    .rfind("<w:sectPr")
                    .unwrap_or(text.rfind("</w:body>").unwrap());
                let body = &text[start..end];
                let copies: String = (0..copies).map(|k| renumber(body, k * 1000)).collect();
                format!("{}{copies}{}", &text[..start], &text[end..]).into_bytes()
            }
            "word/footnotes.xml" => {
                let start = text.find("<w:footnote w:id=\"20\"").unwrap();
                let end = text.rfind("</w:footnotes>").unwrap();
                let notes = &text[start..end];
                let copies: String = (0..copies).map(|k| renumber(notes, k * 1000)).collect();
                format!("{}{copies}{}", &text[..start], &text[end..]).into_bytes()
            }
            _ => data,
        };
        zip.start_file(name, options).unwrap();
        zip.write_all(&data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// The inflated size of the document's parts.
fn xml_size(bytes: &[u8]) -> u64 {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| zip.by_index(i).map_or(0, |f| f.size()))
        .sum()
}

/// Best and median of `runs` timings of `f`, in seconds.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2])
}

fn main() {
    let copies = std::env::var("OFFICE_BENCH_COPIES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(COPIES);
    let bytes = thesis(copies);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench");
    std::fs::create_dir_all(dir).expect("target/bench");
    std::fs::write(format!("{dir}/thesis.docx"), &bytes).expect("write thesis.docx");
    let input = Input::new(&format!("{dir}/thesis.docx"));
    let read = || {
        extract::read(&input, bytes.clone(), &mut FileIds::default()).expect("the thesis is read")
    };
    let doc = read();
    let m = &doc.manuscript;
    println!(
        "thesis.docx: {copies} copies of the chapter, {:.2} MB on disk, {:.1} MB of XML, {:.1} MB of rendition, {} paragraphs and notes, {} references, {} links",
        bytes.len() as f64 / 1e6,
        xml_size(&bytes) as f64 / 1e6,
        doc.sources[0].text().len() as f64 / 1e6,
        doc.sources[0].line_count(),
        m.refs.len(),
        m.links.len()
    );
    let (best, median) = time(7, || {
        read();
    });
    println!("read (unzip, XML, rendition): best {best:.3} s, median {median:.3} s");
    let (best, median) = time(5, || {
        let doc = read();
        let mut m = doc.manuscript;
        cite::annotate(&mut m);
        rules::check(&doc.sources[0], &m, None, &rules::Options::default());
    });
    println!("read + citations + offline rules: best {best:.3} s, median {median:.3} s");
}
