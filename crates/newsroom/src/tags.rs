//! `/admin/tags`: the tag list (search, pages of [`PER_PAGE`], article counts) and one
//! screen per tag to rename it, mark it as a special topic, merge it into another tag or
//! delete it. Editors and admins (`ManageTaxonomy`); slug changes and merges leave
//! permanent redirects, written by the store in the same transaction.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use gazette_core::permissions::{Action, Ownership};
use gazette_core::slug;
use gazette_store::{StoreError, TagUsage};
use serde::{Deserialize, Serialize};

use super::{CsrfForm, Screen, allowed, page, read_form, see_other};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::error_page;

/// Tags per screen of the list.
const PER_PAGE: i64 = 50;
/// Longest tag name accepted.
const MAX_NAME: usize = 100;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/tags", get(list))
        .route("/admin/tags/{id}", get(edit).post(update))
        .route("/admin/tags/{id}/special", post(special))
        .route("/admin/tags/{id}/merge", post(merge))
        .route("/admin/tags/{id}/delete", post(delete))
}

#[derive(Serialize)]
struct TagView {
    id: i64,
    slug: String,
    name: String,
    special: bool,
    articles: i64,
}

impl From<TagUsage> for TagView {
    fn from(t: TagUsage) -> Self {
        TagView {
            id: t.id,
            slug: t.slug,
            name: t.name,
            special: t.special != 0,
            articles: t.articles,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

#[derive(Serialize)]
struct ListPage {
    q: String,
    tags: Vec<TagView>,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
}

fn list_url(q: &str, page: i64) -> String {
    let mut url = format!("/admin/tags?page={page}");
    if !q.is_empty() {
        url.push_str("&q=");
        url.push_str(
            &percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        );
    }
    url
}

fn notice_for(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "saved" => "Tag saved.",
            "special" => "Special topic updated.",
            "merged" => "Tags merged; the old address now redirects.",
            "deleted" => "Tag deleted.",
            _ => return None,
        }
        .to_owned(),
    )
}

/// `GET /admin/tags?q=&page=`
async fn list(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> Response {
    let path = "/admin/tags";
    if let Err(refused) = allowed(&app, &user, path, Action::ManageTaxonomy, Ownership::Other).await
    {
        return refused;
    }
    let q = query.q.trim().chars().take(100).collect::<String>();
    let page_no = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let list = match app
        .store
        .tag_list(&q, (page_no - 1).saturating_mul(PER_PAGE), PER_PAGE)
        .await
    {
        Ok(l) => l,
        Err(e) => return error_page(&app, path, not_found_if_gone(e)).await,
    };
    let pages = ((list.total + PER_PAGE - 1) / PER_PAGE).max(1);
    page(
        &app,
        &user,
        Screen {
            template: "admin/tags.html",
            path,
            title: "Tags",
        },
        StatusCode::OK,
        notice_for(query.done.as_deref()),
        ListPage {
            prev: (page_no > 1).then(|| list_url(&q, page_no - 1)),
            next: (page_no < pages).then(|| list_url(&q, page_no + 1)),
            q,
            tags: list.tags.into_iter().map(TagView::from).collect(),
            total: list.total,
            page: page_no,
            pages,
        },
    )
    .await
}

#[derive(Serialize, Default)]
struct EditPage {
    tag: Option<TagView>,
    /// Values to show in the rename form (the submitted ones after a refusal).
    name: String,
    slug: String,
    special: bool,
    into: String,
    error: Option<String>,
    /// Which form the error belongs to: `rename`, `merge` or `delete`.
    error_for: &'static str,
}

async fn load(app: &AppState, id: &str) -> Result<TagUsage, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    app.store.tag_usage(id).await?.ok_or(WebError::NotFound)
}

async fn render_edit(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    mut view: EditPage,
    tag: TagUsage,
    notice: Option<String>,
) -> Response {
    let path = format!("/admin/tags/{}", tag.id);
    let title = format!("Tag: {}", tag.name);
    view.tag = Some(TagView::from(tag));
    page(
        app,
        user,
        Screen {
            template: "admin/tag.html",
            path: &path,
            title: &title,
        },
        status,
        notice,
        view,
    )
    .await
}

/// `GET /admin/tags/{id}`
async fn edit(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let path = format!("/admin/tags/{id}");
    if let Err(refused) =
        allowed(&app, &user, &path, Action::ManageTaxonomy, Ownership::Other).await
    {
        return refused;
    }
    let tag = match load(&app, &id).await {
        Ok(t) => t,
        Err(e) => return error_page(&app, &path, e).await,
    };
    let view = EditPage {
        name: tag.name.clone(),
        slug: tag.slug.clone(),
        special: tag.special != 0,
        error_for: "",
        ..EditPage::default()
    };
    render_edit(
        &app,
        &user,
        StatusCode::OK,
        view,
        tag,
        notice_for(query.done.as_deref()),
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct TagForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    special: Option<String>,
    #[serde(default)]
    into: String,
    #[serde(default)]
    confirm: Option<String>,
    /// Where to go back to after a one-click change from the list.
    #[serde(default)]
    back: String,
}

impl CsrfForm for TagForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Checks the user, the CSRF token and that the tag exists: the preamble of every POST.
async fn prepare(
    app: &AppState,
    user: &CurrentUser,
    id: &str,
    action: &str,
    form: Result<Form<TagForm>, FormRejection>,
) -> Result<(TagForm, TagUsage), Response> {
    let path = format!("/admin/tags/{id}{action}");
    allowed(app, user, &path, Action::ManageTaxonomy, Ownership::Other).await?;
    let form = read_form(app, user, &path, form).await?;
    match load(app, id).await {
        Ok(tag) => Ok((form, tag)),
        Err(e) => Err(error_page(app, &path, e).await),
    }
}

/// A refusal of one of the tag screen's forms: the screen again, values kept, status 400.
async fn refuse(
    app: &AppState,
    user: &CurrentUser,
    tag: TagUsage,
    form: &TagForm,
    error_for: &'static str,
    message: String,
) -> Response {
    let view = EditPage {
        name: form.name.clone(),
        slug: form.slug.clone(),
        special: form.special.is_some(),
        into: form.into.clone(),
        error: Some(message),
        error_for,
        tag: None,
    };
    let view = if error_for == "rename" {
        view
    } else {
        EditPage {
            name: tag.name.clone(),
            slug: tag.slug.clone(),
            special: tag.special != 0,
            ..view
        }
    };
    render_edit(app, user, StatusCode::BAD_REQUEST, view, tag, None).await
}

/// `POST /admin/tags/{id}`: rename (name and slug) and set the special-topic flag.
async fn update(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<TagForm>, FormRejection>,
) -> Response {
    let (form, tag) = match prepare(&app, &user, &id, "", form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let name = form.name.trim();
    if name.is_empty() {
        return refuse(
            &app,
            &user,
            tag,
            &form,
            "rename",
            "Name: enter the tag's name as readers see it.".into(),
        )
        .await;
    }
    if name.chars().count() > MAX_NAME {
        return refuse(
            &app,
            &user,
            tag,
            &form,
            "rename",
            format!("Name: at most {MAX_NAME} characters are allowed."),
        )
        .await;
    }
    let new_slug = form.slug.trim();
    let new_slug = if new_slug.is_empty() {
        slug::slugify(name)
    } else {
        new_slug.to_owned()
    };
    if let Err(e) = slug::validate(&new_slug) {
        return refuse(&app, &user, tag, &form, "rename", format!("Slug: {e}.")).await;
    }
    let special = form.special.is_some();
    match app
        .store
        .update_tag(tag.id, name, &new_slug, special, now(), &user.actor())
        .await
    {
        Ok(()) => {
            app.invalidate().await;
            see_other(&format!("/admin/tags/{}?done=saved", tag.id))
        }
        Err(StoreError::Duplicate { .. }) => {
            refuse(&app, &user, tag, &form, "rename", format!("Slug: another tag already uses `{new_slug}`; choose another slug, or merge the two tags below.")).await
        }
        Err(e) => error_page(&app, &format!("/admin/tags/{id}"), not_found_if_gone(e)).await,
    }
}

/// `POST /admin/tags/{id}/special`: the list's one-click mark/unmark (`special=1` marks).
async fn special(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<TagForm>, FormRejection>,
) -> Response {
    let (form, tag) = match prepare(&app, &user, &id, "/special", form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let special = form.special.as_deref() == Some("1");
    match app
        .store
        .update_tag(tag.id, &tag.name, &tag.slug, special, now(), &user.actor())
        .await
    {
        Ok(()) => {
            app.invalidate().await;
            // Only back to the list (a same-site path), never elsewhere.
            let back = if form.back.starts_with("/admin/tags")
                && !form.back.contains("//")
                && form.back.bytes().all(|b| b.is_ascii_graphic())
            {
                form.back.as_str()
            } else {
                "/admin/tags"
            };
            let sep = if back.contains('?') { '&' } else { '?' };
            see_other(&format!("{back}{sep}done=special"))
        }
        Err(e) => error_page(&app, &format!("/admin/tags/{id}"), not_found_if_gone(e)).await,
    }
}

/// `POST /admin/tags/{id}/merge`: `into` is the slug of the tag that stays.
async fn merge(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<TagForm>, FormRejection>,
) -> Response {
    let (form, tag) = match prepare(&app, &user, &id, "/merge", form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let into_slug = form
        .into
        .trim()
        .trim_matches('/')
        .trim_start_matches("tag/");
    if into_slug.is_empty() {
        return refuse(
            &app,
            &user,
            tag,
            &form,
            "merge",
            "Merge into: enter the slug of the tag that stays.".into(),
        )
        .await;
    }
    let into = match app.store.tag_by_slug(into_slug).await {
        Ok(Some(t)) => t,
        Ok(None) => {
            return refuse(&app, &user, tag, &form, "merge", format!("Merge into: there is no tag with the slug `{into_slug}`; check the list of tags.")).await;
        }
        Err(e) => return error_page(&app, "/admin/tags", not_found_if_gone(e)).await,
    };
    if into.id == tag.id {
        return refuse(
            &app,
            &user,
            tag,
            &form,
            "merge",
            "Merge into: a tag cannot be merged into itself; enter another tag's slug.".into(),
        )
        .await;
    }
    match app
        .store
        .merge_tags(tag.id, into.id, now(), &user.actor())
        .await
    {
        Ok(_) => {
            app.invalidate().await;
            see_other(&format!("/admin/tags/{}?done=merged", into.id))
        }
        Err(e) => error_page(&app, "/admin/tags", not_found_if_gone(e)).await,
    }
}

/// `POST /admin/tags/{id}/delete`: a tag still on articles needs `confirm`.
async fn delete(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<TagForm>, FormRejection>,
) -> Response {
    let (form, tag) = match prepare(&app, &user, &id, "/delete", form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if tag.articles > 0 && form.confirm.is_none() {
        let message = format!(
            "Delete: this tag is on {} article(s); tick the box to confirm that it should be removed from them.",
            tag.articles
        );
        return refuse(&app, &user, tag, &form, "delete", message).await;
    }
    match app.store.delete_tag(tag.id, now(), &user.actor()).await {
        Ok(_) => {
            app.invalidate().await;
            see_other("/admin/tags?done=deleted")
        }
        Err(e) => error_page(&app, "/admin/tags", not_found_if_gone(e)).await,
    }
}

/// A tag deleted by someone else meanwhile is "not found", not a server fault.
fn not_found_if_gone(e: StoreError) -> WebError {
    match e {
        StoreError::Missing { .. } => WebError::NotFound,
        e => e.into(),
    }
}
