//! Citations: a footnote's text -> the citations in it, each typed, with its fields and spans.
//!
//! A note is split into citations at top-level `;` (not inside brackets or quotes). Each piece
//! loses its commentary (`See`, `Cf.`, `cited in`, `For a different view see`, …), kept apart;
//! repeat forms are recognised by their grammar (nom): `Ibid.`/`Id.` with or without a page,
//! `op. cit.`, OSCOLA cross-references (`Acheson (n 2) 365`), and short forms (`Acheson,
//! Present at the Creation, 365.`). A full citation's tokens are labelled by the [`tagger`]
//! (trained on annotated references), then fields that have a fixed grammar are read with nom
//! patterns: the pinpoint (`p.363`, `pp. 12-15`, `at 45`, `fol. 3r`), the access date
//! (`accessed 12 March 2019`, `[accessed …]`), URLs (with the manuscript URL finder), DOIs,
//! ISBNs, and archival identifiers (`f. 558, op. 11, d. 334`, `CIA-RDP…`, `RG 59`, `FO 371/…`);
//! the parts of legal citations with a grammar (`legal.rs`: reports, the Official Journal,
//! constitutions, debates) and an interview's description (`interview.rs`) are read last.
//! Last, the citation is classified (book, chapter, article, newspaper, archival document,
//! report, web page, interview, thesis) from the fields it has.
//!
//! Nothing here knows about note styles: what a style requires is in [`style`].

mod interview;
mod legal;
pub mod managed;
pub mod style;
pub mod tagger;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while1},
    character::complete::{char, digit1, space0, space1},
    combinator::{opt, recognize},
    multi::many1,
    sequence::preceded,
};

use std::ops::Range;

use crate::model::{Citation, Field, FileId, Kind, Manuscript, Note, Span};

/// A span of the text being parsed. Citations are parsed from a note's text, not a file: the
/// reader maps their spans into its file ([`crate::model::Note::source_span`]).
fn local(range: Range<usize>) -> Span {
    Span::new(FileId::default(), range)
}

/// Trim what separates fields: spaces, punctuation and brackets around a value.
pub fn trim_value(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The longest citation, in bytes, that is parsed whole. Of a longer one (a note of prose with
/// no `;`, text that is not a note at all) only the first `MAX_CITATION_BYTES` are tagged and
/// read for fields: the tagger's memory grows with a citation's length (about 216 bytes per
/// byte: a 16 MB note used 3.6 GB), and real citations are far shorter (the longest in the
/// training data is under 600 characters). `check` says which files had one
/// ([`crate::check::Checked::warnings`]).
pub const MAX_CITATION_BYTES: usize = 4_096;

/// Parse the citations of every note of a manuscript, with spans in the note's file, and
/// complete them from the reference-manager data over them ([`managed`]). Notes are
/// independent: a long manuscript's are parsed on every core.
pub fn annotate(manuscript: &mut Manuscript) {
    if manuscript.notes_are_commentary {
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = manuscript.notes.len().div_ceil(threads).max(64);
    if manuscript.notes.len() <= chunk {
        // One chunk: no thread (a run over 100,000 short files started one per file).
        manuscript.notes.iter_mut().for_each(annotate_note);
    } else {
        std::thread::scope(|scope| {
            for notes in manuscript.notes.chunks_mut(chunk) {
                scope.spawn(move || notes.iter_mut().for_each(annotate_note));
            }
        });
    }
    managed::apply(manuscript);
}

/// Parse a note's citations and map their spans back to its file.
fn annotate_note(note: &mut Note) {
    let mut citations = parse_note(&note.text);
    for c in &mut citations {
        c.span = note.source_span(c.span.range());
        for f in &mut c.fields {
            f.span = note.source_span(f.span.range());
        }
    }
    note.citations = citations;
}

/// Split a note's text into citations and parse each.
pub fn parse_note(text: &str) -> Vec<Citation> {
    parse_note_with(&tagger::MODEL, text)
}

/// Split a note's text into citations and parse each with a given model (the accuracy examples
/// measure models they train or load).
pub fn parse_note_with(model: &tagger::Model, text: &str) -> Vec<Citation> {
    split_citations(text)
        .into_iter()
        .filter(|span| !is_prose(&text[span.clone()]))
        .map(|span| without_prose(text, span))
        .filter_map(|span| parse_citation_with(model, text, span))
        .collect()
}

/// A sentence of the author's own (`The older literature is surveyed in the same volume.`):
/// at least five words, most of them lowercase, no digit.
fn is_prose(sentence: &str) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let lower = words
        .iter()
        .skip(1)
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .count();
    words.len() >= MIN_PROSE_WORDS
        && words[0].starts_with(|c: char| c.is_uppercase())
        && lower * 10 >= (words.len() - 1) * 7
        && !sentence.contains(|c: char| c.is_ascii_digit())
}

/// A citation's span without a sentence of the author's own that follows it (`…, 419–82. The
/// report was first published in full …`): after a full stop, a sentence of at least five
/// words, most of them lowercase, with no digit, is not part of a citation that already has a
/// number in it.
fn without_prose(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let mut from = 0;
    while let Some(k) = piece[from..].find(". ") {
        let at = from + k + 1;
        let (before, after) = (&piece[..at], piece[at..].trim());
        let prose = is_prose(after) && before.contains(|c: char| c.is_ascii_digit());
        if prose {
            return span.start..span.start + at;
        }
        from = at;
    }
    span
}

/// How many words a sentence after a citation needs to be read as the author's prose.
const MIN_PROSE_WORDS: usize = 5;

/// Parse one reference (a line of `citelint cite`'s input).
pub fn parse_reference(text: &str) -> Option<Citation> {
    parse_citation(text, 0..text.len())
}

/// Media named after a citation's imprint (`Kindle`, `ebook`), never a container.
const MEDIA: &[&str] = &[
    "kindle",
    "kindle edition",
    "kindle ed.",
    "ebook",
    "e-book",
    "epub",
    "pdf",
    "audiobook",
    "microfilm",
    "microfiche",
];

/// Words after a comma that start a second citation of the same note: `X, 12, quoted in Y`.
const LINKS: &[&str] = &[
    " quoted in ",
    " cited in ",
    " as cited in ",
    " reprinted in ",
    " repr. in ",
    " printed in ",
    " translated in ",
    " replying to ",
    " responding to ",
    " in reply to ",
    " in response to ",
    " trans. in ",
    // A case's later history, Bluebook-style: `X, 12 F.3d 4 (2d Cir. 1999), aff'd, 5 U.S. 6`.
    " aff'd",
    " aff’d",
    " rev'd",
    " rev’d",
    " overruled by ",
    " abrogated by ",
    " vacated",
    " cert. denied",
];

/// The spans of `text` between top-level `;` (outside brackets and quotes), and before a
/// top-level `, quoted in` (or `cited in`, `reprinted in`, …), which links two citations.
fn split_citations(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '“' => quoted = true,
            '”' => quoted = false,
            ';' if depth == 0 && !quoted && !inside_title(&text[start..i], &text[i + 1..]) => {
                spans.push(start..i);
                start = i + 1;
            }
            ',' if depth == 0
                && !quoted
                && (links_at(&text[i + 1..])
                    || joined_prose(&text[i + 1..])
                    || compared_with(text, &text[i + 1..])) =>
            {
                spans.push(start..i);
                start = i + 1;
            }
            '.' if depth == 0
                && !quoted
                && (ends_citation(&text[start..i], &text[i + 1..])
                    || prose_runs_on(&text[start..i], &text[i + 1..])) =>
            {
                spans.push(start..i + 1);
                start = i + 1;
            }
            _ => {}
        }
    }
    spans.push(start..text.len());
    spans
}

/// Whether a full stop between `before` and `after` ends a citation and starts a new sentence:
/// the sentence after starts with a capital, and the citation ends with a pinpoint (a number
/// that is not a year: `…, 419–82. The report …`) or is `Ibid.`.
fn ends_citation(before: &str, after: &str) -> bool {
    let mut next = after.chars();
    if next.next() != Some(' ') || !next.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let last = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    if matches!(last, "Ibid" | "ibid" | "Id") {
        return true;
    }
    let tail: String = last.chars().filter(char::is_ascii_digit).collect();
    let ends_in_digit = last.ends_with(|c: char| c.is_ascii_digit());
    let year = tail.len() == 4 && !last.contains(['–', '-']);
    ends_in_digit && !year
}

