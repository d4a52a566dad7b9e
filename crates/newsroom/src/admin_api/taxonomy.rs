//! Reads the writer of an article needs to fill in its ids: categories, tags, authors and
//! static pages. Any staff key may read them; categories are also written here, with the
//! newsroom category form's own check (`taxonomy::fields`) and store writes.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use gazette_core::permissions::{Action, Ownership};
use gazette_web::AppState;
use gazette_web::auth::now;

use super::body::JsonObject;
use gazette_core::model::Category;

use crate::taxonomy::CategoryForm;

use super::dto::{
    AuthorItem, AuthorList, CategoryItem, CategoryList, PageItem, PageList, TagItem, TagList,
};
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};

/// Most tags listed (most used first would need another query; these are alphabetical).
const MAX_TAGS: i64 = 10_000;

endpoint! {
    /// Every category, in menu order.
    get "/api/admin/v1/categories", tag "taxonomy",
    answers (200, "Every category", CategoryList), StaffErrors;
    fn categories(app, caller) {
        caller.require(Action::CreateDraft, Ownership::Own)?;
        let items = app
            .store
            .categories()
            .await?
            .iter()
            .map(CategoryItem::from)
            .collect();
        Ok(super::json(&CategoryList { items }))
    }
}

endpoint! {
    /// Every tag, with how many articles carry it.
    get "/api/admin/v1/tags", tag "taxonomy",
    answers (200, "Every tag", TagList), StaffErrors;
    fn tags(app, caller) {
        caller.require(Action::CreateDraft, Ownership::Own)?;
        let items = app
            .store
            .tag_list("", 0, MAX_TAGS)
            .await?
            .tags
            .into_iter()
            .map(TagItem::from)
            .collect();
        Ok(super::json(&TagList { items }))
    }
}

endpoint! {
    /// Every byline author (ids for `author_ids` and `translator_ids`).
    get "/api/admin/v1/authors", tag "taxonomy",
    answers (200, "Every author", AuthorList), StaffErrors;
    fn authors(app, caller) {
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
}

endpoint! {
    /// Every static page, published or not (for roles that manage pages).
    get "/api/admin/v1/pages", tag "pages",
    answers (200, "Every page", PageList), StaffErrors;
    fn pages(app, caller) {
        caller.require(Action::ManagePages, Ownership::Other)?;
        let items = app
            .store
            .all_pages()
            .await?
            .into_iter()
            .map(PageItem::from)
            .collect();
        Ok(super::json(&PageList { items }))
    }
}

/// The category a JSON body describes, over `base` (the current one on update), checked
/// by the newsroom's category form check (lengths: by the store, for both).
fn category_fields(
    obj: &JsonObject,
    base: CategoryForm,
) -> Result<gazette_store::CategoryFields, AdminError> {
    let mut form = base;
    let strings = [
        ("name", &mut form.name),
        ("slug", &mut form.slug),
        ("description", &mut form.description),
    ];
    obj.strings_over(strings, |v| gazette_core::text::clean_input(&v))?;
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

/// The category `id` in `tree`, or a 404.
fn find(tree: &[Category], id: i64) -> Result<&Category, AdminError> {
    found(tree.iter().find(|c| c.id == id), "category", id)
}

async fn category_answer(app: &AppState, id: i64, status: StatusCode) -> super::Answer {
    let tree = app.store.categories().await?;
    Ok(super::json_with(
        status,
        &CategoryItem::from(find(&tree, id)?),
    ))
}

fn category_id(raw: &str) -> Result<i64, AdminError> {
    super::error::path_id(raw, "category")
}

endpoint! {
    /// Create a category.
    post "/api/admin/v1/categories", tag "taxonomy",
    answers (201, "Created", CategoryItem), CreateErrors;
    fn create_category(app, caller, Body(body) super::dto::CategoryWrite) {
        caller.require(Action::ManageTaxonomy, Ownership::Other)?;
        let obj = body.read(CATEGORY_FIELDS)?;
        let fields = category_fields(&obj, CategoryForm::default())?;
        let id = app
            .store
            .add_category(&fields, now(), &caller.actor)
            .await?;
        category_answer(&app, id, StatusCode::CREATED).await
    }
}

endpoint! {
    /// Change a category (only the fields sent).
    patch "/api/admin/v1/categories/{id}", tag "taxonomy",
    answers (200, "Saved", CategoryItem), UpdateErrors;
    fn update_category(
        app,
        caller,
        Path(id) "The category's id",
        Body(body) super::dto::CategoryWrite
    ) {
        caller.require(Action::ManageTaxonomy, Ownership::Other)?;
        let id = category_id(&id)?;
        let tree = app.store.categories().await?;
        let current = find(&tree, id)?;
        let base = CategoryForm {
            name: current.name.clone(),
            slug: current.slug.clone(),
            parent: current.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            description: current.description.clone(),
        };
        let obj = body.read(CATEGORY_FIELDS)?;
        let fields = category_fields(&obj, base)?;
        app.store
            .update_category(id, &fields, now(), &caller.actor)
            .await?;
        category_answer(&app, id, StatusCode::OK).await
    }
}

endpoint! {
    /// Delete a category that holds no article and no subcategory.
    delete "/api/admin/v1/categories/{id}", tag "taxonomy",
    answers (204, "Deleted"), DeleteErrors;
    fn delete_category(app, caller, Path(id) "The category's id") {
        caller.require(Action::ManageTaxonomy, Ownership::Other)?;
        let id = category_id(&id)?;
        app.store.delete_category(id, now(), &caller.actor).await?;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}
