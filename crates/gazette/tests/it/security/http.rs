//! Response headers: missing pictures are not cached for a month, HSTS behind https.

use reqwest::StatusCode;

use crate::common::app;

#[tokio::test]
async fn a_missing_picture_is_not_cached_but_a_present_one_is() {
    let app = app().start().await;
    let missing = app.get("/media/2026/01/nope.jpg").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let cache = missing.header("cache-control");
    assert!(
        cache.contains("no-store") || cache.contains("max-age=60"),
        "a 404 under /media/ is cached: {cache:?}"
    );
    let dir = app.settings.media_dir().join("2026/01");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("here.txt"), b"hello").unwrap();
    let present = app.get("/media/2026/01/here.txt").await;
    assert_eq!(present.status, StatusCode::OK);
    assert_eq!(present.header("cache-control"), "public, max-age=2592000");
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_https_and_not_over_http() {
    let https = app()
        .configure(|c, _| c.base_url = "https://news.example".into())
        .start()
        .await;
    for path in ["/", "/account/sign-in", "/media/none.jpg", "/nope/"] {
        let page = https.get(path).await;
        assert_eq!(
            page.header("strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
    let http = app().start().await;
    let page = http.get("/").await;
    assert!(page.headers.get("strict-transport-security").is_none());
}
