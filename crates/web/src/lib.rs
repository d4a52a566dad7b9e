//! Gazette's HTTP layer: the axum router of the reader's site, the theme engine, view
//! models and the page-level SEO data, and accounts. It also holds what the newsroom
//! (`gazette-newsroom`, which depends on this crate and never the reverse) builds on: the
//! app state, sessions and roles (`auth`), CSRF-checked forms (`form`), the error that
//! renders itself as a themed page (`WebError`) and the body limits. Handlers go through
//! `gazette-store` and render through the theme.

pub mod auth;
pub mod cache;
mod client_ip;
mod counter;
pub mod edition;
mod error;
pub mod form;
mod headers;
pub mod i18n;
pub mod limits;
pub mod mails;
mod media_links;
pub mod metrics;
mod routes;
mod seo;
mod state;
mod syndication;
pub mod theme;
pub mod view;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use counter::ViewCounter;
pub use error::{CSRF_REFUSED, WebError};
pub use routes::account;
pub use routes::error_page;
pub use state::{AppState, WebConfig};
pub use view::IMAGE_WIDTHS;

fn api_state(app: &AppState) -> gazette_api::ApiState {
    gazette_api::ApiState::new(
        app.store.clone(),
        Arc::clone(&app.search),
        app.config.base_url.clone(),
    )
}

/// Refuses cross-site state-changing requests (by `Origin` and `Sec-Fetch-Site`); the
/// site's own origin is trusted even behind a proxy that rewrites `Host`.
fn csrf_layer(base_url: &str) -> CsrfLayer {
    let origin = base_url
        .split_once("://")
        .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)))
        .unwrap_or_default();
    match CsrfLayer::new().add_trusted_origin(&origin) {
        Ok(layer) => layer,
        Err(e) => {
            tracing::warn!(%origin, error = %e, "base_url is not a usable origin for the CSRF check");
            CsrfLayer::new()
        }
    }
}

/// Pictures are kept a month by browsers and proxies (their names change with their
/// content); a missing one must not be, or it stays missing for a month after upload.
fn media_cache_control(
    response: &axum::http::Response<tower_http::services::fs::ServeFileSystemResponseBody>,
) -> Option<axum::http::HeaderValue> {
    let status = response.status();
    Some(axum::http::HeaderValue::from_static(
        if status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED {
            "public, max-age=2592000"
        } else {
            "no-store"
        },
    ))
}

/// `Strict-Transport-Security` for a site served over https (`headers::hsts`).
fn hsts(
    base_url: &str,
) -> impl Fn(&axum::http::Response<axum::body::Body>) -> Option<axum::http::HeaderValue> + Clone + use<>
{
    let value = headers::hsts(base_url);
    move |_| value.clone()
}

/// The site with its language editions: the prefix (`/az/…`) comes off before routing, so
/// this wraps the whole `site` (as returned by [`router`], with any layers the binary adds,
/// which then see the route each request matched).
pub fn with_editions(app: Arc<AppState>, site: Router) -> Router {
    use tower::Layer;
    // `Layer::layer` wraps the router as a service, so the middleware runs before its
    // routing (`Router::layer` would run it after).
    let edition = axum::middleware::from_fn_with_state(app, edition::layer);
    Router::new().fallback_service(edition.layer(site))
}

/// Routes another crate adds to the site (the newsroom's `/admin`), with the body limits
/// their registration declares.
pub struct Mounted {
    pub router: Router<Arc<AppState>>,
    pub limits: limits::RouteLimits,
}

