//! Reads plain text extracted from a PDF (copied from a viewer, or `pdftotext` with or without
//! `-layout`) into the manuscript model.
//!
//! A PDF keeps no structure: footnote markers are digits glued to the text, footnote texts are
//! lines at the foot of each page, and page furniture (running headers, page numbers) sits
//! between them. This module recovers the structure with the heuristics below, in this order.
//!
//! # Lines and pages
//! A form feed starts a new page (`pdftotext` writes one per page); text without form feeds is
//! read as one long page. Page furniture is never searched for references or notes:
//! - a page number: a number (or lowercase roman numeral) alone on the last line of a page, or on
//!   its first line, or on its second line after a running header;
//! - a running header: the first line of a page (or the second, after a page number) if it is
//!   written in capitals only (`ANGLIA RUSKIN UNIVERSITY`, `CHAPTER 1. ORIGINS OF THE CONFLICT
//!   2`) or if its text, with digits ignored, stands at the top of another page too;
//! - a running footer: one of the last two lines of a page whose text, with digits ignored,
//!   stands at the foot of three pages or more (a footnote such as `2 Ibid.` can recur at the
//!   foot of two pages, so two is not enough).
//!
//! Unpaged text has furniture only on its first line (a capitals header) and its last (a page
//! number).
//!
//! # Footnote references
//! A candidate is a number of one to three digits (no leading zero) that is not followed by a
//! letter, a digit, a hyphen, a dash, a slash, `%`, a decimal point or a thousands separator, and
//! is either
//! - *glued* to punctuation that ends a word: `years.1`, `hire.”4`, `Smith,2`, `(1950)3`; not
//!   after an abbreviation or an initial (`p.363`, `vol.2`, `J.3`), nor in a decimal (`2.1`);
//! - *glued to a year* that ends a sentence: `1950.3` (weaker: a decimal looks the same);
//! - *glued to a lowercase word* with no punctuation: `confrontation2` (weaker; never `NSC68`);
//! - *spaced*: set off by spaces after sentence punctuation and followed by a capital
//!   (`communism. 2  Previously`) (weaker).
//!
//! Candidates are then read against the numbering sequence, in order: a candidate that continues
//! the sequence (the last accepted number plus one) is a reference; so is a `1` glued to
//! punctuation or a year after the sequence has begun (numbering restarts in a new chapter, as in
//! LaTeX's report and book classes); a number glued to punctuation may also skip ahead by up to
//! two numbers or repeat or go back by up to two, so that the `footnote-sequence` rule can report
//! it. Everything else is prose: years (`27 April 2018`), `NSC-68`, `3,000 pages`, `45th`,
//! decimals, list numbers and page numbers fail one test or the other.
//!
//! Digits glued to the end of a URL after a full stop (`www.cia.gov/readingroom.4`) are a
//! candidate too; when accepted, the URL ends before the full stop.
//!
//! # Footnote texts
//! A note starts on a line that begins with its number followed by its text (`1 The Defense
//! Ministry...`; the text starts with a capital, a quote or a bracket), or on a line holding the
//! number alone, the text following on the next non-blank line (`pdftotext`'s default output).
//! Several numbers alone in a row (`1`, `2`, then two lines of text) take one line of text each,
//! the last taking the rest. A line is a note's start only if its number continues the notes'
//! sequence (or restarts it at 1, or skips ahead by up to two) and a reference candidate with
//! that number stands earlier in the text, after any earlier note with the same number; or if
//! its number continues the sequence (or repeats the last) and its text looks like a citation (a
//! year, `Ibid.`, a page, a URL, `See`), so that notes whose reference is missing are found too.
//!
//! A note continues until the body resumes, which may be mid-sentence. On paged text (with form
//! feeds) notes sit at the foot of the page, so a note runs to the end of its page, less the page
//! furniture, unless the next note starts. On unpaged text a note continues on the next line only
//! while its last line does not end a sentence (`.`, `!` or `?`, perhaps before a closing quote
//! or bracket); a blank line ends it.
//!
//! # Other labels, and notes gathered in a section
//! A lowercase Roman numeral glued to punctuation (`war.ii The`) and note symbols glued to a
//! word (`title*`, `1953.†`) are candidates too; they are references only when a note carries
//! the same label, Roman numerals in their own sequence. A note may open `1. Text` when it is in
//! a `Notes` section or its text looks like a citation. A `Notes` heading (`Notes`, `Endnotes`,
//! `Notes to Chapter 3`) opens a section that runs until a chapter heading or a bibliography:
//! its notes continue across lines, blank lines and pages, and when it numbers each chapter from
//! 1, its last run of numbers belongs to the sequence of the last reference before it, the run
//! before to the sequence before, and so on. A `Chapter N` heading lets the numbering restart at
//! a small number (when the chapter's first references were lost). A note that continues the
//! numbering is a note even when its reference was lost. A paged note that does not end a
//! sentence may end at the foot of the next page: a short block, not the page's first, ending a
//! sentence, right above that page's first note.
//!
//! # What this module does not do
//! Hyphens that `pdftotext` removed when it joined a word broken across lines are gone from its
//! output and cannot be restored here. Reading the PDF itself (`extract::pdf`) is better in every
//! way this module guesses.

use std::collections::HashMap;

use crate::model::{self, FileId, Link, Manuscript, Note, NoteRef};
use crate::text::urls;

/// A byte range of the text being read. The reader works in ranges; the manuscript it returns
/// holds spans of file 0, which the caller moves into the source's file.
type Span = std::ops::Range<usize>;

fn file_span(range: Span) -> model::Span {
    model::Span::new(FileId::default(), range)
}

/// Extract references, notes and links from PDF-extracted plain text.
pub fn extract(text: &str) -> Manuscript {
    let lines = split_lines(text);
    let furniture: Vec<Span> = lines
        .iter()
        .filter(|l| l.kind == Kind::Furniture)
        .map(|l| l.start..l.end)
        .collect();
    let mut links = urls::find_links(text, &furniture);
    let candidates = find_candidates(text, &lines, &links);
    let FoundNotes {
        mut notes,
        in_note: note_lines,
        sections,
    } = find_notes(text, &lines, &candidates);
    let body_candidates: Vec<&Candidate> =
        candidates.iter().filter(|c| !note_lines[c.line]).collect();
    let noted: std::collections::HashSet<u32> =
        notes.iter().filter_map(|n| label_key(&n.label)).collect();
    let headings: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.kind == Kind::Body && crate::text::headings::is_chapter_heading(l.text(text))
        })
        .map(|(i, _)| i)
        .collect();
    let refs = select_refs(&body_candidates, &noted, &headings);
    for r in &refs {
        // Links are sorted and do not overlap, so their ends are sorted too.
        let idx = links.partition_point(|l| l.span.end < r.span.end);
        if links.get(idx).is_some_and(|l| l.span.end == r.span.end) {
            // The digits glued to the URL were a reference: the URL ends before the full stop.
            links[idx] = urls::truncate(text, &links[idx], r.span.start);
        }
    }
    // A note belongs to the numbering sequence of the last reference before it.
    let mut k = 0;
    for note in &mut notes {
        while k < refs.len() && refs[k].span.start < note.label_span.start {
            k += 1;
        }
        note.section = k.checked_sub(1).map_or(0, |p| refs[p].section);
    }
    for range in &sections {
        number_endnotes(&mut notes, range);
    }
    links.retain(|l: &Link| !l.span.is_empty());
    Manuscript {
        refs,
        notes,
        links,
        ..Manuscript::default()
    }
}

