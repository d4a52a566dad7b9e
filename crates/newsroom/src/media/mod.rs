//! `/admin/media`: the media library. Upload pictures (one or several at once), browse and
//! search them, edit their alt text, caption and credit, see where each is used, and delete
//! what nothing uses. [`save_upload`] is the one way a picture enters the library; the
//! article editor calls it too. This module holds the routes and what the screens share;
//! `save` the upload pipeline, `library` the grid and the upload form's handler, `edit` one
//! picture's page.

mod edit;
mod library;
mod save;

use gazette_core::model::Media;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::MediaEntry;
use serde::Serialize;

use crate::table::Routes;
use gazette_web::AppState;
use gazette_web::auth::CurrentUser;
use gazette_web::view::media_url;

pub(crate) use edit::{MAX_CAPTION, MAX_CREDIT, check_text};
pub(crate) use save::save_upload;
pub use save::{Refusal, UploadRefused};

pub(crate) fn routes(r: Routes) -> Routes {
    edit::routes(library::routes(r))
}

pub(crate) const MAX_ALT: usize = gazette_core::limits::MEDIA_ALT_MAX;

/// A file name fit to show and store: its last path part, without control characters,
/// at most 80 characters.
fn display_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        return "unnamed file".to_owned();
    }
    let max = gazette_core::limits::MEDIA_FILE_NAME_MAX;
    if clean.chars().count() > max {
        let cut: String = clean.chars().take(max - 1).collect();
        format!("{cut}…")
    } else {
        clean.to_owned()
    }
}

/// The alt text's length when it is over [`MAX_ALT`].
fn check_alt(alt: &str) -> Result<(), usize> {
    let len = alt.chars().count();
    if len > MAX_ALT {
        return Err(len);
    }
    Ok(())
}

/// [`check_alt`]'s refusal in English (uploads through the Admin API).
fn alt_too_long(len: usize) -> String {
    format!(
        "Alt text is {len} characters long; keep it under {MAX_ALT} (describe the picture in a sentence)."
    )
}

/// One picture as the library grid and the edit page show it.
#[derive(Serialize)]
struct Item {
    id: i64,
    url: String,
    thumb: String,
    thumb_width: u32,
    thumb_height: u32,
    original: String,
    name: String,
    size: String,
    width: u32,
    height: u32,
    mime: String,
    alt: String,
    caption: String,
    credit: String,
    uploader: String,
    uploaded: String,
    mine: bool,
    can_edit: bool,
}

fn human_size(bytes: u64) -> String {
    if bytes == 0 {
        return String::new();
    }
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The 480 px variant when there is one (WebP for GIFs), else the original.
fn thumbnail(m: &Media) -> (String, u32) {
    let width = 480;
    if m.variant_widths.contains(&width) {
        (media_url(m, width), width)
    } else if m.webp_widths.contains(&width) {
        (format!("/media/{}", m.webp_variant_path(width)), width)
    } else {
        (media_url(m, 0), m.width)
    }
}

fn ownership(user: &CurrentUser, entry: &MediaEntry) -> Ownership {
    if entry.uploaded_by == Some(user.user.id) {
        Ownership::Own
    } else {
        Ownership::Other
    }
}

fn item(user: &CurrentUser, e: &MediaEntry) -> Item {
    let m = &e.media;
    let (thumb, thumb_width) = thumbnail(m);
    let thumb_height = if m.width == 0 {
        0
    } else {
        u32::try_from(u64::from(m.height) * u64::from(thumb_width) / u64::from(m.width))
            .unwrap_or(0)
    };
    let name = if e.original_name.is_empty() {
        m.path.rsplit('/').next().unwrap_or(&m.path).to_owned()
    } else {
        e.original_name.clone()
    };
    let uploaded = time::OffsetDateTime::from_unix_timestamp(e.created_at)
        .map(|t| format!("{} {} {}", t.day(), t.month(), t.year()))
        .unwrap_or_default();
    Item {
        id: m.id,
        url: format!("/admin/media/{}", m.id),
        thumb,
        thumb_width,
        thumb_height,
        original: media_url(m, 0),
        name,
        size: human_size(e.file_size),
        width: m.width,
        height: m.height,
        mime: m.mime.clone(),
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
        uploader: e.uploader_name.clone().unwrap_or_default(),
        uploaded,
        mine: e.uploaded_by == Some(user.user.id),
        can_edit: user.can(Action::ManageMedia, ownership(user, e)),
    }
}

/// Removes a picture's stored files (original and variants). A failure only wastes space,
/// so it is logged as "could not remove {what}" and the request goes on.
async fn remove_files(
    app: &AppState,
    path: &str,
    variant_widths: &[u32],
    webp_widths: &[u32],
    what: &str,
) {
    let keys = match gazette_media::stored_keys(path, variant_widths, webp_widths) {
        Ok(keys) => keys,
        Err(e) => {
            tracing::warn!(error = %e, path = %path, "could not remove {what}");
            return;
        }
    };
    for key in keys {
        if let Err(e) = app.config.media.delete(&key).await {
            tracing::warn!(error = %e, path = %key, "could not remove {what}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_for_display() {
        assert_eq!(display_name("../../etc/passwd.jpg"), "passwd.jpg");
        assert_eq!(display_name("..\\x.png"), "x.png");
        assert_eq!(display_name("a\0b\u{7}.png"), "ab.png");
        assert_eq!(display_name(""), "unnamed file");
        assert_eq!(display_name(&"a".repeat(500)).chars().count(), 80);
        assert_eq!(display_name("\u{202e}gpj.exe"), "gpj.exe");
    }
}
