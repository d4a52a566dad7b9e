//! `/admin`: the newsroom. One submodule per area (articles, media, taxonomy, pages, site
//! settings and menu, staff); each exposes `routes()` and renders through [`page`], which
//! wraps its template in the newsroom's shell (navigation filtered by role, CSRF token,
//! flash notice). Every handler takes a [`CurrentUser`] (anonymous visitors are sent to
//! sign in), checks its action with [`allowed`] and verifies the form's CSRF token with
//! [`read_form`] before doing anything; the store writes the audit entry in the same
//! transaction as the change.

pub mod articles;
pub mod audit;
pub mod dashboard;
pub mod media;
pub mod pages;
pub mod site;
pub mod staff;
pub mod tags;
pub mod taxonomy;

use std::sync::Arc;

use axum::Form;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gazette_core::permissions::{Action, Ownership};
use serde::Serialize;
use serde::de::DeserializeOwned;

use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::account::private_page;
use gazette_web::auth::{self, CurrentUser, forbidden_page};
use gazette_web::error_page;

pub use staff::invitation_mail;

/// Every `/admin` route; each area adds its own.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .merge(dashboard::routes())
        .merge(articles::routes())
        .merge(media::routes())
        .merge(taxonomy::routes())
        .merge(tags::routes())
        .merge(pages::routes())
        .merge(site::routes())
        .merge(staff::routes())
        .merge(audit::routes())
}

/// One entry of the newsroom's navigation.
#[derive(Serialize)]
struct NavItem {
    label: &'static str,
    url: &'static str,
    active: bool,
}

/// What the shell template (`admin/layout.html`) needs besides the page's own fields.
#[derive(Serialize)]
struct Shell<'a> {
    csrf: &'a str,
    user_name: &'a str,
    user_email: &'a str,
    role: &'static str,
    nav: Vec<NavItem>,
    notice: Option<String>,
}

#[derive(Serialize)]
struct ShellPage<'a, T: Serialize> {
    admin: Shell<'a>,
    #[serde(flatten)]
    page: T,
}

/// The areas in the navigation and the action that shows each.
const AREAS: &[(&str, &str, Action, Ownership)] = &[
    ("Overview", "/admin", Action::EnterNewsroom, Ownership::Own),
    (
        "Articles",
        "/admin/articles",
        Action::CreateDraft,
        Ownership::Own,
    ),
    (
        "Review queue",
        "/admin/review",
        Action::CreateDraft,
        Ownership::Own,
    ),
    ("Media", "/admin/media", Action::ManageMedia, Ownership::Own),
    (
        "Categories",
        "/admin/categories",
        Action::ManageTaxonomy,
        Ownership::Other,
    ),
    (
        "Tags",
        "/admin/tags",
        Action::ManageTaxonomy,
        Ownership::Other,
    ),
    (
        "Pages",
        "/admin/pages",
        Action::ManagePages,
        Ownership::Other,
    ),
    ("Menu", "/admin/menu", Action::ManageMenu, Ownership::Other),
    (
        "Settings",
        "/admin/settings",
        Action::ManageSettings,
        Ownership::Other,
    ),
    (
        "Staff",
        "/admin/staff",
        Action::ManageStaff,
        Ownership::Other,
    ),
    (
        "Audit log",
        "/admin/audit",
        Action::ViewAudit,
        Ownership::Other,
    ),
];

fn nav(user: &CurrentUser, path: &str) -> Vec<NavItem> {
    AREAS
        .iter()
        .filter(|(_, _, action, ownership)| user.can(*action, *ownership))
        .map(|&(label, url, _, _)| NavItem {
            label,
            url,
            active: if url == "/admin" {
                path == "/admin" || path == "/admin/"
            } else {
                path == url || path.starts_with(&format!("{url}/"))
            },
        })
        .collect()
}

/// Which newsroom screen to render: its template (extending `admin/layout.html`), its path
/// (for the navigation) and its title.
pub(crate) struct Screen<'a> {
    pub template: &'a str,
    pub path: &'a str,
    pub title: &'a str,
}

/// Renders a screen inside the newsroom shell; never cached, never indexed. `notice` is a
/// one-line confirmation shown above the page.
pub(crate) async fn page<T: Serialize>(
    app: &AppState,
    user: &CurrentUser,
    screen: Screen<'_>,
    status: StatusCode,
    notice: Option<String>,
    page: T,
) -> Response {
    let Screen {
        template,
        path,
        title,
    } = screen;
    private_page(
        app,
        template,
        path,
        title,
        status,
        ShellPage {
            admin: Shell {
                csrf: &user.session.csrf_token,
                user_name: &user.user.name,
                user_email: &user.user.email,
                role: user.user.role.as_str(),
                nav: nav(user, path),
                notice,
            },
            page,
        },
        Vec::new(),
    )
    .await
}

/// `Ok(())` when the user may do `action`, else the themed 403 page naming what is missing.
pub(crate) async fn allowed(
    app: &AppState,
    user: &CurrentUser,
    path: &str,
    action: Action,
    ownership: Ownership,
) -> Result<(), Response> {
    match user.require(action, ownership) {
        Ok(()) => Ok(()),
        Err(refusal) => Err(forbidden_page(app, path, refusal).await),
    }
}

/// A posted form that carries the session's CSRF token in a `csrf` field.
pub(crate) trait CsrfForm {
    fn csrf(&self) -> &str;
}

/// Unpacks a posted form: 400 naming the problem when it cannot be read, 403 when its
/// CSRF token is not this session's.
pub(crate) async fn read_form<T: DeserializeOwned + CsrfForm>(
    app: &AppState,
    user: &CurrentUser,
    path: &str,
    form: Result<Form<T>, FormRejection>,
) -> Result<T, Response> {
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => {
            return Err(error_page(
                app,
                path,
                WebError::BadRequest(format!("The form could not be read: {}", e.body_text())),
            )
            .await);
        }
    };
    if !user.csrf_ok(form.csrf()) {
        return Err(auth::csrf_refused(app, path).await);
    }
    Ok(form)
}

/// After a successful POST: back to a page with a short confirmation code in `?done=`
/// (Post/Redirect/Get, so a reload does not resubmit).
pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
