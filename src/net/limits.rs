//! Politeness: a global limit on requests in flight, a per-host limit, and an optional minimum
//! interval between two requests to one host. A request holds its permits only while it is on
//! the wire, never while it waits to retry, so one slow host never starves the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

pub struct Limits {
    global: Arc<Semaphore>,
    per_host: usize,
    interval: Duration,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

struct Host {
    permits: Arc<Semaphore>,
    /// When the next request to this host may start.
    next: tokio::sync::Mutex<Instant>,
}

/// The right to send one request: dropping it frees the slots.
pub struct Permit {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl Limits {
    pub fn new(global: usize, per_host: usize, interval: Duration) -> Self {
        Limits {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            interval,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Wait for a slot for `host` (host first, so that a request waiting on a busy host holds no
    /// global slot), then for the host's interval.
    pub async fn acquire(&self, host: &str) -> Permit {
        let state = {
            let mut hosts = self.hosts.lock().expect("hosts lock");
            hosts
                .entry(host.to_string())
                .or_insert_with(|| {
                    Arc::new(Host {
                        permits: Arc::new(Semaphore::new(self.per_host)),
                        next: tokio::sync::Mutex::new(Instant::now()),
                    })
                })
                .clone()
        };
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
        let global = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        Permit {
            _host: host_permit,
            _global: global,
        }
    }
}
