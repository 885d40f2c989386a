//! Property tests: extraction and checking never panic, and every span lies in bounds on char
//! boundaries, whatever the input.

mod common;

use citelint::model::{Source, Span};
use citelint::{extract, report, rules};
use proptest::prelude::*;

/// Text made of the pieces that trigger the extractor's heuristics.
fn manuscript() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("years.1 ".to_string()),
        Just("1950.3 ".to_string()),
        Just("hire.”4".to_string()),
        Just("communism. 2  Previously ".to_string()),
        Just("\n1 The Defense Ministry, 1954.\n".to_string()),
        Just("\n2 Dean Acheson, “Présent”, New York: Norton, 1969, p.363; Ibid., 4; see Acheson (n 2) 5, accessed 3 May 2020, doi:10.1000/1 ISBN 0-306-40615-2, f. 1, op. 2, d. 3\n".to_string()),
        Just("\n2\n\n".to_string()),
        Just("http://www.digitalarchive. wilsoncenter.org".to_string()),
        Just("https://www.worldbank.org/en/\ntopic/x-".to_string()),
        Just("(http://www.cia.gov/library).".to_string()),
        Just("doi: 10.1000/1".to_string()),
        Just("www.".to_string()),
        Just("\x0c".to_string()),
        Just("\r\n".to_string()),
        Just("ANGLIA RUSKIN\n".to_string()),
        Just("“é—".to_string()),
        "[0-9]{1,4}",
        "[ .,;:()\\[\\]\"'/-]{1,3}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Markdown made of the pieces the Markdown reader treats specially.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Claim.[^1] ".to_string()),
        Just("[^a]".to_string()),
        Just("\n\n[^1]: Dean Acheson, *Present* (New York: Norton, 1969), 363.\n".to_string()),
        Just("\n    continued paragraph é.\n".to_string()),
        Just("^[An inline [note].]".to_string()),
        Just("[see @doe99, p. 3; -@smith]".to_string()),
        Just("@key [p. 4]".to_string()),
        Just("[text](https://example.org/a)".to_string()),
        Just("[text][ref]\n\n[ref]: https://example.org/r\n".to_string()),
        Just("<https://example.org/auto>".to_string()),
        Just("http://www.example.org/\nwrapped".to_string()),
        Just("\n```\ncode [^9] http://www/\n```\n".to_string()),
        Just("`inline [^2]`".to_string()),
        Just("<!-- [^3] -->".to_string()),
        Just("---\nbibliography: a.bib\n---\n".to_string()),
        Just("$x^[1]$".to_string()),
        Just("*".to_string()),
        Just("“é—".to_string()),
        "[ \\[\\]^@*_`<>()\n-]{1,3}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Read `text` as Markdown through the format seam, then check every span as [`check_spans`]
/// does.
fn check_markdown(text: &str) {
    let input = citelint::input::Input::new("prop.md");
    // The fourth file of a run: spans must carry its id.
    let mut ids = extract::FileIds::default();
    for _ in 0..3 {
        ids.next_id();
    }
    let doc = extract::read(&input, text.as_bytes().to_vec(), &mut ids).expect("Markdown is read");
    let mut m = doc.manuscript;
    citelint::cite::annotate(&mut m);
    let ok = |span: &Span| {
        span.file == citelint::model::FileId(3)
            && span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
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
        assert!(ok(&l.span), "{l:?}");
        assert_eq!(&text[l.span], l.text);
    }
    for c in &m.cites {
        assert!(ok(&c.span), "{c:?}");
        for i in &c.items {
            assert!(ok(&i.key_span) && text[i.key_span] == i.key, "{i:?}");
        }
    }
    for d in &m.link_definitions {
        assert!(ok(&d.span), "{d:?}");
    }
    let diagnostics = rules::check(&doc.sources[0], &m, None, &rules::Options::default());
    for d in &diagnostics {
        assert!(ok(&d.span), "{d:?}");
    }
}

fn check_spans(text: &str) {
    let source = Source::new("prop.txt", text);
    let m = extract::extract(&source);
    let ok = |span: &Span| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    for r in &m.refs {
        assert!(ok(&r.span), "{r:?}");
        assert_eq!(&text[r.span], r.label);
    }
    for n in &m.notes {
        assert!(ok(&n.label_span) && ok(&n.text_span), "{n:?}");
        for c in &n.citations {
            assert!(ok(&c.span), "{c:?}");
            for f in &c.fields {
                assert!(ok(&f.span), "{f:?}");
            }
        }
    }
    for l in &m.links {
        assert!(ok(&l.span), "{l:?}");
        assert_eq!(&text[l.span], l.text);
        for p in &l.pieces {
            assert!(ok(p));
        }
    }
    let diagnostics = rules::check(&source, &m, None, &rules::Options::default());
    for d in &diagnostics {
        assert!(ok(&d.span), "{d:?}");
    }
    let files = [report::FileReport {
        sources: vec![source],
        manuscript: m,
        diagnostics,
        style: citelint::cite::style::default_style(),
    }];
    common::render_all(&files);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn markdown_never_panics_and_spans_are_in_bounds(text in markdown()) {
        check_markdown(&text);
    }

    #[test]
    fn markdown_of_arbitrary_unicode(text in "\\PC{0,300}") {
        check_markdown(&text);
    }

    #[test]
    fn never_panics_and_spans_are_in_bounds(text in manuscript()) {
        check_spans(&text);
    }

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,300}") {
        check_spans(&text);
    }
}

/// Inputs the fuzzers found (`fuzz/`), kept so that the bugs stay fixed.
#[test]
fn fuzz_regressions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        if path.extension().is_some_and(|e| e == "md") {
            check_markdown(&String::from_utf8_lossy(&bytes));
        }
    }
}
