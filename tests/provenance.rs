//! The provenance checks against mocks of each service on 127.0.0.1, speaking their real
//! formats (the DOI handle API, Crossref, DataCite, Open Library, the Wayback CDX API), and a
//! cited site whose pages drifted, went home or say they are not found, driven through
//! `[provenance]` in a configuration file. Nothing here reaches beyond loopback, and nothing
//! sleeps to synchronise.

mod common;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
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
    /// Requests to the services (the cited site's excluded).
    fn service_hits(&self) -> usize {
        let hits = self.hits.lock().unwrap();
        hits.iter().filter(|(s, _, _)| *s != "site").count()
    }

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
/// Registered with DataCite, not Crossref.
const DRYAD_DOI: &str = "10.5061/dryad.8515";
/// Refused with 429 three times before it is answered.
const STORM_DOI: &str = "10.5555/storm";
const STORM: usize = 3;

fn json_reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

fn too_many_requests() -> Response {
    let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r
}

/// The DOI handle API: `responseCode` 1 for the DOIs it knows, 100 (HTTP 404) otherwise; the
/// first request for `10.5555/busy` is refused with 429 and `Retry-After: 1`, the first three
/// for `10.5555/storm` too.
async fn handles(State(seen): Shared, uri: Uri) -> Response {
    seen.saw("handle", &uri);
    let doi = percent_decode(uri.path().trim_start_matches("/api/handles/"));
    if doi == "10.5555/busy" && seen.count("handle", "10.5555/busy") == 1 {
        return too_many_requests();
    }
    if doi == STORM_DOI && seen.count("handle", STORM_DOI) <= STORM {
        return too_many_requests();
    }
    if [RAY_DOI, DRYAD_DOI, STORM_DOI, "10.5555/busy"].contains(&doi.as_str()) {
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

/// DataCite: `/dois/{doi}` (the JSON:API shape of `api.datacite.org`).
async fn datacite(State(seen): Shared, uri: Uri) -> Response {
    seen.saw("datacite", &uri);
    let doi = percent_decode(uri.path().trim_start_matches("/dois/"));
    if doi != DRYAD_DOI {
        return json_reply(
            StatusCode::NOT_FOUND,
            json!({"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]}),
        );
    }
    json_reply(
        StatusCode::OK,
        json!({"data": {"id": DRYAD_DOI, "type": "dois", "attributes": {
            "doi": DRYAD_DOI, "prefix": "10.5061", "suffix": "dryad.8515",
            "creators": [{"name": "Ollomo, Benjamin", "nameType": "Personal",
                          "givenName": "Benjamin", "familyName": "Ollomo", "affiliation": []}],
            "titles": [{"title": "Data from: A new malaria agent in African hominids."}],
            "publisher": "Dryad", "publicationYear": 2011,
            "types": {"resourceTypeGeneral": "Dataset"},
            "url": "http://datadryad.org/stash/dataset/doi:10.5061/dryad.8515"}}}),
    )
}

/// The CDX API: captures before the access date, only after it, or none.
async fn cdx(State(seen): Shared, uri: Uri, Query(q): Query<HashMap<String, String>>) -> Response {
    seen.saw("cdx", &uri);
    let url = q.get("url").cloned().unwrap_or_default();
    let header_row = json!(["timestamp", "original", "statuscode"]);
    let rows = if url.ends_with("/gone-before") || url.ends_with("/drifted") {
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

fn html(body: impl Into<Body>) -> Response {
    let mut r = (StatusCode::OK, body.into()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// The cited site: a page whose title drifted, one that kept it, an address that redirects
/// home, a page that says it is not found with 200, a page that never ends, a PDF; the rest
/// is gone. Requests are recorded as `METHOD path`.
async fn site(State(seen): Shared, method: Method, uri: Uri) -> Response {
    let line = format!("{method} {}", uri.path());
    seen.hits
        .lock()
        .unwrap()
        .push(("site", line, Instant::now()));
    match uri.path() {
        "/" => html(
            "<html><head><title>Example Site</title></head><body><h1>Welcome</h1></body></html>",
        ),
        "/drifted" => html(
            "<!doctype html><html><head><meta charset=utf-8>\n<title>Learning Poverty Brief | World Bank</title>\n\
             <meta property=\"og:title\" content=\"Learning Poverty Brief\"></head><body><h1>Learning poverty</h1></body></html>",
        ),
        "/same" => html(
            "<html><head><title>How the mind hurts and heals the body - APA PsycNet</title></head></html>",
        ),
        "/old-report" => {
            let mut r = StatusCode::FOUND.into_response();
            r.headers_mut()
                .insert(header::LOCATION, HeaderValue::from_static("/"));
            r
        }
        "/missing" => html(
            "<html><head><title>Page Not Found | Ministry of Defense</title></head><body><h1>Sorry</h1></body></html>",
        ),
        "/endless" => {
            // A title, then HTML for ever: only a reader that stops at its limit finishes.
            let head = futures_util::stream::once(async {
                Ok::<_, std::io::Error>(axum::body::Bytes::from_static(
                    b"<html><head><title>The Endless Page of Korea</title></head><body>",
                ))
            });
            let rest =
                futures_util::stream::repeat_with(|| Ok(axum::body::Bytes::from(vec![b'x'; 8192])));
            use futures_util::StreamExt;
            html(Body::from_stream(head.chain(rest)))
        }
        "/report.pdf" => {
            let mut r = (StatusCode::OK, vec![b'%'; 100_000]).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            r
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

struct Mocks {
    site: String,
    /// The site's port, to name it as the CIA's and the Wilson Center's host.
    site_port: u16,
    handle: String,
    crossref: String,
    datacite: String,
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
                Router::new().fallback(datacite).with_state(state.clone()),
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
        site_port: ports[0],
        handle: format!("{}/api/handles/", origin(1)),
        crossref: origin(2),
        openlibrary: origin(3),
        cdx: format!("{}/cdx/search/cdx", origin(4)),
        datacite: origin(5),
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
        self.workspace_with(name, text, "", extra)
    }

    /// [`Mocks::workspace`], with `links` appended to `[links]` (a key there replaces the
    /// mock's).
    fn workspace_with(&self, name: &str, text: &str, links: &str, extra: &str) -> String {
        let dir = format!("{}/provenance-{name}", env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let config = format!(
            "[links]\nallow-private = true\ntimeout = 2\nmax-retries = 1\nretry-backoff = 0.05\n\
             exclude = ['doi\\.org']\n{links}\n[provenance]\ndoi-api = \"{}\"\ncrossref-api = \"{}\"\n\
             datacite-api = \"{}\"\nopenlibrary-api = \"{}\"\nwayback-cdx-api = \"{}\"\n\
             wayback-url = \"https://web.archive.org/web/\"\nmailto = \"thesis@example.org\"\n",
            self.handle, self.crossref, self.datacite, self.openlibrary, self.cdx
        );
        // A key in `extra` or `links` replaces the mock's (the first one written stays).
        let mut kept: Vec<String> = Vec::new();
        for l in config.lines() {
            let key = l.split(" = ").next().unwrap_or("");
            let replaced = l.contains(" = ")
                && (extra.contains(&format!("{key} = ")) || links.contains(&format!("{key} = ")))
                && !links.contains(l);
            if !replaced {
                kept.push(format!("{l}\n"));
            }
        }
        let config = kept.concat() + extra;
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

    /// A fixture with `{ORIGIN}` the site, and `{CIA}` and `{WILSON}` the site under the
    /// archives' host names (resolved to 127.0.0.1 by [`Mocks::as_archives`]).
    fn fixture(&self, path: &str) -> String {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replace("{ORIGIN}", &self.site)
            .replace("{CIA}", &format!("http://www.cia.gov:{}", self.site_port))
            .replace(
                "{WILSON}",
                &format!("http://digitalarchive.wilsoncenter.org:{}", self.site_port),
            )
    }

    /// The arguments that send the archives' host names to the site.
    fn as_archives() -> Vec<&'static str> {
        vec![
            "--resolve",
            "www.cia.gov=127.0.0.1",
            "--resolve",
            "digitalarchive.wilsoncenter.org=127.0.0.1",
        ]
    }

    /// Ports replaced, for snapshots.
    fn stable(&self, text: &str) -> String {
        text.replace(&self.site, "http://127.0.0.1:SITE")
            .replace(&format!(":{}/", self.site_port), ":SITE/")
    }

    /// The site's requests for `path` with `method`.
    fn site_requests(&self, method: &str, path: &str) -> usize {
        let line = format!("{method} {path}");
        let hits = self.seen.hits.lock().unwrap();
        hits.iter()
            .filter(|(s, p, _)| *s == "site" && *p == line)
            .count()
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
        ("W005", 16), // note 11: found by search, cited without its DOI
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
    // counts as found): 2 DOIs, 2 ISBNs, 3 works, 3 dead links; and the archival document,
    // which no registry covers, as unverifiable.
    assert_eq!(
        r["provenance"],
        json!({"lookups": 11, "found": 7, "not_found": 3, "unverifiable": 1, "uncovered": 1,
               "from_cache": 0})
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
    assert_eq!(mocks.seen.service_hits(), 0);
    let dir = mocks.workspace("offline", &text, "");
    check(&dir, &["--offline"]);
    check(&dir, &["--no-provenance"]);
    assert_eq!(mocks.seen.service_hits(), 0);
}

#[test]
fn rule_fixtures_emit_what_their_header_says() {
    let mocks = start();
    for code in ["W001", "W002", "W003", "W004", "W005"] {
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
fn answers_are_cached_in_the_link_cache() {
    let mocks = start();
    let dir = mocks.workspace("cache", &mocks.scenarios(), "");
    let cache = format!("{dir}/cache/links.json");
    let args = ["check", "--cache", &cache, "--format", "json", "thesis.txt"];
    let first = report(&citelint_in(&dir, &args, None));
    let asked = mocks.seen.service_hits();
    // One file, one lock: the lookups are a section of the link cache.
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cache).unwrap()).unwrap();
    assert!(
        stored["provenance"]
            .as_object()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(!std::path::Path::new(&format!("{dir}/cache/provenance.json")).exists());
    let second = report(&citelint_in(&dir, &args, None));
    // Every answer comes from the cache: no service is asked again.
    assert_eq!(mocks.seen.service_hits(), asked);
    assert_eq!(second["provenance"]["from_cache"], 10);
    assert_eq!(findings(&first), findings(&second));
}

/// `check` with `--select select` and `args`, as JSON unless `args` names a format.
fn check_pages(dir: &str, select: &str, args: &[&str]) -> Run {
    let mut all = vec!["check", "--no-cache", "--select", select];
    all.extend(Mocks::as_archives());
    all.extend_from_slice(args);
    all.push("thesis.txt");
    citelint_in(dir, &all, None)
}

#[test]
fn pages_that_drifted_went_home_or_say_not_found() {
    let mocks = start();
    let dir = mocks.workspace("pages", &mocks.fixture("fixtures/provenance/pages.txt"), "");
    let run = check_pages(&dir, "L,W", &["--format", "json"]);
    let r = report(&run);
    let expect: Vec<(String, u64)> = [
        ("L009", 6),  // note 1: the title drifted
        ("L010", 8),  // note 3: redirected to the home page
        ("L010", 9),  // note 4: 200, "Page Not Found"
        ("L001", 10), // note 5: a CIA document in its old form
        ("L001", 11), // note 6: a Wilson Center record in its old form
    ]
    .iter()
    .map(|(c, l)| (c.to_string(), *l))
    .collect();
    assert_eq!(codes(&r), expect, "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let d = r["diagnostics"].as_array().unwrap();
    // Both titles, and the capture before the access date.
    assert_eq!(
        d[0]["note"],
        "cited: `Korea Report`; page: `Learning Poverty Brief`"
    );
    assert_eq!(d[0]["archive"]["timestamp"], "20190302120000");
    assert_eq!(d[0]["archive"]["distance_days"], -17);
    assert!(
        d[1]["message"].as_str().unwrap().contains("home page"),
        "{}",
        d[1]
    );
    assert_eq!(
        d[2]["message"],
        "the page answers `200 OK` but says `Page Not Found | Ministry of Defense`"
    );
    // Renamed archives: the current form, built from the identifier.
    let help = |k: usize| d[k]["help"].as_str().unwrap().to_string();
    assert!(
        help(3).starts_with(
            "the CIA reading room moved this document: cite its current address, \
             https://www.cia.gov/readingroom/document/cia-rdp79r01012a000700020001-1"
        ),
        "{}",
        help(3)
    );
    assert!(
        help(4).contains("https://digitalarchive.wilsoncenter.org/document/116030"),
        "{}",
        help(4)
    );
    // One GET per live page, none for a link that went home; a page that never ends was read
    // up to the limit (else the run would not finish); a PDF is not judged.
    for path in ["/drifted", "/same", "/missing", "/endless", "/report.pdf"] {
        assert_eq!(mocks.site_requests("GET", path), 1, "{path}");
    }
    assert_eq!(mocks.site_requests("GET", "/old-report"), 0);
    assert_eq!(mocks.site_requests("GET", "/"), 0);
    // Archived copies are asked for the drifted page and both soft 404s, once each.
    for path in ["/drifted", "/old-report", "/missing"] {
        assert_eq!(mocks.seen.count("cdx", path), 1, "{path}");
    }
    assert_eq!(mocks.seen.count("cdx", "/same"), 0);
}

#[test]
fn pages_human_report_snapshot() {
    let mocks = start();
    let text = mocks.fixture("fixtures/provenance/pages.txt");
    let dir = mocks.workspace("pages-human", &text, "");
    let run = check_pages(&dir, "L,W", &[]);
    insta::assert_snapshot!("pages.human", mocks.stable(&run.stdout));
}

#[test]
fn pages_are_not_read_when_turned_off_or_not_selected() {
    let mocks = start();
    let text = mocks.fixture("fixtures/provenance/pages.txt");
    let dir = mocks.workspace("pages-off", &text, "pages = false\n");
    let found = codes(&report(&check_pages(&dir, "L,W", &["--format", "json"])));
    // Only what the redirect chain shows: the link that went home.
    assert!(found.contains(&("L010".to_string(), 8)), "{found:?}");
    assert!(!found.iter().any(|(c, _)| c == "L009"), "{found:?}");
    let dir = mocks.workspace("pages-unselected", &text, "");
    check_pages(&dir, "L001,L002", &["--format", "json"]);
    // The link checker sends HEAD to live pages; only the page reader sends GET.
    for path in ["/drifted", "/same", "/missing", "/endless"] {
        assert_eq!(mocks.site_requests("GET", path), 0, "{path}");
    }
}

#[test]
fn page_rule_fixtures_emit_what_their_header_says() {
    let mocks = start();
    for code in ["L009", "L010"] {
        let text = mocks.fixture(&format!("fixtures/links/{code}.txt"));
        let dir = mocks.workspace(code, &text, "");
        let run = check_pages(&dir, code, &["--format", "json"]);
        assert_eq!(
            findings(&report(&run)),
            expected(&text),
            "{code}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_429_storm_is_waited_out() {
    let mocks = start();
    let text = "A claim.1\n\n1 Jane Roe, \"A Stormy Article,\" Journal of Patience 1 (2020): 2, doi:10.5555/storm.\n";
    let dir = mocks.workspace_with("storm", text, "max-retries = 4\n", "doi-metadata = false\n");
    let run = check(&dir, &["--format", "json"]);
    assert!(codes(&report(&run)).is_empty(), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // Three refusals, then the answer: four requests, each after the second asked for.
    let times = mocks.seen.times("handle", STORM_DOI);
    assert_eq!(times.len(), STORM + 1);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_secs(1));
    }
}

#[test]
fn a_datacite_doi_is_compared_with_its_datacite_record() {
    let mocks = start();
    let text = "A claim.1\n\n1 Benjamin Ollomo, \"Malaria in the Great Apes,\" Dryad (2011), doi:10.5061/dryad.8515.\n";
    let dir = mocks.workspace("datacite", text, "");
    let run = check(&dir, &["--format", "json"]);
    let r = report(&run);
    assert_eq!(codes(&r), [("W002".to_string(), 3)], "{}", run.stdout);
    assert_eq!(
        r["diagnostics"][0]["note"],
        "cited: `Malaria in the Great Apes`; DataCite: `Data from: A new malaria agent in African hominids.`"
    );
    // Crossref first (it does not know it), then DataCite, once each.
    assert_eq!(
        mocks.seen.count("crossref", &format!("/works/{DRYAD_DOI}")),
        1
    );
    assert_eq!(
        mocks.seen.count("datacite", &format!("/dois/{DRYAD_DOI}")),
        1
    );
}
