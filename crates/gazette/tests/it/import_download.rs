//! `gazette import wordpress --download`: attachments fetched from the old site over
//! real HTTP (a local axum server standing in for it). With private addresses allowed,
//! the pictures arrive with their variants, become the featured image and replace the
//! old links in bodies, and failures (404, an HTML error page, a file over the limit)
//! are reported per attachment without stopping the import; a second run fetches
//! nothing. With the default rules the loopback server is refused for every attachment,
//! with the reason, and the posts are imported all the same. Also the shipped export,
//! whose attachments point at 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode as AxumStatus, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use common::{TestApp, app, assert_contains};
use gazette::import::{Report, WordpressOptions, import_wordpress};
use gazette_fetch::FetchPolicy;
use reqwest::StatusCode;

/// The old WordPress site: serves its uploads and counts the requests.
struct OldSite {
    addr: SocketAddr,
    hits: Arc<AtomicUsize>,
}

async fn old_site_file(State(hits): State<Arc<AtomicUsize>>, uri: Uri) -> Response {
    hits.fetch_add(1, Ordering::SeqCst);
    let jpeg = |seed: u64, w: u32, h: u32| {
        gazette_media::encode_jpeg(&gazette_media::demo_picture(seed, w, h)).unwrap()
    };
    match uri.path() {
        "/wp-content/uploads/2024/05/harbour.jpg" => {
            ([(header::CONTENT_TYPE, "image/jpeg")], jpeg(1, 1200, 800)).into_response()
        }
        "/wp-content/uploads/2024/05/chart.jpg" => {
            ([(header::CONTENT_TYPE, "image/jpeg")], jpeg(2, 600, 400)).into_response()
        }
        // Moved on the old site: the redirect is followed.
        "/wp-content/uploads/2024/05/moved.jpg" => {
            Redirect::temporary("/files/moved-here.jpg").into_response()
        }
        "/files/moved-here.jpg" => {
            ([(header::CONTENT_TYPE, "image/jpeg")], jpeg(3, 500, 300)).into_response()
        }
        // A "soft 404": an HTML page with status 200.
        "/wp-content/uploads/2024/05/soft.jpg" => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<html><body>Page not found</body></html>",
        )
            .into_response(),
        "/wp-content/uploads/2024/05/huge.jpg" => (
            [(header::CONTENT_TYPE, "image/jpeg")],
            vec![0u8; 3 * 1024 * 1024],
        )
            .into_response(),
        _ => AxumStatus::NOT_FOUND.into_response(),
    }
}

