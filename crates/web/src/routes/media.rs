//! `/media/…` when pictures live in object storage: each request is streamed from the bucket
//! through Gazette at the same URL the local directory answers, with the same caching (a
//! month for a file, `no-store` for a miss, since a picture may be uploaded a moment later on
//! another node), the bucket's ETag for revalidation and single byte ranges. The local
//! directory is served by `tower_http`'s `ServeDir` instead (see `crate::router`).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use gazette_media::Opened;

use crate::state::AppState;

/// What a found picture is cached for, as with the local directory.
const CACHED: &str = "public, max-age=2592000";

pub async fn stream(
    State(app): State<Arc<AppState>>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_range);
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    let opened = match app.config.media.open(&key, range, if_none_match).await {
        Ok(o) => o,
        Err(gazette_media::MediaStoreError::BadKey(_)) => return missing(),
        Err(e) => {
            tracing::error!(%key, error = %e, "cannot read a picture from the media store");
            // No words: a picture's body is never read by a person (as with a 404 here).
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            )
                .into_response();
        }
    };
    match opened {
        Opened::Missing => missing(),
        Opened::NotModified { etag } => {
            let mut r = StatusCode::NOT_MODIFIED.into_response();
            set(&mut r, header::CACHE_CONTROL, CACHED);
            set(&mut r, header::ETAG, &etag);
            r
        }
        Opened::Unsatisfiable { size } => {
            let mut r = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            set(&mut r, header::CACHE_CONTROL, "no-store");
            set(&mut r, header::CONTENT_RANGE, &format!("bytes */{size}"));
            r
        }
        Opened::Found(d) => {
            let partial = d.range.start != 0 || d.range.end != d.size;
            let body = Body::from_stream(d.body.map(|chunk| chunk.map_err(std::io::Error::other)));
            let mut r = Response::new(body);
            if partial {
                *r.status_mut() = StatusCode::PARTIAL_CONTENT;
                set(
                    &mut r,
                    header::CONTENT_RANGE,
                    &format!(
                        "bytes {}-{}/{}",
                        d.range.start,
                        d.range.end.saturating_sub(1),
                        d.size
                    ),
                );
            }
            set(&mut r, header::CONTENT_TYPE, content_type(&key));
            set(
                &mut r,
                header::CONTENT_LENGTH,
                &(d.range.end - d.range.start).to_string(),
            );
            set(&mut r, header::CACHE_CONTROL, CACHED);
            set(&mut r, header::ACCEPT_RANGES, "bytes");
            if let Some(etag) = &d.etag {
                set(&mut r, header::ETAG, etag);
            }
            r
        }
    }
}

fn missing() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
    )
        .into_response()
}

fn set(r: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(name, v);
    }
}

/// One `bytes=FIRST-[LAST]` range; anything else (several ranges, a suffix range) is
/// ignored and the whole file is sent, which HTTP allows.
fn parse_range(value: &str) -> Option<(u64, Option<u64>)> {
    let spec = value.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let first = first.trim().parse().ok()?;
    let last = match last.trim() {
        "" => None,
        l => Some(l.parse().ok()?),
    };
    Some((first, last))
}

/// The type of a stored file by its extension, as the local directory's server gives it.
fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_read_and_others_ignored() {
        assert_eq!(parse_range("bytes=0-99"), Some((0, Some(99))));
        assert_eq!(parse_range("bytes=100-"), Some((100, None)));
        assert_eq!(parse_range("bytes=-100"), None);
        assert_eq!(parse_range("bytes=0-1,5-6"), None);
        assert_eq!(parse_range("items=0-1"), None);
    }

    #[test]
    fn types_follow_the_extension() {
        assert_eq!(content_type("uploads/2026/11/a-480.WEBP"), "image/webp");
        assert_eq!(content_type("wp/2024/report.pdf"), "application/pdf");
        assert_eq!(content_type("wp/noext"), "application/octet-stream");
    }
}
