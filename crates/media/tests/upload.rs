//! The upload pipeline against real generated files: every accepted format, EXIF rotation and
//! stripping, decompression bombs, files that are not pictures, damaged files, hostile names
//! and the exact set of variants written.
// Helpers outside #[test] fns fail loudly too: that is what a test wants.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use gazette_media::upload::{StoredPicture, UploadError, UploadLimits, accept, accept_at};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Rgb, RgbImage, Rgba, RgbaImage};
use time::macros::datetime;

const WIDTHS: &[u32] = &[480, 960, 1440];

fn encoded(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn photo(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(gazette_media::demo_picture(7, width, height))
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    gazette_media::encode_jpeg(&gazette_media::demo_picture(7, width, height)).unwrap()
}

/// Every file below `dir`, relative and `/`-separated, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The picture in the file `rel` below `dir`, and its format, width and height.
fn decode(dir: &Path, rel: &str) -> ((ImageFormat, u32, u32), DynamicImage) {
    let bytes = std::fs::read(dir.join(rel)).unwrap();
    let format = image::guess_format(&bytes).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    ((format, img.width(), img.height()), img)
}

/// Accepts `bytes` as `name` into `dir` with the default limits and [`WIDTHS`].
fn store_picture(bytes: &[u8], name: &str, dir: &Path) -> StoredPicture {
    accept(bytes, name, &UploadLimits::default(), dir, WIDTHS).unwrap()
}

fn refused(bytes: &[u8], name: &str) -> (UploadError, String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let err = accept(bytes, name, &UploadLimits::default(), dir.path(), WIDTHS).unwrap_err();
    let message = err.to_string();
    (err, message, files(dir.path()))
}

#[test]
fn a_jpeg_is_stored_with_jpeg_variants_at_the_declared_widths_only() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = jpeg(1000, 500);
    let stored = accept_at(
        &bytes,
        "Harbour at Dawn.JPG",
        &UploadLimits::default(),
        dir.path(),
        &[1440, 960, 480, 960, 0],
        datetime!(2026-03-09 10:00 UTC),
    )
    .unwrap();
    let stem = format!("uploads/2026/03/{}-harbour-at-dawn", &stored.sha256[..16]);
    assert_eq!(stored.path, format!("{stem}.jpg"));
    assert_eq!(stored.mime, "image/jpeg");
    assert_eq!((stored.width, stored.height), (1000, 500));
    assert_eq!(stored.variant_widths, vec![480, 960]);
    // Lossless WebP of a photo is bigger than the JPEG, so none is offered.
    assert!(stored.webp_widths.is_empty());
    assert_eq!(
        files(dir.path()),
        vec![
            format!("{stem}-480.jpg"),
            format!("{stem}-960.jpg"),
            format!("{stem}.jpg")
        ]
    );
    assert_eq!(
        stored.bytes,
        std::fs::metadata(dir.path().join(&stored.path))
            .unwrap()
            .len()
    );
    for (w, h) in [(480, 240), (960, 480)] {
        let (shape, _) = decode(dir.path(), &format!("{stem}-{w}.jpg"));
        assert_eq!(shape, (ImageFormat::Jpeg, w, h), "{w}");
    }
}

#[test]
fn the_same_bytes_uploaded_twice_land_on_the_same_path() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = jpeg(600, 400);
    let first = store_picture(&bytes, "a.jpg", dir.path());
    let before = files(dir.path());
    let second = store_picture(&bytes, "a.jpg", dir.path());
    assert_eq!(first, second);
    assert_eq!(files(dir.path()), before);
    let other = store_picture(&jpeg(601, 400), "a.jpg", dir.path());
    assert_ne!(other.path, first.path);
}

