//! What the provenance checks found: DOIs asked at the handle API, the metadata their agency
//! holds, works searched for by title and author, ISBNs, archived copies of dead links, the
//! titles of live pages (the first bytes of each, for content drift and soft 404s). The
//! online checks (`online/provenance/`) fill it; the rules read it; the cache stores it.
//!
//! A lookup whose service failed is [`Lookup::Unverifiable`], never a verdict: no rule reports
//! a work as missing because a service was down.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What one lookup at a service concluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Lookup {
    /// The service knows it: its records (a search's candidates, best first; a DOI's record
    /// when its agency gave one).
    Found { records: Vec<Record> },
    /// The service answered that it does not know it.
    NotFound,
    /// The service could not be asked (down, refusing, malformed answer): nothing is concluded.
    Unverifiable { reason: String },
}

impl Lookup {
    pub fn record(&self) -> Option<&Record> {
        match self {
            Lookup::Found { records } => records.first(),
            _ => None,
        }
    }
}

/// A work as a registry describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// `crossref`, `datacite`, `openlibrary`.
    pub service: String,
    /// The title with its subtitle (`Title: Subtitle`).
    pub title: Option<String>,
    /// The first author's family name.
    pub family: Option<String>,
    pub year: Option<u32>,
    pub doi: Option<String>,
    pub isbn: Option<String>,
}

/// One capture of a URL in a web archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    /// `YYYYMMDDhhmmss`, as the CDX API writes it.
    pub timestamp: String,
    /// The URL as captured.
    pub original: String,
}

/// An archived copy chosen for a citation: the JSON report's `archive` of a dead link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedCopy {
    pub url: String,
    pub timestamp: String,
    /// Days from the date it was chosen against (the access date) to the capture: negative
    /// before it, positive after; `None` when there was no date to choose against.
    pub distance_days: Option<i64>,
}

/// A URL's captures (status 200 only), oldest first, and where the archive serves them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captures {
    pub captures: Vec<Capture>,
    /// The archive's replay prefix (`https://web.archive.org/web/`).
    pub replay: String,
}

impl Captures {
    /// The latest capture at or before `date`, else the earliest after it; with no date, the
    /// latest.
    pub fn pick(&self, date: Option<(u32, u32, u32)>) -> Option<ArchivedCopy> {
        let copy = |c: &Capture, distance_days| ArchivedCopy {
            url: format!("{}{}/{}", self.replay, c.timestamp, c.original),
            timestamp: c.timestamp.clone(),
            distance_days,
        };
        let Some(date) = date else {
            return self.captures.last().map(|c| copy(c, None));
        };
        let day = days_from_civil(date);
        let dated = |c: &Capture| capture_date(&c.timestamp).map(|d| days_from_civil(d) - day);
        let before = self
            .captures
            .iter()
            .filter_map(|c| Some((c, dated(c)?)))
            .filter(|(_, d)| *d <= 0)
            .max_by_key(|(c, _)| &c.timestamp);
        let chosen = before.or_else(|| {
            self.captures
                .iter()
                .filter_map(|c| Some((c, dated(c)?)))
                .min_by_key(|(c, _)| &c.timestamp)
        });
        chosen.map(|(c, d)| copy(c, Some(d)))
    }
}

/// (year, month, day) of a CDX timestamp.
pub fn capture_date(timestamp: &str) -> Option<(u32, u32, u32)> {
    let digits = |r: std::ops::Range<usize>| timestamp.get(r)?.parse::<u32>().ok();
    Some((digits(0..4)?, digits(4..6)?, digits(6..8)?))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil((year, month, day): (u32, u32, u32)) -> i64 {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// What the first bytes of a live page say about it (`L009`, `L010`): its final status and the
/// titles it gives, whitespace folded and entities decoded. Only HTML is read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub status: u16,
    /// Whether the answer was HTML; nothing else is read (a PDF, an image).
    pub html: bool,
    /// `<title>`.
    pub title: Option<String>,
    /// `<meta name="citation_title">` (Highwire Press tags, which Google Scholar reads).
    pub citation_title: Option<String>,
    /// `<meta property="og:title">`.
    pub og_title: Option<String>,
    /// The first `<h1>`'s text.
    pub h1: Option<String>,
}

impl Page {
    /// The titles the page gives for itself, the most specific first.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        [&self.citation_title, &self.og_title, &self.title]
            .into_iter()
            .filter_map(|t| t.as_deref())
    }
}

/// Everything the provenance checks found in a run, keyed the way the rules look it up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// By DOI (lowercase): is it registered? (`Found` carries the Crossref or DataCite record.)
    pub dois: HashMap<String, Lookup>,
    /// By ISBN (digits only): does Open Library know it?
    pub isbns: HashMap<String, Lookup>,
    /// By [`work_key`]: did a search by title and author find the work?
    pub works: HashMap<String, Lookup>,
    /// By URL: the captures of a dead link; absent when the archive could not be asked.
    pub archives: HashMap<String, Captures>,
    /// By URL (as cited): the first bytes of a live page; absent when it could not be read.
    #[serde(default)]
    pub pages: HashMap<String, Page>,
}

