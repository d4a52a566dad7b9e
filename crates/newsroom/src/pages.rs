//! `/admin/pages`: static pages (about, privacy, terms…): the list, the editor (title,
//! slug, Markdown body with preview, published flag) and deletion. Editors and admins
//! (`ManagePages`). Slugs share `/{slug}/` with articles, so the store refuses one taken
//! by either; a published page whose slug changes keeps its old address as a redirect.

use std::sync::Arc;

use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::model::{Page, SiteSettings};
use gazette_core::permissions::{Action, Ownership};
use gazette_core::problem::Problem;
use gazette_core::{markdown, slug};
use gazette_store::{PageInput, StoreError};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{DoneQuery, Screen, changed, gone, see_other};
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::CsrfForm;
use gazette_web::i18n::keys;
use gazette_web::limits::BodyLimit;

const MAX_TITLE: usize = gazette_core::limits::PAGE_TITLE_MAX;
const MAX_BODY: usize = gazette_core::limits::PAGE_BODY_MAX;

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::ManagePages as Manage;
    use Ownership::Other;
    r.get("/admin/pages", Manage, Other, list)
        .get("/admin/pages/new", Manage, Other, new_page)
        .post("/admin/pages/new", Manage, Other, create)
        .takes(BodyLimit::Text)
        .post("/admin/pages/preview", Manage, Other, preview)
        .takes(BodyLimit::Text)
        .get("/admin/pages/{id}", Manage, Other, edit)
        .post("/admin/pages/{id}", Manage, Other, update)
        .takes(BodyLimit::Text)
        .post("/admin/pages/{id}/delete", Manage, Other, delete)
}

#[derive(Serialize)]
struct PageRowView {
    id: i64,
    slug: String,
    title: String,
    published: bool,
    modified: String,
    legal: Option<&'static str>,
}

fn notice_for(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "created" => keys::NOTICE_PAGE_CREATED,
            "saved" => keys::NOTICE_PAGE_SAVED,
            "deleted" => keys::NOTICE_PAGE_DELETED,
            _ => return None,
        }
        .to_owned(),
    )
}

fn date(t: OffsetDateTime) -> String {
    let d = t.date();
    format!("{}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Which legal-page setting, if any, links to `slug`.
fn legal_of(s: &SiteSettings, slug: &str) -> Option<&'static str> {
    [
        ("privacy", &s.privacy_page),
        ("terms", &s.terms_page),
        ("cookies", &s.cookies_page),
    ]
    .into_iter()
    .find(|(_, used)| used.as_str() == slug)
    .map(|(name, _)| name)
}

/// [`legal_of`] with the stored settings.
async fn legal_use(app: &AppState, slug: &str) -> Result<Option<&'static str>, WebError> {
    Ok(legal_of(&app.store.settings().await?, slug))
}

#[derive(Serialize)]
struct ListPage {
    pages: Vec<PageRowView>,
}

