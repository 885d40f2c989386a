//! Running the citelint binary from tests, from the repository root so that paths in reports
//! are stable.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn citelint(args: &[&str]) -> Run {
    citelint_stdin(args, None)
}

pub fn citelint_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    citelint_in(env!("CARGO_MANIFEST_DIR"), args, stdin)
}

/// Run citelint in `dir` (configuration files are found from there).
pub fn citelint_in(dir: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    citelint_env(dir, args, &[], stdin)
}

/// Run citelint in `dir` with these environment variables set.
pub fn citelint_env(dir: &str, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_citelint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("citelint runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("write stdin");
    }
    drop(input);
    let out = child.wait_with_output().expect("citelint finishes");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

pub fn json(args: &[&str]) -> serde_json::Value {
    let run = citelint(args);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The findings a fixture's first line promises:
/// `citelint fixture: expect N001 at 3:34, U001 at 4:2` or `expect nothing` (in a Markdown
/// fixture, inside `<!-- … -->`; in a LaTeX or BibTeX fixture, after `% `).
pub fn expected(text: &str) -> Vec<(String, usize, usize)> {
    let header = text.lines().next().expect("header line");
    let header = header
        .strip_prefix("<!-- ")
        .and_then(|h| h.strip_suffix(" -->"))
        .or_else(|| header.strip_prefix("% "))
        .unwrap_or(header);
    let spec = header
        .strip_prefix("citelint fixture: expect ")
        .unwrap_or_else(|| panic!("no fixture header in {header:?}"));
    if spec == "nothing" {
        return vec![];
    }
    spec.split(", ")
        .map(|item| {
            let (code, pos) = item.split_once(" at ").expect("CODE at L:C");
            let (line, col) = pos.split_once(':').expect("L:C");
            (
                code.to_string(),
                line.parse().unwrap(),
                col.parse().unwrap(),
            )
        })
        .collect()
}

/// (code, line, column) of each finding in a `check --format json` report.
pub fn findings(report: &serde_json::Value) -> Vec<(String, usize, usize)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// `files` rendered by the human, short and JSON reporters, one after the other: property tests
/// ask of every reporter that it renders whatever a reader produced without a panic.
pub fn render_all(files: &[citelint::report::FileReport]) -> Vec<u8> {
    use citelint::report::{self, Appearance, Reporter};
    let mut out = Vec::new();
    let reporters: [Box<dyn Reporter>; 3] = [
        Box::new(report::Human {
            style: Appearance::default(),
        }),
        Box::new(report::Short {
            style: Appearance::default(),
        }),
        Box::new(report::Json),
    ];
    for reporter in reporters {
        reporter
            .report(files, &report::Run::default(), &mut out)
            .expect("a report renders");
    }
    out
}
