//! Trains the citation tagger on the annotated references in `data/` and writes the model that
//! ships in the crate: `cargo run --release --example train_tagger`.
//!
//! The training data: AnyStyle's 1,514 annotated references (`data/anystyle/core.xml`), the
//! footnote-form references written for citelint (`data/notes/notes.xml`), and note-form
//! citations generated from metadata records (`examples/support/generate.rs`): the records of
//! `data/records/` in every note style, and the fields of AnyStyle's references rendered as
//! notes in one style each. Generation and training are seeded: a retrain reproduces the
//! shipped model byte for byte. The development set (`data/notes-dev/`) is never read here.

#[path = "support/dataset.rs"]
mod dataset;
#[path = "support/generate.rs"]
mod generate;

use citelint::cite::tagger::{self, Model};

/// The seed of the generated data (the training's own seed is in `tagger::Training`).
pub const GENERATOR_SEED: u64 = 14;

fn main() {
    let mut refs = dataset::read("data/anystyle/core.xml");
    refs.extend(dataset::read("data/notes/notes.xml"));
    let anystyle: Vec<&dataset::Reference> = refs.iter().collect();
    let mut generated = generate::generate(&generate::read_records(), 4, GENERATOR_SEED);
    generated.extend(generate::generate(
        &generate::records_of(&anystyle),
        1,
        GENERATOR_SEED + 1,
    ));
    if let Ok(path) = std::env::var("DUMP") {
        let lines: Vec<String> = generated
            .iter()
            .map(|r| format!("{:?}", r.pieces))
            .collect();
        std::fs::write(path, lines.join("\n")).expect("write the dump");
    }
    let annotated = std::iter::repeat_n(&refs, dataset::ANNOTATED_REPEAT).flatten();
    let data: Vec<_> = annotated
        .chain(&generated)
        .map(|r| {
            let text = r.text();
            (tagger::Sequence::of(&text), r.token_labels())
        })
        .collect();
    let model = Model::train(&data, &tagger::Training::default());
    let bytes = model.to_bytes();
    let out = std::env::var("OUT").unwrap_or_else(|_| "src/cite/tagger.model".to_string());
    std::fs::write(&out, &bytes).expect("write the model");
    println!(
        "trained on {} references ({} generated, {} annotated, each seen {} times), {} features, \
         model {} bytes",
        data.len(),
        generated.len(),
        refs.len(),
        dataset::ANNOTATED_REPEAT,
        model.weights.len(),
        bytes.len()
    );
}
