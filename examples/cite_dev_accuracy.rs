//! Field-level precision, recall and F1 and kind accuracy of the citation parser on the
//! development set of real-form footnotes (`data/notes-dev/dev.xml`: 297 notes, 358 citations
//! in Chicago, Turabian, MHRA, OSCOLA and Bluebook forms), never trained on.
//! `cargo run --release --example cite_dev_accuracy`
//!
//! Each note is parsed whole, as `citelint check` parses it (split into citations, commentary
//! kept apart). A gold citation is matched to the parsed citation whose span overlaps it most
//! (each parsed citation matched once); the fields of unmatched citations count as missed or
//! spurious. Within a matched pair a predicted field is right when its value equals a gold
//! value of the same field after trimming the punctuation around it (and, for pages, a leading
//! `p.`/`pp.`; for container titles, a leading `In`), compared case-blind. The kind is right
//! when the matched citation has the gold kind. `MODEL=path` measures another model file;
//! `DEBUG=field` prints every citation whose `field` is wrong (`DEBUG=kind` the wrong kinds).

#[path = "support/devset.rs"]
mod devset;
#[path = "support/scoring.rs"]
mod scoring;

use citelint::cite::{self, tagger};
use scoring::{Counts, canon};
use std::collections::{BTreeMap, HashMap};

/// The fields reported, the goal's fields first.
const FIELDS: &[&str] = &[
    "author",
    "title",
    "container_title",
    "date",
    "pages",
    "publisher",
    "place",
    "volume",
    "issue",
    "editor",
    "archive",
    "identifier",
    "translator",
    "collection_title",
    "edition",
    "genre",
    "url",
    "accessed",
    "doi",
];

fn overlap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn main() {
    let model = std::env::var("MODEL").ok().map(|path| {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        tagger::Model::from_bytes(&bytes).unwrap_or_else(|| panic!("{path}: not a model"))
    });
    let model = model.as_ref().unwrap_or(&tagger::MODEL);
    let debug = std::env::var("DEBUG").unwrap_or_default();
    let notes = devset::read("data/notes-dev/dev.xml");
    let mut counts: HashMap<&str, Counts> = HashMap::new();
    let (mut citations, mut kinds_right) = (0usize, 0usize);
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    for note in &notes {
        let parsed = cite::parse_note_with(model, &note.text);
        let mut used = vec![false; parsed.len()];
        let mut pairs = Vec::new();
        for gold in &note.citations {
            let best = parsed
                .iter()
                .enumerate()
                .filter(|(k, p)| !used[*k] && overlap(&p.span.range(), &gold.span) > 0)
                .max_by_key(|(_, p)| overlap(&p.span.range(), &gold.span))
                .map(|(k, _)| k);
            if let Some(k) = best {
                used[k] = true;
            }
            pairs.push((gold, best.map(|k| &parsed[k])));
        }
        let spurious = parsed.iter().zip(&used).filter(|(_, u)| !**u);
        for (p, _) in spurious {
            for f in &p.fields {
                if let Some(field) = FIELDS.iter().find(|n| **n == f.name) {
                    counts.entry(field).or_default().fp += 1;
                }
            }
        }
        for (gold, predicted) in pairs {
            citations += 1;
            let kind = predicted.map_or("(none)", |p| p.kind.as_str());
            if kind == gold.kind {
                kinds_right += 1;
            } else {
                *confusion
                    .entry((gold.kind.clone(), kind.to_string()))
                    .or_default() += 1;
                if debug == "kind" {
                    let text = &note.text[gold.span.clone()];
                    println!(
                        "{} n{} {} -> {kind}: {text}",
                        note.document, note.n, gold.kind
                    );
                }
            }
            for field in FIELDS {
                let gold_values: Vec<String> = gold
                    .fields
                    .iter()
                    .filter(|f| f.name.replace('-', "_") == *field)
                    .map(|f| canon(field, &note.text[f.span.clone()]))
                    .collect();
                let got: Vec<String> = predicted
                    .iter()
                    .flat_map(|p| &p.fields)
                    .filter(|f| f.name == *field)
                    .map(|f| canon(field, &note.text[f.span.range()]))
                    .collect();
                if debug == *field && {
                    let mut a = gold_values.clone();
                    let mut b = got.clone();
                    a.sort();
                    b.sort();
                    a != b
                } {
                    let text = &note.text[gold.span.clone()];
                    println!("{text}\n   gold {gold_values:?}\n   got  {got:?}");
                }
                counts.entry(field).or_default().add(gold_values, got);
            }
        }
    }
    report(&notes, citations, kinds_right, &counts, &confusion);
}

fn report(
    notes: &[devset::GoldNote],
    citations: usize,
    kinds_right: usize,
    counts: &HashMap<&str, Counts>,
    confusion: &BTreeMap<(String, String), usize>,
) {
    println!(
        "development set: {} notes, {citations} citations",
        notes.len()
    );
    println!(
        "{:<16} {:>9} {:>9} {:>9} {:>6}",
        "field", "precision", "recall", "F1", "gold"
    );
    for field in FIELDS {
        let c = counts.get(field).copied().unwrap_or_default();
        let (p, r, f1) = c.scores();
        let gold = c.tp + c.fn_;
        println!("{field:<16} {p:>9.3} {r:>9.3} {f1:>9.3} {gold:>6}");
    }
    println!(
        "kind right for {kinds_right} of {citations} citations ({:.1} %)",
        100.0 * kinds_right as f64 / citations.max(1) as f64
    );
    let mut wrong: Vec<_> = confusion.iter().collect();
    wrong.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let line: Vec<String> = wrong
        .iter()
        .map(|((g, p), n)| format!("{g}->{p} {n}"))
        .collect();
    println!("wrong kinds (gold->parsed): {}", line.join(", "));
}
