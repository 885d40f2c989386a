//! DNS resolution that enforces the address policy: every address a host name resolves to is
//! checked before reqwest may connect to it, so that a public-looking name that resolves to
//! `127.0.0.1` or `169.254.169.254` is caught, on every redirect hop. Names given with
//! `--resolve NAME=IP` are answered from that table (and still checked).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};

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

pub struct PolicyResolver {
    pub policy: policy::Policy,
    pub overrides: HashMap<String, Vec<IpAddr>>,
}

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let fixed = self.overrides.get(&host).cloned();
        let policy = self.policy.clone();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match fixed {
                Some(ips) => ips.into_iter().map(|ip| SocketAddr::new(ip, 0)).collect(),
                None => tokio::net::lookup_host((host.as_str(), 0))
                    .await
                    .map_err(|e| DnsFailure {
                        host: host.clone(),
                        detail: e.to_string(),
                    })?
                    .collect(),
            };
            let Some(first) = addrs.first().copied() else {
                return Err(DnsFailure {
                    host,
                    detail: "no addresses".to_string(),
                }
                .into());
            };
            let allowed: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| policy.denies(a.ip()).is_none())
                .collect();
            if allowed.is_empty() {
                return Err(Blocked {
                    host,
                    address: first.ip(),
                    reason: policy.denies(first.ip()).unwrap_or("denied"),
                }
                .into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}
