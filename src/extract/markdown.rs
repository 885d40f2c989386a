//! Markdown: CommonMark with the footnote and citation forms pandoc, GitHub and Quarto use,
//! read with pulldown-cmark, which gives every event its byte range in the file.
//!
//! What is read:
//! - footnote references `[^label]` and definitions `[^label]: text` (several paragraphs when
//!   the continuation is indented), and pandoc's inline notes `^[text]`, which are a reference
//!   and a note at once (labelled `^1`, `^2`, … in order). A reference to a label with no
//!   definition, which GitHub's syntax leaves as literal text, is still a reference (so that
//!   `N001` reports it). Labels that are numbers are numbered; a second reference to the same
//!   note is a repeat, not a step of the numbering;
//! - a note's text is its rendered text (emphasis markers and link syntax dropped), with pandoc
//!   citations left out, and goes to the same citation parser as a PDF note;
//! - links: inline `[text](url)`, reference-style `[text][ref]` (the URL is read once, at its
//!   definition `[ref]: url`; a definition nothing uses is recorded for `U003`), autolinks
//!   `<https://…>`, and bare URLs in the text (the shared URL finder, run over the text);
//!   image sources only when they are web addresses;
//! - pandoc citations `[see @key, p. 33; @other]`, `[-@key]` and in-text `@key` (`@key [p. 33]`),
//!   kept as keys with prefix, locator and suffix;
//! - YAML front matter is skipped, its `bibliography:` entries remembered.
//!
//! Not prose, so nothing in them is a reference, a citation or a link to check: code blocks,
//! inline code, math, HTML blocks and inline HTML (comments included: the suppression
//! directives in them are read from the file's lines by `suppress`).

use std::collections::HashSet;
use std::ops::Range;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{take_till1, take_while1},
    character::complete::char,
    combinator::recognize,
    sequence::delimited,
};
use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Options, Tag, TagEnd};

use crate::model::{
    Bibliography, Cite, CiteItem, FileId, Link, LinkDefinition, Manuscript, Note, NoteRef, Span,
};
use crate::text::{numbers, urls};

/// Read a Markdown file's text; every span is in file 0 (the caller moves it into its file).
pub fn extract(text: &str) -> Manuscript {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH;
    let mut parser = pulldown_cmark::Parser::new_ext(text, options).into_offset_iter();
    let mut reader = Reader::new(text);
    for (event, range) in &mut parser {
        reader.event(event, range);
    }
    let mut definitions: Vec<(String, Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_string(), def.span.clone(), def.dest.to_string()))
        .collect();
    definitions.sort_by_key(|d| d.1.start);
    reader.finish(definitions)
}

fn span(range: Range<usize>) -> Span {
    Span::new(FileId::default(), range)
}

/// A run of text the reader saw, and where it came from.
#[derive(Debug, Clone)]
struct Piece {
    /// The rendered text.
    text: String,
    /// Its range in the file.
    range: Range<usize>,
    /// Inside a link's text (the URL finder leaves it alone).
    in_link: bool,
    /// Space that stands for a line or paragraph break, not text of the file.
    is_break: bool,
}

/// A footnote definition being read.
struct OpenDefinition {
    label: String,
    label_range: Range<usize>,
    /// Index of its first piece in `Reader::pieces`.
    first_piece: usize,
    range: Range<usize>,
}

/// A footnote definition read: its label and the pieces of its text.
struct Definition {
    label: String,
    label_range: Range<usize>,
    pieces: Range<usize>,
    range: Range<usize>,
}

