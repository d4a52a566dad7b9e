//! Old links keep working: a layer around the router answers with a permanent redirect
//! (301, as WordPress and search engines expect) when a request would otherwise be a 404
//! and the `redirects` table (filled by imports) knows where the page went, and for
//! WordPress's `/?p=ID`-style links on the home page. Date permalinks
//! (`/2024/01/02/slug/`, `/2024/01/slug/`) are resolved by their slug, so imports need not
//! store every variant. Being a layer, it covers every route (articles, categories, tags,
//! media) without touching their handlers, and costs a lookup only on 404s.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gazette_store::redirect_key;
use time::OffsetDateTime;

use crate::state::AppState;

pub async fn layer(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    if path == "/"
        && let Some(key) = redirect_key(&path, query.as_deref())
    {
        if let Some(target) = lookup(&app, &key).await {
            return moved(&target);
        }
        return next.run(req).await;
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::NOT_FOUND || path.len() > 2048 {
        return response;
    }
    match resolve(&app, &path).await {
        Some(target) => moved(&target),
        None => response,
    }
}

async fn lookup(app: &AppState, key: &str) -> Option<String> {
    match app
        .store
        .redirect_target(key, OffsetDateTime::now_utc())
        .await
    {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(%key, error = %e, "redirect lookup failed");
            None
        }
    }
}

/// Where a path that matched nothing went, if anywhere.
async fn resolve(app: &AppState, path: &str) -> Option<String> {
    let key = redirect_key(path, None)?;
    if let Some(t) = lookup(app, &key).await {
        return (t != key).then_some(t);
    }
    let slug = date_permalink_slug(&key)?;
    if let Some(t) = lookup(app, &gazette_core::urls::article_path(slug)).await {
        return Some(t);
    }
    let now = OffsetDateTime::now_utc();
    match app.store.is_visible_slug(slug, now).await {
        Ok(true) => Some(gazette_core::urls::article_path(slug)),
        _ => None,
    }
}

/// `slug` from `/YYYY/MM/DD/slug/`, `/YYYY/MM/slug/` or `/YYYY/slug/`.
pub fn date_permalink_slug(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (slug, dates) = parts.split_last()?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let dated = match dates {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    (dated && !slug.is_empty() && !digits(slug, slug.len())).then_some(*slug)
}

pub(crate) fn moved(target: &str) -> Response {
    // Targets are our own paths; anything else (or unencodable) is not followed.
    let safe = target.starts_with('/') && !target.starts_with("//");
    match HeaderValue::from_str(target) {
        Ok(location) if safe => (
            StatusCode::MOVED_PERMANENTLY,
            [
                (header::LOCATION, location),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_permalinks_give_their_slug() {
        assert_eq!(date_permalink_slug("/2024/01/02/hello/"), Some("hello"));
        assert_eq!(date_permalink_slug("/2024/01/hello/"), Some("hello"));
        assert_eq!(date_permalink_slug("/2024/hello/"), Some("hello"));
        assert_eq!(date_permalink_slug("/2024/01/02/"), None);
        assert_eq!(date_permalink_slug("/hello/"), None);
        assert_eq!(date_permalink_slug("/news/2024/hello/"), None);
        assert_eq!(date_permalink_slug("/24/01/hello/"), None);
    }
}
