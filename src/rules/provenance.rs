//! Helpers the provenance rules share: what a run asks the registries about (each distinct
//! DOI, ISBN and work once), how a citation is compared with a registry's record (titles
//! normalised and compared by edit distance, family names in either order, years with a
//! tolerance), which archived copy a dead link's citation gets, and how a live page's title is
//! compared with the cited title (content drift, soft 404s).
//!
//! Kinds the registries do not cover (archival documents, interviews, manuscripts, personal
//! communications, web pages, newspapers, reports, theses) are never searched for, so never
//! reported as missing; the first four are counted as unverifiable in the summary.

use std::collections::HashMap;

use super::Context;
use super::citations::{doi_valid, isbn_valid};
use crate::model::provenance::{ArchivedCopy, Asks, Page, Provenance, Record, WorkQuery};
use crate::model::{Citation, Kind, Link, LinkReport, Manuscript, Note, Outcome};

/// How closely a citation must agree with a registry's record. Defaults documented on each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matching {
    /// The least similarity (0 to 1, one minus the edit distance over the longer length, on
    /// normalised titles) at which two titles are the same title: 0.8.
    pub title_ratio: f64,
    /// Years further apart than this disagree (online-first and print years often differ by
    /// one): 1.
    pub year_tolerance: u32,
    /// A page's title has drifted from the cited title when less than this share of the
    /// shorter one's words (see [`title_words`]) is in the other, for every title the page gives:
    /// 0.25, "almost nothing in common".
    pub drift_overlap: f64,
    /// The fewest words a cited title needs for a drift to be judged (one word says too little):
    /// 2.
    pub drift_min_words: usize,
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            title_ratio: 0.8,
            year_tolerance: 1,
            drift_overlap: 0.25,
            drift_min_words: 2,
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

/// Kinds the registries cannot confirm: never asked about, counted as unverifiable.
fn uncovered(citation: &Citation) -> bool {
    const SAYS: &[&str] = &[
        "personal communication",
        "manuscript",
        "unpublished",
        "interview",
    ];
    match citation.kind {
        Kind::Archival | Kind::Interview => true,
        Kind::Unknown => {
            let text = citation.text.to_lowercase();
            SAYS.iter().any(|s| text.contains(s))
        }
        _ => false,
    }
}

/// Everything a run's manuscripts ask about: each distinct DOI, ISBN and work once, the dead
/// links and soft 404s (for archived copies), and the live pages (for their titles).
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
            if uncovered(c) {
                asks.uncovered.insert(normalise(&c.text));
            }
        }
        for link in &m.links {
            let doi = doi_of_link(link);
            let report = link
                .checkable_url()
                .and_then(|u| links.and_then(|l| l.get(&u)));
            match report.map(|r| &r.outcome) {
                Some(Outcome::Dead { .. } | Outcome::Unreachable { .. }) => {
                    asks.dead.extend(report.map(|r| r.url.clone()));
                }
                Some(Outcome::Ok { .. }) if doi.is_none() => {
                    let r = report.expect("a report");
                    if redirects_home(r) {
                        asks.dead.insert(r.url.clone());
                    } else {
                        asks.pages.insert(r.url.clone(), r.final_url.clone());
                    }
                }
                _ => {}
            }
            asks.dois.extend(doi);
        }
    }
    asks
}

/// What the pages read in a first round ask next: archived copies of the links whose page
/// drifted from the cited title or says it is not there.
pub fn after_pages<'a>(
    manuscripts: impl IntoIterator<Item = &'a Manuscript>,
    links: Option<&HashMap<String, LinkReport>>,
    found: &Provenance,
    m: &Matching,
) -> Asks {
    let mut asks = Asks::default();
    for manuscript in manuscripts {
        for link in &manuscript.links {
            let Some(r) = link
                .checkable_url()
                .and_then(|u| links.and_then(|l| l.get(&u)))
            else {
                continue;
            };
            let Some(page) = found.pages.get(&r.url) else {
                continue;
            };
            let cited = cited_title(manuscript, link);
            let off = says_not_found(page, cited.as_deref()).is_some()
                || cited.is_some_and(|t| drifted(&t, page, &r.final_url, m).is_some());
            if off && !found.archives.contains_key(&r.url) {
                asks.dead.insert(r.url.clone());
            }
        }
    }
    asks
}

/// The note a link stands in, and the citation of that note it belongs to (the one whose span
/// holds it, else the note's only citation).
pub fn citation_of<'m>(m: &'m Manuscript, link: &Link) -> (Option<&'m Note>, Option<&'m Citation>) {
    let note = m.notes.iter().find(|n| {
        n.text_span.file == link.span.file
            && n.text_span.start <= link.span.start
            && link.span.start < n.text_span.end
    });
    let citation = note.and_then(|n| {
        n.citations
            .iter()
            .find(|c| {
                c.span.file == link.span.file
                    && c.span.start <= link.span.start
                    && link.span.start < c.span.end
            })
            .or_else(|| (n.citations.len() == 1).then(|| &n.citations[0]))
    });
    (note, citation)
}

