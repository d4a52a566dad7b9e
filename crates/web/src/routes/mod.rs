//! The routers: the reader's site (`reader`), theme assets and media (`files`), small
//! service endpoints (`service`: health, consent, view beacon), accounts (`account`) and
//! the newsroom (`admin`).

pub mod account;
pub mod digest;
pub mod files;
pub mod reader;
pub mod redirects;
pub mod search;
pub mod service;
pub mod syndication;

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::error::WebError;
use crate::seo::Meta;
use crate::state::{AppState, SiteView};

/// The context every template gets, plus the page's own fields.
#[derive(Serialize)]
pub(crate) struct Context<'a, T: Serialize> {
    site: &'a SiteView,
    meta: Meta,
    current_path: &'a str,
    #[serde(flatten)]
    page: T,
}

/// Renders a themed page; HTML pages for readers may be cached briefly by browsers.
pub(crate) async fn render<T: Serialize>(
    app: &AppState,
    template: &str,
    path: &str,
    meta: Meta,
    page: T,
) -> Result<Response, WebError> {
    let site = app.site().await?;
    let html = themed_html(app, &site, template, path, meta, page)?;
    let mut response = Html(html).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}

/// The theme's `template` with the context every page gets.
fn themed_html<T: Serialize>(
    app: &AppState,
    site: &SiteView,
    template: &str,
    path: &str,
    meta: Meta,
    page: T,
) -> Result<String, WebError> {
    let context = Context {
        site,
        meta,
        current_path: path,
        page,
    };
    Ok(app.theme.render(template, &context)?)
}

/// Turns a handler's result into a response, rendering errors as themed pages.
pub(crate) async fn respond(
    app: &Arc<AppState>,
    path: &str,
    result: Result<Response, WebError>,
) -> Response {
    match result {
        Ok(r) => r,
        Err(e) => error_page(app, path, e).await,
    }
}

/// The themed error page for `error` at `path` (handlers return the [`WebError`] instead;
/// this is for the few places outside a handler's result, such as extractors).
pub async fn error_page(app: &AppState, path: &str, error: WebError) -> Response {
    render_error(app, path, &error).await
}

pub(crate) async fn render_error(app: &AppState, path: &str, error: &WebError) -> Response {
    // The page names its path (canonical link, log line): never with a secret in it.
    let path = account::shown_path(path);
    let status = error.status();
    if status.is_server_error() {
        tracing::error!(%path, error = %error, "request failed");
    }
    let rendered = async {
        let site = app.site().await?;
        let mut meta = Meta::page(&site, &status_title(status), &error.public_message(), path);
        meta.noindex = true;
        let template = if status == StatusCode::NOT_FOUND {
            "not_found.html"
        } else {
            "error.html"
        };
        let page = serde_json::json!({
            "path": path,
            "status": status.as_u16(),
            "message": error.public_message(),
        });
        themed_html(app, &site, template, path, meta, page)
    }
    .await;
    match rendered {
        Ok(html) => (status, Html(html)).into_response(),
        // The theme itself is broken or the database is down: plain text still says why.
        Err(inner) => {
            tracing::error!(%path, error = %inner, "error page failed to render");
            (status, error.public_message()).into_response()
        }
    }
}

fn status_title(status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => "Page not found".to_owned(),
        StatusCode::BAD_REQUEST => "Bad request".to_owned(),
        _ => status.canonical_reason().unwrap_or("Error").to_owned(),
    }
}
