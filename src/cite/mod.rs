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
//! ISBNs, and archival identifiers (`f. 558, op. 11, d. 334`, `CIA-RDP…`, `RG 59`, `FO 371/…`).
//! Last, the citation is classified (book, chapter, article, newspaper, archival document,
//! report, web page, interview, thesis) from the fields it has.
//!
//! Nothing here knows about note styles: what a style requires is in [`style`].

pub mod style;
pub mod tagger;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while1},
    character::complete::{char, digit1, multispace0, space0, space1},
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

/// Parse the citations of every note of a manuscript, with spans in the note's file. Notes are
/// independent: a long manuscript's are parsed on every core.
pub fn annotate(manuscript: &mut Manuscript) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = manuscript.notes.len().div_ceil(threads).max(64);
    std::thread::scope(|scope| {
        for notes in manuscript.notes.chunks_mut(chunk) {
            scope.spawn(move || notes.iter_mut().for_each(annotate_note));
        }
    });
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
    split_citations(text)
        .into_iter()
        .filter_map(|span| parse_citation(text, span))
        .collect()
}

pub fn parse_note_with(model: &tagger::Model, text: &str) -> Vec<Citation> {
    split_citations(text)
        .into_iter()
        .filter_map(|span| parse_citation_with(model, text, span))
        .collect()
}

/// Parse one reference (a line of `citelint cite`'s input).
pub fn parse_reference(text: &str) -> Option<Citation> {
    parse_citation(text, 0..text.len())
}

/// The spans of `text` between top-level `;` (outside brackets and quotes).
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
            ';' if depth == 0 && !quoted => {
                spans.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    spans.push(start..text.len());
    spans
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
            recognize((tag_no_case("see also"), opt(char(',')))),
            recognize((tag_no_case("see, e.g."), opt(char(',')))),
            recognize((tag_no_case("see generally"), opt(char(',')))),
            tag_no_case("see"),
            recognize((tag_no_case("cf."), opt(char(',')))),
            tag_no_case("cf"),
            tag_no_case("compare"),
            recognize((tag_no_case("quoted in"), opt(char(',')))),
            recognize((tag_no_case("cited in"), opt(char(',')))),
            recognize((tag_no_case("as cited in"), opt(char(',')))),
            recognize((tag_no_case("on this, see"), opt(char(',')))),
            recognize((tag_no_case("e.g."), opt(char(',')))),
        )),
        space1,
    ))
    .parse(input)
}

/// A pinpoint: `p.363`, `pp. 12-15`, `at 45`, `fol. 3r`, `para. 22`, or a bare `365`.
fn pinpoint(input: &str) -> IResult<&str, &str> {
    let number = |i| {
        recognize((
            digit1,
            opt(alt((char('r'), char('v')))),
            opt((
                alt((tag("-"), tag("–"), tag("—"))),
                digit1,
                opt(alt((char('r'), char('v')))),
            )),
        ))
        .parse(i)
    };
    let prefix = alt((
        tag_no_case("pp."),
        tag_no_case("p."),
        tag_no_case("at"),
        tag_no_case("fols."),
        tag_no_case("fol."),
        tag_no_case("ff."),
        tag_no_case("para."),
        tag_no_case("paras."),
        tag_no_case("s."),
    ));
    alt((preceded((prefix, space0), number), number)).parse(input)
}

/// `Ibid.`, `Ibid., 45.`, `Id. at 45`, `ibid p. 3`.
fn ibid(input: &str) -> IResult<&str, Option<&str>> {
    let (rest, _) = (
        alt((
            tag_no_case("ibid"),
            tag_no_case("ibidem"),
            tag_no_case("id"),
        )),
        opt(char('.')),
    )
        .parse(input)?;
    let (rest, page) = opt(preceded((opt(char(',')), space0), pinpoint)).parse(rest)?;
    let (rest, _) = (multispace0, take_while_punct).parse(rest)?;
    if !rest.trim().is_empty() {
        return Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Eof,
        )));
    }
    Ok((rest, page))
}

fn take_while_punct(input: &str) -> IResult<&str, &str> {
    nom::bytes::complete::take_while(|c: char| c.is_ascii_punctuation()).parse(input)
}

/// OSCOLA `Acheson (n 2) 365` or `Acheson (n 2)`: the name, the note number, the pinpoint.
fn cross_reference(input: &str) -> IResult<&str, (&str, &str, Option<&str>)> {
    let (rest, name) = take_while1(|c: char| c != '(').parse(input)?;
    let (rest, (_, _, note, _)) = (char('('), tag("n "), digit1, char(')')).parse(rest)?;
    let (rest, page) = opt(preceded(space0, pinpoint)).parse(rest)?;
    Ok((rest, (name.trim(), note, page)))
}

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
    if let Ok((rest, words)) = commentary(&text[start..end]) {
        // `See` alone is commentary only when something follows it.
        if !rest.trim().is_empty() {
            commentary_text = Some(words.trim().trim_end_matches(',').to_string());
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
    if let Ok((_, page)) = ibid(body) {
        let mut fields = Vec::new();
        if let Some(p) = page {
            let at = start + body.find(p).unwrap_or(0);
            fields.push(field("pages", p, at, p.len()));
        }
        return Some(Citation {
            span: local(start..end),
            text: body.to_string(),
            commentary: commentary_text,
            kind: Kind::Ibid,
            fields,
        });
    }
    // OSCOLA cross-reference.
    if let Ok((_, (name, note, page))) = cross_reference(body) {
        let mut fields = vec![field("author", name, start, name.len())];
        let note_at = start + body.find("(n ").unwrap_or(0) + 3;
        fields.push(field("note", note, note_at, note.len()));
        if let Some(p) = page {
            let at = start + body.rfind(p).unwrap_or(0);
            fields.push(field("pages", p, at, p.len()));
        }
        return Some(Citation {
            span: local(start..end),
            text: body.to_string(),
            commentary: commentary_text,
            kind: Kind::CrossReference,
            fields,
        });
    }
    let mut fields = tagged_fields(model, text, start..end);
    extract_patterns(text, start..end, &mut fields);
    let kind = classify(body, &fields);
    Some(Citation {
        span: local(start..end),
        text: body.to_string(),
        commentary: commentary_text,
        kind,
        fields,
    })
}

/// The fields the tagger finds: runs of tokens with one label.
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
        let last = if !matches!(name, "url" | "doi") {
            unclosed_end(body, &tokens[i..=j]).map_or(j, |k| i + k - 1)
        } else {
            j
        };
        let (s, e) = (tokens[i].start, tokens[last].end);
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
    fields
}