/// The notes of a `Notes` section that numbers them again for each chapter (`1.`…`9.`,
/// `1.`…`7.`) belong to the chapters' numbering sequences: the section's last run of numbers to
/// the sequence of the last reference before the section, the run before it to the sequence
/// before that, and so on.
fn number_endnotes(notes: &mut [Note], range: &Span) {
    let inside: Vec<usize> = (0..notes.len())
        .filter(|&i| range.contains(&notes[i].label_span.start))
        .collect();
    let Some(&first) = inside.first() else {
        return;
    };
    let base = notes[first].section;
    let mut runs = vec![0usize; inside.len()];
    let mut run = 0;
    let mut last: Option<u32> = None;
    for (k, &i) in inside.iter().enumerate() {
        if let Some(n) = notes[i].number {
            if last.is_some_and(|l| n <= l) {
                run += 1;
            }
            last = Some(n);
        }
        runs[k] = run;
    }
    for (k, &i) in inside.iter().enumerate() {
        notes[i].section = (base + runs[k]).saturating_sub(run);
    }
}

// ---------------------------------------------------------------------------------------------
// Lines and page furniture

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Body,
    Furniture,
}

#[derive(Debug, Clone)]
struct Line {
    /// Start of the line's content (after any form feed).
    start: usize,
    /// End of the line's content (before `\r\n` or `\n`).
    end: usize,
    page: usize,
    kind: Kind,
}

impl Line {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let paged = memchr::memchr(b'\x0c', bytes).is_some();
    let mut lines = Vec::with_capacity(bytes.len() / 64);
    let mut page = 0;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for newline in ends {
        if newline == bytes.len() && start == bytes.len() && start > 0 {
            break; // the text ends with a line break: no empty line after it
        }
        let mut end = newline;
        while end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let mut content = start;
        while content < end && bytes[content] == b'\x0c' {
            content += 1;
        }
        if content != start && start > 0 {
            page += 1;
        }
        let first = bytes[content..end]
            .iter()
            .position(|b| !b.is_ascii_whitespace());
        let blank = match first {
            None => true,
            Some(i) if bytes[content + i].is_ascii() => false,
            Some(i) => text[content + i..end].trim().is_empty(),
        };
        lines.push(Line {
            start: content,
            end,
            page,
            kind: if blank { Kind::Blank } else { Kind::Body },
        });
        start = newline + 1;
    }
    mark_furniture(text, &mut lines, paged);
    lines
}

/// The text of a line with digits ignored and spaces folded, to find running headers.
fn header_key(line: &str) -> String {
    let mut key = String::new();
    for word in line.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c }),
        );
    }
    key
}

fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
        || (!t.is_empty() && t.len() <= 7 && t.chars().all(|c| "ivxlcdm".contains(c)))
}

fn is_capitals_header(line: &str) -> bool {
    let t = line.trim();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3 && t.len() <= 120 && !t.chars().any(|c| c.is_lowercase())
}

fn mark_furniture(text: &str, lines: &mut [Line], paged: bool) {
    // Non-blank line indices per page.
    let mut pages: Vec<Vec<usize>> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if pages.len() <= line.page {
            pages.resize(line.page + 1, Vec::new());
        }
        if line.kind != Kind::Blank {
            pages[line.page].push(i);
        }
    }
    let key = |i: usize| header_key(lines[i].text(text));
    // Running headers and footers: the same text at the top (or foot) of several pages.
    let mut tops: HashMap<String, usize> = HashMap::new();
    let mut feet: HashMap<String, usize> = HashMap::new();
    if paged {
        for page in &pages {
            let mut top: Vec<String> = page.iter().take(2).map(|&i| key(i)).collect();
            top.dedup();
            for k in top {
                *tops.entry(k).or_default() += 1;
            }
            let mut foot: Vec<String> = page.iter().rev().take(2).map(|&i| key(i)).collect();
            foot.dedup();
            for k in foot {
                *feet.entry(k).or_default() += 1;
            }
        }
    }
    let has_letters = |k: &str| k.chars().any(char::is_alphabetic);
    let mut furniture = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let Some(&first) = page.first() else { continue };
        // The top: a header and a page number, in either order.
        if paged || p == 0 {
            for (n, &i) in page.iter().take(2).enumerate() {
                let line = lines[i].text(text);
                let k = key(i);
                let header = is_capitals_header(line)
                    || (has_letters(&k) && tops.get(&k).copied().unwrap_or(0) >= 2);
                let number = paged && is_page_number(line) && page.len() > 1;
                if header || number {
                    furniture.push(i);
                } else {
                    break;
                }
                if n == 0 && !paged {
                    break;
                }
            }
        }
        // The foot: a page number, and a footer that recurs on three pages or more.
        if page.len() > 1 && (paged || p == pages.len() - 1) {
            let last = *page.last().expect("non-empty page");
            if last != first && is_page_number(lines[last].text(text)) {
                furniture.push(last);
            }
            for &i in page.iter().rev().take(2) {
                let k = key(i);
                if has_letters(&k) && !k.starts_with('#') && feet.get(&k).copied().unwrap_or(0) >= 3
                {
                    furniture.push(i);
                }
            }
        }
    }
    for i in furniture {
        lines[i].kind = Kind::Furniture;
    }
}

// ---------------------------------------------------------------------------------------------
// Reference candidates

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Glued to punctuation that ends a word.
    Strong,
    /// Glued to a year that ends a sentence: `1950.3`.
    Year,
    /// Glued to a lowercase word, or set off by spaces.
    Weak,
}

#[derive(Debug, Clone)]
struct Candidate {
    /// The label as a key (see [`label_of`]).
    number: u32,
    span: Span,
    line: usize,
    strength: Strength,
}

/// Labels are kept as keys: a number is itself, a lowercase Roman numeral is [`ROMAN`] plus its
/// value, a run of one to three note symbols is [`SYMBOL`] plus ten times the symbol's place in
/// [`SYMBOLS`] plus the run's length.
const ROMAN: u32 = 1000;
const SYMBOL: u32 = 2000;
/// The symbols notes are marked with (`∗` is the asterisk LaTeX's `\thanks` prints).
const SYMBOLS: &[char] = &['*', '∗', '†', '‡', '§', '¶', '‖'];

/// Which numbering a label key belongs to: numbers, Roman numerals, or none (symbols).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Arabic,
    Roman,
    Symbol,
}

