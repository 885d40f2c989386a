//! Link liveness: every unique http(s) URL of the manuscripts is asked once per run, politely
//! and concurrently, and the answer classified; the link rules turn the results into findings.
//!
//! For each URL: HEAD first, GET when HEAD fails for any reason but a timeout or a request to
//! wait (some servers refuse HEAD); a body is never read. Redirects are followed by hand (up to
//! [`LinkOptions::max_redirects`]), checking every hop against the address policy and keeping
//! the chain. Timeouts, connection resets, 5xx and 429 are retried with exponential backoff and
//! jitter, honouring `Retry-After` up to a cap; 404 and 410 never are. Each link has a deadline
//! ([`LinkOptions::deadline`]) that bounds all of that. One URL from start to end is
//! [`super::checker`]; scheduling is in `net::limits`, the address policy in `net::policy` and
//! `net::resolver`, the cache in `net::cache`.
//!
//! It reaches the network only through `net`, and it never prints: progress goes through a
//! callback, warnings come back as strings.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::checker::Checker;
pub use crate::model::online::{
    BadResponse, Hop, LinkReport, LinkStats, Outcome, Unreachable, status_text,
};
use crate::net::limits::Limits;
use crate::net::{cache, client, policy, resolver};

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
    /// The longest `Retry-After` waited for; a link asked to wait longer ends at once as
    /// unverifiable.
    pub max_retry_after: Duration,
    /// Time allowed for one request to answer (connect plus headers).
    pub timeout: Duration,
    /// Time allowed for one link from its first request on: every request, retry wait and
    /// redirect. `None`: [`LinkOptions::deadline`]'s default.
    pub link_deadline: Option<Duration>,
    /// Redirects followed before the chain counts as a loop.
    pub max_redirects: usize,
    pub user_agent: String,
    /// Let links reach loopback, private, link-local and other non-public addresses.
    pub allow_private: bool,
    /// Single addresses links may reach although the policy denies their range.
    pub allow_addresses: Vec<IpAddr>,
    /// Names resolved from this table instead of DNS (the address policy still applies).
    pub resolve: HashMap<String, Vec<IpAddr>>,
    /// Ask the system's resolver (DNS) for names not in `resolve`. Off, only `resolve` answers
    /// and every other name does not resolve: for runs that must not depend on DNS, such as
    /// the library's tests.
    pub system_resolver: bool,
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
            link_deadline: None,
            max_redirects: 10,
            user_agent: format!("citelint/{}", env!("CARGO_PKG_VERSION")),
            allow_private: false,
            allow_addresses: Vec::new(),
            resolve: HashMap::new(),
            system_resolver: true,
            cache: cache::Cache::default_path(),
            cache_max_age: Duration::from_secs(24 * 60 * 60),
            accept: Vec::new(),
        }
    }
}

impl LinkOptions {
    /// The time allowed for one link: `link_deadline`, or by default enough for every attempt to
    /// time out plus one longest `Retry-After` wait: `timeout × (max_retries + 1) +
    /// max_retry_after` (90 s with the defaults).
    pub fn deadline(&self) -> Duration {
        self.link_deadline.unwrap_or_else(|| {
            self.timeout
                .saturating_mul(self.max_retries.saturating_add(1))
                .saturating_add(self.max_retry_after)
        })
    }
}

/// Called after each URL is done with (done, total).
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// The fewest host names that must all fail to resolve before a run says that the network,
/// not the links, seems to be the trouble: one dead host is just a dead host.
pub const NETWORK_DOWN_MIN_HOSTS: usize = 2;

/// What checking the links of a run produced.
#[derive(Debug, Default)]
pub struct LinkResults {
    pub reports: HashMap<String, LinkReport>,
    /// Things the user should know that are not findings (an unusable cache file).
    pub warnings: Vec<String>,
    /// `Some(n)` when none of the `n` host names looked up (at least
    /// [`NETWORK_DOWN_MIN_HOSTS`]) resolved: the network is probably unavailable (offline CI),
    /// and `--offline` is what the user wants. The findings are kept all the same.
    pub network_unavailable: Option<usize>,
}

impl LinkResults {
    pub fn stats(&self) -> LinkStats {
        LinkStats {
            network_unavailable: self.network_unavailable,
            ..LinkStats::of(self.reports.values())
        }
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
    let asked = !todo.is_empty();
    ask_all(todo, options, progress, &mut results).await;
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

/// Ask every URL of `todo` over the network (the cache served the rest of `results`).
async fn ask_all(
    todo: Vec<String>,
    options: &LinkOptions,
    progress: Option<Progress>,
    results: &mut LinkResults,
) {
    let total = todo.len() + results.reports.len();
    let lookups = Arc::new(resolver::Lookups::new(
        policy_of(options),
        options.resolve.clone(),
        options.system_resolver,
    ));
    let client = match client::build(&options.user_agent, options.timeout, lookups.clone()) {
        Ok(client) => client,
        Err(e) => {
            results.warnings.push(format!(
                "cannot build the HTTP client ({e}); links not checked"
            ));
            return;
        }
    };
    let shared = Arc::new(Checker {
        client,
        lookups,
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
    let (looked_up, resolved) = shared.lookups.summary();
    if looked_up >= NETWORK_DOWN_MIN_HOSTS && resolved == 0 {
        results.network_unavailable = Some(looked_up);
    }
}

pub(super) fn policy_of(options: &LinkOptions) -> policy::Policy {
    policy::Policy {
        allow_private: options.allow_private,
        allow: options.allow_addresses.clone(),
    }
}
