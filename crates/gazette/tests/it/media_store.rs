//! The media store behind every picture path, run twice: on the data directory and on a real
//! S3-compatible server on loopback (`s3s-fs`, see `common::s3`). Uploads with their
//! variants, serving at the same `/media/…` URLs with the same caching, deletes, imported
//! pictures, feed enclosure sizes and `gazette media migrate` behave the same on both; on
//! object storage nothing lands in the data directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use crate::common::browser::{location, signed_in};
use crate::common::s3::Bucket;
use crate::common::{TestApp, app};
use gazette_media::MediaStore;
use gazette_store::MediaQuery;
use image::{ImageFormat, Rgba, RgbaImage};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

/// The two tests of one check: on the data directory and on object storage.
macro_rules! on_both_stores {
    ($check:ident: $local:ident, $s3:ident) => {
        #[tokio::test]
        async fn $local() {
            $check(Kind::Local).await;
        }

        #[tokio::test]
        async fn $s3() {
            $check(Kind::S3).await;
        }
    };
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Local,
    S3,
}

/// A site whose pictures live in `kind`, and its bucket (kept alive with it).
async fn site(kind: Kind, demo: Option<usize>) -> (TestApp, Option<Bucket>) {
    let mut b = app();
    if let Some(n) = demo {
        b = b.demo(n);
    }
    match kind {
        Kind::Local => (b.start().await, None),
        Kind::S3 => {
            let bucket = Bucket::new();
            let app = b.media(bucket.store()).start().await;
            (app, Some(bucket))
        }
    }
}

async fn keys(store: &MediaStore) -> Vec<String> {
    store
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect()
}