/// Whether a `;` between `before` and `after` sits inside a title (`Everyday Stalinism:
/// Ordinary Life; Soviet Russia in the 1930s (New York: …)`, `Clarissa; or, The History …`)
/// rather than between two citations: the part before ends in a word and opens no bracket, and
/// the part after (to the next `;`) starts with no signal and no author (a run of capitalised
/// words ended by a comma) but closes the title with a bracketed imprint.
fn inside_title(before: &str, after: &str) -> bool {
    let after = after.split(';').next().unwrap_or_default().trim_start();
    let ends_in_word = before
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    if !ends_in_word || before.contains(['(', '[']) || !IMPRINT.is_match(after) {
        return false;
    }
    let first = after.split_whitespace().next().unwrap_or_default();
    let signal = ["see", "also", "cf.", "cf", "and", "compare", "for", "on"]
        .iter()
        .any(|w| first.trim_end_matches(',').eq_ignore_ascii_case(w));
    let head = after.split(['(', ',']).next().unwrap_or_default();
    let author = after[head.len()..].starts_with(',')
        && head
            .split_whitespace()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()));
    !signal && !author
}

/// A bracketed imprint: `(London: Penguin, 1990)`, `(Oxford 1990)`.
static IMPRINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\([^()]*(?::[^()]*|\b1[5-9]\d\d|\b20\d\d)[^()]*\)")
        .expect("a valid pattern")
});

/// Whether a full stop ends a citation before a sentence of the author's that runs into the
/// next citation (`…, Independence, MO. The report was first printed as an appendix to A.
/// Name, …`): the part before has the commas of a full citation, and the sentence after opens
/// with a long lead-in ([`prose_lead`]) of at least `MIN_SENTENCE_LEAD_WORDS` words.
fn prose_runs_on(before: &str, after: &str) -> bool {
    before.matches(',').count() >= MIN_CITATION_COMMAS
        && after.starts_with(' ')
        && prose_lead(after.trim_start())
            .is_some_and(|m| m.as_str().split_whitespace().count() >= MIN_SENTENCE_LEAD_WORDS)
}

/// Whether the words after a comma are the author's, joined to the citation before by `and` or
/// `but` and leading into the next (`…, and in the testimony printed in A. Name, …`).
fn joined_prose(rest: &str) -> bool {
    let rest = rest.trim_start();
    let joined = ["and ", "but "].iter().any(|w| rest.starts_with(w));
    joined
        && prose_lead(rest)
            .is_some_and(|m| m.as_str().split_whitespace().count() >= MIN_JOINED_LEAD_WORDS)
}

/// How many words a lead-in after `, and` needs to start a citation of its own.
const MIN_JOINED_LEAD_WORDS: usize = 5;

/// How many commas a citation has before a full stop that [`prose_runs_on`] may end it at.
const MIN_CITATION_COMMAS: usize = 3;

/// How many words a lead-in sentence needs to end the citation before it (a sentence-case
/// title after an initial, `Smith, J. The history of art in Rome`, has fewer).
const MIN_SENTENCE_LEAD_WORDS: usize = 7;

/// Whether `, with` (before `rest`) links the two citations of a note that opens with the
/// Bluebook signal `Compare`: `Compare X, 410 U.S. 113, with Y, 597 U.S. at 231.`
fn compared_with(note: &str, rest: &str) -> bool {
    let opens = note
        .trim_start()
        .get(..8)
        .is_some_and(|w| w.eq_ignore_ascii_case("compare "));
    opens
        && rest
            .strip_prefix(" with ")
            .is_some_and(|r| r.starts_with(char::is_uppercase))
}

/// Whether `rest` (after a comma) starts with a word that links a second citation.
fn links_at(rest: &str) -> bool {
    let head = &rest.as_bytes()[..rest.len().min(16)];
    LINKS
        .iter()
        .any(|l| head.len() >= l.len() && head[..l.len()].eq_ignore_ascii_case(l.as_bytes()))
}

/// Words that introduce a citation without being part of it.
fn commentary(input: &str) -> IResult<&str, &str> {
    recognize((
        alt((
            recognize((
                tag_no_case("for a different view"),
                opt(char(',')),
                space1,
                tag_no_case("see"),
            )),
            recognize((tag_no_case("see also"), opt(alt((char(','), char(':')))))),
            recognize((tag_no_case("see"), char(':'))),
            recognize((tag_no_case("see, e.g."), opt(char(',')))),
            recognize((tag_no_case("see generally"), opt(char(',')))),
            tag_no_case("see"),
            recognize((tag_no_case("cf."), opt(char(',')))),
            tag_no_case("cf"),
            tag_no_case("compare"),
            recognize((tag_no_case("quoted in"), opt(char(',')))),
            recognize((tag_no_case("cited in"), opt(char(',')))),
            recognize((tag_no_case("as cited in"), opt(char(',')))),
            recognize((tag_no_case("reprinted in"), opt(char(',')))),
            recognize((tag_no_case("repr. in"), opt(char(',')))),
            recognize((tag_no_case("printed in"), opt(char(',')))),
            recognize((tag_no_case("translated in"), opt(char(',')))),
            recognize((tag_no_case("trans. in"), opt(char(',')))),
            recognize((tag_no_case("on this, see"), opt(char(',')))),
            recognize((tag_no_case("e.g."), opt(char(',')))),
            // The second half of `Compare X, with Y` (lowercase: `With` may open a title).
            tag("with"),
            // A case's later history.
            recognize((
                alt((
                    tag_no_case("aff'd"),
                    tag_no_case("aff’d"),
                    tag_no_case("rev'd"),
                    tag_no_case("rev’d"),
                    tag_no_case("vacated"),
                    tag_no_case("cert. denied"),
                    tag_no_case("overruled by"),
                    tag_no_case("abrogated by"),
                )),
                opt(char(',')),
            )),
        )),
        space1,
    ))
    .parse(input)
}

/// The author's words before a citation that end in a signal (`On the revisionist case, see`,
/// `and, for a critique,`, `and`): they open with a connective, so a title is never taken.
static LEAD_IN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r#"(?i)^(?:(?:and|but|also|for|on|more|compare|contrast|similarly|further|in)\b[^.;:“”"‘’()\[\]\d]{0,80}?\b(?:see also|see|cf\.)[:,]?\s+|and,?\s+(?:for|on)\b[^.;:“”"‘’()\[\]\d]{0,60}?,\s+|and\s+|(?:replying|responding|in reply|in response)\s+to\s+|in\s+(?:an?\s+)?(?:English|French|German|Spanish|Italian|Russian|Portuguese)?\s*(?:translation|edition)?\s*,\s+)"#,
    )
    .expect("a valid pattern")
});

/// The author's sentence before a citation that runs into it with no signal (`The files
/// surfaced in litigation: X v Y`, `first published as an appendix to A. Name, Title`, `for a
/// different view, A. Name`): lowercase words after the first, ended by a colon, by a word
/// that links to what follows (`to`, `in`, `as`, `by`, `from`) or, after `for`/`on`, by a comma,
/// and followed by a capital or an opening quote.
fn prose_lead(body: &str) -> Option<regex::Match<'_>> {
    let m = PROSE_LEAD.find(body)?;
    let words = m.as_str().split_whitespace().count();
    let next = body[m.end()..].chars().next()?;
    (words >= MIN_LEAD_WORDS && (next.is_uppercase() || matches!(next, '“' | '‘' | '"')))
        .then_some(m)
}

/// How many words a lead-in with no signal needs (fewer could open a sentence-case title).
const MIN_LEAD_WORDS: usize = 4;