/// A run of tokens that ends inside a bracket it opened (`Bioinformatics (2.`): the index of the
/// token that opens it, when it is not the first. A title does not end half-way through a
/// parenthesis: the bracket starts what follows it (an edition, a volume, a place).
fn unclosed_end(body: &str, tokens: &[tagger::Token]) -> Option<usize> {
    let mut depth = 0usize;
    let mut opened = None;
    for (k, t) in tokens.iter().enumerate() {
        for c in body[t.start..t.end].chars() {
            match c {
                '(' | '[' => {
                    if depth == 0 {
                        opened = Some(k);
                    }
                    depth += 1;
                }
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    opened.filter(|&k| depth > 0 && k > 0)
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

/// Values in their plain form: pages without `p.`, authors one per name, volume and issue apart.
fn normalise(fields: &mut Vec<Field>) {
    let mut extra = Vec::new();
    for f in fields.iter_mut() {
        match f.name {
            "pages" => {
                if let Some((skip, number)) = pages_number(&f.value) {
                    let number = number.to_string();
                    f.span.start += skip;
                    f.span.end = f.span.start + number.len();
                    f.value = number;
                }
            }
            "container_title" | "editor" => {
                for prefix in ["In: ", "In ", "in "] {
                    if let Some(rest) = f.value.strip_prefix(prefix) {
                        // `In “MRS Proceedings,”`: the quote goes with the `In`.
                        let value = trim_value(rest);
                        f.span.start += prefix.len() + rest.find(value).unwrap_or(0);
                        f.value = value.to_string();
                    }
                }
                // `In` alone connects a chapter to its book: it names nothing.
                if f.value.eq_ignore_ascii_case("in") {
                    f.value.clear();
                }
            }
            "volume" => {
                if let Some(at) = f.value.find("no.") {
                    let issue = trim_value(&f.value[at + 3..]).to_string();
                    let volume = trim_value(&f.value[..at]).to_string();
                    if !issue.is_empty() {
                        let issue_at =
                            f.span.start + f.value[at + 3..].find(&issue).map_or(0, |k| k + at + 3);
                        extra.push(Field {
                            name: "issue",
                            value: issue.clone(),
                            span: local(issue_at..issue_at + issue.len()),
                        });
                    }
                    f.value = volume
                        .trim_start_matches("vol")
                        .trim_start_matches('.')
                        .trim()
                        .to_string();
                }
            }
            _ => {}
        }
    }
    fields.extend(extra);
    fields.retain(|f| !f.value.is_empty());
}

/// `pp. 12-15` -> (offset of `12-15`, `12-15`).
fn pages_number(value: &str) -> Option<(usize, &str)> {
    let (_, number) = pinpoint(value).ok()?;
    Some((value.find(number)?, number))
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
    if let Some((at, matched, _)) = may_archival
        .then(|| find_pattern(body, archival_identifier))
        .flatten()
    {
        let value = matched.trim_end_matches(|c: char| c.is_ascii_punctuation());
        found.push(Field {
            name: "identifier",
            value: value.to_string(),
            span: local(span.start + at..span.start + at + value.len()),
        });
    }
    if let Some((at, name)) = archive_name(body) {
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

/// Repositories named in archival citations.
fn archive_name(body: &str) -> Option<(usize, &str)> {
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
    for phrase in PHRASES {
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

/// What a citation cites, from its fields and words.
fn classify(body: &str, fields: &[Field]) -> Kind {
    let has = |n: &str| fields.iter().any(|f| f.name == n);
    let lower = body.to_lowercase();
    let short = !has("date") && !has("publisher") && !has("place") && !has("container_title");
    if lower.contains("op. cit") || lower.contains("op cit") {
        return Kind::ShortForm;
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
    if short && has("author") && has("title") && !has("url") && body.split(',').count() <= 4 {
        return Kind::ShortForm;
    }
    if has("container_title") {
        let editor = has("editor") || lower.contains(" ed.") || lower.contains(" eds.");
        if editor || lower.contains(" in ") && !has("volume") {
            return Kind::Chapter;
        }
        if has("volume") || has("issue") {
            return Kind::Article;
        }
        return Kind::Newspaper;
    }
    if lower.contains("report") || lower.contains("working paper") || lower.contains("un doc") {
        return Kind::Report;
    }
    if has("url") && !has("publisher") && !has("place") {
        return Kind::WebPage;
    }
    if has("publisher") || has("place") || (has("title") && has("date")) {
        return Kind::Book;
    }
    if has("url") {
        return Kind::WebPage;
    }
    Kind::Unknown
}

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
