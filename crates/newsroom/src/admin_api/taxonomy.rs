//! Reads the writer of an article needs to fill in its ids: categories, tags, authors and
//! static pages. Any staff key may read them.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership};
use gazette_web::AppState;

use super::auth::Caller;
use super::dto::{
    AuthorItem, AuthorList, CategoryItem, CategoryList, PageItem, PageList, TagItem, TagList,
};
use super::error::AdminError;

/// Most tags listed (most used first would need another query; these are alphabetical).
const MAX_TAGS: i64 = 10_000;

/// Every category, in menu order.
#[utoipa::path(
    get,
    path = "/api/admin/v1/categories",
    tag = "taxonomy",
    responses(
        (status = 200, description = "Every category", body = CategoryList),
        (status = 401, description = "No usable key", body = gazette_api::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn categories(
    State(app): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Response, AdminError> {
    caller.require(Action::CreateDraft, Ownership::Own)?;
    let items = app
        .store
        .categories()
        .await?
        .iter()
        .map(|c| CategoryItem {
            id: c.id,
            parent_id: c.parent_id,
            slug: c.slug.clone(),
            name: c.name.clone(),
            path: c.path.clone(),
        })
        .collect();
    Ok(super::json(&CategoryList { items }))
}

/// Every tag, with how many articles carry it.
#[utoipa::path(
    get,
    path = "/api/admin/v1/tags",
    tag = "taxonomy",
    responses(
        (status = 200, description = "Every tag", body = TagList),
        (status = 401, description = "No usable key", body = gazette_api::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn tags(
    State(app): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Response, AdminError> {
    caller.require(Action::CreateDraft, Ownership::Own)?;
    let items = app
        .store
        .tag_list("", 0, MAX_TAGS)
        .await?
        .tags
        .into_iter()
        .map(|t| TagItem {
            id: t.id,
            slug: t.slug,
            name: t.name,
            articles: t.articles,
        })
        .collect();
    Ok(super::json(&TagList { items }))
}

/// Every byline author (ids for `author_ids` and `translator_ids`).
#[utoipa::path(
    get,
    path = "/api/admin/v1/authors",
    tag = "taxonomy",
    responses(
        (status = 200, description = "Every author", body = AuthorList),
        (status = 401, description = "No usable key", body = gazette_api::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn authors(
    State(app): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Response, AdminError> {
    caller.require(Action::CreateDraft, Ownership::Own)?;
    let items = app
        .store
        .author_choices()
        .await?
        .into_iter()
        .map(|a| AuthorItem {
            id: a.id,
            name: a.label,
            slug: a.extra,
        })
        .collect();
    Ok(super::json(&AuthorList { items }))
}

/// Every static page, published or not (for roles that manage pages).
#[utoipa::path(
    get,
    path = "/api/admin/v1/pages",
    tag = "pages",
    responses(
        (status = 200, description = "Every page", body = PageList),
        (status = 401, description = "No usable key", body = gazette_api::error::ErrorBody),
        (status = 403, description = "The key's role may not manage pages", body = gazette_api::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn pages(
    State(app): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Response, AdminError> {
    caller.require(Action::ManagePages, Ownership::Other)?;
    let items = app
        .store
        .all_pages()
        .await?
        .into_iter()
        .map(|p| PageItem {
            id: p.id,
            slug: p.slug,
            title: p.title,
            language: p.language,
            published: p.published,
        })
        .collect();
    Ok(super::json(&PageList { items }))
}
