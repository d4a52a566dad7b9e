//! The media library end to end over HTTP (multipart uploads from a signed-in browser), on
//! SQLite and (with TEST_DATABASE_URL) PostgreSQL: pictures stored upright without metadata
//! at exactly the theme's widths, WebP variants and `<picture>` on the reader's site,
//! hostile uploads (wrong type, damaged, bombs, traversal names, oversized bodies) refused
//! with the file's name and nothing written, one entry for the same bytes, ownership rules,
//! and deletes refused while a picture is used.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use common::browser::{Browser, add_user, csrf_of, location, signed_in};
use common::{Page, TestApp, app, published};
use gazette_store::{MediaEntry, MediaQuery};
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

mod guards;

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

/// A small PNG whose header claims `w`×`h` pixels: a decompression bomb's calling card.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(4, 4, 1);
    // IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    // The chunk's CRC-32 covers its type and data.
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

// ----- helpers -----------------------------------------------------------------------------

/// Where the pictures are as files (the bucket's directory under `TEST_MEDIA_STORE=s3`).
fn media_dir(app: &TestApp) -> PathBuf {
    app.media_files()
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

/// Saves `form` with picture `id`'s edit form.
async fn edit_media(b: &mut Browser<'_>, id: i64, form: &[(&str, &str)]) -> Page {
    let edit = format!("/admin/media/{id}");
    b.submit(&edit, &edit, form).await
}

/// Deletes picture `id` with the button on its edit page.
async fn delete_media(b: &mut Browser<'_>, id: i64) -> Page {
    let edit = format!("/admin/media/{id}");
    b.submit(&edit, &format!("{edit}/delete"), &[]).await
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
    assert_eq!(m.variant_widths, vec![480, 720, 960]);
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
        format!("{stem}-720.jpg"),
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
    assert_eq!(m.variant_widths, vec![480, 720, 960]);
    assert_eq!(m.webp_widths, vec![480, 720, 960]);
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
    let page = edit_media(
        &mut b,
        id,
        &[
            ("alt", "Chart of fish catches"),
            ("caption", "Catches by year"),
            ("credit", "Data: Harbour office"),
        ],
    )
    .await;
    page.assert_redirect(&format!("/admin/media/{id}?done=saved"));

    let mut article = published("catches", "Catches fall again", "Body.");
    article.featured_media_id = Some(id);
    app.store.create_article(&article).await.unwrap();
    let page = app.get("/catches/").await;
    assert_eq!(page.status, StatusCode::OK);
    let sources = page.attrs("picture source[type=\"image/webp\"]", "srcset");
    assert_eq!(
        sources,
        vec![format!(
            "/media/{stem}-480.webp 480w, /media/{stem}-720.webp 720w, /media/{stem}-960.webp 960w"
        )]
    );
    let imgs = page.attrs("picture img", "srcset");
    assert!(
        imgs.iter().any(|s| s
            == &format!(
                "/media/{stem}-480.png 480w, /media/{stem}-720.png 720w, /media/{stem}-960.png 960w"
            )),
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
async fn refused_uploads_are_explained_in_the_staff_members_language() {
    let app = app().start().await;
    let mut b = signed_in(&app, "contributor").await;
    b.choose_language("tr").await;
    let page = upload_with(
        &mut b,
        &[
            ("notes.jpg", b"Meeting notes.\n".to_vec()),
            ("bomb.png", png_claiming(20000, 20000)),
            ("empty.png", Vec::new()),
        ],
        "",
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refusals(&page),
        [
            "notes.jpg: JPEG, PNG, WebP veya GIF resmi değil",
            "bomb.png: 20000×20000 piksel sınırı aşıyor (40 megapiksel ve kenar başına 12.000 piksel): küçültüp yeniden yükleyin",
            "empty.png: dosya boş: bir JPEG, PNG, WebP veya GIF resmi seçin",
        ]
    );
    assert!(library(&app).await.is_empty());
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
