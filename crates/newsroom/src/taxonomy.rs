//! `/admin/categories`: the category tree for admins and editors: list with article
//! counts, create, edit (rename, re-slug, move under another parent: the store rewrites
//! the subtree's paths and redirects the old URLs), reorder among siblings, delete when
//! unused. Tags have their own screen (`tags.rs`).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::model::Category;
use gazette_core::permissions::{Action, Ownership};
use gazette_core::problem::Problem;
use gazette_core::slug;
use gazette_core::text::capitalize;
use gazette_store::{CategoryFields, CategoryUse, StoreError};
use serde::{Deserialize, Serialize};

use crate::button::Button;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::{DoneQuery, gone};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::CsrfForm;
use gazette_web::i18n::keys;

const LIST: &str = "/admin/categories";

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::ManageTaxonomy as Manage;
    use Ownership::Other;
    r.get(LIST, Manage, Other, list)
        .post(LIST, Manage, Other, create)
        .get("/admin/categories/{id}", Manage, Other, edit)
        .post("/admin/categories/{id}", Manage, Other, update)
        .post("/admin/categories/{id}/up", Manage, Other, reorder::<true>)
        .post(
            "/admin/categories/{id}/down",
            Manage,
            Other,
            reorder::<false>,
        )
        .post("/admin/categories/{id}/delete", Manage, Other, delete)
}

/// The category form as posted; also what a refused form shows again.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct CategoryForm {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) parent: String,
    pub(crate) description: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    path: String,
    depth: usize,
    articles: i64,
    children: i64,
    first: bool,
    last: bool,
}

#[derive(Serialize)]
struct ParentOption {
    id: i64,
    label: String,
}

#[derive(Serialize)]
struct ListPage {
    rows: Vec<Row>,
    parents: Vec<ParentOption>,
    form: CategoryForm,
    error: Option<String>,
    /// The field the error is about, to mark it.
    error_field: Option<&'static str>,
}

#[derive(Serialize)]
struct EditPage {
    id: i64,
    url: String,
    parents: Vec<ParentOption>,
    form: CategoryForm,
    error: Option<String>,
    error_field: Option<&'static str>,
    articles: i64,
    children: i64,
}

fn done_notice(code: &str) -> Option<String> {
    Some(
        match code {
            "created" => keys::NOTICE_CATEGORY_CREATED,
            "saved" => keys::NOTICE_CATEGORY_SAVED,
            "moved" => keys::NOTICE_CATEGORY_MOVED,
            "deleted" => keys::NOTICE_CATEGORY_DELETED,
            _ => return None,
        }
        .to_owned(),
    )
}

/// Parent choices: every category, indented by depth, except `exclude` and its subtree.
fn parent_options(tree: &[CategoryUse], exclude: Option<&Category>) -> Vec<ParentOption> {
    tree.iter()
        .map(|u| &u.category)
        .filter(|c| {
            exclude.is_none_or(|x| c.id != x.id && !c.path.starts_with(&format!("{}/", x.path)))
        })
        .map(|c| ParentOption {
            id: c.id,
            label: format!("{}{}", "— ".repeat(c.depth()), c.name),
        })
        .collect()
}

fn rows(tree: &[CategoryUse]) -> Vec<Row> {
    tree.iter()
        .map(|u| {
            let c = &u.category;
            let siblings: Vec<i64> = tree
                .iter()
                .filter(|o| o.category.parent_id == c.parent_id)
                .map(|o| o.category.id)
                .collect();
            Row {
                id: c.id,
                name: c.name.clone(),
                path: c.path.clone(),
                depth: c.depth(),
                articles: u.articles,
                children: u.children,
                first: siblings.first() == Some(&c.id),
                last: siblings.last() == Some(&c.id),
            }
        })
        .collect()
}

