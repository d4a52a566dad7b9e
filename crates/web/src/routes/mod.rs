//! The routers: the reader's site (`reader`), theme assets and media (`files`), small
//! service endpoints (`service`: health, consent, view beacon), accounts (`account`) and
//! the newsroom (`admin`).

pub mod account;
pub mod digest;
pub mod files;
pub mod media;
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
    /// The language of the page's words (labels, buttons, notices): the edition's, the
    /// article's when it is one of the site's, a staff member's own in the newsroom.
    ui_lang: String,
    edition: EditionView,
    /// The header's language switcher: empty on a site with one language.
    languages: Vec<LanguageLink>,
    #[serde(flatten)]
    page: T,
}

impl<'a, T: Serialize> Context<'a, T> {
    /// `chosen` is the reader's or staff member's own language, when they chose one.
    pub(crate) fn new(
        site: &'a SiteView,
        catalogues: &crate::i18n::Catalogues,
        chosen: Option<&str>,
        mut meta: Meta,
        current_path: &'a str,
        page: T,
    ) -> Self {
        // Every JSON-LD item says the page's one language (an edition's list, a page).
        for item in &mut meta.json_ld {
            if let Some(v) = item.get_mut("inLanguage") {
                *v = serde_json::Value::String(meta.lang.clone());
            }
        }
        let page_lang = site
            .languages
            .iter()
            .any(|l| l.code == meta.lang)
            .then_some(meta.lang.as_str());
        let ui_lang = catalogues.interface_language(&[chosen, page_lang, Some(&site.language)]);
        Context {
            site,
            ui_lang,
            languages: language_links(site, &meta),
            edition: EditionView {
                home: format!("{}/", meta.edition),
                search: format!("{}/search", meta.edition),
            },
            meta,
            current_path,
            page,
        }
    }
}

/// The addresses the header keeps within the page's language edition.
#[derive(Serialize)]
struct EditionView {
    home: String,
    search: String,
}

/// One entry of the language switcher.
#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
    current: bool,
}

/// The switcher: for each of the site's languages, this page in that language when the
/// page says it exists (its hreflang alternates: the same story, the same list), else that
/// language's home page.
fn language_links(site: &SiteView, meta: &Meta) -> Vec<LanguageLink> {
    if site.languages.len() < 2 {
        return Vec::new();
    }
    site.languages
        .iter()
        .map(|l| LanguageLink {
            url: meta
                .alternates
                .iter()
                .find(|a| a.lang == l.code)
                .map(|a| {
                    a.url
                        .strip_prefix(&site.base_url)
                        .unwrap_or(&a.url)
                        .to_owned()
                })
                .filter(|u| u.starts_with('/'))
                .unwrap_or_else(|| l.home.clone()),
            current: l.code == meta.lang,
            name: l.name.clone(),
            code: l.code.clone(),
        })
        .collect()
}

/// The site's chrome for a page of the edition with `prefix` (`/az`): the menu's lists
/// (categories, tags, authors) point into that edition.
fn chrome_in(site: &SiteView, prefix: &str) -> SiteView {
    fn prefixed(items: &mut [gazette_core::model::MenuItem], prefix: &str) {
        for item in items {
            if ["/category/", "/tag/", "/author/"]
                .iter()
                .any(|p| item.url.starts_with(p))
            {
                item.url = format!("{prefix}{}", item.url);
            }
            prefixed(&mut item.children, prefix);
        }
    }
    let mut site = site.clone();
    prefixed(&mut site.menu, prefix);
    site
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
    let html = themed_html(app, &site, None, template, path, meta, page)?;
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
    ui_lang: Option<&str>,
    template: &str,
    path: &str,
    meta: Meta,
    page: T,
) -> Result<String, WebError> {
    let edited;
    let site = if meta.edition.is_empty() {
        site
    } else {
        edited = chrome_in(site, &meta.edition);
        &edited
    };
    let context = Context::new(site, &app.theme.catalogues, ui_lang, meta, path, page);
    let html = app.theme.render(template, &context)?;
    Ok(app.with_media_url(html))
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
    render_error(app, path, None, &error).await
}

/// The error page, in the interface language `ui_lang` (the edition's) when given.
pub(crate) async fn render_error(
    app: &AppState,
    path: &str,
    ui_lang: Option<&str>,
    error: &WebError,
) -> Response {
    // The page names its path (canonical link, log line): never with a secret in it.
    let path = account::shown_path(path);
    let status = error.status();
    if status.is_server_error() {
        tracing::error!(%path, error = %error, "request failed");
    }
    let rendered = async {
        let site = app.site().await?;
        let cats = &app.theme.catalogues;
        // A handler that renders its own error gives the edition's address (`/ru/…`).
        let from_path = path
            .strip_prefix('/')
            .and_then(|p| p.split('/').next())
            .filter(|code| site.languages.iter().any(|l| l.code == *code));
        let lang = cats.interface_language(&[ui_lang, from_path, Some(&site.language)]);
        let message = error.message_in(cats, &lang);
        let mut meta = Meta::page(&site, &status_title(cats, &lang, status), &message, path);
        meta.noindex = true;
        let template = if status == StatusCode::NOT_FOUND {
            "not_found.html"
        } else {
            "error.html"
        };
        let page = serde_json::json!({
            "path": path,
            "status": status.as_u16(),
            "message": message,
        });
        themed_html(app, &site, Some(&lang), template, path, meta, page)
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

fn status_title(cats: &crate::i18n::Catalogues, lang: &str, status: StatusCode) -> String {
    use crate::i18n::keys;
    let key = match status {
        StatusCode::NOT_FOUND => keys::ERROR_NOT_FOUND_TITLE,
        StatusCode::BAD_REQUEST => keys::ERROR_BAD_REQUEST_TITLE,
        StatusCode::FORBIDDEN => keys::ERROR_FORBIDDEN_TITLE,
        _ if lang == crate::i18n::FALLBACK => {
            return status.canonical_reason().unwrap_or("Error").to_owned();
        }
        _ => keys::ERROR_TITLE,
    };
    cats.text(lang, key)
}
