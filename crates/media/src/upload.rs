//! Accepting an uploaded picture: the file is judged by its content (never its name or a
//! client-sent type), its size and pixel count are checked before anything is decoded, it is
//! turned upright by its EXIF orientation and re-encoded so no metadata (GPS, camera serial)
//! reaches readers, and variants are written at exactly the widths the theme declares, under a
//! path the server chooses inside the media directory.
//!
//! Format choices, measured on 2026-11-25 (a 4256×2832 camera photo and a 1600×1000 chart):
//! - JPEG gets JPEG variants only. `image`'s WebP encoder is lossless, and lossless WebP of a
//!   photo is 8–10× larger than JPEG q82 (480 px: 141 KB vs 17 KB; 1440 px: 937 KB vs 94 KB),
//!   so offering it would make pages heavier.
//! - PNG and WebP get WebP variants (lossless WebP was 31–41 % smaller than PNG for the chart:
//!   480 px 46 KB vs 69 KB, 1440 px 55 KB vs 93 KB), and PNG also gets PNG variants for
//!   browsers without WebP.
//! - GIF keeps its first frame only (animation is out of scope for now), re-encoded as GIF so
//!   comment and XMP extensions are dropped. Its variants are WebP only: resized frames need
//!   more than GIF's 256 colours, so GIF variants would band, and a `.gif` name must not hold
//!   PNG bytes. Browsers without WebP fall back to the original GIF.

use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use image::codecs::gif::GifEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::error::{ImageError, LimitErrorKind};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::store::{MediaFile, MediaStoreError};

/// What an upload may weigh and measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Largest picture accepted, in pixels (width × height).
    pub max_pixels: u64,
    /// Longest side accepted, in pixels.
    pub max_side: u32,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_side: 12_000,
        }
    }
}

/// A picture written below the media directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPicture {
    /// Path of the original below the media directory, `/`-separated,
    /// e.g. `uploads/2026/11/3fa4…-harbour-at-dawn.jpg`.
    pub path: String,
    pub mime: &'static str,
    /// Size of the picture as shown, after EXIF orientation was applied.
    pub width: u32,
    pub height: u32,
    /// Widths of variants in the original's format, at `{stem}-{width}.{ext}`, ascending.
    pub variant_widths: Vec<u32>,
    /// Widths of WebP variants, at `{stem}-{width}.webp`, ascending.
    pub webp_widths: Vec<u32>,
    /// Size of the stored original in bytes.
    pub bytes: u64,
    /// SHA-256 of the uploaded bytes, hex: the same file always gets the same hash.
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is empty: choose a JPEG, PNG, WebP or GIF picture")]
    Empty,
    #[error(
        "the file is {size} bytes, more than the {max} bytes allowed: make it smaller (export at a lower quality or size) and upload again"
    )]
    TooManyBytes { size: usize, max: usize },
    #[error("this file is {what}, not a picture: upload a JPEG, PNG, WebP or GIF")]
    NotAPicture { what: &'static str },
    #[error(
        "this file is a {format} picture, which is not accepted: convert it to JPEG, PNG, WebP or GIF"
    )]
    UnsupportedFormat { format: &'static str },
    #[error(
        "the picture is {width}×{height} pixels, more than the {max} pixels allowed on a side: scale it down and upload again"
    )]
    TooWide { width: u32, height: u32, max: u32 },
    #[error(
        "the picture is {width}×{height} pixels ({pixels} pixels), more than the {max} allowed: scale it down and upload again"
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        pixels: u64,
        max: u64,
    },
    #[error("the picture has no pixels ({width}×{height})")]
    NoPixels { width: u32, height: u32 },
    #[error("the {format} file is damaged or incomplete ({reason}): export it again and re-upload")]
    Damaged {
        format: &'static str,
        reason: String,
    },
    #[error(
        "the {format} file holds more than its header declares ({reason}), as a decompression bomb does: export it again and re-upload"
    )]
    OverDecodeLimit {
        format: &'static str,
        reason: &'static str,
    },
    #[error("cannot encode the picture: {0}")]
    Encode(#[source] ImageError),
    #[error(transparent)]
    EncodeJpeg(crate::JpegError),
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, #[source] std::io::Error),
    #[error("refusing to write {0}: it is not inside the media directory")]
    OutsideMediaDir(PathBuf),
    #[error(transparent)]
    Store(MediaStoreError),
}

impl From<MediaStoreError> for UploadError {
    fn from(e: MediaStoreError) -> Self {
        match e {
            MediaStoreError::Io { path, source } => UploadError::Write(path, source),
            MediaStoreError::OutsideMediaDir(p) => UploadError::OutsideMediaDir(p),
            MediaStoreError::BadKey(k) => UploadError::OutsideMediaDir(PathBuf::from(k)),
            other => UploadError::Store(other),
        }
    }
}