/// A refusal and its field, said in the screen's language.
async fn said(
    app: &AppState,
    user: &CurrentUser,
    error: Option<(&'static str, Problem)>,
) -> Result<(Option<&'static str>, Option<String>), WebError> {
    Ok(match error {
        Some((field, problem)) => {
            let words = crate::words::Words::of(app, user).await?;
            (Some(field), Some(words.problem(&problem)))
        }
        None => (None, None),
    })
}

async fn render_list(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    form: CategoryForm,
    error: Option<(&'static str, Problem)>,
) -> Result<Response, WebError> {
    let tree = app.store.category_uses().await?;
    let (error_field, error) = said(app, user, error).await?;
    super::Screen::keyed("admin/categories.html", LIST, keys::NAV_CATEGORIES)
        .render(
            app,
            user,
            status,
            notice,
            ListPage {
                rows: rows(&tree),
                parents: parent_options(&tree, None),
                form,
                error,
                error_field,
            },
        )
        .await
}

async fn render_edit(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
    status: StatusCode,
    form: Option<CategoryForm>,
    error: Option<(&'static str, Problem)>,
) -> Result<Response, WebError> {
    let path = format!("{LIST}/{id}");
    let tree = app.store.category_uses().await?;
    let Some(me) = tree.iter().find(|u| u.category.id == id) else {
        return Err(WebError::NotFound);
    };
    let c = &me.category;
    let form = form.unwrap_or_else(|| CategoryForm {
        name: c.name.clone(),
        slug: c.slug.clone(),
        parent: c.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        description: c.description.clone(),
    });
    let (error_field, error) = said(app, user, error).await?;
    let title = crate::words::Words::of(app, user).await?.t_with(
        keys::EDIT_NAMED,
        &[("name", crate::words::Words::text(&c.name))],
    );
    super::Screen::new("admin/category_edit.html", &path, &title)
        .render(
            app,
            user,
            status,
            None,
            EditPage {
                id,
                url: gazette_core::urls::category_path(&c.path),
                parents: parent_options(&tree, Some(c)),
                form,
                error,
                error_field,
                articles: me.articles,
                children: me.children,
            },
        )
        .await
}

/// Checks the form's fields and turns them into the store's; a refusal names the field.
/// The Admin API checks its categories here too (in English words).
pub(crate) fn fields(form: &CategoryForm) -> Result<CategoryFields, (&'static str, String)> {
    checked(form).map_err(|(field, e)| (field, e.to_string()))
}

/// Why the form's own check refuses a category; `Display` is the Admin API's English.
#[derive(Debug, thiserror::Error)]
enum FieldError {
    #[error("Name: give the category a name.")]
    Name,
    #[error("Slug `{0}`: {1}. Use lowercase letters, digits and single hyphens.")]
    Slug(String, slug::SlugError),
    #[error("Parent `{0}` is not one of the listed categories.")]
    Parent(String),
}

impl FieldError {
    fn problem(&self) -> Problem {
        match self {
            FieldError::Name => Problem::new(keys::PROBLEM_CATEGORY_NAME),
            FieldError::Slug(value, e) => Problem::new(keys::PROBLEM_CATEGORY_SLUG)
                .text("value", value.as_str())
                .said("why", e.problem()),
            FieldError::Parent(raw) => {
                Problem::new(keys::PROBLEM_CATEGORY_PARENT).text("value", raw.as_str())
            }
        }
    }
}

/// [`fields`] with the refusal as data, for the screen.
fn checked(form: &CategoryForm) -> Result<CategoryFields, (&'static str, FieldError)> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(("name", FieldError::Name));
    }
    let slug = crate::slug_or_from(&form.slug, name);
    if let Err(e) = slug::validate(&slug) {
        return Err(("slug", FieldError::Slug(slug, e)));
    }
    let parent_id = match form.parent.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                let shown = raw.chars().take(40).collect();
                return Err(("parent", FieldError::Parent(shown)));
            }
        },
    };
    Ok(CategoryFields {
        name: name.to_owned(),
        slug,
        parent_id,
        description: form.description.trim().to_owned(),
    })
}