static PROSE_LEAD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:(?:[A-Z][a-z’']*|[a-z][a-z’']*)(?:,?\s+[a-z][a-z’'-]*)+(?:\s+(?:to|in|as|by|from)\s+|:\s+)|(?:[Ff]or|[Oo]n)(?:\s+[a-z]+){1,6},\s+)",
    )
    .expect("a valid pattern")
});

/// `Ibid.`, `Ibid., 45.`, `Id. at 45`, `ibid p. 3`, `ibid [35]`, `Ibid., 421–22, 430.`,
/// `Ibid., loc. 2143.`: the locator after the word, if any (its offset and text, without `p.`,
/// `pp.`, `at` and the punctuation around it). Anything longer than a locator is not `Ibid.`.
fn ibid(input: &str) -> Option<Option<(usize, &str)>> {
    let lower = input.get(..input.len().min(7))?.to_ascii_lowercase();
    let word = ["ibidem", "ibid", "id."]
        .into_iter()
        .find(|w| lower.starts_with(w))?;
    let rest = &input[word.len()..];
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let locator =
        rest.trim_start_matches(|c: char| matches!(c, '.' | ',' | ':') || c.is_whitespace());
    let mut at = input.len() - locator.len();
    let mut locator = locator.trim_end();
    for label in ["at ", "pp. ", "p. ", "pp.", "p."] {
        if let Some(r) = locator.strip_prefix(label) {
            at += label.len();
            locator = r;
            break;
        }
    }
    let value = trim_value(locator);
    if value.is_empty() {
        return Some(None);
    }
    let words = value.split_whitespace().count();
    let quoted = value.contains(['“', '”', '"', '‘']);
    if words > MAX_LOCATOR_WORDS || quoted || !value.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(Some((at + locator.find(value).unwrap_or(0), value)))
}

/// The most words a locator after `Ibid.` has (`part 3, session 1, 124`).
const MAX_LOCATOR_WORDS: usize = 6;

/// OSCOLA `Acheson (n 2) 365`, Bluebook `Sunstein, supra note 1, at 420`: the name, the pointer
/// (`n 2`, `note 1`) and the pinpoint, as (offset, text).
type Pointer<'a> = ((usize, &'a str), (usize, &'a str), Option<(usize, &'a str)>);

fn cross_reference(input: &str) -> Option<Pointer<'_>> {
    let caps = CROSS_REFERENCE.captures(input)?;
    let at = |m: regex::Match<'_>| (m.start(), &input[m.range()]);
    let name = caps.name("name")?;
    let pointer = caps.name("pointer").or_else(|| caps.name("pointer2"))?;
    let page = caps.name("page").map(at);
    Some((at(name), at(pointer), page))
}

static CROSS_REFERENCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?P<name>[^(;]+?),?\s+(?:\((?P<pointer>nn? \d+(?:[–-]\d+)?)\)|supra,?\s+(?P<pointer2>notes? \d+(?:[–-]\d+)?))(?:,?\s*(?:at\s+)?(?P<page>[\[\dxivlc][^\s.;]*(?:[–-]\S+)?(?:,\s*\d[^\s.;]*)*))?\.?\s*$",
    )
    .expect("a valid pattern")
});

/// A date as written in notes: `12 March 2019`, `March 12, 2019`, `2019-03-12`, `March 2019`,
/// `2019`.
fn date(input: &str) -> IResult<&str, &str> {
    use nom::character::complete::alpha1;
    alt((
        recognize((digit1, space1, alpha1, opt(char('.')), space1, digit1)),
        recognize((
            alpha1,
            opt(char('.')),
            space1,
            digit1,
            char(','),
            space1,
            digit1,
        )),
        recognize((alpha1, opt(char('.')), space1, digit1, space1, digit1)),
        recognize((digit1, char('-'), digit1, char('-'), digit1)),
        recognize((alpha1, space1, digit1)),
        digit1,
    ))
    .parse(input)
}

/// `accessed 12 March 2019`, `[accessed 2 February 2021]`, `(last accessed on …)`.
fn accessed(input: &str) -> IResult<&str, &str> {
    preceded(
        (
            opt(tag_no_case("last ")),
            alt((
                tag_no_case("accessed"),
                tag_no_case("consulted"),
                tag_no_case("viewed"),
            )),
            opt(tag_no_case(" on")),
            space1,
        ),
        date,
    )
    .parse(input)
}

/// `ISBN 978-0-393-07448-0`.
fn isbn(input: &str) -> IResult<&str, &str> {
    preceded(
        (
            tag_no_case("isbn"),
            opt(alt((tag("-13"), tag("-10")))),
            opt(char(':')),
            space0,
        ),
        take_while1(|c: char| c.is_ascii_digit() || c == '-' || c == 'X' || c == 'x'),
    )
    .parse(input)
}

/// `10.1000/182` (after `doi:` or `https://doi.org/`, or bare).
fn doi(input: &str) -> IResult<&str, &str> {
    preceded(
        opt(alt((
            recognize((tag_no_case("doi"), opt(char(':')), space0)),
            tag_no_case("https://doi.org/"),
            tag_no_case("http://dx.doi.org/"),
        ))),
        recognize((tag("10."), take_while1(|c: char| !c.is_whitespace()))),
    )
    .parse(input)
}

/// Archival identifiers: `f. 558, op. 11, d. 62, l. 71–72`, `CIA-RDP78-…`, `RG 59`, `FO 371/84057`,
/// `Box 4262`.
fn archival_identifier(input: &str) -> IResult<&str, &str> {
    let unit = |i| {
        recognize((
            alt((
                tag("f."),
                tag("op."),
                tag("d."),
                tag("l."),
                tag("ll."),
                tag("listy"),
                tag("papka"),
            )),
            space0,
            take_while1(|c: char| c.is_alphanumeric() || c == '–' || c == '-'),
        ))
        .parse(i)
    };
    alt((
        recognize((unit, many1((char(','), space0, unit)))),
        recognize((
            tag("CIA-RDP"),
            take_while1(|c: char| c.is_alphanumeric() || c == '-'),
        )),
        recognize((
            alt((
                tag("RG "),
                tag("FO "),
                tag("CAB "),
                tag("PREM "),
                tag("WO "),
                tag("Box "),
                tag("MS "),
            )),
            take_while1(|c: char| c.is_alphanumeric() || c == '/' || c == '.'),
        )),
    ))
    .parse(input)
}

