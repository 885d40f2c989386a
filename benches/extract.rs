//! Throughput of citelint, in MB/s, on two shapes of manuscript at 1, 4, 16 and 64 MB:
//! - `seed`: the seed manuscript repeated (each copy a new chapter whose numbering restarts);
//! - `note-dense`: pages of body text with glued markers and three to six notes each, citing
//!   tens of thousands of distinct works (see `shapes/mod.rs`), the shape of issue 9.
//!
//! Each is measured two ways: in process, extraction and the offline rules (`extract+rules`);
//! and the whole offline pipeline (`pipeline`), the work `citelint check --offline --format json`
//! does: read the file, extract, parse citations, every rule, suppression and the JSON report,
//! written into a sink. Citation parsing uses every core the process may run on: run under
//! `taskset -c 0` for one core.
//!
//! `cargo bench --bench extract` prints the figures and leaves the manuscripts in
//! `target/bench/` (`manuscript-12mb.txt` for `benches/compare-lychee.sh`, and
//! `note-dense-*.txt` and `seed-*.txt` for `benches/peak-memory.sh`). Arguments:
//! `--write-only` writes the manuscripts and measures nothing; `--sizes 1,4` measures only those
//! sizes (MB); `--shape note-dense` only that shape.

mod shapes;

use std::time::Instant;

use citelint::model::Source;
use citelint::{cli, extract, rules};

/// The note-dense shape's seed: the same seed always gives the same manuscript.
const SEED: u64 = 9;
const SIZES_MB: &[usize] = &[1, 4, 16, 64];

fn runs(mb: usize) -> usize {
    match mb {
        0..=1 => 7,
        2..=4 => 5,
        5..=16 => 3,
        _ => 2,
    }
}

struct Figures {
    best: f64,
    median: f64,
    findings: usize,
}

fn report(label: &str, bytes: usize, f: &Figures) {
    let mb = bytes as f64 / 1e6;
    println!(
        "{label:<28} {mb:>6.1} MB  best {:>8.3} s ({:>6.1} MB/s)  median {:>8.3} s ({:>6.1} MB/s)  {} findings  peak RSS so far {}",
        f.best,
        mb / f.best,
        f.median,
        mb / f.median,
        f.findings,
        peak_rss().map_or("unknown".to_string(), |kb| format!(
            "{:.0} MB",
            kb as f64 / 1e3
        )),
    );
}

/// The process's peak resident set size so far, in kB (Linux: `VmHWM` in `/proc/self/status`).
/// Sizes run in increasing order, so the figure after a size is mostly that size's; for one
/// run's own peak, use `benches/peak-memory.sh`.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn timed(runs: usize, mut once: impl FnMut() -> usize) -> Figures {
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        findings = once();
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Figures {
        best: times[0],
        median: times[times.len() / 2],
        findings,
    }
}

/// Extraction (citations parsed) and every offline rule, in process.
fn extract_and_rules(text: &str, runs: usize) -> Figures {
    let source = Source::new("bench.txt", text);
    let options = rules::Options::default();
    timed(runs, || {
        let m = extract::extract(&source);
        rules::check(&source, &m, None, &options).len()
    })
}

/// `citelint check --offline --isolated --format json PATH` into a sink; the figure is the size
/// of the JSON report (the findings are in it).
fn pipeline(path: &str, runs: usize) -> Figures {
    timed(runs, || {
        let args = [
            "citelint",
            "check",
            "--offline",
            "--isolated",
            "--format",
            "json",
            path,
        ];
        let cli = cli::Cli::parse_with_default_command(args);
        let mut out = Counter(0);
        let mut stdin = std::io::empty();
        {
            let mut buffered = std::io::BufWriter::new(&mut out);
            cli::run(cli, cli::Terminal::default(), &mut stdin, &mut buffered)
                .expect("the check runs");
        }
        out.0
    })
}

/// A sink that counts what it is given.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn arg_after<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let at = args.iter().position(|a| a == flag)?;
    args.get(at + 1).map(String::as_str)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let write_only = args.iter().any(|a| a == "--write-only");
    let sizes: Vec<usize> = arg_after(&args, "--sizes").map_or(SIZES_MB.to_vec(), |s| {
        s.split(',').filter_map(|n| n.parse().ok()).collect()
    });
    let shape = arg_after(&args, "--shape");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench");
    std::fs::create_dir_all(dir).expect("target/bench");
    std::fs::write(
        format!("{dir}/manuscript-12mb.txt"),
        shapes::seed_repeated(12_000_000),
    )
    .expect("write manuscript");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if !write_only {
        println!("{cores} core(s) available");
    }
    for name in ["seed", "note-dense"] {
        if shape.is_some_and(|s| s != name) {
            continue;
        }
        for &mb in &sizes {
            let bytes = mb * 1_000_000;
            let text = match name {
                "seed" => shapes::seed_repeated(bytes),
                _ => shapes::note_dense(bytes, SEED),
            };
            let path = format!("{dir}/{name}-{mb}mb.txt");
            std::fs::write(&path, &text).expect("write manuscript");
            if write_only {
                continue;
            }
            let n = runs(mb);
            report(
                &format!("{name} extract+rules"),
                text.len(),
                &extract_and_rules(&text, n),
            );
            report(
                &format!("{name} pipeline (json bytes)"),
                text.len(),
                &pipeline(&path, n),
            );
        }
    }
}
