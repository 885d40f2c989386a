//! Page furniture: page numbers, running heads and running feet. They are never notes or
//! markers (their URLs still count: the URL finder reads the whole rendition).
//!
//! A line is furniture when it is one of the first two (or last two) lines of its page, lies in
//! the page's top (or bottom) margin, stands apart from the text below (or above) it by a wider
//! gap than lines of text leave, is not a heading, and either reads as a page number
//! (`12`, `xiv`, `- 12 -`, `Page 12 of 30`), or has the same text, digits aside, as the head of
//! another page (the foot of two others: a note such as `2 Ibid.` can recur at two feet), or
//! (at the head) carries a page number at either end (`CHAPTER 1. ORIGINS 2`).

use std::collections::HashMap;

use super::notes::{Doc, Role};

/// A page number as printed alone on a line.
pub fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '|') || c.is_whitespace());
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    let t = t.split(" of ").next().unwrap_or(t);
    let t = t.split(" / ").next().unwrap_or(t).trim();
    let digits = !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    let lower = t.to_ascii_lowercase();
    let roman = !t.is_empty()
        && t.len() <= 7
        && (t == lower || t == t.to_ascii_uppercase())
        && crate::text::numbers::roman(&lower).is_some();
    digits || roman
}

/// A running head that carries the page number at either end: `CHAPTER 1. ORIGINS 2`, `12
/// The Korean War`.
fn numbered(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let number = |w: &&str| w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
    words.len() >= 2 && (words.first().is_some_and(number) || words.last().is_some_and(number))
}

/// The text of a line with digits made `#`, to find the same head on several pages.
fn key(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first two and last two lines of each page that lie in its margins and stand apart from
/// the text (a gap of [`LayoutOptions::furniture_gap`] lines between them and the rest), by page.
///
/// [`LayoutOptions::furniture_gap`]: super::LayoutOptions::furniture_gap
fn edges(doc: &Doc<'_>) -> Vec<(Vec<usize>, Vec<usize>)> {
    doc.pages
        .iter()
        .enumerate()
        .map(|(p, page)| {
            let mut order: Vec<usize> = (0..page.lines.len())
                .filter(|&i| doc.roles[p][i] != Role::Heading)
                .collect();
            order.sort_by(|&a, &b| page.lines[a].y.total_cmp(&page.lines[b].y));
            let margin = doc.options.margin * page.height;
            let gap = |a: usize, b: usize| {
                let (a, b) = (&page.lines[a], &page.lines[b]);
                (b.y - a.y).abs() >= doc.options.furniture_gap * a.size.max(b.size)
            };
            // Among the first two lines, those above a wide gap.
            let apart = |ends: &[usize], inner: Option<usize>| -> Vec<usize> {
                match (ends, inner) {
                    ([a, b], Some(c)) if gap(*b, c) => vec![*a, *b],
                    ([a, b], _) if gap(*a, *b) => vec![*a],
                    ([a], Some(c)) if gap(*a, c) => vec![*a],
                    ([a], None) => vec![*a],
                    _ => Vec::new(),
                }
            };
            let n = order.len();
            let head: Vec<usize> = order.iter().take(2).copied().collect();
            let top = apart(&head, order.get(2).copied());
            let mut tail: Vec<usize> = order.iter().rev().take(2).copied().collect();
            let bottom = apart(&tail, n.checked_sub(3).map(|k| order[k]));
            tail.clear();
            let top = top
                .into_iter()
                .filter(|&i| page.lines[i].y <= margin)
                .collect();
            let bottom = bottom
                .into_iter()
                .filter(|&i| page.lines[i].y >= page.height - margin)
                .collect();
            (top, bottom)
        })
        .collect()
}

/// Mark the furniture of every page.
pub fn mark(doc: &mut Doc<'_>) {
    let edges = edges(doc);
    let text_of = |doc: &Doc<'_>, p: usize, i: usize| {
        let l = &doc.pages[p].lines[i];
        doc.text[l.start..l.end].to_string()
    };
    let mut heads: HashMap<String, usize> = HashMap::new();
    let mut feet: HashMap<String, usize> = HashMap::new();
    for (p, (top, bottom)) in edges.iter().enumerate() {
        for &i in top {
            *heads.entry(key(&text_of(doc, p, i))).or_default() += 1;
        }
        for &i in bottom {
            *feet.entry(key(&text_of(doc, p, i))).or_default() += 1;
        }
    }
    let lettered = |k: &str| k.chars().any(char::is_alphabetic);
    for (p, (top, bottom)) in edges.iter().enumerate() {
        for &i in top {
            let t = text_of(doc, p, i);
            let k = key(&t);
            let repeated = lettered(&k) && heads.get(&k).copied().unwrap_or(0) >= 2;
            // A `Notes` heading atop each chapter's notes is not a running head.
            let head = (repeated || numbered(&t)) && !super::endnotes::is_notes_heading(&t);
            if is_page_number(&t) || head {
                doc.roles[p][i] = Role::Furniture;
            }
        }
        for &i in bottom {
            let t = text_of(doc, p, i);
            let k = key(&t);
            let repeated =
                lettered(&k) && !k.starts_with('#') && feet.get(&k).copied().unwrap_or(0) >= 3;
            if is_page_number(&t) || repeated {
                doc.roles[p][i] = Role::Furniture;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in [
            "12",
            "xiv",
            "XIV",
            "- 12 -",
            "— 3 —",
            "Page 4",
            "Page 4 of 30",
            "4 / 30",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["12 Ibid.", "Notes", "1950s", "12345", "mix", "Xiv"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
