//! Request body and time limits: every route takes small forms only and has 30 seconds,
//! except the routes that declare a bigger [`BodyLimit`] where they are registered (the
//! newsroom's route table hands them over as [`RouteLimits`]): the editors' text forms
//! ([`TEXT_LIMIT`], a few MB) and the upload routes, which take up to the configured upload
//! size and have [`UPLOAD_TIMEOUT`] (20 MB over a slow uplink takes minutes). The
//! middlewares decide by path before routing (axum's own per-extractor default is turned
//! off in `router()`, these are the only limits).
//!
//! A body declared too large, or one without a declared length (chunked) that grows past
//! the limit, is answered with a 413 page that says the limit. The body is
//! read and thrown away first (up to [`DRAIN_FACTOR`] times the limit): answering while the
//! browser is still sending makes the server close the connection, and the browser then shows
//! "connection reset" instead of the page.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::error::WebError;
use crate::routes::error_page;
use crate::state::AppState;

/// Largest body of an ordinary form or API call.
pub(crate) const FORM_LIMIT: usize = 64 * 1024;

/// Largest body of a form that carries a whole text (an article or page and its fields).
/// Form encoding triples non-Latin text (each byte becomes `%XX`), so a long translation
/// in Cyrillic or Arabic needs far more than an ordinary form.
pub(crate) const TEXT_LIMIT: usize = 4 * 1024 * 1024;

/// What a route's request body may hold, declared with the route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyLimit {
    /// A small form or API call: [`FORM_LIMIT`].
    #[default]
    Form,
    /// A whole article or page: [`TEXT_LIMIT`].
    Text,
    /// Files: `WebConfig::max_upload_bytes`, and [`UPLOAD_TIMEOUT`].
    Upload,
}

impl BodyLimit {
    /// The limit in bytes on this site.
    pub fn bytes(self, app: &AppState) -> usize {
        match self {
            BodyLimit::Form => FORM_LIMIT,
            BodyLimit::Text => TEXT_LIMIT,
            BodyLimit::Upload => app.config.max_upload_bytes,
        }
    }
}

