//! The Markdown reader, then every rule, on arbitrary bytes read as a `.md` file: no panic, and
//! every span lies in bounds, on char boundaries, in the file it names.
#![no_main]

use citelint::extract::{self, FileIds};
use citelint::input::Input;
use citelint::model::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::new("fuzz.md");
    let mut ids = FileIds::default();
    let Ok(mut doc) = extract::read(&input, data.to_vec(), &mut ids) else {
        return;
    };
    citelint::cite::annotate(&mut doc.manuscript);
    let text = doc.sources[0].text();
    let ok = |s: &Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let m = &doc.manuscript;
    assert!(m.refs.iter().all(|r| ok(&r.span)));
    assert!(
        m.notes
            .iter()
            .all(|n| ok(&n.label_span) && ok(&n.text_span))
    );
    assert!(
        m.notes
            .iter()
            .flat_map(|n| &n.citations)
            .all(|c| ok(&c.span))
    );
    assert!(
        m.links
            .iter()
            .all(|l| ok(&l.span) && l.pieces.iter().all(ok))
    );
    assert!(
        m.cites
            .iter()
            .all(|c| ok(&c.span) && c.items.iter().all(|i| ok(&i.key_span)))
    );
    let findings = citelint::rules::check(
        &doc.sources[0],
        m,
        None,
        &citelint::rules::Options::default(),
    );
    assert!(findings.iter().all(|d| ok(&d.span)));
});