fn numbering(key: u32) -> Numbering {
    if key >= SYMBOL {
        Numbering::Symbol
    } else if key >= ROMAN {
        Numbering::Roman
    } else {
        Numbering::Arabic
    }
}

/// The label a key stands for.
fn label_of(key: u32) -> String {
    match numbering(key) {
        Numbering::Arabic => key.to_string(),
        Numbering::Roman => crate::text::numbers::to_roman(key - ROMAN),
        Numbering::Symbol => {
            let k = key - SYMBOL;
            let symbol = SYMBOLS.get((k / 10) as usize).copied().unwrap_or('*');
            std::iter::repeat_n(symbol, (k % 10) as usize).collect()
        }
    }
}

/// The key of a run of one to three identical note symbols.
fn symbol_key(run: &str) -> Option<u32> {
    let first = run.chars().next()?;
    let place = SYMBOLS.iter().position(|&s| s == first)?;
    let count = run.chars().count();
    (count <= 3 && run.chars().all(|c| c == first))
        .then_some(SYMBOL + 10 * place as u32 + count as u32)
}

/// The key of a label as printed: digits, a lowercase Roman numeral, or note symbols.
fn label_key(label: &str) -> Option<u32> {
    if label.bytes().all(|b| b.is_ascii_digit()) {
        return note_number(label);
    }
    if let Some(n) = crate::text::numbers::roman(label).filter(|&n| n < ROMAN) {
        return Some(ROMAN + n);
    }
    symbol_key(label)
}

/// Abbreviations after which a number is a locator, not a footnote reference.
const ABBREVIATIONS: &[&str] = &[
    "p", "pp", "fig", "figs", "no", "nos", "vol", "vols", "ch", "chap", "sec", "art", "para", "cf",
    "ed", "eds", "n", "nn", "fol", "fols", "f", "ff", "l", "ll", "pt", "s", "ss", "v", "vs", "op",
    "cit", "col", "cols", "bk", "tab", "eq", "ref", "refs", "ibid", "id", "c", "ca", "r", "nr",
    "st", "ser", "suppl", "repr", "trans", "table", "page", "note", "chapter", "section", "figure",
    "version", "release",
];

fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '»')
}

fn is_opening(c: char) -> bool {
    matches!(c, '“' | '‘' | '"' | '\'' | '«' | '(' | '[')
}

/// The word of letters that ends right before `end`.
fn word_before(text: &str, end: usize) -> &str {
    let s = &text[..end];
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(end, |(i, _)| i);
    &text[start..end]
}

/// The word that ends right before `end`, a possessive `’s` taken with the word it follows
/// (`Kennan’s`), so that its `s` is not read as an initial.
fn word_before_possessive(text: &str, end: usize) -> &str {
    let word = word_before(text, end);
    let start = end - word.len();
    if word == "s"
        && let Some(q) = text[..start].chars().next_back()
        && matches!(q, '’' | '\'')
    {
        let owner = word_before(text, start - q.len_utf8());
        if !owner.is_empty() {
            return &text[start - q.len_utf8() - owner.len()..end];
        }
    }
    word
}

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// The position of the first ASCII digit in `bytes[from..]`. Most text has few digits, so
/// blocks of 32 bytes are tested at once (a loop the compiler vectorises).
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut at = from;
    while at + BLOCK <= bytes.len() {
        let block = &bytes[at..at + BLOCK];
        let any = block
            .iter()
            .fold(false, |acc, &b| acc | (b.wrapping_sub(b'0') < 10));
        if any {
            break;
        }
        at += BLOCK;
    }
    bytes[at..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| at + p)
}

fn find_candidates(text: &str, lines: &[Line], links: &[Link]) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut link_idx = 0;
    let mut li = 0;
    let mut from = 0;
    while let Some(i) = next_digit(bytes, from) {
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        from = j;
        while li < lines.len() && lines[li].end < i {
            li += 1;
        }
        let Some(line) = lines
            .get(li)
            .filter(|l| l.start <= i && l.kind == Kind::Body)
        else {
            continue;
        };
        while link_idx < links.len() && links[link_idx].span.end < j {
            link_idx += 1;
        }
        let in_link = links
            .get(link_idx)
            .is_some_and(|l| l.span.start < j && i < l.span.end);
        let glued_to_link_end = in_link
            && links[link_idx].span.end == j
            && links[link_idx].pieces.len() == 1
            && i >= 2
            && bytes[i - 1] == b'.'
            && bytes[i - 2].is_ascii_alphabetic();
        if (!in_link || glued_to_link_end)
            && let Some(c) = classify(text, line, i, j)
        {
            out.push(Candidate { line: li, ..c });
        }
    }
    out.extend(symbol_candidates(text, lines, links));
    out.extend(roman_candidates(text, lines, links));
    out.sort_by_key(|c| c.span.start);
    out
}

/// The body line holding byte `at`, with its index.
fn body_line_at(lines: &[Line], at: usize) -> Option<(usize, &Line)> {
    let li = lines.partition_point(|l| l.end < at);
    lines
        .get(li)
        .filter(|l| l.start < at && l.kind == Kind::Body)
        .map(|l| (li, l))
}

fn in_any_link(links: &[Link], at: usize) -> bool {
    let k = links.partition_point(|l| l.span.end <= at);
    links.get(k).is_some_and(|l| l.span.start <= at)
}

/// Does a marker that ends at `end` stand before the end of a word: a space, the line's end,
/// or punctuation?
fn ends_marker(text: &str, end: usize, line: &Line) -> bool {
    text[end..line.end].chars().next().is_none_or(|c| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | ')') || is_closing_quote(c)
    })
}

/// Note symbols glued to the end of a word or of its punctuation (`title*`, `1953.†`).
fn symbol_candidates(text: &str, lines: &[Line], links: &[Link]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    // `*` is ASCII; the other symbols start with the bytes 0xE2 or 0xC2, never inside a
    // character.
    for i in memchr::memchr3_iter(b'*', 0xE2, 0xC2, bytes) {
        if i < from {
            continue;
        }
        let Some(first) = text[i..].chars().next().filter(|c| SYMBOLS.contains(c)) else {
            continue;
        };
        let run = text[i..].chars().take_while(|&c| c == first).count();
        let j = i + run * first.len_utf8();
        from = j;
        let Some((li, line)) = body_line_at(lines, i) else {
            continue;
        };
        let before = text[line.start..i].chars().next_back();
        let glued = before.is_some_and(|c| {
            c.is_alphabetic()
                || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')')
                || is_closing_quote(c)
        });
        if run <= 3 && glued && ends_marker(text, j, line) && !in_any_link(links, i) {
            out.push(Candidate {
                number: symbol_key(&text[i..j]).unwrap_or(SYMBOL),
                span: i..j,
                line: li,
                strength: Strength::Strong,
            });
        }
    }
    out
}

