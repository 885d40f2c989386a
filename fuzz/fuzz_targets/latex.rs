//! The LaTeX reader on arbitrary bytes: no panic, and every span of the main file in bounds on
//! char boundaries. Includes resolve against the fuzzer's working directory, so the input is
//! read as a file without a path (only `\input{…}` names relative to it are tried).
#![no_main]

use citelint::extract::{self, FileIds};
use citelint::model::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.tex", data.to_vec());
    let text = source.text().to_string();
    let mut ids = FileIds::default();
    let file = ids.next_id();
    let (_, m) = extract::latex::read(source.with_id(file), &[], &mut ids);
    let ok = |s: &citelint::model::Span| {
        s.file != file
            || (s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end))
    };
    for r in &m.refs {
        assert!(ok(&r.span));
    }
    for n in &m.notes {
        assert!(ok(&n.label_span) && ok(&n.text_span));
        let _ = n.source_span(0..n.text.len());
    }
    for l in &m.links {
        assert!(ok(&l.span) && l.pieces.iter().all(ok));
    }
    for c in &m.cites {
        assert!(ok(&c.span) && c.items.iter().all(|i| ok(&i.key_span)));
    }
    for p in &m.problems {
        assert!(ok(&p.span));
    }
});
