//! BibTeX and BibLaTeX bibliographies (`.bib`), read with the `biblatex` crate: entries with
//! their key, type and fields, `@string` macros expanded, `#` concatenations joined, TeX
//! accents decoded, and the fields of a `crossref` parent inherited as biber does (a book's
//! `title` becomes an `@incollection`'s `booktitle`).
//!
//! Every span points into the `.bib`: an entry's key, each field's value where it is written
//! (an inherited field's in its parent). A syntax error is a [`Problem::BadEntry`] at its line,
//! and the entries around it are still read: the file is parsed whole when it can be, else one
//! entry at a time (each `@` that opens a line starts one), so one bad brace costs one entry.
//! An `@string` macro that is not defined, or that refers to itself, loses its field, not its
//! entry. Reading is linear in the file's size.
//!
//! What this refuses to do: judge the entries (missing fields, duplicate keys, keys nobody
//! cites are the `B` rules' business), or read `@preamble` and `@comment`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use biblatex::{ChunksExt, Pair, RawBibliography, RawChunk, RawEntry};

use crate::model::{
    Citation, Entry, EntryField, Field, FileId, Kind, Link, Problem, ReadProblem, Span,
};
use crate::text::urls;

/// How many `crossref` parents an entry inherits through (biber follows chains; a longer one
/// is a mistake, and a cycle is cut here).
const MAX_CROSSREF_DEPTH: usize = 8;

/// How deep `@string` macros may refer to one another (real files nest two or three).
const MAX_MACRO_DEPTH: usize = 16;

/// The most text a field's macros may expand to.
const MAX_EXPANDED_BYTES: usize = 64 * 1024;

/// Fields never inherited from a `crossref` parent (biber's defaults).
const NOT_INHERITED: &[&str] = &[
    "ids",
    "crossref",
    "xref",
    "xdata",
    "entryset",
    "entrysubtype",
    "execute",
    "label",
    "options",
    "presort",
    "related",
    "relatedoptions",
    "relatedstring",
    "relatedtype",
    "shorthand",
    "shorthandintro",
    "sortkey",
    "sortinit",
];

/// Fields whose raw text may hold a URL (`howpublished = {\url{…}}`).
const URL_TEXT_FIELDS: &[&str] = &["howpublished", "note", "addendum"];

/// What reading a `.bib` gave: its entries (with spans in `file`), the URLs its entries give,
/// and what could not be read.
#[derive(Debug, Default)]
pub struct Read {
    pub entries: Vec<Entry>,
    pub links: Vec<Link>,
    pub problems: Vec<ReadProblem>,
}

/// An entry as the raw parser gave it, with the offset its spans are relative to.
struct Raw<'s> {
    entry: RawEntry<'s>,
    /// From the `@` to the closing brace.
    span: Range<usize>,
    offset: usize,
}