/// Lowercase Roman numerals glued to punctuation that ends a word (`war.ii The`), as word
/// processors number endnotes; never after an abbreviation (`p.iv`).
fn roman_candidates(text: &str, lines: &[Line], links: &[Link]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for i in memchr::memchr3_iter(b'i', b'v', b'x', bytes) {
        let Some(prev) = text[..i].chars().next_back() else {
            continue;
        };
        if !(matches!(prev, '.' | ',' | ';' | ':' | ')' | '!' | '?') || is_closing_quote(prev)) {
            continue;
        }
        let j = i + bytes[i..]
            .iter()
            .take_while(|b| matches!(b, b'i' | b'v' | b'x' | b'l' | b'c'))
            .count();
        let Some(n) = crate::text::numbers::roman(&text[i..j]).filter(|&n| n < ROMAN) else {
            continue;
        };
        let Some((li, line)) = body_line_at(lines, i) else {
            continue;
        };
        let word = word_before_possessive(text, i - prev.len_utf8());
        let spaced_after = text[j..line.end]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        if spaced_after && !word.is_empty() && !is_abbreviation(word) && !in_any_link(links, i) {
            out.push(Candidate {
                number: ROMAN + n,
                span: i..j,
                line: li,
                strength: Strength::Strong,
            });
        }
    }
    out
}

/// Is the digit run `text[i..j]` on `line` a reference candidate, and how strong?
fn classify(text: &str, line: &Line, i: usize, j: usize) -> Option<Candidate> {
    let digits = &text[i..j];
    if digits.len() > 3 || digits.starts_with('0') || i == line.start {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    let after = text[j..line.end].chars().next();
    let after2 = text[j..line.end].chars().nth(1);
    let before = text[line.start..i].chars().next_back()?;
    // `years.5In the`: a marker glued to the next sentence's first word, after its full stop.
    let next_sentence = after.is_some_and(char::is_uppercase)
        && after2.is_some_and(char::is_lowercase)
        && (matches!(before, '.' | '!' | '?') || is_closing_quote(before));
    let glued_after_ok = match after {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(',' | ':' | ';') => !after2.is_some_and(|c| c.is_ascii_digit()),
        Some(c) => matches!(c, ')' | ']') || is_closing_quote(c) || next_sentence,
    };
    let before_at = i - before.len_utf8();
    let strength = if before.is_whitespace() {
        // Spaced: `communism. 2  Previously`.
        let prefix = text[line.start..i].trim_end();
        let mut chars = prefix.chars().rev();
        let mut q = chars.next()?;
        let mut q_end = line.start + prefix.len();
        while is_closing_quote(q) || q == ')' {
            q_end -= q.len_utf8();
            q = chars.next()?;
        }
        let q_at = q_end - q.len_utf8();
        let sentence_end = matches!(q, '!' | '?')
            || (q == '.' && {
                let word = word_before(text, q_at);
                !word.is_empty() && !is_abbreviation(word)
            });
        let next = text[j..line.end].trim_start();
        let spaced_after = after.is_some_and(char::is_whitespace)
            && next
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || is_opening(c));
        if sentence_end && spaced_after {
            Strength::Weak
        } else {
            return None;
        }
    } else if !glued_after_ok {
        return None;
    } else if before == '.' {
        let prev = text[line.start..before_at].chars().next_back()?;
        if prev.is_ascii_digit() {
            let year_digits = text[line.start..before_at]
                .bytes()
                .rev()
                .take_while(u8::is_ascii_digit)
                .count();
            let year_start = before_at - year_digits;
            let year: u32 = text[year_start..before_at].parse().ok()?;
            let clean_start = text[line.start..year_start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_digit() && c != '.' && c != ',');
            if year_digits == 4 && (1000..=2099).contains(&year) && clean_start {
                Strength::Year
            } else {
                return None;
            }
        } else if prev.is_alphabetic() {
            let word = word_before_possessive(text, before_at);
            if is_abbreviation(word) {
                return None;
            }
            Strength::Strong
        } else if is_closing_quote(prev) || prev == ')' {
            Strength::Strong
        } else {
            return None;
        }
    } else if matches!(before, ',' | ';' | ':') {
        let prev = text[line.start..before_at].chars().next_back()?;
        if prev.is_alphabetic() || is_closing_quote(prev) || prev == ')' {
            Strength::Strong
        } else {
            return None;
        }
    } else if matches!(before, '!' | '?' | ')' | ']') || is_closing_quote(before) {
        Strength::Strong
    } else if before.is_alphabetic() {
        let word = word_before(text, i);
        let word_start = i - word.len();
        let clean_start = text[line.start..word_start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || is_opening(c));
        if word.chars().count() >= 2 && word.chars().all(char::is_lowercase) && clean_start {
            Strength::Weak
        } else {
            return None;
        }
    } else {
        return None;
    };
    Some(Candidate {
        number,
        span: i..j,
        line: 0,
        strength,
    })
}

/// Read the candidates against the numbering sequence; see the module documentation.
/// `noted`: the labels some note has (a symbol or a Roman numeral is a reference only then);
/// `headings`: the lines that open a chapter.
fn select_refs(
    candidates: &[&Candidate],
    noted: &std::collections::HashSet<u32>,
    headings: &[usize],
) -> Vec<NoteRef> {
    let mut refs: Vec<NoteRef> = Vec::new();
    let mut last = 0u32;
    let mut last_roman = 0u32;
    let mut last_line = 0usize;
    let mut section = 0usize;
    for c in candidates {
        let accepted = match numbering(c.number) {
            Numbering::Symbol => noted.contains(&c.number).then_some(false),
            Numbering::Roman => {
                let n = c.number - ROMAN;
                let fits = n == last_roman + 1 || (n == 1 && last_roman >= 1);
                let restart = n == 1 && last_roman >= 1;
                (fits && noted.contains(&c.number)).then(|| {
                    last_roman = n;
                    restart
                })
            }
            Numbering::Arabic => {
                let n = c.number;
                // A new chapter may start its numbering again at 1, or at a small number when
                // its first references were lost.
                let chapter = headings
                    .get(headings.partition_point(|&h| h <= last_line))
                    .is_some_and(|&h| h <= c.line);
                let restart = c.strength != Strength::Weak
                    && last >= 1
                    && (n == 1 || (chapter && n < last && n <= 3));
                let accept = n == last + 1
                    || restart
                    || (c.strength == Strength::Strong
                        && ((n > last + 1 && n <= last + 3)
                            || (n >= 2 && n <= last && n + 2 >= last)));
                accept.then(|| {
                    last = n;
                    restart
                })
            }
        };
        let Some(restart) = accepted else {
            continue;
        };
        if restart {
            section += 1;
        }
        last_line = c.line;
        let label = label_of(c.number);
        refs.push(NoteRef {
            number: crate::text::numbers::label_number(&label),
            label,
            span: file_span(c.span.clone()),
            section,
            repeat: false,
        });
    }
    refs
}

// ---------------------------------------------------------------------------------------------
// Footnote texts

