//! The full citations seen so far, indexed by the words [`same_work`] matches on, so that
//! `short-form-before-full` compares a short form with the few full citations that may cite the
//! same work instead of with every earlier one (that scan was quadratic: 50 MB of note-dense
//! text took 891 s).
//!
//! The index narrows; it does not judge: [`same_work`] decides on every candidate. All it
//! promises is that every full citation for which [`same_work`] holds is among the candidates.
//! A change to [`same_work`] that matches on something else must widen
//! [`FullCitations::candidates`] too; the tests compare the two on generated sets.

use std::collections::HashMap;

use super::citations::{name_words, same_work, surname, title_words};
use crate::model::Citation;

/// Full citations by the words of their authors (and editors) and of their titles.
#[derive(Default)]
pub struct FullCitations<'a> {
    fulls: Vec<&'a Citation>,
    /// Every word seen, by number: the maps below are keyed by numbers, not strings.
    words: HashMap<String, u32>,
    /// Every full citation by each word of its authors: a short form without a title matches
    /// any of them by the same author.
    by_author: HashMap<u32, Vec<u32>>,
    /// Full citations without a title by each word of their authors: a short form with a title
    /// matches them on the author alone.
    untitled: HashMap<u32, Vec<u32>>,
    /// Full citations with a title by (author word, title word): a short form with a title
    /// needs every word of its surname among the authors' and every title word in the title.
    by_pair: HashMap<(u32, u32), Vec<u32>>,
    /// Full citations with a title by each word of it: a short form with no author (`Brown, 347
    /// U.S. at 495`) names its work by title alone.
    by_title: HashMap<u32, Vec<u32>>,
}

/// The words of a list of names, lowercase, as [`same_work`] sees them (the names joined,
/// then lowercased, then cut into words), without repeats.
fn words_of(names: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = name_words(&names.join(" ").to_lowercase()).collect();
    words.sort_unstable();
    words.dedup();
    words
}

impl<'a> FullCitations<'a> {
    /// Remember a full citation.
    pub fn add(&mut self, full: &'a Citation) {
        let mut names = full.values("author");
        // An edited volume's short form names its editor.
        names.extend(full.values("editor"));
        let authors = words_of(&names);
        let title = full.get("title").map(|t| {
            let mut words = title_words(&t.value);
            words.sort_unstable();
            words.dedup();
            words
        });
        if authors.is_empty() && title.is_none() {
            // `same_work` matches nothing to a full citation with neither.
            return;
        }
        let k = u32::try_from(self.fulls.len()).expect("fewer than 2^32 citations");
        self.fulls.push(full);
        let authors: Vec<u32> = authors.into_iter().map(|w| self.intern(w)).collect();
        for &a in &authors {
            self.by_author.entry(a).or_default().push(k);
        }
        match title {
            None => {
                for &a in &authors {
                    self.untitled.entry(a).or_default().push(k);
                }
            }
            Some(words) => {
                let words: Vec<u32> = words.into_iter().map(|w| self.intern(w)).collect();
                for &t in &words {
                    self.by_title.entry(t).or_default().push(k);
                    for &a in &authors {
                        self.by_pair.entry((a, t)).or_default().push(k);
                    }
                }
            }
        }
    }

    fn intern(&mut self, word: String) -> u32 {
        let next = u32::try_from(self.words.len()).expect("fewer than 2^32 words");
        *self.words.entry(word).or_insert(next)
    }

