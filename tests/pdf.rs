//! The PDF reader end to end, on the PDFs of fixtures/pdf-cases (made by its make.sh from the
//! sources beside them): what is read (labels, numbering sequences, pages, links), what is
//! reported (snapshots of the human, short and JSON reports), bad PDFs, and that `--fix` never
//! rewrites a PDF.

mod common;

use common::{citelint, json};

const DIR: &str = "fixtures/pdf-cases";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// `(label, section, page)` of every reference or note of a file's extract dump.
fn items(file: &serde_json::Value, key: &str) -> Vec<(String, u64, u64)> {
    file[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["section"].as_u64().unwrap(),
                r["page"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn extract(name: &str) -> serde_json::Value {
    let dump = json(&["extract", "--format", "json", &path(name)]);
    dump["files"][0].clone()
}

fn owned(v: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    v.iter().map(|&(l, s, p)| (l.to_string(), s, p)).collect()
}

#[test]
fn a_latex_thesis_notes_restart_per_chapter_and_run_across_pages() {
    let file = extract("report.pdf");
    assert_eq!(file["format"], "pdf");
    let want = owned(&[
        ("1", 0, 1),
        ("2", 0, 1),
        ("3", 0, 1),
        ("4", 0, 1),
        ("5", 0, 1),
        ("6", 0, 1),
        ("7", 0, 2),
        ("1", 1, 3),
        ("2", 1, 3),
    ]);
    assert_eq!(items(&file, "refs"), want);
    assert_eq!(items(&file, "notes"), want);
    let notes = file["notes"].as_array().unwrap();
    // The note on the chapter title, and the long note carried to the next page's foot.
    assert_eq!(notes[0]["text"], "Written with Romain Ferrali.");
    let long = notes[5]["text"].as_str().unwrap();
    assert!(long.starts_with("Shen Zhihua"), "{long}");
    assert!(long.ends_with("above the notes of the page."), "{long}");
    assert!(!long.contains("More text"), "{long}");
}

#[test]
fn links_come_from_annotations_and_the_text() {
    let file = extract("report.pdf");
    let links: Vec<(&str, &str, u64)> = file["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["url"].as_str().unwrap(),
                l["text"].as_str().unwrap(),
                l["page"].as_u64().unwrap(),
            )
        })
        .collect();
    let url = |u: &str| links.iter().find(|l| l.0 == u).copied();
    // A \url wrapped at a line end is one link, its address from the annotation.
    let wrapped = url("https://www.trumanlibrary.gov/library/research-files/report-national-security-council-nsc-68").unwrap();
    assert!(wrapped.1.contains('\n'), "{wrapped:?}");
    // A link shown as `here` still has its target.
    assert_eq!(
        url("https://digitalarchive.wilsoncenter.org/collection/134").map(|l| l.1),
        Some("here")
    );
    // The running foot's URL counts, on every page.
    let pages: Vec<u64> = links
        .iter()
        .filter(|l| l.0 == "https://example.org/thesis")
        .map(|l| l.2)
        .collect();
    assert_eq!(pages, [1, 2, 3]);
}

#[test]
fn findings_name_the_page() {
    let report = json(&[
        "check",
        "--offline",
        "--format",
        "json",
        &path("report.pdf"),
    ]);
    let found: Vec<(&str, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('U'))
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["page"].as_u64().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // A URL split by a space on its line (U001); a link that shows one address and leads to
    // another (U004). A URL wrapped at a line end is not a split URL in a PDF.
    assert_eq!(found, [("U001", 1, 6), ("U004", 1, 7)]);
    let short = citelint(&[
        "check",
        "--offline",
        "--format",
        "short",
        &path("report.pdf"),
    ]);
    assert!(
        short
            .stdout
            .contains("fixtures/pdf-cases/report.pdf:p1:7:27: warning[U004 link-text-mismatch]"),
        "{}",
        short.stdout
    );
    let sarif = json(&[
        "check",
        "--offline",
        "--format",
        "sarif",
        &path("report.pdf"),
    ]);
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["properties"]["page"], 1);
}