/// The whole site, with `newsroom` (the `/admin` routes) merged in so that it gets the
/// same layers. Layers run outside-in: panics become 500s, slow requests time out,
/// bodies are limited, responses are compressed and carry the security headers.
///
/// Serve it through [`with_editions`], which adds the language editions (`/az/…`) in front.
pub fn router(app: Arc<AppState>, newsroom: Mounted) -> Router {
    let api = api_state(&app);
    let route_limits = Arc::new(newsroom.limits);
    // The local directory is served as files; object storage is streamed at the same URLs.
    let media = match app.config.media.local_dir() {
        Some(dir) => Router::new().fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    axum::http::header::CACHE_CONTROL,
                    media_cache_control,
                ))
                .service(ServeDir::new(dir)),
        ),
        None => Router::new()
            .route("/{*key}", get(routes::media::stream))
            .with_state(Arc::clone(&app)),
    };
    Router::new()
        .route("/", get(routes::reader::home))
        .route("/healthz", get(routes::service::healthz))
        .route("/readyz", get(routes::service::readyz))
        .route("/consent", post(routes::service::consent))
        .route(
            "/views/{id}",
            get(routes::service::view).post(routes::service::view),
        )
        .route("/assets/{hash}/{name}", get(routes::files::asset))
        .route("/category/{*path}", get(routes::reader::category))
        .route("/tag/{slug}/", get(routes::reader::tag))
        .route("/tag/{slug}/{*rest}", get(routes::syndication::tag_feed))
        .route("/author/{slug}/", get(routes::reader::author))
        .route(
            "/author/{slug}/{*rest}",
            get(routes::syndication::author_feed),
        )
        .route("/feed/", get(routes::syndication::site_rss))
        .route("/feed/atom/", get(routes::syndication::site_atom))
        .route("/feed.json", get(routes::syndication::site_json))
        .route("/sitemap.xml", get(routes::syndication::sitemap_index))
        .route("/sitemap/{name}", get(routes::syndication::sitemap_part))
        .route("/sitemap-news.xml", get(routes::syndication::news_sitemap))
        .route("/robots.txt", get(routes::syndication::robots))
        .route("/search", get(routes::search::page))
        .route(
            "/account/sign-in",
            get(routes::account::sign_in_page).post(routes::account::sign_in),
        )
        .route("/account/sign-out", post(routes::account::sign_out))
        .route(
            "/account/reset",
            get(routes::account::reset_page).post(routes::account::reset_request),
        )
        .route("/account/sessions", get(routes::account::sessions_page))
        .route("/account/language", post(routes::account::set_language))
        .route("/account/sessions/{which}", post(routes::account::revoke))
        .route(
            "/account/{kind}/{token}",
            get(routes::account::token_page).post(routes::account::token_submit),
        )
        .route(
            "/subscribe",
            get(routes::digest::subscribe_page).post(routes::digest::subscribe),
        )
        .route(
            "/subscribe/confirm/{token}",
            get(routes::digest::confirm_page).post(routes::digest::confirm),
        )
        .route(
            "/subscribe/preferences/{token}",
            get(routes::digest::preferences_page).post(routes::digest::preferences),
        )
        .route(
            "/subscribe/preferences/{token}/data.json",
            get(routes::digest::data),
        )
        .route(
            "/subscribe/preferences/{token}/delete",
            post(routes::digest::delete),
        )
        .route(
            "/unsubscribe/{token}",
            get(routes::digest::unsubscribe_page).post(routes::digest::unsubscribe),
        )
        .route("/digest/", get(routes::digest::archive))
        .route("/digest/{date}/", get(routes::digest::edition_page))
        .merge(newsroom.router)
        .route("/{slug}/", get(routes::reader::by_slug))
        .nest_service("/media", media)
        .fallback(routes::reader::fallback)
        // Innermost: a `WebError` a handler returned becomes its themed page here, so the
        // page cache and the redirect layer see the page as before.
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            error::render_layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            cache::layer,
        ))
        // Outside the cache, so cached 404s still find their redirect.
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            routes::redirects::layer,
        ))
        .with_state(Arc::clone(&app))
        // The API is nested after the page cache layer, so the cache never sees it: the API
        // sets its own ETag and Last-Modified (the cache would stamp its render time instead)
        // and its CORS headers, which a cached copy would not carry.
        .nest("/api", gazette_api::router(api.clone()))
        // `nest` does not match the bare prefix with a slash; the API's JSON 404 answers it.
        .route_service(
            "/api/",
            gazette_api::router(api).into_service::<axum::body::Body>(),
        )
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            client_ip::layer,
        ))
        .layer(csrf_layer(&app.config.base_url))
        .layer(headers::security_headers())
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            hsts(&app.config.base_url),
        ))
        .layer(CompressionLayer::new())
        // The body limit is per route (`limits`): small forms, the upload size on uploads.
        // axum's own 2 MB default per extractor is off so that it does not cut uploads short.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            (Arc::clone(&app), Arc::clone(&route_limits)),
            limits::layer,
        ))
        // 30 s, or longer on the upload routes (`limits`).
        .layer(axum::middleware::from_fn_with_state(
            route_limits,
            limits::timeout,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::new())
}