/// Checks, decodes and stores `bytes` as a picture below `media_dir`, with variants at each
/// of `widths` narrower than the picture. The same bytes under the same name in the same month
/// land on the same path (the files are rewritten with the same content); the returned
/// `sha256` lets the caller find a copy uploaded under another name or month.
pub fn accept(
    bytes: &[u8],
    original_name: &str,
    limits: &UploadLimits,
    media_dir: &Path,
    widths: &[u32],
) -> Result<StoredPicture, UploadError> {
    accept_at(
        bytes,
        original_name,
        limits,
        media_dir,
        widths,
        OffsetDateTime::now_utc(),
    )
}

/// [`accept`] with the upload time given, which picks the `uploads/YYYY/MM` folder.
pub fn accept_at(
    bytes: &[u8],
    original_name: &str,
    limits: &UploadLimits,
    media_dir: &Path,
    widths: &[u32],
    now: OffsetDateTime,
) -> Result<StoredPicture, UploadError> {
    let prepared = prepare_at(bytes, original_name, limits, widths, now)?;
    for f in &prepared.files {
        crate::store::write_local(media_dir, &f.key, &f.bytes).map_err(UploadError::from)?;
    }
    Ok(prepared.picture)
}

/// A checked picture and the files to store for it, variants first and the original last
/// (so a stored original means a complete set). Nothing is written yet: the caller puts
/// `files` into its [`crate::MediaStore`].
#[derive(Debug, Clone)]
pub struct Prepared {
    pub picture: StoredPicture,
    pub files: Vec<MediaFile>,
}

/// Checks, decodes and encodes `bytes` as [`accept`] does, leaving the writing to the
/// caller. `now` picks the `uploads/YYYY/MM` folder.
pub fn prepare_at(
    bytes: &[u8],
    original_name: &str,
    limits: &UploadLimits,
    widths: &[u32],
    now: OffsetDateTime,
) -> Result<Prepared, UploadError> {
    // Cheapest checks first: nothing below runs on an oversized or unknown file.
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(UploadError::TooManyBytes {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let format = picture_format(bytes)?;
    let label = format_label(format);
    let damaged = |e: ImageError| damaged(label, e);

    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(damaged)?;
    check_size(width, height, limits)?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(UploadError::Damaged {
            format: label,
            reason: "the file ends before the picture does".into(),
        });
    }

    // Second fence: the decoder itself refuses to go past the checked size.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(width);
    decoder_limits.max_image_height = Some(height);
    // 8 bytes a pixel covers 16-bit RGBA; the slack covers the decoders' own buffers.
    decoder_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8) + (64 << 20));
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder.orientation().map_err(damaged)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());

    let sha256 = hex(&Sha256::digest(bytes));
    let ext = extension(format);
    let rel_dir = format!("uploads/{:04}/{:02}", now.year(), u8::from(now.month()));
    let stem = format!("{}-{}", &sha256[..16], safe_slug(original_name));
    let mut files = Vec::new();

    let mut sorted: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|w| *w > 0 && *w < width)
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    let same_format_variants = format != ImageFormat::Gif;
    let webp_variants = format != ImageFormat::Jpeg;
    let mut variant_widths = Vec::new();
    let mut webp_widths = Vec::new();
    // Variants first and the original last, so an original on disk means a complete set.
    for w in sorted {
        let h = u32::try_from((u64::from(height) * u64::from(w) / u64::from(width)).max(1))
            .unwrap_or(1);
        let resized = picture.resize_exact(w, h, FilterType::CatmullRom);
        if same_format_variants {
            let encoded = encode(&resized, format, crate::jpeg::VARIANT_QUALITY)?;
            files.push(MediaFile {
                key: format!("{rel_dir}/{stem}-{w}.{ext}"),
                bytes: encoded,
            });
            variant_widths.push(w);
        }
        if webp_variants {
            if format != ImageFormat::WebP {
                let encoded = encode(&resized, ImageFormat::WebP, crate::jpeg::VARIANT_QUALITY)?;
                files.push(MediaFile {
                    key: format!("{rel_dir}/{stem}-{w}.webp"),
                    bytes: encoded,
                });
            }
            webp_widths.push(w);
        }
    }
    let original = encode(&picture, format, crate::jpeg::ORIGINAL_QUALITY)?;
    let size = original.len() as u64;
    files.push(MediaFile {
        key: format!("{rel_dir}/{stem}.{ext}"),
        bytes: original,
    });
    let picture = StoredPicture {
        path: format!("{rel_dir}/{stem}.{ext}"),
        mime: mime(format),
        width,
        height,
        variant_widths,
        webp_widths,
        bytes: size,
        sha256,
    };
    Ok(Prepared { picture, files })
}

