//! `/admin/tags`: the tag list (search, pages of [`PER_PAGE`], article counts) and one
//! screen per tag to rename it, mark it as a special topic, merge it into another tag or
//! delete it. Editors and admins (`ManageTaxonomy`); slug changes and merges leave
//! permanent redirects, written by the store in the same transaction.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership};
use gazette_core::problem::Problem;
use gazette_core::slug;
use gazette_core::urls;
use gazette_store::{StoreError, TagUsage};
use serde::{Deserialize, Serialize};

use super::{Screen, changed, gone};
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::CsrfForm;
use gazette_web::i18n::keys;

/// Tags per screen of the list.
const PER_PAGE: i64 = 50;
/// Longest tag name accepted.
const MAX_NAME: usize = gazette_core::limits::TAG_NAME_MAX;

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::ManageTaxonomy as Manage;
    use Ownership::Other;
    r.get("/admin/tags", Manage, Other, list)
        .get("/admin/tags/{id}", Manage, Other, edit)
        .post("/admin/tags/{id}", Manage, Other, update)
        .post("/admin/tags/{id}/special", Manage, Other, special)
        .post("/admin/tags/{id}/merge", Manage, Other, merge)
        .post("/admin/tags/{id}/delete", Manage, Other, delete)
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
#[serde(default)]
pub struct ListQuery {
    q: String,
    page: Option<String>,
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
    urls::with_query("/admin/tags", &[("page", &page.to_string()), ("q", q)])
}

fn notice_for(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "saved" => keys::NOTICE_TAG_SAVED,
            "special" => keys::NOTICE_TAG_SPECIAL,
            "merged" => keys::NOTICE_TAG_MERGED,
            "deleted" => keys::NOTICE_TAG_DELETED,
            _ => return None,
        }
        .to_owned(),
    )
}

/// `GET /admin/tags?q=&page=`
async fn list(
    Staff { app, user }: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let path = "/admin/tags";
    let q = query.q.trim().chars().take(100).collect::<String>();
    let page_no = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let list = app
        .store
        .tag_list(&q, (page_no - 1).saturating_mul(PER_PAGE), PER_PAGE)
        .await
        .map_err(gone)?;
    let pages = ((list.total + PER_PAGE - 1) / PER_PAGE).max(1);
    Screen::keyed("admin/tags.html", path, keys::NAV_TAGS)
        .render(
            &app,
            &user,
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

/// The tag `id` (the preamble of every screen and POST: the route checks the role, the
/// form's CSRF token is checked as it is read), or the 404 page.
async fn load(app: &AppState, id: i64) -> Result<TagUsage, WebError> {
    app.store.tag_usage(id).await?.ok_or(WebError::NotFound)
}

async fn render_edit(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    mut view: EditPage,
    tag: TagUsage,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let path = format!("/admin/tags/{}", tag.id);
    let title = Words::of(app, user)
        .await?
        .t_with(keys::TAG_HEADING, &[("name", Words::text(&tag.name))]);
    view.tag = Some(TagView::from(tag));
    Screen::new("admin/tag.html", &path, &title)
        .render(app, user, status, notice, view)
        .await
}

/// `GET /admin/tags/{id}`
async fn edit(
    Staff { app, user }: Staff,
    Id(id): Id,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let tag = load(&app, id).await?;
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
#[serde(default)]
pub struct TagForm {
    name: String,
    slug: String,
    special: Option<String>,
    into: String,
    confirm: Option<String>,
    /// Where to go back to after a one-click change from the list.
    back: String,
}

/// A refusal of one of the tag screen's forms: the screen again, values kept, status 400.
async fn refuse(
    app: &AppState,
    user: &CurrentUser,
    tag: TagUsage,
    form: &TagForm,
    error_for: &'static str,
    problem: Problem,
) -> Result<Response, WebError> {
    let message = Words::of(app, user).await?.problem(&problem);
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
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<TagForm>,
) -> Result<Response, WebError> {
    let tag = load(&app, id).await?;
    let (name, new_slug) = match renamed(&form) {
        Ok(renamed) => renamed,
        Err(e) => return refuse(&app, &user, tag, &form, "rename", e.problem()).await,
    };
    let special = form.special.is_some();
    match app
        .store
        .update_tag(tag.id, name, &new_slug, special, now(), &user.actor())
        .await
    {
        Ok(()) => changed(&app, &format!("/admin/tags/{}?done=saved", tag.id)).await,
        Err(StoreError::Duplicate { .. }) => {
            let problem = Problem::new(keys::PROBLEM_TAG_SLUG_TAKEN).text("value", new_slug);
            refuse(&app, &user, tag, &form, "rename", problem).await
        }
        Err(e) => Err(gone(e)),
    }
}

/// The rename form's name and slug (made from the name when left empty), or what is wrong.
fn renamed(form: &TagForm) -> Result<(&str, String), NameError> {
    checked_name(&form.name, &form.slug)
}

/// Why a tag's name or slug is refused; `Display` is the Admin API's English.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NameError {
    #[error("Name: enter the tag's name as readers see it.")]
    Empty,
    #[error("Name: at most {MAX_NAME} characters are allowed.")]
    TooLong,
    #[error("Slug: {0}.")]
    Slug(slug::SlugError),
}

impl NameError {
    /// The same refusal for the newsroom's screen.
    fn problem(&self) -> Problem {
        match self {
            NameError::Empty => Problem::new(keys::PROBLEM_TAG_NAME_EMPTY),
            NameError::TooLong => Problem::new(keys::PROBLEM_TAG_NAME_LONG).number("max", MAX_NAME),
            NameError::Slug(e) => Problem::new(keys::PROBLEM_TAG_SLUG).said("why", e.problem()),
        }
    }
}

/// A tag's new name and slug (made from the name when empty), or what is wrong: the
/// newsroom's rename form and the Admin API check with this.
pub(crate) fn check_name<'a>(name: &'a str, slug: &str) -> Result<(&'a str, String), String> {
    checked_name(name, slug).map_err(|e| e.to_string())
}

fn checked_name<'a>(name: &'a str, slug: &str) -> Result<(&'a str, String), NameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_NAME {
        return Err(NameError::TooLong);
    }
    let new_slug = crate::slug_or_from(slug, name);
    slug::validate(&new_slug).map_err(NameError::Slug)?;
    Ok((name, new_slug))
}