/// A line that opens with a label: the label's key and span, and the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Opening<'t> {
    key: u32,
    label: Span,
    /// The note's text on this line; `None` when the label stands alone.
    body: Option<&'t str>,
    /// The label is followed by a full stop (`1. Text`), as lists of endnotes print them.
    dotted: bool,
}

/// `12 Text`, `12. Text`, `iv. Text`, `* Text`, `†Text`, or a label alone (`12`), in `line`
/// starting at byte `start` of the text.
fn opening(line: &str, start: usize) -> Option<Opening<'_>> {
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    let first = t.chars().next()?;
    let symbol = SYMBOLS.contains(&first);
    let label_len = if symbol {
        t.chars()
            .take_while(|&c| c == first)
            .map(char::len_utf8)
            .sum()
    } else {
        t.find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(t.len())
    };
    let key = label_key(&t[..label_len])?;
    let after = &t[label_len..];
    let (after, dotted) = match after.strip_prefix('.') {
        Some(a) if !symbol => (a, true),
        _ => (after, false),
    };
    let body = after.trim();
    let label = start + lead..start + lead + label_len;
    if body.is_empty() {
        return Some(Opening {
            key,
            label,
            body: None,
            dotted,
        });
    }
    let spaced = after.starts_with(char::is_whitespace);
    (spaced || symbol).then_some(Opening {
        key,
        label,
        body: Some(body),
        dotted,
    })
}

fn note_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 3 || digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

/// Does a note's text look like a citation, so that it counts as a note without a reference?
fn looks_like_citation(text: &str) -> bool {
    let lower = text.to_lowercase();
    let has_year = text.as_bytes().windows(4).enumerate().any(|(k, w)| {
        w.iter().all(u8::is_ascii_digit)
            && matches!(&w[..2], b"15" | b"16" | b"17" | b"18" | b"19" | b"20")
            && (k == 0 || !text.as_bytes()[k - 1].is_ascii_digit())
            && text
                .as_bytes()
                .get(k + 4)
                .is_none_or(|b| !b.is_ascii_digit())
    });
    has_year
        || lower.contains("ibid")
        || lower.contains("op. cit")
        || lower.contains("p. ")
        || lower.contains("pp.")
        || lower.contains("http")
        || lower.contains("www.")
        || lower.starts_with("see ")
        || lower.starts_with("cf.")
}

/// A note's text starts with a capital, a quote or a bracket, or is a URL.
fn starts_like_note_text(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || is_opening(c))
        || lower.starts_with("http")
        || lower.starts_with("www.")
        || lower.starts_with("doi:")
}

fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches(|c: char| is_closing_quote(c) || c == ')' || c == ']');
    t.ends_with(['.', '!', '?'])
}

struct OpenNote {
    /// The label's key.
    number: u32,
    label_span: Span,
    pieces: Vec<Span>,
    page: usize,
}

impl OpenNote {
    fn finish(self, text: &str) -> Note {
        let mut joined = String::new();
        let mut text_map = Vec::new();
        for piece in &self.pieces {
            // Layout mode pads justified lines with runs of spaces: fold them.
            let piece_text = &text[piece.clone()];
            for (k, word) in piece_text.split_whitespace().enumerate() {
                let glued = k == 0 && joined.ends_with('-');
                if !joined.is_empty() && !glued {
                    joined.push(' ');
                }
                let word_at = piece.start + (word.as_ptr() as usize - piece_text.as_ptr() as usize);
                text_map.push((joined.len(), word_at));
                joined.push_str(word);
            }
        }
        let text_span = match (self.pieces.first(), self.pieces.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => self.label_span.end..self.label_span.end,
        };
        let label = label_of(self.number);
        Note {
            number: crate::text::numbers::label_number(&label),
            label,
            label_span: file_span(self.label_span),
            text_span: file_span(text_span),
            text: joined,
            section: 0,
            text_map,
            citations: Vec::new(),
        }
    }

    fn last_piece<'t>(&self, text: &'t str) -> &'t str {
        self.pieces.last().map_or("", |p| &text[p.clone()])
    }
}

struct NoteFinder {
    /// Candidate positions per label key, in text order.
    candidates: HashMap<u32, Vec<usize>>,
    /// Where the last note with each label started.
    last_note_at: HashMap<u32, usize>,
    /// The last numbered note's number, and the last Roman-numbered one's.
    last: u32,
    last_roman: u32,
    /// A chapter heading stands between the last note and here.
    chapter: bool,
    /// Notes read so far per label key.
    count: HashMap<u32, usize>,
}

impl NoteFinder {
    /// Is the label `key` at `at` the start of a note? `citation`: its text looks like one;
    /// `plausible`: its text starts as a note's does (a note whose reference was lost is still
    /// a note when it continues the numbering).
    /// In a `Notes` section (`gathered`), the references all come before their notes: the
    /// `k`-th note with a label needs `k` candidates with it before.
    fn fits(&self, key: u32, at: usize, citation: bool, plausible: bool, gathered: bool) -> bool {
        let since = self.last_note_at.get(&key).copied();
        let referenced = self.candidates.get(&key).is_some_and(|positions| {
            if gathered {
                let before = positions.partition_point(|&p| p < at);
                return before > self.count.get(&key).copied().unwrap_or(0);
            }
            // The first candidate after the last note with this label must come before `at`.
            let first = since.map_or(0, |s| positions.partition_point(|&p| p <= s));
            positions.get(first).is_some_and(|&p| p < at)
        });
        match numbering(key) {
            Numbering::Symbol => referenced,
            Numbering::Roman => {
                let n = key - ROMAN;
                referenced && (n == self.last_roman + 1 || (n == 1 && self.last_roman >= 1))
            }
            Numbering::Arabic => {
                let (n, last) = (key, self.last);
                let in_sequence =
                    n == last + 1 || (n == 1 && last >= 1) || (self.chapter && n < last && n <= 3);
                let skip = n > last + 1 && n <= last + 3;
                let back = n >= 2 && n < last && n + 2 >= last;
                (referenced && (in_sequence || skip || back))
                    || (citation && (n == last + 1 || (n == last && n >= 1)))
                    || (plausible && last >= 1 && n == last + 1)
            }
        }
    }

    fn accept(&mut self, key: u32, at: usize) {
        match numbering(key) {
            Numbering::Arabic => self.last = key,
            Numbering::Roman => self.last_roman = key - ROMAN,
            Numbering::Symbol => {}
        }
        self.chapter = false;
        self.last_note_at.insert(key, at);
        *self.count.entry(key).or_default() += 1;
    }
}

/// The most lines a note carried over from the page before may take at the foot of the next.
const MAX_CARRIED_LINES: usize = 6;