/// Where a nom pattern matches in `text`, searching at word starts.
fn find_pattern<'a, O>(
    text: &'a str,
    mut parser: impl FnMut(&'a str) -> IResult<&'a str, O>,
) -> Option<(usize, &'a str, O)> {
    let mut at = 0;
    while at < text.len() {
        let word_start = at == 0
            || text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_alphanumeric());
        if word_start && let Ok((rest, out)) = parser(&text[at..]) {
            let len = text.len() - at - rest.len();
            return Some((at, &text[at..at + len], out));
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Parse the citation at `span` of `text`.
fn parse_citation(text: &str, span: Range<usize>) -> Option<Citation> {
    parse_citation_with(&tagger::MODEL, text, span)
}

/// Parse the citation at `span` of `text` with a given model (the accuracy example trains its
/// own per fold).
pub fn parse_citation_with(
    model: &tagger::Model,
    text: &str,
    span: Range<usize>,
) -> Option<Citation> {
    let raw = &text[span.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let mut start = span.start + lead;
    let end = span.start + raw.trim_end().len();
    if start >= end {
        return None;
    }
    let mut commentary_text = None;
    if let Some(m) = LEAD_IN
        .find(&text[start..end])
        .or_else(|| prose_lead(&text[start..end]))
    {
        commentary_text = Some(m.as_str().trim().trim_end_matches([',', ':']).to_string());
        start += m.end();
        // `and` then the author's words: `and in the account cited in A. Name, …`.
        if let Some(m) = prose_lead(&text[start..end]) {
            let words = m.as_str().trim().trim_end_matches([',', ':']);
            commentary_text = commentary_text.map(|lead| format!("{lead} {words}"));
            start += m.end();
        }
    }
    if let Ok((rest, words)) = commentary(&text[start..end]) {
        // `See` alone is commentary only when something follows it.
        if !rest.trim().is_empty() {
            let words = words.trim().trim_end_matches(',');
            commentary_text = Some(match commentary_text {
                Some(lead) => format!("{lead} {words}"),
                None => words.to_string(),
            });
            start = end - rest.len();
        }
    }
    let body = &text[start..end];
    if trim_value(body).is_empty() {
        return None;
    }
    let field = |name: &'static str, value: &str, at: usize, len: usize| Field {
        name,
        value: value.to_string(),
        span: local(at..at + len),
    };
    // Ibid.
    if let Some(page) = ibid(body) {
        let mut fields = Vec::new();
        if let Some((at, p)) = page {
            fields.push(field("pages", p, start + at, p.len()));
        }
        return Some(Citation {
            span: local(start..end),
            text: body.to_string(),
            commentary: commentary_text,
            kind: Kind::Ibid,
            fields,
        });
    }
    // OSCOLA and Bluebook cross-references.
    if let Some(((name_at, name), (note_at, note), page)) = cross_reference(body) {
        let mut fields = vec![field("author", name, start + name_at, name.len())];
        fields.push(field("identifier", note, start + note_at, note.len()));
        if let Some((at, p)) = page {
            let p = trim_value(p);
            fields.push(field(
                "pages",
                p,
                start + at + body[at..].find(p).unwrap_or(0),
                p.len(),
            ));
        }
        return Some(Citation {
            span: local(start..end),
            text: body.to_string(),
            commentary: commentary_text,
            kind: Kind::CrossReference,
            fields,
        });
    }
    // Only the first `MAX_CITATION_BYTES` of a longer citation are read (see there).
    let mut read_end = start + MAX_CITATION_BYTES.min(end - start);
    while !text.is_char_boundary(read_end) {
        read_end -= 1;
    }
    let mut fields = tagged_fields(model, text, start..read_end);
    // The author's words before the citation (`The passage is quoted in`), which the tagger
    // labels `note`, are commentary too.
    if let [lead, next, ..] = fields.as_slice()
        && lead.name == "note"
        && trim_value(&text[start..lead.span.start]).is_empty()
    {
        let at = text[..next.span.start]
            .char_indices()
            .next_back()
            .filter(|(_, c)| matches!(c, '“' | '‘' | '"'))
            .map_or(next.span.start, |(k, _)| k);
        let words = text[start..at].trim().trim_end_matches([',', ':']).trim();
        commentary_text = Some(match commentary_text {
            Some(signal) => format!("{signal} {words}"),
            None => words.to_string(),
        });
        start = at;
        fields.remove(0);
    }
    let body = &text[start..end];
    extract_patterns(text, start..read_end, &mut fields);
    papers_are_no_repository(&mut fields);
    short_form_page(&mut fields);
    name_and_page(&mut fields);
    pinpoint_after_imprint(text, start..end, &mut fields);
    let legal_kind = legal::read(text, start..read_end, &mut fields);
    interview::read(text, start..read_end, &mut fields);
    let kind = legal_kind.unwrap_or_else(|| classify(text, start..read_end, &fields));
    if matches!(kind, Kind::Case | Kind::Article | Kind::Legislation) {
        first_page_apart(&mut fields);
    }
    if kind == Kind::Book {
        series_of_a_book(text, &mut fields);
    }
    Some(Citation {
        span: local(start..end),
        text: body.to_string(),
        commentary: commentary_text,
        kind,
        fields,
    })
}

/// Of two repositories tagged in one citation, `Papers of X`, `X Papers` or `X Collection` is
/// the collection kept there, not the repository.
fn papers_are_no_repository(fields: &mut [Field]) {
    if fields.iter().filter(|f| f.name == "archive").count() < 2 {
        return;
    }
    for f in fields.iter_mut().filter(|f| f.name == "archive") {
        let v = trim_value(&f.value);
        if v.starts_with("Papers ") || v.ends_with(" Papers") || v.ends_with(" Collection") {
            f.name = "collection_title";
        }
    }
}

/// A short form of one name and a page (`Roe, p. 12.`) names its author, whom the tagger may
/// call a title: a one-word title beside nothing but pages is the author.
fn name_and_page(fields: &mut [Field]) {
    let named = |f: &Field| !matches!(f.name, "note" | "pages");
    let mut rest = fields.iter().filter(|f| named(f));
    if let (Some(only), None) = (rest.next(), rest.next())
        && only.name == "title"
        && fields.iter().any(|f| f.name == "pages")
    {
        let f = fields
            .iter_mut()
            .find(|f| f.name == "title")
            .expect("the title found above");
        let word = trim_value(&f.value);
        if !word.contains(char::is_whitespace) && word.starts_with(char::is_uppercase) {
            f.name = "author";
        }
    }
}

/// A page-like number after a short form's title is a page, not a date (`Smith, Title, 12.`): a
/// citation with an author or title, no imprint, container or volume, and a last field `date`
/// that is a number or a range but not a year.
fn short_form_page(fields: &mut [Field]) {
    let has = |n: &str| fields.iter().any(|f| f.name == n);
    let full = [
        "publisher",
        "place",
        "container_title",
        "volume",
        "pages",
        "url",
    ];
    if !has("title") || full.iter().any(|n| has(n)) {
        return;
    }
    let Some(last) = fields.iter_mut().rev().find(|f| f.name != "note") else {
        return;
    };
    let numeric = last
        .value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–'));
    let year = four_digit_years(&last.value).next().is_some() && !last.value.contains(['-', '–']);
    if last.name == "date" && numeric && !year {
        last.name = "pages";
    }
}

/// The pinpoint right after a bracketed imprint (`(Washington, DC: GPO, 1976), 148, https://…`)
/// is a page even where the tagger left it out or called it a volume: a number after the `)`
/// that closes brackets holding a place and publisher or a year.
fn pinpoint_after_imprint(text: &str, span: Range<usize>, fields: &mut Vec<Field>) {
    if fields.iter().any(|f| f.name == "pages") {
        return;
    }
    let body = &text[span.clone()];
    let Some(close) = body.rfind(')') else {
        return;
    };
    let Some(open) = body[..close].rfind('(') else {
        return;
    };
    let inside = &body[open + 1..close];
    if !inside.contains(':') && four_digit_years(inside).next().is_none() {
        return;
    }
    let Some(after) = body[close + 1..].strip_prefix(", ") else {
        return;
    };
    let len = after
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '–')))
        .unwrap_or(after.len());
    let ends = after[len..].is_empty() || after[len..].starts_with([',', '.', ';']);
    if len == 0 || !ends || !after.starts_with(|c: char| c.is_ascii_digit()) {
        return;
    }
    let at = span.start + close + 3;
    let overlaps = |f: &Field| f.span.start < at + len && at < f.span.end;
    // A number after the imprint is no volume, issue or date: those come before it.
    if let Some(f) = fields.iter_mut().find(|f| overlaps(f) && f.name != "note") {
        if matches!(f.name, "volume" | "issue" | "date") && f.value == after[..len] {
            f.name = "pages";
        }
        return;
    }
    fields.push(Field {
        name: "pages",
        value: after[..len].to_string(),
        span: local(at..at + len),
    });
    fields.sort_by_key(|f| f.span.start);
}

/// The fields a grammar read (`legal.rs`, `interview.rs`): each a field name and a range of
/// the citation's body.
type Read = Vec<(&'static str, Range<usize>)>;

/// The named groups of a grammar's match that took part in it, as fields: `(group, field)`.
fn read_groups(c: &regex::Captures<'_>, groups: &[(&str, &'static str)], found: &mut Read) {
    for (group, name) in groups {
        if let Some(m) = c.name(group) {
            found.push((name, m.range()));
        }
    }
}

/// Add the fields a grammar read in `body` (which starts at `offset` of the note's text), each
/// value without the `trailing` punctuation (an empty one is no field), and keep the fields in
/// text order. The tagger's fields it replaces are the caller's to remove first.
fn add_read(fields: &mut Vec<Field>, body: &str, offset: usize, found: Read, trailing: &[char]) {
    for (name, range) in found {
        let value = body[range.clone()].trim_end_matches(trailing);
        if value.is_empty() {
            continue;
        }
        let at = offset + range.start;
        fields.push(Field {
            name,
            value: value.to_string(),
            span: local(at..at + value.len()),
        });
    }
    fields.sort_by_key(|f| f.span.start);
}