struct Reader<'a> {
    text: &'a str,
    /// Every piece of prose text, in order (definitions' included).
    pieces: Vec<Piece>,
    /// Ranges that are not prose: code, math, HTML, front matter.
    not_prose: Vec<Range<usize>>,
    definitions: Vec<Definition>,
    open: Option<OpenDefinition>,
    refs: Vec<NoteRef>,
    links: Vec<Link>,
    /// Reference-style link labels used (lowercased).
    used_labels: HashSet<String>,
    bibliographies: Vec<Bibliography>,
    /// The links open (innermost last): the index of the link they made, if any, and of the
    /// first piece of their text.
    open_links: Vec<(Option<usize>, usize)>,
    code: usize,
    links_open: usize,
    in_metadata: bool,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            pieces: Vec::new(),
            not_prose: Vec::new(),
            definitions: Vec::new(),
            open: None,
            refs: Vec::new(),
            links: Vec::new(),
            used_labels: HashSet::new(),
            bibliographies: Vec::new(),
            open_links: Vec::new(),
            code: 0,
            links_open: 0,
            in_metadata: false,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) if self.in_metadata => {
                for path in bibliographies(&text) {
                    let raw = &self.text[range.clone()];
                    let at = raw.find(&path).map_or(range.clone(), |k| {
                        range.start + k..range.start + k + path.len()
                    });
                    self.bibliographies.push(Bibliography {
                        path,
                        span: span(at),
                        read: false,
                    });
                }
            }
            Event::Text(text) if self.code == 0 => self.piece(text.to_string(), range, false),
            Event::Code(code) => {
                // Inline code is not prose, but a note's text keeps it (a title in code font).
                self.not_prose.push(range.clone());
                self.piece(code.to_string(), range, false);
                if let Some(p) = self.pieces.last_mut() {
                    p.in_link = true;
                }
            }
            Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => {
                self.not_prose.push(range);
            }
            Event::Text(_) => self.not_prose.push(range),
            Event::FootnoteReference(label) => self.reference(&label, range),
            Event::SoftBreak | Event::HardBreak => self.space(range.start),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::FootnoteDefinition(label) => {
                let label_range = label_range(self.text, &range, &label);
                self.open = Some(OpenDefinition {
                    label: label.to_string(),
                    label_range,
                    first_piece: self.pieces.len(),
                    range,
                });
            }
            Tag::CodeBlock(_) => {
                self.code += 1;
                self.not_prose.push(range);
            }
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                self.in_metadata = true;
                self.not_prose.push(range);
            }
            Tag::MetadataBlock(_) => self.not_prose.push(range),
            Tag::Paragraph | Tag::Item => self.space(range.start),
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => {
                self.links_open += 1;
                let before = self.links.len();
                self.link(link_type, &dest_url, &id, range);
                let made = (self.links.len() > before).then_some(before);
                self.open_links.push((made, self.pieces.len()));
            }
            Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            } => {
                let web = dest_url.starts_with("http://") || dest_url.starts_with("https://");
                if web || !matches!(link_type, LinkType::Inline) {
                    self.link(link_type, &dest_url, &id, range);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::FootnoteDefinition => {
                if let Some(open) = self.open.take() {
                    self.definitions.push(Definition {
                        label: open.label,
                        label_range: open.label_range,
                        pieces: open.first_piece..self.pieces.len(),
                        range: open.range,
                    });
                }
            }
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            TagEnd::Link => {
                self.links_open = self.links_open.saturating_sub(1);
                if let Some((Some(k), first)) = self.open_links.pop() {
                    let shown: String = self.pieces[first..]
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect();
                    if let Some(link) = self.links.get_mut(k) {
                        link.shown = Some(shown);
                    }
                }
            }
            _ => {}
        }
    }

    fn piece(&mut self, text: String, range: Range<usize>, is_break: bool) {
        self.pieces.push(Piece {
            text,
            range,
            in_link: self.links_open > 0,
            is_break,
        });
    }

    /// A space standing for a break, unless the text before already ends in one.
    fn space(&mut self, at: usize) {
        if self.pieces.last().is_some_and(|p| !p.text.ends_with(' ')) {
            self.piece(" ".to_string(), at..at, true);
        }
    }

    fn reference(&mut self, label: &str, range: Range<usize>) {
        // `[^label]`: the label is what a finding underlines.
        let inner = range.start + 2..range.end.saturating_sub(1);
        let inner = if self.text.get(inner.clone()) == Some(label) {
            inner
        } else {
            range
        };
        self.push_ref(label, inner);
    }

    fn push_ref(&mut self, label: &str, range: Range<usize>) {
        let repeat = self.refs.iter().any(|r| r.label == label);
        self.refs.push(NoteRef {
            label: label.to_string(),
            number: numbers::label_number(label),
            span: span(range),
            section: 0,
            repeat,
        });
    }

    /// A link's destination, where it is written.
    fn link(&mut self, link_type: LinkType, dest: &str, id: &str, range: Range<usize>) {
        match link_type {
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                self.used_labels.insert(id.to_lowercase());
            }
            LinkType::ReferenceUnknown
            | LinkType::CollapsedUnknown
            | LinkType::ShortcutUnknown
            | LinkType::WikiLink { .. } => {}
            LinkType::Autolink | LinkType::Email => {
                if link_type == LinkType::Autolink {
                    let inner = range.start + 1..range.end.saturating_sub(1);
                    self.links.push(urls::exact_link(self.text, inner));
                }
            }
            LinkType::Inline => {
                if let Some(at) = dest_in(self.text, &range, dest) {
                    self.links.push(urls::exact_link(self.text, at));
                }
            }
        }
    }

    fn finish(mut self, definitions: Vec<(String, Range<usize>, String)>) -> Manuscript {
        let runs = runs(&self.pieces, self.text);
        let mut cites = Vec::new();
        let mut inline_notes = Vec::new();
        for run in &runs {
            let raw = &self.text[run.clone()];
            cites.extend(pandoc_cites(raw, run.start));
            inline_notes.extend(inline_note_ranges(raw, run.start));
            for (at, label) in literal_refs(raw, run.start) {
                if !self.definitions.iter().any(|d| d.label == label) {
                    self.push_ref(&label, at);
                }
            }
        }
        for c in &mut cites {
            let at = c.span.start;
            c.in_note = self.definitions.iter().any(|d| d.range.contains(&at))
                || inline_notes.iter().any(|n| n.contains(&at));
        }
        let cite_ranges: Vec<Range<usize>> = cites.iter().map(|c: &Cite| c.span.range()).collect();
        let mut notes = self.defined_notes(&cite_ranges, &inline_notes);
        notes.extend(self.inline_notes(&inline_notes, &cite_ranges));
        self.refs.sort_by_key(|r| r.span.start);
        notes.sort_by_key(|n| n.label_span.start);
        self.bare_urls(&runs, &cite_ranges);
        let link_definitions = self.link_definitions(definitions);
        self.links.sort_by_key(|l| l.span.start);
        self.links.dedup_by_key(|l| l.span.start);
        Manuscript {
            refs: self.refs,
            notes,
            links: self.links,
            cites,
            bibliographies: self.bibliographies,
            link_definitions,
            ..Manuscript::default()
        }
    }

    /// The notes of the footnote definitions.
    fn defined_notes(&self, cites: &[Range<usize>], inline_notes: &[Range<usize>]) -> Vec<Note> {
        self.definitions
            .iter()
            .map(|d| {
                let pieces = &self.pieces[d.pieces.clone()];
                let (text, text_map) = note_text(self.text, pieces, cites, inline_notes);
                let words = || pieces.iter().filter(|p| !p.is_break);
                let end = words().next_back().map_or(d.range.end, |p| p.range.end);
                let start = words().next().map_or(end, |p| p.range.start);
                Note {
                    label: d.label.clone(),
                    number: numbers::label_number(&d.label),
                    label_span: span(d.label_range.clone()),
                    text_span: span(start..end.max(start)),
                    text,
                    section: 0,
                    text_map,
                    citations: Vec::new(),
                }
            })
            .collect()
    }

    /// The notes of the inline notes `^[…]`, each with its reference (the `^[`).
    fn inline_notes(&mut self, inline_notes: &[Range<usize>], cites: &[Range<usize>]) -> Vec<Note> {
        let mut notes = Vec::new();
        for (k, range) in inline_notes.iter().enumerate() {
            let label = format!("^{}", k + 1);
            let inner = range.start + 2..range.end - 1;
            let pieces: Vec<Piece> = self
                .pieces
                .iter()
                .filter(|p| p.range.start >= inner.start && p.range.end <= inner.end)
                .cloned()
                .collect();
            let (text, text_map) = note_text(self.text, &pieces, cites, &[]);
            let opening = span(range.start..range.start + 2);
            self.refs.push(NoteRef {
                label: label.clone(),
                number: None,
                span: opening,
                section: 0,
                repeat: false,
            });
            notes.push(Note {
                label,
                number: None,
                label_span: opening,
                text_span: span(inner),
                text,
                section: 0,
                text_map,
                citations: Vec::new(),
            });
        }
        notes
    }

    /// URLs written as text, outside links, code and citations.
    fn bare_urls(&mut self, runs: &[Range<usize>], cites: &[Range<usize>]) {
        for run in runs {
            let mut skip: Vec<Range<usize>> = self
                .not_prose
                .iter()
                .chain(cites)
                .filter(|r| r.start < run.end && run.start < r.end)
                .map(|r| r.start.max(run.start) - run.start..r.end.min(run.end) - run.start)
                .collect();
            skip.sort_by_key(|r| r.start);
            for mut link in urls::find_links(&self.text[run.clone()], &skip) {
                shift(&mut link, run.start);
                self.links.push(link);
            }
        }
    }

    /// The link reference definitions, whether used, and their URLs as links.
    fn link_definitions(
        &mut self,
        definitions: Vec<(String, Range<usize>, String)>,
    ) -> Vec<LinkDefinition> {
        let mut out = Vec::new();
        for (label, range, dest) in definitions {
            let used = self.used_labels.contains(&label.to_lowercase());
            if let Some(at) = dest_in(self.text, &range, &dest) {
                self.links.push(urls::exact_link(self.text, at));
            }
            out.push(LinkDefinition {
                label,
                span: span(range),
                used,
            });
        }
        out
    }
}

