//! Field-level accuracy of the citation parser on the annotated references in `data/anystyle`
//! (AnyStyle's 1,514 references), by 5-fold cross-validation: each fold is parsed by a model
//! trained as the shipped one is, less the fold: the other four, the footnote-form references in
//! `data/notes`, the notes generated from `data/records`, and the notes generated from the other
//! four folds' fields (never from the fold's own), so every figure is on references whose work
//! the model did not see. `cargo run --release --example cite_accuracy`
//!
//! A predicted field counts as correct when its value equals an annotated value of the same
//! field after trimming the punctuation around it (and, for pages, a leading `p.`, `pp.`,
//! `page`, `pages` or German `S.`; for
//! container titles, a leading `In`); the journal counts as the container title. Precision,
//! recall and F1 are micro-averaged. The folds are trained with the shipped model's options
//! (`tagger::Training::default()`); `SEED=n` and `EPOCHS=n` change the shuffling and the passes,
//! `NOGEN=1` leaves the generated notes out of the training, and `DEBUG=field` prints every
//! reference whose `field` is wrong.

#[path = "support/dataset.rs"]
mod dataset;
#[path = "support/generate.rs"]
mod generate;
#[path = "support/scoring.rs"]
mod scoring;

/// The generator's seed, as `train_tagger` uses it.
const GENERATOR_SEED: u64 = 14;

use citelint::cite::{self, tagger};
use scoring::{Counts, canon};
use std::collections::HashMap;

const FIELDS: &[&str] = &[
    "author",
    "title",
    "date",
    "publisher",
    "place",
    "pages",
    "container_title",
];
const FOLDS: usize = 5;

fn gold_name(label: &str) -> &str {
    match label {
        "journal" | "container-title" => "container_title",
        "location" => "place",
        other => other,
    }
}

fn main() {
    // The shipped model's training, with the seed and the number of epochs open to change.
    let mut training = tagger::Training::default();
    if let Some(seed) = std::env::var("SEED").ok().and_then(|e| e.parse().ok()) {
        training.seed = seed;
    }
    if let Some(epochs) = std::env::var("EPOCHS").ok().and_then(|e| e.parse().ok()) {
        training.epochs = epochs;
        training.average_from = epochs / 2;
    }
    let training = &training;
    let refs = dataset::read("data/anystyle/core.xml");
    let notes = dataset::read("data/notes/notes.xml");
    let prepare = |r: &dataset::Reference| {
        let text = r.text();
        (tagger::Sequence::of(&text), r.token_labels())
    };
    let all: Vec<_> = refs.iter().map(prepare).collect();
    let mut extra: Vec<_> = notes.iter().map(prepare).collect();
    // `NOGEN=1`: no generated notes (the training before note-form data), to see what they
    // cost on bibliography entries.
    let generated = std::env::var("NOGEN").is_err();
    let records = generate::generate(&generate::read_records(), 4, GENERATOR_SEED);
    if generated {
        extra.extend(records.iter().map(prepare));
    }
    // The notes generated from each fold's training references (and data/notes), as
    // train_tagger generates them from all.
    let fold_notes: Vec<Vec<_>> = (0..FOLDS)
        .map(|fold| {
            let train: Vec<&dataset::Reference> = refs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % FOLDS != fold)
                .map(|(_, r)| r)
                .chain(&notes)
                .collect();
            if !generated {
                return Vec::new();
            }
            let records = generate::records_of(&train);
            generate::generate(&records, 1, GENERATOR_SEED + 1)
                .iter()
                .map(prepare)
                .collect()
        })
        .collect();
    let mut counts: HashMap<&str, Counts> = HashMap::new();
    // `SHIPPED=1`: no folds, the shipped model on every reference (it has seen them all: a
    // check of the parser's normalisation, not a measure of accuracy).
    let shipped = std::env::var("SHIPPED").is_ok();
    let models: Vec<tagger::Model> = if shipped {
        (0..FOLDS).map(|_| tagger::MODEL.clone()).collect()
    } else {
        train_folds(&all, (&extra, notes.len()), &fold_notes, training)
    };
    for (fold, model) in models.iter().enumerate() {
        let held_out = refs.iter().enumerate().filter(|(i, _)| i % FOLDS == fold);
        for (_, r) in held_out {
            let text = r.text();
            let Some(c) = cite::parse_citation_with(model, &text, 0..text.len()) else {
                continue;
            };
            for field in FIELDS {
                let gold: Vec<String> = r
                    .pieces
                    .iter()
                    .filter(|(l, _)| gold_name(l) == *field)
                    .map(|(_, v)| canon(field, v))
                    .collect();
                let predicted: Vec<String> = c
                    .fields
                    .iter()
                    .filter(|f| f.name == *field)
                    .map(|f| canon(field, &text[f.span.range()]))
                    .collect();
                if std::env::var("DEBUG").is_ok_and(|d| d == *field)
                    && gold.iter().collect::<std::collections::BTreeSet<_>>()
                        != predicted.iter().collect()
                {
                    println!("{text}\n   gold {gold:?}\n   got  {predicted:?}");
                }
                counts.entry(field).or_default().add(gold, predicted);
            }
        }
    }
    println!(
        "{FOLDS}-fold cross-validation on {} references, {} epochs, seed {}",
        refs.len(),
        training.epochs,
        training.seed
    );
    println!(
        "{:<16} {:>9} {:>9} {:>9}",
        "field", "precision", "recall", "F1"
    );
    for field in FIELDS {
        let c = counts[field];
        let (p, r, f1) = c.scores();
        println!("{field:<16} {p:>9.3} {r:>9.3} {f1:>9.3}");
    }
}

type Prepared = (tagger::Sequence, Vec<usize>);

/// One model per fold, trained on all cores (the folds' models are independent): `extra` is
/// the references of `data/notes` (its first `notes`) then the notes generated from records.
fn train_folds(
    all: &[Prepared],
    (extra, notes): (&[Prepared], usize),
    fold_notes: &[Vec<Prepared>],
    training: &tagger::Training,
) -> Vec<tagger::Model> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..FOLDS)
            .map(|fold| {
                let (all, extra, generated) = (all, extra, &fold_notes[fold]);
                scope.spawn(move || {
                    let annotated: Vec<_> = all
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % FOLDS != fold)
                        .map(|(_, d)| d.clone())
                        .chain(extra[..notes].iter().cloned())
                        .collect();
                    let train: Vec<_> = std::iter::repeat_n(annotated, dataset::ANNOTATED_REPEAT)
                        .flatten()
                        .chain(extra[notes..].iter().cloned())
                        .chain(generated.iter().cloned())
                        .collect();
                    tagger::Model::train(&train, training)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a fold trains"))
            .collect()
    })
}