#[test]
fn png_keeps_alpha_and_gets_png_and_webp_variants() {
    let dir = tempfile::tempdir().unwrap();
    let img = RgbaImage::from_fn(1000, 600, |x, y| {
        Rgba([
            (x % 256) as u8,
            (y % 256) as u8,
            90,
            if x < 500 { 255 } else { 40 },
        ])
    });
    let stored = store_picture(
        &encoded(DynamicImage::ImageRgba8(img), ImageFormat::Png),
        "logo.png",
        dir.path(),
    );
    assert_eq!(stored.mime, "image/png");
    assert_eq!(stored.variant_widths, vec![480, 960]);
    assert_eq!(stored.webp_widths, vec![480, 960]);
    let stem = stored.path.trim_end_matches(".png");
    let (shape, png) = decode(dir.path(), &format!("{stem}-480.png"));
    assert_eq!(shape, (ImageFormat::Png, 480, 288));
    assert!(png.color().has_alpha());
    let (shape, webp) = decode(dir.path(), &format!("{stem}-960.webp"));
    assert_eq!(shape, (ImageFormat::WebP, 960, 576));
    assert_eq!(webp.to_rgba8().get_pixel(900, 10)[3], 40);
    assert_eq!(files(dir.path()).len(), 5);
}

#[test]
fn webp_variants_are_webp_once() {
    let dir = tempfile::tempdir().unwrap();
    let stored = store_picture(
        &encoded(photo(800, 400), ImageFormat::WebP),
        "sunset.webp",
        dir.path(),
    );
    assert_eq!(stored.mime, "image/webp");
    assert!(stored.path.ends_with("-sunset.webp"));
    assert_eq!(stored.variant_widths, vec![480]);
    assert_eq!(stored.webp_widths, vec![480]);
    assert_eq!(files(dir.path()).len(), 2);
    let stem = stored.path.trim_end_matches(".webp");
    let (shape, _) = decode(dir.path(), &format!("{stem}-480.webp"));
    assert_eq!(shape, (ImageFormat::WebP, 480, 240));
}

#[test]
fn gif_keeps_a_gif_original_and_gets_webp_variants_only() {
    let dir = tempfile::tempdir().unwrap();
    let stored = store_picture(
        &encoded(photo(1000, 300), ImageFormat::Gif),
        "chart.gif",
        dir.path(),
    );
    assert_eq!(stored.mime, "image/gif");
    assert_eq!((stored.width, stored.height), (1000, 300));
    assert!(stored.variant_widths.is_empty());
    assert_eq!(stored.webp_widths, vec![480, 960]);
    let (shape, _) = decode(dir.path(), &stored.path);
    assert_eq!(shape, (ImageFormat::Gif, 1000, 300));
    let stem = stored.path.trim_end_matches(".gif");
    let (shape, _) = decode(dir.path(), &format!("{stem}-480.webp"));
    assert_eq!(shape, (ImageFormat::WebP, 480, 144));
    assert_eq!(files(dir.path()).len(), 3);
}

#[test]
fn a_picture_narrower_than_every_width_gets_no_variants() {
    let dir = tempfile::tempdir().unwrap();
    let stored = store_picture(&jpeg(300, 200), "small.jpg", dir.path());
    assert!(stored.variant_widths.is_empty());
    assert_eq!(files(dir.path()), vec![stored.path]);
}