/// A store refusal for the form, or `None` for a server fault. The store's own rules
/// (depth, cycles) keep its English words inside the sentence.
fn refusal(e: &StoreError) -> Option<(&'static str, Problem)> {
    match e {
        StoreError::Invalid { field, message, .. } => Some((
            field,
            Problem::new(keys::PROBLEM_CATEGORY_STORE)
                .text("field", capitalize(field))
                .text("message", message.as_str()),
        )),
        StoreError::Duplicate { value, .. } => Some((
            "slug",
            Problem::new(keys::PROBLEM_CATEGORY_TAKEN).text("value", value.as_str()),
        )),
        _ => None,
    }
}

/// `GET /admin/categories`.
async fn list(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let form = CategoryForm::default();
    render_list(
        &app,
        &user,
        StatusCode::OK,
        done_notice(q.done.as_deref().unwrap_or_default()),
        form,
        None,
    )
    .await
}

/// `POST /admin/categories`: create.
async fn create(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<CategoryForm>,
) -> Result<Response, WebError> {
    let result = match checked(&form) {
        Ok(f) => app
            .store
            .add_category(&f, now(), &user.actor())
            .await
            .map_err(|e| refusal(&e).ok_or(e)),
        Err((field, e)) => Err(Ok((field, e.problem()))),
    };
    match result {
        Ok(_) => super::see_other(&format!("{LIST}?done=created")),
        Err(Ok(refused)) => {
            render_list(
                &app,
                &user,
                StatusCode::BAD_REQUEST,
                None,
                form,
                Some(refused),
            )
            .await
        }
        Err(Err(e)) => Err(e.into()),
    }
}

/// `GET /admin/categories/{id}`.
async fn edit(Staff { app, user }: Staff, Id(id): Id) -> Result<Response, WebError> {
    render_edit(&app, &user, id, StatusCode::OK, None, None).await
}

/// `POST /admin/categories/{id}`: save.
async fn update(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<CategoryForm>,
) -> Result<Response, WebError> {
    let result = match checked(&form) {
        Ok(f) => app
            .store
            .update_category(id, &f, now(), &user.actor())
            .await
            .map_err(|e| refusal(&e).ok_or(e)),
        Err((field, e)) => Err(Ok((field, e.problem()))),
    };
    match result {
        Ok(()) => super::see_other(&format!("{LIST}?done=saved")),
        Err(Ok(refused)) => {
            render_edit(
                &app,
                &user,
                id,
                StatusCode::BAD_REQUEST,
                Some(form),
                Some(refused),
            )
            .await
        }
        Err(Err(e)) => Err(gone(e)),
    }
}

/// `POST /admin/categories/{id}/up` (`UP`) and `POST /admin/categories/{id}/down`.
async fn reorder<const UP: bool>(Button { app, user, id }: Button) -> Result<Response, WebError> {
    match app.store.move_category(id, UP, now(), &user.actor()).await {
        Ok(_) => super::see_other(&format!("{LIST}?done=moved#category-{id}")),
        Err(e) => Err(gone(e)),
    }
}

/// `POST /admin/categories/{id}/delete`: refused (400, with counts) while in use.
async fn delete(Button { app, user, id }: Button) -> Result<Response, WebError> {
    match app.store.delete_category(id, now(), &user.actor()).await {
        Ok(()) => super::see_other(&format!("{LIST}?done=deleted")),
        Err(StoreError::Invalid { message, .. }) => {
            render_list(
                &app,
                &user,
                StatusCode::BAD_REQUEST,
                None,
                CategoryForm::default(),
                Some((
                    "delete",
                    Problem::new(keys::PROBLEM_CATEGORY_NOT_DELETED).text("message", message),
                )),
            )
            .await
        }
        Err(e) => Err(gone(e)),
    }
}
