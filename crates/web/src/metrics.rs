//! What the site counts for operators (exported by the binary in Prometheus format on its
//! own address): every request by route template and status, with its latency, and the
//! page cache's hits and misses (searches are counted by the index itself). Routes are labelled by their template (`/{slug}/`), never
//! by the path a client sent, so made-up addresses cannot grow the number of series.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

pub const REQUESTS: &str = "gazette_http_requests_total";
pub const LATENCY: &str = "gazette_http_request_duration_seconds";
pub const CACHE_HITS: &str = "gazette_page_cache_hits_total";
pub const CACHE_MISSES: &str = "gazette_page_cache_misses_total";
/// Stale pages served while another request renders them afresh.
pub const CACHE_STALE: &str = "gazette_page_cache_stale_total";

/// Middleware: counts the request under its route template and status and times it.
/// The binary adds it around the router only when metrics are served, so a site without
/// them does no per-request work for them.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(req).await;
    record(route, response.status(), started);
    response
}

/// Counts one request of `route` answered with `status`, started at `started`.
pub fn record(route: String, status: axum::http::StatusCode, started: Instant) {
    let status = status.as_u16().to_string();
    metrics::histogram!(LATENCY, "route" => route.clone()).record(started.elapsed().as_secs_f64());
    metrics::counter!(REQUESTS, "route" => route, "status" => status).increment(1);
}