/// The title of the citation a link stands in.
pub fn cited_title(m: &Manuscript, link: &Link) -> Option<String> {
    let (_, citation) = citation_of(m, link);
    let title = citation?.get("title")?.value.trim().to_string();
    (!title.is_empty()).then_some(title)
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
    let (note, citation) = citation_of(cx.manuscript, link);
    let accessed = citation
        .and_then(|c| c.get("accessed"))
        .or_else(|| note?.citations.iter().find_map(|c| c.get("accessed")))?;
    crate::text::dates::parse_date(&accessed.value)
}

/// The archived copy a dead link's citation gets: the latest capture at or before its access
/// date, else the earliest after; with no access date, the latest.
pub fn archived_copy(cx: &Context<'_>, link: &Link, report: &LinkReport) -> Option<ArchivedCopy> {
    let captures = cx.provenance?.archives.get(&report.url)?;
    captures.pick(access_date(cx, link))
}

/// A dead link's finding with where the document is now: its current address when its archive
/// renamed itself ([`super::renamed_archives`]), and its archived copy when the Wayback Machine
/// has one (in `help:` and in the JSON report's `archive`).
pub fn with_archive(
    d: crate::model::Diagnostic,
    cx: &Context<'_>,
    link: &Link,
    report: &LinkReport,
) -> crate::model::Diagnostic {
    let asked = cx.provenance.and_then(|p| p.archives.get(&report.url));
    let moved = super::renamed_archives::current_form(&report.url);
    let copy = archived_copy(cx, link, report);
    let d = match &copy {
        Some(copy) => d.archive(copy.clone()),
        None => d,
    };
    match (moved, copy) {
        (Some((archive, current)), Some(copy)) => d.help(format!(
            "{archive} moved this document: cite its current address, {current} (or {})",
            archive_help(&copy)
        )),
        (Some((archive, current)), None) => d.help(format!(
            "{archive} moved this document: cite its current address, {current}"
        )),
        (None, Some(copy)) => d.help(archive_help(&copy)),
        (None, None) if asked.is_some() => d.help(
            "the Wayback Machine has no capture of this page: cite where it moved, or another copy",
        ),
        (None, None) => d,
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

/// The languages whose root (`/en/`, `/fr-ca/`) counts as a home page: the web's most common,
/// not every two letters (`/ok` is a page).
const LANGUAGES: &[&str] = &[
    "ar", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hi", "hu", "id", "it", "ja",
    "ko", "nl", "no", "pl", "pt", "ro", "ru", "sv", "th", "tr", "uk", "vi", "zh",
];

/// Index files that stand for a site's root.
const INDEX_FILES: &[&str] = &[
    "index.html",
    "index.htm",
    "index.php",
    "index.asp",
    "index.aspx",
    "index.jsp",
    "default.aspx",
];

/// Is this path a site's home page: `/`, an index file, or a language's root (`/en/`)? A
/// query makes it another page (`/?p=12`).
fn is_home(url: &url::Url) -> bool {
    if url.query().is_some_and(|q| !q.is_empty()) {
        return false;
    }
    let path = url.path().trim_matches('/').to_ascii_lowercase();
    let language = |p: &str| {
        let (lang, region) = p.split_once(['-', '_']).unwrap_or((p, "aa"));
        LANGUAGES.contains(&lang)
            && region.len() == 2
            && region.chars().all(|c| c.is_ascii_alphabetic())
    };
    path.is_empty() || INDEX_FILES.contains(&path.as_str()) || language(&path)
}

/// Does a working link reach its site's home page through redirects, when the cited URL was not
/// a home page itself?
pub fn redirects_home(report: &LinkReport) -> bool {
    let parse = |u: &str| url::Url::parse(u).ok();
    match (parse(&report.url), parse(&report.final_url)) {
        (Some(cited), Some(last)) => {
            !report.redirects.is_empty() && is_home(&last) && !is_home(&cited)
        }
        _ => false,
    }
}

/// What a page says of itself when it is not there, in its title or first heading.
const NOT_FOUND: &[&str] = &["page not found", "not found", "no longer available", "404"];

/// The title or heading of a page answering 2xx that says the page is not there (`404`, `not
/// found`, `page not found`, `no longer available`), unless the cited title says so too.
pub fn says_not_found<'p>(page: &'p Page, cited: Option<&str>) -> Option<&'p str> {
    if !page.html || !(200..300).contains(&page.status) {
        return None;
    }
    let cited = cited.map(normalise).unwrap_or_default();
    let says = |text: &str| {
        let words = format!(" {} ", normalise(text));
        NOT_FOUND.iter().any(|p| {
            words.contains(&format!(" {p} ")) && !format!(" {cited} ").contains(&format!(" {p} "))
        })
    };
    [&page.title, &page.h1]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .find(|t| says(t))
}