/// SHA-256 of `bytes` as [`StoredPicture::sha256`] gives it, so a caller can find a copy
/// already in the library before anything is decoded or written.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Removes a stored picture's files: the original at `path` (below `media_dir`) and its
/// variants at `{stem}-{width}.{ext}` and `{stem}-{width}.webp`. Files already gone are
/// fine; a path that is not a plain relative path is refused, so a damaged row cannot make
/// it delete anything outside the media directory.
pub fn remove_stored(
    media_dir: &Path,
    path: &str,
    variant_widths: &[u32],
    webp_widths: &[u32],
) -> Result<(), UploadError> {
    for name in stored_keys(path, variant_widths, webp_widths)? {
        let file = media_dir.join(&name);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(UploadError::Write(file, e)),
        }
    }
    Ok(())
}

/// The keys of a stored picture's files: the original at `path` and its variants at
/// `{stem}-{width}.{ext}` and `{stem}-{width}.webp`. A path that is not a plain relative
/// path is refused, so a damaged row cannot name anything outside the media store.
pub fn stored_keys(
    path: &str,
    variant_widths: &[u32],
    webp_widths: &[u32],
) -> Result<Vec<String>, UploadError> {
    let rel = Path::new(path);
    if crate::store::check_key(path).is_err()
        || !rel.components().all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(UploadError::OutsideMediaDir(rel.to_path_buf()));
    }
    let (stem, ext) = match path.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => (stem, ext),
        _ => (path, ""),
    };
    let mut names = vec![path.to_owned()];
    names.extend(variant_widths.iter().map(|w| format!("{stem}-{w}.{ext}")));
    names.extend(webp_widths.iter().map(|w| format!("{stem}-{w}.webp")));
    Ok(names)
}

/// The accepted format of `bytes`, judged by their first bytes only.
fn picture_format(bytes: &[u8]) -> Result<ImageFormat, UploadError> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            Ok(f)
        }
        Ok(other) => Err(UploadError::UnsupportedFormat {
            format: other
                .extensions_str()
                .first()
                .copied()
                .map_or("other", |e| match e {
                    "tif" | "tiff" => "TIFF",
                    "bmp" => "BMP",
                    "ico" => "ICO",
                    "avif" => "AVIF",
                    "hdr" => "Radiance HDR",
                    "exr" => "OpenEXR",
                    "dds" => "DDS",
                    "tga" => "TGA",
                    "qoi" => "QOI",
                    "ff" | "farbfeld" => "Farbfeld",
                    "pbm" | "pgm" | "ppm" | "pam" | "pnm" => "PNM",
                    _ => "other",
                }),
        }),
        Err(_) => Err(UploadError::NotAPicture {
            what: describe(bytes),
        }),
    }
}

/// A plain-words name for a file that is not a picture, so the refusal says what it is.
fn describe(bytes: &[u8]) -> &'static str {
    let magic: &[(&[u8], &'static str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an office document)"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"\x7fELF", "a program"),
        (b"MZ", "a Windows program"),
        (b"ID3", "an MP3 audio file"),
        (b"OggS", "an Ogg audio or video file"),
        (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
        (b"8BPS", "a Photoshop document"),
    ];
    if let Some((_, what)) = magic.iter().find(|(m, _)| bytes.starts_with(m)) {
        return what;
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return "an MP4/QuickTime video or HEIC photo";
    }
    if bytes.starts_with(b"RIFF") {
        return "a RIFF file (audio or video)";
    }
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if text.starts_with("<?php") || text.contains("<?php") {
        return "a PHP script";
    }
    if text.contains("<svg") {
        return "an SVG drawing (SVG can carry scripts, so it is not accepted)";
    }
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<script") {
        return "an HTML page";
    }
    if text.starts_with("<?xml") {
        return "an XML document";
    }
    if std::str::from_utf8(head).is_ok() && !head.contains(&0) {
        return "a text file";
    }
    "of an unknown kind"
}

fn check_size(width: u32, height: u32, limits: &UploadLimits) -> Result<(), UploadError> {
    if width == 0 || height == 0 {
        return Err(UploadError::NoPixels { width, height });
    }
    if width > limits.max_side || height > limits.max_side {
        return Err(UploadError::TooWide {
            width,
            height,
            max: limits.max_side,
        });
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(UploadError::TooManyPixels {
            width,
            height,
            pixels,
            max: limits.max_pixels,
        });
    }
    Ok(())
}

/// Whether a JPEG's last scan is followed by its end marker. The decoder fills a cut-off
/// JPEG with grey rather than failing, and a half-grey photo must not be published.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    // Inside entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so
    // SOS (FFDA) and EOI (FFD9) pairs are real markers. An EXIF thumbnail's own markers come
    // before the main picture's last scan.
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    last_scan.is_some_and(|s| bytes[s..].windows(2).any(|w| w == [0xFF, 0xD9]))
}