/// Move a link found in a piece of text to where the piece stands in the file.
fn shift(link: &mut Link, by: usize) {
    link.span.start += by;
    link.span.end += by;
    for p in &mut link.pieces {
        p.start += by;
        p.end += by;
    }
}

/// The label's range in `[^label]:` at the start of a definition.
fn label_range(text: &str, range: &Range<usize>, label: &str) -> Range<usize> {
    let at = range.start + 2;
    if text.get(range.start..at) == Some("[^") && text.get(at..at + label.len()) == Some(label) {
        at..at + label.len()
    } else {
        range.start..range.start
    }
}

/// Where `dest` is written inside `range` (after the link text's `](` for inline links, after
/// `:` in a definition), unescaped destinations aside.
fn dest_in(text: &str, range: &Range<usize>, dest: &str) -> Option<Range<usize>> {
    if dest.is_empty() {
        return None;
    }
    let raw = text.get(range.clone())?;
    let from = raw.rfind("](").map_or(0, |k| k + 2);
    let at = raw[from..].find(dest)? + from;
    Some(range.start + at..range.start + at + dest.len())
}

/// Stretches of prose (pieces outside links whose gaps hold only line breaks, spaces and
/// emphasis markers), as ranges of the file: what pandoc citations, inline notes, literal
/// references and bare URLs are looked for in. A URL wrapped onto the next line stays in one
/// stretch, so that `U001` can report it.
fn runs(pieces: &[Piece], text: &str) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for p in pieces
        .iter()
        .filter(|p| !p.is_break && !p.in_link && !p.range.is_empty())
    {
        match runs.last_mut() {
            Some(run)
                if p.range.start >= run.end
                    && text.get(run.end..p.range.start).is_some_and(|gap| {
                        gap.chars()
                            .all(|c| matches!(c, '*' | '_' | '~' | ' ' | '\t' | '\n' | '\r'))
                    }) =>
            {
                run.end = run.end.max(p.range.end);
            }
            _ => runs.push(p.range.clone()),
        }
    }
    runs
}

