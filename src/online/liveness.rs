//! Link liveness: every unique http(s) URL of the manuscripts is asked once per run, politely
//! and concurrently, and the answer classified; the link rules turn the results into findings.
//!
//! For each URL: HEAD first, GET when HEAD fails for any reason but a timeout (some servers
//! refuse HEAD); a body is never read. Redirects are followed by hand (up to
//! [`LinkOptions::max_redirects`]), checking every hop against the address policy and keeping
//! the chain. Timeouts, connection resets, 5xx and 429 are retried with exponential backoff and
//! jitter, honouring `Retry-After` up to a cap; 404 and 410 never are. Scheduling is in
//! `net::limits`, the address policy in `net::policy` and `net::resolver`, the cache in
//! `net::cache`.
//!
//! It reaches the network only through `net`, and it never prints: progress goes through a
//! callback, warnings come back as strings.

use reqwest::{Client, Method};
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use crate::model::online::{Hop, LinkReport, LinkStats, Outcome, Unreachable, status_text};
use crate::net::client::{self, Answer, Failure, is_permanent, is_redirect};
use crate::net::limits::Limits;
use crate::net::{cache, policy};

/// How links are checked. The defaults are documented in the README and `citelint check --help`.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one host.
    pub host_concurrency: usize,
    /// Minimum time between the starts of two requests to one host.
    pub host_interval: Duration,
    /// Retries after the first attempt, for timeouts, resets, 5xx and 429.
    pub max_retries: u32,
    /// Base of the exponential backoff between retries (doubled each retry, plus up to as much
    /// again of random jitter).
    pub retry_backoff: Duration,
    /// The longest `Retry-After` honoured; longer ones are cut to this.
    pub max_retry_after: Duration,
    /// Time allowed for one request to answer (connect plus headers).
    pub timeout: Duration,
    /// Redirects followed before the chain counts as a loop.
    pub max_redirects: usize,
    pub user_agent: String,
    /// Let links reach loopback, private, link-local and other non-public addresses.
    pub allow_private: bool,
    /// Single addresses links may reach although the policy denies their range.
    pub allow_addresses: Vec<IpAddr>,
    /// Names resolved from this table instead of DNS (the address policy still applies).
    pub resolve: HashMap<String, Vec<IpAddr>>,
    /// The cache file, or `None` for no cache.
    pub cache: Option<PathBuf>,
    /// How long a working link's result is reused.
    pub cache_max_age: Duration,
    /// Status codes that count as working whatever they are (`accept` in the configuration).
    pub accept: Vec<u16>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            max_concurrency: 32,
            host_concurrency: 4,
            host_interval: Duration::ZERO,
            max_retries: 2,
            retry_backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            timeout: Duration::from_secs(20),
            max_redirects: 10,
            user_agent: format!("citelint/{}", env!("CARGO_PKG_VERSION")),
            allow_private: false,
            allow_addresses: Vec::new(),
            resolve: HashMap::new(),
            cache: cache::Cache::default_path(),
            cache_max_age: Duration::from_secs(24 * 60 * 60),
            accept: Vec::new(),
        }
    }
}

/// Called after each URL is done with (done, total).
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// What checking the links of a run produced.
#[derive(Debug, Default)]
pub struct LinkResults {
    pub reports: HashMap<String, LinkReport>,
    /// Things the user should know that are not findings (an unusable cache file).
    pub warnings: Vec<String>,
}

impl LinkResults {
    pub fn stats(&self) -> LinkStats {
        LinkStats::of(self.reports.values())
    }
}

