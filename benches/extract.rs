//! Throughput of extraction plus the offline rules, in MB/s, on manuscripts of 12 MB and 120 MB
//! made by repeating the seed manuscript (each copy a new chapter whose numbering restarts).
//!
//! `cargo bench --bench extract` prints the figures and leaves the 12 MB manuscript at
//! `target/bench/manuscript-12mb.txt` for `benches/compare-lychee.sh`, which times the whole
//! binary against `lychee --dump` on the same file.

use std::time::Instant;

use citelint::model::Source;
use citelint::{extract, rules};

fn manuscript(bytes: usize) -> String {
    let seed = include_str!("../fixtures/korean-war-thesis.txt");
    let mut text = String::with_capacity(bytes + seed.len());
    while text.len() < bytes {
        text.push_str(seed);
        text.push('\n');
    }
    text
}

fn measure(label: &str, text: &str, runs: usize) {
    let source = Source::new("bench.txt", text);
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let m = extract::extract(&source);
        let diagnostics = rules::check(&source, &m, None, &rules::Options::default());
        findings = diagnostics.len();
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let mb = text.len() as f64 / 1e6;
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "{label}: {mb:.1} MB, best {best:.3} s ({:.1} MB/s), median {median:.3} s ({:.1} MB/s), {findings} findings",
        mb / best,
        mb / median
    );
}

fn main() {
    let small = manuscript(12_000_000);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench");
    std::fs::create_dir_all(dir).expect("target/bench");
    std::fs::write(format!("{dir}/manuscript-12mb.txt"), &small).expect("write manuscript");
    measure("extract+rules", &small, 7);
    let large = manuscript(120_000_000);
    measure("extract+rules", &large, 3);
}
