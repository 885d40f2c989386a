//! Asking a registry politely: one GET whose body is read up to a limit, through the shared
//! client (address policy on every hop, no proxy), with a concurrency limit and a minimum
//! interval per service, retries that honour `429` and `Retry-After`, and the rate a service
//! announces (`x-rate-limit-limit` per `x-rate-limit-interval`, as Crossref sends them).
//!
//! A service that cannot be reached is remembered as down for the rest of the run: its other
//! lookups are not sent, and one warning says so. A cited page (for content drift and soft 404s)
//! is asked the same way but paced per host, as the link checker does, and only an HTML answer's
//! first bytes are read. Nothing here interprets a body.

use reqwest::Client;
use std::collections::BTreeMap;
use std::error::Error as _;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::ProvenanceOptions;
use crate::net::{client, policy};

/// What a service answered: the final status, its media type and the body's first bytes.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// `Content-Type`, lowercase, without parameters.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// How one lookup is asked: the queue it waits in and what of the answer is read.
#[derive(Debug, Clone)]
struct Ask {
    /// The pace it keeps: a service's name, or `page:` and a host.
    queue: String,
    /// Requests of the queue in flight at once.
    concurrency: usize,
    /// Minimum time between two requests of the queue, until the service announces its own.
    interval: Duration,
    accept: &'static str,
    /// The most of the body read.
    limit: usize,
    /// Read the body only when the answer is HTML.
    html_only: bool,
}

/// The `Accept` of a page request.
const HTML: &str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1";

/// Why a service gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Down(pub String);

struct Pace {
    permits: Arc<Semaphore>,
    next: tokio::sync::Mutex<Instant>,
    interval: Mutex<Duration>,
}

pub struct Fetcher {
    client: Client,
    options: ProvenanceOptions,
    paces: Mutex<BTreeMap<String, Arc<Pace>>>,
    /// Services found down, with the first reason, for the run's warnings.
    down: Mutex<BTreeMap<&'static str, (String, String)>>,
    /// Requests sent, for tests and the curious.
    pub sent: std::sync::atomic::AtomicUsize,
}

impl Fetcher {
    pub fn new(options: &ProvenanceOptions) -> Result<Fetcher, String> {
        let net = &options.net;
        let lookups = std::sync::Arc::new(crate::net::resolver::Lookups::new(
            policy_of(options),
            net.resolve.clone(),
            net.system_resolver,
        ));
        let client = client::build(&net.user_agent, net.timeout, lookups)
            .map_err(|e| format!("cannot build the HTTP client ({e}); provenance not checked"))?;
        Ok(Fetcher {
            client,
            options: options.clone(),
            paces: Mutex::new(BTreeMap::new()),
            down: Mutex::new(BTreeMap::new()),
            sent: Default::default(),
        })
    }

    /// One warning per service that was down.
    pub fn warnings(&self) -> Vec<String> {
        let down = self.down.lock().expect("down lock");
        down.iter()
            .map(|(service, (base, reason))| {
                format!("`{service}` (`{base}`) could not be asked ({reason}); its provenance checks are unverifiable in this run")
            })
            .collect()
    }

    fn pace(&self, ask: &Ask) -> Arc<Pace> {
        let mut paces = self.paces.lock().expect("paces lock");
        paces
            .entry(ask.queue.clone())
            .or_insert_with(|| {
                Arc::new(Pace {
                    permits: Arc::new(Semaphore::new(ask.concurrency.max(1))),
                    next: tokio::sync::Mutex::new(Instant::now()),
                    interval: Mutex::new(ask.interval),
                })
            })
            .clone()
    }

    /// The first bytes of a cited page (up to `page_bytes`, and only when it is HTML), paced
    /// per host as the link checker paces links. A page that fails marks nothing down.
    pub async fn page(&self, url: &str) -> Result<Reply, Down> {
        let host = url::Url::parse(url)
            .ok()
            .map(|u| {
                format!(
                    "{}:{}",
                    u.host_str().unwrap_or(""),
                    u.port_or_known_default().unwrap_or(0)
                )
            })
            .unwrap_or_default();
        let ask = Ask {
            queue: format!("page:{host}"),
            concurrency: self.options.net.host_concurrency,
            interval: self.options.net.host_interval,
            accept: HTML,
            limit: self.options.page_bytes,
            html_only: true,
        };
        self.get_following(&ask, url).await
    }

    /// GET `url` from `service` (`base` names it in the warning), following redirects by hand
    /// and retrying 429, 5xx, timeouts and resets.
    pub async fn get(&self, service: &'static str, base: &str, url: &str) -> Result<Reply, Down> {
        if let Some((_, reason)) = self.down.lock().expect("down lock").get(service) {
            return Err(Down(reason.clone()));
        }
        let ask = Ask {
            queue: service.to_string(),
            concurrency: self.options.service_concurrency,
            interval: Duration::ZERO,
            accept: "application/json",
            limit: self.options.max_body,
            html_only: false,
        };
        let result = self.get_following(&ask, url).await;
        if let Err(Down(reason)) = &result {
            self.down
                .lock()
                .expect("down lock")
                .entry(service)
                .or_insert_with(|| (base.to_string(), reason.clone()));
        }
        result
    }

