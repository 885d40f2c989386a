//! Prints how the PDF reader reads a file's layout, line by line: page, role (body, heading,
//! furniture, footnote, endnote), column, baseline, size, edges, text and style runs, then the
//! horizontal rules. For tuning the layout analysis:
//! `cargo run --example pdf_layout -- thesis.pdf`.

use citelint::extract::pdf::{LayoutOptions, read};

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_layout FILE.pdf");
        return std::process::ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let options = LayoutOptions {
        describe: true,
        ..LayoutOptions::default()
    };
    match read(bytes, &options) {
        Ok(reading) => {
            print!("{}", reading.description);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e:?}");
            std::process::ExitCode::from(1)
        }
    }
}
