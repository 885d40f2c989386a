//! Property tests of the LaTeX and BibTeX readers: they never panic, and every span lies in
//! bounds on char boundaries of its file, whatever the input (unbalanced braces, cut entries).

mod common;

use citelint::extract::{self, FileIds};
use citelint::model::{FileId, Manuscript, Source, Span};
use citelint::{cite, report, rules};
use proptest::prelude::*;

/// LaTeX made of the pieces the reader acts on.
fn latex() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\\documentclass{report}\n".to_string()),
        Just("\\begin{document}".to_string()),
        Just("\\end{document}".to_string()),
        Just("\\chapter{A}".to_string()),
        Just("\\footnote{".to_string()),
        Just("\\footnote[3]{Note é.}".to_string()),
        Just("\\footnotemark".to_string()),
        Just("\\footnotetext{x}".to_string()),
        Just("\\thanks{t}".to_string()),
        Just("\\endnote{e}".to_string()),
        Just("\\cite[p.~3]{a,b}".to_string()),
        Just("\\cites(pre)(post)[x][y]{a}[z]{b}".to_string()),
        Just("\\footcite{k}".to_string()),
        Just("\\nocite{*}".to_string()),
        Just("\\url{https://example.org/a%20b}".to_string()),
        Just("\\href{https://a.org}{https://b.org}".to_string()),
        Just("\\hyperlink{https://x.org}{t}".to_string()),
        Just("\\doi{10.1000/1}".to_string()),
        Just("\\verb|{|".to_string()),
        Just("\\begin{verbatim}\\footnote{v}\\end{verbatim}".to_string()),
        Just("\\begin{Verbatim}".to_string()),
        Just("\\setcounter{footnote}{7}".to_string()),
        Just("\\newcommand{\\x}[1]{\\footnote{#1}}".to_string()),
        Just("\\input{nowhere}".to_string()),
        Just("% comment \\footnote{c}\n".to_string()),
        Just("$x\\footnote{m}$".to_string()),
        Just("“é—".to_string()),
        "[{}\\[\\]\\\\%$ ~a-z\n]{1,4}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// BibTeX made of entries, macros and broken pieces.
fn bibtex() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("@string{p = \"Press\"}\n".to_string()),
        Just("@string{c = c # {x}}\n".to_string()),
        Just(
            "@book{k, author = {A}, title = {T}, publisher = p # { é}, year = 2000}\n".to_string()
        ),
        Just("@incollection{i, crossref = {k}, title = {C}}\n".to_string()),
        Just("@book{k, crossref = {k}}\n".to_string()),
        Just("@online{w, url = {https://example.org/x}, urldate = {2020-01-01}}\n".to_string()),
        Just("@misc{m, note = {see \\url{https://example.org}}, title = c}\n".to_string()),
        Just("@article{a, title = {A {\\\"u} $x$ \\".to_string()),
        Just("@comment{x}\n".to_string()),
        Just("\n@".to_string()),
        "[{}@=,#\"\\\\ a-z0-9\n]{1,5}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

/// Every span of `m` that names `file` lies in bounds on char boundaries of `text`.
fn spans_ok(m: &Manuscript, file: FileId, text: &str) {
    let ok = |s: &Span| {
        s.file != file
            || (s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end))
    };
    for r in &m.refs {
        assert!(ok(&r.span), "{r:?}");
    }
    for n in &m.notes {
        assert!(ok(&n.label_span) && ok(&n.text_span), "{n:?}");
        for c in &n.citations {
            assert!(ok(&c.span), "{c:?}");
        }
    }
    for l in &m.links {
        assert!(ok(&l.span) && l.pieces.iter().all(ok), "{l:?}");
    }
    for c in &m.cites {
        assert!(
            ok(&c.span) && c.items.iter().all(|i| ok(&i.key_span)),
            "{c:?}"
        );
    }
    for e in &m.entries {
        assert!(ok(&e.span) && ok(&e.key_span) && ok(&e.kind_span), "{e:?}");
        assert!(e.fields.iter().all(|f| ok(&f.span)), "{e:?}");
        assert!(e.citation.fields.iter().all(|f| ok(&f.span)), "{e:?}");
    }
    for p in &m.problems {
        assert!(ok(&p.span), "{p:?}");
    }
    for l in &m.internal_links {
        assert!(ok(&l.span), "{l:?}");
    }
}

/// Rules and every report format over a document, without a panic.
fn report_all(sources: Vec<Source>, mut m: Manuscript) {
    cite::annotate(&mut m);
    let diagnostics = rules::check(&sources[0], &m, None, &rules::Options::default());
    let files = [report::FileReport {
        sources,
        manuscript: m,
        diagnostics,
        style: cite::style::default_style(),
    }];
    let mut out = common::render_all(&files);
    report::extract_json(&files, &mut out).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn latex_spans_are_in_bounds(text in latex()) {
        let mut ids = FileIds::default();
        let file = ids.next_id();
        let source = Source::new("prop.tex", text.clone()).with_id(file);
        let (sources, m) = extract::latex::read(source, &[], &mut ids);
        spans_ok(&m, file, &text);
        report_all(sources, m);
    }

    #[test]
    fn bibtex_spans_are_in_bounds(text in bibtex()) {
        let file = FileId(2);
        let read = extract::bibtex::read(&text, file);
        let m = Manuscript {
            entries: read.entries,
            links: read.links,
            problems: read.problems,
            ..Manuscript::default()
        };
        spans_ok(&m, file, &text);
        report_all(vec![Source::new("prop.bib", text.clone()).with_id(file)], m);
    }
}
