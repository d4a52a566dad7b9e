//! Security headers on every response: a strict Content-Security-Policy (no inline
//! scripts or styles, no framing), no MIME sniffing, a conservative referrer policy.

use axum::http::{HeaderName, HeaderValue, header};
use tower::layer::util::Stack;
use tower_http::set_header::SetResponseHeaderLayer;

const CSP: &str = "default-src 'self'; img-src 'self' data: https:; script-src 'self'; \
                   style-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
                   base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

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
                set(header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
                set(
                    HeaderName::from_static("permissions-policy"),
                    "camera=(), microphone=(), geolocation=(), interest-cohort=()",
                ),
            ),
        ),
    )
}
