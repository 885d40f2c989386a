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

/// A server on 127.0.0.1 whose `/moved` redirects permanently to `/new`; its origin.
fn moved_server() -> String {
    use axum::Router;
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap().port()).unwrap();
            let app = Router::new().fallback(|uri: axum::http::Uri| async move {
                match uri.path() {
                    "/moved" => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/new")])
                        .into_response(),
                    _ => StatusCode::OK.into_response(),
                }
            });
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://127.0.0.1:{}", rx.recv().unwrap())
}

#[test]
fn fixes_are_written_into_the_tex_and_bib_files_they_belong_to() {
    let origin = moved_server();
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tex");
    let chapter = dir.path().join("chapter.tex");
    let bib = dir.path().join("refs.bib");
    std::fs::write(
        &main,
        "\\documentclass{report}\n\\begin{document}\n\\input{chapter}\n\\bibliography{refs}\n\\end{document}\n",
    )
    .unwrap();
    std::fs::write(
        &chapter,
        format!(
            "\\chapter{{One}}\nThe report\\footnote{{See http://www.digitalarchive.\nwilsoncenter.org/x, accessed 3 May 2021.}} is at \\url{{{origin}/moved}} \\cite[3]{{k}}.\n"
        ),
    )
    .unwrap();
    std::fs::write(
        &bib,
        format!(
            "@book{{k,\n  author = {{A}},\n  title = {{T}},\n  publisher = {{P}},\n  address = {{L}},\n  year = {{2000}},\n  url = {{{origin}/moved}},\n  urldate = {{2020-01-01}},\n}}\n"
        ),
    )
    .unwrap();
    let run = common::citelint_in(
        dir.path().to_str().unwrap(),
        &[
            "check",
            "--allow-private",
            "--no-cache",
            "--fix",
            "--format",
            "short",
            "main.tex",
        ],
        None,
    );
    let chapter_text = std::fs::read_to_string(&chapter).unwrap();
    let bib_text = std::fs::read_to_string(&bib).unwrap();
    assert!(
        chapter_text.contains("http://www.digitalarchive.wilsoncenter.org/x,"),
        "U001 fixed in the chapter: {chapter_text}\n{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        chapter_text.contains(&format!("\\url{{{origin}/new}}")),
        "L004 fixed in the chapter: {chapter_text}"
    );
    assert!(
        bib_text.contains(&format!("url = {{{origin}/new}}")),
        "L004 fixed in the .bib: {bib_text}"
    );
    assert!(
        std::fs::read_to_string(&main)
            .unwrap()
            .starts_with("\\documentclass{report}\n\\begin"),
        "the main file has nothing to fix"
    );
}