/// A book has no container: what the tagger called one right after the title, with nothing but
/// punctuation between them and a bracketed imprint after it (`classify` made the citation a
/// book for its imprint), is the series the book is in (`Mr. Bennett and Mrs. Brown, Hogarth Essays (London: Hogarth Press, 1924)`).
/// A container after editors (`In L. Angus & J. McLeod (Eds.), The Handbook …`) is left alone.
fn series_of_a_book(text: &str, fields: &mut [Field]) {
    for i in 1..fields.len() {
        let (before, after) = fields.split_at_mut(i);
        let (title, series) = (&before[i - 1], &mut after[0]);
        // Fields may overlap (a URL and the DOI in it): then there is no gap.
        let gap = text.get(title.span.end..series.span.start);
        let imprint_next = text
            .get(series.span.end..)
            .is_some_and(|rest| NOTE_IMPRINT.is_match(rest));
        if title.name == "title"
            && series.name == "container_title"
            && imprint_next
            && gap.is_some_and(|gap| !gap.contains(char::is_alphanumeric))
        {
            series.name = "collection_title";
        }
    }
}

/// A note's bracketed imprint with a place and a publisher, right after a series: ` (London:
/// Hogarth Press, 1924)`. (A bibliography's container followed by an unbracketed imprint,
/// `Theories of Memory. Ed. A. C. Collins. Hillsdale: Erlbaum`, is often a book a chapter is in.)
static NOTE_IMPRINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[.,]?\s*\([^()]*:[^()]*\)").expect("a valid pattern")
});

/// Whether the text before a container ends with `in` (`…,” in The Cambridge History`).
fn after_in(before: &str) -> bool {
    let before =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '“' | '‘' | '"'));
    before.ends_with(" in") || before.ends_with(" In") || before == "In"
}

/// In a report or journal citation, `483, 495` is the first page and the pinpoint: two `pages`.
fn first_page_apart(fields: &mut Vec<Field>) {
    let mut extra = Vec::new();
    for f in fields.iter_mut().filter(|f| f.name == "pages") {
        let Some((first, rest)) = f.value.split_once(", ") else {
            continue;
        };
        let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if number(first) && rest.starts_with(|c: char| c.is_ascii_digit()) {
            let mut pin = f.clone();
            strip_start(&mut pin, first.len() + 2);
            strip_end(f, f.value.len() - first.len());
            extra.push(pin);
        }
    }
    fields.extend(extra);
    fields.sort_by_key(|f| f.span.start);
}

/// The fields the tagger finds: runs of tokens with one label (the decoder never ends a run
/// inside a bracket the run opened: see [`tagger::Model::decode`]).
fn tagged_fields(model: &tagger::Model, text: &str, span: Range<usize>) -> Vec<Field> {
    let body = &text[span.clone()];
    let tokens = tagger::tokenize(body);
    let labels = model.decode(&tagger::Sequence::of(body));
    let mut fields: Vec<Field> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let label = labels[i];
        let mut j = i;
        while j + 1 < tokens.len() && labels[j + 1] == label {
            j += 1;
        }
        let name = field_name(tagger::LABELS[label]);
        let (s, e) = (tokens[i].start, tokens[j].end);
        let raw = &body[s..e];
        let value = trim_value(raw);
        if !value.is_empty() {
            let inner = s + raw.find(value).unwrap_or(0);
            fields.push(Field {
                name,
                value: value.to_string(),
                span: local(span.start + inner..span.start + inner + value.len()),
            });
        }
        i = j + 1;
    }
    normalise(&mut fields);
    split_inner_roles(&mut fields);
    join_name_runs(text, &mut fields);
    fields
}

/// A role label inside a run of names starts a run of another role: `Jeanne Guyon, ed. Donna C.
/// Arthur` is an author and an editor, `X, trans. by Y and Z` an editor and translators.
fn split_inner_roles(fields: &mut Vec<Field>) {
    let mut extra = Vec::new();
    for f in fields.iter_mut().filter(|f| NAME_FIELDS.contains(&f.name)) {
        let Some(caps) = INNER_ROLE.captures(&f.value) else {
            continue;
        };
        let (whole, role) = (caps.get(0).expect("a match"), &caps["role"]);
        let name_at = caps.name("name").expect("a name").start();
        let mut second = f.clone();
        second.name = if role.to_lowercase().starts_with("tr") {
            "translator"
        } else {
            "editor"
        };
        strip_start(&mut second, name_at);
        strip_end(f, f.value.len() - whole.start());
        extra.push(second);
    }
    fields.extend(extra);
    fields.retain(|f| !f.value.is_empty());
    fields.sort_by_key(|f| f.span.start);
}

/// `, ed. `, `, trans. by `, `, edited by ` between two names.
static INNER_ROLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i),\s+(?P<role>eds?\.|trans\.|tr\.|comp\.|edited|translated|compiled)(?:\s+by)?\s+(?P<name>\p{Lu})",
    )
    .expect("a valid pattern")
});

/// A role label right after a name and closing the run of names (`, eds.,`, ` (ed)`, `, comp.
/// and ed.,`; not `, ed. Donna C. Arthur`, which opens the next run).
static ROLE_LABEL_NEXT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\.?(?:,\s*|\s*\(\s*)(?P<role>eds?|editors?|trans|translators?|comp|compilers?)\.?(?:\s+(?:and|&)\s+(?:eds?|trans|comp)\.?)?\s*[,)]",
    )
        .expect("a valid pattern")
});

/// A role label after a run of names names the role of the whole run: in `A, B, and C, eds.` or
/// `A et al., eds.` the names the tagger labelled `author`, joined to the editors by nothing but
/// a comma or a space, are editors too (a label before the editors, `A, ed. B`, keeps them
/// apart).
fn join_name_runs(text: &str, fields: &mut Vec<Field>) {
    let role_after = |f: &Field| {
        let caps = ROLE_LABEL_NEXT.captures(&text[f.span.end..])?;
        let role = caps["role"].to_lowercase();
        Some(if role.starts_with("tr") {
            "translator"
        } else {
            "editor"
        })
    };
    // `B. A. Botkin, comp. and ed.,`: a name the label follows has the label's role.
    for f in fields.iter_mut().filter(|f| f.name == "author") {
        if let Some(role) = role_after(f) {
            f.name = role;
        }
    }
    let mut i = 1;
    while i < fields.len() {
        let (a, b) = (&fields[i - 1], &fields[i]);
        let gap = &text[a.span.end..b.span.start];
        let joined = a.name == "author"
            && matches!(b.name, "editor" | "translator")
            && list_gap(gap)
            && role_after(b).is_some();
        if joined {
            let start = a.span.start;
            let b = fields.remove(i);
            let merged = &mut fields[i - 1];
            merged.name = b.name;
            merged.span = local(start..b.span.end);
            merged.value = text[start..b.span.end].to_string();
        } else {
            i += 1;
        }
    }
}

/// Whether what lies between two runs of names only lists them: a comma or a space, or `&` or
/// `and` (after an initial's full stop: `Bickman, L., & Ellis, H. (Eds.)`).
fn list_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => true,
        [joint] | [".", joint] => matches!(*joint, "&" | "and"),
        _ => false,
    }
}

fn field_name(label: &str) -> &'static str {
    match label {
        "container-title" => "container_title",
        "collection-title" => "collection_title",
        "citation-number" => "citation_number",
        other => tagger::LABELS
            .iter()
            .find(|l| **l == other)
            .copied()
            .unwrap_or("note"),
    }
}

