//! Helpers the provenance rules share: what a run asks the registries about (each distinct
//! DOI, ISBN and work once), how a citation is compared with a registry's record (titles
//! normalised and compared by edit distance, family names in either order, years with a
//! tolerance), and which archived copy a dead link's citation gets.
//!
//! Kinds the registries do not cover (archival documents, interviews, manuscripts, personal
//! communications, web pages, newspapers, reports, theses) are never searched for, so never
//! reported as missing.

use std::collections::HashMap;

use super::Context;
use super::citations::{doi_valid, isbn_valid};
use crate::model::provenance::{ArchivedCopy, Asks, Record, WorkQuery};
use crate::model::{Citation, Kind, Link, LinkReport, Manuscript, Outcome};

/// How closely a citation must agree with a registry's record. Defaults documented on each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matching {
    /// The least similarity (0 to 1, one minus the edit distance over the longer length, on
    /// normalised titles) at which two titles are the same title: 0.8.
    pub title_ratio: f64,
    /// Years further apart than this disagree (online-first and print years often differ by
    /// one): 1.
    pub year_tolerance: u32,
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            title_ratio: 0.8,
            year_tolerance: 1,
        }
    }
}

/// A DOI as the registries key it: no resolver prefix, lowercase; `None` when malformed.
pub fn doi_key(value: &str) -> Option<String> {
    let v = value.trim();
    let lower = v.to_lowercase();
    let bare = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p))
    .unwrap_or(&lower)
    .trim()
    .to_string();
    doi_valid(&bare).then_some(bare)
}

/// The DOI a link leads to through a DOI resolver.
pub fn doi_of_link(link: &Link) -> Option<String> {
    let url = link.parsed.as_ref().ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    if !matches!(host.as_str(), "doi.org" | "dx.doi.org" | "www.doi.org") {
        return None;
    }
    let path = url.path().trim_start_matches('/');
    let decoded = percent_decode(path);
    doi_key(&decoded)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An ISBN's digits (and a final `X`), when its checksum is valid.
pub fn isbn_key(value: &str) -> Option<String> {
    let digits: String = value
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    isbn_valid(&digits).then_some(digits)
}

/// The family name of a citation's first author (`Dean Acheson`, `Acheson, Dean`).
pub fn first_family(citation: &Citation) -> Option<String> {
    let author = citation.values("author").into_iter().next()?;
    let family = match author.split_once(',') {
        Some((family, _)) => family.trim(),
        None => author.split_whitespace().last()?,
    };
    Some(family.to_string()).filter(|f| !f.is_empty())
}

/// The search that stands for a citation without a DOI or an ISBN: Crossref for articles and
/// chapters, Open Library for books; `None` for every other kind, and without a title.
pub fn work_query(citation: &Citation) -> Option<WorkQuery> {
    let service = match citation.kind {
        Kind::Article | Kind::Chapter if !citation.has("doi") => "crossref",
        Kind::Book if !citation.has("isbn") && !citation.has("doi") => "openlibrary",
        _ => return None,
    };
    let title = citation.get("title")?.value.trim().to_string();
    (!title.is_empty()).then(|| WorkQuery {
        service: service.to_string(),
        title,
        author: first_family(citation),
    })
}

/// Everything a run's manuscripts ask about: each distinct DOI, ISBN and work once, and the
/// dead links.
pub fn asks<'a>(
    manuscripts: impl IntoIterator<Item = &'a Manuscript>,
    links: Option<&HashMap<String, LinkReport>>,
) -> Asks {
    let mut asks = Asks::default();
    for m in manuscripts {
        for c in m.notes.iter().flat_map(|n| &n.citations) {
            asks.dois
                .extend(c.get("doi").and_then(|f| doi_key(&f.value)));
            asks.isbns
                .extend(c.get("isbn").and_then(|f| isbn_key(&f.value)));
            asks.works.extend(work_query(c));
        }
        for link in &m.links {
            asks.dois.extend(doi_of_link(link));
            let report = link
                .checkable_url()
                .and_then(|u| links.and_then(|l| l.get(&u)));
            if let Some(r) = report
                && matches!(
                    r.outcome,
                    Outcome::Dead { .. } | Outcome::Unreachable { .. }
                )
            {
                asks.dead.insert(r.url.clone());
            }
        }
    }
    asks
}

/// Lowercase letters and digits, Latin diacritics folded, everything else one space.
pub fn normalise(text: &str) -> String {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold(c: char) -> char {
    const FROM: &str = "àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőřśšşťùúûüūůűųýÿžźż";
    const TO: &str = "aaaaaaaaaccdeeeeeeeeiiiiiilnnnooooooooorsssstuuuuuuuuyyzzz";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|k| TO.chars().nth(k))
        .unwrap_or(c)
}

/// One minus the edit distance over the longer length, on characters.
pub fn ratio(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    1.0 - row[b.len()] as f64 / longest as f64
}

