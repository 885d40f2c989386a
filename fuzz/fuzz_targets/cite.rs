//! The citation parser on arbitrary text, as a note and as one reference: no panic, and every
//! citation's and field's span lies in the text, on char boundaries.
#![no_main]

use citelint::model::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ok = |s: &Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let citations = citelint::cite::parse_note(text);
    let reference = citelint::cite::parse_reference(text);
    for c in citations.iter().chain(&reference) {
        assert!(ok(&c.span), "{c:?}");
        assert!(c.fields.iter().all(|f| ok(&f.span)), "{c:?}");
    }
});