/// Values in their plain form: pages without `p.`, names without their role label (`ed.`,
/// `trans. by`, `(eds)`), container titles without `In`, volume and issue apart (`33.2`,
/// `13(2)`, `Vol. 13`, `no. 4`).
fn normalise(fields: &mut Vec<Field>) {
    let mut extra = Vec::new();
    for f in fields.iter_mut() {
        match f.name {
            "pages" => {
                strip_label(f, PAGE_LABELS);
                // `2:517`: the volume of a multi-volume work, then the page.
                if let Some((volume, _)) = f.value.split_once(':')
                    && !volume.is_empty()
                    && volume.chars().all(|c| c.is_ascii_digit())
                {
                    let mut v = f.clone();
                    v.name = "volume";
                    strip_end(&mut v, f.value.len() - volume.len());
                    strip_start(f, volume.len() + 1);
                    extra.push(v);
                }
                // `44–68 (p. 50)`, `44–68, at 51`: the range and the pinpoint are two.
                let split = [" (", ", at ", " ["]
                    .iter()
                    .find_map(|sep| f.value.find(sep).map(|k| (k, sep.len())));
                if let Some((k, len)) = split {
                    let mut inner = f.clone();
                    strip_end(f, f.value.len() - k);
                    strip_start(&mut inner, k + len);
                    strip_label(&mut inner, PAGE_LABELS);
                    extra.push(inner);
                }
            }
            "container_title" => {
                strip_label(f, &["in:", "in"]);
                // `In` alone connects a chapter to its book: it names nothing.
                if f.value.eq_ignore_ascii_case("in") {
                    f.value.clear();
                }
                // `(…, 2004), Kindle`: the medium the author read, not a container.
                if MEDIA.iter().any(|m| f.value.eq_ignore_ascii_case(m)) {
                    f.name = "medium";
                }
            }
            "author" | "editor" | "translator" => {
                strip_label(f, &["in"]);
                strip_role_before(f);
                if let Some(role) = strip_role_after(f) {
                    f.name = role;
                }
            }
            "volume" => split_volume(f, &mut extra),
            "issue" => strip_label(f, ISSUE_LABELS),
            _ => {}
        }
    }
    fields.extend(extra);
    fields.retain(|f| !f.value.is_empty());
}

/// Words before a pinpoint that only say a page follows.
const PAGE_LABELS: &[&str] = &["pp.", "p.", "at", "pages", "page", "s."];

/// Words before an issue number.
const ISSUE_LABELS: &[&str] = &["nos.", "no.", "no", "issue", "nr.", "heft", "n°"];

/// A role label before a name (`ed. Donna C. Arthur`, `trans. by`, `edited by`, `trans. and
/// ed.`, `comp. and ed.`).
static ROLE_BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)^(?:(?:eds?|trans|tr|comp|hrsg)\.?|edited|translated|compiled)(?:,?\s+(?:and|&)\s+(?:(?:eds?|trans|comp)\.?|edited|translated))?(?:\s+by)?(?:\s|$)|^by\s",
    )
    .expect("a valid pattern")
});

/// A role label after a name, as the value ends once its closing punctuation is trimmed
/// (`Donna C. Arthur, ed`, `Lynn Staley (ed`, `Peter Matheson, ed. and trans`).
static ROLE_AFTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?:,\s*|\s*\(\s*)(?P<role>eds?|editors?|trans|tr|translator|comp|compiler|hrsg)\.?(?:\s+(?:and|&)\s+(?:eds?|trans|comp)\.?)?$",
    )
    .expect("a valid pattern")
});

/// Drop `k` bytes from the start of a field's value, then the punctuation left at its edge.
fn strip_start(f: &mut Field, k: usize) {
    let rest = &f.value[k..];
    let value = trim_value(rest);
    let at = k + rest.find(value).unwrap_or(0);
    f.span.start += at;
    f.span.end = f.span.start + value.len();
    f.value = value.to_string();
}

/// Drop `k` bytes from the end of a field's value, then the punctuation left at its edge.
fn strip_end(f: &mut Field, k: usize) {
    let keep = &f.value[..f.value.len() - k];
    let value = trim_value(keep);
    let at = keep.find(value).unwrap_or(0);
    f.span.start += at;
    f.span.end = f.span.start + value.len();
    f.value = value.to_string();
}

/// Drop a leading label word (case-blind, whole words only).
fn strip_label(f: &mut Field, labels: &[&str]) {
    let lower = f.value.to_lowercase();
    for label in labels {
        if let Some(rest) = lower.strip_prefix(label)
            && lower.len() == f.value.len()
            && (label.ends_with('.') || rest.starts_with(|c: char| !c.is_alphanumeric()))
        {
            strip_start(f, label.len());
            return;
        }
    }
}

/// Drop a role label before a name.
fn strip_role_before(f: &mut Field) {
    if let Some(m) = ROLE_BEFORE.find(&f.value) {
        strip_start(f, m.end());
    }
}

/// Drop a role label after a name; the role it gives (the first one named).
fn strip_role_after(f: &mut Field) -> Option<&'static str> {
    let caps = ROLE_AFTER.captures(&f.value)?;
    let whole = caps.get(0)?;
    if whole.start() == 0 {
        return None;
    }
    let role = caps.name("role")?.as_str().to_lowercase();
    let role = if role.starts_with("tr") {
        "translator"
    } else {
        "editor"
    };
    strip_end(f, f.value.len() - whole.start());
    Some(role)
}

/// `vol. 13` -> `13`; `33.2`, `13(2)`, `2, no. 2` -> volume and issue.
fn split_volume(f: &mut Field, extra: &mut Vec<Field>) {
    strip_label(f, &["vols.", "vol.", "vol", "volume", "bd."]);
    let v = f.value.as_str();
    let cut = if let Some(at) = v.to_lowercase().find("no.") {
        Some((at, at + 3))
    } else if let Some((a, b)) = v.split_once('.') {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        (digits(a) && digits(b)).then_some((a.len(), a.len() + 1))
    } else if let Some(open) = v.find('(') {
        let inner = v[open + 1..].trim_end_matches(')');
        (open > 0 && !inner.is_empty() && inner.len() <= 4).then_some((open, open + 1))
    } else {
        None
    };
    let Some((end, start)) = cut.filter(|(end, _)| *end > 0 || v.starts_with("no.")) else {
        return;
    };
    let mut issue = f.clone();
    issue.name = "issue";
    strip_start(&mut issue, start);
    if !issue.value.is_empty() {
        extra.push(issue);
    }
    strip_end(f, v.len() - end);
}