/// `GET /admin/pages`
async fn list(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let settings = app.store.settings().await?;
    let pages = app
        .store
        .all_pages()
        .await?
        .into_iter()
        .map(|p| PageRowView {
            legal: legal_of(&settings, &p.slug),
            modified: date(p.modified_at),
            id: p.id,
            slug: p.slug,
            title: p.title,
            published: p.published,
        })
        .collect();
    Screen::keyed("admin/pages.html", "/admin/pages", keys::NAV_PAGES)
        .render(
            &app,
            &user,
            StatusCode::OK,
            notice_for(q.done.as_deref()),
            ListPage { pages },
        )
        .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageForm {
    pub(crate) title: String,
    pub(crate) slug: String,
    pub(crate) body: String,
    pub(crate) published: Option<String>,
    pub(crate) language: String,
    /// `preview` re-renders the editor with the preview instead of saving.
    pub(crate) op: String,
    pub(crate) confirm: Option<String>,
}

#[derive(Serialize, Default)]
struct EditorPage {
    /// None for a new page.
    id: Option<i64>,
    title: String,
    slug: String,
    body: String,
    published: bool,
    language: String,
    /// The site's languages for the language choice, the page's selected.
    languages: Vec<crate::languages::LanguageOpt>,
    /// The slug stored now, for the "view" link and the delete form.
    current_slug: Option<String>,
    current_published: bool,
    preview_html: Option<String>,
    errors: Vec<String>,
    delete_error: Option<String>,
    legal: Option<&'static str>,
}

async fn render_editor(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    mut view: EditorPage,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let settings = app.store.settings().await?;
    if view.language.is_empty() {
        view.language = settings.language.clone();
    }
    view.languages = crate::languages::options(&settings, &view.language);
    let (path, title) = match view.id {
        Some(id) => (format!("/admin/pages/{id}"), keys::EDIT_PAGE),
        None => ("/admin/pages/new".to_owned(), keys::NEW_PAGE),
    };
    Screen::keyed("admin/page_edit.html", &path, title)
        .render(app, user, status, notice, view)
        .await
}

fn editor_of(p: Page) -> EditorPage {
    EditorPage {
        id: Some(p.id),
        title: p.title,
        slug: p.slug.clone(),
        body: p.body_markdown,
        published: p.published,
        language: p.language,
        current_slug: Some(p.slug),
        current_published: p.published,
        ..EditorPage::default()
    }
}

async fn load(app: &AppState, id: i64) -> Result<Page, WebError> {
    app.store.page_by_id(id).await?.ok_or(WebError::NotFound)
}

/// `GET /admin/pages/new`
async fn new_page(Staff { app, user }: Staff) -> Result<Response, WebError> {
    let view = EditorPage {
        published: true,
        ..EditorPage::default()
    };
    render_editor(&app, &user, StatusCode::OK, view, None).await
}

/// `GET /admin/pages/{id}`
async fn edit(
    Staff { app, user }: Staff,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let found = load(&app, id).await?;
    let legal = legal_use(&app, &found.slug).await?;
    let view = EditorPage {
        legal,
        ..editor_of(found)
    };
    render_editor(
        &app,
        &user,
        StatusCode::OK,
        view,
        notice_for(q.done.as_deref()),
    )
    .await
}

/// The form's fields checked, each problem with the field it is about; the input to store.
fn validate(form: &PageForm) -> Result<PageInput, Vec<(&'static str, Problem)>> {
    let mut errors = Vec::new();
    let title = form.title.trim();
    if title.is_empty() {
        errors.push(("title", Problem::new(keys::PROBLEM_PAGE_TITLE_EMPTY)));
    } else if title.chars().count() > MAX_TITLE {
        errors.push((
            "title",
            Problem::new(keys::PROBLEM_PAGE_TITLE_LONG).number("max", MAX_TITLE),
        ));
    }
    let slug_value = crate::slug_or_from(&form.slug, title);
    if let Err(e) = slug::validate(&slug_value) {
        errors.push((
            "slug",
            Problem::new(keys::PROBLEM_PAGE_SLUG).said("why", e.problem()),
        ));
    }
    if form.body.chars().count() > MAX_BODY {
        errors.push((
            "body",
            Problem::new(keys::PROBLEM_PAGE_BODY_LONG).number("max", MAX_BODY),
        ));
    }
    let language = form.language.trim();
    if !gazette_core::lang::is_valid_code(language) {
        errors.push((
            "language",
            Problem::new(keys::PROBLEM_PAGE_LANGUAGE)
                .text("value", language.chars().take(40).collect::<String>()),
        ));
    }
    if errors.is_empty() {
        Ok(PageInput {
            slug: slug_value,
            title: title.to_owned(),
            body_markdown: form.body.clone(),
            published: form.published.is_some(),
            language: language.to_owned(),
        })
    } else {
        Err(errors)
    }
}

/// A legal page's refusal: which setting links to it, said in the screen's words.
fn legal_problem(key: &'static str, which: &str) -> Problem {
    Problem::new(key).word("page", format!("legal-{which}-inline"))
}

/// The editor again with what was submitted.
fn editor_from_form(id: Option<i64>, form: &PageForm, current: Option<&Page>) -> EditorPage {
    EditorPage {
        id,
        title: form.title.clone(),
        slug: form.slug.clone(),
        body: form.body.clone(),
        published: form.published.is_some(),
        language: form.language.trim().to_owned(),
        current_slug: current.map(|p| p.slug.clone()),
        current_published: current.is_some_and(|p| p.published),
        ..EditorPage::default()
    }
}

async fn save(
    app: Arc<AppState>,
    user: CurrentUser,
    current: Option<Page>,
    mut form: PageForm,
) -> Result<Response, WebError> {
    form.title = gazette_core::text::clean_input(&form.title);
    form.body = gazette_core::text::clean_input(&form.body);
    let id = current.as_ref().map(|p| p.id);
    // A form without the field (an older page, a script) keeps the page's language, or
    // takes the site's for a new page.
    if form.language.trim().is_empty() {
        form.language = match &current {
            Some(p) => p.language.clone(),
            None => app.store.settings().await?.language,
        };
    }
    let mut view = editor_from_form(id, &form, current.as_ref());
    if form.op == "preview" {
        view.preview_html = Some(markdown::render(&form.body).html);
        return render_editor(&app, &user, StatusCode::OK, view, None).await;
    }
    match check_and_save_problems(&app, &user.actor(), current.as_ref(), &mut form).await {
        Ok(saved) => {
            let done = if id.is_some() { "saved" } else { "created" };
            see_other(&format!("/admin/pages/{saved}?done={done}"))
        }
        Err(PageRefused::Invalid(errors)) => {
            let words = Words::of(&app, &user).await?;
            view.errors = errors.iter().map(|(_, p)| words.problem(p)).collect();
            render_editor(&app, &user, StatusCode::BAD_REQUEST, view, None).await
        }
        Err(PageRefused::Failed(e)) => Err(e),
    }
}

/// Why a page was not saved: the problems, each with the field it is about (in English
/// words for the Admin API, as refusals for the editor's screen), or a fault.
pub(crate) enum PageRefused<E = String> {
    Invalid(Vec<(&'static str, E)>),
    Failed(WebError),
}

/// Checks `form` (cleaned first; an empty language keeps the page's, or takes the site's)
/// and saves it over `current` (a new page when `None`) as `actor`; returns the page's id.
/// The newsroom's page editor and the Admin API both save pages here; the API's refusals
/// are the English catalogue's sentences.
pub(crate) async fn check_and_save(
    app: &AppState,
    actor: &gazette_store::Actor,
    current: Option<&Page>,
    form: &mut PageForm,
) -> Result<i64, PageRefused> {
    check_and_save_problems(app, actor, current, form)
        .await
        .map_err(|refused| match refused {
            PageRefused::Invalid(errors) => PageRefused::Invalid(
                errors
                    .into_iter()
                    .map(|(field, p)| (field, app.theme.catalogues.problem("en", &p)))
                    .collect(),
            ),
            PageRefused::Failed(e) => PageRefused::Failed(e),
        })
}

/// [`check_and_save`] with its refusals as data, for a screen in any language.
async fn check_and_save_problems(
    app: &AppState,
    actor: &gazette_store::Actor,
    current: Option<&Page>,
    form: &mut PageForm,
) -> Result<i64, PageRefused<Problem>> {
    form.title = gazette_core::text::clean_input(&form.title);
    form.body = gazette_core::text::clean_input(&form.body);
    if form.language.trim().is_empty() {
        form.language = match current {
            Some(p) => p.language.clone(),
            None => match app.store.settings().await {
                Ok(s) => s.language,
                Err(e) => return Err(PageRefused::Failed(e.into())),
            },
        };
    }
    let input = validate(form).map_err(PageRefused::Invalid)?;
    // A legal page must stay reachable: the footer links to it.
    if let Some(p) = current
        && (p.slug != input.slug || !input.published)
    {
        match legal_use(app, &p.slug).await {
            Ok(Some(which)) => {
                return Err(PageRefused::Invalid(vec![(
                    "slug",
                    legal_problem(keys::PROBLEM_PAGE_LEGAL, which),
                )]));
            }
            Ok(None) => {}
            Err(e) => return Err(PageRefused::Failed(e)),
        }
    }
    match app
        .store
        .save_page(current.map(|p| p.id), &input, now(), actor)
        .await
    {
        Ok(saved) => {
            app.invalidate().await;
            Ok(saved)
        }
        Err(StoreError::Duplicate { value, .. }) => Err(PageRefused::Invalid(vec![(
            "slug",
            Problem::new(keys::PROBLEM_PAGE_TAKEN).text("value", value),
        )])),
        // The form's checks are the store's; what is left is said in the store's words.
        Err(StoreError::Invalid { field, message, .. }) => Err(PageRefused::Invalid(vec![(
            field,
            Problem::new(keys::PROBLEM_PAGE_STORE).text("message", message),
        )])),
        Err(e) => Err(PageRefused::Failed(gone(e))),
    }
}

/// `POST /admin/pages/new`
async fn create(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, WebError> {
    save(app, user, None, form).await
}

/// `POST /admin/pages/{id}`
async fn update(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, WebError> {
    let current = load(&app, id).await?;
    save(app, user, Some(current), form).await
}

/// `POST /admin/pages/{id}/delete`: needs the `confirm` box; refused for a page the
/// settings link as privacy, terms or cookies page.
async fn delete(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, WebError> {
    let current = load(&app, id).await?;
    let words = Words::of(&app, &user).await?;
    let refuse = |problem: Problem| {
        let message = words.problem(&problem);
        let app = Arc::clone(&app);
        let user = user.clone();
        let current = current.clone();
        async move {
            let legal = legal_use(&app, &current.slug).await.ok().flatten();
            let view = EditorPage {
                delete_error: Some(message),
                legal,
                ..editor_of(current)
            };
            render_editor(&app, &user, StatusCode::BAD_REQUEST, view, None).await
        }
    };
    if form.confirm.is_none() {
        return refuse(Problem::new(keys::PROBLEM_PAGE_DELETE_CONFIRM)).await;
    }
    match app
        .store
        .delete_page(current.id, now(), &user.actor())
        .await
    {
        Ok(_) => changed(&app, "/admin/pages?done=deleted").await,
        // Settings changed since the page was shown: it became a legal page meanwhile.
        Err(StoreError::Invalid { message, .. }) => {
            let problem = match legal_use(&app, &current.slug).await? {
                Some(which) => legal_problem(keys::PROBLEM_PAGE_DELETE_LEGAL, which),
                None => Problem::new(keys::PROBLEM_PAGE_STORE).text("message", message),
            };
            refuse(problem).await
        }
        Err(e) => Err(gone(e)),
    }
}

#[derive(Deserialize, Default)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// `POST /admin/pages/preview`: the body's Markdown as the site's sanitised HTML (a
/// fragment for the editor's live preview).
async fn preview(CsrfForm(form): CsrfForm<PreviewForm>) -> Result<Response, WebError> {
    if form.body.chars().count() > MAX_BODY {
        return Err(WebError::BadRequest(format!(
            "Body: at most {MAX_BODY} characters are allowed."
        )));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        markdown::render(&form.body).html,
    )
        .into_response())
}
