//! `/metrics` in Prometheus text format, on an address of its own (`metrics_listen`),
//! never on the public one. The crates count through the `metrics` facade (requests and
//! latency and the page cache in web, searches in the index, mail in the mailer, jobs in
//! the worker); this module installs the one recorder that collects them, and at each
//! scrape reads the gauges that are cheaper to ask for than to track: database pool use,
//! job queue depth and the search index's lag behind the change log.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use crate::pause::until_stopped;
use anyhow::Context as _;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use gazette_web::AppState;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Latency buckets, in seconds: cache hits take well under a millisecond, renders a few.
const LATENCY_BUCKETS: &[f64] = &[
    0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// How often recorded samples are folded into their histograms' buckets.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// The process's recorder: installed once, shared by every site the process serves (the
/// tests run many).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full(gazette_web::metrics::LATENCY.to_owned()),
                LATENCY_BUCKETS,
            )
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics shows only gauges");
        }
        describe();
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        gazette_web::metrics::REQUESTS,
        "HTTP requests answered, by route template and status"
    );
    describe_histogram!(
        gazette_web::metrics::LATENCY,
        metrics::Unit::Seconds,
        "Time to answer a request, by route template"
    );
    describe_counter!(
        gazette_web::metrics::CACHE_HITS,
        "Pages served from the page cache"
    );
    describe_counter!(
        gazette_web::metrics::CACHE_MISSES,
        "Cacheable pages that had to be rendered"
    );
    describe_counter!(
        gazette_search::QUERIES_METRIC,
        "Searches run (site and API)"
    );
    describe_gauge!(INDEX_LAG, "Changes the search index has yet to apply");
    describe_counter!(JOBS, "Jobs run, by outcome (done, failed)");
    describe_gauge!(JOBS_PENDING, "Jobs waiting to run");
    describe_gauge!(JOBS_GIVEN_UP, "Jobs given up after their last attempt");
    describe_gauge!(POOL, "Database connections, by state (in_use, idle)");
    describe_counter!(
        "gazette_mails_total",
        "Mails handed to the server, by outcome (sent, failed)"
    );
    // Counters start at zero, so a scraper sees every series before its first event
    // (a rate over a series that appears late starts wrong).
    for outcome in ["sent", "failed"] {
        metrics::counter!("gazette_mails_total", "outcome" => outcome).increment(0);
    }
    for outcome in ["done", "failed"] {
        metrics::counter!(JOBS, "outcome" => outcome).increment(0);
    }
    metrics::counter!(gazette_web::metrics::CACHE_HITS).increment(0);
    metrics::counter!(gazette_web::metrics::CACHE_MISSES).increment(0);
    metrics::counter!(gazette_search::QUERIES_METRIC).increment(0);
}

pub const INDEX_LAG: &str = "gazette_search_index_lag";
pub const JOBS: &str = "gazette_jobs_total";
pub const JOBS_PENDING: &str = "gazette_jobs_pending";
pub const JOBS_GIVEN_UP: &str = "gazette_jobs_given_up";
pub const POOL: &str = "gazette_db_pool_connections";

/// Serves `/metrics` on `addr` until `stop` changes; returns the address bound.
pub async fn serve(
    addr: &str,
    state: Arc<AppState>,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<SocketAddr> {
    handle();
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen for metrics on {addr} (metrics_listen)"))?;
    let bound = listener
        .local_addr()
        .context("the metrics socket has no address")?;
    let app = axum::Router::new()
        .route("/metrics", get(render))
        .with_state(state);
    // A histogram keeps each sample until it is drained into its buckets, which a scrape does;
    // between scrapes (or with no scraper) it grew with the traffic: 15 MB in 10 s of cached
    // pages at 90,000 a second. Drained every second instead.
    let mut upkeep_stop = stop.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(UPKEEP_EVERY);
        while until_stopped(tick.tick(), &mut upkeep_stop).await {
            handle().run_upkeep();
        }
    });
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop.changed().await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    tracing::info!(%bound, "metrics at /metrics");
    Ok(bound)
}

async fn render(State(state): State<Arc<AppState>>) -> Response {
    let (open, idle) = state.store.pool_connections();
    metrics::gauge!(POOL, "state" => "idle").set(idle as f64);
    metrics::gauge!(POOL, "state" => "in_use").set(f64::from(open).max(idle as f64) - idle as f64);
    match state.store.job_counts().await {
        Ok((pending, given_up)) => {
            metrics::gauge!(JOBS_PENDING).set(pending as f64);
            metrics::gauge!(JOBS_GIVEN_UP).set(given_up as f64);
        }
        Err(e) => tracing::warn!(error = %e, "job counts not read for /metrics"),
    }
    let applied = state.search_applied.load(Ordering::Relaxed);
    match state.store.last_change_id().await {
        Ok(newest) if applied >= 0 => {
            metrics::gauge!(INDEX_LAG).set((newest - applied).max(0) as f64);
        }
        Ok(newest) => metrics::gauge!(INDEX_LAG).set(newest as f64),
        Err(e) => tracing::warn!(error = %e, "index lag not read for /metrics"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
        .into_response()
}