/// Read the fields with a fixed grammar, and drop what the tagger put over them.
fn extract_patterns(text: &str, span: Range<usize>, fields: &mut Vec<Field>) {
    let body = &text[span.clone()];
    let mut found: Vec<Field> = Vec::new();
    // What each pattern matched as a whole (keyword included: `ISBN 978…`, `doi:10.…`,
    // `accessed 12 March 2019`): the tagger's fields inside it give way.
    let mut covers: Vec<Range<usize>> = Vec::new();
    // Cheap tests first: most citations have none of these, and scanning every word start
    // with a parser is what costs.
    let lower = body.to_ascii_lowercase();
    let may_access = ["accessed", "consulted", "viewed"]
        .iter()
        .any(|w| lower.contains(w));
    let may_doi = body.contains("10.");
    let may_isbn = lower.contains("isbn");
    let may_archival = [
        "f.", "op.", "d.", "CIA-RDP", "RG ", "FO ", "CAB ", "PREM ", "WO ", "Box ", "MS ",
    ]
    .iter()
    .any(|w| body.contains(w));
    if let Some((at, matched, date)) = may_access.then(|| find_pattern(body, accessed)).flatten() {
        covers.push(span.start + at..span.start + at + matched.len());
        let date = date.trim().trim_end_matches(',');
        let date_at = span.start + at + body[at..].find(date).unwrap_or(0);
        found.push(Field {
            name: "accessed",
            value: date.to_string(),
            span: local(date_at..date_at + date.len()),
        });
    }
    for link in crate::text::urls::find_links(body, &[]) {
        found.push(Field {
            name: "url",
            value: link.joined.clone(),
            span: local(span.start + link.span.start..span.start + link.span.end),
        });
    }
    if let Some((at, matched, value)) = may_doi.then(|| find_pattern(body, doi)).flatten() {
        covers.push(span.start + at..span.start + at + matched.len());
        let value = value.trim_end_matches(|c: char| c.is_ascii_punctuation());
        let value_at = span.start + at + matched.find(value).unwrap_or(0);
        found.push(Field {
            name: "doi",
            value: value.to_string(),
            span: local(value_at..value_at + value.len()),
        });
    }
    if let Some((at, matched, value)) = may_isbn.then(|| find_pattern(body, isbn)).flatten() {
        covers.push(span.start + at..span.start + at + matched.len());
        let value_at = span.start + at + matched.find(value).unwrap_or(0);
        found.push(Field {
            name: "isbn",
            value: value.to_string(),
            span: local(value_at..value_at + value.len()),
        });
    }
    // Archival identifiers and repositories are the tagger's first; the patterns find the
    // ones it missed (an identifier where it labelled none there, a repository where it
    // labelled none at all, named by a phrase only beside an identifier: `Library` or
    // `Archives` in a title names no repository).
    let grammar = may_archival
        .then(|| find_pattern(body, archival_identifier))
        .flatten()
        .map(|(at, matched, _)| (at, matched))
        .or_else(|| IDENTIFIER.find(body).map(|m| (m.start(), m.as_str())));
    if let Some((at, matched)) = grammar {
        let value = matched.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != ')');
        let range = span.start + at..span.start + at + value.len();
        if pattern_wins(text, &range, fields) {
            found.push(Field {
                name: "identifier",
                value: value.to_string(),
                span: local(range),
            });
        }
    }
    let identified = fields.iter().chain(&found).any(|f| f.name == "identifier");
    if !fields.iter().any(|f| f.name == "archive")
        && let Some((at, name)) = archive_name(body, identified)
    {
        found.push(Field {
            name: "archive",
            value: name.to_string(),
            span: local(span.start + at..span.start + at + name.len()),
        });
    }
    // URLs, DOIs and ISBNs have a grammar: the tagger's guesses at them give way to it.
    fields.retain(|f| !matches!(f.name, "url" | "doi" | "isbn"));
    if found.is_empty() {
        return;
    }
    // A tagged field wholly inside a pattern's span (or a `note` touching one) gives way.
    covers.extend(found.iter().map(|p| p.span.range()));
    fields.retain(|f| {
        !covers
            .iter()
            .any(|c| f.span.start >= c.start && f.span.end <= c.end)
            && !found.iter().any(|p| {
                let inside = f.span.start >= p.span.start && f.span.end <= p.span.end;
                let overlaps = f.span.start < p.span.end && p.span.start < f.span.end;
                inside || (overlaps && matches!(f.name, "note" | "url" | "doi" | "isbn"))
            })
    });
    // `accessed` takes its date from the tagger's `date` when the tagger took it.
    fields.extend(found);
    fields.sort_by_key(|f| f.span.start);
}

/// Whether an identifier read by the grammar at `range` replaces the tagger's identifiers over
/// it: it does when they lie inside it (`s. 332` of `MSS. Brit. Emp. s. 332`) or only add a
/// repository's acronym before it (`RGASPI, f. 558, …`), and those give way; an identifier
/// the tagger read wider keeps its reading.
fn pattern_wins(text: &str, range: &Range<usize>, fields: &mut Vec<Field>) -> bool {
    let over =
        |f: &Field| f.name == "identifier" && f.span.start < range.end && range.start < f.span.end;
    let gives_way = |f: &Field| {
        let inside = f.span.start >= range.start && f.span.end <= range.end;
        let acronym = f.span.start < range.start
            && text[f.span.start..range.start]
                .trim_end_matches([',', ' '])
                .chars()
                .all(|c| c.is_ascii_uppercase());
        inside || acronym
    };
    if !fields.iter().filter(|f| over(f)).all(gives_way) {
        return false;
    }
    fields.retain(|f| !over(f));
    true
}

/// Identifiers with a shape of their own: a museum's or library's shelf mark (`I.A.37`,
/// `MSS. Brit. Emp. s. 332`, `MS. Eng. c. 2345`) and a neutral citation (`[2011] EWHC 1913
/// (QB)`, `[2019] UKSC 41`).
static IDENTIFIER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:[A-Z]{1,4}\.){2,}\d+\b|\bMSS?\.?(?: [A-Z][a-z]+\.)+ [a-z]\. ?\d+\b|\[\d{4}\] (?:UKSC|UKHL|UKPC|UKUT|UKFTT|EWCA (?:Civ|Crim)|EWHC|EWCOP|EWFC|CSIH|CSOH|IESC|IECA|IEHC|HCA|NZSC|SCC|SGCA)(?: [A-Z][A-Za-z]*)? \d+(?: \([A-Za-z ]+\))?",
    )
    .expect("a valid pattern")
});

/// Repositories named in archival citations: by acronym (`RGASPI`, `TNA`), or, beside an
/// archival identifier, by a phrase (`National Archives`, `Presidential Library`).
fn archive_name(body: &str, identified: bool) -> Option<(usize, &str)> {
    const ACRONYMS: &[&str] = &[
        "RGASPI", "AVPRF", "APRF", "GARF", "RGANI", "TsAMO", "NARA", "TNA", "PRO", "FRUS",
    ];
    for acronym in ACRONYMS.iter().filter(|a| body.contains(**a)) {
        if let Some((at, _, _)) = find_pattern(body, |i| {
            tag::<_, _, nom::error::Error<&str>>(*acronym).parse(i)
        }) {
            let after = body[at + acronym.len()..].chars().next();
            if after.is_none_or(|c| !c.is_alphanumeric()) {
                return Some((at, &body[at..at + acronym.len()]));
            }
        }
    }
    if let Some(found) = repository_segment(body) {
        return Some(found);
    }
    const PHRASES: &[&str] = &[
        "National Archives",
        "Digital Archive",
        "Reading Room",
        "Presidential Library",
        "Archives",
        "Archive",
        "Papers",
        "Library",
    ];
    for phrase in PHRASES.iter().filter(|_| identified) {
        if let Some(pos) = body.find(phrase) {
            // The repository's name: the capitalised words before the phrase, to a comma.
            let start = body[..pos].rfind([',', '(', ';']).map_or(0, |k| k + 1);
            let name = body[start..pos + phrase.len()].trim();
            let at = start + body[start..].find(name).unwrap_or(0);
            return Some((at, name));
        }
    }
    None
}

/// A repository named in a part of its own between top-level commas, after the date or box
/// number of an archival note (`…, 18 March 1938, exp. 4, Archivo General de la Nación, Mexico
/// City`, `Bundesarchiv`, `Archives nationales`, `Harry S. Truman Library`): capitalised, with
/// no digit, colon, bracket or quote, and a word for an archive or library in some language.
/// A title (`The Library of Babel`) comes before the date and is left alone.
fn repository_segment(body: &str) -> Option<(usize, &str)> {
    let mut depth = 0i32;
    let mut quoted = false;
    let mut from = 0;
    let mut numbered = false;
    let mut bounds = Vec::new();
    for (i, c) in body.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '“' | '‘' => quoted = true,
            '”' | '’' if quoted => quoted = false,
            ',' if depth == 0 && !quoted => {
                bounds.push(from..i);
                from = i + 1;
            }
            _ => {}
        }
    }
    bounds.push(from..body.len());
    for part in bounds {
        let segment = body[part.clone()].trim().trim_end_matches('.');
        if numbered && is_repository(segment) {
            let at = part.start + body[part].find(segment).unwrap_or(0);
            return Some((at, segment));
        }
        numbered |= segment.contains(|c: char| c.is_ascii_digit());
    }
    None
}

/// Words naming a repository.
const REPOSITORY_WORDS: &[&str] = &[
    "archives",
    "archive",
    "archivo",
    "archivio",
    "arquivo",
    "archief",
    "library",
    "libraries",
    "bibliothèque",
    "biblioteca",
    "bibliothek",
];

/// How many words a repository's name has at most.
const MAX_REPOSITORY_WORDS: usize = 8;