async fn old_site() -> OldSite {
    let hits = Arc::new(AtomicUsize::new(0));
    let router = Router::new()
        .fallback(old_site_file)
        .with_state(hits.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    OldSite { addr, hits }
}

fn attachment(id: i64, name: &str, base: &str, alt: &str) -> String {
    format!(
        r#"<item><title>{name}</title><link>{base}/{name}/</link><guid isPermaLink="false">{base}/wp-content/uploads/2024/05/{name}.jpg</guid>
<wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt><wp:post_name>{name}</wp:post_name><wp:status>inherit</wp:status><wp:post_parent>201</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{base}/wp-content/uploads/2024/05/{name}.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2024/05/{name}.jpg</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{alt}</wp:meta_value></wp:postmeta>
</item>
"#
    )
}

/// A small export whose attachments live on the old site at `base`.
fn export(base: &str) -> String {
    let mut items = String::new();
    items.push_str(&attachment(101, "harbour", base, "Boats in the harbour"));
    items.push_str(&attachment(102, "chart", base, "Grain prices"));
    items.push_str(&attachment(103, "moved", base, "Moved picture"));
    items.push_str(&attachment(104, "missing", base, ""));
    items.push_str(&attachment(105, "soft", base, ""));
    items.push_str(&attachment(106, "huge", base, ""));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old Harbour News</title>
<link>{base}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{base}</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>ana</wp:author_login><wp:author_email>ana@old.example</wp:author_email><wp:author_display_name>Ana Reporter</wp:author_display_name></wp:author>
<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename>port</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Port</wp:cat_name></wp:category>
{items}<item>
<title>Ships return to the harbour</title>
<link>{base}/2024/05/02/ships-return/</link>
<dc:creator>ana</dc:creator>
<guid isPermaLink="false">{base}/?p=201</guid>
<content:encoded><![CDATA[<p>The fleet is back.</p>
<p><img src="{base}/wp-content/uploads/2024/05/chart.jpg" alt="Grain prices"></p>
<p><a href="{base}/wp-content/uploads/2024/05/harbour.jpg">Full-size photo</a></p>
<p><img src="{base}/wp-content/uploads/2024/05/missing.jpg" alt="gone"></p>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>201</wp:post_id>
<wp:post_date>2024-05-02 09:00:00</wp:post_date>
<wp:post_date_gmt>2024-05-02 09:00:00</wp:post_date_gmt>
<wp:post_name>ships-return</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="port"><![CDATA[Port]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>101</wp:meta_value></wp:postmeta>
</item>
</channel>
</rss>"#
    )
}

fn write_export(app: &TestApp, site: &OldSite) -> PathBuf {
    let file = app.dir.path().join("old-harbour.xml");
    std::fs::write(&file, export(&format!("http://{}", site.addr))).unwrap();
    file
}

async fn import(
    app: &TestApp,
    file: &Path,
    allow_private: bool,
    dry_run: bool,
) -> (Report, Vec<(String, u64, u64)>) {
    let options = WordpressOptions {
        file: file.to_path_buf(),
        download: true,
        fetch: FetchPolicy {
            allow_private,
            max_bytes: 2 * 1024 * 1024,
            ..FetchPolicy::default()
        },
        dry_run,
        ..WordpressOptions::default()
    };
    let mut steps = Vec::new();
    let report = import_wordpress(
        &app.store,
        &app.settings.media,
        &options,
        &mut |phase, done, total| {
            if phase == "Downloading" {
                steps.push((phase.to_owned(), done, total));
            }
        },
    )
    .await
    .unwrap();
    (report, steps)
}

#[tokio::test]
async fn attachments_are_downloaded_from_an_allowed_server_with_variants() {
    let app = app().start().await;
    let site = old_site().await;
    let file = write_export(&app, &site);

    // A dry run fetches nothing and says how many it would.
    let (dry, steps) = import(&app, &file, true, true).await;
    assert_eq!(dry.download_planned, 6, "{}", dry.render());
    assert!(
        dry.render().contains("would download 6 attachments"),
        "{}",
        dry.render()
    );
    assert!(steps.is_empty());
    assert_eq!(site.hits.load(Ordering::SeqCst), 0);
    assert_eq!(app.store.last_change_id().await.unwrap(), 0);

    let (report, steps) = import(&app, &file, true, false).await;
    let text = report.render();
    assert_eq!(report.created.get("post"), Some(&1), "{text}");
    assert_eq!(report.created.get("attachment"), Some(&3), "{text}");
    assert_eq!(
        (report.downloaded, report.download_planned),
        (3, 6),
        "{text}"
    );
    assert!(text.contains("downloaded 3 of 6 attachments"), "{text}");
    // The progress bar counted every download, up to the total.
    assert_eq!(steps.len(), 6);
    assert_eq!(steps.last(), Some(&("Downloading".to_owned(), 6, 6)));
    // Each failure is one skipped attachment with its reason.
    assert_eq!(
        report
            .skipped
            .get("attachments not downloaded: the server answered 404 Not Found"),
        Some(&1),
        "{text}"
    );
    assert_eq!(
        report
            .skipped
            .get("attachments not downloaded: the server sent something that is not a picture"),
        Some(&1),
        "{text}"
    );
    assert_eq!(
        report
            .skipped
            .get("attachments not downloaded: larger than 2.0 MiB"),
        Some(&1),
        "{text}"
    );
    assert_eq!(report.skipped.values().sum::<u64>(), 3, "{text}");
    assert!(text.contains("missing.jpg"), "{text}");

    // Media rows with variants on disk.
    let map = app
        .store
        .import_map(&format!("http://{}", site.addr), "attachment")
        .await
        .unwrap();
    let mut ids: Vec<i64> = map.keys().copied().collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![101, 102, 103]);
    let (harbour_id, harbour_path) = map[&101].clone();
    assert_eq!(harbour_path, "wp/2024/05/harbour.jpg");
    let media = app.store.media_by_id(harbour_id).await.unwrap().unwrap();
    assert_eq!((media.width, media.height), (1200, 800));
    assert_eq!(media.mime, "image/jpeg");
    assert_eq!(media.alt, "Boats in the harbour");
    assert_eq!(media.variant_widths, vec![480, 720, 960]);
    let dir = app.settings.media_dir();
    for f in [
        "harbour.jpg",
        "harbour-480.jpg",
        "harbour-720.jpg",
        "harbour-960.jpg",
        "moved.jpg",
    ] {
        assert!(dir.join("wp/2024/05").join(f).is_file(), "{f}");
    }
    for f in ["missing.jpg", "soft.jpg", "huge.jpg"] {
        assert!(!dir.join("wp/2024/05").join(f).exists(), "{f}");
    }

    // The post shows the downloaded picture as its featured image, and its body
    // points at the new files; the link to the missing file is left as it was.
    let page = app.get("/ships-return/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.meta("og:image").contains("/media/wp/2024/05/harbour"),
        "{}",
        page.meta("og:image")
    );
    assert!(page.body.contains("/media/wp/2024/05/harbour-480.jpg"));
    let body = page.html_of(".article__body");
    assert_contains(
        &body,
        &[
            "/media/wp/2024/05/chart.jpg",
            "href=\"/media/wp/2024/05/harbour.jpg\"",
            "wp-content/uploads/2024/05/missing.jpg",
        ],
    );
    assert!(!body.contains("uploads/2024/05/chart.jpg"), "{body}");
    let served = app.get("/media/wp/2024/05/harbour-480.jpg").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), "image/jpeg");

    // A second run downloads only what failed before, and changes nothing.
    let hits = site.hits.load(Ordering::SeqCst);
    let before = app.store.last_change_id().await.unwrap();
    let (again, _) = import(&app, &file, true, false).await;
    assert!(again.changed_nothing(), "{}", again.render());
    assert_eq!(again.existing.get("attachment"), Some(&3));
    assert_eq!(again.download_planned, 3, "{}", again.render());
    assert_eq!(site.hits.load(Ordering::SeqCst), hits + 3);
    assert_eq!(app.store.last_change_id().await.unwrap(), before);
}

