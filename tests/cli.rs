//! The command line itself: exit codes, bad input, standard input, rules and explain.

mod common;

use common::{citelint, citelint_env, citelint_stdin, json};
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const SEED: &str = "fixtures/korean-war-thesis.txt";

fn tmp(name: &str, bytes: &[u8]) -> String {
    let path = format!("{}/{name}", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn missing_file_is_an_input_error() {
    let run = citelint(&["check", "--offline", "no/such/thesis.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/thesis.txt"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_directory_is_walked_and_an_empty_one_is_an_error() {
    let run = citelint(&[
        "check",
        "--offline",
        "--format",
        "short",
        "-q",
        "fixtures/rules",
    ]);
    assert_eq!(run.code, 1);
    for code in ["N001", "N004", "U002", "C010"] {
        assert!(
            run.stdout.contains(&format!("fixtures/rules/{code}.txt:")),
            "{code}: {}",
            run.stdout
        );
    }
    let empty = format!("{}/empty-dir", env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&empty).unwrap();
    let run = citelint(&["check", "--offline", &empty]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no manuscript found"), "{}", run.stderr);
}

#[test]
fn binary_file_is_an_input_error() {
    let path = tmp("binary.bin", b"abc\0def");
    let run = citelint(&["check", "--offline", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("binary file"), "{}", run.stderr);
    // A PDF holds NUL bytes, and is read as a PDF: this one has nothing past its header.
    let path = tmp("thesis.pdf", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
    let run = citelint(&["check", "--offline", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("starts like a PDF"), "{}", run.stderr);
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let path = format!("{}/huge.txt", env!("CARGO_TARGET_TMPDIR"));
    let file = std::fs::File::create(&path).unwrap();
    // A sparse file: its length is over the limit, its blocks are never written.
    file.set_len(citelint::input::MAX_FILE_SIZE + 1).unwrap();
    let run = citelint(&["check", "--offline", &path]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("too large"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_a_warning_not_a_failure() {
    let run = citelint(&[
        "check",
        "--offline",
        "--format",
        "short",
        "fixtures/rules/I001.txt",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("warning[I001 invalid-utf8]"),
        "{}",
        run.stdout
    );
}

#[test]
fn standard_input() {
    let text = std::fs::read(format!("{}/{SEED}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let run = citelint_stdin(
        &["check", "--offline", "--format", "short", "-"],
        Some(&text),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("<stdin>:27:3: warning[C001 missing-page]:")
            && run
                .stdout
                .contains("\n<stdin>:68:2: warning[U001 split-url]:"),
        "{}",
        run.stdout
    );
}

#[test]
fn several_paths_in_one_run_sorted_by_file_then_position() {
    let run = citelint(&[
        "check",
        "--offline",
        "--format",
        "short",
        "-q",
        SEED,
        "fixtures/rules/N002.txt",
    ]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert!(lines[0].starts_with(SEED) && lines[3].starts_with(SEED));
    assert!(
        lines[4].starts_with("fixtures/rules/N002.txt:4:1: warning[N002 unreferenced-footnote]:")
    );
    // --quiet drops the summary.
    assert!(!run.stdout.contains("summary"));
    assert_eq!(run.code, 1);
}

#[test]
fn one_bad_path_stops_the_run() {
    let run = citelint(&["check", "--offline", SEED, "missing.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(citelint(&["check"]).code, 2);
    assert_eq!(
        citelint(&["check", "--offline", "--format", "xml", SEED]).code,
        2
    );
    assert_eq!(citelint(&["frobnicate"]).code, 2);
    assert_eq!(citelint(&["--help"]).code, 0);
}

#[test]
fn color_is_off_unless_asked() {
    let plain = citelint(&["check", "--offline", SEED]);
    assert!(!plain.stdout.contains('\x1b'));
    let colored = citelint(&["check", "--offline", "--color", "always", SEED]);
    assert!(colored.stdout.contains('\x1b'));
}

#[test]
fn rules_and_explain() {
    let run = citelint(&["rules"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("rules", run.stdout);
    let by_code = citelint(&["explain", "N001"]);
    let by_name = citelint(&["explain", "undefined-footnote"]);
    assert_eq!(by_code.code, 0);
    assert_eq!(by_code.stdout, by_name.stdout);
    assert!(by_code.stdout.contains("## What it does"));
    insta::assert_snapshot!("explain-N001", by_code.stdout);
    let unknown = citelint(&["explain", "Z999"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("unknown rule `Z999`"));
}

#[test]
fn fix_rewrites_the_file_atomically_and_only_when_asked() {
    let path = format!("{}/fix-me.txt", env!("CARGO_TARGET_TMPDIR"));
    let original = std::fs::read_to_string(format!(
        "{}/fixtures/rules/U001.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    std::fs::write(&path, &original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // Without --fix the file is untouched.
    citelint(&["check", "--offline", &path]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    let run = citelint(&["check", "--offline", "--fix", "--format", "short", &path]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("fixed 2 finding(s)"), "{}", run.stderr);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("(http://www.digitalarchive.wilsoncenter.org) to be read online"));
    assert!(fixed.contains(
        "at https://www.worldbank.org/en/topic/education/brief/learning-poverty in some detail"
    ));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
    // Nothing is left to fix.
    let again = citelint(&["check", "--offline", "--format", "short", "-q", &path]);
    assert!(again.stdout.is_empty(), "{}", again.stdout);
    // Standard input is never written back.
    let run = citelint_stdin(
        &["check", "--offline", "--fix", "-"],
        Some(original.as_bytes()),
    );
    assert!(
        run.stderr.contains("standard input cannot be written back"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_path_first_is_short_for_check() {
    let seed = SEED;
    let check = citelint(&["check", "--offline", "--format", "short", seed]);
    for args in [
        vec![seed, "--offline", "--format", "short"],
        vec!["--offline", "--format", "short", seed],
    ] {
        let run = citelint(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, check.stdout, "{args:?}");
    }
    assert!(
        check.stdout.contains("warning[C001 missing-page]"),
        "{}",
        check.stdout
    );
    // Standard input too.
    let run = citelint_stdin(&["-", "--offline"], Some(b"Text.1\n"));
    assert!(run.stdout.contains("N001"), "{}", run.stdout);
    // A misspelt subcommand is not taken for a file: clap suggests the right one.
    let typo = citelint(&["chek", "x"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("similar subcommand exists: 'check'"),
        "{}",
        typo.stderr
    );
    // Subcommands and help are untouched.
    assert_eq!(citelint(&["rules"]).code, 0);
    let help = citelint(&["--help"]).stdout;
    assert!(help.contains("Usage: citelint <COMMAND>"), "{help}");
    assert!(
        help.contains("is short for `citelint check PATH...`"),
        "{help}"
    );
}

#[test]
fn every_format_counts_columns_in_characters() {
    // `“ﬁrst” report’s éditeur` holds 9 bytes more than characters before the URL, which
    // starts at character 35 (byte 44).
    let path = "fixtures/columns.txt";
    let run = |format: &str| citelint(&["check", "--offline", "--format", format, path]).stdout;
    assert!(
        run("human").contains("╭─[fixtures/columns.txt:1:35]"),
        "{}",
        run("human")
    );
    assert!(run("short").starts_with("fixtures/columns.txt:1:35: error[U002 malformed-url]:"));
    assert!(
        run("github").contains(",line=1,col=35,endLine=1,endColumn=46,"),
        "{}",
        run("github")
    );
    assert!(
        run("junit").contains(">fixtures/columns.txt:1:35: error[U002"),
        "{}",
        run("junit")
    );
    let report = json(&["check", "--offline", "--format", "json", path]);
    let d = &report["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(35))
    );
    assert_eq!(
        (d["end_column"].as_u64(), d["start"].as_u64()),
        (Some(46), Some(43))
    );
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"].as_u64(), Some(35), "{region}");
    assert_eq!(region["endColumn"].as_u64(), Some(46), "{region}");
    // GitLab's Code Quality report has lines only.
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab[0]["location"]["lines"]["begin"].as_u64(), Some(1));
}

#[test]
fn help_text_never_breaks_a_url_at_a_narrow_width() {
    let run = citelint_env(
        ROOT,
        &["check", "--offline", "fixtures/wrapped-help.txt"],
        &[("COLUMNS", "40")],
        None,
    );
    let url = "`https://www.cia.gov/readingroom/docs/CIA-RDP79R01012A000700020001-1.pdf`";
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim_start() == url || l.ends_with(url)),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("wrapped-help.human", run.stdout);
}

#[test]
fn a_closed_standard_error_is_not_a_crash() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = Command::new(env!("CARGO_BIN_EXE_citelint"))
        .args(["check", "--offline", "no/such/file.txt"])
        .current_dir(ROOT)
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "the input error's exit code, not a panic's 101"
    );
}

/// A fresh directory under the target's temporary directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn odd_file_names_are_read_and_reported_on_one_line() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("names");
    let bad = std::ffi::OsStr::from_bytes(b"bad\xff.txt");
    std::fs::write(dir.join(bad), "See http://www/ for it.\n").unwrap();
    std::fs::write(dir.join("two\nlines.txt"), "See http://www/ again.\n").unwrap();
    let dir = dir.to_str().unwrap();
    let run = citelint(&["check", "--offline", "--format", "short", "-q", dir]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with(&format!("{dir}/bad\u{fffd}.txt:1:5: error[U002")),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("{dir}/two\\nlines.txt:1:5: error[U002")),
        "{}",
        lines[1]
    );
}

#[test]
fn fix_follows_a_symbolic_link_and_leaves_read_only_files_alone() {
    let dir = scratch("fix");
    let split = "See http://www.digitalarchive. wilsoncenter.org for it.\n";
    std::fs::write(dir.join("thesis.txt"), split).unwrap();
    std::os::unix::fs::symlink("thesis.txt", dir.join("link.txt")).unwrap();
    let run = citelint_env(
        dir.to_str().unwrap(),
        &["check", "--offline", "--fix", "link.txt"],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        std::fs::symlink_metadata(dir.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let fixed = std::fs::read_to_string(dir.join("thesis.txt")).unwrap();
    assert!(
        fixed.contains("http://www.digitalarchive.wilsoncenter.org "),
        "{fixed}"
    );

    let locked = dir.join("locked.txt");
    std::fs::write(&locked, split).unwrap();
    let mut permissions = std::fs::metadata(&locked).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&locked, permissions).unwrap();
    let run = citelint_env(
        dir.to_str().unwrap(),
        &[
            "check",
            "--offline",
            "--fix",
            "--format",
            "short",
            "locked.txt",
        ],
        &[],
        None,
    );
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), split);
    assert!(
        run.stderr
            .contains("`locked.txt` not fixed: it is read-only"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("warning[U001 split-url]"),
        "the finding is still reported"
    );
}

#[test]
fn man_pages_for_every_command() {
    let dir = scratch("man");
    let run = citelint(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for command in [
        "check",
        "extract",
        "cite",
        "rules",
        "explain",
        "init",
        "completions",
        "man",
    ] {
        let page = std::fs::read_to_string(dir.join(format!("citelint-{command}.1")))
            .unwrap_or_else(|e| panic!("citelint-{command}.1: {e}"));
        assert!(
            page.contains(&format!(".TH citelint-{command}")),
            "{command}"
        );
    }
    let check = std::fs::read_to_string(dir.join("citelint-check.1")).unwrap();
    assert!(check.contains("\\-\\-offline") && check.contains("EXIT STATUS"));
    let top = std::fs::read_to_string(dir.join("citelint.1")).unwrap();
    assert!(top.contains("citelint\\-check(1)") && top.contains("EXIT STATUS"));
    assert_eq!(
        citelint(&["man"]).stdout,
        top,
        "`citelint man` prints citelint.1"
    );
}

#[test]
fn the_content_decides_the_format() {
    // Every format citelint detects is read; `.doc` files are the office reader's to refuse
    // (tests/office.rs). A PDF named `.txt` is still a PDF (and this one is broken).
    let path = tmp("disguised.txt", b"%PDF-1.4\n");
    assert!(
        citelint(&["check", "--offline", &path])
            .stderr
            .contains("starts like a PDF")
    );
}

#[test]
fn extract_prints_the_text_positions_refer_to_and_markdown_facts() {
    let path = "fixtures/markdown/pandoc-citations.md";
    let text = citelint(&["extract", "--format", "text", path]);
    assert_eq!(
        text.stdout,
        std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap()
    );
    let report = json(&["extract", "--format", "json", path]);
    let file = &report["files"][0];
    assert_eq!(file["format"], "markdown");
    let cites = file["cites"].as_array().unwrap();
    let keys: Vec<(Vec<&str>, u64, u64)> = cites
        .iter()
        .map(|c| {
            let keys = c["keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            (
                keys,
                c["line"].as_u64().unwrap(),
                c["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            (vec!["cumings81", "stueck95"], 6, 21),
            (vec!["gaddis97"], 7, 1),
            (vec!["jervis80"], 10, 26),
        ]
    );
    assert_eq!(cites[0]["items"][0]["locator"], "pp. 33-35");
    assert_eq!(cites[0]["items"][1]["suppress_author"], true);
    assert_eq!(cites[2]["in_note"], true);
    // The note's text leaves the citation out; e-mail addresses are not citations.
    assert_eq!(file["notes"][0]["label"], "1");
    let chapter = json(&[
        "extract",
        "--format",
        "json",
        "fixtures/markdown/chapter.md",
    ]);
    let labels: Vec<&str> = chapter["files"][0]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["1", "2", "3"]);
    let urls: Vec<&str> = chapter["files"][0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://digitalarchive.wilsoncenter.org/document/121757",
            "https://digitalarchive.wilsoncenter.org/collection/27/korean-war-origins"
        ]
    );
}

#[test]
fn a_markdown_footnote_in_a_text_file_is_not_a_silent_pass() {
    let path = tmp("chapter.txt", b"The claim.[^1]\n\n[^1]: A note.\n");
    let run = citelint(&["check", "--offline", "--format", "short", &path]);
    assert!(
        run.stdout.contains("warning[I002 unread-footnotes]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Markdown footnotes"), "{}", run.stdout);
}

#[test]
fn rules_that_need_no_network_never_reach_it() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/page", listener.local_addr().unwrap());
    let path = tmp(
        "no-network.txt",
        format!("A claim.1 See {url} for it.\n").as_bytes(),
    );
    // Only footnote rules: no link rule is selected, so no link is asked (no `--offline`).
    let run = citelint(&[
        "check",
        "--allow-private",
        "--select",
        "N",
        "--format",
        "json",
        &path,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(report["links"].is_null(), "{report}");
    assert_eq!(
        listener.accept().map(|_| ()).unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock,
        "citelint connected although no selected rule reads link results"
    );
    // With the link rules selected, it does connect.
    let run = citelint(&[
        "check",
        "--allow-private",
        "--select",
        "L",
        "--timeout",
        "1",
        "--max-retries",
        "0",
        "--no-cache",
        &path,
    ]);
    assert!(run.stdout.contains("links:"), "{}", run.stdout);
    assert!(listener.accept().is_ok(), "the link rules ask the network");
}

#[test]
fn an_over_long_citation_is_read_in_part_and_said_so() {
    // One note of 200 KB with no `;`: its first `MAX_CITATION_BYTES` are tagged, and stderr
    // says so (it is not passed as a citation that was checked whole).
    let mut text = String::from(
        "It ended.1\n\n1 Dean Acheson, Present at the Creation (New York: Norton, 1969)",
    );
    while text.len() < 200_000 {
        text.push_str(", and so on at length");
    }
    text.push_str(", 363.\n");
    let path = tmp("long-citation.txt", text.as_bytes());
    let run = citelint(&[
        "check",
        "--offline",
        "--isolated",
        "--format",
        "json",
        &path,
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    let max = citelint::cite::MAX_CITATION_BYTES;
    assert!(
        run.stderr
            .contains(&format!("1 citation(s) longer than {max} bytes")),
        "{}",
        run.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(report.is_object() || report.is_array());
}
