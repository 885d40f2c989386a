//! The registries, in their own request and response formats:
//!
//! - the DOI handle API (`GET {doi-api}{doi}`): `responseCode` 1 (registered), 100 (not
//!   found, with HTTP 404), 200 (the handle exists but holds no values; counted as registered);
//! - Crossref (`GET {crossref-api}/works/{doi}` and `/works?query.bibliographic=&query.author=
//!   &rows=5`): `message` (or `message.items[]`) with `title[]`, `subtitle[]`, `author[].family`,
//!   `issued.date-parts`, `DOI`;
//! - DataCite (`GET {datacite-api}/dois/{doi}`): `data.attributes` with `titles[].title`,
//!   `creators[].familyName`, `publicationYear`;
//! - Open Library (`GET {openlibrary-api}/isbn/{isbn}.json`, a redirect to the edition when
//!   known, 404 when not; `/search.json?title=&author=&limit=5`: `docs[]` with `title`,
//!   `subtitle`, `author_name[]`, `first_publish_year`, `isbn[]`);
//! - the Wayback Machine's CDX API (`GET {wayback-cdx-api}?url=&output=json&fl=timestamp,
//!   original,statuscode&filter=statuscode:200`): rows of strings, the first the field names.
//!
//! Each function returns what the service said as data, and whether that may be cached (a
//! failure may not).

use serde_json::Value;

use super::ProvenanceOptions;
use super::fetch::{Down, Fetcher};
use crate::model::provenance::{Capture, Captures, Lookup, Record, WorkQuery};