#[tokio::test]
async fn without_allow_private_every_attachment_is_refused_and_the_posts_still_come_in() {
    let app = app().start().await;
    let site = old_site().await;
    let file = write_export(&app, &site);
    let (report, _) = import(&app, &file, false, false).await;
    let text = report.render();
    let reason = "attachments not downloaded: refused: on a loopback address \
                  (set `fetch_allow_private = true` if the server is on your network)";
    assert_eq!(report.skipped.get(reason), Some(&6), "{text}");
    assert_eq!(report.skipped.len(), 1, "{text}");
    assert!(
        text.contains("refused: 127.0.0.1 is a loopback address; set `fetch_allow_private = true`"),
        "{text}"
    );
    assert_eq!(report.downloaded, 0);
    assert_eq!(report.created.get("attachment"), None, "{text}");
    // The old site was never contacted.
    assert_eq!(site.hits.load(Ordering::SeqCst), 0);

    // Everything else arrived; bodies keep the old links, and no picture was invented.
    assert_eq!(report.created.get("post"), Some(&1), "{text}");
    assert_eq!(report.created.get("category"), Some(&1), "{text}");
    let page = app.get("/ships-return/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.texts("h1.article__title"),
        vec!["Ships return to the harbour"]
    );
    let body = page.html_of(".article__body");
    assert!(body.contains("The fleet is back."), "{body}");
    assert!(
        body.contains("wp-content/uploads/2024/05/chart.jpg"),
        "{body}"
    );
    assert!(!page.body.contains("/media/wp/"));
    assert!(!app.settings.media_dir().join("wp").exists());
    app.get("/?p=201").await.assert_moved("/ships-return/");

    // Allowed later, a rerun fetches the pictures and keeps the post.
    let (later, _) = import(&app, &file, true, false).await;
    assert_eq!(
        later.created.get("attachment"),
        Some(&3),
        "{}",
        later.render()
    );
    assert_eq!(later.existing.get("post"), Some(&1));
}

#[tokio::test]
async fn the_shipped_export_points_at_loopback_and_is_refused_by_default() {
    let app = app().start().await;
    let export = common::shared_data("wp-export-1000.xml.gz");
    let (report, _) = import(&app, &export, false, false).await;
    let text = report.render();
    assert_eq!(report.created.get("post"), Some(&1000), "{text}");
    assert_eq!(report.download_planned, 50);
    assert_eq!(report.skipped.values().sum::<u64>(), 50, "{text}");
    assert!(
        text.contains("50 × attachments not downloaded: refused: on a loopback address"),
        "{text}"
    );
}
