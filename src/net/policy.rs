//! The address policy: which IP addresses a link may make citelint connect to.
//!
//! A manuscript is untrusted input, and citelint runs in CI next to metadata services and
//! private networks. Unless the user passes `--allow-private`, every address a link resolves to
//! (on every redirect hop) is checked here before a connection is made, and these are refused:
//! loopback, private (RFC 1918, `fc00::/7`), link-local (`169.254.0.0/16`, `fe80::/10`, which
//! holds cloud metadata endpoints such as `169.254.169.254`), unspecified, "this network"
//! (`0.0.0.0/8`), multicast, broadcast, shared address space (`100.64.0.0/10`), benchmarking
//! (`198.18.0.0/15`), reserved (`240.0.0.0/4`) and documentation ranges (`192.0.2.0/24`,
//! `198.51.100.0/24`, `203.0.113.0/24`, `2001:db8::/32`). IPv4 addresses embedded in IPv6
//! (`::ffff:127.0.0.1`, `::127.0.0.1`, 6to4 `2002::/16`, NAT64 `64:ff9b::/96`) are judged as the
//! IPv4 address they carry. `--allow-address IP` opens one address (an intranet repository)
//! and nothing else.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The policy in force for a run: the default denials, opened by `--allow-private` entirely or
/// by `--allow-address` for single addresses.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub allow_private: bool,
    pub allow: Vec<IpAddr>,
}

impl Policy {
    /// Why `ip` may not be reached under this policy, if it may not.
    pub fn denies(&self, ip: IpAddr) -> Option<&'static str> {
        if self.allow_private || self.allow.contains(&ip) {
            None
        } else {
            denied(ip)
        }
    }
}

/// Why `ip` may not be reached, or `None` if it is a public address.
pub fn denied(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => denied_v4(v4),
        IpAddr::V6(v6) => denied_v6(v6),
    }
}

fn denied_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if ip.is_broadcast() {
        Some("broadcast")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if a == 100 && (64..128).contains(&b) {
        Some("shared address space")
    } else if (a, b, c) == (192, 0, 2) || (a, b, c) == (198, 51, 100) || (a, b, c) == (203, 0, 113)
    {
        Some("documentation")
    } else if a == 198 && (b == 18 || b == 19) {
        Some("benchmarking")
    } else if a >= 240 {
        Some("reserved")
    } else if (a, b, c) == (192, 0, 0) {
        Some("IETF protocol assignments")
    } else {
        None
    }
}

fn denied_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let segments = ip.segments();
    if ip.is_loopback() {
        return Some("loopback");
    }
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if let Some(v4) = embedded_v4(ip) {
        return denied_v4(v4);
    }
    match segments[0] {
        s if s & 0xfe00 == 0xfc00 => Some("private"),
        s if s & 0xffc0 == 0xfe80 => Some("link-local"),
        s if s & 0xffc0 == 0xfec0 => Some("site-local"),
        s if s & 0xff00 == 0xff00 => Some("multicast"),
        0x2001 if segments[1] == 0x0db8 => Some("documentation"),
        _ => None,
    }
}

/// The IPv4 address an IPv6 address carries: mapped (`::ffff:a.b.c.d`), compatible
/// (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) or 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let mapped_or_compatible = s[..5] == [0; 5] && (s[5] == 0xffff || s[5] == 0);
    let nat64 = s[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    if mapped_or_compatible || nat64 {
        Some(tail)
    } else if s[0] == 0x2002 {
        Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::denied;

    fn d(s: &str) -> Option<&'static str> {
        denied(s.parse().unwrap())
    }

    #[test]
    fn denied_ranges() {
        for ip in [
            "127.0.0.1",
            "127.0.0.11",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            assert!(d(ip).is_some(), "{ip} should be denied");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "192.169.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(d(ip), None, "{ip} should pass");
        }
    }
}
