//! HTTP caching as browsers and proxies see it: validators and 304s, compressed forms,
//! and a page cache that follows the change log and never serves staff stale pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::Read;
use std::time::Duration;

use common::{app, until};
use gazette_store::NewArticle;
use reqwest::StatusCode;

#[tokio::test]
async fn pages_carry_validators_and_answer_304() {
    let app = app().demo(12).start().await;
    for path in ["/", "/category/news/", "/about/"] {
        let first = app.get(path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        let etag = first.header("etag").to_owned();
        let last_modified = first.header("last-modified").to_owned();
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        assert!(last_modified.ends_with("GMT"), "{path}: {last_modified}");
        assert!(
            first.header("cache-control").starts_with("public"),
            "{path}"
        );
        let again = app.get(path).await;
        assert_eq!(
            again.header("etag"),
            etag,
            "{path}: the cached copy keeps its ETag"
        );
        assert_eq!(again.body, first.body);

        for (header, value, status) in [
            ("if-none-match", etag.as_str(), StatusCode::NOT_MODIFIED),
            (
                "if-modified-since",
                &last_modified,
                StatusCode::NOT_MODIFIED,
            ),
            ("if-none-match", "W/\"other\"", StatusCode::OK),
        ] {
            let r = app.get_with(path, &[(header, value)]).await;
            assert_eq!(r.status, status, "{path} {header}: {value}");
            if status == StatusCode::NOT_MODIFIED {
                assert!(r.body.is_empty(), "{path} {header}");
            }
        }
    }
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_ask() {
    let app = app().demo(5).start().await;
    let plain = app.get("/").await.body;
    let r = app.fetch("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert!(
        r.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("accept-encoding")
    );
    let zipped = r.bytes().await.unwrap();
    assert!(
        zipped.len() * 3 < plain.len(),
        "gzip saves at least two thirds"
    );
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain);
    let r = app.get_with("/", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(r.header("content-encoding"), "br");
    // Uncached responses are compressed on the fly.
    let r = app
        .get_with("/no-such-page/", &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-encoding"), "gzip");
}

fn piece(slug: &str, title: &str) -> NewArticle {
    common::published(slug, title, "A correction-worthy body.")
}

#[tokio::test]
async fn a_write_shows_on_cached_pages_within_a_second() {
    let app = app().demo(8).start().await;
    let before = app.get("/").await;
    assert!(!before.body.contains("Breaking: the dam holds"));
    app.store
        .create_article(&piece("dam-holds", "Breaking: the dam holds"))
        .await
        .unwrap();
    until(
        Duration::from_secs(1),
        "the home page was stale for over a second",
        || async { app.get("/").await.body.contains("Breaking: the dam holds") },
    )
    .await;
}

#[tokio::test]
async fn staff_never_see_cached_pages() {
    let app = app().start().await;
    let id = app
        .store
        .create_article(&piece("quiet-edit", "Original headline"))
        .await
        .unwrap();
    // Let the follower see the creation, then warm the cache.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        app.get("/quiet-edit/")
            .await
            .body
            .contains("Original headline")
    );
    // An edit that bypasses the change log (as if made by hand in the database).
    app.store
        .execute_raw(&format!(
            "UPDATE articles SET title = 'Edited headline' WHERE id = {id}"
        ))
        .await
        .unwrap();
    assert!(
        app.get("/quiet-edit/")
            .await
            .body
            .contains("Original headline"),
        "readers get the cached copy"
    );
    let cookie = ("cookie", "gazette_consent=accept; gazette_session=abc");
    let staff = app.get_with("/quiet-edit/", &[cookie]).await.body;
    assert!(
        staff.contains("Edited headline"),
        "a session cookie bypasses the cache"
    );
}

#[tokio::test]
async fn odd_query_strings_are_not_cached() {
    let app = app().demo(5).start().await;
    for i in 0..20 {
        app.get(&format!("/?utm_source={i}")).await;
    }
    app.get("/").await;
    app.get("/category/news/?page=1").await;
    assert_eq!(app.state().cache.entry_count(), 2);
}

/// Hits are answered before the router and its middleware: they must carry every header
/// the rendered answer did (security headers, HSTS on https, validators, Vary), for each
/// encoding, and a 304 the validators.
#[tokio::test]
async fn a_cached_page_answers_with_the_headers_of_a_rendered_one() {
    let app = app()
        .demo(5)
        .configure(|c, _| c.base_url = "https://news.example".into())
        .start()
        .await;
    let names = |p: &common::Page| {
        let mut n: Vec<String> = p
            .headers
            .keys()
            .map(|k| k.as_str().to_owned())
            .filter(|k| k != "date")
            .collect();
        n.sort();
        n
    };
    for encoding in ["identity", "gzip", "gzip, br"] {
        // A fresh generation: the first request renders, the second is a hit.
        app.state().invalidate().await;
        let rendered = app.get_with("/", &[("accept-encoding", encoding)]).await;
        let hit = app.get_with("/", &[("accept-encoding", encoding)]).await;
        assert_eq!(rendered.status, StatusCode::OK);
        assert_eq!(hit.status, StatusCode::OK);
        assert_eq!(names(&hit), names(&rendered), "{encoding}");
        for h in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "permissions-policy",
            "strict-transport-security",
            "etag",
            "vary",
            "cache-control",
            "content-type",
        ] {
            assert_eq!(hit.header(h), rendered.header(h), "{encoding}: {h}");
        }
        assert_eq!(hit.body, rendered.body, "{encoding}");
    }
    let hit = app.get("/").await;
    let unchanged = app
        .get_with("/", &[("if-none-match", hit.header("etag"))])
        .await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.header("etag"), hit.header("etag"));
    assert_eq!(
        unchanged.header("content-security-policy"),
        hit.header("content-security-policy")
    );
    assert!(unchanged.body.is_empty());
}
