//! Conditional GET for API documents: a weak ETag from the body, `Last-Modified` where a
//! document has a natural one, and 304 without a body when the client's copy is current.
//!
//! The API is served outside the site's page cache (see `gazette_web::router`), so it sets
//! its own validators: the cache would stamp its render time as `Last-Modified` and drop the
//! CORS headers of the first response it stored.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::error::ApiError;

/// Content answers may be reused for a minute: long enough to absorb bursts from one client
/// or a shared proxy, short enough that a publish or a scheduled piece shows promptly; after
/// that a revalidation with the ETag costs a 304.
pub const CONTENT_CACHE: &str = "public, max-age=60";
/// The OpenAPI document changes only with a new release.
pub const SPEC_CACHE: &str = "public, max-age=3600";

const HTTP_DATE: &[time::format_description::BorrowedFormatItem<'static>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

pub fn http_date(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(HTTP_DATE)
        .unwrap_or_default()
}

fn parse_http_date(s: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(s.trim(), HTTP_DATE)
        .ok()
        .map(|t| t.assume_utc())
}

/// A weak validator: the same JSON may be sent compressed in different ways.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// Whether the client already holds this version. `If-None-Match` wins over
/// `If-Modified-Since` when both are sent (RFC 9110, 13.1.3).
fn not_modified(req: &HeaderMap, etag: &str, last_modified: Option<OffsetDateTime>) -> bool {
    if let Some(inm) = req.get(header::IF_NONE_MATCH) {
        let Ok(inm) = inm.to_str() else {
            return false;
        };
        let ours = etag.trim_start_matches("W/");
        return inm.trim() == "*"
            || inm
                .split(',')
                .any(|t| t.trim().trim_start_matches("W/") == ours);
    }
    let since = req
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_http_date);
    match (since, last_modified) {
        // HTTP dates have whole seconds.
        (Some(since), Some(modified)) => modified.unix_timestamp() <= since.unix_timestamp(),
        _ => false,
    }
}

/// `value` as a 200 JSON answer with validators and caching, or a 304 when `req` matches.
pub fn json<T: Serialize>(
    req: &HeaderMap,
    value: &T,
    last_modified: Option<OffsetDateTime>,
    cache_control: &'static str,
) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value)
        .map_err(|e| ApiError::Internal(format!("cannot serialise a response: {e}")))?;
    let etag = etag_of(&body);
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(lm) = last_modified
        && let Ok(v) = HeaderValue::from_str(&http_date(lm))
    {
        headers.insert(header::LAST_MODIFIED, v);
    }
    if not_modified(req, &etag, last_modified) {
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok((StatusCode::OK, headers, Body::from(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        let lm = time::macros::datetime!(2026-11-25 04:05:32 UTC);
        assert_eq!(http_date(lm), "Wed, 25 Nov 2026 04:05:32 GMT");
        let etag = etag_of(b"{}");
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&etag.replace("W/", "")).unwrap(),
        );
        assert!(not_modified(&h, &etag, Some(lm)));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"other\""),
        );
        // A mismatching ETag is not rescued by a matching date.
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Wed, 25 Nov 2026 04:05:32 GMT"),
        );
        assert!(!not_modified(&h, &etag, Some(lm)));
        h.remove(header::IF_NONE_MATCH);
        assert!(not_modified(&h, &etag, Some(lm)));
        assert!(!not_modified(&h, &etag, None));
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Tue, 24 Nov 2026 04:05:32 GMT"),
        );
        assert!(!not_modified(&h, &etag, Some(lm)));
    }
}