/// Read the text of a `.bib` file that is file `file` of the run.
pub fn read(text: &str, file: FileId) -> Read {
    let mut out = Read::default();
    let (mut raws, macros, cuts) = parse_raw(text, file, &mut out.problems);
    let macros: HashMap<&str, (&Pair<'_>, usize)> = macros
        .iter()
        .map(|(p, offset)| (p.key.v, (p, *offset)))
        .collect();
    // An entry cut short by an error keeps what was read before it, as BibTeX keeps it.
    let partial: Vec<(String, usize)> = cuts
        .iter()
        .map(|&(start, at)| (format!("{}}}", &text[start..at]), start))
        .collect();
    for (i, (synthetic, start)) in partial.iter().enumerate() {
        match RawBibliography::parse(synthetic) {
            Ok(raw) if !raw.entries.is_empty() => {
                raws.extend(raw.entries.into_iter().map(|e| Raw {
                    entry: e.v,
                    span: e.span.start..cuts[i].1 - start,
                    offset: *start,
                }))
            }
            _ => raws.extend(header(text, *start, cuts[i].1)),
        }
    }
    raws.sort_by_key(|r| r.offset + r.span.start);
    let mut parents = Vec::with_capacity(raws.len());
    for raw in &raws {
        let (entry, parent) = entry(text, file, raw, &macros, &mut out);
        out.entries.push(entry);
        parents.push(parent);
    }
    inherit(&mut out.entries, &parents);
    for e in &mut out.entries {
        e.citation = citation(e);
    }
    out
}

/// The raw entries and `@string` macros of the file: parsed whole, or, when that fails, one
/// stretch at a time, each failure a problem at its position.
/// Entries, macros, and where each stretch that failed starts and fails.
type Parsed<'s> = (Vec<Raw<'s>>, Vec<(Pair<'s>, usize)>, Vec<(usize, usize)>);

fn parse_raw<'s>(text: &'s str, file: FileId, problems: &mut Vec<ReadProblem>) -> Parsed<'s> {
    if let Ok(raw) = RawBibliography::parse(text) {
        let entries = raw
            .entries
            .into_iter()
            .map(|e| Raw {
                entry: e.v,
                span: e.span,
                offset: 0,
            })
            .collect();
        let macros = raw.abbreviations.into_iter().map(|p| (p, 0)).collect();
        return (entries, macros, Vec::new());
    }
    let mut entries = Vec::new();
    let mut macros = Vec::new();
    let mut cuts = Vec::new();
    for range in stretches(text) {
        match RawBibliography::parse(&text[range.clone()]) {
            Ok(raw) => {
                entries.extend(raw.entries.into_iter().map(|e| Raw {
                    entry: e.v,
                    span: e.span,
                    offset: range.start,
                }));
                macros.extend(raw.abbreviations.into_iter().map(|p| (p, range.start)));
            }
            Err(e) => {
                let at = floor_char(text, range.start + e.span.start.min(range.len()));
                let end = next_char(text, at);
                cuts.push((range.start, at));
                problems.push(ReadProblem {
                    kind: Problem::BadEntry,
                    span: Span::new(file, at..end),
                    message: format!("bibliography entry cannot be read: {}", e.kind),
                    help: "correct the entry's braces, quotes and commas; the entries after it are read".to_string(),
                });
            }
        }
    }
    (entries, macros, cuts)
}

/// The key and type of an entry whose fields cannot be read (`@book{key,` at `start`).
fn header(text: &str, start: usize, end: usize) -> Option<Raw<'_>> {
    let s = &text[start..end];
    let at = s.find('@')?;
    let open = s[at..].find(['{', '('])? + at;
    let kind = s[at + 1..open].trim();
    let rest = &s[open + 1..];
    let len = rest.find([',', '}', '\n']).unwrap_or(rest.len());
    let key = rest[..len].trim();
    if kind.is_empty() || key.is_empty() || kind.eq_ignore_ascii_case("string") {
        return None;
    }
    let kind_at = s[at + 1..].find(kind)? + at + 1;
    let key_at = rest.find(key)? + open + 1;
    Some(Raw {
        entry: RawEntry {
            key: biblatex::Spanned::new(key, key_at..key_at + key.len()),
            kind: biblatex::Spanned::new(kind, kind_at..kind_at + kind.len()),
            fields: Vec::new(),
        },
        span: at..s.len(),
        offset: start,
    })
}

/// The stretches of `text` that start at an `@` opening a line (after spaces), the first from
/// the start of the file.
fn stretches(text: &str) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    let mut line_start = true;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'@' if line_start && i > 0 => {
                starts.push(i);
                line_start = false;
            }
            _ => line_start = false,
        }
    }
    starts.push(text.len());
    starts.dedup();
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// A raw span made absolute, in `file`.
fn abs(file: FileId, offset: usize, range: &Range<usize>) -> Span {
    Span::new(file, range.start + offset..range.end + offset)
}

