//! Security headers on every response: a strict Content-Security-Policy (no inline
//! scripts or styles, no framing), no MIME sniffing, a conservative referrer policy, and
//! `Strict-Transport-Security` on a site served over https. The layers add them to what
//! the router answers; [`fixed`] gives the same block to the page cache, whose hits are
//! answered before the router (see `cache::PageCache::hit`).

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use tower::layer::util::Stack;
use tower_http::set_header::SetResponseHeaderLayer;

const CSP: &str = "default-src 'self'; img-src 'self' data: https:; script-src 'self'; \
                   style-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
                   base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
const REFERRER: &str = "strict-origin-when-cross-origin";
const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");
/// A year; sent only over https (a browser would refuse a plain-http site it was given).
const HSTS: &str = "max-age=31536000";

type Set = SetResponseHeaderLayer<HeaderValue>;

pub fn security_headers() -> Stack<Set, Stack<Set, Stack<Set, Set>>> {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Stack::new(
        set(header::CONTENT_SECURITY_POLICY, CSP),
        Stack::new(
            set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            Stack::new(
                set(header::REFERRER_POLICY, REFERRER),
                set(PERMISSIONS_POLICY, PERMISSIONS),
            ),
        ),
    )
}

/// `Strict-Transport-Security` for a site whose address is `base_url`, if https.
pub fn hsts(base_url: &str) -> Option<HeaderValue> {
    base_url
        .starts_with("https://")
        .then(|| HeaderValue::from_static(HSTS))
}

/// Every header the layers above add to a response of a site at `base_url`.
pub fn fixed(base_url: &str) -> HeaderMap {
    let mut h = HeaderMap::with_capacity(5);
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static(REFERRER));
    h.insert(PERMISSIONS_POLICY, HeaderValue::from_static(PERMISSIONS));
    if let Some(v) = hsts(base_url) {
        h.insert(header::STRICT_TRANSPORT_SECURITY, v);
    }
    h
}
