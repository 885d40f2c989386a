//! The provenance checks against mocks of each service on 127.0.0.1, speaking their real
//! formats (the DOI handle API, Crossref, DataCite, Open Library, the Wayback CDX API), driven
//! through `[provenance]` in a configuration file. Nothing here reaches beyond loopback, and
//! nothing sleeps to synchronise.

mod common;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Run, citelint_in, expected, findings};

/// What the mocks saw: request paths (with their query) and when, by service.
#[derive(Default)]
struct Seen {
    hits: Mutex<Vec<(&'static str, String, Instant)>>,
}

impl Seen {
    fn count(&self, service: &str, needle: &str) -> usize {
        let hits = self.hits.lock().unwrap();
        hits.iter()
            .filter(|(s, p, _)| *s == service && p.contains(needle))
            .count()
    }

    fn times(&self, service: &str, needle: &str) -> Vec<Instant> {
        let hits = self.hits.lock().unwrap();
        hits.iter()
            .filter(|(s, p, _)| *s == service && p.contains(needle))
            .map(|h| h.2)
            .collect()
    }

    fn saw(&self, service: &'static str, uri: &Uri) {
        let path = percent_decode(&uri.to_string());
        self.hits
            .lock()
            .unwrap()
            .push((service, path, Instant::now()));
    }
}

fn percent_decode(text: &str) -> String {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

type Shared = State<Arc<Seen>>;

const RAY_DOI: &str = "10.1037/0003-066x.59.1.29";

fn json_reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// The DOI handle API: `responseCode` 1 for the DOIs it knows, 100 (HTTP 404) otherwise; the
/// first request for `10.5555/busy` is refused with 429 and `Retry-After: 1`.
async fn handles(State(seen): Shared, uri: Uri) -> Response {
    seen.saw("handle", &uri);
    let doi = percent_decode(uri.path().trim_start_matches("/api/handles/"));
    if doi == "10.5555/busy" && seen.count("handle", "10.5555/busy") == 1 {
        let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    }
    if doi == RAY_DOI || doi == "10.5555/busy" {
        json_reply(
            StatusCode::OK,
            json!({"responseCode": 1, "handle": doi, "values": [
                {"index": 1, "type": "URL", "data": {"format": "string",
                 "value": "https://psycnet.apa.org/doi/10.1037/0003-066X.59.1.29"},
                 "ttl": 86400, "timestamp": "2019-04-22T11:24:46Z"}]}),
        )
    } else {
        json_reply(
            StatusCode::NOT_FOUND,
            json!({"responseCode": 100, "handle": doi}),
        )
    }
}

fn ray_work() -> serde_json::Value {
    json!({"DOI": "10.1037/0003-066x.59.1.29", "type": "journal-article",
           "title": ["How the Mind Hurts and Heals the Body."], "subtitle": [],
           "author": [{"given": "Oakley", "family": "Ray", "sequence": "first", "affiliation": []}],
           "container-title": ["American Psychologist"],
           "issued": {"date-parts": [[2004]]}, "score": 1.0})
}

/// Crossref: `/works/{doi}` and `/works?query.bibliographic=…`.
async fn crossref(
    State(seen): Shared,
    uri: Uri,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    seen.saw("crossref", &uri);
    let path = percent_decode(uri.path());
    if let Some(doi) = path.strip_prefix("/works/") {
        return if doi == RAY_DOI {
            json_reply(
                StatusCode::OK,
                json!({"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": ray_work()}),
            )
        } else {
            (StatusCode::NOT_FOUND, "Resource not found.").into_response()
        };
    }
    let title = q.get("query.bibliographic").cloned().unwrap_or_default();
    let items = if title.contains("How the Mind Hurts") {
        vec![ray_work()]
    } else {
        // A search always finds something: here, an unrelated work.
        vec![
            json!({"DOI": "10.1016/j.cell.2009.01.042", "title": ["MicroRNAs: Target Recognition and Regulatory Functions"],
                    "author": [{"given": "David P.", "family": "Bartel", "sequence": "first"}],
                    "issued": {"date-parts": [[2009, 1, 23]]}, "score": 12.5}),
        ]
    };
    json_reply(
        StatusCode::OK,
        json!({"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
               "message": {"total-results": items.len(), "items": items, "items-per-page": 5,
                           "query": {"start-index": 0, "search-terms": null}}}),
    )
}

/// Open Library: `/isbn/{isbn}.json` (a redirect to the edition when known) and `/search.json`.
async fn openlibrary(
    State(seen): Shared,
    uri: Uri,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    seen.saw("openlibrary", &uri);
    match uri.path() {
        "/isbn/9780691093833.json" => {
            let mut r = StatusCode::FOUND.into_response();
            r.headers_mut().insert(
                header::LOCATION,
                HeaderValue::from_static("/books/OL4278045M.json"),
            );
            r
        }
        "/books/OL4278045M.json" => json_reply(
            StatusCode::OK,
            json!({"title": "The origins of the Korean War", "key": "/books/OL4278045M",
                   "isbn_13": ["9780691093833"], "publish_date": "1981"}),
        ),
        "/search.json" => {
            let title = q.get("title").cloned().unwrap_or_default();
            let docs = if title.contains("Present at the Creation") {
                vec![
                    json!({"key": "/works/OL2004520W", "title": "Present at the creation",
                            "subtitle": "my years in the State Department",
                            "author_name": ["Dean Acheson"], "first_publish_year": 1969,
                            "isbn": ["9780393074482"]}),
                ]
            } else {
                vec![]
            };
            json_reply(
                StatusCode::OK,
                json!({"numFound": docs.len(), "start": 0, "numFoundExact": true, "docs": docs}),
            )
        }
        _ => json_reply(StatusCode::NOT_FOUND, json!({"error": "notfound"})),
    }
}

/// The CDX API: captures before the access date, only after it, or none.
async fn cdx(State(seen): Shared, uri: Uri, Query(q): Query<HashMap<String, String>>) -> Response {
    seen.saw("cdx", &uri);
    let url = q.get("url").cloned().unwrap_or_default();
    let header_row = json!(["timestamp", "original", "statuscode"]);
    let rows = if url.ends_with("/gone-before") {
        vec![
            header_row,
            json!(["20180101000000", url, "200"]),
            json!(["20190302120000", url, "200"]),
            json!(["20190401000000", url, "200"]),
        ]
    } else if url.ends_with("/gone-after") {
        vec![
            header_row,
            json!(["20200301000000", url, "200"]),
            json!(["20210101000000", url, "200"]),
        ]
    } else {
        vec![]
    };
    json_reply(StatusCode::OK, json!(rows))
}

/// The cited site: every page is gone.
async fn site(uri: Uri) -> Response {
    let _ = uri;
    StatusCode::NOT_FOUND.into_response()
}

struct Mocks {
    site: String,
    handle: String,
    crossref: String,
    openlibrary: String,
    cdx: String,
    seen: Arc<Seen>,
}

/// Start every mock on 127.0.0.1, each on its own port, on a runtime of their own.
fn start() -> Mocks {
    let seen = Arc::new(Seen::default());
    let state = seen.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let routers = vec![
                Router::new().fallback(site).with_state(state.clone()),
                Router::new().fallback(handles).with_state(state.clone()),
                Router::new().fallback(crossref).with_state(state.clone()),
                Router::new()
                    .fallback(openlibrary)
                    .with_state(state.clone()),
                Router::new().fallback(cdx).with_state(state.clone()),
            ];
            let mut ports = Vec::new();
            for router in routers {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ports.push(listener.local_addr().unwrap().port());
                tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
            }
            tx.send(ports).unwrap();
            std::future::pending::<()>().await;
        });
    });
    let ports = rx.recv().unwrap();
    let origin = |k: usize| format!("http://127.0.0.1:{}", ports[k]);
    Mocks {
        site: origin(0),
        handle: format!("{}/api/handles/", origin(1)),
        crossref: origin(2),
        openlibrary: origin(3),
        cdx: format!("{}/cdx/search/cdx", origin(4)),
        seen,
    }
}