/// Characters kept as they are in a path built from an identifier (RFC 3986 unreserved, `/`).
fn encode(part: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `base` + `path`, with a single `/` between them.
fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

fn json(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}

fn unverifiable(Down(reason): Down) -> (Lookup, bool) {
    (Lookup::Unverifiable { reason }, false)
}

/// Is `doi` registered with any agency? With its Crossref or DataCite record when it is.
pub async fn doi(f: &Fetcher, o: &ProvenanceOptions, doi: &str) -> (Lookup, bool) {
    let url = join(&o.doi_api, &encode(doi, true));
    let reply = match f.get("doi-api", &o.doi_api, &url).await {
        Ok(reply) => reply,
        Err(down) => return unverifiable(down),
    };
    let code = json(&reply.body).and_then(|v| v["responseCode"].as_i64());
    match code {
        Some(1 | 200) => {}
        Some(100) => return (Lookup::NotFound, true),
        _ => {
            return (
                Lookup::Unverifiable {
                    reason: format!(
                        "the handle API answered `{}` without a responseCode",
                        reply.status
                    ),
                },
                false,
            );
        }
    }
    let (record, complete) = doi_record(f, o, doi).await;
    (
        Lookup::Found {
            records: record.into_iter().collect(),
        },
        complete,
    )
}

/// The record of a registered DOI: Crossref first, then DataCite.
async fn doi_record(f: &Fetcher, o: &ProvenanceOptions, doi: &str) -> (Option<Record>, bool) {
    if o.crossref_records {
        let mut url = join(&o.crossref_api, &format!("works/{}", encode(doi, true)));
        if let Some(mailto) = &o.mailto {
            url.push_str(&format!("?mailto={}", encode(mailto, false)));
        }
        match f.get("crossref-api", &o.crossref_api, &url).await {
            Ok(r) if r.status == 200 => {
                return (
                    json(&r.body).and_then(|v| crossref_record(&v["message"])),
                    true,
                );
            }
            Ok(_) => {}
            Err(_) => return (None, false),
        }
        let url = join(&o.datacite_api, &format!("dois/{}", encode(doi, true)));
        match f.get("datacite-api", &o.datacite_api, &url).await {
            Ok(r) if r.status == 200 => {
                return (json(&r.body).and_then(|v| datacite_record(&v)), true);
            }
            Ok(_) => {}
            Err(_) => return (None, false),
        }
    }
    (None, true)
}

fn first_str(v: &Value) -> Option<String> {
    v.as_array()?
        .first()?
        .as_str()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn with_subtitle(title: Option<String>, subtitle: Option<String>) -> Option<String> {
    match (title, subtitle) {
        (Some(t), Some(s)) if !t.to_lowercase().contains(&s.to_lowercase()) => {
            Some(format!("{t}: {s}"))
        }
        (t, _) => t,
    }
}

/// A Crossref work (`message`, or one of `message.items`).
fn crossref_record(work: &Value) -> Option<Record> {
    let family = work["author"].as_array().and_then(|authors| {
        let first = authors
            .iter()
            .find(|a| a["sequence"] == "first")
            .or(authors.first())?;
        first["family"]
            .as_str()
            .or(first["name"].as_str())
            .map(str::to_string)
    });
    Some(Record {
        service: "crossref".into(),
        title: with_subtitle(first_str(&work["title"]), first_str(&work["subtitle"])),
        family,
        year: work["issued"]["date-parts"][0][0]
            .as_u64()
            .map(|y| y as u32),
        doi: work["DOI"].as_str().map(str::to_string),
        isbn: first_str(&work["ISBN"]),
    })
}

/// A DataCite DOI (`data.attributes`).
fn datacite_record(v: &Value) -> Option<Record> {
    let a = &v["data"]["attributes"];
    let titles = a["titles"].as_array()?;
    let plain = titles
        .iter()
        .find(|t| t["titleType"].is_null())
        .or(titles.first());
    let sub = titles.iter().find(|t| t["titleType"] == "Subtitle");
    let creator = a["creators"].as_array().and_then(|c| c.first());
    Some(Record {
        service: "datacite".into(),
        title: with_subtitle(
            plain.and_then(|t| t["title"].as_str()).map(str::to_string),
            sub.and_then(|t| t["title"].as_str()).map(str::to_string),
        ),
        family: creator.and_then(|c| {
            c["familyName"]
                .as_str()
                .or(c["name"].as_str())
                .map(|n| n.split(',').next().unwrap_or(n).trim().to_string())
        }),
        year: a["publicationYear"]
            .as_u64()
            .or_else(|| a["publicationYear"].as_str()?.parse().ok())
            .map(|y| y as u32),
        doi: a["doi"].as_str().map(str::to_string),
        isbn: None,
    })
}

/// Does Open Library know this ISBN (digits only)?
pub async fn isbn(f: &Fetcher, o: &ProvenanceOptions, isbn: &str) -> (Lookup, bool) {
    let url = join(
        &o.openlibrary_api,
        &format!("isbn/{}.json", encode(isbn, false)),
    );
    match f.get("openlibrary-api", &o.openlibrary_api, &url).await {
        Ok(r) if r.status == 200 => {
            let record = json(&r.body).map(|v| Record {
                service: "openlibrary".into(),
                title: with_subtitle(
                    v["title"].as_str().map(str::to_string),
                    v["subtitle"].as_str().map(str::to_string),
                ),
                isbn: Some(isbn.to_string()),
                ..Record::default()
            });
            (
                Lookup::Found {
                    records: record.into_iter().collect(),
                },
                true,
            )
        }
        Ok(r) if r.status == 404 => (Lookup::NotFound, true),
        Ok(r) => (
            Lookup::Unverifiable {
                reason: format!("Open Library answered `{}`", r.status),
            },
            false,
        ),
        Err(down) => unverifiable(down),
    }
}

/// Search for a work by title and author: Crossref for articles and chapters, Open Library
/// for books. The candidates come back in the service's order; the rule judges them.
pub async fn work(f: &Fetcher, o: &ProvenanceOptions, q: &WorkQuery) -> (Lookup, bool) {
    let author = q.author.as_deref().unwrap_or("");
    let (service, base, url) = if q.service == "crossref" {
        let mut url = join(
            &o.crossref_api,
            &format!(
                "works?query.bibliographic={}&rows=5",
                encode(&q.title, false)
            ),
        );
        if !author.is_empty() {
            url.push_str(&format!("&query.author={}", encode(author, false)));
        }
        if let Some(mailto) = &o.mailto {
            url.push_str(&format!("&mailto={}", encode(mailto, false)));
        }
        ("crossref-api", &o.crossref_api, url)
    } else {
        let mut url = join(
            &o.openlibrary_api,
            &format!("search.json?title={}&limit=5", encode(&q.title, false)),
        );
        if !author.is_empty() {
            url.push_str(&format!("&author={}", encode(author, false)));
        }
        ("openlibrary-api", &o.openlibrary_api, url)
    };
    let reply = match f.get(service, base, &url).await {
        Ok(r) if r.status == 200 => r,
        Ok(r) => {
            return (
                Lookup::Unverifiable {
                    reason: format!("the search answered `{}`", r.status),
                },
                false,
            );
        }
        Err(down) => return unverifiable(down),
    };
    let Some(v) = json(&reply.body) else {
        return (
            Lookup::Unverifiable {
                reason: "the search's answer is not JSON".into(),
            },
            false,
        );
    };
    let records: Vec<Record> = if service == "crossref-api" {
        v["message"]["items"]
            .as_array()
            .map(|items| items.iter().filter_map(crossref_record).collect())
            .unwrap_or_default()
    } else {
        v["docs"]
            .as_array()
            .map(|docs| docs.iter().map(openlibrary_doc).collect())
            .unwrap_or_default()
    };
    if records.is_empty() {
        (Lookup::NotFound, true)
    } else {
        (Lookup::Found { records }, true)
    }
}

fn openlibrary_doc(doc: &Value) -> Record {
    Record {
        service: "openlibrary".into(),
        title: with_subtitle(
            doc["title"].as_str().map(str::to_string),
            doc["subtitle"].as_str().map(str::to_string),
        ),
        family: first_str(&doc["author_name"])
            .and_then(|n| n.split_whitespace().last().map(str::to_string)),
        year: doc["first_publish_year"].as_u64().map(|y| y as u32),
        doi: None,
        isbn: first_str(&doc["isbn"]),
    }
}

/// The captures of `url` with status 200, oldest first; `None` when the archive failed.
pub async fn captures(f: &Fetcher, o: &ProvenanceOptions, url: &str) -> Option<Captures> {
    let query = format!(
        "{}?url={}&output=json&fl=timestamp,original,statuscode&filter=statuscode:200",
        o.wayback_cdx_api,
        encode(url, false)
    );
    let reply = f
        .get("wayback-cdx-api", &o.wayback_cdx_api, &query)
        .await
        .ok()?;
    if reply.status != 200 {
        return None;
    }
    // An empty result may be an empty body as well as `[]`.
    let rows: Vec<Vec<String>> = if reply.body.iter().all(u8::is_ascii_whitespace) {
        Vec::new()
    } else {
        serde_json::from_slice(&reply.body).ok()?
    };
    let mut captures: Vec<Capture> = rows
        .into_iter()
        .filter(|row| row.first().is_some_and(|t| t != "timestamp"))
        .filter_map(|row| {
            let mut it = row.into_iter();
            Some(Capture {
                timestamp: it.next()?,
                original: it.next()?,
            })
        })
        .collect();
    captures.sort_by(|a, b| a.timestamp.cmp(&b.timestamp));
    Some(Captures {
        captures,
        replay: o.wayback_url.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossref_work_shape() {
        let v: Value = serde_json::from_str(
            r#"{"status":"ok","message-type":"work","message":{"DOI":"10.1037/0003-066x.59.1.29",
            "title":["How the Mind Hurts and Heals the Body."],"subtitle":[],
            "author":[{"given":"Oakley","family":"Ray","sequence":"first","affiliation":[]}],
            "issued":{"date-parts":[[2004]]}}}"#,
        )
        .unwrap();
        let r = crossref_record(&v["message"]).unwrap();
        assert_eq!(
            r.title.as_deref(),
            Some("How the Mind Hurts and Heals the Body.")
        );
        assert_eq!(r.family.as_deref(), Some("Ray"));
        assert_eq!(r.year, Some(2004));
    }

    #[test]
    fn datacite_shape() {
        let v: Value = serde_json::from_str(
            r#"{"data":{"id":"10.5061/dryad.8515","type":"dois","attributes":{"doi":"10.5061/dryad.8515",
            "titles":[{"title":"Data from: A new malaria agent"},{"title":"in African hominids","titleType":"Subtitle"}],
            "creators":[{"name":"Ollomo, Benjamin","familyName":"Ollomo","givenName":"Benjamin"}],
            "publicationYear":2011}}}"#,
        )
        .unwrap();
        let r = datacite_record(&v).unwrap();
        assert_eq!(
            r.title.as_deref(),
            Some("Data from: A new malaria agent: in African hominids")
        );
        assert_eq!(r.family.as_deref(), Some("Ollomo"));
        assert_eq!(r.year, Some(2011));
    }

    #[test]
    fn identifiers_are_encoded_in_paths() {
        assert_eq!(encode("10.1000/a<b>#c", true), "10.1000/a%3Cb%3E%23c");
        assert_eq!(encode("a b&c", false), "a%20b%26c");
    }
}