/// Whether a part of a citation between commas reads as a repository's name.
fn is_repository(segment: &str) -> bool {
    let words: Vec<&str> = segment.split_whitespace().collect();
    let plain = !segment
        .contains(|c: char| c.is_ascii_digit() || matches!(c, ':' | '(' | '[' | '“' | '‘' | '"'));
    plain
        && !words.is_empty()
        && words.len() <= MAX_REPOSITORY_WORDS
        && segment.starts_with(|c: char| c.is_uppercase())
        && words.iter().any(|w| {
            let w = w.to_lowercase();
            w.starts_with(|c: char| c.is_alphabetic())
                && (REPOSITORY_WORDS.contains(&w.as_str()) || w.ends_with("archiv"))
        })
}

/// What a citation cites, from its fields and words.
fn classify(text: &str, span: Range<usize>, fields: &[Field]) -> Kind {
    let body = &text[span.clone()];
    let has = |n: &str| fields.iter().any(|f| f.name == n);
    let value = |n: &str| {
        fields
            .iter()
            .find(|f| f.name == n)
            .map(|f| f.value.as_str())
    };
    let lower = body.to_lowercase();
    let imprint = has("publisher") || has("place");
    let short = !has("date") && !imprint && !has("container_title");
    if lower.contains("op. cit") || lower.contains("op cit") {
        return Kind::ShortForm;
    }
    if let Some(kind) = legal::kind(body, value("title"), imprint) {
        return kind;
    }
    let genre = value("genre").unwrap_or_default().to_lowercase();
    if genre.contains("interview") || lower.starts_with("interview with") {
        // `Hamer, interview by McMillen`: a later note's short form of an interview.
        let described = |f: &Field| matches!(f.name, "author" | "genre" | "interviewer");
        if !has("date") && fields.iter().all(described) {
            return Kind::ShortForm;
        }
        return Kind::Interview;
    }
    if has("identifier") || (has("archive") && !has("publisher") && !has("container_title")) {
        return Kind::Archival;
    }
    if lower.contains("diss.") || lower.contains("dissertation") || lower.contains("thesis") {
        return Kind::Thesis;
    }
    if lower.contains("interview") || lower.contains("personal communication") {
        return Kind::Interview;
    }
    if lower.contains("working paper") || lower.contains("discussion paper") {
        return Kind::Report;
    }
    let few_commas = body.split(',').count() <= SHORT_FORM_COMMAS;
    if short && !has("url") && few_commas && (has("title") || !has("volume")) {
        // `Gaddis, Strategies, 24.`, `Strategies, 24.`, and `Said, p. 100.` with no title.
        let named = has("title") && (has("author") || has("pages"));
        if named || (has("author") && has("pages")) {
            return Kind::ShortForm;
        }
    }
    if has("url") && !has("volume") && !imprint {
        let container = value("container_title").unwrap_or_default().to_lowercase();
        let paper = NEWSPAPER_WORDS.iter().any(|w| container.contains(w));
        return if paper {
            Kind::Newspaper
        } else {
            Kind::WebPage
        };
    }
    if let Some(container) = fields.iter().find(|f| f.name == "container_title") {
        if after_in(&text[span.start..container.span.start]) {
            return Kind::Chapter;
        }
        if has("volume") || has("issue") {
            return Kind::Article;
        }
        // A container beside an imprint, with no `in`, is a book's series.
        if imprint {
            return Kind::Book;
        }
        return Kind::Newspaper;
    }
    let title = value("title").unwrap_or_default().to_lowercase();
    if title.contains("report") || genre.contains("report") || lower.contains("un doc") {
        return Kind::Report;
    }
    if imprint || (has("title") && has("date")) {
        return Kind::Book;
    }
    if has("url") {
        return Kind::WebPage;
    }
    Kind::Unknown
}

/// A short form has few parts: `Acheson, Present at the Creation, 365.` has three.
const SHORT_FORM_COMMAS: usize = 4;

/// Words that name a newspaper rather than a website.
const NEWSPAPER_WORDS: &[&str] = &[
    "times",
    "post",
    "guardian",
    "herald",
    "tribune",
    "gazette",
    "news",
    "telegraph",
    "journal",
    "zeitung",
    "monde",
    "figaro",
    "observer",
    "independent",
    "chronicle",
    "globe",
];

#[cfg(test)]
mod tests;

/// Split an author field into names: at `;`, ` and `, ` & `, and between `Surname, I.` pairs.
pub fn split_names(value: &str) -> Vec<String> {
    let mut names = Vec::new();
    let normalised = value
        .replace(" & ", ";")
        .replace(" and ", ";")
        .replace(", et al", "")
        .replace(" et al", "");
    for part in normalised.split(';') {
        let pieces: Vec<&str> = part
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let is_given = |p: &str| {
            p.split_whitespace().all(|w| {
                let core = w.trim_end_matches('.');
                core.chars().count() <= 2 && core.chars().next().is_some_and(char::is_uppercase)
            })
        };
        let mut k = 0;
        while k < pieces.len() {
            if k + 1 < pieces.len() && is_given(pieces[k + 1]) && !is_given(pieces[k]) {
                names.push(format!("{}, {}", pieces[k], pieces[k + 1]));
                k += 2;
            } else if pieces.len() == 2
                && k == 0
                && !pieces[1].contains(' ')
                && !is_given(pieces[0])
            {
                // `Hearn, Lafcadio`: surname, given name.
                names.push(format!("{}, {}", pieces[0], pieces[1]));
                k += 2;
            } else {
                names.push(pieces[k].to_string());
                k += 1;
            }
        }
    }
    names.retain(|n| !trim_value(n).is_empty());
    names
        .into_iter()
        .map(|n| n.trim_end_matches(['.', ',']).trim().to_string())
        .collect()
}

/// Fields that hold several names.
const NAME_FIELDS: &[&str] = &["author", "editor", "translator"];

/// A citation as JSON: `{"input", "kind", "commentary", "fields": {...}, "missing": [...]}`;
/// `author`, `editor` and `translator` are lists of names, the other fields strings.
pub fn to_json(c: &Citation, input: &str, style: &style::Style) -> serde_json::Value {
    let mut fields = serde_json::Map::new();
    for f in &c.fields {
        if NAME_FIELDS.contains(&f.name) {
            let list = fields
                .entry(f.name)
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(items) = list {
                items.extend(
                    split_names(&f.value)
                        .into_iter()
                        .map(serde_json::Value::String),
                );
            }
        } else if !fields.contains_key(f.name) {
            fields.insert(
                f.name.to_string(),
                serde_json::Value::String(f.value.clone()),
            );
        }
    }
    serde_json::json!({
        "input": input,
        "kind": c.kind.as_str(),
        "commentary": c.commentary,
        "fields": fields,
        "missing": missing(c, style),
    })
}

/// A note's citations as JSON, each as [`to_json`] gives it.
pub fn note_json(citations: &[Citation], style: &style::Style) -> Vec<serde_json::Value> {
    citations
        .iter()
        .map(|c| to_json(c, &c.text, style))
        .collect()
}

/// The fields `style` wants in a first full note of this kind that the citation lacks.
pub fn missing(c: &Citation, style: &style::Style) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = style
        .required(c.kind)
        .iter()
        .copied()
        .filter(|f| !c.has(f))
        .collect();
    // A code cited by title and section (`42 U.S.C. § 2000e`) is named by the code.
    if c.kind == Kind::Legislation && c.has("container_title") {
        out.retain(|f| *f != "title");
    }
    if matches!(c.kind, Kind::Book | Kind::Chapter)
        && !c.has("place")
        && style.wants_place(year_of(c))
    {
        out.push("place");
    }
    if c.has("url") && !c.has("accessed") {
        let needs = match style.access_date {
            style::AccessDate::Always => true,
            style::AccessDate::WhenUndated => !c.has("date"),
        };
        if needs && !out.contains(&"accessed") {
            out.push("accessed");
        }
    }
    out
}

pub use crate::text::dates::{four_digit_years, parse_date};

/// The publication year, if the date has one.
pub fn year_of(c: &Citation) -> Option<u32> {
    let date = c.get("date")?;
    four_digit_years(&date.value).next()
}