/// Words that say nothing about which page it is.
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "from", "with", "into", "onto", "its", "this", "that", "how", "what",
    "why", "are", "was", "were", "not", "but", "les", "des", "une", "und", "der", "die", "das",
    "von", "del", "los", "las", "home", "page", "welcome",
];

/// A title's words for comparing titles: normalised (case, punctuation, Latin diacritics),
/// three letters or more (or digits), no stopwords, a final plural `s` dropped; with `host`,
/// also without the words of the site's own name (`World Bank` on `www.worldbank.org`).
pub fn title_words(title: &str, host: Option<&str>) -> Vec<String> {
    let host = host.map(|h| h.to_ascii_lowercase().replace(['.', '-'], ""));
    let mut words: Vec<String> = normalise(title)
        .split(' ')
        .filter(|w| w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .filter(|w| !host.as_deref().is_some_and(|h| h.contains(*w)))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w.to_string(),
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The share of the shorter word list that the other holds.
fn overlap(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|w| b.contains(w)).count();
    shared as f64 / a.len().min(b.len()).max(1) as f64
}

/// When a page's titles all share almost nothing with the cited title: the title to show (the
/// most specific the page gives). Pages whose only title is the site's name, and cited titles
/// of fewer than `drift_min_words` words, are not judged.
pub fn drifted<'p>(cited: &str, page: &'p Page, page_url: &str, m: &Matching) -> Option<&'p str> {
    if !page.html || !(200..300).contains(&page.status) {
        return None;
    }
    let host = url::Url::parse(page_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    let cited_words = title_words(cited, None);
    if cited_words.len() < m.drift_min_words {
        return None;
    }
    let candidates: Vec<(&str, Vec<String>)> = page
        .titles()
        .chain(page.h1.as_deref())
        .map(|t| (t, title_words(t, host.as_deref())))
        .filter(|(_, words)| !words.is_empty())
        .collect();
    let first = candidates.first()?.0;
    let best = candidates
        .iter()
        .map(|(_, words)| overlap(&cited_words, words))
        .fold(0.0, f64::max);
    (best < m.drift_overlap).then_some(first)
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

    fn page(title: &str) -> Page {
        Page {
            status: 200,
            html: true,
            title: Some(title.to_string()),
            ..Page::default()
        }
    }

    #[test]
    fn drift_is_judged_on_words_without_the_site_name() {
        let m = Matching::default();
        let url = "https://www.worldbank.org/en/report";
        let drift = |cited: &str, title: &str| drifted(cited, &page(title), url, &m).is_some();
        assert!(drift("Korea Report", "Learning Poverty Brief | World Bank"));
        assert!(!drift("Korea Report", "Korea: Country Report | World Bank"));
        // One shared word in five is "almost nothing"; two are not.
        assert!(drift(
            "Stalin and the Korean War: New Documents",
            "Cold War International History Project"
        ));
        assert!(!drift(
            "Stalin and the Korean War",
            "The Korean War and Stalin's aims"
        ));
        // A title that is only the site's name, and a one-word cited title, are not judged.
        assert!(!drift("Korea Report", "World Bank"));
        assert!(!drift("Reports", "Learning Poverty Brief"));
        assert_eq!(
            title_words("The Origins of the Korean Wars, 1945–1950", None),
            ["1945", "1950", "korean", "origin", "war"]
        );
    }

    #[test]
    fn not_found_pages_and_home_pages() {
        assert!(says_not_found(&page("404 - Page Not Found"), None).is_some());
        assert!(says_not_found(&page("This page is no longer available"), None).is_some());
        assert!(says_not_found(&page("Foundations of the Cold War"), None).is_none());
        // A cited title that says so itself.
        assert!(
            says_not_found(&page("Not Found: a memoir"), Some("Not Found: a memoir")).is_none()
        );
        let mut gone = page("Page not found");
        gone.status = 404;
        assert!(says_not_found(&gone, None).is_none());
        let home = |u: &str| is_home(&url::Url::parse(u).unwrap());
        for u in [
            "https://a.org",
            "https://a.org/",
            "https://a.org/index.html",
            "https://a.org/en/",
            "https://a.org/en-us",
        ] {
            assert!(home(u), "{u}");
        }
        for u in [
            "https://a.org/?p=12",
            "https://a.org/report",
            "https://a.org/eng/",
            "https://a.org/ok",
        ] {
            assert!(!home(u), "{u}");
        }
    }
}
