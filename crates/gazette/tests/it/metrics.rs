//! Operators' numbers: `/metrics` answers on its own address (never on the public one) in
//! Prometheus text format, read back with a Prometheus parser, with every family the
//! runbook relies on; `/readyz` says ready once the database answers and the search index
//! has caught up.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::app;
use prometheus_parse::{Scrape, Value};

/// Every family the metrics promise, by the name a scraper sees.
const FAMILIES: &[&str] = &[
    "gazette_http_requests_total",
    "gazette_http_request_duration_seconds",
    "gazette_page_cache_hits_total",
    "gazette_page_cache_misses_total",
    "gazette_search_queries_total",
    "gazette_search_index_lag",
    "gazette_jobs_total",
    "gazette_jobs_pending",
    "gazette_jobs_given_up",
    "gazette_db_pool_connections",
    "gazette_mails_total",
];

async fn scrape(url: &str) -> Scrape {
    let body = reqwest::get(url).await.unwrap().text().await.unwrap();
    Scrape::parse(body.lines().map(|l| Ok(l.to_owned()))).unwrap()
}

/// The value of the counter `name` with exactly these labels.
fn counter(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == name)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn metrics_answer_on_their_own_address_with_every_family() {
    let app = app()
        .demo(6)
        .configure(|c, _| c.metrics_listen = "127.0.0.1:0".into())
        .start()
        .await;
    let url = app.metrics_url();
    let before = scrape(&url).await;
    assert_eq!(app.get("/").await.status, 200);
    assert_eq!(app.get("/").await.status, 200);
    assert_eq!(app.get("/search?q=harbour").await.status, 200);
    assert_eq!(app.get("/no-such-page/").await.status, 404);
    let after = scrape(&url).await;

    let names: HashMap<&str, usize> = after.samples.iter().fold(HashMap::new(), |mut m, s| {
        *m.entry(s.metric.as_str()).or_default() += 1;
        m
    });
    for family in FAMILIES {
        assert!(
            names.contains_key(family),
            "{family} missing from {names:?}"
        );
    }
    let home = [("route", "/"), ("status", "200")];
    let grew = |name: &str, labels: &[(&str, &str)]| {
        counter(&after, name, labels) - counter(&before, name, labels)
    };
    // The counters are the process's (tests share it), so compare growth, not values.
    assert!(grew("gazette_http_requests_total", &home) >= 2.0);
    assert!(
        grew(
            "gazette_http_requests_total",
            &[("route", "unmatched"), ("status", "404")]
        ) >= 0.0
    );
    assert!(grew("gazette_search_queries_total", &[]) >= 1.0);
    assert!(
        grew("gazette_page_cache_hits_total", &[]) >= 1.0,
        "the second home page is a hit"
    );
    let latency = after
        .samples
        .iter()
        .find(|s| {
            s.metric == "gazette_http_request_duration_seconds"
                && s.labels.get("route") == Some("/")
        })
        .expect("a latency histogram for /");
    assert!(
        matches!(latency.value, Value::Histogram(_)),
        "{:?}",
        latency.value
    );
    // No route template in the labels is a path a client made up.
    assert!(
        after
            .samples
            .iter()
            .all(|s| s.labels.get("route") != Some("/no-such-page/")),
        "a made-up path became a series"
    );

    // Not on the public address.
    let public = app.get("/metrics").await;
    assert_ne!(public.status, 200);
    assert!(!public.body.contains("gazette_http_requests_total"));
    assert_eq!(app.get("/metrics/").await.status, 404);
}

#[tokio::test]
async fn readyz_waits_for_the_search_index() {
    let app = app().demo(3).start().await;
    let start = Instant::now();
    loop {
        let page = app.get("/readyz").await;
        if page.status == 200 {
            assert_eq!(page.body, "ready\n");
            break;
        }
        assert_eq!(page.status, 503);
        assert_eq!(page.body, "search index still catching up\n");
        assert!(start.elapsed() < Duration::from_secs(10), "never ready");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.get("/healthz").await.status, 200);
    assert_eq!(app.get("/readyz").await.header("cache-control"), "no-store");
}