/// A JPEG whose EXIF says "rotate 90° clockwise to display", with a GPS-like comment too.
fn sideways_jpeg_with_exif() -> Vec<u8> {
    // Stored 300×200: left half red, right half blue.
    let img = RgbImage::from_fn(300, 200, |x, _| {
        if x < 150 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let plain = gazette_media::encode_jpeg(&img).unwrap();
    // APP1 "Exif": big-endian TIFF, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&app1);
    let comment = b"GPS 40.4093N 49.8671E";
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&u16::try_from(comment.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(comment);
    out.extend_from_slice(&plain[2..]);
    out
}

#[test]
fn exif_orientation_is_applied_and_all_metadata_is_stripped() {
    let bytes = sideways_jpeg_with_exif();
    // The test file really carries the orientation the pipeline must honour.
    let mut decoder = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );

    let dir = tempfile::tempdir().unwrap();
    let stored = accept(
        &bytes,
        "phone.jpg",
        &UploadLimits::default(),
        dir.path(),
        &[100],
    )
    .unwrap();
    assert_eq!((stored.width, stored.height), (200, 300), "upright");
    let stem = stored.path.trim_end_matches(".jpg");
    for rel in [stored.path.clone(), format!("{stem}-100.jpg")] {
        let out = std::fs::read(dir.path().join(&rel)).unwrap();
        let img = image::load_from_memory(&out).unwrap().to_rgb8();
        // Turned clockwise: the left (red) half is now on top.
        let (top, bottom) = (
            img.get_pixel(img.width() / 2, 5),
            img.get_pixel(img.width() / 2, img.height() - 5),
        );
        assert!(top[0] > 150 && top[2] < 100, "{rel}: top is {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{rel}: bottom is {bottom:?}"
        );
        let mut decoder = ImageReader::new(Cursor::new(&out))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        assert_eq!(decoder.exif_metadata().unwrap(), None, "{rel}");
        let has = |needle: &[u8]| out.windows(needle.len()).any(|w| w == needle);
        assert!(
            !has(b"Exif") && !has(b"GPS"),
            "{rel} still carries metadata"
        );
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
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

/// A valid PNG signature and IHDR claiming `width`×`height`, then a tiny IDAT and IEND.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

#[test]
fn decompression_bombs_are_refused_from_the_header_without_decoding() {
    let gif = |w: u16, h: u16| {
        let mut g = b"GIF89a".to_vec();
        g.extend_from_slice(&w.to_le_bytes());
        g.extend_from_slice(&h.to_le_bytes());
        g.extend_from_slice(&[0, 0, 0]);
        g.extend_from_slice(&[0x2C, 0, 0, 0, 0]);
        g.extend_from_slice(&w.to_le_bytes());
        g.extend_from_slice(&h.to_le_bytes());
        g.extend_from_slice(&[0, 2, 2, 0x44, 0x01, 0, 0x3B]);
        g
    };
    let cases = [
        (
            png_claiming(50_000, 50_000),
            "50000×50000",
            "12000 pixels allowed on a side",
        ),
        (
            png_claiming(10_000, 10_000),
            "100000000 pixels",
            "more than the 40000000",
        ),
        (
            gif(50_000, 50_000),
            "50000×50000",
            "12000 pixels allowed on a side",
        ),
    ];
    for (bytes, size, limit) in cases {
        let started = Instant::now();
        let (_, message, written) = refused(&bytes, "bomb.png");
        assert!(started.elapsed() < Duration::from_millis(500), "{message}");
        assert!(
            message.contains(size) && message.contains(limit),
            "{message}"
        );
        assert!(message.contains("scale it down"), "{message}");
        assert!(written.is_empty(), "{written:?}");
    }
}

#[test]
fn files_that_are_not_pictures_are_refused_by_content_whatever_their_name() {
    let cases: [(&[u8], &str, &str); 8] = [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "scan.jpg", "PDF document"),
        (b"<?php echo shell_exec($_GET['c']); ?>", "shell.php.jpg", "PHP script"),
        (
            b"GIF89a\x01\0\x01\0\0\0\0<?php system($_GET['c']); ?>",
            "evil.gif",
            "GIF file is damaged",
        ),
        (
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "icon.png",
            "SVG drawing",
        ),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "page.webp", "HTML page"),
        (b"just some notes\n", "notes.jpg", "text file"),
        (b"PK\x03\x04\x14\0\0\0\x08\0", "photos.jpg", "ZIP archive"),
        (b"BM\x3e\0\0\0\0\0\0\0\x36\0\0\0\x28\0", "old.bmp", "BMP picture, which is not accepted"),
    ];
    for (bytes, name, what) in cases {
        let (_, message, written) = refused(bytes, name);
        assert!(message.contains(what), "{name}: {message}");
        assert!(written.is_empty(), "{name}: {written:?}");
    }
    let (_, message, _) = refused(b"%PDF-1.4", "x.pdf");
    assert_eq!(
        message,
        "this file is a PDF document, not a picture: upload a JPEG, PNG, WebP or GIF"
    );
}

#[test]
fn damaged_files_are_refused_with_a_message_not_a_panic() {
    let full = jpeg(800, 600);
    let png = encoded(photo(400, 300), ImageFormat::Png);
    // The JPEG decoder alone would accept a cut-off file, greying out the missing rows.
    assert!(image::load_from_memory(&full[..full.len() * 6 / 10]).is_ok());
    let cases: [(&[u8], &str); 5] = [
        (&full[..full.len() * 6 / 10], "JPEG file is damaged"),
        (&full[..200], "JPEG file is damaged"),
        (&png[..png.len() / 2], "PNG file is damaged"),
        (&png[..40], "PNG file is damaged"),
        (b"\xFF\xD8\xFF", "JPEG file is damaged"),
    ];
    for (bytes, what) in cases {
        let (err, message, written) = refused(bytes, "cut.jpg");
        assert!(matches!(err, UploadError::Damaged { .. }), "{message}");
        assert!(message.contains(what), "{message}");
        assert!(written.is_empty(), "{written:?}");
    }
    let (err, _, _) = refused(&[], "empty.jpg");
    assert!(matches!(err, UploadError::Empty));
}

#[test]
fn files_over_the_byte_limit_are_refused_before_anything_else() {
    let bytes = jpeg(400, 300);
    let limits = UploadLimits {
        max_bytes: bytes.len() - 1,
        ..UploadLimits::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let message = accept(&bytes, "big.jpg", &limits, dir.path(), WIDTHS)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(&format!(
            "{} bytes, more than the {} bytes allowed",
            bytes.len(),
            bytes.len() - 1
        )),
        "{message}"
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn hostile_names_cannot_leave_the_media_directory() {
    let base = tempfile::tempdir().unwrap();
    let media = base.path().join("media");
    std::fs::create_dir(&media).unwrap();
    let bytes = jpeg(200, 100);
    let names = [
        "../../etc/passwd",
        "..\\..\\windows\\x.jpg",
        "/etc/cron.d/job.jpg",
        "a\0b.jpg",
        "..",
        "",
        "\u{202e}gpj.exe",
        "صورة الميناء.jpg",
        "C:\\Users\\me\\Desktop\\photo.jpg",
    ];
    let long = "x".repeat(300) + ".jpg";
    for name in names.iter().copied().chain([long.as_str()]) {
        let stored = accept(&bytes, name, &UploadLimits::default(), &media, &[]).unwrap();
        let file = stored.path.rsplit('/').next().unwrap();
        assert!(
            stored.path.starts_with("uploads/"),
            "{name:?}: {}",
            stored.path
        );
        assert!(
            file.len() <= 90
                && file.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'.'),
            "{name:?}: {file}"
        );
        assert!(!stored.path.contains(".."), "{name:?}: {}", stored.path);
        assert!(media.join(&stored.path).is_file(), "{name:?}");
    }
    let passwd = accept(
        &bytes,
        "../../etc/passwd",
        &UploadLimits::default(),
        &media,
        &[],
    )
    .unwrap();
    assert!(passwd.path.ends_with("-passwd.jpg"), "{}", passwd.path);
    // Nothing beside the media directory, and no temporary files left inside it.
    assert_eq!(
        files(base.path())
            .iter()
            .filter(|f| !f.starts_with("media/"))
            .count(),
        0
    );
    assert!(files(&media).iter().all(|f| !f.contains(".upload-")));
}

#[cfg(unix)]
#[test]
fn an_uploads_folder_symlinked_elsewhere_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let media = base.path().join("media");
    let elsewhere = base.path().join("elsewhere");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, media.join("uploads")).unwrap();
    let err = accept(
        &jpeg(200, 100),
        "a.jpg",
        &UploadLimits::default(),
        &media,
        &[],
    )
    .unwrap_err();
    assert!(matches!(err, UploadError::OutsideMediaDir(_)), "{err}");
    assert!(err.to_string().contains("not inside the media directory"));
    // Not even an empty month folder was made through the link.
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_gif_frame_larger_than_its_screen_is_not_decoded_into_memory() {
    // A 1×1 screen holding a 40000×40000 frame: the header looks harmless, the frame is not.
    let mut g = b"GIF89a\x01\0\x01\0\x80\0\0".to_vec();
    g.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
    g.extend_from_slice(&[0x2C, 0, 0, 0, 0]);
    g.extend_from_slice(&40_000u16.to_le_bytes());
    g.extend_from_slice(&40_000u16.to_le_bytes());
    g.extend_from_slice(&[0, 2, 2, 0x44, 0x01, 0, 0x3B]);
    let started = Instant::now();
    let (err, message, written) = refused(&g, "frame.gif");
    assert!(started.elapsed() < Duration::from_secs(1), "{message}");
    assert!(written.is_empty(), "{written:?}");
    assert!(
        matches!(err, UploadError::OverDecodeLimit { .. }),
        "{message}"
    );
    assert_eq!(
        message,
        "the GIF file holds more than its header declares (it would need more memory than allowed), \
         as a decompression bomb does: export it again and re-upload"
    );
}