fn damaged(format: &'static str, e: ImageError) -> UploadError {
    match &e {
        // The decoder's own fence tripped: the file holds more than its header declared.
        ImageError::Limits(l) => UploadError::OverDecodeLimit {
            format,
            reason: match l.kind() {
                LimitErrorKind::DimensionError => "a frame is larger than allowed",
                LimitErrorKind::InsufficientMemory => "it would need more memory than allowed",
                _ => "it asks for something the decoder does not allow",
            },
        },
        _ => UploadError::Damaged {
            format,
            reason: e.to_string(),
        },
    }
}

fn format_label(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        _ => "picture",
    }
}

fn extension(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "jpg",
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        _ => "gif",
    }
}

fn mime(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        _ => "image/gif",
    }
}

/// Re-encodes `picture`: only pixels go out, so EXIF, XMP, ICC and comments are left behind.
fn encode(
    picture: &DynamicImage,
    format: ImageFormat,
    jpeg_quality: u8,
) -> Result<Vec<u8>, UploadError> {
    let mut out = Vec::new();
    let result = match format {
        ImageFormat::Jpeg => {
            return crate::jpeg::encode(&picture.to_rgb8(), jpeg_quality)
                .map_err(UploadError::EncodeJpeg);
        }
        ImageFormat::Png => picture.write_with_encoder(PngEncoder::new(&mut out)),
        // The WebP encoder takes 8-bit RGB(A) only.
        ImageFormat::WebP => {
            if picture.color().has_alpha() {
                picture
                    .to_rgba8()
                    .write_with_encoder(WebPEncoder::new_lossless(&mut out))
            } else {
                picture
                    .to_rgb8()
                    .write_with_encoder(WebPEncoder::new_lossless(&mut out))
            }
        }
        // The encoder writes the GIF trailer when dropped, so it lives in its own block.
        _ => {
            let mut encoder = GifEncoder::new(&mut out);
            encoder.encode_frame(image::Frame::new(picture.to_rgba8()))
        }
    };
    result.map_err(UploadError::Encode)?;
    Ok(out)
}

/// A file-name-safe slug from what the uploader called the file: path parts and the
/// extension are dropped, and `gazette_core::slug` leaves only `[a-z0-9-]`.
pub fn safe_slug(original_name: &str) -> String {
    let base = original_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    };
    let slug = gazette_core::slug::slugify(stem);
    // Short enough that hash + slug + width + extension fit any file system's name limit.
    let slug = match slug.get(..60) {
        Some(cut) => cut.trim_end_matches('-').to_string(),
        None => slug,
    };
    if slug.is_empty() {
        "picture".to_string()
    } else {
        slug
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_give_plain_slugs() {
        assert_eq!(safe_slug("../../etc/passwd"), "passwd");
        assert_eq!(safe_slug("..\\..\\x.jpg"), "x");
        assert_eq!(safe_slug("Harbour at Dawn.JPG"), "harbour-at-dawn");
        assert_eq!(safe_slug("a\0b.png"), "a-b");
        assert_eq!(safe_slug(".."), "picture");
        assert_eq!(safe_slug(""), "picture");
        assert_eq!(safe_slug("\u{202e}gpj.exe"), "gpj");
        assert_eq!(safe_slug("صورة.jpg"), "picture");
        let long = safe_slug(&"a".repeat(300));
        assert!(long.len() <= 60 && !long.is_empty());
        for s in [safe_slug("x y/../z"), safe_slug("İstanbul köprüsü.webp")] {
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
    }

    #[test]
    fn non_pictures_are_named() {
        assert_eq!(describe(b"%PDF-1.7\n"), "a PDF document");
        assert_eq!(describe(b"<?php system($_GET['c']); ?>"), "a PHP script");
        assert!(describe(b"<?xml version='1.0'?><svg xmlns=''/>").starts_with("an SVG"));
        assert_eq!(describe(b"  <!DOCTYPE html><html>"), "an HTML page");
        assert_eq!(describe(b"hello"), "a text file");
        assert_eq!(
            describe(b"PK\x03\x04rest"),
            "a ZIP archive (or an office document)"
        );
        assert_eq!(describe(&[0, 1, 2, 0xfe]), "of an unknown kind");
    }

    #[test]
    fn jpeg_completeness_looks_after_the_last_scan() {
        assert!(jpeg_is_complete(&[
            0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0xD9
        ]));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 3]));
        // A thumbnail's end marker before the main scan does not count.
        assert!(!jpeg_is_complete(&[
            0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 1, 2
        ]));
    }
}
