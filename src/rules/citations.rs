//! Helpers the citation rules share: wording, ISBN and DOI checks, matching a short form to a
//! full citation.

use crate::cite::trim_value;
use crate::model::{Citation, Kind};

/// `a book`, `an article`: the kind of source, for messages.
pub fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Book => "a book",
        Kind::Chapter => "a chapter",
        Kind::Article => "an article",
        Kind::Newspaper => "a newspaper article",
        Kind::Archival => "an archival document",
        Kind::Report => "a report",
        Kind::WebPage => "a web page",
        Kind::Interview => "an interview",
        Kind::Thesis => "a thesis",
        Kind::Case => "a case",
        Kind::Legislation => "a statute",
        _ => "a source",
    }
}

/// ISBN-10 (mod 11, `X` = 10 last) or ISBN-13 (mod 10, weights 1 and 3).
pub fn isbn_valid(value: &str) -> bool {
    let chars: Vec<char> = value.chars().filter(|c| *c != '-' && *c != ' ').collect();
    match chars.len() {
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let v = match c {
                    'X' | 'x' if i == 9 => 10,
                    c => match c.to_digit(10) {
                        Some(d) => d,
                        None => return false,
                    },
                };
                sum += v * (10 - i as u32);
            }
            sum % 11 == 0
        }
        13 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let Some(d) = c.to_digit(10) else {
                    return false;
                };
                sum += if i % 2 == 0 { d } else { d * 3 };
            }
            sum % 10 == 0
        }
        _ => false,
    }
}

/// `10.<4-9 digits, dot-separated parts allowed>/<non-empty suffix>`.
pub fn doi_valid(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    let first = registrant.split('.').next().unwrap_or("");
    (4..=9).contains(&first.len())
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && !suffix.trim().is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

/// Words of a title that identify it: lowercase, no articles or short words.
pub(super) fn title_words(title: &str) -> Vec<String> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3 || w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "the" | "and" | "with" | "from" | "into"))
        .collect()
}

/// The surname in an author field: the first word of `Surname, Given`, else the last word.
pub(super) fn surname(author: &str) -> String {
    let author = trim_value(author);
    let name = author.split([';', '&']).next().unwrap_or(author);
    let name = name.split(" and ").next().unwrap_or(name);
    match name.split_once(',') {
        Some((last, _)) => trim_value(last).to_lowercase(),
        None => name
            .split_whitespace()
            .last()
            .map(|w| trim_value(w).to_lowercase())
            .unwrap_or_default(),
    }
}

/// The words of a name, lowercase: runs of letters and digits (`O'Brien` is `o`, `brien`).
pub(super) fn name_words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Are the words of `who` a run of consecutive words of `names`? `Kim` is in `Kim Il-sung`,
/// not in `Kimball`.
fn has_name(names: &str, who: &str) -> bool {
    let who: Vec<String> = name_words(who).collect();
    let names: Vec<String> = name_words(names).collect();
    !who.is_empty() && names.windows(who.len()).any(|w| w == who.as_slice())
}

/// Does the short form `short` repeat the full citation `full`? Same surname (whole words of
/// the full citation's authors), and the short title's words (if it has a title) all in the
/// full title. [`super::work_index::FullCitations`] finds the candidates for it: a change here
/// must keep every match among them (its tests compare it with the scan of every pair).
pub fn same_work(short: &Citation, full: &Citation) -> bool {
    let Some(short_author) = short.get("author") else {
        // A short form with no author (`Brown, 347 U.S. at 495`, `Theft Act, s 1`) names its
        // work by title alone.
        return match (short.get("title"), full.get("title")) {
            (Some(s), Some(f)) => short_title_fits(&s.value, &f.value),
            _ => false,
        };
    };
    let who = surname(&short_author.value);
    // An edited volume's short form names its editor (`Lih, Letters to Molotov`).
    let mut names = full.values("author");
    names.extend(full.values("editor"));
    let full_authors: String = names.join(" ").to_lowercase();
    if who.is_empty() || !has_name(&full_authors, &who) {
        return false;
    }
    match (short.get("title"), full.get("title")) {
        (Some(s), Some(f)) => short_title_fits(&s.value, &f.value),
        _ => true,
    }
}

/// Every word of a short title is a word of the full title (and it has one at least).
fn short_title_fits(short: &str, full: &str) -> bool {
    let long = title_words(full);
    let words = title_words(short);
    !words.is_empty() && words.iter().all(|w| long.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_match_by_editor_or_by_title_alone() {
        let full = crate::cite::parse_reference(
            "Charles Tilly, ed., The Formation of National States in Western Europe (Princeton: \
             Princeton University Press, 1975), 3.",
        )
        .unwrap();
        let short =
            crate::cite::parse_reference("Tilly, Formation of National States, 12.").unwrap();
        assert!(same_work(&short, &full), "{short:?} {full:?}");
        let case =
            crate::cite::parse_reference("Miranda v. Arizona, 384 U.S. 436 (1966).").unwrap();
        let mut short = case.clone();
        short.fields.retain(|f| f.name == "title");
        short.fields[0].value = "Miranda".to_string();
        assert!(same_work(&short, &case));
    }

    #[test]
    fn isbns() {
        assert!(isbn_valid("0-306-40615-2"));
        assert!(isbn_valid("978-0-306-40615-7"));
        assert!(!isbn_valid("978-0-306-40615-6"));
        assert!(!isbn_valid("0-306-40615-3"));
        assert!(isbn_valid("0-8044-2957-X"));
        assert!(!isbn_valid("12345"));
    }

    #[test]
    fn dois() {
        assert!(doi_valid("10.1000/182"));
        assert!(doi_valid("10.1093/ajae/aaq063"));
        assert!(doi_valid("10.12345.6/abc"));
        assert!(!doi_valid("10.10/182"));
        assert!(!doi_valid("10.1000/"));
        assert!(!doi_valid("11.1000/182"));
    }
}