/// Check `urls` (duplicates are asked once) on a runtime of its own.
pub fn check_blocking(
    urls: &[String],
    options: &LinkOptions,
    progress: Option<Progress>,
) -> std::io::Result<LinkResults> {
    if urls.is_empty() {
        return Ok(LinkResults::default());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    Ok(runtime.block_on(check(urls, options, progress)))
}

/// Check `urls` (duplicates are asked once).
pub async fn check(
    urls: &[String],
    options: &LinkOptions,
    progress: Option<Progress>,
) -> LinkResults {
    let mut results = LinkResults::default();
    let mut unique: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for url in urls {
        if seen.insert(url.as_str()) {
            unique.push(url.clone());
        }
    }
    // No link to ask: the cache is neither read nor written.
    if unique.is_empty() {
        return results;
    }
    let mut cache = options.cache.clone().and_then(|path| {
        match cache::Cache::open(path, options.cache_max_age) {
            Ok(cache) => Some(cache),
            Err(warning) => {
                results.warnings.push(warning);
                None
            }
        }
    });
    let mut todo = Vec::new();
    for url in unique {
        match cache.as_ref().and_then(|c| c.get(&url)) {
            Some(report) => {
                results.reports.insert(url, report);
            }
            None => todo.push(url),
        }
    }
    let total = todo.len() + results.reports.len();
    let asked = !todo.is_empty();
    let client = match client::build(
        &options.user_agent,
        options.timeout,
        policy_of(options),
        options.resolve.clone(),
    ) {
        Ok(client) => client,
        Err(e) => {
            results.warnings.push(format!(
                "cannot build the HTTP client ({e}); links not checked"
            ));
            return results;
        }
    };
    let shared = Arc::new(Checker {
        client,
        limits: Limits::new(
            options.max_concurrency,
            options.host_concurrency,
            options.host_interval,
        ),
        options: options.clone(),
    });
    let mut done = results.reports.len();
    if let Some(p) = &progress {
        p(done, total);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for url in todo {
        let checker = shared.clone();
        tasks.spawn(async move { checker.check_url(url).await });
    }
    while let Some(joined) = tasks.join_next().await {
        if let Ok(report) = joined {
            results.reports.insert(report.url.clone(), report);
        }
        done += 1;
        if let Some(p) = &progress {
            p(done, total);
        }
    }
    // Written only when some link was asked over the network; saving may wait for another
    // run's lock, so it runs off the async workers.
    if asked && let Some(mut c) = cache.take() {
        c.store(results.reports.values());
        match tokio::task::spawn_blocking(move || c.save()).await {
            Ok(Ok(())) => {}
            Ok(Err(warning)) => results.warnings.push(warning),
            Err(e) => results
                .warnings
                .push(format!("cannot write the link cache: {e}")),
        }
    }
    results
}

struct Checker {
    client: Client,
    limits: Limits,
    options: LinkOptions,
}

impl Checker {
    /// Follow `url`'s redirect chain to its end and classify it.
    async fn check_url(&self, url: String) -> LinkReport {
        let mut report = LinkReport {
            url: url.clone(),
            outcome: Outcome::Timeout,
            redirects: Vec::new(),
            final_url: url.clone(),
            moved_to: None,
            from_cache: false,
            requests: 0,
        };
        let mut current = url;
        let mut visited = HashSet::new();
        let mut permanent_so_far = true;
        loop {
            visited.insert(current.clone());
            let answer = match self.ask(&current, &mut report.requests).await {
                Ok(answer) => answer,
                Err(failure) => {
                    report.outcome = match failure {
                        Failure::Timeout => Outcome::Timeout,
                        Failure::Blocked { address, reason } => {
                            Outcome::Blocked { address, reason }
                        }
                        Failure::Unreachable { reason, detail } => {
                            Outcome::Unreachable { reason, detail }
                        }
                    };
                    report.final_url = current;
                    return report;
                }
            };
            let next = answer
                .location
                .as_deref()
                .filter(|_| is_redirect(answer.status))
                .and_then(|loc| url::Url::parse(&current).ok()?.join(loc).ok());
            let Some(next) = next else {
                report.outcome = if self.options.accept.contains(&answer.status) {
                    Outcome::Ok {
                        status: answer.status,
                    }
                } else {
                    classify(&answer)
                };
                report.final_url = current;
                return report;
            };
            let next = next.to_string();
            let permanent = is_permanent(answer.status) || is_https_twin(&current, &next);
            permanent_so_far &= permanent;
            report.redirects.push(Hop {
                url: current.clone(),
                status: answer.status,
            });
            if permanent_so_far {
                report.moved_to = Some(next.clone());
            }
            if visited.contains(&next) || report.redirects.len() > self.options.max_redirects {
                report.outcome = Outcome::RedirectLoop {
                    hops: report.redirects.len(),
                };
                report.final_url = next;
                return report;
            }
            if !matches!(
                url::Url::parse(&next)
                    .map(|u| u.scheme().to_string())
                    .as_deref(),
                Ok("http" | "https")
            ) {
                report.outcome = Outcome::Unreachable {
                    reason: Unreachable::Other,
                    detail: format!("redirects to `{next}`, which is not an http(s) URL"),
                };
                report.final_url = next;
                return report;
            }
            current = next;
        }
    }

    /// Ask one URL, with retries: HEAD, then GET if HEAD failed for a reason but a timeout.
    async fn ask(&self, url: &str, requests: &mut u32) -> Result<Answer, Failure> {
        let parsed = url::Url::parse(url).map_err(|e| Failure::Unreachable {
            reason: Unreachable::Other,
            detail: e.to_string(),
        })?;
        // Literal addresses never reach the resolver: check them here.
        let literal = match parsed.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal
            && let Some(reason) = policy_of(&self.options).denies(ip)
        {
            return Err(Failure::Blocked {
                address: ip.to_string(),
                reason: reason.to_string(),
            });
        }
        let host = format!(
            "{}:{}",
            parsed.host_str().unwrap_or(""),
            parsed.port_or_known_default().unwrap_or(0)
        );
        let mut attempt = 0;
        loop {
            let result = {
                let _permit = self.limits.acquire(&host).await;
                self.head_then_get(url, requests).await
            };
            let retryable = match &result {
                Ok(a) => a.status >= 500 || a.status == 429,
                Err(Failure::Timeout) => true,
                Err(Failure::Unreachable { reason, .. }) => *reason == Unreachable::Reset,
                Err(_) => false,
            };
            if !retryable || attempt >= self.options.max_retries {
                return result;
            }
            let wait = match &result {
                Ok(Answer {
                    retry_after: Some(after),
                    ..
                }) => (*after).min(self.options.max_retry_after),
                _ => {
                    let base = self.options.retry_backoff * 2u32.saturating_pow(attempt);
                    base + base.mul_f64(fastrand::f64())
                }
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn head_then_get(&self, url: &str, requests: &mut u32) -> Result<Answer, Failure> {
        *requests += 1;
        match client::send(&self.client, Method::HEAD, url).await {
            Ok(a) if a.status < 400 || a.status == 429 => return Ok(a),
            Err(f @ (Failure::Timeout | Failure::Blocked { .. })) => return Err(f),
            Err(
                f @ Failure::Unreachable {
                    reason: Unreachable::Dns,
                    ..
                },
            ) => return Err(f),
            _ => {}
        }
        *requests += 1;
        client::send(&self.client, Method::GET, url).await
    }
}

fn policy_of(options: &LinkOptions) -> policy::Policy {
    policy::Policy {
        allow_private: options.allow_private,
        allow: options.allow_addresses.clone(),
    }
}

/// What a final answer means.
fn classify(answer: &Answer) -> Outcome {
    let status = answer.status;
    match status {
        _ if answer.challenge => Outcome::Unverifiable { status },
        401 | 403 | 429 | 999 => Outcome::Unverifiable { status },
        400..=499 => Outcome::Dead { status },
        500..=599 => Outcome::ServerError { status },
        _ => Outcome::Ok { status },
    }
}

/// `http://host/path` redirecting to `https://host/path`.
fn is_https_twin(from: &str, to: &str) -> bool {
    from.strip_prefix("http://")
        .zip(to.strip_prefix("https://"))
        .is_some_and(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, challenge: bool) -> Answer {
        Answer {
            status,
            location: None,
            retry_after: None,
            challenge,
        }
    }

    #[test]
    fn statuses_are_classified() {
        assert_eq!(classify(&answer(200, false)), Outcome::Ok { status: 200 });
        assert_eq!(classify(&answer(304, false)), Outcome::Ok { status: 304 });
        for s in [400, 404, 410, 451] {
            assert_eq!(classify(&answer(s, false)), Outcome::Dead { status: s });
        }
        for s in [401, 403, 429, 999] {
            assert_eq!(
                classify(&answer(s, false)),
                Outcome::Unverifiable { status: s }
            );
        }
        assert_eq!(
            classify(&answer(503, true)),
            Outcome::Unverifiable { status: 503 }
        );
        assert_eq!(
            classify(&answer(502, false)),
            Outcome::ServerError { status: 502 }
        );
    }

    #[test]
    fn https_twin() {
        assert!(is_https_twin(
            "http://example.org/a?b",
            "https://example.org/a?b"
        ));
        assert!(!is_https_twin(
            "http://example.org/a",
            "https://example.org/b"
        ));
        assert!(!is_https_twin(
            "https://example.org/a",
            "https://example.org/a"
        ));
        assert!(!is_https_twin(
            "http://example.org/",
            "https://www.example.org/"
        ));
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(
            client::parse_retry_after("120"),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            client::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(client::parse_retry_after("soon"), None);
    }
}
