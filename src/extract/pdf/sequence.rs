//! Numbering sequences, and markers paired with notes.
//!
//! A note starts a new sequence when its number does not go up from the note before and it is
//! `1`, or it follows a heading (a chapter that starts its numbering again), or when it is the
//! first of another list (endnotes after footnotes). A marker pairs with the first unpaired
//! footnote with its label on its page (or the next page); failing that, with an unpaired
//! endnote with its label in the current endnote sequence (the sequence moves on when the
//! markers' numbering restarts). A marker that pairs with nothing is kept when it is a number
//! that continues the markers' numbering and is not glued to a letter (`x2` is an exponent as
//! often as a marker): that is a note that is missing, which `N001` reports.

use std::collections::HashMap;

use super::notes::{Found, Marker};
use crate::text::numbers::label_number;

/// The numbering sequence of each note.
pub fn sections(found: &[Found]) -> Vec<usize> {
    let mut out = Vec::with_capacity(found.len());
    let mut section = 0;
    let mut last: Option<u32> = None;
    let mut kind: Option<bool> = None;
    for f in found {
        let n = label_number(&f.label);
        let new_list = kind.is_some_and(|k| k != f.endnote);
        let back = n.zip(last).is_some_and(|(n, l)| n <= l);
        let restart = back && (n == Some(1) || f.after_heading);
        if new_list || restart {
            section += 1;
            last = None;
        }
        kind = Some(f.endnote);
        if n.is_some() {
            last = n;
        }
        out.push(section);
    }
    out
}

/// The markers that are references, each with its sequence.
pub fn refs(found: &[Found], sections: &[usize], markers: &[Marker]) -> Vec<(Marker, usize)> {
    let mut footnotes: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
    let mut endnotes: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
    let mut end_sections: Vec<usize> = Vec::new();
    for (i, f) in found.iter().enumerate() {
        if f.endnote {
            endnotes
                .entry((sections[i], f.label.as_str()))
                .or_default()
                .push(i);
            if end_sections.last() != Some(&sections[i]) {
                end_sections.push(sections[i]);
            }
        } else {
            footnotes
                .entry((f.page, f.label.as_str()))
                .or_default()
                .push(i);
        }
    }
    let mut paired = vec![false; found.len()];
    let take = |list: Option<&Vec<usize>>, paired: &mut Vec<bool>| {
        let i = list?.iter().copied().find(|&i| !paired[i])?;
        paired[i] = true;
        Some(i)
    };
    let mut out = Vec::new();
    let mut last: Option<u32> = None;
    let mut section = 0;
    let mut end_cursor = 0usize;
    for m in markers {
        let n = label_number(&m.label);
        if n.zip(last).is_some_and(|(n, l)| n <= l) && end_cursor + 1 < end_sections.len() {
            end_cursor += 1;
        }
        let label = m.label.as_str();
        let note = take(footnotes.get(&(m.page, label)), &mut paired)
            .or_else(|| take(footnotes.get(&(m.page + 1, label)), &mut paired))
            .or_else(|| {
                let s = *end_sections.get(end_cursor)?;
                take(endnotes.get(&(s, label)), &mut paired)
            });
        match note {
            Some(i) => section = sections[i],
            None => {
                let digits = m.label.bytes().all(|b| b.is_ascii_digit());
                let next = n.is_some_and(|n| last.is_none_or(|l| n == l + 1));
                if !(digits && next && !m.after_letter) {
                    continue;
                }
            }
        }
        if n.is_some() {
            last = n;
        }
        out.push((m.clone(), section));
    }
    out
}