/// A note's text from its pieces, leaving out pandoc citations and inline notes, with the map
/// from offsets in the text to offsets in the file.
/// A piece's rendered text may differ from what the file holds (`&amp;` for `&`, `\\*` for
/// `*`, code without its backticks): the map then points each character at where it can be
/// found, so that a span never lands inside a character of the file.
fn note_text(
    source: &str,
    pieces: &[Piece],
    cites: &[Range<usize>],
    inner_notes: &[Range<usize>],
) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut map = Vec::new();
    let outside = |r: &Range<usize>, skip: &[Range<usize>]| {
        !skip
            .iter()
            .any(|s| r.start < s.end && s.start < r.end.max(r.start + 1))
    };
    for p in pieces {
        if !p.is_break && (!outside(&p.range, cites) || !outside(&p.range, inner_notes)) {
            continue;
        }
        if p.is_break {
            if !text.is_empty() && !text.ends_with(' ') {
                // The space stands for the break after the text before it.
                let after = map
                    .last()
                    .map_or(p.range.start, |&(t, s)| s + (text.len() - t));
                map.push((text.len(), after));
                text.push(' ');
            }
            continue;
        }
        let raw = source.get(p.range.clone()).unwrap_or("");
        match raw.find(p.text.as_str()) {
            Some(k) => map.push((text.len(), p.range.start + k)),
            None => {
                // Escapes and entities: every character at the start of the piece.
                for (i, _) in p.text.char_indices() {
                    map.push((text.len() + i, p.range.start));
                }
            }
        }
        text.push_str(&p.text);
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    (text, map)
}

