//! Reading and checking bibliographies of 1,000, 10,000 and 20,000 entries (the shape of
//! `fixtures/latex/make-big-bib.py`: `@string` macros, `#`, crossrefs, every tenth entry with a
//! planted problem), and a LaTeX thesis citing every entry: the time should grow linearly.
//!
//! `cargo bench --bench bibliography` prints the figures.

use std::time::Instant;

use citelint::extract::{self, FileIds};
use citelint::model::{FileId, Manuscript, Source};
use citelint::rules;

fn bib(entries: usize) -> String {
    let mut text =
        String::from("@string{pup = {Princeton University Press}}\n@string{ny = {New York}}\n");
    for k in 0..entries {
        let kind = if k % 10 == 9 { "article" } else { "book" };
        text.push_str(&format!(
            "@{kind}{{key{k},\n  author = {{Author {k} and Other, A.}},\n  title = {{Title {{{k}}} of the {{\\\"U}}ber War}},\n  publisher = pup # {{ (paper)}},\n  address = ny,\n  year = {{{}}},\n  isbn = {{978-0-306-40615-7}},\n  doi = {{10.1000/{k}}},\n}}\n",
            1900 + k % 120
        ));
        if k % 50 == 49 {
            text.push_str(&format!(
                "@incollection{{part{k}, author = {{P}}, title = {{Ch}}, crossref = {{key{}}}}}\n",
                k - 1
            ));
        }
    }
    text
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

fn main() {
    for n in [1_000, 10_000, 20_000] {
        let text = bib(n);
        let (read, seconds) = time(|| extract::bibtex::read(&text, FileId(0)));
        let entries = read.entries.len();
        let m = Manuscript {
            entries: read.entries,
            links: read.links,
            problems: read.problems,
            ..Manuscript::default()
        };
        let source = Source::new("big.bib", text.clone());
        let (findings, check) =
            time(|| rules::check(&source, &m, None, &rules::Options::default()).len());
        println!(
            "{n} entries ({:.1} MB): read {seconds:.3} s ({:.1} µs/entry, {entries} read), rules {check:.3} s, {findings} findings",
            text.len() as f64 / 1e6,
            seconds * 1e6 / n as f64,
        );
    }
    // A thesis citing all 10,000 entries, through the whole reader.
    let dir = std::env::temp_dir().join("citelint-bench-bib");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("refs.bib"), bib(10_000)).unwrap();
    let mut tex = String::from("\\documentclass{report}\n\\begin{document}\n\\chapter{All}\n");
    for k in 0..10_000 {
        tex.push_str(&format!(
            "Claim {k}.\\footnote{{\\citet[{}]{{key{k}}}.}}\n",
            k % 300 + 1
        ));
    }
    tex.push_str("\\bibliography{refs}\n\\end{document}\n");
    std::fs::write(dir.join("main.tex"), &tex).unwrap();
    let source = Source::new("main.tex", tex).with_path(Some(dir.join("main.tex")));
    let mut ids = FileIds::default();
    let source = source.with_id(ids.next_id());
    let ((sources, m), seconds) = time(|| extract::latex::read(source, &[], &mut ids));
    let (findings, check) =
        time(|| rules::check(&sources[0], &m, None, &rules::Options::default()).len());
    println!(
        "thesis with 10,000 notes citing 10,000 entries: read {seconds:.3} s ({} notes, {} cites, {} entries), rules {check:.3} s, {findings} findings",
        m.notes.len(),
        m.cites.len(),
        m.entries.len()
    );
}
