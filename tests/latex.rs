//! The LaTeX and BibTeX readers against the fixture projects of `fixtures/latex/`: footnote
//! numbers as pdflatex printed them (`truth.json`, written by `fixtures/latex/make.sh`), the
//! citations and links LaTeX saw, the planted findings of `expected.md` at their lines, and
//! the projects that do not compile.

mod common;

use std::collections::BTreeSet;

use common::json;
use serde_json::Value;

const DIR: &str = "fixtures/latex";

/// (file relative to the project, line, label).
type Marks = BTreeSet<(String, u64, String)>;

/// `extract --format json` of a project's main file.
fn extract(main: &str) -> Value {
    json(&["extract", "--format", "json", &format!("{DIR}/{main}")])
}

/// The project directory's prefix that truth's file names lack.
fn relative<'a>(path: &'a str, project: &str) -> &'a str {
    path.strip_prefix(&format!("{DIR}/{project}/"))
        .unwrap_or(path)
}

/// (file, line, label) of every note mark the reader found, and of every note text without
/// a mark (`\footnotetext`).
fn marks(dump: &Value, project: &str) -> (Marks, Marks) {
    let mut refs = BTreeSet::new();
    let mut texts = BTreeSet::new();
    for f in dump["files"].as_array().unwrap() {
        let file = relative(f["path"].as_str().unwrap(), project).to_string();
        let refs_here: BTreeSet<(u64, u64)> = f["refs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["start"].as_u64().unwrap(), 0))
            .collect();
        for r in f["refs"].as_array().unwrap() {
            refs.insert((
                file.clone(),
                r["line"].as_u64().unwrap(),
                r["label"].as_str().unwrap().to_string(),
            ));
        }
        for n in f["notes"].as_array().unwrap() {
            if !refs_here.contains(&(n["start"].as_u64().unwrap(), 0)) {
                texts.insert((
                    file.clone(),
                    n["line"].as_u64().unwrap(),
                    n["label"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    (refs, texts)
}

/// truth.json's marks and mark-less texts, `\thanks` symbols decoded.
fn truth(project: &str) -> (Marks, Marks) {
    let path = format!("{}/{DIR}/{project}/truth.json", env!("CARGO_MANIFEST_DIR"));
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut refs = BTreeSet::new();
    let mut texts = BTreeSet::new();
    for n in truth["notes"].as_array().unwrap() {
        let label = n["label"].as_str().unwrap();
        let label = if label.contains("ast") { "*" } else { label };
        let key = (
            n["file"].as_str().unwrap().to_string(),
            n["line"].as_u64().unwrap(),
            label.to_string(),
        );
        if n["kind"] == "footnotetext" {
            texts.insert(key);
        } else {
            refs.insert(key);
        }
    }
    (refs, texts)
}

fn numbering_matches(project: &str) {
    let dump = extract(&format!("{project}/main.tex"));
    let (refs, texts) = marks(&dump, project);
    let (want_refs, want_texts) = truth(project);
    assert_eq!(refs, want_refs, "{project}: note marks");
    assert_eq!(texts, want_texts, "{project}: note texts without a mark");
}

#[test]
fn footnote_numbers_are_those_pdflatex_printed() {
    for project in [
        "thesis",
        "thesis-biblatex",
        "cases/article-setcounter",
        "cases/memoir",
        "cases/subfiles",
        "cases/minted",
    ] {
        numbering_matches(project);
    }
}