    /// The full citations that may cite the work `short` repeats: every one for which
    /// [`same_work`] holds is among them, and the list is the shortest the index can give.
    pub fn candidates(&self, short: &Citation) -> Vec<&'a Citation> {
        let none: &[u32] = &[];
        let Some(author) = short.get("author") else {
            return self.by_title_alone(short);
        };
        // Every word of the surname must be a word of the authors: a word never seen means no
        // full citation has it.
        let Some(who) = name_words(&surname(&author.value))
            .map(|w| self.words.get(&w).copied())
            .collect::<Option<Vec<u32>>>()
            .filter(|who| !who.is_empty())
        else {
            return Vec::new();
        };
        fn shortest<'m>(lists: impl Iterator<Item = &'m [u32]>) -> &'m [u32] {
            lists.min_by_key(|l| l.len()).unwrap_or(&[])
        }
        fn list<'m>(map: &'m HashMap<u32, Vec<u32>>, w: &u32) -> &'m [u32] {
            map.get(w).map_or(&[], Vec::as_slice)
        }
        let picked: Vec<&[u32]> = match short.get("title") {
            None => vec![shortest(who.iter().map(|w| list(&self.by_author, w)))],
            Some(title) => {
                let untitled = shortest(who.iter().map(|w| list(&self.untitled, w)));
                // A title word never seen rules out every titled full citation.
                let titled = title_words(&title.value)
                    .iter()
                    .map(|t| self.words.get(t).copied())
                    .collect::<Option<Vec<u32>>>()
                    .filter(|t| !t.is_empty())
                    .map_or(none, |title| {
                        let pairs = who.iter().flat_map(|&a| title.iter().map(move |&t| (a, t)));
                        shortest(pairs.map(|p| self.by_pair.get(&p).map_or(none, Vec::as_slice)))
                    });
                vec![untitled, titled]
            }
        };
        picked
            .into_iter()
            .flatten()
            .map(|&k| self.fulls[k as usize])
            .collect()
    }

    /// The candidates of a short form with no author: the full citations whose titles hold
    /// every word of its title.
    fn by_title_alone(&self, short: &Citation) -> Vec<&'a Citation> {
        let Some(words) = short.get("title").and_then(|t| {
            title_words(&t.value)
                .iter()
                .map(|w| self.words.get(w).copied())
                .collect::<Option<Vec<u32>>>()
                .filter(|w| !w.is_empty())
        }) else {
            return Vec::new();
        };
        words
            .iter()
            .map(|w| self.by_title.get(w).map_or(&[][..], Vec::as_slice))
            .min_by_key(|l| l.len())
            .unwrap_or(&[])
            .iter()
            .map(|&k| self.fulls[k as usize])
            .collect()
    }

    /// Has a full citation of the work `short` repeats been seen?
    pub fn cites(&self, short: &Citation) -> bool {
        self.candidates(short)
            .into_iter()
            .any(|full| same_work(short, full))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Kind, Span};

    fn citation(kind: Kind, fields: &[(&'static str, &str)]) -> Citation {
        Citation {
            span: Span::default(),
            text: String::new(),
            commentary: None,
            kind,
            fields: fields
                .iter()
                .map(|&(name, value)| Field {
                    name,
                    value: value.to_string(),
                    span: Span::default(),
                })
                .collect(),
        }
    }

    /// A generated set of full citations and short forms: authors and titles drawn from small
    /// lists (so that many share a surname or a title word), some without a title or an
    /// author, some with several authors or an editor, names with multi-byte letters and
    /// particles (`van der Berg`), short titles of one word, of several, or of no word that
    /// counts (`The`).
    fn generated(seed: u64, n: usize) -> (Vec<Citation>, Vec<Citation>) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let given = ["Dean", "Bruce", "Kim", "Jan", "Ann", "Łukasz", "İlker"];
        let surnames = [
            "Acheson",
            "Cumings",
            "Kim",
            "Kimball",
            "van der Berg",
            "Lee",
            "Ashlee",
            "O'Brien",
            "Özdemir",
            "Stueck",
            "Li",
            "William",
        ];
        let words = [
            "Korean", "War", "Origins", "Creation", "Present", "Alliance", "Politics", "Forged",
            "1950", "Cold", "The", "of",
        ];
        let title = |rng: &mut fastrand::Rng, len: usize| {
            (0..len)
                .map(|_| words[rng.usize(..words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut fulls = Vec::new();
        let mut shorts = Vec::new();
        for _ in 0..n {
            let surname = surnames[rng.usize(..surnames.len())];
            let name = match rng.u8(..3) {
                0 => format!("{} {surname}", given[rng.usize(..given.len())]),
                1 => format!("{surname}, {}", given[rng.usize(..given.len())]),
                _ => surname.to_string(),
            };
            let mut fields: Vec<(&'static str, String)> = Vec::new();
            if rng.u8(..10) > 0 {
                fields.push(("author", name.clone()));
            }
            if rng.bool() {
                let other = surnames[rng.usize(..surnames.len())];
                fields.push((
                    if rng.bool() { "author" } else { "editor" },
                    other.to_string(),
                ));
            }
            if rng.u8(..5) > 0 {
                let len = rng.usize(1..6);
                fields.push(("title", title(&mut rng, len)));
            }
            let borrowed: Vec<(&'static str, &str)> =
                fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
            if rng.bool() {
                fulls.push(citation(Kind::Book, &borrowed));
            } else {
                let mut short = vec![];
                if rng.u8(..10) > 0 {
                    short.push(("author", surname));
                }
                let len = rng.usize(0..3);
                let t = title(&mut rng, len);
                if rng.u8(..4) > 0 {
                    short.push(("title", t.as_str()));
                }
                shorts.push(citation(Kind::ShortForm, &short));
            }
        }
        (fulls, shorts)
    }

    #[test]
    fn the_index_finds_what_the_scan_of_every_pair_finds() {
        for seed in 0..20 {
            let (fulls, shorts) = generated(seed, 400);
            let mut index = FullCitations::default();
            let mut matched = 0;
            for (k, short) in shorts.iter().enumerate() {
                // Full citations arrive between short forms, as in a manuscript.
                for full in fulls
                    .iter()
                    .skip(k * fulls.len() / shorts.len())
                    .take((k + 1) * fulls.len() / shorts.len() - k * fulls.len() / shorts.len())
                {
                    index.add(full);
                }
                let seen = &index.fulls;
                let scan = seen.iter().any(|f| same_work(short, f));
                assert_eq!(index.cites(short), scan, "seed {seed}: {short:?}");
                matched += usize::from(scan);
                // Every pair the scan finds is a candidate.
                let candidates = index.candidates(short);
                for f in seen.iter().filter(|f| same_work(short, f)) {
                    assert!(candidates.iter().any(|c| std::ptr::eq(*c, *f)), "{short:?}");
                }
            }
            assert!(matched > 0, "seed {seed}: the set exercises matches");
        }
    }

    #[test]
    fn a_surname_is_whole_words() {
        let mut index = FullCitations::default();
        let full = citation(
            Kind::Book,
            &[("author", "Warren Kimball"), ("title", "Forged in War")],
        );
        index.add(&full);
        let short = |who| citation(Kind::ShortForm, &[("author", who), ("title", "Forged")]);
        assert!(!index.cites(&short("Kim")));
        assert!(!same_work(&short("Kim"), &full));
        assert!(index.cites(&short("Kimball")));
    }

    #[test]
    fn a_short_form_meets_few_full_citations() {
        // 10,000 works, 100 of them by Kim, every title with `Korean`: a short form by Kim with
        // a title meets the works by Kim with its title's rarest word, not every earlier one.
        let fulls: Vec<Citation> = (0..10_000)
            .map(|k| {
                let author = if k % 100 == 0 {
                    "Kim".to_string()
                } else {
                    format!("Author{k}")
                };
                let title = format!("Title{k} of the Korean War");
                citation(Kind::Book, &[("author", &author), ("title", &title)])
            })
            .collect();
        let mut index = FullCitations::default();
        for f in &fulls {
            index.add(f);
        }
        let kim = |title| citation(Kind::ShortForm, &[("author", "Kim"), ("title", title)]);
        assert!(index.cites(&kim("Title500 Korean")));
        assert_eq!(index.candidates(&kim("Title500 Korean")).len(), 1);
        assert_eq!(index.candidates(&kim("Korean")).len(), 100);
        assert!(index.candidates(&kim("Title501")).is_empty());
        let unknown = citation(
            Kind::ShortForm,
            &[("author", "Halberstam"), ("title", "War")],
        );
        assert!(index.candidates(&unknown).is_empty());
    }
}