/// How alike a cited title is to a record's: the best of the whole titles and the titles
/// without their subtitles (a citation may leave the subtitle out).
pub fn title_similarity(cited: &str, record: &str) -> f64 {
    let main = |t: &str| normalise(t.split([':', '.', '?', '!']).next().unwrap_or(t));
    let (c, r) = (normalise(cited), normalise(record));
    ratio(&c, &r)
        .max(ratio(&c, &main(record)))
        .max(ratio(&main(cited), &main(record)))
}

/// Does the cited author name contain the record's family name (either order, any case)?
pub fn family_matches(cited_author: &str, family: &str) -> bool {
    let cited = normalise(cited_author);
    let words: Vec<&str> = cited.split(' ').collect();
    let family = normalise(family);
    !family.is_empty() && family.split(' ').all(|w| words.contains(&w))
}

/// Does `record` describe the work `citation` cites?
pub fn describes(record: &Record, citation: &Citation, m: &Matching) -> bool {
    let title_ok = match (citation.get("title"), &record.title) {
        (Some(t), Some(r)) => title_similarity(&t.value, r) >= m.title_ratio,
        _ => false,
    };
    let author_ok = match (citation.values("author").first(), &record.family) {
        (Some(a), Some(f)) => family_matches(a, f),
        _ => true,
    };
    title_ok && author_ok
}

/// The access date of the citation a link stands in, when it has one.
fn access_date(cx: &Context<'_>, link: &Link) -> Option<(u32, u32, u32)> {
    let inside = |c: &&Citation| {
        c.span.file == link.span.file
            && c.span.start <= link.span.start
            && link.span.start < c.span.end
    };
    let note = cx.manuscript.notes.iter().find(|n| {
        n.text_span.file == link.span.file
            && n.text_span.start <= link.span.start
            && link.span.start < n.text_span.end
    })?;
    let citation = note.citations.iter().find(inside);
    let accessed = citation
        .and_then(|c| c.get("accessed"))
        .or_else(|| note.citations.iter().find_map(|c| c.get("accessed")))?;
    crate::text::dates::parse_date(&accessed.value)
}

/// The archived copy a dead link's citation gets: the latest capture at or before its access
/// date, else the earliest after; with no access date, the latest.
pub fn archived_copy(cx: &Context<'_>, link: &Link, report: &LinkReport) -> Option<ArchivedCopy> {
    let captures = cx.provenance?.archives.get(&report.url)?;
    captures.pick(access_date(cx, link))
}

/// A dead link's finding with its archived copy, when the archive has one: the copy in `help:`
/// and in the JSON report's `archive`.
pub fn with_archive(
    d: crate::model::Diagnostic,
    cx: &Context<'_>,
    link: &Link,
    report: &LinkReport,
) -> crate::model::Diagnostic {
    let asked = cx.provenance.and_then(|p| p.archives.get(&report.url));
    match archived_copy(cx, link, report) {
        Some(copy) => d.help(archive_help(&copy)).archive(copy),
        None if asked.is_some() => d.help(
            "the Wayback Machine has no capture of this page: cite where it moved, or another copy",
        ),
        None => d,
    }
}

/// `help:` for a dead link with an archived copy.
pub fn archive_help(copy: &ArchivedCopy) -> String {
    let date = crate::model::provenance::capture_date(&copy.timestamp)
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        .unwrap_or_else(|| copy.timestamp.clone());
    let when = if copy.distance_days.is_none() {
        "the latest "
    } else {
        "the "
    };
    let distance = match copy.distance_days {
        None => String::new(),
        Some(0) => ", taken on your access date".to_string(),
        Some(d) if d < 0 => format!(", {} before your access date", days(-d)),
        Some(d) => format!(", {} after your access date (none is older)", days(d)),
    };
    format!(
        "cite {when}archived copy from {date}{distance}: {}",
        copy.url
    )
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_compare_loosely() {
        assert!(
            title_similarity(
                "The Origins of the Korean War",
                "The origins of the Korean war: Liberation and the emergence of separate regimes"
            ) > 0.95
        );
        assert!(
            title_similarity(
                "How the Mind Hurts and Heals the Body",
                "Deep learning for protein folding"
            ) < 0.5
        );
    }

    #[test]
    fn families_in_either_order() {
        assert!(family_matches("Acheson, Dean", "Acheson"));
        assert!(family_matches("Gabriel Garcia Marquez", "García Márquez"));
        assert!(!family_matches("Dean Acheson", "Kennan"));
    }

    #[test]
    fn dois_lose_their_resolver() {
        assert_eq!(
            doi_key("https://doi.org/10.1037/0003-066X.59.1.29").as_deref(),
            Some("10.1037/0003-066x.59.1.29")
        );
        assert_eq!(doi_key("10.12/x"), None);
        assert_eq!(
            isbn_key("978-0-691-09383-3").as_deref(),
            Some("9780691093833")
        );
        assert_eq!(isbn_key("978-0-691-09383-2"), None);
    }
}
