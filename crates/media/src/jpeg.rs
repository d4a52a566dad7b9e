//! JPEG encoding for every picture we write: `mozjpeg-rs`, a Rust port of Mozilla's mozjpeg
//! (trellis quantisation, Huffman tables fitted to each picture, 4:2:0 chroma). At the same
//! quality its files are 26 to 33 % smaller than the `image` crate's encoder (4:2:2, standard
//! tables) on our pictures, which matters most for the one at the top of an article on a
//! phone. Baseline, not progressive: progressive saved another 1 to 3 % and takes longer.
//! (`jpeg-encoder` with fitted tables was tried first: `image`'s decoder misreads its files.)

use image::RgbImage;
use mozjpeg_rs::{Encoder, Preset};

/// Quality of an uploaded original encoded again: close to what was uploaded.
pub(crate) const ORIGINAL_QUALITY: u8 = 90;

/// Quality of the pictures we make ourselves (demo, tests): clean at a third of q95's size.
pub(crate) const PHOTO_QUALITY: u8 = 82;

/// Quality of the variants a page shows: with trellis quantisation 78 stays clean to the eye
/// (mozjpeg's own default is 75), and the variants are what a phone downloads.
pub(crate) const VARIANT_QUALITY: u8 = 78;

/// The format's limit on each side.
const MAX_SIDE: u32 = u16::MAX as u32;

#[derive(Debug, thiserror::Error)]
pub enum JpegError {
    #[error("the picture is {width}×{height} pixels; a JPEG holds at most {MAX_SIDE} a side")]
    TooLarge { width: u32, height: u32 },
    #[error("cannot encode the picture as JPEG: {0}")]
    Encoder(#[from] mozjpeg_rs::Error),
}

/// `img` as a baseline JPEG of `quality` (1 to 100).
pub(crate) fn encode(img: &RgbImage, quality: u8) -> Result<Vec<u8>, JpegError> {
    let (width, height) = img.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(JpegError::TooLarge { width, height });
    }
    Ok(Encoder::new(Preset::BaselineBalanced)
        .quality(quality)
        .encode_rgb(img.as_raw(), width, height)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_picture_that_our_decoder_reads_back_with_its_size_and_colours() {
        let img = RgbImage::from_fn(97, 41, |x, _| image::Rgb([(x * 2) as u8, 120, 200]));
        let bytes = encode(&img, 82).expect("encode");
        let back = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)
            .expect("decode")
            .to_rgb8();
        assert_eq!(back.dimensions(), (97, 41));
        let [r, g, b] = back.get_pixel(50, 20).0;
        assert!(
            r.abs_diff(100) < 8 && g.abs_diff(120) < 8 && b.abs_diff(200) < 8,
            "{r} {g} {b}"
        );
    }

    #[test]
    fn smaller_than_the_image_crates_encoder_at_the_same_quality() {
        let img = crate::demo_picture(6, 960, 540);
        let ours = encode(&img, 82).expect("encode").len();
        let mut theirs = std::io::Cursor::new(Vec::new());
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut theirs,
            82,
        ))
        .expect("encode");
        let theirs = theirs.into_inner().len();
        assert!(
            ours * 10 < theirs * 8,
            "ours {ours} bytes, image's {theirs}"
        );
    }

    #[test]
    fn a_side_over_the_format_limit_is_refused_with_its_size() {
        let img = RgbImage::new(MAX_SIDE + 1, 1);
        let err = encode(&img, 82).expect_err("too wide");
        assert!(err.to_string().contains("65536×1"), "{err}");
    }
}
