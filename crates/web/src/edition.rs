//! Language editions of the reader's site. The site's main language is unprefixed (every
//! address from before editions keeps working); each other language of the settings has
//! its own home page, category, tag and author lists, feeds, news sitemap and search under
//! `/{code}/` (`/az/`, `/ru/`, `/tr/`), listing only articles in that language.
//!
//! Articles stay at `/{slug}/` in every language (slugs are unique across languages), which
//! is their one canonical address and the one hreflang names; `/az/{slug}/` answers with a
//! permanent redirect to it. `/{main}/…` (e.g. `/en/`) redirects to the unprefixed address.
//!
//! The prefix is taken off before routing ([`layer`] wraps the whole router, as a URI
//! rewrite must), so the same handlers serve every edition and learn theirs from the
//! [`Edition`] extension; the page cache keys on the prefix too (`cache::cache_key`).

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{FromRequestParts, OriginalUri, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use gazette_core::urls;

use crate::routes::redirects::moved;
use crate::state::{AppState, SiteView};

/// The edition a request is for: `None` is the main (unprefixed) one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edition {
    language: Option<String>,
}

impl Edition {
    /// The edition of `language` on a site whose main language is `site_language`.
    pub fn of(language: &str, site_language: &str) -> Edition {
        Edition {
            language: (language != site_language).then(|| language.to_owned()),
        }
    }

    /// The edition's language code, `None` for the main edition.
    pub fn code(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// `/az`, or empty for the main edition.
    pub fn prefix(&self) -> String {
        self.language
            .as_deref()
            .map(|l| format!("/{l}"))
            .unwrap_or_default()
    }

    /// The edition's language (the site's for the main edition).
    pub fn language<'a>(&'a self, site: &'a SiteView) -> &'a str {
        self.language.as_deref().unwrap_or(&site.language)
    }

    /// `path` (site-relative) within this edition.
    pub fn path(&self, path: &str) -> String {
        urls::in_edition(&self.prefix(), path)
    }

    /// Which articles the edition's lists show.
    pub fn scope(&self, site: &SiteView) -> gazette_store::LanguageEdition {
        match &self.language {
            None => gazette_store::LanguageEdition::Main(site.language.clone()),
            Some(l) => gazette_store::LanguageEdition::Other(l.clone()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Edition {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Edition, Infallible> {
        Ok(parts
            .extensions
            .get::<Edition>()
            .cloned()
            .unwrap_or_default())
    }
}

/// What follows a language prefix.
#[derive(Debug, PartialEq, Eq)]
enum Rest<'a> {
    /// A page every edition has (home, lists, feeds, news sitemap, search).
    Edition,
    /// `/{slug}/`: an article or page, whose address has no prefix.
    Article(&'a str),
    /// Anything else: left alone (the fallback answers 404).
    Other,
}

fn classify(rest: &str) -> Rest<'_> {
    const LISTS: [&str; 3] = ["/category/", "/tag/", "/author/"];
    const DOCUMENTS: [&str; 7] = [
        "/",
        "/feed/",
        "/feed",
        "/feed/atom/",
        "/feed/atom",
        "/feed.json",
        "/sitemap-news.xml",
    ];
    if DOCUMENTS.contains(&rest) || rest == "/search" || LISTS.iter().any(|l| rest.starts_with(l)) {
        return Rest::Edition;
    }
    match rest
        .strip_prefix('/')
        .and_then(|r| r.strip_suffix('/'))
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
    {
        Some(slug) => Rest::Article(slug),
        None => Rest::Other,
    }
}

/// `/az/…` split into `az` and `/…`, when the first segment looks like a language code.
fn split_prefix(path: &str) -> Option<(&str, &str)> {
    let after = path.strip_prefix('/')?;
    let end = after.find('/')?;
    let code = &after[..end];
    gazette_core::lang::is_valid_code(code).then(|| (code, &after[end..]))
}

fn with_query(path: &str, uri: &Uri) -> String {
    match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    }
}

/// Middleware around the whole router: takes a configured language's prefix off the path
/// (recording the [`Edition`]), or redirects (301, as every moved address here) where the
/// prefixed address is not the canonical one. `/en//evil.example` is not followed:
/// `moved` refuses targets that would leave the site.
pub async fn layer(State(app): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    // Most requests have no prefix: let them through without copying their address.
    if split_prefix(req.uri().path()).is_none() {
        return next.run(req).await;
    }
    let uri = req.uri().clone();
    let path = uri.path().to_owned();
    let Some((code, rest)) = split_prefix(&path) else {
        return next.run(req).await;
    };
    // The chrome is cached, so this costs a lock and a compare; a database error here is
    // left to the handler, which reports it.
    let Ok(site) = app.site().await else {
        return next.run(req).await;
    };
    if !site.languages.iter().any(|l| l.code == code) {
        return next.run(req).await;
    }
    if code == site.language {
        return moved(&with_query(rest, &uri));
    }
    match classify(rest) {
        Rest::Other => next.run(req).await,
        Rest::Article(slug) => moved(&with_query(&urls::article_path(slug), &uri)),
        Rest::Edition => {
            let Ok(rewritten) = with_query(rest, &uri).parse::<Uri>() else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            req.extensions_mut().insert(OriginalUri(uri));
            req.extensions_mut()
                .insert(Edition::of(code, &site.language));
            *req.uri_mut() = rewritten;
            next.run(req).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_split_and_classify() {
        assert_eq!(split_prefix("/az/"), Some(("az", "/")));
        assert_eq!(
            split_prefix("/ru/category/news/"),
            Some(("ru", "/category/news/"))
        );
        assert_eq!(split_prefix("/az"), None);
        assert_eq!(split_prefix("/hello-world/"), None);
        assert_eq!(split_prefix("/"), None);
        assert_eq!(classify("/"), Rest::Edition);
        assert_eq!(classify("/feed/atom/"), Rest::Edition);
        assert_eq!(classify("/search"), Rest::Edition);
        assert_eq!(classify("/tag/oil/"), Rest::Edition);
        assert_eq!(classify("/oil-prices/"), Rest::Article("oil-prices"));
        assert_eq!(classify("/admin/articles"), Rest::Other);
        assert_eq!(classify("/a/b/"), Rest::Other);
        let az = Edition::of("az", "en");
        assert_eq!(az.prefix(), "/az");
        assert_eq!(az.path("/feed/"), "/az/feed/");
        assert_eq!(Edition::of("en", "en").prefix(), "");
    }
}
