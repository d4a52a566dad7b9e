//! The media library end to end over HTTP (multipart uploads from a signed-in browser), on
//! SQLite and (with TEST_DATABASE_URL) PostgreSQL: pictures stored upright without metadata
//! at exactly the theme's widths, WebP variants and `<picture>` on the reader's site,
//! hostile uploads (wrong type, damaged, bombs, traversal names, oversized bodies) refused
//! with the file's name and nothing written, one entry for the same bytes, ownership rules,
//! and deletes refused while a picture is used.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use common::browser::{Browser, add_user, csrf_of, location, signed_in};
use common::{Page, TestApp, app, published};
use gazette_store::{MediaEntry, MediaQuery};
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

// ----- pictures made for the tests ---------------------------------------------------------

/// A JPEG `w`×`h` whose left half is red and right half blue, so a rotation shows.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// `jpeg` with an EXIF block saying "rotate 90° clockwise to show" (orientation 6) and a
/// camera serial number in a comment, both of which must not reach readers.
fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let plain = jpeg(w, h);
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1]); // one IFD entry
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let comment = b"CAMERA-SERIAL-1234567";
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&u16::try_from(comment.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&plain[2..]);
    out
}

fn png(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        Rgba([seed, (x % 256) as u8, (y % 256) as u8, 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A small PNG whose header claims `w`×`h` pixels: a decompression bomb's calling card.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(4, 4, 1);
    // IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

// ----- helpers -----------------------------------------------------------------------------

fn media_dir(app: &TestApp) -> PathBuf {
    app.settings.media_dir()
}

/// Every file below `dir`, as paths relative to it, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Pictures (or anything named like the hostile uploads) in the test's data directory
/// outside the media directory.
fn pictures_outside_media(app: &TestApp) -> Vec<String> {
    files_below(app.dir.path())
        .into_iter()
        .filter(|f| !f.starts_with("media/"))
        .filter(|f| {
            [".png", ".jpg", ".webp", ".gif"]
                .iter()
                .any(|e| f.ends_with(e))
                || f.contains("passwd")
        })
        .collect()
}

async fn library(app: &TestApp) -> Vec<MediaEntry> {
    app.store
        .media_library(&MediaQuery {
            text: String::new(),
            uploaded_by: None,
            page: 1,
            per_page: 200,
        })
        .await
        .unwrap()
        .entries
}

/// Posts `files` to the upload form as the browser would, with the page's CSRF token
/// (or `csrf` when given).
async fn upload_with(
    b: &mut Browser<'_>,
    files: &[(&str, Vec<u8>)],
    alt: &str,
    csrf: Option<&str>,
) -> Page {
    let token = match csrf {
        Some(t) => t.to_owned(),
        None => {
            let page = b.get("/admin/media").await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            csrf_of(&page)
        }
    };
    // File names go as the bytes given (a browser does not percent-encode them either).
    let mut form = Form::new()
        .percent_encode_noop()
        .text("csrf", token)
        .text("alt", alt.to_owned());
    for (name, bytes) in files {
        form = form.part(
            "file",
            Part::bytes(bytes.clone())
                .file_name((*name).to_owned())
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    }
    let req = b
        .app
        .client
        .post(b.app.url("/admin/media/upload"))
        .multipart(form);
    b.send(req).await
}

async fn upload(b: &mut Browser<'_>, name: &str, bytes: Vec<u8>) -> i64 {
    let page = upload_with(b, &[(name, bytes)], "", None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{name}: {}", page.body);
    let to = location(&page);
    to.strip_prefix("/admin/media/")
        .and_then(|rest| rest.strip_suffix("?done=uploaded"))
        .unwrap_or_else(|| panic!("upload of {name} went to {to}"))
        .parse()
        .unwrap()
}

/// A stream of `chunks`, for a request body of unknown length.
fn futures_util_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + Sync + 'static {
    struct Chunks(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Chunks(chunks.into_iter())
}

/// The text of the refusal list on an upload's answer.
fn refusals(page: &Page) -> Vec<String> {
    page.texts(".media-errors li")
}

// ----- tests -------------------------------------------------------------------------------

#[tokio::test]
async fn a_jpeg_is_stored_upright_without_metadata_at_the_theme_widths() {
    let app = app().start().await;
    let mut b = signed_in(&app, "author").await;
    // 1000×1200 as stored, 1200×1000 once turned by its EXIF orientation.
    let id = upload(&mut b, "Harbour at Dawn.JPG", jpeg_with_exif(1000, 1200)).await;

    let entries = library(&app).await;
    assert_eq!(entries.len(), 1);
    let m = &entries[0].media;
    assert_eq!(m.id, id);
    assert_eq!((m.width, m.height), (1200, 1000));
    assert_eq!(m.mime, "image/jpeg");
    assert_eq!(m.variant_widths, vec![480, 960]);
    assert!(
        m.webp_widths.is_empty(),
        "no WebP for photos: {:?}",
        m.webp_widths
    );
    assert_eq!(entries[0].original_name, "Harbour at Dawn.JPG");
    assert!(
        m.path.starts_with("uploads/") && m.path.ends_with("-harbour-at-dawn.jpg"),
        "{}",
        m.path
    );

    // Exactly the original and one file per theme width narrower than it, nothing else.
    let stem = m.path.trim_end_matches(".jpg");
    let mut expected = vec![
        m.path.clone(),
        format!("{stem}-480.jpg"),
        format!("{stem}-960.jpg"),
    ];
    expected.sort();
    assert_eq!(files_below(&media_dir(&app)), expected);

    // The original is upright (red on top after a clockwise turn), and neither EXIF nor the
    // comment with the serial number survived.
    let original = app.get(&format!("/media/{}", m.path)).await;
    assert_eq!(original.status, StatusCode::OK);
    let stored = std::fs::read(media_dir(&app).join(&m.path)).unwrap();
    assert!(!stored.windows(4).any(|w| w == b"Exif"));
    assert!(!stored.windows(13).any(|w| w == b"CAMERA-SERIAL"));
    let decoded = image::load_from_memory(&stored).unwrap().to_rgb8();
    assert_eq!(decoded.dimensions(), (1200, 1000));
    let top = decoded.get_pixel(600, 100);
    let bottom = decoded.get_pixel(600, 900);
    assert!(top[0] > 150 && top[2] < 100, "top should be red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom should be blue: {bottom:?}"
    );

    // The variants are served at their widths.
    for w in [480u32, 960] {
        let url = format!("/media/{stem}-{w}.jpg");
        let r = b.app.client.get(app.url(&url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        let img = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(img.width(), w);
    }

    // The library shows it with its size and a missing-alt warning; the audit log has it.
    let page = b.get("/admin/media").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count(".media-card"), 1);
    assert!(page.texts(".media-card__meta")[0].contains("1200×1000"));
    assert_eq!(page.texts(".media-card__warning"), vec!["No alt text"]);
    assert_eq!(
        page.attrs(".media-card__thumb", "src"),
        vec![format!("/media/{stem}-480.jpg")]
    );
    let audit = app.store.audit_log(10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "media.upload"));
}

#[tokio::test]
async fn a_png_gets_webp_variants_and_a_picture_element_on_the_article() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let id = upload(&mut b, "chart.png", png(1000, 500, 7)).await;
    let m = library(&app).await.remove(0).media;
    assert_eq!(m.variant_widths, vec![480, 960]);
    assert_eq!(m.webp_widths, vec![480, 960]);
    let stem = m.path.trim_end_matches(".png");
    for f in [
        format!("{stem}-480.webp"),
        format!("{stem}-960.webp"),
        format!("{stem}-480.png"),
    ] {
        let r = app.get(&format!("/media/{f}")).await;
        assert_eq!(r.status, StatusCode::OK, "{f}");
    }

    // Alt text and caption from the edit page reach the reader's site.
    let page = b
        .submit(
            &format!("/admin/media/{id}"),
            &format!("/admin/media/{id}"),
            &[
                ("alt", "Chart of fish catches"),
                ("caption", "Catches by year"),
                ("credit", "Data: Harbour office"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), format!("/admin/media/{id}?done=saved"));

    let mut article = published("catches", "Catches fall again", "Body.");
    article.featured_media_id = Some(id);
    app.store.create_article(&article).await.unwrap();
    let page = app.get("/catches/").await;
    assert_eq!(page.status, StatusCode::OK);
    let sources = page.attrs("picture source[type=\"image/webp\"]", "srcset");
    assert_eq!(
        sources,
        vec![format!(
            "/media/{stem}-480.webp 480w, /media/{stem}-960.webp 960w"
        )]
    );
    let imgs = page.attrs("picture img", "srcset");
    assert!(
        imgs.iter()
            .any(|s| s == &format!("/media/{stem}-480.png 480w, /media/{stem}-960.png 960w")),
        "{imgs:?}"
    );
    assert!(
        page.attrs("picture img", "alt")
            .contains(&"Chart of fish catches".to_owned())
    );
    assert!(page.body.contains("Catches by year"));
    // The card on the front page offers the WebP variants too.
    let home = app.get("/").await;
    assert!(
        home.attrs(".card picture source[type=\"image/webp\"]", "srcset")
            .iter()
            .any(|s| s.contains(&format!("/media/{stem}-480.webp 480w"))),
        "{}",
        home.body
    );

    // The edit page shows where it is used and the Markdown to insert it.
    let page = b.get(&format!("/admin/media/{id}")).await;
    assert_eq!(
        page.texts(".media-usages li a"),
        vec!["Article “Catches fall again”"]
    );
    assert_eq!(
        page.attrs("[data-media-snippet]", "value"),
        vec![format!("![Chart of fish catches](/media/{})", m.path)]
    );
}

#[tokio::test]
async fn wrong_damaged_and_oversized_pictures_are_refused_by_name_and_nothing_is_kept() {
    let app = app().start().await;
    let mut b = signed_in(&app, "contributor").await;
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&[0u8; 60]);
    let jpg = jpeg(600, 400);
    let truncated = jpg[..jpg.len() / 2].to_vec();
    let page = upload_with(
        &mut b,
        &[
            ("notes.jpg", b"Meeting notes: buy more film.\n".to_vec()),
            (
                "logo.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                    .to_vec(),
            ),
            ("x.bmp", bmp),
            ("half.jpg", truncated),
            ("bomb.png", png_claiming(20000, 20000)),
            ("empty.png", Vec::new()),
        ],
        "",
        None,
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let errors = refusals(&page);
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(
        errors[0].starts_with("notes.jpg: not a JPEG, PNG, WebP or GIF picture")
            && errors[0].contains("text file"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("logo.svg: not a JPEG, PNG, WebP or GIF picture")
            && errors[1].contains("SVG"),
        "{errors:?}"
    );
    assert!(
        errors[2].starts_with("x.bmp: not a JPEG, PNG, WebP or GIF picture")
            && errors[2].contains("BMP"),
        "{errors:?}"
    );
    assert!(
        errors[3].starts_with("half.jpg: ") && errors[3].contains("damaged or incomplete"),
        "{errors:?}"
    );
    assert!(
        errors[4].starts_with("bomb.png: 20000×20000 pixels is over the limit of 40 megapixels"),
        "{errors:?}"
    );
    assert!(
        errors[5].starts_with("empty.png: the file is empty"),
        "{errors:?}"
    );
    assert!(library(&app).await.is_empty());
    assert!(
        files_below(&media_dir(&app)).is_empty(),
        "{:?}",
        files_below(&media_dir(&app))
    );

    // Nothing chosen at all: said so.
    let page = upload_with(&mut b, &[], "", None).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(refusals(&page)[0].contains("Choose at least one picture"));

    // A mix: the good one is kept, the bad one named.
    let page = upload_with(
        &mut b,
        &[
            ("good.png", png(300, 200, 3)),
            ("bad.gif", b"GIF89a".to_vec()),
        ],
        "Two",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusals(&page).len(), 1);
    assert!(refusals(&page)[0].starts_with("bad.gif: "));
    assert!(page.body.contains("Uploaded: good.png."));
    assert_eq!(library(&app).await.len(), 1);
}

#[tokio::test]
async fn hostile_file_names_cannot_leave_the_media_directory() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let long = format!("{}.png", "n".repeat(500));
    let names = [
        "../../etc/passwd.jpg",
        "..\\..\\x.png",
        long.as_str(),
        "صورة الميناء.png",
        "/absolute/path.png",
    ];
    for (i, name) in names.iter().enumerate() {
        let id = upload(&mut b, name, png(100, 80, u8::try_from(i).unwrap())).await;
        let entry = app.store.media_entry(id).await.unwrap().unwrap();
        let path = &entry.media.path;
        assert!(
            path.starts_with("uploads/")
                && !path.contains("..")
                && !path.contains('\\')
                && path
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"/-.".contains(&c)),
            "{name:?} stored at {path}"
        );
        assert!(
            entry.original_name.chars().all(|c| !c.is_control())
                && entry.original_name.chars().count() <= 80,
            "{:?}",
            entry.original_name
        );
    }
    // Control characters in a file name: multer refuses such part headers outright (a
    // browser never sends them raw); either way nothing lands anywhere.
    for (i, name) in ["a\u{1}b\u{7f}c.png", "nul\0byte.png"].iter().enumerate() {
        let page = upload_with(
            &mut b,
            &[(name, png(90, 70, 200 + u8::try_from(i).unwrap()))],
            "",
            None,
        )
        .await;
        match page.status {
            StatusCode::BAD_REQUEST => assert!(
                page.body.contains("The upload could not be read")
                    && page.body.contains("rename the file"),
                "{}",
                page.body
            ),
            StatusCode::SEE_OTHER => {}
            other => panic!("{name:?}: {other}"),
        }
    }
    for e in library(&app).await {
        assert!(
            e.original_name.chars().all(|c| !c.is_control()),
            "{:?}",
            e.original_name
        );
        assert!(
            e.media
                .path
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"/-.".contains(&c))
        );
    }
    assert_eq!(pictures_outside_media(&app), Vec::<String>::new());
    assert!(!app.dir.path().join("etc").exists());
    assert!(!media_dir(&app).join("../../etc/passwd.jpg").exists());
    assert!(!media_dir(&app).join("../x.png").exists());
    for f in files_below(&media_dir(&app)) {
        assert!(f.starts_with("uploads/"), "{f}");
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_gets_a_413_page_naming_the_limit() {
    let app = app().configure(|c, _| c.max_upload_mb = 1).start().await;
    let mut b = signed_in(&app, "editor").await;
    // 1.6 MB after a PNG header: refused by its declared length, before anything is read.
    let mut big = png(8, 8, 1);
    big.extend((0..1_600_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let page = upload_with(&mut b, &[("huge.png", big)], "", None).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", page.body);
    assert!(page.body.contains("larger than the 1 MB"), "{}", page.body);
    assert!(library(&app).await.is_empty());
    assert!(files_below(&media_dir(&app)).is_empty());

    // The same without a declared length (a streamed body): cut off at the limit, same page.
    let csrf = csrf_of(&b.get("/admin/media").await);
    let boundary = "XmediaBoundaryX";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"stream.png\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = std::iter::once(Ok(head.into_bytes()))
        .chain((0..24).map(|_| Ok(vec![7u8; 64 * 1024])))
        .chain(std::iter::once(Ok(tail.into_bytes())))
        .collect();
    let req = app
        .client
        .post(app.url("/admin/media/upload"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::Body::wrap_stream(futures_util_stream(chunks)));
    let page = b.send(req).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", page.body);
    assert!(page.body.contains("larger than the 1 MB"));
    assert!(library(&app).await.is_empty());

    // Other forms keep the small limit.
    let filler = "x".repeat(70 * 1024);
    let page = b
        .post(
            "/account/sign-in",
            &[("email", "a@b.c"), ("password", &filler)],
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("64 KB"), "{}", page.body);

    // Just under the limit works.
    let id = upload(&mut b, "fine.png", png(200, 100, 9)).await;
    assert!(id > 0);
}

#[tokio::test]
async fn the_same_bytes_twice_make_one_entry() {
    let app = app().start().await;
    let mut b = signed_in(&app, "author").await;
    let bytes = png(600, 300, 5);
    let first = upload(&mut b, "one.png", bytes.clone()).await;
    let files = files_below(&media_dir(&app));
    let second = upload(&mut b, "two.png", bytes).await;
    assert_eq!(first, second);
    assert_eq!(library(&app).await.len(), 1);
    assert_eq!(files_below(&media_dir(&app)), files);
}

#[tokio::test]
async fn roles_own_their_uploads_and_editors_manage_all() {
    let app = app().start().await;
    let mut editor = signed_in(&app, "editor").await;
    let mut contributor = signed_in(&app, "contributor").await;
    let editors = upload(&mut editor, "editors.png", png(200, 100, 1)).await;
    let theirs = upload(&mut contributor, "mine.png", png(200, 100, 2)).await;

    // The contributor sees the editor's picture but may neither edit nor delete it.
    let page = contributor.get(&format!("/admin/media/{editors}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("form[action$=\"/delete\"]"), 0);
    let csrf = csrf_of(&contributor.get("/admin/media").await);
    let page = contributor
        .post(
            &format!("/admin/media/{editors}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = contributor
        .post(
            &format!("/admin/media/{editors}"),
            &[("csrf", &csrf), ("alt", "vandalised")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .media_entry(editors)
            .await
            .unwrap()
            .unwrap()
            .media
            .alt,
        ""
    );

    // "Only mine" lists the contributor's own upload.
    let page = contributor.get("/admin/media?mine=1").await;
    assert_eq!(page.texts(".media-card__name"), vec!["mine.png"]);

    // The contributor may edit and delete their own; the editor anyone's.
    let page = contributor
        .submit(
            &format!("/admin/media/{theirs}"),
            &format!("/admin/media/{theirs}"),
            &[("alt", "My own picture")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = contributor.get("/admin/media?q=own+picture").await;
    assert_eq!(page.texts(".media-card__name"), vec!["mine.png"]);
    let page = editor
        .submit(
            &format!("/admin/media/{theirs}"),
            &format!("/admin/media/{theirs}/delete"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), "/admin/media?done=deleted");
    assert!(app.store.media_entry(theirs).await.unwrap().is_none());
    let page = contributor
        .submit(
            &format!("/admin/media/{editors}"),
            &format!("/admin/media/{editors}"),
            &[],
        )
        .await;
    // The edit page has no form for them, so the token comes from the read-only page's
    // sign-out form; the POST is refused all the same.
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // A subscriber is kept out of the library entirely; anonymous visitors sign in first.
    add_user(&app, "reader@example.org", "Reader", "subscriber").await;
    let mut reader = Browser::new(&app);
    reader
        .sign_in("reader@example.org", common::browser::PASSWORD)
        .await;
    assert_eq!(
        reader.get("/admin/media").await.status,
        StatusCode::FORBIDDEN
    );
    let page = upload_with(
        &mut reader,
        &[("x.png", png(10, 10, 1))],
        "",
        Some("whatever"),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut anonymous = Browser::new(&app);
    let page = anonymous.get("/admin/media").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(location(&page).starts_with("/account/sign-in"));
    let page = anonymous.get(&format!("/admin/media/{editors}")).await;
    assert!(location(&page).starts_with("/account/sign-in"));
    assert_eq!(library(&app).await.len(), 1);
}

#[tokio::test]
async fn a_picture_in_use_is_not_deleted_and_the_page_says_where() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let featured = upload(&mut b, "featured.png", png(600, 300, 1)).await;
    let inline = upload(&mut b, "inline.png", png(600, 300, 2)).await;
    let inline_path = app
        .store
        .media_entry(inline)
        .await
        .unwrap()
        .unwrap()
        .media
        .path;
    let mut article = published("port-story", "The port reopens", "Text.");
    article.featured_media_id = Some(featured);
    app.store.create_article(&article).await.unwrap();
    let stem = inline_path.trim_end_matches(".png");
    app.store
        .create_article(&published(
            "gallery",
            "Gallery of the week",
            &format!("Look: ![boats](/media/{stem}-480.png)"),
        ))
        .await
        .unwrap();
    // The social image (link previews) is chosen in the editor's "Search and sharing".
    let social = upload(&mut b, "social.png", png(1200, 630, 4)).await;
    app.store
        .execute_raw(&format!(
            "UPDATE articles SET social_media_id = {social} WHERE slug = 'port-story'"
        ))
        .await
        .unwrap();
    let before = files_below(&media_dir(&app));

    for (id, title, how) in [
        (featured, "The port reopens", "featured image"),
        (social, "The port reopens", "social image"),
        (inline, "Gallery of the week", "body"),
    ] {
        let page = b
            .submit(
                &format!("/admin/media/{id}"),
                &format!("/admin/media/{id}/delete"),
                &[],
            )
            .await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
        let refusal = page.texts("#delete-refused").join(" ");
        assert!(
            refusal.contains(&format!("Article “{title}” ({how})")),
            "{refusal}"
        );
        assert!(app.store.media_entry(id).await.unwrap().is_some());
    }
    assert_eq!(files_below(&media_dir(&app)), before);

    // Unused, it goes, files and all, with an audit entry.
    let spare = upload(&mut b, "spare.png", png(600, 300, 3)).await;
    let page = b
        .submit(
            &format!("/admin/media/{spare}"),
            &format!("/admin/media/{spare}/delete"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(files_below(&media_dir(&app)), before);
    let audit = app.store.audit_log(10).await.unwrap();
    assert_eq!(audit[0].action, "media.delete");
}

#[tokio::test]
async fn forms_without_the_csrf_token_and_bad_fields_are_refused() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let id = upload(&mut b, "p.png", png(200, 100, 1)).await;

    // Upload with a wrong token: 403, nothing stored.
    let page = upload_with(&mut b, &[("q.png", png(200, 100, 2))], "", Some("forged")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(library(&app).await.len(), 1);
    // Edit and delete without a token.
    let page = b.post(&format!("/admin/media/{id}"), &[("alt", "x")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b.post(&format!("/admin/media/{id}/delete"), &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b
        .post(
            &format!("/admin/media/{id}"),
            &[("csrf", "forged"), ("alt", "x")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b
        .post(&format!("/admin/media/{id}/delete"), &[("csrf", "forged")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(app.store.media_entry(id).await.unwrap().is_some());

    // Too long alt text: 400 naming the field, values kept, nothing written.
    let long_alt = "a".repeat(501);
    let page = b
        .submit(
            &format!("/admin/media/{id}"),
            &format!("/admin/media/{id}"),
            &[("alt", &long_alt), ("caption", "Kept caption")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.texts("#alt-error")[0].starts_with("Alt text is 501 characters long"),
        "{}",
        page.body
    );
    assert_eq!(page.texts("textarea[name=caption]"), vec!["Kept caption"]);
    let m = app.store.media_entry(id).await.unwrap().unwrap().media;
    assert_eq!((m.alt.as_str(), m.caption.as_str()), ("", ""));

    // Unknown ids are 404s.
    assert_eq!(
        b.get("/admin/media/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get("/admin/media/abc").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_library_searches_every_text_field_and_pages_through_results() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let editor = app
        .store
        .media_library(&MediaQuery::default())
        .await
        .unwrap();
    assert_eq!(editor.total, 0);
    let actor = gazette_store::Actor {
        user_id: None,
        ip: "test".into(),
    };
    for i in 0..30u32 {
        let new = gazette_store::NewUpload {
            path: format!("uploads/2026/11/{i:016x}-pic-{i}.jpg"),
            mime: "image/jpeg".into(),
            width: 800,
            height: 600,
            variant_widths: vec![480],
            webp_widths: Vec::new(),
            file_size: 123_456,
            sha256: format!("{i:064x}"),
            original_name: if i == 7 {
                "Storm_over_50%_of_the_coast.jpg".into()
            } else {
                format!("pic-{i}.jpg")
            },
            alt: if i == 3 {
                "Fishing boats at the quay".into()
            } else {
                String::new()
            },
        };
        app.store.record_upload(&new, &actor).await.unwrap();
    }

    let page = b.get("/admin/media").await;
    assert_eq!(page.count(".media-card"), 24);
    assert!(page.texts(".media-count")[0].contains("30 pictures"));
    assert_eq!(
        page.attrs("a[rel=next]", "href"),
        vec!["/admin/media?page=2"]
    );
    assert!(page.attrs("a[rel=prev]", "href").is_empty());
    let page = b.get("/admin/media?page=2").await;
    assert_eq!(page.count(".media-card"), 6);
    assert_eq!(page.attrs("a[rel=prev]", "href"), vec!["/admin/media"]);
    let page = b.get("/admin/media?page=99").await;
    assert_eq!(page.count(".media-card"), 0);
    let page = b.get("/admin/media?page=-3").await;
    assert_eq!(page.count(".media-card"), 24);

    // Alt text, original name (with LIKE's wildcards taken literally), case-insensitive.
    let page = b.get("/admin/media?q=FISHING+boats").await;
    assert_eq!(page.texts(".media-card__name"), vec!["pic-3.jpg"]);
    let page = b.get("/admin/media?q=50%25_of").await;
    assert_eq!(
        page.texts(".media-card__name"),
        vec!["Storm_over_50%_of_the_coast.jpg"]
    );
    let page = b.get("/admin/media?q=50%25%25").await;
    assert_eq!(page.count(".media-card"), 0);

    // Caption and credit, once set.
    let id = app
        .store
        .media_id_by_sha256(&format!("{:064x}", 12))
        .await
        .unwrap()
        .unwrap();
    app.store
        .update_media_text(id, "", "Flooded square", "Photo: Ana Ruiz", &actor)
        .await
        .unwrap();
    assert_eq!(
        b.get("/admin/media?q=flooded")
            .await
            .texts(".media-card__name"),
        vec!["pic-12.jpg"]
    );
    assert_eq!(
        b.get("/admin/media?q=ana+ruiz")
            .await
            .texts(".media-card__name"),
        vec!["pic-12.jpg"]
    );
    let page = b.get("/admin/media?q=nothing-like-this").await;
    assert!(page.body.contains("No picture matches"));
}

#[tokio::test]
async fn a_gif_keeps_its_original_and_gets_webp_variants_only() {
    let app = app().start().await;
    let mut b = signed_in(&app, "author").await;
    let img = RgbaImage::from_fn(1000, 500, |x, _| Rgba([(x % 256) as u8, 40, 90, 255]));
    let mut gif = Cursor::new(Vec::new());
    img.write_to(&mut gif, ImageFormat::Gif).unwrap();
    let id = upload(&mut b, "anim.gif", gif.into_inner()).await;
    let m = app.store.media_entry(id).await.unwrap().unwrap().media;
    assert_eq!(m.mime, "image/gif");
    assert!(m.variant_widths.is_empty());
    assert_eq!(m.webp_widths, vec![480, 960]);
    let stem = m.path.trim_end_matches(".gif");
    // The library's thumbnail is the 480 px WebP, not the full GIF.
    let page = b.get("/admin/media").await;
    assert_eq!(
        page.attrs(".media-card__thumb", "src"),
        vec![format!("/media/{stem}-480.webp")]
    );
    let mut article = published("gif-story", "A moving picture", "Body.");
    article.featured_media_id = Some(id);
    app.store.create_article(&article).await.unwrap();
    let page = app.get("/gif-story/").await;
    assert_eq!(
        page.attrs(".article__figure picture source", "srcset"),
        vec![format!(
            "/media/{stem}-480.webp 480w, /media/{stem}-960.webp 960w"
        )]
    );
    assert_eq!(
        page.attrs(".article__figure picture img", "src"),
        vec![format!("/media/{}", m.path)]
    );
}