impl Provenance {
    /// Add what a later round of lookups found.
    pub fn extend(&mut self, other: Provenance) {
        self.dois.extend(other.dois);
        self.isbns.extend(other.isbns);
        self.works.extend(other.works);
        self.archives.extend(other.archives);
        self.pages.extend(other.pages);
    }
}

/// The key of a work search: the service, the title and the first author, lowercased.
pub fn work_key(service: &str, title: &str, author: Option<&str>) -> String {
    format!(
        "{service}|{}|{}",
        title.trim().to_lowercase(),
        author.unwrap_or("").trim().to_lowercase()
    )
}

/// A search for a work without a DOI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WorkQuery {
    /// `crossref` (articles, chapters) or `openlibrary` (books).
    pub service: String,
    pub title: String,
    /// The first author's family name.
    pub author: Option<String>,
}

impl WorkQuery {
    /// Its key in [`Provenance::works`].
    pub fn key(&self) -> String {
        work_key(&self.service, &self.title, self.author.as_deref())
    }
}

/// What the provenance checks are asked about in a run: each distinct item once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asks {
    /// DOIs, lowercase.
    pub dois: std::collections::BTreeSet<String>,
    /// ISBNs with a valid checksum, digits (and `X`) only.
    pub isbns: std::collections::BTreeSet<String>,
    pub works: std::collections::BTreeSet<WorkQuery>,
    /// Dead links (`L001`, `L002`), soft 404s and drifted pages, for archived copies.
    pub dead: std::collections::BTreeSet<String>,
    /// Live links whose page is read (the first bytes only), by URL as cited: the URL that
    /// gave the final answer.
    pub pages: std::collections::BTreeMap<String, String>,
    /// Citations of kinds no registry covers (archival documents, interviews, manuscripts,
    /// personal communications), by their normalised text: never asked about, counted as
    /// unverifiable.
    pub uncovered: std::collections::BTreeSet<String>,
}

impl Asks {
    pub fn is_empty(&self) -> bool {
        self.dois.is_empty()
            && self.isbns.is_empty()
            && self.works.is_empty()
            && self.dead.is_empty()
            && self.pages.is_empty()
            && self.uncovered.is_empty()
    }
}

/// Counts of lookups by outcome, for the closing summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProvenanceStats {
    /// Distinct DOIs, ISBNs, works, dead links and pages asked about, and citations of kinds
    /// no registry covers.
    pub lookups: usize,
    pub found: usize,
    pub not_found: usize,
    /// Lookups that could not be made, and citations of kinds no registry covers.
    pub unverifiable: usize,
    /// Of the unverifiable, the citations of kinds no registry covers (archival documents,
    /// interviews, manuscripts, personal communications).
    pub uncovered: usize,
    pub from_cache: usize,
}

impl ProvenanceStats {
    /// `5 lookups: 3 found, 1 not found, 1 unverifiable (2 from cache)`; with citations no
    /// registry covers, `…, 2 unverifiable, 1 of them of a kind no registry covers (…)`.
    pub fn line(&self) -> String {
        let uncovered = match self.uncovered {
            0 => String::new(),
            n => format!(", {n} of them of a kind no registry covers"),
        };
        format!(
            "{} lookup{}: {} found, {} not found, {} unverifiable{uncovered} ({} from cache)",
            self.lookups,
            if self.lookups == 1 { "" } else { "s" },
            self.found,
            self.not_found,
            self.unverifiable,
            self.from_cache
        )
    }

    /// Add a later round's counts.
    pub fn add(&mut self, other: &ProvenanceStats) {
        self.lookups += other.lookups;
        self.found += other.found;
        self.not_found += other.not_found;
        self.unverifiable += other.unverifiable;
        self.uncovered += other.uncovered;
        self.from_cache += other.from_cache;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captures(stamps: &[&str]) -> Captures {
        Captures {
            captures: stamps
                .iter()
                .map(|t| Capture {
                    timestamp: t.to_string(),
                    original: "http://example.org/a".into(),
                })
                .collect(),
            replay: "https://web.archive.org/web/".into(),
        }
    }

    #[test]
    fn the_latest_capture_at_or_before_the_date_wins() {
        let c = captures(&["20180101000000", "20190302120000", "20190401000000"]);
        let got = c.pick(Some((2019, 3, 19))).unwrap();
        assert_eq!(got.timestamp, "20190302120000");
        assert_eq!(got.distance_days, Some(-17));
        assert_eq!(
            got.url,
            "https://web.archive.org/web/20190302120000/http://example.org/a"
        );
    }

    #[test]
    fn else_the_earliest_after_and_without_a_date_the_latest() {
        let c = captures(&["20200105000000", "20210101000000"]);
        let got = c.pick(Some((2020, 1, 1))).unwrap();
        assert_eq!(
            (got.timestamp.as_str(), got.distance_days),
            ("20200105000000", Some(4))
        );
        assert_eq!(c.pick(None).unwrap().timestamp, "20210101000000");
        assert_eq!(captures(&[]).pick(Some((2020, 1, 1))), None);
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil((1970, 1, 1)), 0);
        assert_eq!(
            days_from_civil((2000, 3, 1)) - days_from_civil((2000, 2, 28)),
            2
        );
    }
}
