//! Every rule fixture, end to end: the facts its header promises (code, line, column), and
//! snapshots of the human, short and JSON reports.

mod common;

use common::{citelint, expected, findings, json};

/// The fixtures of a directory with one of these extensions.
fn fixtures_in(dir: &str, extensions: &[&str]) -> Vec<String> {
    std::fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR")))
        .expect(dir)
        .map(|e| format!("{dir}/{}", e.expect("entry").file_name().to_string_lossy()))
        .filter(|p| extensions.iter().any(|x| p.ends_with(&format!(".{x}"))))
        .collect()
}

/// The fixtures and what their first line says they must emit: one per rule, the Markdown
/// reader's cases, and prose numbers that are not references.
fn fixtures() -> Vec<String> {
    // Manuscripts only: a Markdown fixture's bibliography is read through it. The rules'
    // LaTeX fixtures and their `.bib` files are each checked (a `.bib` alone, too).
    let mut paths = fixtures_in("fixtures/rules", &["txt", "md", "tex", "bib"]);
    paths.extend(fixtures_in("fixtures/markdown", &["txt", "md"]));
    paths.push("fixtures/prose-numbers.txt".to_string());
    paths.sort();
    paths
}

/// Rules whose findings only a binary format can carry, and their fixture (run by the reader's
/// own tests: tests/office.rs).
const BINARY_FIXTURES: &[(&str, &str)] = &[("C011", "fixtures/docx/zotero.docx")];

#[test]
fn every_rule_has_a_fixture() {
    let names: Vec<String> = fixtures();
    let out = citelint(&["rules"]).stdout;
    for line in out.lines() {
        let code = line.split_whitespace().next().unwrap();
        // Link and provenance rules need the test servers: their fixtures are run by
        // tests/links.rs and tests/provenance.rs.
        let dir = match code.chars().next() {
            Some('L') => "links",
            Some('W') => "provenance",
            _ => "rules",
        };
        let found = ["txt", "md", "tex", "bib"].iter().any(|ext| {
            let path = format!("fixtures/{dir}/{code}.{ext}");
            names.contains(&path) || std::path::Path::new(&path).exists()
        }) || BINARY_FIXTURES
            .iter()
            .any(|(c, path)| *c == code && std::path::Path::new(path).exists());
        // The PDF reader's rules need PDFs: their fixtures are run by tests/pdf.rs.
        let found =
            found || std::path::Path::new(&format!("fixtures/pdf-cases/{code}.pdf")).exists();
        assert!(found, "no fixture for {code}");
    }
}

#[test]
fn fixtures_emit_what_their_header_says() {
    for path in fixtures() {
        let report = json(&["check", "--offline", "--format", "json", &path]);
        let found = findings(&report);
        let text = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(found, expected(&String::from_utf8_lossy(&text)), "{path}");
        // The rule a fixture is named after is the rule that fires.
        let file = path.rsplit('/').next().unwrap();
        let stem = file.split('.').next().unwrap();
        if stem.len() == 4 {
            assert!(found.iter().all(|(code, _, _)| code == stem), "{path}");
        }
    }
}

#[test]
fn exit_code_follows_the_most_severe_finding() {
    for path in fixtures() {
        let run = citelint(&["check", "--offline", "--format", "short", &path]);
        let has_error = run.stdout.contains(": error[");
        assert_eq!(run.code, i32::from(has_error), "{path}: {}", run.stdout);
    }
}

#[test]
fn snapshots() {
    for path in fixtures() {
        let name = path
            .trim_start_matches("fixtures/")
            .trim_end_matches(".txt")
            .replace(".md", "-md")
            .replace(".tex", "-tex")
            .replace(".bib", "-bib")
            .replace('/', "-");
        let formats: &[&str] = if path.starts_with("fixtures/markdown") {
            &[
                "human", "short", "json", "sarif", "github", "gitlab", "junit",
            ]
        } else {
            &["human", "short", "json"]
        };
        for &format in formats {
            let run = citelint(&["check", "--offline", "--format", format, &path]);
            insta::assert_snapshot!(format!("{name}.{format}"), run.stdout);
        }
    }
}

#[test]
fn split_url_offers_the_joined_url_as_a_fix() {
    let report = json(&[
        "check",
        "--offline",
        "--format",
        "json",
        "fixtures/rules/U001.txt",
    ]);
    let fixes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["fix"]["replacement"].as_str().unwrap())
        .collect();
    assert_eq!(
        fixes,
        [
            "http://www.digitalarchive.wilsoncenter.org",
            "https://www.worldbank.org/en/topic/education/brief/learning-poverty"
        ]
    );
    let fix = &report["diagnostics"][1]["fix"];
    assert_eq!(
        (fix["line"].as_u64(), fix["column"].as_u64()),
        (Some(4), Some(28))
    );
    assert_eq!(
        (fix["end_line"].as_u64(), fix["end_column"].as_u64()),
        (Some(5), Some(39))
    );
}