#[test]
fn other_layouts() {
    // Two columns, a \thanks marked with an asterisk.
    let file = extract("twocolumn.pdf");
    let labels =
        |key: &str| -> Vec<String> { items(&file, key).into_iter().map(|i| i.0).collect() };
    assert_eq!(labels("refs"), ["∗", "1", "2", "3", "4"]);
    assert_eq!(labels("notes"), ["∗", "1", "2", "3", "4"]);
    // Endnotes under a Notes heading; a published article's `1. Text` notes; a word
    // processor's notes, as large as the body; a manual's notes with labels hung in the
    // margin, among code listings with numbered lines, a numbered heading under a short rule
    // and a paragraph ending in `notes to section 1.1.)` (none of them notes), then set full
    // size as `4. Text`, with lines opening with `a` or `1 (1981)` inside them.
    for (name, n) in [
        ("endnotes.pdf", 3),
        ("chicago.pdf", 4),
        ("word.pdf", 13),
        ("manual.pdf", 6),
    ] {
        let file = extract(name);
        let refs = items(&file, "refs");
        let notes = items(&file, "notes");
        let numbers: Vec<String> = (1..=n).map(|k| k.to_string()).collect();
        assert_eq!(
            refs.iter().map(|r| &r.0).collect::<Vec<_>>(),
            numbers.iter().collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(
            notes.iter().map(|r| &r.0).collect::<Vec<_>>(),
            numbers.iter().collect::<Vec<_>>(),
            "{name}"
        );
        let report = json(&["check", "--offline", "--format", "json", &path(name)]);
        let n_rules = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"].as_str().unwrap().starts_with('N'))
            .count();
        assert_eq!(n_rules, 0, "{name}: no N finding on well-numbered notes");
    }
}

#[test]
fn faults_in_the_notes_are_found() {
    let report = json(&["check", "--offline", "--format", "json", &path("marks.pdf")]);
    let found: Vec<(&str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('N'))
        .map(|d| (d["code"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("N001", 1), ("N002", 5)]);
}

#[test]
fn snapshots() {
    for name in ["report.pdf", "marks.pdf", "I003.pdf", "I004.pdf"] {
        for format in ["human", "short", "json"] {
            let run = citelint(&["check", "--offline", "--format", format, &path(name)]);
            insta::assert_snapshot!(format!("{name}.{format}"), run.stdout);
        }
    }
    let run = citelint(&["extract", "--format", "json", &path("marks.pdf")]);
    insta::assert_snapshot!("marks.pdf.extract", run.stdout);
    let run = citelint(&["extract", "--format", "text", &path("marks.pdf")]);
    insta::assert_snapshot!("marks.pdf.text", run.stdout);
}

#[test]
fn damaged_files_are_read_as_far_as_they_can_be() {
    // A broken cross-reference table: the objects are intact, everything is read.
    let report = json(&[
        "check",
        "--offline",
        "--format",
        "json",
        &path("broken-xref.pdf"),
    ]);
    let diags = report["diagnostics"].as_array().unwrap();
    let damaged = diags.iter().find(|d| d["code"] == "I003").unwrap();
    let message = damaged["message"].as_str().unwrap();
    assert!(
        message.starts_with("the cross-reference table is broken"),
        "{message}"
    );
    assert_eq!(
        extract("broken-xref.pdf")["notes"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // A file cut short has lost its pages' fonts: its text is read for URLs, its notes are not
    // checked (no N finding on a layout that cannot be trusted).
    let report = json(&["check", "--offline", "--format", "json", &path("I003.pdf")]);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["I003"]);
    let text = citelint(&["extract", "--format", "text", &path("I003.pdf")]).stdout;
    assert!(text.contains("The war began"), "{text}");
    let report = json(&["check", "--offline", "--format", "json", &path("I004.pdf")]);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"I004"), "{codes:?}");
}

#[test]
fn unreadable_pdfs_are_input_errors() {
    for (name, says, help) in [
        ("encrypted.pdf", "is an encrypted PDF", "qpdf --decrypt"),
        ("scan.pdf", "is a PDF without text", "ocrmypdf"),
    ] {
        let run = citelint(&["check", "--offline", &path(name)]);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(help), "{name}: {}", run.stderr);
    }
    // Not a PDF at all behind its signature.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.pdf");
    std::fs::write(&bad, b"%PDF-1.7\nnothing here\n").unwrap();
    let run = citelint(&["check", "--offline", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot be read as one"),
        "{}",
        run.stderr
    );
}

#[test]
fn fix_never_rewrites_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("report.pdf");
    std::fs::copy(path("report.pdf"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let run = citelint(&[
        "check",
        "--offline",
        "--fix",
        "--format",
        "short",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    assert!(run.stderr.contains("never rewrites"), "{}", run.stderr);
    // The finding that has a fix (U001) is still reported.
    assert!(run.stdout.contains("U001"), "{}", run.stdout);
}

#[test]
fn the_rendition_has_a_page_per_form_feed() {
    let run = citelint(&["extract", "--format", "text", &path("report.pdf")]);
    assert_eq!(run.stdout.matches('\x0c').count(), 2);
    let file = extract("report.pdf");
    let text_of = |start: u64, end: u64| run.stdout[start as usize..end as usize].to_string();
    for r in file["refs"].as_array().unwrap() {
        let label = text_of(r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
        assert_eq!(label, r["label"].as_str().unwrap());
    }
}

mod never_panics {
    use citelint::extract::pdf::{LayoutOptions, read};
    use proptest::prelude::*;

    /// A fixture with bytes changed, cut or repeated: the damage a download or an editor does.
    fn damaged() -> impl Strategy<Value = Vec<u8>> {
        let original = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/pdf-cases/marks.pdf"
        ))
        .unwrap();
        let len = original.len();
        (
            prop::collection::vec((0..len, any::<u8>()), 0..16),
            0..=len,
            0..len,
            0..64usize,
        )
            .prop_map(move |(flips, cut, from, repeat)| {
                let mut bytes = original.clone();
                for (at, b) in flips {
                    bytes[at] = b;
                }
                let copy = bytes[from..(from + repeat).min(len)].to_vec();
                bytes.splice(from..from, copy);
                bytes.truncate(cut.max(8));
                bytes
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn spans_lie_in_the_rendition(bytes in damaged()) {
            if let Ok(reading) = read(bytes, &LayoutOptions::default()) {
                let text = &reading.text;
                let ok = |s: &citelint::model::Span| {
                    s.start <= s.end && s.end <= text.len()
                        && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
                };
                let m = &reading.manuscript;
                prop_assert!(m.refs.iter().all(|r| ok(&r.span)));
                prop_assert!(m.notes.iter().all(|n| ok(&n.label_span) && ok(&n.text_span)));
                prop_assert!(m.links.iter().all(|l| ok(&l.span) && l.pieces.iter().all(ok)));
                prop_assert!(m.problems.iter().all(|p| ok(&p.span)));
            }
        }
    }
}

/// A URL as the corpus's truth compares them: no whitespace, no trailing `/ . , ; )`, scheme and
/// host in lower case.
fn norm_url(url: &str) -> String {
    let url: String = url.chars().filter(|c| !c.is_whitespace()).collect();
    let url = url.trim_end_matches(['/', '.', ',', ';', ')']);
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
            format!(
                "{}://{}{}",
                scheme.to_lowercase(),
                host.to_lowercase(),
                path
            )
            .trim_end_matches('/')
            .to_string()
        }
        None => url.to_string(),
    }
}

/// Every document of the corpus (fixtures/pdf, with truth taken from its sources) that has a
/// readable text layer: the notes and markers found are the truth's, page by page and label by
/// label; every URL is found on its page; no N finding (the corpus plants none).
#[test]
fn the_corpus_is_read_as_its_truth_says() {
    let dir = format!("{}/fixtures/pdf", env!("CARGO_MANIFEST_DIR"));
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".truth.json") else {
            continue;
        };
        let truth: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{name}")).unwrap())
                .unwrap();
        if truth["text_layer"] != true || !truth["expect_error"].is_null() {
            continue;
        }
        read += 1;
        let pdf = format!("fixtures/pdf/{stem}.pdf");
        let file = json(&["extract", "--format", "json", &pdf])["files"][0].clone();
        let pairs = |v: &serde_json::Value| -> Vec<(u64, String)> {
            let mut out: Vec<(u64, String)> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    let label = x["label"].as_str().unwrap().replace('∗', "*");
                    (x["page"].as_u64().unwrap(), label)
                })
                .collect();
            out.sort();
            out
        };
        assert_eq!(
            pairs(&file["notes"]),
            pairs(&truth["notes"]),
            "{stem}: notes"
        );
        assert_eq!(
            pairs(&file["refs"]),
            pairs(&truth["markers"]),
            "{stem}: markers"
        );
        let found: Vec<(u64, String)> = file["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["page"].as_u64().unwrap(),
                    norm_url(l["url"].as_str().unwrap()),
                )
            })
            .collect();
        for u in truth["urls"].as_array().unwrap() {
            let want = (
                u["page"].as_u64().unwrap(),
                norm_url(u["url"].as_str().unwrap()),
            );
            assert!(found.contains(&want), "{stem}: URL {want:?} not found");
        }
        let check = json(&["check", "--offline", "--format", "json", &pdf]);
        let n_findings: Vec<&serde_json::Value> = check["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"].as_str().unwrap().starts_with('N'))
            .collect();
        assert!(n_findings.is_empty(), "{stem}: {n_findings:?}");
    }
    assert!(read >= 6, "the corpus is there");
}
