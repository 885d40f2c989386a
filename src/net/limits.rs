//! Politeness: a global limit on requests in flight, a per-host limit, an optional minimum
//! interval between two requests to one host, and a host's back-off after it said it was busy.
//! A request holds its permits only while it is on the wire, never while it waits to retry, so
//! one slow host never starves the others.
//!
//! The per-host limit is kept twice: per host name (and port), and per IP address the request
//! connects to, so that several names of one server (`a.example`, `b.example`, `www.…`) share
//! its slots instead of multiplying them. Slots are always taken in the same order (name,
//! address, global), so two requests never wait on each other's.
//!
//! A host that answers 429 (or a 5xx with `Retry-After`) backs off as a whole: no new request to
//! it starts before the wait it asked for (or the retry backoff) has passed, and from then on it
//! gets one request at a time for the rest of the run. A request that would have to wait for a
//! back-off past its own deadline is not made to wait: it is told so at once.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

pub struct Limits {
    global: Arc<Semaphore>,
    per_host: usize,
    interval: Duration,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    /// The per-host limit again, per address connected to.
    addresses: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
}

struct Host {
    permits: Arc<Semaphore>,
    /// When the next request to this host may start, for the interval.
    next: tokio::sync::Mutex<Instant>,
    /// The host's back-off and its concurrency.
    state: Mutex<HostState>,
}

#[derive(Default)]
struct HostState {
    /// No request starts before this instant; the status that asked for it.
    backoff: Option<(Instant, u16)>,
    /// The host said it was busy: one request at a time from then on.
    throttled: bool,
    /// Permits still to be taken out of circulation as requests in flight give theirs back.
    debt: usize,
}

/// The host asked for a back-off that lasts past the caller's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    /// When requests to the host may start again.
    pub until: Instant,
    /// The status that asked for the back-off (429, 503).
    pub status: u16,
}

/// The right to send one request: dropping it frees the slots.
pub struct Permit {
    slot: Option<OwnedSemaphorePermit>,
    host: Arc<Host>,
    _address: Option<OwnedSemaphorePermit>,
    _global: OwnedSemaphorePermit,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let Some(permit) = self.slot.take() else {
            return;
        };
        // Under the host's lock, so that a throttle counts every permit exactly once.
        let mut state = self.host.state.lock().expect("host state lock");
        if state.debt > 0 {
            state.debt -= 1;
            permit.forget();
        } else {
            drop(permit);
        }
    }
}

impl Host {
    /// The back-off in force now, if any.
    fn backoff(&self) -> Option<Busy> {
        let state = self.state.lock().expect("host state lock");
        state
            .backoff
            .filter(|(until, _)| *until > Instant::now())
            .map(|(until, status)| Busy { until, status })
    }
}

impl Limits {
    pub fn new(global: usize, per_host: usize, interval: Duration) -> Self {
        Limits {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            interval,
            hosts: Mutex::new(HashMap::new()),
            addresses: Mutex::new(HashMap::new()),
        }
    }

    fn address(&self, ip: IpAddr) -> Arc<Semaphore> {
        let mut addresses = self.addresses.lock().expect("addresses lock");
        addresses
            .entry(ip)
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }

    fn host(&self, host: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().expect("hosts lock");
        hosts
            .entry(host.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    permits: Arc::new(Semaphore::new(self.per_host)),
                    next: tokio::sync::Mutex::new(Instant::now()),
                    state: Mutex::new(HostState::default()),
                })
            })
            .clone()
    }

    /// Wait for a slot for `host` (host first, so that a request waiting on a busy host holds no
    /// other slot), then for the host's interval and back-off, then for a slot of `address`
    /// (the IP address the request connects to, when known) and a global slot. A back-off that
    /// lasts past `limit` is returned at once instead of waited for.
    pub async fn acquire(
        &self,
        host: &str,
        address: Option<IpAddr>,
        limit: Instant,
    ) -> Result<Permit, Busy> {
        let state = self.host(host);
        let host_permit = state
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        if !self.interval.is_zero() {
            let start = {
                let mut next = state.next.lock().await;
                let start = (*next).max(Instant::now());
                *next = start + self.interval;
                start
            };
            tokio::time::sleep_until(start).await;
        }
        let address = address.map(|ip| self.address(ip));
        loop {
            if let Some(busy) = state.backoff() {
                if busy.until > limit {
                    return Err(busy);
                }
                tokio::time::sleep_until(busy.until).await;
                continue;
            }
            let address_permit = match &address {
                Some(slots) => Some(
                    slots
                        .clone()
                        .acquire_owned()
                        .await
                        .expect("semaphore never closed"),
                ),
                None => None,
            };
            let global = self
                .global
                .clone()
                .acquire_owned()
                .await
                .expect("semaphore never closed");
            // A request in flight may have been told to back off while this one waited.
            if state.backoff().is_none() {
                return Ok(Permit {
                    slot: Some(host_permit),
                    host: state,
                    _address: address_permit,
                    _global: global,
                });
            }
        }
    }

    /// `host` said it was busy (`status`): no request to it starts before `until`, and it gets
    /// one request at a time from now on.
    pub fn back_off(&self, host: &str, until: Instant, status: u16) {
        let host = self.host(host);
        let mut state = host.state.lock().expect("host state lock");
        if state.backoff.is_none_or(|(current, _)| current < until) {
            state.backoff = Some((until, status));
        }
        if !state.throttled {
            state.throttled = true;
            let surplus = self.per_host - 1;
            let forgotten = host.permits.forget_permits(surplus);
            state.debt += surplus - forgotten;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_busy_host_is_left_with_one_slot() {
        let limits = Limits::new(32, 4, Duration::ZERO);
        let far = Instant::now() + Duration::from_secs(60);
        let held: Vec<Permit> = hold(&limits, 3, far).await;
        // Told to back off while three requests are in flight and one slot is free.
        limits.back_off("h:80", Instant::now(), 429);
        limits.back_off("h:80", Instant::now(), 429);
        let host = limits.host("h:80");
        assert_eq!(host.permits.available_permits(), 0);
        drop(held);
        assert_eq!(host.permits.available_permits(), 1);
        assert_eq!(host.state.lock().unwrap().debt, 0);
    }

    #[tokio::test]
    async fn a_back_off_past_the_limit_is_returned_not_waited_for() {
        let limits = Limits::new(32, 4, Duration::ZERO);
        let until = Instant::now() + Duration::from_secs(600);
        limits.back_off("h:80", until, 503);
        let limit = Instant::now() + Duration::from_secs(60);
        let busy = limits.acquire("h:80", None, limit).await.err().unwrap();
        assert_eq!(busy, Busy { until, status: 503 });
        // Another host is not concerned.
        assert!(limits.acquire("other:80", None, limit).await.is_ok());
    }

    async fn hold(limits: &Limits, n: usize, limit: Instant) -> Vec<Permit> {
        let mut held = Vec::new();
        for _ in 0..n {
            held.push(limits.acquire("h:80", None, limit).await.ok().unwrap());
        }
        held
    }
}
