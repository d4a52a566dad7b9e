//! `/admin`: the newsroom. One submodule per area (articles, media, taxonomy, pages, site
//! settings and menu, staff); each exposes `routes()` and renders through [`page`], which
//! wraps its template in the newsroom's shell (navigation filtered by role, CSRF token,
//! flash notice). Every handler takes a [`CurrentUser`] (anonymous visitors are sent to
//! sign in) and reads a posted form through [`gazette_web::form::CsrfForm`], which checks
//! its CSRF token; handlers return `Result<Response, WebError>`, the error rendering
//! itself as the themed page. The store writes the audit entry in the same transaction as
//! the change.

pub mod admin_api;
pub mod api_keys;
pub mod articles;
pub mod audit;
mod button;
pub mod dashboard;
pub mod desk;
pub mod digest;
mod id;
mod languages;
pub mod media;
pub mod pages;
pub mod site;
pub mod staff;
mod staff_request;
mod table;
pub mod tags;
pub mod taxonomy;
mod words;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gazette_core::permissions::{Action, Ownership};
use serde::{Deserialize, Serialize};

use gazette_web::WebError;
use gazette_web::account::private_page_in;
use gazette_web::auth::CurrentUser;
use gazette_web::i18n::keys;
use gazette_web::{AppState, Mounted};

use table::Routes;
pub use table::{Method, Need, RouteInfo};

/// Every `/admin` route, each guarded by the permission it is registered with, and the
/// body limits they declare (for `gazette_web::router`).
pub fn router(app: Arc<AppState>) -> Mounted {
    let (api, api_limits) = admin_api::routes();
    let mounted = declare(Some(app)).into_mounted_with(api_limits);
    Mounted {
        router: mounted.router.merge(api),
        limits: mounted.limits,
    }
}

/// Every `/admin` route as (method, path pattern, what it needs), in registration order.
pub fn route_table() -> Vec<RouteInfo> {
    declare(None).into_table()
}

/// Each area adds its own routes, in this order.
fn declare(app: Option<Arc<AppState>>) -> Routes {
    const SCREENS: &[fn(Routes) -> Routes] = &[
        dashboard::routes,
        articles::routes,
        media::routes,
        taxonomy::routes,
        tags::routes,
        pages::routes,
        site::routes,
        staff::routes,
        desk::routes,
        digest::routes,
        api_keys::routes,
        audit::routes,
    ];
    SCREENS.iter().fold(Routes::new(app), |r, add| add(r))
}

/// One entry of the newsroom's navigation.
#[derive(Serialize)]
struct NavItem {
    /// The catalogue key of its name.
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
    /// The newsroom languages offered under the person's name, and the screen's path (the
    /// language form returns to it).
    languages: Vec<LanguageChoice>,
    path: &'a str,
}

/// One language of the newsroom's language menu.
#[derive(Serialize)]
struct LanguageChoice {
    code: String,
    name: String,
    selected: bool,
}

fn language_choices(app: &AppState, user: &CurrentUser) -> Vec<LanguageChoice> {
    let chosen = user.user.ui_language.as_deref();
    app.theme
        .catalogues
        .languages()
        .map(|code| LanguageChoice {
            name: gazette_core::lang::native_name(code),
            selected: chosen == Some(code),
            code: code.to_owned(),
        })
        .collect()
}

#[derive(Serialize)]
struct ShellPage<'a, T: Serialize> {
    admin: Shell<'a>,
    #[serde(flatten)]
    page: T,
}