/// On object storage the data directory holds no pictures, and the bucket holds them all.
async fn check_where(app: &TestApp, bucket: Option<&Bucket>) {
    if let Some(bucket) = bucket {
        assert!(
            !app.settings.media_dir().exists(),
            "nothing is written to the data directory"
        );
        for key in keys(&app.settings.media).await {
            assert!(bucket.dir.join(&key).is_file(), "{key} is in the bucket");
        }
    }
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        Rgba([9, (x % 256) as u8, (y % 256) as u8, 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn upload_serve_and_delete(kind: Kind) {
    let (app, bucket) = site(kind, None).await;
    let mut b = signed_in(&app, "editor").await;
    let page = b.get("/admin/media").await;
    let form = Form::new()
        .text("csrf", crate::common::browser::csrf_of(&page))
        .text("alt", "A chart")
        .part(
            "file",
            Part::bytes(png(1000, 600))
                .file_name("chart.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let req = app
        .client
        .post(app.url("/admin/media/upload"))
        .multipart(form);
    let page = b.send(req).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let id: i64 = location(&page)
        .trim_start_matches("/admin/media/")
        .trim_end_matches("?done=uploaded")
        .parse()
        .unwrap();
    let entry = app.store.media_entry(id).await.unwrap().unwrap();
    let m = entry.media;
    assert_eq!(m.variant_widths, vec![480, 720, 960]);
    assert_eq!(m.webp_widths, vec![480, 720, 960]);

    // The original and each variant, stored once by the node that took the upload.
    let stem = m.path.trim_end_matches(".png");
    let mut expected = vec![
        m.path.clone(),
        format!("{stem}-480.png"),
        format!("{stem}-480.webp"),
        format!("{stem}-720.png"),
        format!("{stem}-720.webp"),
        format!("{stem}-960.png"),
        format!("{stem}-960.webp"),
    ];
    expected.sort();
    assert_eq!(keys(&app.settings.media).await, expected, "{kind:?}");
    check_where(&app, bucket.as_ref()).await;

    // Served at the same URLs with the same caching, byte for byte what is stored.
    for key in &expected {
        let r = app.fetch(&format!("/media/{key}"), &[]).await;
        assert_eq!(r.status(), StatusCode::OK, "{key}");
        let cache = r.headers()["cache-control"].to_str().unwrap().to_owned();
        assert_eq!(cache, "public, max-age=2592000", "{key}");
        let ty = r.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ty.starts_with("image/"), "{key}: {ty}");
        let bytes = r.bytes().await.unwrap();
        let stored = app.settings.media.get(key).await.unwrap().unwrap();
        assert_eq!(bytes.as_ref(), stored.as_slice(), "{key}");
    }
    let r = app.fetch(&format!("/media/{stem}-480.webp"), &[]).await;
    // Object storage gives an ETag, the directory a Last-Modified date: either revalidates.
    let validator = match (r.headers().get("etag"), r.headers().get("last-modified")) {
        (Some(tag), _) => ("if-none-match", tag.to_str().unwrap().to_owned()),
        (None, Some(date)) => ("if-modified-since", date.to_str().unwrap().to_owned()),
        (None, None) => panic!("{kind:?}: no validator"),
    };
    let small = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(small.width(), 480);

    // A miss is not cached: the picture may be stored a moment later.
    let r = app.fetch("/media/uploads/2020/01/none.png", &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["cache-control"], "no-store");

    // Revalidation and byte ranges.
    let r = app
        .fetch(
            &format!("/media/{stem}-480.webp"),
            &[(validator.0, validator.1.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{kind:?}");
    let r = app
        .fetch(&format!("/media/{}", m.path), &[("range", "bytes=0-9")])
        .await;
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT, "{kind:?}");
    let total = app
        .settings
        .media
        .head(&m.path)
        .await
        .unwrap()
        .unwrap()
        .size;
    assert_eq!(
        r.headers()["content-range"].to_str().unwrap(),
        format!("bytes 0-9/{total}")
    );
    assert_eq!(&r.bytes().await.unwrap()[..], b"\x89PNG\r\n\x1a\n\0\0");

    // Deleting the picture removes every file of it from the store.
    let edit = format!("/admin/media/{id}");
    let page = b.submit(&edit, &format!("{edit}/delete"), &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(keys(&app.settings.media).await.is_empty(), "{kind:?}");
    let r = app.fetch(&format!("/media/{}", m.path), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

on_both_stores!(
    upload_serve_and_delete:
    uploads_are_stored_served_and_deleted_in_the_data_directory,
    uploads_are_stored_served_and_deleted_in_object_storage
);

async fn demo_pictures_and_feed_enclosures(kind: Kind) {
    let (app, bucket) = site(kind, Some(4)).await;
    let media = app
        .store
        .media_library(&MediaQuery {
            text: String::new(),
            uploaded_by: None,
            page: 1,
            per_page: 50,
        })
        .await
        .unwrap()
        .entries;
    assert!(!media.is_empty());
    let stored = keys(&app.settings.media).await;
    for e in &media {
        assert!(stored.contains(&e.media.path), "{}", e.media.path);
        for w in &e.media.variant_widths {
            assert!(stored.contains(&e.media.variant_path(*w)), "{w}");
        }
    }
    check_where(&app, bucket.as_ref()).await;
    // The feed's enclosures carry the stored size of the picture they point at.
    let feed = app.get("/feed/").await;
    assert_eq!(feed.status, StatusCode::OK);
    let mut seen = 0;
    for part in feed.body.split("<enclosure url=\"").skip(1) {
        let url = part.split('"').next().unwrap();
        let length: u64 = part
            .split("length=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let key = url.split("/media/").nth(1).unwrap();
        let size = app.settings.media.head(key).await.unwrap().unwrap().size;
        assert_eq!(length, size, "{url}");
        assert!(length > 0);
        seen += 1;
    }
    assert!(seen > 0, "the demo's articles have pictures");
}

on_both_stores!(
    demo_pictures_and_feed_enclosures:
    demo_pictures_and_feed_enclosures_in_the_data_directory,
    demo_pictures_and_feed_enclosures_in_object_storage
);

async fn imported_pictures(kind: Kind) {
    let (app, bucket) = site(kind, None).await;
    let uploads = crate::import::uploads_dir(&app);
    let report = crate::import::import_shipped(&app, &uploads).await;
    assert_eq!(
        report.created.get("attachment"),
        Some(&50),
        "{}",
        report.render()
    );
    let stored = keys(&app.settings.media).await;
    let originals: Vec<&String> = stored.iter().filter(|k| k.starts_with("wp/")).collect();
    assert!(originals.len() >= 50, "{}", originals.len());
    check_where(&app, bucket.as_ref()).await;
    // An imported original is served byte for byte as it was in the old uploads.
    let mut checked = 0;
    for key in &stored {
        let rel = key.trim_start_matches("wp/");
        let old = ["", "uploads", "wp-content/uploads"]
            .iter()
            .map(|sub| uploads.join(sub).join(rel))
            .find(|p| p.is_file());
        if let Some(old) = old {
            let r = app.fetch(&format!("/media/{key}"), &[]).await;
            assert_eq!(r.status(), StatusCode::OK, "{key}");
            assert_eq!(
                r.bytes().await.unwrap().as_ref(),
                std::fs::read(old).unwrap(),
                "{key}"
            );
            checked += 1;
        }
        if checked == 5 {
            break;
        }
    }
    assert_eq!(checked, 5);
    // A rerun stores nothing new.
    let again = crate::import::import_shipped(&app, &uploads).await;
    assert!(again.changed_nothing(), "{}", again.render());
    assert_eq!(keys(&app.settings.media).await, stored);
}

on_both_stores!(
    imported_pictures:
    imported_pictures_land_in_the_data_directory,
    imported_pictures_land_in_object_storage
);

/// `gazette media migrate --to s3`, then `--to local` into an empty directory: every file
/// copied with its key, a rerun copies nothing, and the site then serves from the bucket.
#[tokio::test]
async fn media_migrate_moves_a_site_to_object_storage_and_back() {
    let (app, _) = site(Kind::Local, Some(4)).await;
    let local = app.settings.media.clone();
    let before = local.list().await.unwrap();
    assert!(before.len() > 4, "{before:?}");
    let bucket = Bucket::new();
    let data = app.dir.path();
    // The migration to `to`, as an operator runs it.
    let migrate = |to: &str| {
        let mut cmd = crate::common::gazette_command(data);
        cmd.args([
            "media",
            "migrate",
            "--to",
            to,
            "--bucket",
            &bucket.setting(),
        ])
        .env("GAZETTE_DATA_DIR", data)
        .env("GAZETTE_DATABASE_URL", &app.settings.database_url);
        for (k, v) in bucket.env() {
            cmd.env(k, v);
        }
        cmd
    };
    // Runs the migration to `to`; asserts it succeeded and returns what it said.
    let run = |to: &str| {
        let out = migrate(to).output().expect("gazette runs");
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        let errors = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{said}{errors}");
        said
    };
    let said = run("s3");
    assert!(
        said.contains(&format!("Copied {} files", before.len())),
        "{said}"
    );
    assert!(
        said.contains(&format!("media_store = \"{}\"", bucket.setting())),
        "says what to set next: {said}"
    );
    let s3 = bucket.store();
    let copied = s3.list().await.unwrap();
    let sizes = |l: &[gazette_media::ObjectInfo]| -> Vec<(String, u64)> {
        l.iter().map(|o| (o.key.clone(), o.size)).collect()
    };
    assert_eq!(sizes(&copied), sizes(&before));
    for o in &before {
        assert_eq!(
            s3.get(&o.key).await.unwrap(),
            local.get(&o.key).await.unwrap()
        );
    }
    // Idempotent: a rerun (say after an interruption) copies nothing.
    let said = run("s3");
    assert!(said.contains("Copied 0 files"), "{said}");
    assert!(
        said.contains(&format!("{} were already there", before.len())),
        "{said}"
    );

    // Back to an emptied data directory.
    std::fs::remove_dir_all(app.settings.media_dir()).unwrap();
    let said = run("local");
    assert!(said.contains("media_store = \"\""), "{said}");
    assert_eq!(sizes(&local.list().await.unwrap()), sizes(&before));

    let out = migrate("ftp").output().expect("gazette runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--to s3 or --to local"));
}

/// A bad `media_store` stops start-up with a message naming the setting.
#[test]
fn a_bad_media_store_value_names_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::common::gazette_command(dir.path())
        .arg("migrate")
        .env("GAZETTE_DATA_DIR", dir.path())
        .env("GAZETTE_MEDIA_STORE", "/srv/pictures")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("media_store"), "{err}");
    assert!(err.contains("s3://BUCKET"), "{err}");
}

/// A bucket that does not answer (nothing listens at its endpoint) makes a picture request
/// fail within seconds with 503 and `no-store`, never hang the reader or cache the failure.
#[tokio::test]
async fn a_bucket_that_does_not_answer_gives_503_within_seconds() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let vars = [
        ("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}")),
        ("AWS_ACCESS_KEY_ID", "id".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "secret".to_owned()),
    ];
    let settings = gazette_media::S3Settings::parse("s3://gone", &|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap()
    .unwrap();
    let app = app()
        .media(MediaStore::s3(&settings).unwrap())
        .start()
        .await;
    let started = std::time::Instant::now();
    let r = app.fetch("/media/uploads/2026/01/a.jpg", &[]).await;
    let took = started.elapsed();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(took < std::time::Duration::from_secs(30), "took {took:?}");
    eprintln!("a bucket that does not answer: 503 after {took:?}");
}

#[tokio::test]
async fn with_a_media_url_pages_feeds_and_sitemaps_link_pictures_there() {
    const CDN: &str = "https://cdn.example.net/pics";
    let app = app()
        .demo(4)
        .configure(|c, _| c.media_url = format!("{CDN}/"))
        .start()
        .await;
    let picture = app
        .store
        .media_library(&MediaQuery {
            text: String::new(),
            uploaded_by: None,
            page: 1,
            per_page: 1,
        })
        .await
        .unwrap()
        .entries
        .remove(0)
        .media;
    // A body that links a picture the way the editor and the import store it.
    app.store
        .create_article(&crate::common::published(
            "harbour-photo",
            "Harbour photo",
            &format!(
                "Before.\n\n![The harbour](/media/{})\n\nText about /media/ folders.",
                picture.path
            ),
        ))
        .await
        .unwrap();
    let own = |page: &str| {
        page.contains(&format!("{}/media/", app.base))
            || page.contains("=\"/media/")
            || page.contains(", /media/")
    };
    let home = app.get("/").await;
    assert!(
        home.body.contains(&format!("{CDN}/")),
        "the home page's cards"
    );
    assert!(
        !own(&home.body),
        "a picture on the home page still links /media/"
    );
    let article = app.get("/harbour-photo/").await;
    assert_eq!(article.status, StatusCode::OK);
    assert!(
        article
            .body
            .contains(&format!("src=\"{CDN}/{}\"", picture.path)),
        "the body's picture"
    );
    assert!(
        article.body.contains("Text about /media/ folders."),
        "text that mentions /media/ is left as written"
    );
    assert!(
        !own(&article.body),
        "a picture on the article still links /media/"
    );
    let feed = app.get("/feed/").await;
    assert!(feed.body.contains(&format!("<enclosure url=\"{CDN}/")));
    assert!(!feed.body.contains(&format!("{}/media/", app.base)));
    let index = app.get("/sitemap.xml").await;
    let posts = index
        .body
        .split("<loc>")
        .filter_map(|l| l.split("</loc>").next())
        .find(|l| l.contains("/sitemap/posts-"))
        .unwrap()
        .to_owned();
    let posts = app.get(posts.strip_prefix(&app.base).unwrap()).await;
    assert!(
        posts.body.contains(&format!("<image:loc>{CDN}/")),
        "{}",
        posts.body
    );
    // The site's own addresses keep answering, for links already shared.
    let direct = app.get(&format!("/media/{}", picture.path)).await;
    assert_eq!(direct.status, StatusCode::OK);
}