    async fn get_following(&self, ask: &Ask, url: &str) -> Result<Reply, Down> {
        let mut current = url.to_string();
        for _ in 0..=self.options.net.max_redirects {
            let reply = self.get_retrying(ask, &current).await?;
            let Some(next) = reply.1 else {
                return Ok(reply.0);
            };
            current = url::Url::parse(&current)
                .and_then(|u| u.join(&next))
                .map_err(|e| Down(format!("bad redirect `{next}`: {e}")))?
                .to_string();
        }
        Err(Down("too many redirects".into()))
    }

    /// One URL with retries; the reply and where it redirects, if it does.
    async fn get_retrying(&self, ask: &Ask, url: &str) -> Result<(Reply, Option<String>), Down> {
        check_literal(url, &policy_of(&self.options))?;
        let net = &self.options.net;
        let mut attempt = 0;
        loop {
            let result = self.once(ask, url).await;
            let (retryable, after) = match &result {
                Ok((r, _, after)) => (r.status == 429 || r.status >= 500, *after),
                Err((_, retryable)) => (*retryable, None),
            };
            if !retryable || attempt >= net.max_retries {
                return match result {
                    Ok((r, _, _)) if r.status == 429 || r.status >= 500 => Err(Down(format!(
                        "it answered `{}`",
                        crate::model::online::status_text(r.status)
                    ))),
                    Ok((r, location, _)) => Ok((r, location)),
                    Err((down, _)) => Err(down),
                };
            }
            let wait = match after {
                Some(after) => after.min(net.max_retry_after),
                None => {
                    let base = net.retry_backoff * 2u32.saturating_pow(attempt);
                    base + base.mul_f64(fastrand::f64())
                }
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One request: (reply, redirect target, `Retry-After`), or why not and whether to retry.
    #[allow(clippy::type_complexity)]
    async fn once(
        &self,
        ask: &Ask,
        url: &str,
    ) -> Result<(Reply, Option<String>, Option<Duration>), (Down, bool)> {
        let pace = self.pace(ask);
        let _permit = pace.permits.clone().acquire_owned().await.expect("open");
        let interval = *pace.interval.lock().expect("interval lock");
        if !interval.is_zero() {
            let start = {
                let mut next = pace.next.lock().await;
                let start = (*next).max(Instant::now());
                *next = start + interval;
                start
            };
            tokio::time::sleep_until(start).await;
        }
        self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let request = self.client.get(url).header("accept", ask.accept).send();
        let mut response = request.await.map_err(|e| failure(&e))?;
        let headers = response.headers();
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(rate) =
            announced_interval(text("x-rate-limit-limit"), text("x-rate-limit-interval"))
        {
            *pace.interval.lock().expect("interval lock") = rate;
        }
        let after = text("retry-after").and_then(client::parse_retry_after);
        let status = response.status().as_u16();
        let location = text("location")
            .filter(|_| client::is_redirect(status))
            .map(str::to_string);
        let content_type = text("content-type").map(|t| {
            let media = t.split(';').next().unwrap_or(t);
            media.trim().to_ascii_lowercase()
        });
        let html = content_type
            .as_deref()
            .is_some_and(|t| t == "text/html" || t == "application/xhtml+xml");
        let mut body = Vec::new();
        // A page that is not HTML (a PDF, an image) is not read at all.
        let limit = if ask.html_only && !html { 0 } else { ask.limit };
        while body.len() < limit {
            match response.chunk().await {
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) => return Err(failure(&e)),
            }
        }
        body.truncate(limit);
        let reply = Reply {
            status,
            content_type,
            body,
        };
        Ok((reply, location, after))
    }
}

/// The interval between two requests that `limit` per `interval` (`50`, `1s`) allows.
fn announced_interval(limit: Option<&str>, interval: Option<&str>) -> Option<Duration> {
    let limit: u32 = limit?.trim().parse().ok().filter(|l| *l > 0)?;
    let secs: f64 = interval?.trim().trim_end_matches('s').parse().ok()?;
    Duration::try_from_secs_f64(secs / f64::from(limit)).ok()
}

/// What a transport error means: a reason, and whether a retry may help.
fn failure(err: &reqwest::Error) -> (Down, bool) {
    if err.is_timeout() {
        return (Down("no answer within the timeout".into()), true);
    }
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    let text = parts.join(": ");
    let reset = text.contains("reset") || text.contains("closed");
    let reason = if let Some(rest) = text.split("citelint-blocked: ").nth(1) {
        format!("blocked by the address policy: {rest}")
    } else if text.contains("Connection refused") {
        "the connection was refused".to_string()
    } else {
        text
    };
    (Down(reason), reset)
}

fn policy_of(options: &ProvenanceOptions) -> policy::Policy {
    policy::Policy {
        allow_private: options.net.allow_private,
        allow: options.net.allow_addresses.clone(),
    }
}

/// Literal addresses never reach the resolver: check them against the policy here.
fn check_literal(url: &str, policy: &policy::Policy) -> Result<(), Down> {
    let parsed = url::Url::parse(url).map_err(|e| Down(format!("`{url}` is not a URL: {e}")))?;
    let ip = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    match policy.denies(ip) {
        Some(reason) => Err(Down(format!(
            "`{ip}` ({reason}) is refused by the address policy"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announced_rates() {
        assert_eq!(
            announced_interval(Some("50"), Some("1s")),
            Some(Duration::from_millis(20))
        );
        assert_eq!(announced_interval(Some("0"), Some("1s")), None);
        assert_eq!(announced_interval(None, Some("1s")), None);
    }
}
