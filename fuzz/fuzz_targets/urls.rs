//! The URL finder on arbitrary text: no panic, and every link's span and pieces lie in the
//! text, on char boundaries, in order, with the joined URL made of the pieces.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ok = |s: &std::ops::Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for link in citelint::text::urls::find_links(text, &[]) {
        let span = link.span.range();
        assert!(ok(&span), "{link:?}");
        let pieces: Vec<_> = link.pieces.iter().map(|p| p.range()).collect();
        assert!(
            pieces
                .iter()
                .all(|p| ok(p) && span.start <= p.start && p.end <= span.end)
        );
        assert!(
            pieces.windows(2).all(|w| w[0].end <= w[1].start),
            "{link:?}"
        );
    }
});
