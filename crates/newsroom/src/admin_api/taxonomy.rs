//! Reads the writer of an article needs to fill in its ids: categories, tags, authors and
//! static pages. Any staff key may read them; categories are also written here, with the
//! newsroom category form's own check (`taxonomy::fields`) and store writes.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use gazette_core::permissions::{Action, Ownership};
use gazette_web::AppState;
use gazette_web::auth::now;

use super::body::{self, JsonObject};
use crate::taxonomy::CategoryForm;

use super::auth::Caller;
use super::dto::{
    AuthorItem, AuthorList, CategoryItem, CategoryList, PageItem, PageList, TagItem, TagList,
};
use super::error::AdminError;
use super::error::sets::*;

/// Most tags listed (most used first would need another query; these are alphabetical).
const MAX_TAGS: i64 = 10_000;

/// Every category, in menu order.
#[utoipa::path(
    get,
    path = "/api/admin/v1/categories",
    tag = "taxonomy",
    responses(
        (status = 200, description = "Every category", body = CategoryList),
        StaffErrors,
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
        StaffErrors,
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
            special: t.special != 0,
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
        StaffErrors,
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
        .authors_with_counts(time::OffsetDateTime::now_utc())
        .await?
        .into_iter()
        .map(|(a, articles)| AuthorItem {
            url: format!(
                "{}{}",
                app.config.base_url.trim_end_matches('/'),
                gazette_core::urls::author_path(&a.slug)
            ),
            id: a.id,
            name: a.name,
            slug: a.slug,
            bio: a.bio,
            avatar_url: a.avatar_url,
            articles,
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
        StaffErrors,
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

/// The category a JSON body describes, over `base` (the current one on update), checked
/// by the newsroom's category form check (lengths: by the store, for both).
fn category_fields(
    obj: &JsonObject,
    base: CategoryForm,
) -> Result<gazette_store::CategoryFields, AdminError> {
    let mut form = base;
    for (field, target) in [
        ("name", &mut form.name),
        ("slug", &mut form.slug),
        ("description", &mut form.description),
    ] {
        if let Some(v) = obj.string(field)? {
            *target = gazette_core::text::clean_input(&v);
        }
    }
    if let Some(parent) = obj.id("parent_id")? {
        form.parent = parent.map(|p| p.to_string()).unwrap_or_default();
    }
    crate::taxonomy::fields(&form).map_err(|(field, message)| {
        let field = if field == "parent" {
            "parent_id"
        } else {
            field
        };
        AdminError::field(field, message)
    })
}

const CATEGORY_FIELDS: &[&str] = &["name", "slug", "parent_id", "description"];

async fn category_answer(
    app: &AppState,
    id: i64,
    status: StatusCode,
) -> Result<Response, AdminError> {
    let tree = app.store.categories().await?;
    let c = tree
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| AdminError::no_such("category", id))?;
    let item = CategoryItem {
        id: c.id,
        parent_id: c.parent_id,
        slug: c.slug.clone(),
        name: c.name.clone(),
        path: c.path.clone(),
    };
    let mut response = super::json(&item);
    *response.status_mut() = status;
    Ok(response)
}

fn category_id(raw: &str) -> Result<i64, AdminError> {
    super::error::path_id(raw, "category")
}

/// Create a category.
#[utoipa::path(
    post,
    path = "/api/admin/v1/categories",
    tag = "taxonomy",
    request_body = super::dto::CategoryWrite,
    responses(
        (status = 201, description = "Created", body = CategoryItem),
        CreateErrors,
    ),
    security(("bearer" = []))
)]
pub async fn create_category(
    State(app): State<Arc<AppState>>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, AdminError> {
    caller.require(Action::ManageTaxonomy, Ownership::Other)?;
    let obj = body::read(&headers, bytes, CATEGORY_FIELDS)?;
    let fields = category_fields(&obj, CategoryForm::default())?;
    let id = app
        .store
        .add_category(&fields, now(), &caller.actor)
        .await?;
    category_answer(&app, id, StatusCode::CREATED).await
}

/// Change a category (only the fields sent).
#[utoipa::path(
    patch,
    path = "/api/admin/v1/categories/{id}",
    tag = "taxonomy",
    params(("id" = i64, Path, description = "The category's id")),
    request_body = super::dto::CategoryWrite,
    responses(
        (status = 200, description = "Saved", body = CategoryItem),
        UpdateErrors,
    ),
    security(("bearer" = []))
)]
pub async fn update_category(
    State(app): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, AdminError> {
    caller.require(Action::ManageTaxonomy, Ownership::Other)?;
    let id = category_id(&id)?;
    let tree = app.store.categories().await?;
    let current = tree
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| AdminError::no_such("category", id))?;
    let base = CategoryForm {
        name: current.name.clone(),
        slug: current.slug.clone(),
        parent: current.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        description: current.description.clone(),
    };
    let obj = body::read(&headers, bytes, CATEGORY_FIELDS)?;
    let fields = category_fields(&obj, base)?;
    app.store
        .update_category(id, &fields, now(), &caller.actor)
        .await?;
    category_answer(&app, id, StatusCode::OK).await
}

/// Delete a category that holds no article and no subcategory.
#[utoipa::path(
    delete,
    path = "/api/admin/v1/categories/{id}",
    tag = "taxonomy",
    params(("id" = i64, Path, description = "The category's id")),
    responses(
        (status = 204, description = "Deleted"),
        DeleteErrors,
    ),
    security(("bearer" = []))
)]
pub async fn delete_category(
    State(app): State<Arc<AppState>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    caller.require(Action::ManageTaxonomy, Ownership::Other)?;
    let id = category_id(&id)?;
    app.store.delete_category(id, now(), &caller.actor).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
