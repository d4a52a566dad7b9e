//! Pictures: encoding and the responsive variants the theme declares. The only crate that
//! links the `image` codecs, so their compile cost and their per-package optimisation
//! stay in one place.

mod generate;
mod import;
mod jpeg;
pub mod store;
pub mod upload;

pub use generate::demo_picture;
pub use import::{Imported, MAX_PIXELS, import_files, import_picture};
pub use jpeg::JpegError;
pub use store::{MediaFile, MediaStore, MediaStoreError, ObjectInfo, Opened, S3Settings};
pub use upload::{
    Prepared, StoredPicture, UploadError, UploadLimits, accept, prepare_at, remove_stored,
    sha256_hex, stored_keys,
};

use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{ImageFormat, RgbImage};

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("cannot encode the picture: {0}")]
    Encode(#[from] image::ImageError),
    #[error(transparent)]
    Jpeg(#[from] JpegError),
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, #[source] std::io::Error),
}

/// `img` as a JPEG at [`jpeg::PHOTO_QUALITY`], for pictures we make ourselves.
pub fn encode_jpeg(img: &RgbImage) -> Result<Vec<u8>, MediaError> {
    Ok(jpeg::encode(img, jpeg::PHOTO_QUALITY)?)
}

/// Writes `original` at `path` and one JPEG per width narrower than it at
/// `{stem}-{width}.jpg`; returns the widths written, ascending.
pub fn write_with_variants(
    original: &RgbImage,
    path: &Path,
    widths: &[u32],
) -> Result<Vec<u32>, MediaError> {
    let key = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("image.jpg");
    let (files, written) = jpeg_with_variants(original, key, widths)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    for f in files {
        write(&dir.join(&f.key), &f.bytes)?;
    }
    Ok(written)
}

/// `original` as a JPEG under `key` and one JPEG per width up to it at
/// `{stem}-{width}.jpg`, variants first; also the widths, ascending.
pub fn jpeg_with_variants(
    original: &RgbImage,
    key: &str,
    widths: &[u32],
) -> Result<(Vec<MediaFile>, Vec<u32>), MediaError> {
    let mut files = Vec::new();
    let mut written = Vec::new();
    let mut sorted = widths.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    for width in sorted
        .into_iter()
        .filter(|w| *w > 0 && *w <= original.width())
    {
        let height =
            (u64::from(original.height()) * u64::from(width) / u64::from(original.width())).max(1);
        let height = u32::try_from(height).unwrap_or(u32::MAX);
        let resized = if width == original.width() {
            original.clone()
        } else {
            image::imageops::resize(original, width, height, FilterType::Triangle)
        };
        files.push(MediaFile {
            key: variant_key(key, width),
            bytes: jpeg::encode(&resized, jpeg::VARIANT_QUALITY)?,
        });
        written.push(width);
    }
    files.push(MediaFile {
        key: key.to_owned(),
        bytes: encode_jpeg(original)?,
    });
    Ok((files, written))
}

/// `{stem}-{width}.{ext}` of the key `{stem}.{ext}`.
fn variant_key(key: &str, width: u32) -> String {
    match key.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}-{width}.{ext}"),
        _ => format!("{key}-{width}"),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), MediaError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| MediaError::Write(dir.to_path_buf(), e))?;
    }
    std::fs::write(path, bytes).map_err(|e| MediaError::Write(path.to_path_buf(), e))
}

/// The format a file's bytes are in, judged by content, not by name.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    image::guess_format(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_written_only_up_to_the_original_width() {
        let dir = std::env::temp_dir().join(format!("gazette-media-{}", std::process::id()));
        let img = demo_picture(3, 1000, 500);
        let widths = write_with_variants(&img, &dir.join("a.jpg"), &[1440, 480, 960, 480]).unwrap();
        assert_eq!(widths, vec![480, 960]);
        let small = std::fs::read(dir.join("a-480.jpg")).unwrap();
        assert_eq!(sniff(&small), Some(ImageFormat::Jpeg));
        let decoded = image::load_from_memory(&small).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (480, 240));
        assert!(!dir.join("a-1440.jpg").exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
