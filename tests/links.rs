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
    rate: Mutex<Rate>,
    rate_in_flight: AtomicUsize,
    rate_max_in_flight: AtomicUsize,
}

/// What `/rate/…` saw: it answers its first request `429` with `Retry-After: 1`.
#[derive(Default)]
struct Rate {
    busy_at: Option<Instant>,
    arrivals: Vec<Instant>,
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
    /// A listener that answers in broken HTTP: `/huge-headers` with 1 MiB of headers,
    /// anything else with a line that is not HTTP.
    raw: String,
    seen: Arc<Seen>,
}

fn redirect(status: u16, to: &str) -> Response {
    let mut r = StatusCode::from_u16(status).unwrap().into_response();
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_str(to).unwrap());
    r
}

fn retry_after(status: StatusCode, seconds: &'static str) -> Response {
    let mut r = status.into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static(seconds));
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
        "/busy-long" => retry_after(StatusCode::TOO_MANY_REQUESTS, "120"),
        "/unavailable-5" => retry_after(StatusCode::SERVICE_UNAVAILABLE, "5"),
        p if p.starts_with("/chain-429/") => {
            // Each hop is busy once (come back in a second), then redirects to the next.
            let k: u32 = p["/chain-429/".len()..].parse().unwrap_or(0);
            match n {
                1 => retry_after(StatusCode::TOO_MANY_REQUESTS, "1"),
                _ if k < 8 => redirect(302, &format!("/chain-429/{}", k + 1)),
                _ => StatusCode::OK.into_response(),
            }
        }
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::OK.into_response()
        }
        "/to-private" => {
            let port = uri.port_u16().or_else(|| host_port(&host)).unwrap_or(80);
            redirect(302, &format!("http://127.0.0.2:{port}/ok"))
        }
        "/to-file" => redirect(302, "file:///etc/passwd"),
        "/to-ftp" => redirect(301, "ftp://ftp.example.org/pub/thesis.pdf"),
        "/to-data" => redirect(302, "data:text/plain,hello"),
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
        p if p.starts_with("/rate/") => rate(&seen).await,
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

/// `/rate/…`: busy once (come back in a second), then 50 ms a request (300 ms within that
/// second); counts how many requests are in flight at once after the second asked for.
async fn rate(seen: &Seen) -> Response {
    let now = Instant::now();
    let after = {
        let mut rate = seen.rate.lock().unwrap();
        rate.arrivals.push(now);
        match rate.busy_at {
            None => {
                rate.busy_at = Some(now);
                return retry_after(StatusCode::TOO_MANY_REQUESTS, "1");
            }
            Some(busy) => now >= busy + Duration::from_secs(1),
        }
    };
    if after {
        let now = seen.rate_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        seen.rate_max_in_flight.fetch_max(now, Ordering::SeqCst);
    }
    // Those that came with the busy one stay long, so that a client slow to read the 429 does
    // not pass for one that ignored it.
    let stay = if after { 50 } else { 300 };
    tokio::time::sleep(Duration::from_millis(stay)).await;
    if after {
        seen.rate_in_flight.fetch_sub(1, Ordering::SeqCst);
    }
    StatusCode::OK.into_response()
}

