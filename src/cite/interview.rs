//! Interviews: an unpublished interview is cited by a description, not a title (`Interview
//! with Mary Smith by the author, 12 March 2010, Leeds, audio recording`; `Ella Baker,
//! interview by Sue Thrasher, April 19, 1977, …`). The tagger, which learned mostly from
//! published works, reads that description as a title and its date as pages; its grammar is
//! read here: the interviewee (`author`), the interviewer, the date, the place and the medium.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Field, Read, add_read, read_groups};

/// Read an interview's description at `span` of `text`, where the citation opens with one,
/// into `fields`: the fields the tagger labelled over the description give way, and in what
/// follows a date, a medium and a place (a short run of capitalised words next to the date or
/// the description) replace the tagger's labels where they differ. Other fields after the
/// description (an archive, a collection, a title of a published transcript) stay as tagged.
pub(super) fn read(text: &str, span: Range<usize>, fields: &mut Vec<Field>) {
    let body = &text[span.clone()];
    // Cheap test first: most citations are no interviews.
    if !body.contains("nterview") {
        return;
    }
    let Some(head) = HEAD_WITH
        .captures(body)
        .or_else(|| HEAD_NAME.captures(body))
    else {
        return;
    };
    let head_end = head.get(0).map_or(0, |m| m.end());
    let mut found: Read = Vec::new();
    let groups = [("genre", "genre"), ("who", "author"), ("by", "interviewer")];
    read_groups(&head, &groups, &mut found);
    // What follows, in parts between commas (a date's own comma kept inside it).
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut at = head_end;
    let tail = &body[head_end..];
    let date = DATE
        .find(tail)
        .map(|m| head_end + m.start()..head_end + m.end());
    for piece in tail.split(',') {
        let range = at..at + piece.len();
        at = range.end + 1;
        match (&date, parts.last_mut()) {
            // The rest of a date cut at its comma (`November 12, 1985`).
            (Some(d), Some(last)) if last.end > d.start && last.end < d.end => last.end = range.end,
            _ => parts.push(range),
        }
    }
    let mut place_open = true;
    for part in parts {
        let raw = &body[part.clone()];
        let words = raw.trim();
        let lead = part.start + (raw.len() - raw.trim_start().len());
        let word_range = lead..lead + words.len();
        if let Some(d) = date
            .as_ref()
            .filter(|d| d.start >= part.start && d.end <= part.end)
        {
            found.push(("date", d.clone()));
            place_open = true;
            continue;
        }
        if MEDIUM.is_match(words) {
            found.push(("medium", word_range));
            continue;
        }
        let tagged_apart = fields.iter().any(|f| {
            matches!(f.name, "archive" | "collection_title" | "identifier")
                && f.span.start < span.start + word_range.end
                && span.start + word_range.start < f.span.end
        });
        if place_open && !tagged_apart && PLACE.is_match(words) {
            found.push(("place", word_range));
        }
        place_open = false;
    }
    let covered: Vec<Range<usize>> = std::iter::once(0..head_end)
        .chain(found.iter().map(|(_, r)| r.clone()))
        .map(|r| span.start + r.start..span.start + r.end)
        .collect();
    fields.retain(|f| {
        !covered
            .iter()
            .any(|c| f.span.start < c.end && c.start < f.span.end)
    });
    add_read(fields, body, span.start, found, &[',', '.']);
}

/// `Interview with X`, `Oral history interview with X`, then `by Y` or `conducted by Y`.
static HEAD_WITH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<genre>(?:(?:[Oo]ral[- ]history|[Tt]elephone|[Pp]ersonal|[Rr]ecorded|[Vv]ideo) )?[Ii]nterview) with (?P<who>[^,]+?)(?:,? (?:conducted )?by (?P<by>[^,]+?(?:, (?:Inc|Ltd|LLC)\.?)?))?(?:,|\.?$)",
    )
    .expect("a valid pattern")
});

/// `X, interview by Y`, `X, oral history interview by Y`.
static HEAD_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<who>[^,“”()]+), (?P<genre>(?:(?:oral[- ]history|telephone|personal|recorded|video) )?interview) (?:conducted )?by (?P<by>[^,]+?)(?:,|\.?$)",
    )
    .expect("a valid pattern")
});

/// A date: ISO, numeric (`1/29/11`), `12 March 2010`, `March 12, 1985`, `March 1964`, a year.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2} [A-Z][a-z]+\.? \d{4}|[A-Z][a-z]+\.? \d{1,2}, \d{4}|[A-Z][a-z]+ \d{4}|1[89]\d\d|20\d\d)\b",
    )
    .expect("a valid pattern")
});

/// How an interview was kept or held.
static MEDIUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:digital |audio |video |tape )?recording|transcript|audio|video|telephone|e-?mail|zoom|skype)\b")
        .expect("a valid pattern")
});

/// A place: one to three capitalised words (`Leeds`, `Mexico City`, `Chapel Hill, NC` is cut
/// at its comma).
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][\p{L}’'.-]+(?: [A-Z][\p{L}’'.-]+){0,2}$").expect("a valid pattern")
});
