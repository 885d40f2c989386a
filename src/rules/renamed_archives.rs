//! Archives that renamed themselves: where the documents historians cite most moved, built
//! from the stable identifier each old address carries. A dead link in an old form gets its
//! current address in `help:` (`dead-link`, `unreachable-host`, `soft-404`).
//!
//! This file is the table: one row per identifier and archive. To add an archive, add a row:
//! the places its documents were served from (host and path prefix), a pattern whose one group
//! is the identifier, and the current address with `{id}` where the identifier goes. Nothing
//! here asks the network: the current form is built, not looked up, so a row must only name
//! identifiers the archive itself keeps (its record numbers), never titles or slugs.

use regex::Regex;
use std::sync::LazyLock;

/// One identifier of one archive, in every place it was served from.
pub struct Renamed {
    /// The archive, as `help:` names it.
    pub archive: &'static str,
    /// (host, path prefix) pairs of the old and current forms; a `www.` before the host is
    /// ignored, and the prefix is compared without regard to case.
    pub places: &'static [(&'static str, &'static str)],
    /// A pattern matched against the URL's path; its first group is the identifier.
    pub identifier: &'static str,
    /// The current address; `{id}` is the identifier.
    pub current: &'static str,
    /// The identifier is written lowercase in the current address.
    pub lowercase: bool,
}

/// The CIA's FOIA Electronic Reading Room: `foia.cia.gov` until 2020, then
/// `www.cia.gov/library/readingroom/`, now `www.cia.gov/readingroom/`.
const CIA: &[(&str, &str)] = &[
    ("foia.cia.gov", "/"),
    ("cia.gov", "/library/readingroom/"),
    ("cia.gov", "/readingroom/"),
];

/// Every identifier known, the most specific first.
pub static RENAMED: &[Renamed] = &[
    Renamed {
        archive: "the CIA reading room",
        places: CIA,
        // CIA-RDP79R01012A000700020001-1, CIA-RDP78-04723A000100150023-5
        identifier: r"(?i)(cia-rdp\d{2}[-a-z]\d{5}[a-z]\d{12}-\d)",
        current: "https://www.cia.gov/readingroom/document/{id}",
        lowercase: true,
    },
    Renamed {
        archive: "the CIA reading room",
        places: CIA,
        // docs/DOC_0000261302.pdf, document_conversions/89801/DOC_0000261302.pdf: the record
        // is `document/0000261302`.
        identifier: r"(?i)doc_(\d{10})\b",
        current: "https://www.cia.gov/readingroom/document/{id}",
        lowercase: true,
    },
    Renamed {
        archive: "the CIA reading room",
        places: CIA,
        identifier: r"(?i)/document/(\d{10})(?:[/.]|$)",
        current: "https://www.cia.gov/readingroom/document/{id}",
        lowercase: true,
    },
    Renamed {
        archive: "the Wilson Center Digital Archive",
        places: &[("digitalarchive.wilsoncenter.org", "/document/")],
        // /document/116030, /document/116030.pdf?v=…: the record number.
        identifier: r"^/document/(\d+)(?:[/.]|$)",
        current: "https://digitalarchive.wilsoncenter.org/document/{id}",
        lowercase: false,
    },
];

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RENAMED
        .iter()
        .map(|r| Regex::new(r.identifier).expect("a valid identifier pattern"))
        .collect()
});

/// `url` without a final `/`, lowercase. A scheme or a `www.` differing is another address
/// (`http://www.digitalarchive…` stopped resolving while `https://digitalarchive…` works).
fn bare(url: &str) -> String {
    url.to_ascii_lowercase().trim_end_matches('/').to_string()
}

/// The archive and the current address of a document cited in an old form; `None` when the
/// URL is no archive's, carries no identifier, or already is the current form.
pub fn current_form(url: &str) -> Option<(&'static str, String)> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.trim_start_matches("www.");
    let path = parsed.path();
    let lower_path = path.to_ascii_lowercase();
    RENAMED
        .iter()
        .zip(PATTERNS.iter())
        .find_map(|(row, pattern)| {
            let here = row
                .places
                .iter()
                .any(|(h, prefix)| *h == host && lower_path.starts_with(prefix));
            if !here {
                return None;
            }
            let id = pattern.captures(path)?.get(1)?.as_str();
            let id = if row.lowercase {
                id.to_ascii_lowercase()
            } else {
                id.to_string()
            };
            let current = row.current.replace("{id}", &id);
            (bare(&current) != bare(url)).then_some((row.archive, current))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(url: &str) -> Option<String> {
        current_form(url).map(|(_, c)| c)
    }

    #[test]
    fn cia_old_forms() {
        let now = "https://www.cia.gov/readingroom/document/cia-rdp79r01012a000700020001-1";
        for old in [
            "https://www.cia.gov/library/readingroom/docs/CIA-RDP79R01012A000700020001-1.pdf",
            "https://www.cia.gov/library/readingroom/document/cia-rdp79r01012a000700020001-1",
            "http://www.foia.cia.gov/sites/default/files/document_conversions/1700319/CIA-RDP79R01012A000700020001-1.pdf",
            "https://www.cia.gov/readingroom/docs/CIA-RDP79R01012A000700020001-1.pdf",
        ] {
            assert_eq!(current(old).as_deref(), Some(now), "{old}");
        }
        assert_eq!(
            current("http://www.foia.cia.gov/sites/default/files/document_conversions/89801/DOC_0000261302.pdf")
                .as_deref(),
            Some("https://www.cia.gov/readingroom/document/0000261302")
        );
        assert_eq!(
            current("https://www.foia.cia.gov/document/0000261302").as_deref(),
            Some("https://www.cia.gov/readingroom/document/0000261302")
        );
        // The current form is not moved; nor are other pages of the site.
        assert_eq!(current(now), None);
        assert_eq!(current(&format!("{now}/")), None);
        assert_eq!(current("http://www.cia.gov/library"), None);
        assert_eq!(
            current("https://www.cia.gov/news/CIA-RDP79R01012A000700020001-1"),
            None
        );
    }

    #[test]
    fn wilson_center_old_forms() {
        for old in [
            "http://digitalarchive.wilsoncenter.org/document/116030.pdf?v=e4b8a1c9a5c1e0f0",
            "http://www.digitalarchive.wilsoncenter.org/document/116030",
        ] {
            assert_eq!(
                current(old).as_deref(),
                Some("https://digitalarchive.wilsoncenter.org/document/116030"),
                "{old}"
            );
        }
        assert_eq!(
            current("https://digitalarchive.wilsoncenter.org/document/116030"),
            None
        );
        assert_eq!(
            current("https://digitalarchive.wilsoncenter.org/document/telegram-shtykov"),
            None
        );
    }
}
