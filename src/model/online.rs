//! What checking one URL found: the data the link rules read and the cache stores.

use serde::{Deserialize, Serialize};

/// How a URL's request chain ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// 2xx, or 3xx without a redirect.
    Ok { status: u16 },
    /// 404, 410 and other 4xx but 401, 403 and 429.
    Dead { status: u16 },
    /// The host could not be reached.
    Unreachable { reason: Unreachable, detail: String },
    /// No answer within the timeout, after every retry.
    Timeout,
    /// The site answered but refused an automated check: 401, 403, 429, 999, a bot challenge;
    /// or asked to be asked again later than citelint waits (`retry_after`).
    Unverifiable {
        status: u16,
        /// Seconds the site asked to wait (`Retry-After`) before the next request, when that
        /// was longer than citelint waits: the link was left unverified rather than waited for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<u64>,
    },
    /// 5xx after every retry.
    ServerError { status: u16 },
    /// A redirect loop, or more redirects than allowed.
    RedirectLoop { hops: usize },
    /// A redirect to a URL that is not http(s) (`file:`, `ftp:`, `data:`), which is not
    /// followed.
    RedirectOffWeb { scheme: String, target: String },
    /// The server answered, but in a way that cannot be read.
    BadResponse { reason: BadResponse, detail: String },
    /// The URL, or a redirect on its way, resolves to an address the policy forbids.
    Blocked { address: String, reason: String },
}

/// Why a host could not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unreachable {
    Dns,
    Refused,
    Reset,
    Tls,
    Other,
}

impl Unreachable {
    pub fn describe(self) -> &'static str {
        match self {
            Unreachable::Dns => "its host name does not resolve",
            Unreachable::Refused => "the connection was refused",
            Unreachable::Reset => "the connection was reset",
            Unreachable::Tls => "the TLS handshake failed",
            Unreachable::Other => "the connection failed",
        }
    }
}

/// Why a server's answer could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BadResponse {
    HeadersTooLarge,
    NotHttp,
}

impl BadResponse {
    pub fn describe(self) -> &'static str {
        match self {
            BadResponse::HeadersTooLarge => "the server's response headers are too large",
            BadResponse::NotHttp => "the server's response is not valid HTTP",
        }
    }
}

/// One redirect on the way: the URL asked and the status it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub url: String,
    pub status: u16,
}

/// Everything known about one URL after checking it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkReport {
    pub url: String,
    pub outcome: Outcome,
    /// The redirects followed, in order; empty when the URL answered itself.
    pub redirects: Vec<Hop>,
    /// The URL that gave the final answer.
    pub final_url: String,
    /// Where the URL moved for good: the target of its leading permanent redirects (301, 308,
    /// or `http` to its `https` twin), when there are any.
    pub moved_to: Option<String>,
    /// Served from the on-disk cache, not the network.
    #[serde(default)]
    pub from_cache: bool,
    /// Requests sent (HEAD and GET count one each).
    #[serde(default)]
    pub requests: u32,
}

/// Counts for the closing summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LinkStats {
    /// Unique URLs checked.
    pub checked: usize,
    pub ok: usize,
    /// Working links reached through a redirect.
    pub redirected: usize,
    pub dead: usize,
    pub unverifiable: usize,
    /// Unreachable hosts, timeouts, server errors and unreadable answers, redirect loops and
    /// redirects out of http(s), blocked addresses.
    pub failed: usize,
    pub from_cache: usize,
    /// [`super::LinkResults::network_unavailable`], for the closing lines; not part of the
    /// counts (nor of the JSON report).
    #[serde(skip)]
    pub network_unavailable: Option<usize>,
}

impl LinkStats {
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a LinkReport>) -> Self {
        let mut s = LinkStats::default();
        for r in reports {
            s.checked += 1;
            if r.from_cache {
                s.from_cache += 1;
            }
            match r.outcome {
                Outcome::Ok { .. } if r.redirects.is_empty() => s.ok += 1,
                Outcome::Ok { .. } => s.redirected += 1,
                Outcome::Dead { .. } => s.dead += 1,
                Outcome::Unverifiable { .. } => s.unverifiable += 1,
                _ => s.failed += 1,
            }
        }
        s
    }

    /// `12 links checked: 9 ok, 1 redirected, 1 dead, 1 unverifiable, 0 failed (3 from cache)`.
    pub fn line(&self) -> String {
        format!(
            "{} link{} checked: {} ok, {} redirected, {} dead, {} unverifiable, {} failed ({} from cache)",
            self.checked,
            if self.checked == 1 { "" } else { "s" },
            self.ok,
            self.redirected,
            self.dead,
            self.unverifiable,
            self.failed,
            self.from_cache
        )
    }
}

/// A status with its reason phrase: `404 Not Found`.
pub fn status_text(status: u16) -> String {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}
