//! The Admin API, `/api/admin/v1`: what the newsroom does, as JSON for scripts and apps,
//! authenticated by API keys (`auth`) and documented in its own OpenAPI document at
//! `/api/admin/openapi.json` (the Content API's document stays the read-only contract).
//!
//! It lives in the newsroom crate, not beside the Content API, because it must not be a
//! second implementation: its handlers call the same core checks (`article_input`,
//! `editorial`, `permissions`), the same upload pipeline (`media::save_upload`) and the same
//! store writes as the HTML forms; only the transport differs (JSON in and out, Bearer
//! instead of a session and CSRF token). Errors keep the Content API's one shape.

mod articles;
pub mod auth;
mod body;
mod desk;
mod digest;
pub mod dto;
mod endpoint;
mod error;
mod media;
mod pages;
mod tags;
mod taxonomy;

use std::sync::{Arc, LazyLock};

use axum::Json;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gazette_web::AppState;
use gazette_web::limits::BodyLimit;
use serde::Serialize;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};

pub use error::AdminError;

/// The app state, as every handler takes it.
type App = axum::extract::State<Arc<AppState>>;

/// What every handler answers.
type Answer = Result<Response, AdminError>;

/// A JSON 200 that no cache keeps.
fn json<T: Serialize>(value: &T) -> Response {
    json_with(StatusCode::OK, value)
}

/// A JSON answer with `status` (201 on create, 202 when queued) that no cache keeps.
fn json_with<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let mut response = (status, Json(value)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key from the newsroom's API keys page (/admin/api-keys).",
                    ))
                    .build(),
            ),
        );
        // Every endpoint may answer these; documented once here rather than on each.
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                // Every endpoint takes the key; said once here rather than on each.
                op.security.get_or_insert_with(|| {
                    vec![SecurityRequirement::new("bearer", Vec::<String>::new())]
                });
                for (status, description) in error::sets::COMMON {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error::sets::response(description).into());
                }
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gazette Admin API",
        description = "Everything the newsroom does, for scripts, apps and other tools: articles \
            (create as draft, update with optimistic concurrency, submit, schedule, publish, \
            unpublish, delete to the trash, restore, purge, revisions, lists with drafts), \
            media uploads, categories, tags, authors and pages, the feed desk's sources and \
            the digest's editions.\n\n\
            Authenticate with `Authorization: Bearer <key>`; keys are made in the newsroom \
            (/admin/api-keys) and act as a person or with a role, with the same permissions, \
            checks and workflow as the newsroom's forms. Every write is in the audit log under \
            the key's name. Updates need the revision they were made from (`If-Match: \"N\"` \
            with the `ETag` you read, or `revision` in the body); workflow moves and the trash \
            take `If-Match` too: a stale revision is refused with 409 and nothing is written. \
            Each key may make its rate of requests a second (100 unless set), counted over \
            10-second windows shared by every server; over it, 429 with `Retry-After`.\n\n\
            Every error is `{\"error\": {\"code\", \"message\", \"parameter\"}}`; `parameter` \
            names the refused field on 422.",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        articles::list,
        articles::create,
        articles::get,
        articles::update,
        articles::delete,
        articles::submit,
        articles::schedule,
        articles::publish,
        articles::unpublish,
        articles::to_draft,
        articles::restore,
        articles::purge,
        articles::revisions,
        media::upload,
        media::update,
        taxonomy::categories,
        taxonomy::create_category,
        taxonomy::update_category,
        taxonomy::delete_category,
        taxonomy::tags,
        tags::update,
        tags::merge,
        tags::delete,
        taxonomy::authors,
        taxonomy::pages,
        pages::create,
        pages::update,
        pages::delete,
        desk::list,
        desk::get,
        desk::create,
        desk::update,
        desk::delete,
        desk::fetch_now,
        digest::list,
        digest::get,
        digest::hold,
        digest::send_now,
    ),
    components(schemas(gazette_api::error::ErrorBody, gazette_api::error::ErrorDetail)),
    modifiers(&BearerAuth),
    tags(
        (name = "articles", description = "Articles in every status, and the workflow"),
        (name = "media", description = "The media library"),
        (name = "taxonomy", description = "Categories, tags and authors"),
        (name = "pages", description = "Static pages"),
        (name = "desk", description = "The feed desk's sources"),
        (name = "digest", description = "The daily digest's editions"),
    )
)]
struct AdminDoc;

/// The Admin API's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    AdminDoc::openapi()
}

