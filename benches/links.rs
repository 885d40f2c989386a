//! Link checking throughput: 1,000 unique URLs over 10 loopback hosts (127.0.0.2 to
//! 127.0.0.11), each answering after 100 ms, checked with the default limits (32 in flight, 4 per
//! host). The ideal those limits allow is 1000 x 100 ms / 32 = 3.1 s.
//!
//! `cargo bench --bench links` prints citelint's wall time and peak memory (through
//! `/usr/bin/time` when it is there), and the same for lychee when `LYCHEE` names its binary:
//! `LYCHEE=lychee cargo bench --bench links`.

use std::process::Command;
use std::time::{Duration, Instant};

const HOSTS: usize = 10;
const URLS: usize = 1000;

fn start_servers() -> Vec<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let mut origins = Vec::new();
            for h in 0..HOSTS {
                let ip = format!("127.0.0.{}", h + 2);
                let listener = tokio::net::TcpListener::bind((ip.as_str(), 0))
                    .await
                    .expect("bind a loopback address");
                origins.push(format!("http://{}", listener.local_addr().expect("addr")));
                let app = axum::Router::new().fallback(|| async {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    "ok"
                });
                tokio::spawn(async move { axum::serve(listener, app).await });
            }
            tx.send(origins).expect("send origins");
            std::future::pending::<()>().await;
        });
    });
    rx.recv().expect("servers started")
}

/// Run `cmd`, returning wall seconds and peak RSS in KiB (when `/usr/bin/time` exists).
fn measure(program: &str, args: &[&str]) -> (f64, Option<u64>) {
    let timed = std::path::Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", program]);
        c
    } else {
        Command::new(program)
    };
    let start = Instant::now();
    let out = cmd.args(args).output().expect("run the checker");
    let wall = start.elapsed().as_secs_f64();
    let rss = timed
        .then(|| {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
        })
        .flatten();
    (wall, rss)
}

fn main() {
    let origins = start_servers();
    let text: String = (0..URLS)
        .map(|i| format!("See {}/page/{i} for source {i}.\n", origins[i % HOSTS]))
        .collect();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench");
    std::fs::create_dir_all(dir).expect("target/bench");
    let path = format!("{dir}/links-1000.txt");
    std::fs::write(&path, text).expect("write manuscript");
    let ideal = URLS as f64 * 0.1 / 32.0;
    println!("ideal for 32 in flight, 4 per host: {ideal:.2} s");
    let citelint = env!("CARGO_BIN_EXE_citelint");
    for run in 1..=3 {
        let (wall, rss) = measure(
            citelint,
            &[
                "check",
                "--allow-private",
                "--no-cache",
                "--format",
                "short",
                "--quiet",
                &path,
            ],
        );
        println!(
            "citelint run {run}: {wall:.2} s ({:.2}x ideal), peak RSS {}",
            wall / ideal,
            rss.map_or("unknown".to_string(), |k| format!(
                "{:.1} MiB",
                k as f64 / 1024.0
            ))
        );
    }
    if let Ok(lychee) = std::env::var("LYCHEE") {
        for run in 1..=3 {
            let (wall, rss) = measure(
                &lychee,
                &[
                    "--no-progress",
                    "--max-concurrency",
                    "32",
                    "--host-concurrency",
                    "4",
                    &path,
                ],
            );
            println!(
                "lychee run {run}: {wall:.2} s ({:.2}x ideal), peak RSS {}",
                wall / ideal,
                rss.map_or("unknown".to_string(), |k| format!(
                    "{:.1} MiB",
                    k as f64 / 1024.0
                ))
            );
        }
    }
}
