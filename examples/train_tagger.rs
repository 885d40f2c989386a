//! Trains the citation tagger on the annotated references in `data/` and writes the model that
//! ships in the crate: `cargo run --release --example train_tagger`.

#[path = "support/dataset.rs"]
mod dataset;

use citelint::cite::tagger::{self, Model};

fn main() {
    let mut refs = dataset::read("data/anystyle/core.xml");
    refs.extend(dataset::read("data/notes/notes.xml"));
    let data: Vec<_> = refs
        .iter()
        .map(|r| {
            let text = r.text();
            (tagger::Sequence::of(&text), r.token_labels())
        })
        .collect();
    let model = Model::train(&data, &tagger::Training::default());
    let bytes = model.to_bytes();
    std::fs::write("src/cite/tagger.model", &bytes).expect("write the model");
    println!(
        "trained on {} references, {} features, model {} bytes",
        data.len(),
        model.weights.len(),
        bytes.len()
    );
}
