//! One URL from start to end: its requests, retries and redirects, and what the final answer
//! means. The scheduling it obeys is in [`crate::net::limits`], the requests in
//! [`crate::net::client`].
//!
//! Every URL has a time budget ([`LinkOptions::deadline`]) that starts when its first request
//! may go out (time spent queueing behind other URLs does not count) and covers every request,
//! retry wait and redirect after that. A request still on the wire when the budget runs out is
//! abandoned (a timeout); a retry whose wait does not fit ends the link with what it has; and a
//! `Retry-After` longer than the budget left (or than the longest wait honoured) is not slept
//! through: the link ends at once as unverifiable, since the site answered and asked to be asked
//! later.

use reqwest::{Client, Method};
use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

use super::liveness::{LinkOptions, policy_of};
use crate::model::online::{Hop, LinkReport, Outcome, Unreachable};
use crate::net::client::{self, Answer, Failure, is_permanent, is_redirect};
use crate::net::limits::Limits;
use crate::net::resolver::Lookups;

/// What every URL of a run shares: the client, its name lookups, the limits, the options.
pub(super) struct Checker {
    pub client: Client,
    pub lookups: Arc<Lookups>,
    pub limits: Limits,
    pub options: LinkOptions,
}

/// One URL's time budget: `length` from its first request on.
struct Budget {
    length: Duration,
    ends: Option<Instant>,
}

impl Budget {
    /// Start the clock (once), and say when the budget ends.
    fn start(&mut self) -> Instant {
        *self.ends.get_or_insert_with(|| later(self.length))
    }

    /// The time left: all of it before the first request.
    fn left(&self) -> Duration {
        self.ends.map_or(self.length, |end| {
            end.saturating_duration_since(Instant::now())
        })
    }
}

/// `now + wait`, or a far future when that does not fit in an `Instant`.
pub(super) fn later(wait: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(30 * 365 * 86_400);
    let now = Instant::now();
    now.checked_add(wait).unwrap_or_else(|| now + FAR)
}

/// After a failed attempt: wait and retry, give up with what the attempt got, or end with
/// another failure.
enum Next {
    Retry(Duration),
    GiveUp,
    End(Failure),
}

impl Checker {
    /// Follow `url`'s redirect chain to its end and classify it.
    pub(super) async fn check_url(&self, url: String) -> LinkReport {
        let mut report = LinkReport {
            url: url.clone(),
            outcome: Outcome::Timeout,
            redirects: Vec::new(),
            final_url: url,
            moved_to: None,
            from_cache: false,
            requests: 0,
        };
        let mut budget = Budget {
            length: self.options.deadline(),
            ends: None,
        };
        self.follow(&mut report, &mut budget).await;
        report
    }