/// `bibliography: refs.bib`, or a list of them, from YAML front matter.
fn bibliographies(yaml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_list = false;
    for line in yaml.lines() {
        let unquote = |v: &str| v.trim().trim_matches(['"', '\'']).to_string();
        if let Some(value) = line.strip_prefix("bibliography:") {
            let value = value.trim();
            if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                out.extend(list.split(',').map(unquote).filter(|v| !v.is_empty()));
            } else if value.is_empty() {
                in_list = true;
            } else {
                out.push(unquote(value));
            }
            continue;
        }
        match line.trim_start().strip_prefix("- ") {
            Some(item) if in_list && line.starts_with(char::is_whitespace) => {
                out.push(unquote(item))
            }
            _ => in_list = false,
        }
    }
    out
}

/// `^[` … `]` with balanced brackets: pandoc's inline notes.
fn inline_note_ranges(raw: &str, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = raw.as_bytes();
    let mut i = 0;
    while let Some(k) = raw[i..].find("^[") {
        let start = i + k;
        let mut depth = 0usize;
        let mut end = None;
        for (j, &b) in bytes.iter().enumerate().skip(start + 1) {
            match b {
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(j + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        match end {
            Some(end) => {
                out.push(offset + start..offset + end);
                i = end;
            }
            None => break,
        }
    }
    out
}

/// `[^label]` written as text: a reference GitHub's syntax did not read because no definition
/// has its label. Returns the label's range and the label.
fn literal_refs(raw: &str, offset: usize) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = raw[i..].find("[^") {
        let start = i + k + 2;
        let Some(len) = raw[start..].find(']') else {
            break;
        };
        let label = &raw[start..start + len];
        let followed_by_colon = raw[start + len + 1..].starts_with(':');
        if !label.is_empty() && !label.contains(char::is_whitespace) && !followed_by_colon {
            out.push((offset + start..offset + start + len, label.to_string()));
        }
        i = start + len;
    }
    out
}

/// A citation key after its `@`: `{…}` (any characters), or a letter, digit or `_` followed by
/// key characters, internal punctuation included but not trailing.
fn key(input: &str) -> IResult<&str, &str> {
    alt((
        delimited(char('{'), take_till1(|c| c == '}'), char('}')),
        recognize(take_while1(|c: char| {
            c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c)
        })),
    ))
    .parse(input)
}

/// The `@key` at the start of `input`: the key, and how many bytes `@key` takes, trailing
/// punctuation left out of a bare key.
fn cite_key(input: &str) -> Option<(&str, usize)> {
    let rest = input.strip_prefix('@')?;
    let first = rest.chars().next()?;
    if !(first.is_alphanumeric() || first == '_' || first == '{') {
        return None;
    }
    let (_, key) = key(rest).ok()?;
    if first == '{' {
        return Some((key, key.len() + 3));
    }
    let key = key.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
    (!key.is_empty()).then_some((key, key.len() + 1))
}

/// Pandoc citations in a run of prose: bracketed groups with at least one key, and in-text keys
/// (with an optional bracketed locator after them).
fn pandoc_cites(raw: &str, offset: usize) -> Vec<Cite> {
    let mut out = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    // Bracketed groups first.
    let mut i = 0;
    while let Some(k) = raw[i..].find('[') {
        let open = i + k;
        let Some(len) = raw[open + 1..].find(']') else {
            break;
        };
        let close = open + 1 + len;
        let inner = &raw[open + 1..close];
        let before_ok = !raw[..open].ends_with('^');
        if before_ok && let Some(items) = group_items(inner, offset + open + 1) {
            out.push(Cite {
                span: span(offset + open..offset + close + 1),
                items,
                in_note: false,
            });
            taken.push(open..close + 1);
        }
        i = close + 1;
    }
    // In-text `@key`, not part of a word (an e-mail address) nor of a group.
    for (at, _) in raw.match_indices('@') {
        if taken.iter().any(|t| t.contains(&at)) {
            continue;
        }
        let glued = raw[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        if glued {
            continue;
        }
        let Some((key, len)) = cite_key(&raw[at..]) else {
            continue;
        };
        let key_at = if raw[at + 1..].starts_with('{') {
            at + 2
        } else {
            at + 1
        };
        let mut end = at + len;
        let mut locator = None;
        let after = &raw[end..];
        if let Some(rest) = after.strip_prefix(" [")
            && let Some(close) = rest.find(']')
            && !rest[..close].contains('@')
        {
            locator = Some(rest[..close].trim().to_string());
            end += 2 + close + 1;
        }
        out.push(Cite {
            span: span(offset + at..offset + end),
            items: vec![CiteItem {
                key: key.to_string(),
                key_span: span(offset + key_at..offset + key_at + key.len()),
                prefix: None,
                locator,
                suffix: None,
                suppress_author: false,
            }],
            in_note: false,
        });
    }
    out.sort_by_key(|c| c.span.start);
    out
}

/// The items of a bracketed citation group (`see @a, p. 33; -@b`), or `None` when the brackets
/// hold no citation.
fn group_items(inner: &str, offset: usize) -> Option<Vec<CiteItem>> {
    let mut items = Vec::new();
    let mut at = 0;
    for part in inner.split(';') {
        let part_at = at;
        at += part.len() + 1;
        let mut found = None;
        for (k, _) in part.match_indices('@') {
            let before = part[..k].chars().next_back();
            if before.is_none_or(|c| c.is_whitespace() || c == '-') {
                found = cite_key(&part[k..]).map(|(key, len)| (k, key, len));
                if found.is_some() {
                    break;
                }
            }
        }
        let (k, key, len) = found?;
        let suppress_author = part[..k].ends_with('-');
        let prefix = part[..k].trim_end_matches('-').trim();
        let key_at = if part[k + 1..].starts_with('{') {
            k + 2
        } else {
            k + 1
        };
        let rest = part[k + len..].trim_start_matches(',').trim();
        let (locator, suffix) = split_locator(rest);
        items.push(CiteItem {
            key: key.to_string(),
            key_span: span(offset + part_at + key_at..offset + part_at + key_at + key.len()),
            prefix: (!prefix.is_empty()).then(|| prefix.to_string()),
            locator,
            suffix,
            suppress_author,
        });
    }
    (!items.is_empty()).then_some(items)
}

/// What follows a key: a locator (`p. 33`, `chap. 2`, `33-35`) up to the first comma, then the
/// suffix.
fn split_locator(rest: &str) -> (Option<String>, Option<String>) {
    if rest.is_empty() {
        return (None, None);
    }
    const TERMS: &[&str] = &[
        "p.", "pp.", "page", "pages", "chap.", "chapter", "sec.", "section", "§", "fig.", "n.",
        "nn.", "vol.", "para.", "l.", "ll.", "col.", "fol.", "bk.", "pt.", "art.", "no.",
    ];
    let lower = rest.to_lowercase();
    let is_locator = rest.starts_with(|c: char| c.is_ascii_digit())
        || TERMS.iter().any(|t| lower.starts_with(t));
    if !is_locator {
        return (None, Some(rest.to_string()));
    }
    match rest.split_once(',') {
        Some((locator, suffix)) if !suffix.trim().is_empty() => (
            Some(locator.trim().to_string()),
            Some(suffix.trim().to_string()),
        ),
        _ => (Some(rest.to_string()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pandoc_citation_forms() {
        let text = "As [see @doe99, pp. 33-35; also -@smith04, chap. 1] and @jones [p. 4] said, mail a@b.org.";
        let cites = pandoc_cites(text, 0);
        assert_eq!(cites.len(), 2, "{cites:#?}");
        let group = &cites[0];
        assert_eq!(
            &text[group.span.range()],
            "[see @doe99, pp. 33-35; also -@smith04, chap. 1]"
        );
        assert_eq!(group.items[0].key, "doe99");
        assert_eq!(&text[group.items[0].key_span.range()], "doe99");
        assert_eq!(group.items[0].prefix.as_deref(), Some("see"));
        assert_eq!(group.items[0].locator.as_deref(), Some("pp. 33-35"));
        assert_eq!(group.items[1].key, "smith04");
        assert!(group.items[1].suppress_author);
        assert_eq!(group.items[1].prefix.as_deref(), Some("also"));
        let in_text = &cites[1];
        assert_eq!(&text[in_text.span.range()], "@jones [p. 4]");
        assert_eq!(in_text.items[0].locator.as_deref(), Some("p. 4"));
    }

    #[test]
    fn keys_drop_trailing_punctuation() {
        assert_eq!(cite_key("@doe99."), Some(("doe99", 6)));
        assert_eq!(cite_key("@{Doe, J. 1999}"), Some(("Doe, J. 1999", 15)));
        assert_eq!(cite_key("@ x"), None);
    }

    #[test]
    fn front_matter_bibliographies() {
        assert_eq!(
            bibliographies("title: T\nbibliography: refs.bib\n"),
            ["refs.bib"]
        );
        assert_eq!(
            bibliographies("bibliography:\n  - a.bib\n  - \"b.bib\"\nlink: x\n"),
            ["a.bib", "b.bib"]
        );
        assert_eq!(
            bibliographies("bibliography: [a.bib, b.json]\n"),
            ["a.bib", "b.json"]
        );
    }

    #[test]
    fn inline_notes_nest_brackets() {
        let raw = "Text.^[A note [with brackets].] More.";
        assert_eq!(inline_note_ranges(raw, 0), vec![5..31]);
    }
}
