//! Who is on the other end: the socket's peer, or, when the peer is one of the operator's
//! trusted reverse proxies, the address that proxy reports in `X-Forwarded-For`.
//!
//! Rate limits and the audit log key on this address, so a forwarded header is believed
//! only from configured proxies (anyone can send one). The list is read right to left:
//! each trusted hop appended the address it saw, so the first untrusted entry from the
//! right is the client; entries left of it are the client's own claims.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use axum::response::Response;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address for handlers, set on every request by [`layer`].
#[derive(Debug, Clone, Default)]
pub struct ClientIp(pub String);

/// The client's address given the peer and the request's headers.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let trusts = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !trusts(&peer) {
        return peer;
    }
    let mut client = peer;
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        // A hop that is not an address (e.g. "unknown") ends what we can trust.
        let Some(ip) = parse_hop(hop) else { break };
        client = ip;
        if !trusts(&ip) {
            break;
        }
    }
    client
}

/// An `X-Forwarded-For` entry: an address, possibly with a port or in brackets.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// Middleware: records the request's [`ClientIp`] for the handlers ("" when the socket's
/// address is unknown, as in router tests without a listener).
pub async fn layer(
    axum::extract::State(app): axum::extract::State<Arc<AppState>>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| {
            resolve(a.ip(), req.headers(), &app.config.trusted_proxies).to_string()
        })
        .unwrap_or_default();
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_address_counts_only_from_a_trusted_proxy() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        let xff = headers(&["198.51.100.9"]);
        // Untrusted peer: its header is ignored.
        assert_eq!(
            resolve(ip("203.0.113.5"), &xff, &proxies),
            ip("203.0.113.5")
        );
        // Trusted peer: the forwarded address.
        assert_eq!(resolve(ip("10.1.2.3"), &xff, &proxies), ip("198.51.100.9"));
        assert_eq!(resolve(ip("::1"), &xff, &proxies), ip("198.51.100.9"));
        // No proxies configured: never believed.
        assert_eq!(resolve(ip("10.1.2.3"), &xff, &[]), ip("10.1.2.3"));
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // The client claims 1.1.1.1; a trusted inner proxy 10.0.0.2 saw 198.51.100.9.
        let xff = headers(&["1.1.1.1, 198.51.100.9, 10.0.0.2"]);
        assert_eq!(resolve(ip("10.0.0.1"), &xff, &proxies), ip("198.51.100.9"));
        // Several header lines read as one list.
        let xff = headers(&["1.1.1.1", "198.51.100.9"]);
        assert_eq!(resolve(ip("10.0.0.1"), &xff, &proxies), ip("198.51.100.9"));
        // Ports and brackets are allowed; garbage stops the walk at the last good hop.
        let xff = headers(&["[2001:db8::7]:4711"]);
        assert_eq!(resolve(ip("10.0.0.1"), &xff, &proxies), ip("2001:db8::7"));
        let xff = headers(&["198.51.100.9, unknown"]);
        assert_eq!(resolve(ip("10.0.0.1"), &xff, &proxies), ip("10.0.0.1"));
        // Only proxies in the header: the outermost of them.
        let xff = headers(&["10.0.0.3"]);
        assert_eq!(resolve(ip("10.0.0.1"), &xff, &proxies), ip("10.0.0.3"));
    }
}
