//! The BibTeX reader on arbitrary bytes: no panic (the `biblatex` crate included: a
//! `crossref` or `@string` cycle must not recurse forever), and every span in bounds on char
//! boundaries.
#![no_main]

use citelint::extract::bibtex;
use citelint::model::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let read = bibtex::read(&text, FileId(1));
    let ok = |s: &citelint::model::Span| {
        s.file == FileId(1)
            && s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for e in &read.entries {
        assert!(ok(&e.span) && ok(&e.key_span) && ok(&e.kind_span));
        assert!(e.fields.iter().all(|f| ok(&f.span)));
    }
    for l in &read.links {
        assert!(ok(&l.span));
    }
    for p in &read.problems {
        assert!(ok(&p.span));
    }
});
