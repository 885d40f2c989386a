//! DNS resolution that enforces the address policy: every address a host name resolves to is
//! checked before reqwest may connect to it, so that a public-looking name that resolves to
//! `127.0.0.1` or `169.254.169.254` is caught, on every redirect hop. Names given with
//! `--resolve NAME=IP` are answered from that table (and still checked).
//!
//! Each name is looked up once per run ([`Lookups`]), however many links and connections ask
//! for it, and the checker asks the same table which address a request to a name will connect
//! to, so that the per-host limit also holds per address: four names of one server share its
//! slots.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

use super::policy;

/// A host name that resolves only to addresses the policy forbids.
#[derive(Debug, thiserror::Error)]
#[error("citelint-blocked: `{host}` resolves to {address} ({reason})")]
pub struct Blocked {
    pub host: String,
    pub address: IpAddr,
    pub reason: &'static str,
}

/// A host name that does not resolve.
#[derive(Debug, thiserror::Error)]
#[error("citelint-dns: `{host}` does not resolve: {detail}")]
pub struct DnsFailure {
    pub host: String,
    pub detail: String,
}

/// What a name resolved to, before the policy: its addresses, or why it has none.
type Answer = Result<Vec<IpAddr>, String>;

/// The run's name lookups: the `--resolve` table, then DNS, each name asked once.
pub struct Lookups {
    pub policy: policy::Policy,
    pub overrides: HashMap<String, Vec<IpAddr>>,
    /// Ask DNS for names not in `overrides`; otherwise they do not resolve.
    system: bool,
    names: Mutex<HashMap<String, Arc<OnceCell<Answer>>>>,
}

impl Lookups {
    pub fn new(
        policy: policy::Policy,
        overrides: HashMap<String, Vec<IpAddr>>,
        system: bool,
    ) -> Self {
        Lookups {
            policy,
            overrides,
            system,
            names: Mutex::new(HashMap::new()),
        }
    }

    /// How many names were looked up (from the table or DNS), and how many of them resolved. A
    /// lookup abandoned for taking too long counts as not resolved.
    pub fn summary(&self) -> (usize, usize) {
        let names = self.names.lock().expect("names lock");
        let resolved = names
            .values()
            .filter(|cell| {
                cell.get()
                    .is_some_and(|a| a.as_ref().is_ok_and(|ips| !ips.is_empty()))
            })
            .count();
        (names.len(), resolved)
    }

    /// The addresses `host` resolves to, before the policy; one lookup per name and run.
    async fn addresses(&self, host: &str) -> Answer {
        let cell = {
            let mut names = self.names.lock().expect("names lock");
            names.entry(host.to_string()).or_default().clone()
        };
        cell.get_or_init(|| async {
            if let Some(ips) = self.overrides.get(host) {
                return Ok(ips.clone());
            }
            if !self.system {
                return Err("not in the `--resolve` table, and DNS is not asked".to_string());
            }
            match tokio::net::lookup_host((host, 0)).await {
                Ok(addrs) => Ok(addrs.map(|a| a.ip()).collect()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await
        .clone()
    }

    /// The addresses a connection to `host` may use, or why there are none.
    async fn allowed(
        &self,
        host: &str,
    ) -> Result<Vec<IpAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let ips = self.addresses(host).await.map_err(|detail| DnsFailure {
            host: host.to_string(),
            detail,
        })?;
        let Some(first) = ips.first().copied() else {
            return Err(DnsFailure {
                host: host.to_string(),
                detail: "no addresses".to_string(),
            }
            .into());
        };
        let allowed: Vec<IpAddr> = ips
            .into_iter()
            .filter(|ip| self.policy.denies(*ip).is_none())
            .collect();
        if allowed.is_empty() {
            return Err(Blocked {
                host: host.to_string(),
                address: first,
                reason: self.policy.denies(first).unwrap_or("denied"),
            }
            .into());
        }
        Ok(allowed)
    }

    /// The address a request to `host` connects to first, when it resolves to one it may reach.
    pub async fn first_allowed(&self, host: &str) -> Option<IpAddr> {
        self.allowed(&host.to_ascii_lowercase())
            .await
            .ok()?
            .first()
            .copied()
    }
}

/// reqwest's resolver: the run's [`Lookups`], with the policy applied.
pub struct PolicyResolver(pub Arc<Lookups>);

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let lookups = self.0.clone();
        Box::pin(async move {
            let allowed = lookups.allowed(&host).await?;
            let addrs: Addrs = Box::new(allowed.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}
