//! Placeholder: the media library is being built here (upload, library, edit, delete).

use std::sync::Arc;

use axum::Router;

use crate::auth::CurrentUser;
use crate::state::AppState;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
}

/// Why an upload was refused, in words for the person who uploaded it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UploadRefused(pub String);

/// Accepts one uploaded picture for `user`: checks type and limits, writes the variants,
/// records it in the library (the same bytes uploaded twice give the existing entry) and
/// returns its media id. Other areas (the article editor) call this; the media library
/// owns it.
pub(crate) async fn save_upload(
    _app: &AppState,
    _user: &CurrentUser,
    _file_name: &str,
    _bytes: axum::body::Bytes,
    _alt: &str,
) -> Result<i64, UploadRefused> {
    Err(UploadRefused(
        "Uploads are not available yet on this server.".into(),
    ))
}