/// The state of reading notes, line by line.
struct NoteReader<'t> {
    text: &'t str,
    lines: &'t [Line],
    paged: bool,
    finder: NoteFinder,
    notes: Vec<Note>,
    in_note: Vec<bool>,
    open: Option<OpenNote>,
    /// Labels that stood alone, waiting for their text.
    pending: Vec<(u32, Span)>,
    page: usize,
    /// A note of the page before that did not end a sentence: its end may be at the foot of
    /// this page, above its first note.
    carried: Option<OpenNote>,
    /// The current run of body lines on this page (from its first line), and whether it is the
    /// page's first run.
    block: Option<(usize, bool)>,
    seen_block: bool,
    /// Where the current `Notes` section started.
    section_start: Option<usize>,
    /// The `Notes` sections read, as byte ranges.
    sections: Vec<Span>,
}

impl<'t> NoteReader<'t> {
    fn in_section(&self) -> bool {
        self.section_start.is_some()
    }

    fn finish_open(&mut self) {
        if let Some(n) = self.open.take() {
            self.notes.push(n.finish(self.text));
        }
    }

    /// Finish the open note, and the labels that stood alone and got no text (they are notes
    /// with an empty text).
    fn flush(&mut self) {
        self.finish_open();
        for (number, label_span) in std::mem::take(&mut self.pending) {
            let note = OpenNote {
                number,
                label_span,
                pieces: Vec::new(),
                page: 0,
            };
            self.notes.push(note.finish(self.text));
        }
    }

    /// The body block above the first note of a page (or its foot) ends a note carried over
    /// from the page before, when it is not the page's first block, is short, and ends a
    /// sentence (body text at a page's foot runs on to the next page).
    fn settle_carried(&mut self, upto: usize) {
        let Some(mut note) = self.carried.take() else {
            return;
        };
        if let Some((from, first)) = self.block
            && !first
            && upto - from <= MAX_CARRIED_LINES
            && (from..upto)
                .rev()
                .find(|&li| self.lines[li].kind == Kind::Body)
                .is_some_and(|li| ends_sentence(self.lines[li].text(self.text)))
        {
            for li in from..upto {
                let l = &self.lines[li];
                if l.kind == Kind::Body {
                    note.pieces.push(l.start..l.end);
                    self.in_note[li] = true;
                }
            }
            self.block = None;
        }
        self.notes.push(note.finish(self.text));
    }

    fn new_page(&mut self, page: usize, li: usize) {
        self.settle_carried(li);
        self.page = page;
        self.block = None;
        self.seen_block = false;
        if self.in_section() {
            // Endnotes run on across pages.
            let pending = std::mem::take(&mut self.pending);
            self.flush();
            self.pending = pending;
            return;
        }
        let carried = self.paged
            && self
                .open
                .as_ref()
                .is_some_and(|n| !n.pieces.is_empty() && !ends_sentence(n.last_piece(self.text)));
        if carried {
            self.carried = self.open.take();
        }
        self.flush();
    }

    fn end_section(&mut self, at: usize) {
        if let Some(start) = self.section_start.take() {
            self.flush();
            self.sections.push(start..at);
        }
    }

    /// Read line `li`.
    fn read(&mut self, li: usize) {
        let line = &self.lines[li];
        if line.page != self.page {
            self.new_page(line.page, li);
        }
        match line.kind {
            Kind::Furniture => return,
            Kind::Blank => {
                let ends = !self.paged && !self.in_section();
                if ends && self.open.as_ref().is_some_and(|n| !n.pieces.is_empty()) {
                    self.finish_open();
                }
                self.block = None;
                return;
            }
            Kind::Body => {}
        }
        let content = line.text(self.text);
        if self.headings(content, line.start) {
            return;
        }
        if let Some(o) = opening(content, line.start)
            && self.label_line(li, &o)
        {
            return;
        }
        if self.text_line(li) {
            return;
        }
        if self.block.is_none() {
            self.block = Some((li, !self.seen_block));
            self.seen_block = true;
        }
    }

    /// A `Notes` heading opens a section; a chapter or the bibliography ends it. Returns
    /// whether the line was a heading of a notes section.
    fn headings(&mut self, content: &str, at: usize) -> bool {
        if crate::text::headings::is_notes_heading(content) {
            self.end_section(at);
            self.flush();
            self.section_start = Some(at);
            return true;
        }
        let chapter = crate::text::headings::is_chapter_heading(content);
        if chapter {
            self.finder.chapter = true;
        }
        if self.in_section() && (chapter || crate::text::headings::is_back_matter_heading(content))
        {
            self.end_section(at);
            return true;
        }
        false
    }

    /// A line that opens with a label: a note's start, if the label fits.
    fn label_line(&mut self, li: usize, o: &Opening<'_>) -> bool {
        let line = &self.lines[li];
        let Some(body) = o.body else {
            // A label alone: its text is on the next non-blank line.
            if !self
                .finder
                .fits(o.key, line.start, false, false, self.in_section())
            {
                return false;
            }
            self.finish_open();
            self.settle_carried(li);
            self.finder.accept(o.key, line.start);
            self.pending.push((o.key, o.label.clone()));
            self.in_note[li] = true;
            return true;
        };
        let citation = looks_like_citation(body);
        let dotted_ok = !o.dotted || self.in_section() || citation;
        if !(dotted_ok
            && starts_like_note_text(body)
            && self
                .finder
                .fits(o.key, line.start, citation, true, self.in_section()))
        {
            return false;
        }
        self.flush();
        self.settle_carried(li);
        let body_start =
            line.start + (body.as_ptr() as usize - line.text(self.text).as_ptr() as usize);
        self.finder.accept(o.key, line.start);
        self.open = Some(OpenNote {
            number: o.key,
            label_span: o.label.clone(),
            pieces: std::iter::once(body_start..body_start + body.len()).collect(),
            page: line.page,
        });
        self.in_note[li] = true;
        true
    }

    /// Text for labels that stood alone, or a continuation of the open note.
    fn text_line(&mut self, li: usize) -> bool {
        let line = &self.lines[li];
        let content = line.text(self.text);
        let lead = content.len() - content.trim_start().len();
        let span = line.start + lead..line.start + content.trim_end().len();
        if !self.pending.is_empty() {
            let (number, label_span) = self.pending.remove(0);
            let note = OpenNote {
                number,
                label_span,
                pieces: vec![span],
                page: line.page,
            };
            if self.pending.is_empty() {
                self.open = Some(note);
            } else {
                self.notes.push(note.finish(self.text));
            }
            self.in_note[li] = true;
            return true;
        }
        let section = self.in_section();
        let paged = self.paged;
        if let Some(note) = self.open.as_mut() {
            let continues = (note.page == line.page || section)
                && (paged || section || !ends_sentence(note.last_piece(self.text)));
            if continues {
                note.pieces.push(span);
                self.in_note[li] = true;
                return true;
            }
            self.finish_open();
        }
        false
    }
}

/// The notes found, which lines belong to them, and the `Notes` sections (byte ranges).
struct FoundNotes {
    notes: Vec<Note>,
    in_note: Vec<bool>,
    sections: Vec<Span>,
}