/// The routes (axum patterns, `{name}` for one path segment) that take more than a small
/// form, as their registration declares.
#[derive(Debug, Clone, Default)]
pub struct RouteLimits(Vec<(&'static str, BodyLimit)>);

impl RouteLimits {
    pub fn new(routes: impl IntoIterator<Item = (&'static str, BodyLimit)>) -> Self {
        RouteLimits(
            routes
                .into_iter()
                .filter(|(_, limit)| *limit != BodyLimit::Form)
                .collect(),
        )
    }

    /// The limit of the route `path` falls under.
    pub fn of(&self, path: &str) -> BodyLimit {
        self.0
            .iter()
            .find(|(pattern, _)| matches_pattern(pattern, path))
            .map_or(BodyLimit::Form, |(_, limit)| *limit)
    }
}

/// Time for an ordinary request, from its first byte to the end of the answer.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Time for an upload: sending and processing a large picture.
pub(crate) const UPLOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// How much of an oversized body is read and dropped before answering.
const DRAIN_FACTOR: usize = 4;

fn matches_pattern(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// "20 MB", "64 KB": limits in the words the 413 page uses.
pub fn describe_bytes(n: usize) -> String {
    const MB: usize = 1024 * 1024;
    if n >= MB && n.is_multiple_of(MB) {
        format!("{} MB", n / MB)
    } else if n >= MB {
        format!("{:.1} MB", n as f64 / MB as f64)
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

/// The 413 for a body over `limit` on a route of `kind`, saying the limit in words.
pub fn too_large_error(kind: BodyLimit, limit: usize) -> WebError {
    let message = if kind == BodyLimit::Upload {
        format!(
            "The upload is larger than the {} this site accepts at once. Upload fewer pictures at a time, or make them smaller, and try again.",
            describe_bytes(limit)
        )
    } else {
        format!(
            "The form is larger than the {} this page accepts. Shorten what you entered and try again.",
            describe_bytes(limit)
        )
    };
    WebError::TooLarge(message)
}

/// Applies the limit of the request's route: refuses a declared-too-large body with a 413
/// page, and caps every body so one that grows past its limit fails as a length-limit error
/// (axum's extractors turn that into 413; the upload handler shows the same page).
pub(crate) async fn layer(
    State((app, routes)): State<(Arc<AppState>, Arc<RouteLimits>)>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let kind = routes.of(&path);
    let limit = kind.bytes(&app);
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        let mut body = req.into_body();
        let cap = limit.saturating_mul(DRAIN_FACTOR);
        let mut read = 0usize;
        while read <= cap {
            match body.frame().await {
                Some(Ok(frame)) => read += frame.data_ref().map_or(0, |d| d.len()),
                _ => break,
            }
        }
        return too_large(&app, &path, kind, limit).await;
    }
    // A body without a declared length (chunked) is cut off at the limit as it is read.
    // Handlers see that as an unreadable body and may answer 400; the flag says why, so
    // the answer is the 413 page whatever the handler made of it.
    let cut = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cut);
    let response = next
        .run(req.map(|body| {
            Body::new(Limited::new(body, limit).map_err(move |e| {
                if e.is::<LengthLimitError>() {
                    flag.store(true, Ordering::Relaxed);
                }
                e
            }))
        }))
        .await;
    if cut.load(Ordering::Relaxed) && response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(&app, &path, kind, limit).await;
    }
    response
}

/// The 413: a page for people, or under `/api/` the APIs' JSON error shape.
async fn too_large(app: &AppState, path: &str, kind: BodyLimit, limit: usize) -> Response {
    if path.starts_with("/api/") {
        let body = serde_json::json!({"error": {
            "code": "too_large",
            "message": format!(
                "The request body is larger than the {} this endpoint accepts. Send less at once.",
                describe_bytes(limit)
            ),
            "parameter": null,
        }});
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(axum::http::header::CACHE_CONTROL, "no-store")],
            axum::Json(body),
        )
            .into_response();
    }
    error_page(app, path, too_large_error(kind, limit)).await
}

/// Stops a request that takes longer than its route's time ([`REQUEST_TIMEOUT`], or
/// [`UPLOAD_TIMEOUT`] on upload routes) with 408.
pub(crate) async fn timeout(
    State(routes): State<Arc<RouteLimits>>,
    req: Request,
    next: Next,
) -> Response {
    let limit = if routes.of(req.uri().path()) == BodyLimit::Upload {
        UPLOAD_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    };
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            "The request took too long and was stopped. Try again.",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_routes_match_by_segment() {
        assert!(matches_pattern(
            "/admin/media/upload",
            "/admin/media/upload"
        ));
        assert!(!matches_pattern(
            "/admin/media/upload",
            "/admin/media/upload/x"
        ));
        assert!(!matches_pattern("/admin/media/upload", "/admin/media"));
        assert!(matches_pattern(
            "/admin/articles/{id}/featured-image",
            "/admin/articles/12/featured-image"
        ));
        assert!(!matches_pattern(
            "/admin/articles/{id}/featured-image",
            "/admin/articles//featured-image"
        ));
        let routes = RouteLimits::new([
            ("/admin/media/upload", BodyLimit::Upload),
            ("/admin/articles/{id}/featured-image", BodyLimit::Upload),
            ("/admin/articles/{id}", BodyLimit::Text),
            ("/admin/articles/{id}/delete", BodyLimit::Form),
        ]);
        assert_eq!(routes.of("/admin/media/upload"), BodyLimit::Upload);
        assert_eq!(
            routes.of("/admin/articles/7/featured-image"),
            BodyLimit::Upload
        );
        assert_eq!(routes.of("/admin/articles/7"), BodyLimit::Text);
        assert_eq!(routes.of("/admin/articles/7/delete"), BodyLimit::Form);
        assert_eq!(routes.of("/account/sign-in"), BodyLimit::Form);
    }

    #[test]
    fn limits_are_described_in_round_units() {
        assert_eq!(describe_bytes(20 * 1024 * 1024), "20 MB");
        assert_eq!(describe_bytes(64 * 1024), "64 KB");
        assert_eq!(describe_bytes(1536 * 1024), "1.5 MB");
    }
}
