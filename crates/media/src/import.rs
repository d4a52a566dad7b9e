//! Bringing in pictures from elsewhere (an import's uploads): the original file is kept
//! byte for byte, and narrower variants are written in the same format so a variant's
//! name (`photo-480.png`) never lies about its content. Dimensions are read from the
//! header first, so a hostile file cannot make us allocate a huge canvas.

use std::io::Cursor;
use std::path::Path;

use image::imageops::FilterType;
use image::{ImageFormat, ImageReader, Limits};

use crate::store::MediaFile;
use crate::{MediaError, variant_key, write};

/// Pictures with more pixels than this are kept as files but get no variants.
pub const MAX_PIXELS: u64 = 40_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// Widths of the variants written, ascending.
    pub variant_widths: Vec<u32>,
}

fn mime(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        ImageFormat::Gif => "image/gif",
        _ => "application/octet-stream",
    }
}

/// Writes `bytes` at `dest` and, when they are a JPEG, PNG or WebP picture of at most
/// [`MAX_PIXELS`], variants at each of `widths` narrower than the picture. Returns
/// `Ok(None)` for files that are not such pictures (they are still written).
pub fn import_picture(
    bytes: &[u8],
    dest: &Path,
    widths: &[u32],
) -> Result<Option<Imported>, MediaError> {
    let key = dest.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let (imported, files) = import_files(bytes, key, widths)?;
    let dir = dest.parent().unwrap_or(Path::new(""));
    for f in files {
        write(&dir.join(&f.key), &f.bytes)?;
    }
    Ok(imported)
}

/// What [`import_picture`] writes, as files to store under `key` and its variants' keys
/// (variants first, the original byte for byte last).
pub fn import_files(
    bytes: &[u8],
    key: &str,
    widths: &[u32],
) -> Result<(Option<Imported>, Vec<MediaFile>), MediaError> {
    let original = MediaFile {
        key: key.to_owned(),
        bytes: bytes.to_vec(),
    };
    let Some((imported, mut files)) = variants(bytes, key, widths)? else {
        return Ok((None, vec![original]));
    };
    files.push(original);
    Ok((Some(imported), files))
}

/// The picture's description and its variants, or `None` for a file that is not a JPEG,
/// PNG or WebP picture.
fn variants(
    bytes: &[u8],
    key: &str,
    widths: &[u32],
) -> Result<Option<(Imported, Vec<MediaFile>)>, MediaError> {
    let mut files = Vec::new();
    let Ok(reader) = ImageReader::new(Cursor::new(bytes)).with_guessed_format() else {
        return Ok(None);
    };
    let Some(format) = reader
        .format()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP))
    else {
        return Ok(None);
    };
    let Ok((width, height)) = reader.into_dimensions() else {
        return Ok(None);
    };
    let mut imported = Imported {
        mime: mime(format),
        width,
        height,
        variant_widths: Vec::new(),
    };
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width == 0 || height == 0 {
        return Ok(Some((imported, files)));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 1024);
    reader.limits(limits);
    let picture = reader.decode()?;
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    for w in sorted.into_iter().filter(|w| *w > 0 && *w < width) {
        let h = u32::try_from((u64::from(height) * u64::from(w) / u64::from(width)).max(1))
            .unwrap_or(1);
        let resized = picture.resize_exact(w, h, FilterType::Triangle);
        // JPEG variants at the quality every other variant has (see `jpeg`).
        let bytes = match format {
            ImageFormat::Jpeg => {
                crate::jpeg::encode(&resized.to_rgb8(), crate::jpeg::VARIANT_QUALITY)?
            }
            _ => {
                let mut out = Cursor::new(Vec::new());
                resized.write_to(&mut out, format)?;
                out.into_inner()
            }
        };
        files.push(MediaFile {
            key: variant_key(key, w),
            bytes,
        });
        imported.variant_widths.push(w);
    }
    Ok(Some((imported, files)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_keep_their_format_and_other_files_are_just_copied() {
        let dir = std::env::temp_dir().join(format!("gazette-media-import-{}", std::process::id()));
        let img = crate::demo_picture(1, 1000, 500);
        let mut png = Cursor::new(Vec::new());
        img.write_to(&mut png, ImageFormat::Png).unwrap();
        let got = import_picture(png.get_ref(), &dir.join("wp/a.png"), &[480, 960, 1440])
            .unwrap()
            .unwrap();
        assert_eq!((got.mime, got.width, got.height), ("image/png", 1000, 500));
        assert_eq!(got.variant_widths, vec![480, 960]);
        let small = std::fs::read(dir.join("wp/a-480.png")).unwrap();
        assert_eq!(crate::sniff(&small), Some(ImageFormat::Png));
        assert_eq!(
            std::fs::read(dir.join("wp/a.png")).unwrap(),
            png.into_inner()
        );
        assert_eq!(
            import_picture(b"%PDF-1.4", &dir.join("wp/b.pdf"), &[480]).unwrap(),
            None
        );
        assert!(dir.join("wp/b.pdf").exists());
        // A PNG header claiming a gigantic canvas is not decoded.
        let mut huge = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
        huge.extend_from_slice(b"IHDR");
        huge.extend_from_slice(&100_000u32.to_be_bytes());
        huge.extend_from_slice(&100_000u32.to_be_bytes());
        huge.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        let got = import_picture(&huge, &dir.join("wp/huge.png"), &[480]);
        assert!(got.is_ok_and(|g| g.is_none_or(|g| g.variant_widths.is_empty())));
        assert!(!dir.join("wp/huge-480.png").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
