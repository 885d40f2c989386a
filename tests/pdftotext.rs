//! pdftotext output of a real LaTeX thesis (fixtures/latex-thesis, made by its make.sh): the
//! references and notes found must match the LaTeX source, in both of pdftotext's modes.

mod common;

use common::json;

/// Per chapter, the first word of each `\footnote{...}` in the source.
fn footnotes_in_source() -> Vec<Vec<String>> {
    let tex = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/latex-thesis/thesis.tex"
    ))
    .unwrap();
    let mut chapters: Vec<Vec<String>> = Vec::new();
    for (i, part) in tex.split("\\chapter{").enumerate().skip(1) {
        let _ = i;
        let notes = part
            .split("\\footnote{")
            .skip(1)
            .map(|n| {
                n.split(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())
                    .unwrap()
                    .to_string()
            })
            .collect();
        chapters.push(notes);
    }
    chapters
}

fn check_mode(path: &str) {
    let expected = footnotes_in_source();
    let dump = json(&["extract", "--format", "json", path]);
    let file = &dump["files"][0];
    let refs: Vec<(u64, String)> = file["refs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["section"].as_u64().unwrap(),
                r["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want_refs: Vec<(u64, String)> = expected
        .iter()
        .enumerate()
        .flat_map(|(c, notes)| (1..=notes.len()).map(move |n| (c as u64, n.to_string())))
        .collect();
    assert_eq!(refs, want_refs, "{path}: references");
    let notes: Vec<(u64, String, String)> = file["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let text = n["text"].as_str().unwrap();
            let first = text
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or("")
                .to_string();
            (
                n["section"].as_u64().unwrap(),
                n["label"].as_str().unwrap().to_string(),
                first,
            )
        })
        .collect();
    let want_notes: Vec<(u64, String, String)> = expected
        .iter()
        .enumerate()
        .flat_map(|(c, notes)| {
            notes
                .iter()
                .enumerate()
                .map(move |(n, w)| (c as u64, (n + 1).to_string(), w.clone()))
        })
        .collect();
    assert_eq!(notes, want_notes, "{path}: notes");
}

#[test]
fn default_mode_matches_the_source() {
    check_mode("fixtures/latex-thesis/thesis.txt");
}

#[test]
fn layout_mode_matches_the_source() {
    check_mode("fixtures/latex-thesis/thesis-layout.txt");
}

#[test]
fn layout_mode_urls_are_joined_and_nothing_else_is_reported() {
    let report = json(&[
        "check",
        "--offline",
        "--format",
        "json",
        "fixtures/latex-thesis/thesis-layout.txt",
    ]);
    // The footnote and URL rules (the citation rules have their own fixtures).
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c.starts_with(['N', 'U']))
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["fix"]["replacement"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "U001",
                "https://www.trumanlibrary.gov/library/research-files/report-national-security-council-nsc-68"
            ),
            (
                "U001",
                "https://www.worldbank.org/en/topic/education/brief/learning-poverty"
            ),
        ]
    );
    let clean = json(&[
        "check",
        "--offline",
        "--format",
        "json",
        "fixtures/latex-thesis/thesis.txt",
    ]);
    assert!(
        clean["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"].as_str().is_some_and(|c| c.starts_with('C')))
    );
}
