//! The link checker against a server of our own on 127.0.0.1: one route per scenario, a
//! listener that resets every connection, and counters that show what the server saw.
//! Nothing here reaches the network beyond loopback, and nothing sleeps to synchronise.

mod common;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Run, citelint_stdin, expected, findings};

/// What the server saw.
#[derive(Default)]
struct Seen {
    hits: Mutex<HashMap<String, Vec<(Method, Instant)>>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    huge_bytes: AtomicU64,
    agents: Mutex<Vec<String>>,
}

impl Seen {
    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).map_or(0, Vec::len)
    }

    fn total(&self) -> usize {
        self.hits.lock().unwrap().values().map(Vec::len).sum()
    }
}

struct Server {
    origin: String,
    reset: String,
    seen: Arc<Seen>,
}

fn redirect(status: u16, to: &str) -> Response {
    let mut r = StatusCode::from_u16(status).unwrap().into_response();
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_str(to).unwrap());
    r
}

fn host_port(host: &HeaderMap) -> Option<u16> {
    host.get(header::HOST)?
        .to_str()
        .ok()?
        .rsplit(':')
        .next()?
        .parse()
        .ok()
}

async fn route(
    State(seen): State<Arc<Seen>>,
    method: Method,
    uri: Uri,
    host: HeaderMap,
) -> Response {
    let path = uri.path().to_string();
    let n = {
        let mut hits = seen.hits.lock().unwrap();
        let list = hits.entry(path.clone()).or_default();
        list.push((method.clone(), Instant::now()));
        list.len()
    };
    if let Some(agent) = host.get(header::USER_AGENT).and_then(|v| v.to_str().ok()) {
        seen.agents.lock().unwrap().push(agent.to_string());
    }
    let head = method == Method::HEAD;
    match path.as_str() {
        "/ok" => StatusCode::OK.into_response(),
        "/head-405" if head => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        "/head-405" => StatusCode::OK.into_response(),
        "/moved-301" => redirect(301, "/ok"),
        "/moved-308" => redirect(308, "/ok"),
        "/found-302" => redirect(302, "/ok"),
        "/gone-404" => StatusCode::NOT_FOUND.into_response(),
        "/gone-410" => StatusCode::GONE.into_response(),
        "/error-500" => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "/flaky-503" if n == 1 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        "/flaky-503" => StatusCode::OK.into_response(),
        "/busy-429" if n == 1 => {
            let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        }
        "/busy-429" => StatusCode::OK.into_response(),
        "/forbidden-403" => StatusCode::FORBIDDEN.into_response(),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::OK.into_response()
        }
        "/to-private" => {
            let port = uri.port_u16().or_else(|| host_port(&host)).unwrap_or(80);
            redirect(302, &format!("http://127.0.0.2:{port}/ok"))
        }
        "/loop-a" => redirect(302, "/loop-b"),
        "/loop-b" => redirect(302, "/loop-a"),
        "/huge" if head => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        "/huge" => {
            // 2 GiB, produced only as fast as the client reads it.
            let counter = seen.clone();
            let chunks = futures_util::stream::unfold(0u64, move |sent| {
                let counter = counter.clone();
                async move {
                    (sent < 2 << 30).then(|| {
                        counter.huge_bytes.fetch_add(65536, Ordering::SeqCst);
                        (Ok::<_, std::io::Error>(vec![0u8; 65536]), sent + 65536)
                    })
                }
            });
            let mut r = Body::from_stream(chunks).into_response();
            r.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(2u64 << 30));
            r
        }
        p if p.starts_with("/concurrency/") => {
            let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            seen.max_in_flight.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(200)).await;
            seen.in_flight.fetch_sub(1, Ordering::SeqCst);
            StatusCode::OK.into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Start the scenario server and the resetting listener on 127.0.0.1, on a runtime of their
/// own; return once both are listening.
fn start() -> Server {
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
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let reset = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send((
                listener.local_addr().unwrap().port(),
                reset.local_addr().unwrap().port(),
            ))
            .unwrap();
            tokio::spawn(async move {
                // Accept, then close with RST (linger 0) before answering.
                while let Ok((stream, _)) = reset.accept().await {
                    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
                    drop(stream);
                }
            });
            let app = Router::new().fallback(route).with_state(state);
            axum::serve(listener, app).await.unwrap();
        });
    });
    let (port, reset) = rx.recv().unwrap();
    Server {
        origin: format!("http://127.0.0.1:{port}"),
        reset: format!("http://127.0.0.1:{reset}"),
        seen,
    }
}

