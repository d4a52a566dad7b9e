//! Which IP addresses Gazette may connect to when it fetches from the internet.
//!
//! Written by hand rather than with `IpAddr::is_global` (still unstable) or a crate:
//! the rules are a short table, and keeping them here lets each refusal name the
//! kind of address in its message. Addresses that embed an IPv4 address (IPv4-mapped
//! IPv6, NAT64, 6to4) are judged by the address they lead to.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not on the public internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restricted {
    /// `0.0.0.0/8`, `::`.
    Unspecified,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`), IPv6 site-local, local-use NAT64.
    Private,
    /// `169.254.0.0/16` (where cloud metadata services answer), `fe80::/10`.
    LinkLocal,
    /// Carrier-grade NAT, `100.64.0.0/10`.
    SharedCgnat,
    /// `fc00::/7`.
    UniqueLocal,
    /// `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`, `3fff::/20`.
    Documentation,
    /// Everything else that is not routable: `240/4`, benchmarking, IETF assignments,
    /// IPv6 outside `2000::/3`, Teredo.
    Reserved,
}

impl fmt::Display for Restricted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Restricted::Unspecified => "an unspecified address",
            Restricted::Loopback => "a loopback address",
            Restricted::Private => "a private address",
            Restricted::LinkLocal => "a link-local address (where cloud metadata services live)",
            Restricted::SharedCgnat => "a carrier-grade NAT address",
            Restricted::UniqueLocal => "a unique-local (private) IPv6 address",
            Restricted::Multicast => "a multicast address",
            Restricted::Broadcast => "the broadcast address",
            Restricted::Documentation => "a documentation-only address",
            Restricted::Reserved => "a reserved address",
        })
    }
}

/// `None` for a public address, else why it is not one.
pub fn restricted(ip: IpAddr) -> Option<Restricted> {
    match ip {
        IpAddr::V4(v4) => restricted_v4(v4),
        IpAddr::V6(v6) => restricted_v6(v6),
    }
}

fn restricted_v4(ip: Ipv4Addr) -> Option<Restricted> {
    use Restricted::*;
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_broadcast() => Broadcast,
        (0, _, _) => Unspecified,
        (127, _, _) => Loopback,
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => Private,
        (169, 254, _) => LinkLocal,
        (100, 64..=127, _) => SharedCgnat,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => Documentation,
        (192, 0, 0) | (198, 18..=19, _) | (240..=255, _, _) => Reserved,
        (224..=239, _, _) => Multicast,
        _ => return None,
    })
}

fn embedded_v4(hi: u16, lo: u16) -> Ipv4Addr {
    let [a, b] = hi.to_be_bytes();
    let [c, d] = lo.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

fn restricted_v6(ip: Ipv6Addr) -> Option<Restricted> {
    use Restricted::*;
    if let Some(v4) = ip.to_ipv4_mapped() {
        return restricted_v4(v4);
    }
    if ip.is_unspecified() {
        return Some(Unspecified);
    }
    if ip.is_loopback() {
        return Some(Loopback);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return restricted_v4(embedded_v4(s[6], s[7]));
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
        return Some(Private);
    }
    match s[0] {
        x if x & 0xfe00 == 0xfc00 => return Some(UniqueLocal),
        x if x & 0xffc0 == 0xfe80 => return Some(LinkLocal),
        x if x & 0xffc0 == 0xfec0 => return Some(Private),
        x if x & 0xff00 == 0xff00 => return Some(Multicast),
        // Only 2000::/3 is global unicast; this also covers IPv4-compatible `::a.b.c.d`.
        x if x & 0xe000 != 0x2000 => return Some(Reserved),
        _ => {}
    }
    if (s[0], s[1]) == (0x2001, 0x0db8) || s[0] & 0xfff0 == 0x3ff0 {
        return Some(Documentation);
    }
    // 6to4 (2002::/16) reaches the IPv4 address in bits 16..48.
    if s[0] == 0x2002 {
        return restricted_v4(embedded_v4(s[1], s[2]));
    }
    // Teredo (2001::/32) tunnels to an obfuscated IPv4 address: not worth the risk.
    if (s[0], s[1]) == (0x2001, 0) {
        return Some(Reserved);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(addr: &str) -> Option<Restricted> {
        restricted(addr.parse().unwrap())
    }

    #[test]
    fn public_addresses_pass() {
        for a in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.215.14",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "169.253.1.1",
            "192.0.1.1",
            "198.17.0.1",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(check(a), None, "{a}");
        }
    }

    #[test]
    fn every_non_public_ipv4_range_is_named() {
        use Restricted::*;
        for (a, want) in [
            ("0.0.0.0", Unspecified),
            ("0.1.2.3", Unspecified),
            ("127.0.0.1", Loopback),
            ("127.255.255.254", Loopback),
            ("10.0.0.5", Private),
            ("10.255.255.255", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("192.168.1.1", Private),
            ("169.254.169.254", LinkLocal),
            ("169.254.0.1", LinkLocal),
            ("100.64.0.1", SharedCgnat),
            ("100.127.255.255", SharedCgnat),
            ("224.0.0.1", Multicast),
            ("239.255.255.250", Multicast),
            ("255.255.255.255", Broadcast),
            ("192.0.2.1", Documentation),
            ("198.51.100.7", Documentation),
            ("203.0.113.200", Documentation),
            ("192.0.0.8", Reserved),
            ("198.18.0.1", Reserved),
            ("198.19.255.255", Reserved),
            ("240.0.0.1", Reserved),
            ("250.1.2.3", Reserved),
        ] {
            assert_eq!(check(a), Some(want), "{a}");
        }
    }

    #[test]
    fn every_non_public_ipv6_form_is_named() {
        use Restricted::*;
        for (a, want) in [
            ("::", Unspecified),
            ("::1", Loopback),
            ("fc00::1", UniqueLocal),
            ("fd12:3456:789a::1", UniqueLocal),
            ("fe80::1", LinkLocal),
            ("febf::1", LinkLocal),
            ("fec0::1", Private),
            ("ff02::1", Multicast),
            ("ff05::1:3", Multicast),
            ("2001:db8::1", Documentation),
            ("3fff::1", Documentation),
            ("2001::1", Reserved),
            ("100::1", Reserved),
            ("::127.0.0.1", Reserved),
            ("::8.8.8.8", Reserved),
            ("4000::1", Reserved),
            ("64:ff9b:1::1", Private),
            // IPv4-mapped, NAT64 and 6to4 forms of restricted IPv4 addresses.
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:7f00:1", Loopback),
            ("::ffff:10.0.0.5", Private),
            ("::ffff:169.254.169.254", LinkLocal),
            ("::ffff:100.64.0.1", SharedCgnat),
            ("::ffff:0.0.0.0", Unspecified),
            ("::ffff:255.255.255.255", Broadcast),
            ("64:ff9b::a9fe:a9fe", LinkLocal),
            ("64:ff9b::7f00:1", Loopback),
            ("2002:c0a8:101::1", Private),
            ("2002:7f00:1::", Loopback),
        ] {
            assert_eq!(check(a), Some(want), "{a}");
        }
    }

    #[test]
    fn descriptions_read_as_phrases() {
        assert_eq!(Restricted::Private.to_string(), "a private address");
        assert!(Restricted::LinkLocal.to_string().contains("metadata"));
    }
}