/// Read a request's head, answer it in broken HTTP, close.
async fn answer_raw(mut stream: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let answer = if head.windows(14).any(|w| w == b"/huge-headers ") {
        let mut a = b"HTTP/1.1 200 OK\r\nX-Filler: ".to_vec();
        a.resize(a.len() + (1 << 20), b'a');
        a.extend_from_slice(b"\r\n\r\n");
        a
    } else {
        b"SSH-2.0-OpenSSH_9.6\r\n".to_vec()
    };
    let _ = stream.write_all(&answer).await;
    let _ = stream.shutdown().await;
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
            let raw = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send((
                listener.local_addr().unwrap().port(),
                reset.local_addr().unwrap().port(),
                raw.local_addr().unwrap().port(),
            ))
            .unwrap();
            tokio::spawn(async move {
                while let Ok((stream, _)) = raw.accept().await {
                    tokio::spawn(answer_raw(stream));
                }
            });
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
    let (port, reset, raw) = rx.recv().unwrap();
    Server {
        origin: format!("http://127.0.0.1:{port}"),
        reset: format!("http://127.0.0.1:{reset}"),
        raw: format!("http://127.0.0.1:{raw}"),
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
            .replace("{RAW}", &self.raw)
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
    // The OS's words for a reset connection differ between systems, and under load the reset
    // may come after the request was sent (hyper: "connection closed before message completed").
    let stdout = stdout
        .lines()
        .filter(|l| {
            !l.contains("note: connection reset")
                && !l.contains("Connection reset")
                && !l.contains("connection closed before message completed")
        })
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
fn corrupt_cache_is_ignored_with_a_warning_and_left_alone() {
    let server = start();
    let cache = format!(
        "{}/links-corrupt-{}.json",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id()
    );
    let corrupt = b"{\"version\":1,\"entries\":{\"trunc";
    std::fs::write(&cache, corrupt).unwrap();
    let text = format!("{}/ok\n", server.origin);
    let run = citelint_stdin(
        &["check", "--allow-private", "--cache", &cache, "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("warning: link cache"), "{}", run.stderr);
    assert!(
        run.stderr.contains("not a citelint link cache"),
        "{}",
        run.stderr
    );
    // Not ours to replace: whoever damaged it may want it back.
    assert_eq!(std::fs::read(&cache).unwrap(), corrupt);
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

/// A fresh directory of this test process under the target's temporary directory.
fn scratch(name: &str) -> String {
    let dir = format!(
        "{}/links-{name}-{}",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id()
    );
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run citelint, failing the test instead of hanging when it has not finished within `limit`
/// (a watchdog for runs that used to block forever; no speed is asserted).
fn citelint_or_hang(args: &[&str], limit: Duration) -> Run {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_citelint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("citelint runs");
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let read = |mut r: Box<dyn std::io::Read + Send>| {
            let mut s = String::new();
            r.read_to_string(&mut s).unwrap();
            s
        };
        let err = std::thread::spawn(move || read(Box::new(stderr)));
        let out = read(Box::new(stdout));
        let code = child.wait().unwrap().code().unwrap_or(-1);
        let _ = tx.send(Run {
            code,
            stdout: out,
            stderr: err.join().unwrap(),
        });
    });
    rx.recv_timeout(limit).unwrap_or_else(|_| {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
        panic!("citelint {args:?} did not finish within {limit:?}")
    })
}

#[test]
fn a_cache_path_that_is_not_a_cache_is_left_untouched() {
    let server = start();
    let dir = scratch("not-a-cache");
    let thesis = format!("{dir}/thesis.txt");
    let text = format!("My thesis cites {}/ok and more.\n", server.origin);
    std::fs::write(&thesis, &text).unwrap();
    // `--cache thesis.txt thesis.txt`: the thesis is read as a manuscript, never as a cache.
    let run = citelint_stdin(
        &["check", "--allow-private", "--cache", &thesis, &thesis],
        None,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(std::fs::read_to_string(&thesis).unwrap(), text);
    assert!(
        run.stderr.contains("is not a citelint link cache"),
        "{}",
        run.stderr
    );
    // No lock file or temporary file was left beside it either.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["thesis.txt"]);
    // JSON that is not the cache's shape, and a truncated cache, are left alone too.
    for other in [
        &b"[1, 2, 3]"[..],
        b"{\"name\": \"my-project\"}",
        b"{\"version\":1,\"entries\":{\"trunc",
    ] {
        std::fs::write(format!("{dir}/other.json"), other).unwrap();
        let cache = format!("{dir}/other.json");
        let run = citelint_stdin(
            &["check", "--allow-private", "--cache", &cache, "-"],
            Some(text.as_bytes()),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(std::fs::read(&cache).unwrap(), other);
        assert!(run.stderr.contains("warning: link cache"), "{}", run.stderr);
    }
}

#[test]
fn a_cache_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let server = start();
    let dir = scratch("special-cache");
    let fifo = format!("{dir}/fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let text = format!("{}/ok\n", server.origin);
    std::fs::write(format!("{dir}/thesis.txt"), &text).unwrap();
    let thesis = format!("{dir}/thesis.txt");
    for cache in [fifo.as_str(), "/dev/zero", dir.as_str()] {
        let run = citelint_or_hang(
            &["check", "--allow-private", "--cache", cache, &thesis],
            Duration::from_secs(60),
        );
        assert_eq!(run.code, 0, "{cache}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a regular file"),
            "{cache}: {}",
            run.stderr
        );
    }
    let meta = std::fs::metadata(&fifo).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
    // A FIFO in place of the lock file does not hang the write either.
    let cache = format!("{dir}/links.json");
    let made = std::process::Command::new("mkfifo")
        .arg(format!("{cache}.lock"))
        .status()
        .unwrap();
    assert!(made.success());
    let run = citelint_or_hang(
        &["check", "--allow-private", "--cache", &cache, &thesis],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write link cache"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_oversized_cache_is_not_read() {
    let server = start();
    let dir = scratch("huge-cache");
    let cache = format!("{dir}/links.json");
    // A valid, empty cache padded past the limit.
    let mut bytes = b"{\"version\":1,\"entries\":{}}".to_vec();
    bytes.resize((64 << 20) + 1, b' ');
    std::fs::write(&cache, &bytes).unwrap();
    let text = format!("{}/ok\n", server.origin);
    let run = citelint_stdin(
        &["check", "--allow-private", "--cache", &cache, "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("larger than"), "{}", run.stderr);
    assert_eq!(std::fs::metadata(&cache).unwrap().len(), bytes.len() as u64);
}

#[test]
fn the_cache_is_neither_read_nor_written_when_no_link_is_asked() {
    let server = start();
    let dir = scratch("unused-cache");
    let cache = format!("{dir}/links.json");
    let with_link = format!("{}/ok\n", server.origin);
    // Offline, and a manuscript without a checkable link: no cache file appears.
    for (args, text) in [
        (vec!["--offline"], with_link.as_str()),
        (vec![], "No link in this one.\n"),
    ] {
        let mut all = vec!["check", "--allow-private", "--cache", &cache];
        all.extend(args);
        all.push("-");
        let run = citelint_stdin(&all, Some(text.as_bytes()));
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!std::path::Path::new(&cache).exists(), "{all:?}");
        assert_eq!(run.stderr, "");
    }
    // Once a link is asked, it is written.
    let run = citelint_stdin(
        &["check", "--allow-private", "--cache", &cache, "-"],
        Some(with_link.as_bytes()),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::path::Path::new(&cache).exists());
}

#[test]
fn runs_at_once_keep_each_others_cache_entries() {
    let server = start();
    let dir = scratch("shared-cache");
    let cache = format!("{dir}/links.json");
    const RUNS: usize = 4;
    const ROUNDS: usize = 3;
    for round in 0..ROUNDS {
        let runs: Vec<_> = (0..RUNS)
            .map(|r| {
                let text = format!("{}/ok?{round}-{r}\n", server.origin);
                let cache = cache.clone();
                std::thread::spawn(move || {
                    citelint_stdin(
                        &["check", "--allow-private", "--cache", &cache, "-"],
                        Some(text.as_bytes()),
                    )
                })
            })
            .collect();
        for run in runs {
            let run = run.join().unwrap();
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
    }
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    let entries = written["entries"].as_object().unwrap();
    for round in 0..ROUNDS {
        for r in 0..RUNS {
            let url = format!("{}/ok?{round}-{r}", server.origin);
            assert!(entries.contains_key(&url), "lost {url}");
        }
    }
    assert!(std::path::Path::new(&format!("{cache}.lock")).exists());
}

#[test]
fn a_retry_after_past_the_link_deadline_ends_the_link_at_once() {
    let server = start();
    // Two names, so that one host's back-off does not decide the other's fate.
    let a = server.origin.replace("127.0.0.1", "a.test");
    let b = server.origin.replace("127.0.0.1", "b.test");
    let text = format!("{a}/busy-long\n{b}/unavailable-5\n");
    let run = check(
        &text,
        &[
            "--allow-private",
            "--resolve",
            "a.test=127.0.0.1",
            "--resolve",
            "b.test=127.0.0.1",
            "--link-deadline",
            "3",
            "--format",
            "json",
        ],
    );
    let report = json_of(&run);
    // Unverifiable, not waited for: the site answered, and asked to be asked later.
    assert_eq!(
        findings(&report),
        [("L005".to_string(), 1, 1), ("L005".to_string(), 2, 1)],
        "{}",
        run.stdout
    );
    assert_eq!(server.seen.hits("/busy-long"), 1);
    // Not even a GET after the HEAD: the server asked for five seconds.
    assert_eq!(server.seen.hits("/unavailable-5"), 1);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains(
            "answered `429 Too Many Requests` and asked to be asked again in 120 s (`Retry-After`)"
        ),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`503 Service Unavailable` and asked to be asked again in 5 s"),
        "{messages:?}"
    );
}

#[test]
fn the_link_deadline_bounds_retries_and_redirects() {
    let server = start();
    // Five retries of a page slower than the timeout would send six requests; the deadline
    // leaves room for three at most.
    let text = format!("{}/slow\n", server.origin);
    let run = check(
        &text,
        &[
            "--allow-private",
            "--max-retries",
            "5",
            "--link-deadline",
            "2.5",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        findings(&json_of(&run)),
        [("L003".to_string(), 1, 1)],
        "{}",
        run.stdout
    );
    assert!((1..=3).contains(&server.seen.hits("/slow")));
    // A chain of redirects, each busy once for a second, ends unverified when the next wait no
    // longer fits, long before its end.
    let text = format!("{}/chain-429/0\n", server.origin);
    let run = check(
        &text,
        &[
            "--allow-private",
            "--link-deadline",
            "2.5",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        findings(&json_of(&run)),
        [("L005".to_string(), 1, 1)],
        "{}",
        run.stdout
    );
    assert_eq!(server.seen.hits("/chain-429/8"), 0);
}

#[test]
fn a_busy_host_backs_off_as_a_whole() {
    let server = start();
    let text: String = (0..50)
        .map(|i| format!("{}/rate/{i}\n", server.origin))
        .collect();
    let run = check(&text, &["--allow-private", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let rate = server.seen.rate.lock().unwrap();
    let busy = rate.busy_at.unwrap();
    // Requests per second from the 429 on: the second asked for is kept free, but for the few
    // requests (at most the three other slots of the host) that were on their way already.
    let mut per_second = vec![0usize; 1];
    for t in rate.arrivals.iter().filter(|t| **t > busy) {
        let second = (*t - busy).as_secs() as usize;
        if per_second.len() <= second {
            per_second.resize(second + 1, 0);
        }
        per_second[second] += 1;
    }
    assert!(per_second[0] <= 3, "requests per second: {per_second:?}");
    // Every link was asked, the busy one twice.
    assert_eq!(rate.arrivals.len(), 51, "{per_second:?}");
    // After the back-off, one request at a time.
    assert_eq!(
        server.seen.rate_max_in_flight.load(Ordering::SeqCst),
        1,
        "{per_second:?}"
    );
}

#[test]
fn a_host_that_asks_for_more_than_a_link_waits_is_not_asked_again() {
    let server = start();
    let mut text = format!("{}/busy-long\n", server.origin);
    for i in 0..5 {
        text.push_str(&format!("{}/ok?{i}\n", server.origin));
    }
    let run = check(
        &text,
        &[
            "--allow-private",
            "--host-concurrency",
            "1",
            "--format",
            "json",
        ],
    );
    let report = json_of(&run);
    // Links asked before the 429 work; the rest are left unverified without being asked.
    let asked_before = server.seen.hits("/ok");
    let unverified = findings(&report).iter().filter(|f| f.0 == "L005").count();
    assert_eq!(unverified, 1 + 5 - asked_before, "{}", run.stdout);
    let hits = server.seen.hits.lock().unwrap();
    let busy = hits["/busy-long"][0].1;
    assert!(
        hits.get("/ok")
            .into_iter()
            .flatten()
            .all(|(_, t)| *t < busy)
    );
}

#[test]
fn names_of_one_address_share_its_host_limit() {
    let server = start();
    let names = ["one.test", "two.test", "three.test", "four.test"];
    let text: String = (0..12)
        .map(|i| {
            let origin = server.origin.replace("127.0.0.1", names[i % names.len()]);
            format!("{origin}/concurrency/{i}\n")
        })
        .collect();
    let resolve: Vec<String> = names.iter().map(|n| format!("{n}=127.0.0.1")).collect();
    let mut args = vec!["--allow-private", "--host-concurrency", "2"];
    for r in &resolve {
        args.extend(["--resolve", r.as_str()]);
    }
    let run = check(&text, &args);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(server.seen.hits.lock().unwrap().len(), 12);
    // Four names, one server: two requests at once, not eight.
    assert_eq!(server.seen.max_in_flight.load(Ordering::SeqCst), 2);
}

#[test]
fn a_redirect_out_of_the_web_says_where_it_goes() {
    let server = start();
    let text = format!("{0}/to-file\n{0}/to-ftp\n{0}/to-data\n", server.origin);
    let run = check(&text, &["--allow-private", "--format", "json"]);
    let report = json_of(&run);
    assert_eq!(
        findings(&report),
        [
            ("L007".to_string(), 1, 1),
            ("L007".to_string(), 2, 1),
            ("L007".to_string(), 3, 1)
        ],
        "{}",
        run.stdout
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "link redirects to `file:///etc/passwd`, and `file:` URLs are not followed",
            "link redirects to `ftp://ftp.example.org/pub/thesis.pdf`, and `ftp:` URLs are not followed",
            "link redirects to `data:text/plain,hello`, and `data:` URLs are not followed",
        ]
    );
}

#[test]
fn a_broken_response_is_a_server_error_not_an_unreachable_host() {
    let server = start();
    let text = format!("{0}/huge-headers\n{0}/other\n", server.raw);
    let run = check(&text, &["--allow-private", "--format", "json"]);
    let report = json_of(&run);
    assert_eq!(
        findings(&report),
        [("L006".to_string(), 1, 1), ("L006".to_string(), 2, 1)],
        "{}",
        run.stdout
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "server error: the server's response headers are too large",
            "server error: the server's response is not valid HTTP",
        ]
    );
}

/// Link options for the library's own runs: no cache, short timeouts, and no DNS: only the
/// `resolve` table answers, and every other name does not resolve.
fn without_dns(resolve: &[(&str, &str)]) -> citelint::online::LinkOptions {
    citelint::online::LinkOptions {
        timeout: Duration::from_secs(1),
        retry_backoff: Duration::from_millis(50),
        cache: None,
        allow_private: true,
        system_resolver: false,
        resolve: resolve
            .iter()
            .map(|(name, ip)| (name.to_string(), vec![ip.parse().unwrap()]))
            .collect(),
        ..citelint::online::LinkOptions::default()
    }
}

#[test]
fn no_host_resolving_at_all_is_reported_as_data() {
    let urls: Vec<String> = ["http://a.test/x", "http://b.test/y", "https://c.test/z"]
        .iter()
        .map(|u| u.to_string())
        .collect();
    let results = citelint::online::check_blocking(&urls, &without_dns(&[]), None).unwrap();
    // The findings stay: every link is an unreachable host...
    assert!(results.reports.values().all(|r| matches!(
        r.outcome,
        citelint::model::online::Outcome::Unreachable {
            reason: citelint::model::online::Unreachable::Dns,
            ..
        }
    )));
    // ...and the run says that the network, not the links, is the likely cause.
    assert_eq!(results.network_unavailable, Some(3));
    assert_eq!(results.stats().network_unavailable, Some(3));
    // One host is not enough to say so.
    let one = citelint::online::check_blocking(&urls[..1], &without_dns(&[]), None).unwrap();
    assert_eq!(one.network_unavailable, None);
    // Nor is a run where one name resolves.
    let server = start();
    let port = server.origin.rsplit(':').next().unwrap();
    let mut mixed = urls.clone();
    mixed.push(format!("http://here.test:{port}/ok"));
    let options = without_dns(&[("here.test", "127.0.0.1")]);
    let results = citelint::online::check_blocking(&mixed, &options, None).unwrap();
    assert_eq!(results.network_unavailable, None);
    assert_eq!(server.seen.hits("/ok"), 1);
}

#[test]
fn offline_ci_is_told_about_offline_once() {
    // A run as in CI without network, injected: `--no-dns` (hidden) makes every name not in
    // `--resolve` fail to resolve, so no DNS is asked. The names are `.invalid` (RFC 6761) all
    // the same.
    let text = "See http://a.invalid/x and http://b.invalid/y.\n";
    let hint = "the network seems unavailable";
    let human = citelint_stdin(
        &["check", "--no-cache", "--no-dns", "-"],
        Some(text.as_bytes()),
    );
    assert_eq!(human.code, 1, "{}{}", human.stdout, human.stderr);
    let lines: Vec<&str> = human.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(hint))
        .unwrap_or_else(|| panic!("{}", human.stdout));
    assert_eq!(
        lines[at],
        "warning: none of the 2 link hosts resolved: the network seems unavailable"
    );
    assert_eq!(
        lines[at + 1],
        "help: `--offline` (or `offline = true` under `[links]`) runs the offline checks only"
    );
    assert!(lines[at + 2].starts_with("links: 2 links checked"));
    assert_eq!(human.stdout.matches(hint).count(), 1);
    assert!(!human.stderr.contains(hint), "{}", human.stderr);
    // Machine formats keep their output clean and say it on standard error.
    for format in ["json", "sarif", "github", "gitlab", "junit"] {
        let run = citelint_stdin(
            &["check", "--no-cache", "--no-dns", "--format", format, "-"],
            Some(text.as_bytes()),
        );
        assert_eq!(run.code, 1, "{format}");
        assert!(!run.stdout.contains(hint), "{format}");
        assert_eq!(
            run.stderr.matches(hint).count(),
            1,
            "{format}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("`--offline`"), "{format}");
    }
    let json = json_of(&citelint_stdin(
        &["check", "--no-cache", "--no-dns", "--format", "json", "-"],
        Some(text.as_bytes()),
    ));
    // The findings are kept.
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 2);
    // Quiet human output has no summary to put it in: standard error.
    let quiet = citelint_stdin(
        &["check", "--no-cache", "--no-dns", "--quiet", "-"],
        Some(text.as_bytes()),
    );
    assert!(!quiet.stdout.contains(hint));
    assert!(quiet.stderr.contains(hint), "{}", quiet.stderr);
}