impl Server {
    /// A fixture with `{ORIGIN}` and `{RESET}` filled in.
    fn fixture(&self, path: &str) -> String {
        std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .replace("{ORIGIN}", &self.origin)
            .replace("{RESET}", &self.reset)
    }
}

/// Check `text` from standard input with fast retries, a short timeout and no cache.
fn check(text: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--timeout",
        "1",
        "--retry-backoff",
        "0.05",
        "--no-cache",
        // Dead links would be looked up in the Wayback Machine: tests/provenance.rs does that.
        "--no-provenance",
    ];
    args.extend_from_slice(extra);
    args.push("-");
    citelint_stdin(&args, Some(text.as_bytes()))
}

fn json_of(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn every_scenario_is_classified() {
    let server = start();
    let text = server.fixture("fixtures/links/scenarios.txt");
    let started = Instant::now();
    let run = check(&text, &["--allow-private", "--format", "json"]);
    let report = json_of(&run);
    let by_url: HashMap<String, Vec<(String, Option<String>)>> = {
        let mut map: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        for d in report["diagnostics"].as_array().unwrap() {
            let start = d["start"].as_u64().unwrap() as usize;
            let end = d["end"].as_u64().unwrap() as usize;
            let url = text[start..end]
                .trim_start_matches(&server.origin)
                .to_string();
            let url = url.replace(&server.reset, "{RESET}");
            map.entry(url).or_default().push((
                d["code"].as_str().unwrap().to_string(),
                d["fix"]["replacement"].as_str().map(str::to_string),
            ));
        }
        map
    };
    let ok = format!("{}/ok", server.origin);
    // URL path -> the one finding it must get, and its fix.
    let expect: &[(&str, &str, Option<&str>)] = &[
        ("/moved-301", "L004", Some(&ok)),
        ("/moved-308", "L004", Some(&ok)),
        ("/gone-404", "L001", None),
        ("/gone-410", "L001", None),
        ("/error-500", "L006", None),
        ("/forbidden-403", "L005", None),
        ("/slow", "L003", None),
        ("/loop-a", "L007", None),
        ("{RESET}/", "L002", None),
    ];
    for (url, code, fix) in expect {
        let got = by_url.get(*url).cloned().unwrap_or_default();
        let want = vec![(code.to_string(), fix.map(str::to_string))];
        assert_eq!(got, want, "{url}: {}", run.stdout);
    }
    // Everything else ends well: 200, HEAD 405 then GET, 302, 503 once, 429 once, the 2 GiB body.
    assert_eq!(by_url.len(), expect.len(), "{:?}", by_url.keys());
    assert_eq!(run.code, 1);
    let seen = &server.seen;
    // One request chain per unique URL: `/ok` is cited twice and reached by three redirects.
    assert_eq!(seen.hits("/ok"), 1 + 3);
    // HEAD refused, then GET.
    assert_eq!(seen.hits("/head-405"), 2);
    // 404 and 410 are never retried (HEAD, then GET once).
    assert_eq!(seen.hits("/gone-404"), 2);
    assert_eq!(seen.hits("/gone-410"), 2);
    // 500: three attempts of HEAD then GET.
    assert_eq!(seen.hits("/error-500"), 6);
    // 429 with `Retry-After: 1`: the second request waited at least a second.
    {
        let hits = seen.hits.lock().unwrap();
        let busy = &hits["/busy-429"];
        assert_eq!(busy.len(), 2);
        assert!(busy[1].1 - busy[0].1 >= Duration::from_secs(1));
    }
    // The 2 GiB body was not read: the server produced a few buffers at most.
    assert!(seen.huge_bytes.load(Ordering::SeqCst) < 64 << 20);
    // The slow route cost three timeouts, not five seconds each.
    assert!(started.elapsed() < Duration::from_secs(3 * 5));
    let stats = &report["links"];
    assert_eq!(stats["checked"], 15);
    assert_eq!(stats["dead"], 2);
    assert_eq!(stats["unverifiable"], 1);
}

#[test]
fn scenario_report_snapshot() {
    let server = start();
    let text = server.fixture("fixtures/links/scenarios.txt");
    let run = check(&text, &["--allow-private"]);
    let port = server.origin.rsplit(':').next().unwrap().to_string();
    let reset = server.reset.rsplit(':').next().unwrap().to_string();
    let stdout = run.stdout.replace(&port, "PORT_").replace(&reset, "RESET");
    // The OS's words for a reset connection differ between systems.
    let stdout = stdout
        .lines()
        .filter(|l| !l.contains("note: connection reset") && !l.contains("Connection reset"))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("scenarios.human", stdout);
}

#[test]
fn rule_fixtures_emit_what_their_header_says() {
    let server = start();
    for code in ["L001", "L002", "L003", "L004", "L005", "L006", "L007"] {
        let text = server.fixture(&format!("fixtures/links/{code}.txt"));
        let run = check(&text, &["--allow-private", "--format", "json"]);
        assert_eq!(findings(&json_of(&run)), expected(&text), "{code}");
    }
}

#[test]
fn private_addresses_are_blocked_unless_allowed() {
    let server = start();
    let text = server.fixture("fixtures/links/L008.txt");
    let run = check(
        &text,
        &[
            "--resolve",
            "metadata.test=169.254.169.254",
            "--format",
            "json",
        ],
    );
    assert_eq!(findings(&json_of(&run)), expected(&text));
    assert_eq!(run.code, 1);
    // No request reached the server.
    assert_eq!(server.seen.total(), 0);
    // A name that resolves to loopback is caught after resolution, not only literal addresses.
    let named = format!(
        "{}/ok\n",
        server.origin.replace("127.0.0.1", "innocent.test")
    );
    let run = check(
        &named,
        &["--resolve", "innocent.test=127.0.0.1", "--format", "short"],
    );
    assert!(
        run.stdout.contains("error[L008 blocked-address]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`127.0.0.1` (loopback)"),
        "{}",
        run.stdout
    );
    assert_eq!(server.seen.total(), 0);
    // With --allow-private the same link is checked and works.
    let run = check(
        &named,
        &[
            "--resolve",
            "innocent.test=127.0.0.1",
            "--allow-private",
            "--format",
            "short",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(server.seen.hits("/ok"), 1);
}

#[test]
fn redirects_are_checked_against_the_policy_on_every_hop() {
    let server = start();
    // 127.0.0.1 is allowed on its own; its redirect to 127.0.0.2 (loopback too) is not.
    let text = format!("{}/to-private\n{}/ok\n", server.origin, server.origin);
    let run = check(&text, &["--allow-address", "127.0.0.1", "--format", "json"]);
    let report = json_of(&run);
    assert_eq!(findings(&report), [("L008".to_string(), 1, 1)]);
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("`127.0.0.2` (loopback)")
    );
    assert_eq!(server.seen.hits("/to-private"), 1);
    assert_eq!(server.seen.hits("/ok"), 1);
}

#[test]
fn per_host_limit_is_honoured() {
    let server = start();
    let text: String = (1..=12)
        .map(|i| format!("{}/concurrency/{i}\n", server.origin))
        .collect();
    let run = check(&text, &["--allow-private", "--host-concurrency", "2"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(server.seen.hits.lock().unwrap().len(), 12);
    assert_eq!(server.seen.max_in_flight.load(Ordering::SeqCst), 2);
}

#[test]
fn second_run_is_served_from_the_cache() {
    let server = start();
    let cache = format!(
        "{}/links-cache-{}.json",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id()
    );
    let _ = std::fs::remove_file(&cache);
    let text = format!("{0}/ok\n{0}/moved-301\n{0}/gone-404\n", server.origin);
    let args = [
        "check",
        "--allow-private",
        "--no-provenance",
        "--cache",
        &cache,
        "--format",
        "json",
        "-",
    ];
    let first = citelint_stdin(&args, Some(text.as_bytes()));
    let after_first = server.seen.total();
    assert_eq!(json_of(&first)["links"]["from_cache"], 0);
    let second = citelint_stdin(&args, Some(text.as_bytes()));
    let report = json_of(&second);
    // Working links come from the cache; the dead one is asked again.
    assert_eq!(report["links"]["from_cache"], 2);
    assert_eq!(server.seen.total(), after_first + 2);
    assert_eq!(server.seen.hits("/gone-404"), 4);
    // The findings are the same either way.
    assert_eq!(findings(&json_of(&first)), findings(&report));
    let _ = std::fs::remove_file(&cache);
}

#[test]
fn corrupt_cache_is_ignored_with_a_warning_and_replaced() {
    let server = start();
    let cache = format!(
        "{}/links-corrupt-{}.json",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id()
    );
    std::fs::write(&cache, b"{\"version\":1,\"entries\":{\"trunc").unwrap();
    let text = format!("{}/ok\n", server.origin);
    let run = citelint_stdin(
        &["check", "--allow-private", "--cache", &cache, "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("warning: link cache"), "{}", run.stderr);
    assert!(run.stderr.contains("corrupt"), "{}", run.stderr);
    let rewritten: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    assert_eq!(rewritten["version"], 1);
    let _ = std::fs::remove_file(&cache);
}

#[test]
fn offline_sends_nothing() {
    let server = start();
    let text = server.fixture("fixtures/links/scenarios.txt");
    let run = citelint_stdin(
        &["check", "--offline", "--allow-private", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(server.seen.total(), 0);
}

#[test]
fn config_file_drives_the_link_checker() {
    let server = start();
    let dir = format!(
        "{}/links-config-{}",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id()
    );
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cache = format!("{dir}/cache.json");
    std::fs::write(
        format!("{dir}/citelint.toml"),
        format!(
            "[links]\nallow-private = true\ntimeout = 1\nmax-retries = 0\nretry-backoff = 0.05\nhost-concurrency = 1\nuser-agent = \"thesis-checker/1.0\"\naccept = [404]\nexclude = ['gone-410']\ncache = \"{cache}\"\ncache-max-age = 3600\n"
        ),
    )
    .unwrap();
    let text: String = [
        "/ok",
        "/gone-404",
        "/gone-410",
        "/error-500",
        "/concurrency/1",
        "/concurrency/2",
        "/concurrency/3",
    ]
    .iter()
    .map(|p| format!("{}{p}\n", server.origin))
    .collect();
    let run = common::citelint_in(
        &dir,
        &["check", "--format", "json", "-"],
        Some(text.as_bytes()),
    );
    let report = json_of(&run);
    // 404 is accepted, 410 is never asked, 500 fails once without retry.
    assert_eq!(
        findings(&report),
        [("L006".to_string(), 4, 1)],
        "{}",
        run.stdout
    );
    assert_eq!(server.seen.hits("/gone-410"), 0);
    assert_eq!(server.seen.hits("/error-500"), 2);
    assert_eq!(server.seen.max_in_flight.load(Ordering::SeqCst), 1);
    assert!(
        server
            .seen
            .agents
            .lock()
            .unwrap()
            .iter()
            .all(|a| a == "thesis-checker/1.0")
    );
    assert!(std::path::Path::new(&cache).exists());
    // The command line overrides the file: --max-retries 1 means two attempts.
    let before = server.seen.hits("/error-500");
    common::citelint_in(
        &dir,
        &["check", "--max-retries", "1", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(server.seen.hits("/error-500") - before, 4);
    // `offline = true` in the file sends nothing.
    std::fs::write(format!("{dir}/citelint.toml"), "[links]\noffline = true\n").unwrap();
    let total = server.seen.total();
    common::citelint_in(&dir, &["check", "-"], Some(text.as_bytes()));
    assert_eq!(server.seen.total(), total);
}

#[test]
fn host_interval_spaces_requests_to_one_host() {
    let server = start();
    let text: String = (1..=3)
        .map(|i| format!("{}/ok?{i}\n", server.origin))
        .collect();
    let run = check(&text, &["--allow-private", "--host-interval", "0.3"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let hits = server.seen.hits.lock().unwrap();
    let mut starts: Vec<Instant> = hits["/ok"].iter().map(|(_, t)| *t).collect();
    starts.sort();
    assert_eq!(starts.len(), 3);
    for pair in starts.windows(2) {
        // The interval is kept between starts (a little slack for the server's clock read).
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(280),
            "{:?}",
            pair[1] - pair[0]
        );
    }
}
