//! Endnotes: a `Notes` heading followed by numbered entries, at the end of a chapter or of the
//! document.
//!
//! The heading is a line holding only `Notes`, `Endnotes` or `Notes to chapter N` (starting
//! with a capital, perhaps with a closing colon), set at least at the body size. The list runs until a heading
//! at least as large as that one (the next chapter, `Bibliography`), or to the end. An entry
//! starts on a line that opens with a label (raised, or `1.`, `1`, `i.` at the line's height)
//! continuing the list's numbering (or restarting it at 1, as lists per chapter do); other lines
//! continue the entry before. Page furniture inside the list is skipped.
//!
//! Word processors print endnotes with no heading, after the text (`i Text`, `ii Text`): when
//! markers of the body answer to no note, the lines after the last of them that open with
//! those markers' labels, in their order, are their endnotes.

use super::notes::{Doc, Found, Marker, Role, fits, opening_label};
use crate::text::numbers::label_number;

pub use crate::text::headings::is_notes_heading;

/// Find the lists of endnotes, mark their lines, and return their entries in order.
pub fn find(doc: &mut Doc<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    let all: Vec<(usize, usize)> = doc.all().collect();
    let pages = doc.pages;
    let mut k = 0;
    while k < all.len() {
        let at = all[k];
        let line = &pages[at.0].lines[at.1];
        // `notes to section 1.1.)` can end a paragraph: a heading starts with a capital.
        let heading = doc.roles[at.0][at.1] != Role::Furniture
            && line.size >= doc.body * doc.options.footnote_size
            && doc.line_text(at).starts_with(char::is_uppercase)
            && is_notes_heading(doc.line_text(at));
        k += 1;
        if !heading {
            continue;
        }
        let rank = line.size;
        doc.roles[at.0][at.1] = Role::Heading;
        let mut open: Option<Found> = None;
        let mut after_heading = true;
        // The list's labels are raised, or not: its first entry says which.
        let mut raised_labels: Option<bool> = None;
        while k < all.len() {
            let at = all[k];
            let role = doc.roles[at.0][at.1];
            let line = &pages[at.0].lines[at.1];
            if role == Role::Heading && line.size >= rank * doc.options.small {
                break;
            }
            k += 1;
            if role == Role::Furniture {
                continue;
            }
            if role == Role::Heading || is_notes_heading(doc.line_text(at)) {
                after_heading = true;
                continue;
            }
            doc.roles[at.0][at.1] = Role::End;
            let last = open
                .as_ref()
                .or(out.last())
                .and_then(|f: &Found| label_number(&f.label));
            let opening = opening_label(doc, line)
                .filter(|o| raised_labels.is_none_or(|r| r == o.raised))
                .filter(|o| fits(doc.text, o, last));
            match opening {
                Some(o) => {
                    raised_labels.get_or_insert(o.raised);
                    out.extend(open.take());
                    open = Some(Found {
                        label: doc.text[o.label.clone()].to_string(),
                        label_span: o.label,
                        pieces: std::iter::once(o.body..line.end).collect(),
                        page: at.0,
                        endnote: true,
                        after_heading: std::mem::take(&mut after_heading),
                    });
                }
                None => {
                    if let Some(f) = open.as_mut() {
                        f.pieces.push(line.start..line.end);
                    }
                }
            }
        }
        out.extend(open);
    }
    out
}

/// Endnotes with no heading: the markers that no note answers, looked for in order as the labels
/// opening lines after the last of them. Found only when at least two (or all) are there.
pub fn find_headless(doc: &mut Doc<'_>, found: &[Found], markers: &[Marker]) -> Vec<Found> {
    let answered = |m: &Marker| {
        found
            .iter()
            .any(|f| f.label == m.label && (f.endnote || f.page == m.page || f.page == m.page + 1))
    };
    let open: Vec<&Marker> = markers.iter().filter(|m| !answered(m)).collect();
    let Some(last) = open.last() else {
        return Vec::new();
    };
    let all: Vec<(usize, usize)> = doc.all().collect();
    let pages = doc.pages;
    let after = all.partition_point(|&(p, i)| pages[p].lines[i].end <= last.span.end);
    let mut out: Vec<Found> = Vec::new();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    for &at in &all[after..] {
        let role = doc.roles[at.0][at.1];
        if role == Role::Heading && !out.is_empty() {
            break;
        }
        if role != Role::Body {
            continue;
        }
        let line = &pages[at.0].lines[at.1];
        let opening = opening_label(doc, line).filter(|o| {
            open.get(next)
                .is_some_and(|m| doc.text[o.label.clone()] == m.label)
        });
        match (opening, out.last_mut()) {
            (Some(o), _) => {
                next += 1;
                out.push(Found {
                    label: doc.text[o.label.clone()].to_string(),
                    label_span: o.label,
                    pieces: std::iter::once(o.body..line.end).collect(),
                    page: at.0,
                    endnote: true,
                    after_heading: false,
                });
                lines.push(at);
            }
            (None, Some(f)) => {
                f.pieces.push(line.start..line.end);
                lines.push(at);
            }
            (None, None) => {}
        }
    }
    if out.len() < 2 && out.len() < open.len() {
        return Vec::new();
    }
    for (p, i) in lines {
        doc.roles[p][i] = Role::End;
    }
    out
}