    /// Ask each URL of the chain in turn until one gives a final answer; set the outcome.
    async fn follow(&self, report: &mut LinkReport, budget: &mut Budget) {
        let mut current = report.url.clone();
        let mut visited = HashSet::new();
        let mut permanent_so_far = true;
        loop {
            visited.insert(current.clone());
            let answer = match self.ask(&current, &mut report.requests, budget).await {
                Ok(answer) => answer,
                Err(failure) => {
                    report.outcome = outcome_of(failure);
                    report.final_url = current;
                    return;
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
                return;
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
            if let Some(outcome) = self.dead_end(&next, &visited, report.redirects.len()) {
                report.outcome = outcome;
                report.final_url = next;
                return;
            }
            current = next;
        }
    }

    /// Why the chain cannot go on to `next`, after `hops` redirects, if it cannot.
    fn dead_end(&self, next: &str, visited: &HashSet<String>, hops: usize) -> Option<Outcome> {
        if visited.contains(next) || hops > self.options.max_redirects {
            return Some(Outcome::RedirectLoop { hops });
        }
        let scheme = url::Url::parse(next).map(|u| u.scheme().to_string());
        match scheme {
            Ok(s) if s == "http" || s == "https" => None,
            Ok(scheme) => Some(Outcome::RedirectOffWeb {
                scheme,
                target: next.to_string(),
            }),
            Err(e) => Some(Outcome::Unreachable {
                reason: Unreachable::Other,
                detail: format!("redirects to `{next}`, which is not a URL ({e})"),
            }),
        }
    }

    /// Ask one URL, with retries: HEAD, then GET if HEAD failed for a reason but a timeout or a
    /// request to wait.
    async fn ask(
        &self,
        url: &str,
        requests: &mut u32,
        budget: &mut Budget,
    ) -> Result<Answer, Failure> {
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
        let name = parsed.host_str().unwrap_or("");
        let host = format!("{name}:{}", parsed.port_or_known_default().unwrap_or(0));
        // The address the request will connect to, for its per-address slot. A name that does
        // not resolve in time has none: the request itself then fails as it would have.
        let address = match literal {
            Some(ip) => Some(ip),
            None => tokio::time::timeout(self.options.timeout, self.lookups.first_allowed(name))
                .await
                .ok()
                .flatten(),
        };
        let mut attempt = 0;
        loop {
            let backoff = self.backoff(attempt);
            let result = self
                .attempt((&host, address), url, requests, budget, backoff)
                .await;
            if !retryable(&result) || attempt >= self.options.max_retries {
                return result;
            }
            match next(&result, backoff, self.options.max_retry_after, budget) {
                Next::Retry(wait) => tokio::time::sleep(wait).await,
                Next::GiveUp => return result,
                Next::End(failure) => return Err(failure),
            }
            attempt += 1;
        }
    }

    /// The wait before retry number `attempt + 1`: the base doubled each retry, plus up to as
    /// much again of jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .options
            .retry_backoff
            .saturating_mul(2u32.saturating_pow(attempt));
        base.saturating_add(base.mul_f64(fastrand::f64()))
    }

    /// One attempt within the budget: wait for the host's slot, then HEAD (and GET). A host
    /// that says it is busy is told to back off for its `Retry-After`, or for `backoff`, before
    /// the slot is given back, so that no other request to it slips in meanwhile.
    async fn attempt(
        &self,
        (host, address): (&str, Option<IpAddr>),
        url: &str,
        requests: &mut u32,
        budget: &mut Budget,
        backoff: Duration,
    ) -> Result<Answer, Failure> {
        // A host's back-off is waited for as a `Retry-After` is: within the budget and the cap.
        let limit = budget
            .ends
            .unwrap_or_else(|| later(budget.length))
            .min(later(self.options.max_retry_after));
        let acquired = match budget.ends {
            Some(end) => tokio::time::timeout_at(end, self.limits.acquire(host, address, limit))
                .await
                .map_err(|_| Failure::Timeout)?,
            None => self.limits.acquire(host, address, limit).await,
        };
        let _permit = acquired.map_err(|busy| Failure::Deferred {
            status: busy.status,
            retry_after: busy.until.saturating_duration_since(Instant::now()),
        })?;
        let end = budget.start();
        let result = tokio::time::timeout_at(end, self.head_then_get(url, requests))
            .await
            .unwrap_or(Err(Failure::Timeout));
        if let Ok(answer) = &result
            && (answer.status == 429 || (answer.status >= 500 && answer.retry_after.is_some()))
        {
            let wait = answer.retry_after.unwrap_or(backoff);
            self.limits.back_off(host, later(wait), answer.status);
        }
        result
    }

    async fn head_then_get(&self, url: &str, requests: &mut u32) -> Result<Answer, Failure> {
        *requests += 1;
        match client::send(&self.client, Method::HEAD, url).await {
            // A 429, or any answer with `Retry-After`, asked not to be asked again so soon.
            Ok(a) if a.status < 400 || a.status == 429 || a.retry_after.is_some() => {
                return Ok(a);
            }
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

/// What to do after an attempt failed with `result`: wait for its `Retry-After` (unless that is
/// longer than `max_retry_after` or the budget left), or for `backoff` (unless that does not fit).
fn next(
    result: &Result<Answer, Failure>,
    backoff: Duration,
    max_retry_after: Duration,
    budget: &Budget,
) -> Next {
    if let Ok(Answer {
        status,
        retry_after: Some(after),
        ..
    }) = result
    {
        // The site said when to come back: not sooner, and not later than the link waits.
        return if *after > max_retry_after || *after > budget.left() {
            Next::End(Failure::Deferred {
                status: *status,
                retry_after: *after,
            })
        } else {
            Next::Retry(*after)
        };
    }
    if backoff < budget.left() {
        Next::Retry(backoff)
    } else {
        Next::GiveUp
    }
}

/// Is this attempt's result worth another: timeouts, resets, 5xx and 429.
fn retryable(result: &Result<Answer, Failure>) -> bool {
    match result {
        Ok(a) => a.status >= 500 || a.status == 429,
        Err(Failure::Timeout) => true,
        Err(Failure::Unreachable { reason, .. }) => *reason == Unreachable::Reset,
        Err(_) => false,
    }
}

/// How a chain that got no final answer ended.
fn outcome_of(failure: Failure) -> Outcome {
    match failure {
        Failure::Timeout => Outcome::Timeout,
        Failure::Deferred {
            status,
            retry_after,
        } => Outcome::Unverifiable {
            status,
            retry_after: Some(retry_after.as_secs_f64().ceil() as u64),
        },
        Failure::Blocked { address, reason } => Outcome::Blocked { address, reason },
        Failure::Unreachable { reason, detail } => Outcome::Unreachable { reason, detail },
        Failure::BadResponse { reason, detail } => Outcome::BadResponse { reason, detail },
    }
}

/// What a final answer means.
fn classify(answer: &Answer) -> Outcome {
    let status = answer.status;
    match status {
        _ if answer.challenge || matches!(status, 401 | 403 | 429 | 999) => Outcome::Unverifiable {
            status,
            retry_after: None,
        },
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
                Outcome::Unverifiable {
                    status: s,
                    retry_after: None
                }
            );
        }
        assert_eq!(
            classify(&answer(503, true)),
            Outcome::Unverifiable {
                status: 503,
                retry_after: None
            }
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