/// A port nothing listens on: a service that is down.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

impl Mocks {
    /// A workspace with the manuscript and a configuration pointing every service at the mocks
    /// (`extra` is appended to `[provenance]`).
    fn workspace(&self, name: &str, text: &str, extra: &str) -> String {
        let dir = format!("{}/provenance-{name}", env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let config = format!(
            "[links]\nallow-private = true\ntimeout = 2\nmax-retries = 1\nretry-backoff = 0.05\n\
             exclude = ['doi\\.org']\n\n[provenance]\ndoi-api = \"{}\"\ncrossref-api = \"{}\"\n\
             datacite-api = \"{}\"\nopenlibrary-api = \"{}\"\nwayback-cdx-api = \"{}\"\n\
             wayback-url = \"https://web.archive.org/web/\"\nmailto = \"thesis@example.org\"\n",
            self.handle, self.crossref, self.crossref, self.openlibrary, self.cdx
        );
        // A key in `extra` replaces the mock's.
        let config: String = config
            .lines()
            .filter(|l| {
                let key = l.split(" = ").next().unwrap_or("");
                l.contains(" = ") && !extra.contains(&format!("{key} = ")) || !l.contains(" = ")
            })
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            + extra;
        std::fs::write(format!("{dir}/citelint.toml"), config).unwrap();
        std::fs::write(format!("{dir}/thesis.txt"), text).unwrap();
        dir
    }

    fn scenarios(&self) -> String {
        std::fs::read_to_string(format!(
            "{}/fixtures/provenance/scenarios.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .replace("{ORIGIN}", &self.site)
    }

    /// Ports replaced, for snapshots.
    fn stable(&self, text: &str) -> String {
        text.replace(&self.site, "http://127.0.0.1:SITE")
    }
}

fn check(dir: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", "--no-cache", "--select", "W,L001,L002"];
    all.extend_from_slice(args);
    all.push("thesis.txt");
    citelint_in(dir, &all, None)
}

fn report(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

/// (code, line) of each finding.
fn codes(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_scenario_gets_its_finding() {
    let mocks = start();
    let dir = mocks.workspace("scenarios", &mocks.scenarios(), "");
    let run = check(&dir, &["--format", "json"]);
    let r = report(&run);
    let found = codes(&r);
    let expect: Vec<(String, u64)> = [
        ("W002", 7),  // note 2: the title differs
        ("W002", 7),  // and the first author
        ("W002", 7),  // and the year (1998 against 2004)
        ("W001", 8),  // note 3: an unregistered DOI
        ("W004", 10), // note 5: an ISBN Open Library does not know
        ("W003", 11), // note 6: no Crossref result resembles it
        ("L001", 13), // note 8: dead, archived before the access date
        ("L001", 14), // note 9: dead, archived only after
        ("L001", 15), // note 10: dead, never archived
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), *l))
    .collect();
    assert_eq!(found, expect, "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // W001 is an error.
    assert_eq!(run.code, 1);
    let diags = r["diagnostics"].as_array().unwrap();
    // The archived copies, dated against the access dates.
    let before = &diags[6]["archive"];
    assert_eq!(before["timestamp"], "20190302120000");
    assert_eq!(before["distance_days"], -17);
    assert_eq!(
        before["url"].as_str().unwrap(),
        format!(
            "https://web.archive.org/web/20190302120000/{}/gone-before",
            mocks.site
        )
    );
    assert_eq!(diags[7]["archive"]["timestamp"], "20200301000000");
    assert_eq!(diags[7]["archive"]["distance_days"], 60);
    assert!(diags[8].get("archive").is_none(), "{}", diags[8]);
    // The lookups, counted by what the services said (a search that returned unrelated works
    // counts as found): 2 DOIs, 2 ISBNs, 3 works, 3 dead links.
    assert_eq!(
        r["provenance"],
        json!({"lookups": 10, "found": 7, "not_found": 3, "unverifiable": 0, "from_cache": 0})
    );
    let seen = &mocks.seen;
    // Each distinct DOI once, though cited twice (and once more as a link).
    assert_eq!(seen.count("handle", RAY_DOI), 1);
    assert_eq!(seen.count("crossref", &format!("/works/{RAY_DOI}")), 1);
    // Crossref gets the mailto; the handle API and Open Library do not.
    assert!(seen.count("crossref", "mailto=thesis@example.org") >= 2);
    assert_eq!(seen.count("handle", "mailto"), 0);
    assert_eq!(seen.count("openlibrary", "mailto"), 0);
    // The archival document (note 7) is never searched for.
    assert_eq!(seen.count("crossref", "Memo on Korea"), 0);
    assert_eq!(seen.count("openlibrary", "Memo on Korea"), 0);
}

#[test]
fn human_report_snapshot() {
    let mocks = start();
    let dir = mocks.workspace("human", &mocks.scenarios(), "");
    let run = check(&dir, &[]);
    insta::assert_snapshot!("scenarios.human", mocks.stable(&run.stdout));
}

#[test]
fn a_service_that_is_down_never_fails_the_run() {
    let mocks = start();
    let down = closed_port();
    let extra = format!("crossref-api = \"{down}\"\n");
    let dir = mocks.workspace("down", &mocks.scenarios(), &extra);
    let run = check(&dir, &["--format", "json"]);
    let r = report(&run);
    let found = codes(&r);
    // No W002 or W003 (Crossref could not be asked); the handle API and Open Library still
    // answered.
    assert!(
        found.iter().all(|(c, _)| c != "W002" && c != "W003"),
        "{found:?}"
    );
    assert!(found.contains(&("W001".to_string(), 8)), "{found:?}");
    assert!(found.contains(&("W004".to_string(), 10)), "{found:?}");
    // One warning for the service, whatever the number of its lookups.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("crossref-api"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("unverifiable"), "{}", run.stderr);
    assert!(
        r["provenance"]["unverifiable"].as_u64().unwrap() >= 1,
        "{}",
        r["provenance"]
    );
}

#[test]
fn a_429_is_retried_after_the_time_it_asks() {
    let mocks = start();
    let text = "A claim.1\n\n1 Jane Roe, \"A Busy Article,\" Journal of Patience 1 (2020): 2, doi:10.5555/busy.\n";
    let dir = mocks.workspace("busy", text, "doi-metadata = false\n");
    let run = check(&dir, &["--format", "json"]);
    let r = report(&run);
    assert!(codes(&r).is_empty(), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let times = mocks.seen.times("handle", "10.5555/busy");
    assert_eq!(times.len(), 2);
    assert!(times[1] - times[0] >= Duration::from_secs(1));
}

#[test]
fn each_check_can_be_turned_off_and_offline_sends_nothing() {
    let mocks = start();
    let text = mocks.scenarios();
    let dir = mocks.workspace(
        "off",
        &text,
        "dois = false\nworks = false\nisbns = false\narchives = false\n",
    );
    let run = check(&dir, &["--format", "json"]);
    let found = codes(&report(&run));
    assert!(found.iter().all(|(c, _)| c == "L001"), "{found:?}");
    assert_eq!(mocks.seen.hits.lock().unwrap().len(), 0);
    let dir = mocks.workspace("offline", &text, "");
    check(&dir, &["--offline"]);
    check(&dir, &["--no-provenance"]);
    assert_eq!(mocks.seen.hits.lock().unwrap().len(), 0);
}

#[test]
fn rule_fixtures_emit_what_their_header_says() {
    let mocks = start();
    for code in ["W001", "W002", "W003", "W004"] {
        let text = std::fs::read_to_string(format!(
            "{}/fixtures/provenance/{code}.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let dir = mocks.workspace(code, &text, "");
        let run = check(&dir, &["--format", "json"]);
        assert_eq!(
            findings(&report(&run)),
            expected(&text),
            "{code}: {}",
            run.stdout
        );
    }
}

#[test]
fn answers_are_cached_beside_the_link_cache() {
    let mocks = start();
    let dir = mocks.workspace("cache", &mocks.scenarios(), "");
    let cache = format!("{dir}/cache/links.json");
    let args = ["check", "--cache", &cache, "--format", "json", "thesis.txt"];
    let first = report(&citelint_in(&dir, &args, None));
    let asked = mocks.seen.hits.lock().unwrap().len();
    assert!(std::path::Path::new(&format!("{dir}/cache/provenance.json")).is_file());
    let second = report(&citelint_in(&dir, &args, None));
    // Every answer comes from the cache: no service is asked again.
    assert_eq!(mocks.seen.hits.lock().unwrap().len(), asked);
    assert_eq!(second["provenance"]["from_cache"], 10);
    assert_eq!(findings(&first), findings(&second));
}
