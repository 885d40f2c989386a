//! `citelint cite` and the note styles, end to end.

mod common;

use common::{citelint, citelint_stdin, json};

#[test]
fn cite_prints_the_documented_shape() {
    let line = "Dean Acheson, Present at the Creation: My years in the State Department, New York: W.W. Norton & Company, 1969, p.363\n";
    let run = citelint_stdin(&["cite", "--format", "json", "-"], Some(line.as_bytes()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let c = &doc["citations"][0];
    assert_eq!(c["input"], line.trim());
    assert_eq!(c["kind"], "book");
    assert_eq!(
        c["fields"],
        serde_json::json!({
            "author": ["Dean Acheson"],
            "title": "Present at the Creation: My years in the State Department",
            "place": "New York",
            "publisher": "W.W. Norton & Company",
            "date": "1969",
            "pages": "363"
        })
    );
    assert_eq!(c["missing"], serde_json::json!([]));
}

#[test]
fn cite_reads_a_file_one_reference_per_line() {
    let path = format!("{}/refs.txt", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(
        &path,
        "Ibid., 45.\n\nAcheson (n 2) 365\nStalin to Gottwald, 27 August 1950, RGASPI, f. 558, op. 11, d. 62, l. 71–72.\n",
    )
    .unwrap();
    let doc = json(&["cite", &path]);
    let kinds: Vec<&str> = doc["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ibid", "cross-reference", "archival"]);
    let human = citelint(&["cite", "--format", "human", &path]);
    insta::assert_snapshot!("cite-human", human.stdout.replace(&path, "refs.txt"));
}

#[test]
fn styles_change_what_is_required() {
    let no_place = "Max Hastings, The Korean War, Pan Books, 1988, p. 12.\n";
    let missing = |style: &str, text: &str| -> serde_json::Value {
        let run = citelint_stdin(&["cite", "--style", style, "-"], Some(text.as_bytes()));
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        doc["citations"][0]["missing"].clone()
    };
    // Chicago 17 wants the place; Chicago 18 only before 1900; MHRA never.
    assert_eq!(
        missing("chicago-17", no_place),
        serde_json::json!(["place"])
    );
    assert_eq!(missing("chicago-18", no_place), serde_json::json!([]));
    assert_eq!(missing("mhra-4", no_place), serde_json::json!([]));
    let old = "Charles Dickens, Bleak House (Bradbury and Evans, 1853), 12.\n";
    assert_eq!(missing("chicago-18", old), serde_json::json!(["place"]));
    // A dated web page needs an access date in MHRA and OSCOLA, not in Chicago.
    let dated =
        "World Bank, “Learning Poverty,” 2019, https://www.worldbank.org/en/topic/education.\n";
    assert_eq!(missing("chicago-17", dated), serde_json::json!([]));
    assert_eq!(missing("mhra-4", dated), serde_json::json!(["accessed"]));
    assert_eq!(missing("oscola-4", dated), serde_json::json!(["accessed"]));
    let unknown = citelint(&["cite", "--style", "apa-7", "-"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("unknown style `apa-7`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn check_json_carries_each_notes_citations() {
    let report = json(&[
        "check",
        "--offline",
        "--format",
        "json",
        "fixtures/korean-war-thesis.txt",
    ]);
    let notes = report["files"][0]["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[1]["line"], 56);
    assert_eq!(notes[1]["citations"].as_array().unwrap().len(), 2);
}
