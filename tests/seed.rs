//! The seed manuscript: the opening pages of a history thesis, as text extracted from its PDF.

mod common;

use common::{citelint, json};

const SEED: &str = "fixtures/korean-war-thesis.txt";

#[test]
fn check_reports_exactly_the_known_problems() {
    let report = json(&["check", "--offline", "--format", "json", SEED]);
    let found: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("C001".to_string(), 27, 3),
            ("U001".to_string(), 68, 2),
            ("U002".to_string(), 90, 1),
            ("N001".to_string(), 102, 6)
        ]
    );
    let u001 = &report["diagnostics"][1];
    assert_eq!(
        u001["fix"]["replacement"],
        "http://www.digitalarchive.wilsoncenter.org"
    );
    assert_eq!(report["summary"]["errors"], 2);
    assert_eq!(report["summary"]["warnings"], 2);
}

#[test]
fn note_citations_are_parsed() {
    let dump = json(&["extract", "--format", "json", SEED]);
    let notes = dump["files"][0]["notes"].as_array().unwrap();
    // Note 1: a book by a corporate author, with no page (C001).
    let one = notes[0]["citations"].as_array().unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["kind"], "book");
    assert_eq!(one[0]["fields"]["place"], "Seoul");
    assert_eq!(one[0]["fields"]["publisher"], "Ministry of Defense");
    assert_eq!(one[0]["fields"]["date"], "1954");
    assert_eq!(one[0]["missing"], serde_json::json!(["pages"]));
    // Note 2: two complete book citations.
    let two = notes[1]["citations"].as_array().unwrap();
    assert_eq!(two.len(), 2);
    let facts: Vec<(&str, &str, &str, &str)> = two
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap(),
                c["fields"]["author"][0].as_str().unwrap(),
                c["fields"]["date"].as_str().unwrap(),
                c["fields"]["pages"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("book", "Dean Acheson", "1969", "363"),
            ("book", "David Halberstam", "2007", "201")
        ]
    );
    for c in two {
        assert_eq!(c["missing"], serde_json::json!([]), "{c}");
    }
    assert_eq!(
        two[0]["fields"]["title"],
        "Present at the Creation: My years in the State Department"
    );
    assert_eq!(two[0]["fields"]["publisher"], "W.W. Norton & Company");
}

#[test]
fn extract_finds_references_notes_and_urls() {
    let dump = json(&["extract", "--format", "json", SEED]);
    let file = &dump["files"][0];
    let refs: Vec<(&str, u64)> = file["refs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["label"].as_str().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(refs, [("1", 3), ("2", 28), ("3", 102)]);
    let notes = file["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["line"], 27);
    assert_eq!(
        notes[0]["text"],
        "The Defense Ministry of South Korea, The Korean War, Seoul: Ministry of Defense, 1954."
    );
    assert_eq!(notes[1]["line"], 56);
    let note2 = notes[1]["text"].as_str().unwrap();
    assert!(note2.starts_with("Dean Acheson, Present at the Creation"));
    assert!(note2.contains("1969, p.363; David Halberstam"));
    assert!(note2.ends_with("2007, p.201."));
    let links: Vec<(&str, bool)> = file["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["url"].as_str().unwrap(), l["repaired"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("http://www.digitalarchive.wilsoncenter.org/", true),
            ("http://www.cia.gov/library", false),
            ("http://www/", false),
            ("http://www.cia.gov/library", false)
        ]
    );
    assert_eq!(
        file["links"][0]["text"],
        "http://www.digitalarchive. wilsoncenter.org"
    );
}

#[test]
fn snapshots() {
    for format in ["human", "short", "json"] {
        let run = citelint(&["check", "--offline", "--format", format, SEED]);
        assert_eq!(run.code, 1);
        insta::assert_snapshot!(format!("seed.{format}"), run.stdout);
    }
    for format in ["human", "json"] {
        let run = citelint(&["extract", "--format", format, SEED]);
        assert_eq!(run.code, 0);
        insta::assert_snapshot!(format!("seed.extract.{format}"), run.stdout);
    }
}