/// Find the notes, and which lines belong to them.
fn find_notes(text: &str, lines: &[Line], candidates: &[Candidate]) -> FoundNotes {
    let mut finder = NoteFinder {
        candidates: HashMap::new(),
        last_note_at: HashMap::new(),
        last: 0,
        last_roman: 0,
        chapter: false,
        count: HashMap::new(),
    };
    for c in candidates {
        finder
            .candidates
            .entry(c.number)
            .or_default()
            .push(c.span.start);
    }
    let mut reader = NoteReader {
        text,
        lines,
        paged: text.contains('\x0c'),
        finder,
        notes: Vec::new(),
        in_note: vec![false; lines.len()],
        open: None,
        pending: Vec::new(),
        page: 0,
        carried: None,
        block: None,
        seen_block: false,
        section_start: None,
        sections: Vec::new(),
    };
    for li in 0..lines.len() {
        reader.read(li);
    }
    reader.settle_carried(lines.len());
    reader.flush();
    reader.end_section(text.len());
    let mut notes = reader.notes;
    notes.sort_by_key(|n| n.label_span.start);
    FoundNotes {
        notes,
        in_note: reader.in_note,
        sections: reader.sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<String> {
        extract(text).refs.into_iter().map(|r| r.label).collect()
    }

    fn ref_at(text: &str) -> Vec<(String, String)> {
        extract(text)
            .refs
            .into_iter()
            .map(|r| {
                let before: String = text[..r.span.start].chars().rev().take(5).collect();
                let before: String = before.chars().rev().collect();
                let context = format!("{before}{}", &text[r.span]);
                (r.label, context.to_string())
            })
            .collect()
    }

    fn notes(text: &str) -> Vec<(String, String)> {
        extract(text)
            .notes
            .into_iter()
            .map(|n| (n.label, n.text))
            .collect()
    }

    #[test]
    fn glued_references() {
        assert_eq!(
            ref_at("three years.1 It also left. In 1950.2 He hired them.”3 Then"),
            vec![
                ("1".into(), "ears.1".into()),
                ("2".into(), "1950.2".into()),
                ("3".into(), "hem.”3".into()),
            ]
        );
        assert_eq!(
            refs("He said so,1 and she agreed;2 then (1950)3 it ended!4 Yes"),
            ["1", "2", "3", "4"]
        );
        assert_eq!(refs("the confrontation1 began"), ["1"]);
    }

    #[test]
    fn spaced_references() {
        assert_eq!(
            ref_at("It went on.1 Towards communism. 2  Previously, Kennan"),
            vec![("1".into(), "t on.1".into()), ("2".into(), "ism. 2".into())]
        );
    }

    #[test]
    fn prose_numbers_are_not_references() {
        for text in [
            "the summit on 27 April 2018 agreed",
            "Since 2006, the institute",
            "it revived NSC-68, which",
            "documents, 3,000 pages for 950 cases",
            "the 45th anniversary",
            "growth of 2.5 percent",
            "in 1950. 3 divisions crossed",
            "the list: 1. supplies, 2. men",
            "See p.363 and pp. 12-15, vol.2 and fig. 3 There",
            "Version 2.1 of the report",
            "section 4.2 says",
            "in the COVID19 years and Area51 too",
            "J.3 Smith",
            "it cost 12% and 3/4 of it",
        ] {
            assert_eq!(refs(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn numbering_decides() {
        // `confrontation5` does not continue the sequence; `years.2` does.
        assert_eq!(
            refs("years.1 then confrontation5 and later.2 Next"),
            ["1", "2"]
        );
        // A restart at 1 after a chapter break.
        assert_eq!(
            refs("end.1 more.2 Chapter 2 The start.1 On"),
            ["1", "2", "1"]
        );
        let m = extract("end.1 more.2 Chapter 2 The start.1 On");
        assert_eq!(
            m.refs.iter().map(|r| r.section).collect::<Vec<_>>(),
            [0, 0, 1]
        );
        // A weak candidate never restarts the numbering.
        assert_eq!(refs("end.1 more.2 the confrontation1 began"), ["1", "2"]);
        // A number glued to punctuation may skip ahead or go back a little.
        assert_eq!(refs("as.1 b is.2 c is.4 d is.3 e"), ["1", "2", "4", "3"]);
        assert_eq!(refs("as.1 b is.2 c is.9 d"), ["1", "2"]);
    }

    #[test]
    fn note_with_number_and_text() {
        let text = "the war.1 It went\n1 The Defense Ministry, The Korean War, Seoul, 1954.\ncatalyst to it. 2  Previously\n2 Dean Acheson, Present at the Creation, New York: Norton,\n1969, p.363; David Halberstam, The Coldest Winter,\n2007, p.201.\nParty's Central Committee";
        assert_eq!(
            notes(text),
            vec![
                ("1".into(), "The Defense Ministry, The Korean War, Seoul, 1954.".into()),
                (
                    "2".into(),
                    "Dean Acheson, Present at the Creation, New York: Norton, 1969, p.363; David Halberstam, The Coldest Winter, 2007, p.201.".into()
                ),
            ]
        );
        assert_eq!(refs(text), ["1", "2"]);
    }

    #[test]
    fn note_number_alone_then_text() {
        let text = "the war.1 It went on.2\n1\n\nDean Acheson, Present (New\nYork: Norton, 1969), 363.\n2\nIbid.\n\n7\n\x0cNext page body.";
        assert_eq!(
            notes(text),
            vec![
                (
                    "1".into(),
                    "Dean Acheson, Present (New York: Norton, 1969), 363.".into()
                ),
                ("2".into(), "Ibid.".into()),
            ]
        );
    }

    #[test]
    fn labels_in_a_row_take_a_line_each() {
        let text = "in 1950.1 He said.2 More\n\n1\n2\n\nStalin to Gottwald, 27 August 1950.\nIbid.\n\n3\n\x0c";
        assert_eq!(
            notes(text),
            vec![
                ("1".into(), "Stalin to Gottwald, 27 August 1950.".into()),
                ("2".into(), "Ibid.".into()),
            ]
        );
    }

    #[test]
    fn a_body_line_starting_with_a_number_is_not_a_note() {
        // No reference 3 came before, and the text is not a citation.
        assert!(notes("the war.1 It\n1 Ibid.\n3 Divisions crossed the border.\n").len() == 1);
        // Lowercase text does not start a note.
        assert!(notes("the war.1 It\n1 men crossed the border.\n").is_empty());
    }

    #[test]
    fn paged_notes_run_to_the_foot_of_the_page() {
        let text = "body text.1 More text\n1 Weathersby, Soviet Aims, 12. This note\nends a sentence at the end of a line.\nAnd goes on after it.\n\n4\n\x0cNext page.";
        assert_eq!(
            notes(text),
            vec![(
                "1".into(),
                "Weathersby, Soviet Aims, 12. This note ends a sentence at the end of a line. And goes on after it.".into()
            )]
        );
    }

    #[test]
    fn page_furniture_is_skipped() {
        let text = "ANGLIA RUSKIN UNIVERSITY\nBody text.1 More\n1 Ibid.\n\n12\n\x0cCHAPTER 1. ORIGINS 13\n\nMore body.2 Text\n2 Ibid.\n\n14\n\x0c";
        let m = extract(text);
        assert_eq!(m.refs.len(), 2);
        assert_eq!(m.notes.len(), 2);
        // The page numbers 12 and 14 and the header are not notes or references.
        assert!(m.notes.iter().all(|n| n.text == "Ibid."));
    }

    #[test]
    fn running_headers_repeated_across_pages() {
        let text = "Origins of the War 1\nBody.1 Text\n1 Ibid.\n\x0cOrigins of the War 2\nMore.2 Text\n2 Ibid.\n\x0c";
        let m = extract(text);
        assert_eq!(m.notes.len(), 2);
        assert_eq!(m.refs.len(), 2);
    }

    #[test]
    fn digits_glued_to_a_url_can_be_a_reference() {
        let m = extract("many at www.cia.gov/readingroom.1 The rest\n1 Ibid.\n");
        assert_eq!(m.refs.len(), 1);
        assert_eq!(m.links[0].text, "www.cia.gov/readingroom");
        let m = extract("see https://example.org/v1.2 for it");
        assert!(m.refs.is_empty());
        assert_eq!(m.links[0].text, "https://example.org/v1.2");
    }

    #[test]
    fn spans_are_exact() {
        let text = "“Quoted” years.1 It\n";
        let m = extract(text);
        assert_eq!(&text[m.refs[0].span], "1");
    }

    fn sections(text: &str) -> Vec<(String, usize)> {
        extract(text)
            .refs
            .into_iter()
            .map(|r| (r.label, r.section))
            .collect()
    }

    #[test]
    fn numbering_restarts_at_a_small_number_after_a_chapter_heading() {
        // Chapter 2's first reference was lost: its numbering is seen from 2.
        let text = "end.1 more.2 and.3 so.4\nChapter 2\nThe start.2 On it.3 went\n";
        assert_eq!(
            sections(text),
            [
                ("1".into(), 0),
                ("2".into(), 0),
                ("3".into(), 0),
                ("4".into(), 0),
                ("2".into(), 1),
                ("3".into(), 1)
            ]
        );
        // Without a heading, going back is not a restart.
        let text = "end.1 more.2 and.3 so.4\nThe start.2 On it.3 went\n";
        assert!(sections(text).iter().all(|(_, s)| *s == 0));
    }

    #[test]
    fn dotted_notes_and_notes_sections() {
        let text = "It began.1 It went on.2 Then\nChapter 2\nIt ended.1 Done.\n\nNotes\n1. Acheson, Present at the Creation.\nA second line of the note. And more\n\n2. Ibid.\n1. Stueck, Korean War, 348.\n";
        let m = extract(text);
        let notes: Vec<(String, usize, String)> = m
            .notes
            .iter()
            .map(|n| (n.label.clone(), n.section, n.text.clone()))
            .collect();
        assert_eq!(
            notes,
            vec![
                (
                    "1".into(),
                    0,
                    "Acheson, Present at the Creation. A second line of the note. And more".into()
                ),
                ("2".into(), 0, "Ibid.".into()),
                ("1".into(), 1, "Stueck, Korean War, 348.".into()),
            ]
        );
        assert_eq!(m.refs.len(), 3);
        // A numbered list in the body is not a list of notes.
        assert!(notes_of("It began.1 Then:\n1. Collect the data\n2. Read it\n").is_empty());
    }

    fn notes_of(text: &str) -> Vec<(String, String)> {
        notes(text)
    }

    #[test]
    fn roman_and_symbol_markers() {
        let text = "A title*\nIt began in war.i It ended.ii Then\n* Thanks to the seminar.\ni Acheson, Present, 3.\nii Ibid., 4.\n";
        let m = extract(text);
        let refs: Vec<(&str, Option<u32>)> = m
            .refs
            .iter()
            .map(|r| (r.label.as_str(), r.number))
            .collect();
        assert_eq!(refs, [("*", None), ("i", Some(1)), ("ii", Some(2))]);
        let labels: Vec<&str> = m.notes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["*", "i", "ii"]);
        // A symbol with no note is not a reference, nor is a Roman numeral after `p.`.
        assert!(refs_of("significant at 5%* and p.iv then\n").is_empty());
    }

    fn refs_of(text: &str) -> Vec<String> {
        refs(text)
    }

    #[test]
    fn markers_after_a_possessive_or_glued_to_the_next_word() {
        assert_eq!(
            refs("as in Kennan’s.1 Then it was so.2In the end"),
            ["1", "2"]
        );
        // An abbreviation is still not a sentence's end.
        assert!(refs("see p.3In any case").is_empty());
    }

    #[test]
    fn a_note_whose_text_is_a_bare_url() {
        let text = "the archive.1 Then\n1 https://www.cia.gov/readingroom/document/123\n";
        assert_eq!(
            notes(text),
            vec![(
                "1".into(),
                "https://www.cia.gov/readingroom/document/123".into()
            )]
        );
    }

    #[test]
    fn a_note_whose_reference_was_lost_is_still_a_note() {
        // The reference to note 2 was lost in extraction; note 2 is still read (and N002 will
        // say it is unreferenced), and note 3 still pairs with its reference.
        let text = "the war.1 It went on. And on.3 Then\n1 Ibid.\n2 The Defense Ministry, The Korean War.\n3 Ibid., 4.\n";
        let labels: Vec<String> = notes(text).into_iter().map(|(l, _)| l).collect();
        assert_eq!(labels, ["1", "2", "3"]);
    }

    #[test]
    fn a_note_carried_to_the_next_page() {
        let text = "Body.1 More body text\n\n1 Dean Acheson, Present at the Creation (New York:\n\n7\n\x0cthe body goes on here\nand on.\n\nNorton, 1969), 363.\n2 Ibid.\n\n8\n\x0c";
        let text = text.replace("and on.\n", "and on.2\n");
        assert_eq!(
            notes(&text),
            vec![
                (
                    "1".into(),
                    "Dean Acheson, Present at the Creation (New York: Norton, 1969), 363.".into()
                ),
                ("2".into(), "Ibid.".into()),
            ]
        );
        // The page's first block is body text; so is a block that does not end a sentence.
        let text =
            "Body.1 More\n\n1 Dean Acheson, Present (New York:\n\x0cthe body goes on.2\n2 Ibid.\n";
        assert_eq!(notes(text)[0].1, "Dean Acheson, Present (New York:");
        let text = "Body.1 More\n\n1 Dean Acheson, Present (New York:\n\x0cBody.\n\nthe body goes\non.2 and on\n2 Ibid.\n";
        assert_eq!(notes(text)[0].1, "Dean Acheson, Present (New York:");
    }
}