/// The areas in the navigation (their names' catalogue keys) and the action that shows each.
const AREAS: &[(&str, &str, Action, Ownership)] = &[
    (
        keys::NAV_DASHBOARD,
        "/admin",
        Action::EnterNewsroom,
        Ownership::Own,
    ),
    (
        keys::NAV_ARTICLES,
        "/admin/articles",
        Action::CreateDraft,
        Ownership::Own,
    ),
    (
        keys::NAV_REVIEW,
        "/admin/review",
        Action::CreateDraft,
        Ownership::Own,
    ),
    (
        keys::NAV_MEDIA,
        "/admin/media",
        Action::ManageMedia,
        Ownership::Own,
    ),
    (
        keys::NAV_CATEGORIES,
        "/admin/categories",
        Action::ManageTaxonomy,
        Ownership::Other,
    ),
    (
        keys::NAV_TAGS,
        "/admin/tags",
        Action::ManageTaxonomy,
        Ownership::Other,
    ),
    (
        keys::NAV_PAGES,
        "/admin/pages",
        Action::ManagePages,
        Ownership::Other,
    ),
    (
        keys::NAV_MENU,
        "/admin/menu",
        Action::ManageMenu,
        Ownership::Other,
    ),
    (
        keys::NAV_DESK,
        "/admin/desk",
        Action::ManageSources,
        Ownership::Other,
    ),
    (
        keys::NAV_SETTINGS,
        "/admin/settings",
        Action::ManageSettings,
        Ownership::Other,
    ),
    (
        keys::NAV_STAFF,
        "/admin/staff",
        Action::ManageStaff,
        Ownership::Other,
    ),
    (
        keys::NAV_DIGEST,
        "/admin/digest",
        Action::ManageDigest,
        Ownership::Other,
    ),
    (
        keys::NAV_API_KEYS,
        "/admin/api-keys",
        Action::EnterNewsroom,
        Ownership::Own,
    ),
    (
        keys::NAV_AUDIT,
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
    template: &'a str,
    path: &'a str,
    title: &'a str,
    /// The title is a catalogue key, said in the screen's language.
    title_is_key: bool,
}

impl<'a> Screen<'a> {
    pub(crate) fn new(template: &'a str, path: &'a str, title: &'a str) -> Self {
        Screen {
            template,
            path,
            title,
            title_is_key: false,
        }
    }

    /// A screen whose title is the catalogue message `key`.
    pub(crate) fn keyed(template: &'a str, path: &'a str, key: &'a str) -> Self {
        Screen {
            title_is_key: true,
            ..Screen::new(template, path, key)
        }
    }

    /// Renders the screen inside the newsroom shell; never cached, never indexed. `notice`
    /// is a one-line confirmation shown above the page.
    pub(crate) async fn render<T: Serialize>(
        self,
        app: &AppState,
        user: &CurrentUser,
        status: StatusCode,
        notice: Option<String>,
        page: T,
    ) -> Result<Response, WebError> {
        let ui_lang = user.user.ui_language.as_deref();
        let words = words::Words::of(app, user).await?;
        // A notice that is a catalogue key (`keys::NOTICE_…`) is said in the page's language.
        let notice = match notice {
            Some(n) if n.starts_with("notice-") => Some(words.t(&n)),
            other => other,
        };
        let title = if self.title_is_key {
            words.t(self.title)
        } else {
            self.title.to_owned()
        };
        private_page_in(
            app,
            ui_lang,
            self.template,
            self.path,
            &title,
            status,
            ShellPage {
                admin: Shell {
                    csrf: &user.session.csrf_token,
                    user_name: &user.user.name,
                    user_email: &user.user.email,
                    role: user.user.role.as_str(),
                    nav: nav(user, self.path),
                    notice,
                    languages: language_choices(app, user),
                    path: self.path,
                },
                page,
            },
            Vec::new(),
        )
        .await
    }
}

/// What a store error means to a newsroom handler: a thing someone else deleted meanwhile
/// is "not found", not a server fault.
pub(crate) fn gone(e: gazette_store::StoreError) -> WebError {
    match e {
        gazette_store::StoreError::Missing { .. } => WebError::NotFound,
        e => e.into(),
    }
}

/// After a successful POST: back to a page with a short confirmation code in `?done=`
/// (Post/Redirect/Get, so a reload does not resubmit).
pub(crate) fn see_other(to: &str) -> Result<Response, WebError> {
    Ok(Redirect::to(to).into_response())
}

/// The slug typed into a form (trimmed), or one made from `name` when it was left empty.
pub(crate) fn slug_or_from(typed: &str, name: &str) -> String {
    match typed.trim() {
        "" => gazette_core::slug::slugify(name),
        typed => typed.to_owned(),
    }
}

/// After a write readers see: empties the page cache, then [`see_other`] to `to`.
pub(crate) async fn changed(app: &AppState, to: &str) -> Result<Response, WebError> {
    app.invalidate().await;
    see_other(to)
}

/// The query of a screen [`see_other`] sends back to: the code of the notice to show.
#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub(crate) done: Option<String>,
}
