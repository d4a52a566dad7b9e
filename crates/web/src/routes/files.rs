//! Theme assets (`/assets/{hash}/{name}`) and media files (`/media/…`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// An asset at its current hash is immutable; an old hash (a page cached before a theme
/// change) still gets the current file, but only briefly cached.
pub async fn asset(
    State(app): State<Arc<AppState>>,
    Path((hash, name)): Path<(String, String)>,
) -> Response {
    let Some(asset) = app.theme.assets.get(&name) else {
        return (StatusCode::NOT_FOUND, "No such theme asset.").into_response();
    };
    let cache = if asset.hash == hash {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.bytes.clone(),
    )
        .into_response()
}
