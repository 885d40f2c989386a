//! One HTTP request, and what its failure means.
//!
//! The client is reqwest on rustls (ring provider), with no proxy, no automatic redirects (the
//! checker follows them itself, checking every hop) and the policy resolver. A response's body
//! is never read: the request returns once the headers arrive and the response is dropped, so a
//! 2 GiB body costs nothing.

use reqwest::{Client, Method, StatusCode};
use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use super::resolver::{Blocked, DnsFailure, Lookups, PolicyResolver};
use crate::model::online::{BadResponse, Unreachable};

/// What a request got back: the status and the headers the checker needs.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
    /// A bot challenge (`cf-mitigated: challenge`).
    pub challenge: bool,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Timeout,
    /// The server answered `status` and asked to be asked again after `retry_after`, later
    /// than the link may wait.
    Deferred {
        status: u16,
        retry_after: Duration,
    },
    Blocked {
        address: String,
        reason: String,
    },
    Unreachable {
        reason: Unreachable,
        detail: String,
    },
    /// The server answered, but in a way that cannot be read.
    BadResponse {
        reason: BadResponse,
        detail: String,
    },
}

pub fn build(
    user_agent: &str,
    timeout: Duration,
    lookups: Arc<Lookups>,
) -> Result<Client, reqwest::Error> {
    // reqwest is built without a default crypto provider: install ring's (once per process).
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder()
        .user_agent(user_agent)
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(PolicyResolver(lookups)))
        .build()
}

/// Send one request; return once the headers are in.
pub async fn send(client: &Client, method: Method, url: &str) -> Result<Answer, Failure> {
    let response = client.request(method, url).send().await.map_err(classify)?;
    let headers = response.headers();
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let answer = Answer {
        status: response.status().as_u16(),
        location: text("location"),
        retry_after: text("retry-after").and_then(|v| parse_retry_after(&v)),
        challenge: text("cf-mitigated").is_some_and(|v| v.eq_ignore_ascii_case("challenge")),
    };
    // The body is not read: dropping the response closes the connection.
    drop(response);
    Ok(answer)
}

/// `Retry-After` as seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// What a reqwest error means for the link.
fn classify(err: reqwest::Error) -> Failure {
    if err.is_timeout() {
        return Failure::Timeout;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = err.source();
    while let Some(e) = source {
        if let Some(b) = e.downcast_ref::<Blocked>() {
            return Failure::Blocked {
                address: b.address.to_string(),
                reason: b.reason.to_string(),
            };
        }
        if let Some(d) = e.downcast_ref::<DnsFailure>() {
            return unreachable(
                Unreachable::Dns,
                d.to_string().trim_start_matches("citelint-dns: "),
            );
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            match io.kind() {
                ConnectionRefused => return unreachable(Unreachable::Refused, &io.to_string()),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    return unreachable(Unreachable::Reset, &io.to_string());
                }
                TimedOut => return Failure::Timeout,
                _ => {}
            }
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                return unreachable(Unreachable::Tls, &io.to_string());
            }
        }
        if e.is::<rustls::Error>() {
            return unreachable(Unreachable::Tls, &e.to_string());
        }
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            if h.is_incomplete_message() || h.is_canceled() {
                return unreachable(Unreachable::Reset, &h.to_string());
            }
            let bad = |reason| Failure::BadResponse {
                reason,
                detail: h.to_string(),
            };
            if h.is_parse() {
                // `is_parse_too_large` needs hyper's server feature; its message says as much
                // (the test of oversized headers notices if it changes).
                return bad(if h.to_string().contains("too large") {
                    BadResponse::HeadersTooLarge
                } else {
                    BadResponse::NotHttp
                });
            }
        }
        source = e.source();
    }
    // The resolver's errors may arrive boxed in a way that hides their type: read the marker.
    let text = format!("{err:?}");
    if let Some(rest) = text.split("citelint-blocked: ").nth(1) {
        return Failure::Blocked {
            address: rest
                .split(" resolves to ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .unwrap_or("?")
                .to_string(),
            reason: "denied".to_string(),
        };
    }
    if text.contains("citelint-dns: ") {
        return unreachable(Unreachable::Dns, "the host name does not resolve");
    }
    unreachable(Unreachable::Other, &chain(&err))
}

fn unreachable(reason: Unreachable, detail: &str) -> Failure {
    Failure::Unreachable {
        reason,
        detail: detail.to_string(),
    }
}

/// The error and its causes, joined.
fn chain(err: &reqwest::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

/// Is this status a redirect the checker follows?
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Is this status a permanent redirect?
pub fn is_permanent(status: u16) -> bool {
    status == StatusCode::MOVED_PERMANENTLY.as_u16()
        || status == StatusCode::PERMANENT_REDIRECT.as_u16()
}
