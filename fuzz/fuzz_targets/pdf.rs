//! The PDF reader on any bytes: it never panics, and every span it returns lies in bounds of
//! its rendition, on character boundaries.
//!
//! `cargo +nightly fuzz run pdf fuzz/corpus/pdf -- -max_total_time=600`; seed the corpus with the
//! fixtures (`cp fixtures/pdf-cases/*.pdf fuzz/corpus/pdf/`).
#![no_main]

use citelint::extract::pdf::{LayoutOptions, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reading) = read(data.to_vec(), &LayoutOptions::default()) else {
        return;
    };
    let text = &reading.text;
    let ok = |start: usize, end: usize| {
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    };
    let m = &reading.manuscript;
    for r in &m.refs {
        assert!(ok(r.span.start, r.span.end));
    }
    for n in &m.notes {
        assert!(ok(n.label_span.start, n.label_span.end));
        assert!(ok(n.text_span.start, n.text_span.end));
    }
    for l in &m.links {
        assert!(ok(l.span.start, l.span.end));
        for p in &l.pieces {
            assert!(ok(p.start, p.end));
        }
    }
    for p in &m.problems {
        assert!(ok(p.span.start, p.span.end));
    }
    assert!(reading.pages.windows(2).all(|w| w[0] <= w[1]));
});