/// `POST /admin/tags/{id}/special`: the list's one-click mark/unmark (`special=1` marks).
async fn special(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<TagForm>,
) -> Result<Response, WebError> {
    let tag = load(&app, id).await?;
    let special = form.special.as_deref() == Some("1");
    app.store
        .update_tag(tag.id, &tag.name, &tag.slug, special, now(), &user.actor())
        .await
        .map_err(gone)?;
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
    changed(&app, &format!("{back}{sep}done=special")).await
}

/// `POST /admin/tags/{id}/merge`: `into` is the slug of the tag that stays.
async fn merge(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<TagForm>,
) -> Result<Response, WebError> {
    let tag = load(&app, id).await?;
    let into_slug = form
        .into
        .trim()
        .trim_matches('/')
        .trim_start_matches("tag/");
    let into = if into_slug.is_empty() {
        Err(Problem::new(keys::PROBLEM_TAG_MERGE_EMPTY))
    } else {
        match app.store.tag_by_slug(into_slug).await.map_err(gone)? {
            None => Err(Problem::new(keys::PROBLEM_TAG_MERGE_UNKNOWN).text("value", into_slug)),
            Some(t) if t.id == tag.id => Err(Problem::new(keys::PROBLEM_TAG_MERGE_ITSELF)),
            Some(t) => Ok(t),
        }
    };
    let into = match into {
        Ok(into) => into,
        Err(problem) => return refuse(&app, &user, tag, &form, "merge", problem).await,
    };
    app.store
        .merge_tags(tag.id, into.id, now(), &user.actor())
        .await
        .map_err(gone)?;
    changed(&app, &format!("/admin/tags/{}?done=merged", into.id)).await
}

/// `POST /admin/tags/{id}/delete`: a tag still on articles needs `confirm`.
async fn delete(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<TagForm>,
) -> Result<Response, WebError> {
    let tag = load(&app, id).await?;
    if tag.articles > 0 && form.confirm.is_none() {
        let n = usize::try_from(tag.articles).unwrap_or(usize::MAX);
        let problem = Problem::new(keys::PROBLEM_TAG_DELETE_CONFIRM).number("n", n);
        return refuse(&app, &user, tag, &form, "delete", problem).await;
    }
    app.store
        .delete_tag(tag.id, now(), &user.actor())
        .await
        .map_err(gone)?;
    changed(&app, "/admin/tags?done=deleted").await
}