/// One entry with its own fields resolved, and the key of its `crossref` parent.
fn entry(
    text: &str,
    file: FileId,
    raw: &Raw<'_>,
    macros: &HashMap<&str, (&Pair<'_>, usize)>,
    out: &mut Read,
) -> (Entry, Option<String>) {
    let e = &raw.entry;
    let start = raw.offset;
    let mut fields = Vec::new();
    let mut parent = None;
    let mut resolvable = Vec::new();
    for pair in &e.fields {
        let name = pair.key.v.to_ascii_lowercase();
        let span = abs(file, start, &value_range(pair));
        if name == "crossref" || name == "xdata" {
            // Resolved here, not by the crate (which follows a cycle forever).
            let value = raw_text(&pair.value.v, macros).trim().to_string();
            if name == "crossref" && !value.is_empty() {
                parent = Some(value.clone());
            }
            fields.push(field(name, value, span));
            continue;
        }
        match macro_problem(&pair.value.v, macros) {
            Some(why) => out.problems.push(ReadProblem {
                kind: Problem::BadEntry,
                span,
                message: format!("field `{name}` of `{}` cannot be read: {why}", e.key.v),
                help: "define the macro with `@string{name = {…}}` before the entry, or write the value in braces".to_string(),
            }),
            None => resolvable.push(pair.clone()),
        }
        links_of(text, file, start, &name, pair, &mut out.links);
    }
    resolve(e, resolvable, macros, start, file, &mut fields, out);
    let entry = Entry {
        key: e.key.v.to_string(),
        key_span: abs(file, start, &e.key.span),
        kind: e.kind.v.to_ascii_lowercase(),
        kind_span: abs(file, start, &e.kind.span),
        span: abs(file, start, &raw.span),
        fields,
        citation: empty_citation(),
    };
    (entry, parent)
}

/// Where a field's value is written: inside its braces or quotes when it is one piece.
fn value_range(pair: &Pair<'_>) -> Range<usize> {
    match pair.value.v.as_slice() {
        [one] if matches!(one.v, RawChunk::Normal(_)) => one.span.clone(),
        _ => pair.value.span.clone(),
    }
}

fn field(name: String, value: String, span: Span) -> EntryField {
    EntryField {
        name,
        value,
        span,
        inherited: false,
    }
}

fn empty_citation() -> Citation {
    Citation {
        span: Span::default(),
        text: String::new(),
        commentary: None,
        kind: Kind::Unknown,
        fields: Vec::new(),
    }
}

/// Resolve the fields of `pairs` with the crate (macros, `#`, accents), one entry at a time;
/// a field whose content it refuses is reported and dropped, and the rest resolved again.
fn resolve(
    e: &RawEntry<'_>,
    mut pairs: Vec<Pair<'_>>,
    macros: &HashMap<&str, (&Pair<'_>, usize)>,
    start: usize,
    file: FileId,
    fields: &mut Vec<EntryField>,
    out: &mut Read,
) {
    let mut used = Vec::new();
    for p in &pairs {
        used_macros(&p.value.v, macros, &mut used, 0);
    }
    let abbreviations: Vec<Pair<'_>> = used
        .iter()
        .filter_map(|m| macros.get(m).map(|(p, _)| (*p).clone()))
        .collect();
    while !pairs.is_empty() {
        let raw = RawBibliography {
            preamble: String::new(),
            entries: vec![biblatex::Spanned::new(
                RawEntry {
                    key: e.key.clone(),
                    kind: e.kind.clone(),
                    fields: pairs.clone(),
                },
                0..0,
            )],
            abbreviations: abbreviations.clone(),
        };
        match biblatex::Bibliography::from_raw(raw) {
            Ok(bib) => {
                let Some(resolved) = bib.iter().next() else {
                    return;
                };
                for p in &pairs {
                    let name = p.key.v.to_ascii_lowercase();
                    if let Some(chunks) = resolved.get(&name) {
                        let value = chunks.format_verbatim();
                        let span = abs(file, start, &value_range(p));
                        fields.push(field(name, value, span));
                    }
                }
                fields.sort_by_key(|f| f.span.start);
                return;
            }
            Err(err) => {
                let bad = pairs
                    .iter()
                    .position(|p| p.value.span.contains(&err.span.start))
                    .unwrap_or(0);
                let p = pairs.remove(bad);
                out.problems.push(ReadProblem {
                    kind: Problem::BadEntry,
                    span: abs(file, start, &p.value.span),
                    message: format!(
                        "field `{}` of `{}` cannot be read: {}",
                        p.key.v.to_ascii_lowercase(),
                        e.key.v,
                        err.kind
                    ),
                    help: "correct the TeX in the value (a lone `\\`, an unclosed `$` or brace)"
                        .to_string(),
                });
            }
        }
    }
}

/// The macros a value uses, directly or through other macros, each once.
fn used_macros<'s>(
    value: &[biblatex::Spanned<RawChunk<'s>>],
    macros: &HashMap<&str, (&Pair<'s>, usize)>,
    used: &mut Vec<&'s str>,
    depth: usize,
) {
    for chunk in value {
        if let RawChunk::Abbreviation(name) = chunk.v
            && !used.contains(&name)
            && let Some((p, _)) = macros.get(name)
        {
            used.push(name);
            if depth < MAX_MACRO_DEPTH {
                used_macros(&p.value.v, macros, used, depth + 1);
            }
        }
    }
}

/// Why a value's macros cannot be expanded: one is not defined (month names aside), refers to
/// itself, nests too deep, or expands to more text than a field holds (`@string{a = b # b}`,
/// `@string{b = c # c}`, … doubles at each level). Each macro is looked at once.
fn macro_problem(
    value: &[biblatex::Spanned<RawChunk<'_>>],
    macros: &HashMap<&str, (&Pair<'_>, usize)>,
) -> Option<String> {
    struct Walk<'m, 's> {
        macros: &'m HashMap<&'s str, (&'m Pair<'s>, usize)>,
        path: Vec<&'s str>,
        /// The expanded size of each macro looked at.
        sizes: HashMap<&'s str, usize>,
    }
    impl<'s> Walk<'_, 's> {
        fn size(&mut self, value: &[biblatex::Spanned<RawChunk<'s>>]) -> Result<usize, String> {
            let mut total = 0usize;
            for chunk in value {
                let name = match chunk.v {
                    RawChunk::Normal(text) => {
                        total = total.saturating_add(text.len());
                        continue;
                    }
                    RawChunk::Abbreviation(name) => name,
                };
                if let Some(&known) = self.sizes.get(name) {
                    total = total.saturating_add(known);
                    continue;
                }
                let Some((p, _)) = self.macros.get(name) else {
                    if is_month(name) {
                        continue;
                    }
                    return Err(format!("`@string` macro `{name}` is not defined"));
                };
                if self.path.contains(&name) {
                    return Err(format!("`@string` macro `{name}` refers to itself"));
                }
                if self.path.len() >= MAX_MACRO_DEPTH {
                    return Err(format!("`@string` macro `{name}` nests too deep"));
                }
                self.path.push(name);
                let size = self.size(&p.value.v);
                self.path.pop();
                let size = size?;
                self.sizes.insert(name, size);
                total = total.saturating_add(size);
            }
            if total > MAX_EXPANDED_BYTES {
                return Err(format!(
                    "its `@string` macros expand to more than {MAX_EXPANDED_BYTES} bytes"
                ));
            }
            Ok(total)
        }
    }
    let mut walk = Walk {
        macros,
        path: Vec::new(),
        sizes: HashMap::new(),
    };
    walk.size(value).err()
}

fn is_month(name: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(name))
}

/// A value's text without TeX decoding: its pieces joined, macros replaced by their raw text.
fn raw_text(
    value: &[biblatex::Spanned<RawChunk<'_>>],
    macros: &HashMap<&str, (&Pair<'_>, usize)>,
) -> String {
    value
        .iter()
        .map(|c| match c.v {
            RawChunk::Normal(s) => s.to_string(),
            RawChunk::Abbreviation(name) => match macros.get(name) {
                Some((p, _)) => p
                    .value
                    .v
                    .iter()
                    .filter_map(|c| match c.v {
                        RawChunk::Normal(s) => Some(s),
                        RawChunk::Abbreviation(_) => None,
                    })
                    .collect(),
                None => String::new(),
            },
        })
        .collect()
}

/// The URLs a field gives: a `url` written in one piece, and URLs in the text of `note`,
/// `howpublished` and `addendum`.
fn links_of(
    text: &str,
    file: FileId,
    start: usize,
    name: &str,
    pair: &Pair<'_>,
    links: &mut Vec<Link>,
) {
    let normal: Vec<Range<usize>> = pair
        .value
        .v
        .iter()
        .filter(|c| matches!(c.v, RawChunk::Normal(_)))
        .map(|c| c.span.start + start..c.span.end + start)
        .filter(|r| text.get(r.clone()).is_some())
        .collect();
    if name == "url" {
        if let [range] = normal.as_slice() {
            let trimmed = trim_range(text, range.clone());
            if !trimmed.is_empty() {
                links.push(in_file(urls::exact_link(text, trimmed), file));
            }
        }
    } else if URL_TEXT_FIELDS.contains(&name) {
        for range in normal {
            for mut link in urls::find_links(&text[range.clone()], &[]) {
                link.span.start += range.start;
                link.span.end += range.start;
                for p in &mut link.pieces {
                    p.start += range.start;
                    p.end += range.start;
                }
                links.push(in_file(link, file));
            }
        }
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim().len();
    range.start + lead..range.start + lead + body
}

fn in_file(mut link: Link, file: FileId) -> Link {
    link.span.file = file;
    for p in &mut link.pieces {
        p.file = file;
    }
    link
}

/// Give each entry the fields of its `crossref` parents (nearest first) that it does not set,
/// renamed as biber does for a part of a book, a collection, proceedings or a periodical.
fn inherit(entries: &mut [Entry], parents: &[Option<String>]) {
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_key.entry(e.key.as_str()).or_insert(i);
    }
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(entries.len());
    for i in 0..entries.len() {
        let mut chain = Vec::new();
        let mut at = i;
        while let Some(p) = parents[at].as_deref().and_then(|k| by_key.get(k).copied()) {
            if p == i || chain.contains(&p) || chain.len() >= MAX_CROSSREF_DEPTH {
                break;
            }
            chain.push(p);
            at = p;
        }
        chains.push(chain);
    }
    let mut inherited: Vec<Vec<EntryField>> = Vec::with_capacity(entries.len());
    for (i, chain) in chains.iter().enumerate() {
        let child = &entries[i];
        let mut have: HashSet<String> = child.fields.iter().map(|f| f.name.clone()).collect();
        let mut got = Vec::new();
        for &p in chain {
            let parent = &entries[p];
            for f in parent.fields.iter().filter(|f| !f.inherited) {
                if NOT_INHERITED.contains(&f.name.as_str()) {
                    continue;
                }
                let name = inherited_name(&parent.kind, &child.kind, &f.name);
                if have.insert(name.to_string()) {
                    got.push(EntryField {
                        name: name.to_string(),
                        value: f.value.clone(),
                        span: f.span,
                        inherited: true,
                    });
                }
            }
        }
        inherited.push(got);
    }
    for (e, got) in entries.iter_mut().zip(inherited) {
        e.fields.extend(got);
    }
}

/// The name a parent's field takes in its child (biber's default inheritance).
fn inherited_name<'a>(parent: &str, child: &str, name: &'a str) -> &'a str {
    let book_part = matches!(
        (parent, child),
        ("book" | "mvbook", "inbook" | "bookinbook" | "suppbook")
            | (
                "collection" | "mvcollection" | "reference" | "mvreference",
                "incollection" | "inreference" | "suppcollection"
            )
            | ("proceedings" | "mvproceedings", "inproceedings")
    );
    let main = parent.starts_with("mv");
    match name {
        "title" | "subtitle" | "titleaddon" if book_part && main => match name {
            "title" => "maintitle",
            "subtitle" => "mainsubtitle",
            _ => "maintitleaddon",
        },
        "title" if book_part => "booktitle",
        "subtitle" if book_part => "booksubtitle",
        "titleaddon" if book_part => "booktitleaddon",
        "title" if parent == "periodical" => "journaltitle",
        "subtitle" if parent == "periodical" => "journalsubtitle",
        _ => name,
    }
}

/// The kind of source an entry type is.
fn kind_of(entry_type: &str) -> Kind {
    match entry_type {
        "book" | "mvbook" | "booklet" | "collection" | "mvcollection" | "proceedings"
        | "mvproceedings" | "reference" | "mvreference" | "manual" => Kind::Book,
        "article" | "periodical" | "suppperiodical" => Kind::Article,
        "inbook" | "incollection" | "inproceedings" | "inreference" | "bookinbook" | "suppbook"
        | "suppcollection" | "conference" => Kind::Chapter,
        "report" | "techreport" => Kind::Report,
        "thesis" | "phdthesis" | "mastersthesis" => Kind::Thesis,
        "online" | "electronic" | "www" => Kind::WebPage,
        _ => Kind::Unknown,
    }
}

/// The citation fields an entry field gives, by the names the citation rules read.
const CITATION_FIELDS: &[(&str, &str)] = &[
    ("author", "author"),
    ("editor", "editor"),
    ("title", "title"),
    ("journaltitle", "container_title"),
    ("journal", "container_title"),
    ("booktitle", "container_title"),
    ("publisher", "publisher"),
    ("location", "place"),
    ("address", "place"),
    ("date", "date"),
    ("year", "date"),
    ("urldate", "accessed"),
    ("url", "url"),
    ("doi", "doi"),
    ("isbn", "isbn"),
    ("pages", "pages"),
];

/// Fields whose value is checked (a DOI, an ISBN, a URL, an access date): read from the entry
/// itself only, so that a parent's are checked once, in the parent.
const CHECKED_VALUES: &[&str] = &["doi", "isbn", "url", "urldate"];

/// The entry as a citation. An inherited field counts (a chapter's publisher is its book's),
/// at the entry's `crossref`; a field whose value is checked is the entry's own.
fn citation(e: &Entry) -> Citation {
    let crossref = e.field("crossref").map(|f| f.span);
    let mut fields: Vec<Field> = Vec::new();
    for (from, to) in CITATION_FIELDS {
        let Some(f) = e.non_empty(from) else {
            continue;
        };
        if (f.inherited && CHECKED_VALUES.contains(from)) || fields.iter().any(|g| g.name == *to) {
            continue;
        }
        let span = if f.inherited {
            crossref.unwrap_or(f.span)
        } else {
            f.span
        };
        fields.push(Field {
            name: to,
            value: f.value.trim().to_string(),
            span,
        });
    }
    Citation {
        span: e.key_span,
        text: format!("@{}{{{}}}", e.kind, e.key),
        commentary: None,
        kind: kind_of(&e.kind),
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bib(text: &str) -> Read {
        read(text, FileId(3))
    }

    #[test]
    fn strings_concatenation_accents_and_spans() {
        let text = "@string{pup = \"Princeton University Press\"}\n\
                    @book{C81,\n  author = {Bruce Cumings},\n  title = {Origins},\n  publisher = pup # { (paper)},\n  address = {M{\\\"u}nchen},\n  year = 1981,\n}\n";
        let r = bib(text);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let e = &r.entries[0];
        assert_eq!((e.key.as_str(), e.kind.as_str()), ("C81", "book"));
        assert_eq!(&text[e.key_span.range()], "C81");
        assert_eq!(e.key_span.file, FileId(3));
        let publisher = e.field("publisher").unwrap();
        assert_eq!(publisher.value, "Princeton University Press (paper)");
        assert_eq!(e.field("address").unwrap().value, "München");
        assert_eq!(&text[e.field("title").unwrap().span.range()], "Origins");
        assert_eq!(e.citation.get("date").unwrap().value, "1981");
        assert_eq!(e.citation.kind, Kind::Book);
    }

    #[test]
    fn a_syntax_error_costs_one_entry() {
        let text = "@book{a, title = {A}, year = 2000}\n\
                    @book{b, title = {B, year = 2001}\n\
                    @book{c, title = {C}, year = 2002}\n";
        let r = bib(text);
        // `b` keeps its key (a citation of it is not undefined), as BibTeX keeps it.
        let keys: Vec<&str> = r.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert!(r.entries[2].field("year").is_some());
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        let at = r.problems[0].span.start;
        assert!(text[..at].contains("@book{b"), "{at}");
    }

    #[test]
    fn undefined_and_circular_macros_lose_their_field() {
        let text = "@string{a = a # {x}}\n@book{k, title = nope, publisher = a, year = 2000}\n";
        let r = bib(text);
        assert_eq!(r.entries.len(), 1);
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(r.entries[0].field("year").is_some());
        assert!(r.entries[0].field("title").is_none());
    }

    #[test]
    fn macros_that_double_at_each_level_are_refused_in_linear_time() {
        let mut text = String::from("@string{m0 = {xxxxxxxx}}\n");
        for k in 1..16 {
            text.push_str(&format!(
                "@string{{m{k} = m{0} # m{0} # m{0} # m{0}}}\n",
                k - 1
            ));
        }
        text.push_str("@book{k, title = m15, year = 2000}\n");
        let r = bib(&text);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(r.entries[0].field("title").is_none());
        assert!(r.entries[0].field("year").is_some());
    }

    #[test]
    fn crossref_inherits_and_cycles_stop() {
        let text = "@incollection{part, author = {A}, title = {Ch}, crossref = {whole}}\n\
                    @collection{whole, editor = {E}, title = {Book}, year = 1999, publisher = {P}}\n\
                    @book{x, crossref = {y}}\n@book{y, crossref = {x}, title = {Y}}\n\
                    @book{self, crossref = {self}}\n";
        let r = bib(text);
        let part = &r.entries[0];
        assert_eq!(part.field("booktitle").unwrap().value, "Book");
        assert_eq!(part.field("title").unwrap().value, "Ch");
        assert!(part.field("year").unwrap().inherited);
        assert_eq!(r.entries[2].field("title").unwrap().value, "Y");
    }

    #[test]
    fn urls_are_links_in_the_bib() {
        let text = "@online{w, url = { https://example.org/a }, note = {see \\url{https://example.org/b}}}\n";
        let r = bib(text);
        let targets: Vec<&str> = r.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["https://example.org/a", "https://example.org/b"]);
        assert_eq!(r.links[0].span.file, FileId(3));
        assert_eq!(&text[r.links[0].span.range()], "https://example.org/a");
    }
}