async fn spec(axum::extract::State(app): axum::extract::State<Arc<AppState>>) -> Response {
    static SPEC: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(AdminDoc::openapi);
    let mut doc = SPEC.clone();
    doc.servers = Some(vec![utoipa::openapi::Server::new(&app.config.base_url)]);
    let mut response = Json(doc).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// A JSON 405 for a known path asked with a method it does not take (axum's own 405 has
/// no body), keeping its `Allow` header.
async fn method_not_allowed(response: Response) -> Response {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let shown = allow
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut answer = AdminError::MethodNotAllowed(format!(
        "This endpoint does not take that method; it takes {shown}. See /api/admin/openapi.json."
    ))
    .into_response();
    if let Some(allow) = allow {
        answer.headers_mut().insert(header::ALLOW, allow);
    }
    answer
}

async fn not_found() -> AdminError {
    AdminError::NotFound(
        "There is no such Admin API endpoint. The endpoints are listed in /api/admin/openapi.json."
            .to_owned(),
    )
}

/// The routes (under `/api/admin`) and the body limits they declare.
pub fn routes() -> (Router<Arc<AppState>>, Vec<(&'static str, BodyLimit)>) {
    let router = Router::new()
        .route("/api/admin/openapi.json", get(spec))
        .route(
            "/api/admin/v1/articles",
            get(articles::list).post(articles::create),
        )
        .route(
            "/api/admin/v1/articles/{id}",
            get(articles::get)
                .patch(articles::update)
                .delete(articles::delete),
        )
        .route("/api/admin/v1/articles/{id}/submit", post(articles::submit))
        .route(
            "/api/admin/v1/articles/{id}/schedule",
            post(articles::schedule),
        )
        .route(
            "/api/admin/v1/articles/{id}/publish",
            post(articles::publish),
        )
        .route(
            "/api/admin/v1/articles/{id}/unpublish",
            post(articles::unpublish),
        )
        .route(
            "/api/admin/v1/articles/{id}/draft",
            post(articles::to_draft),
        )
        .route(
            "/api/admin/v1/articles/{id}/restore",
            post(articles::restore),
        )
        .route("/api/admin/v1/articles/{id}/purge", post(articles::purge))
        .route(
            "/api/admin/v1/articles/{id}/revisions",
            get(articles::revisions),
        )
        .route("/api/admin/v1/media", post(media::upload))
        .route(
            "/api/admin/v1/media/{id}",
            axum::routing::patch(media::update),
        )
        .route(
            "/api/admin/v1/categories",
            get(taxonomy::categories).post(taxonomy::create_category),
        )
        .route(
            "/api/admin/v1/categories/{id}",
            axum::routing::patch(taxonomy::update_category).delete(taxonomy::delete_category),
        )
        .route("/api/admin/v1/tags", get(taxonomy::tags))
        .route(
            "/api/admin/v1/tags/{id}",
            axum::routing::patch(tags::update).delete(tags::delete),
        )
        .route("/api/admin/v1/tags/{id}/merge", post(tags::merge))
        .route("/api/admin/v1/authors", get(taxonomy::authors))
        .route(
            "/api/admin/v1/pages",
            get(taxonomy::pages).post(pages::create),
        )
        .route(
            "/api/admin/v1/pages/{id}",
            axum::routing::patch(pages::update).delete(pages::delete),
        )
        .route(
            "/api/admin/v1/desk/sources",
            get(desk::list).post(desk::create),
        )
        .route(
            "/api/admin/v1/desk/sources/{id}",
            get(desk::get).patch(desk::update).delete(desk::delete),
        )
        .route(
            "/api/admin/v1/desk/sources/{id}/fetch",
            post(desk::fetch_now),
        )
        .route("/api/admin/v1/digest/editions", get(digest::list))
        .route("/api/admin/v1/digest/editions/{id}", get(digest::get))
        .route(
            "/api/admin/v1/digest/editions/{id}/hold",
            post(digest::hold),
        )
        .route(
            "/api/admin/v1/digest/editions/{id}/send",
            post(digest::send_now),
        )
        .route("/api/admin/v1/{*rest}", axum::routing::any(not_found))
        .layer(axum::middleware::map_response(method_not_allowed));
    let limits = vec![
        ("/api/admin/v1/articles", BodyLimit::Text),
        ("/api/admin/v1/articles/{id}", BodyLimit::Text),
        ("/api/admin/v1/media", BodyLimit::Upload),
        ("/api/admin/v1/pages", BodyLimit::Text),
        ("/api/admin/v1/pages/{id}", BodyLimit::Text),
    ];
    (router, limits)
}
