//! `/admin/desk/sources`: the outlets the desk follows, with their health (last success,
//! last error in words, items per day, "quiet for N hours" when a busy source goes
//! silent); adding one by its home page or feed address through a discovery step that
//! shows what was found before anything is saved; editing; deactivating; OPML import and
//! export.

use std::collections::HashMap;

use axum::extract::{Multipart, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::desk_source::{self, SourceError};
use gazette_core::permissions::{Action, Ownership};
use gazette_core::problem::Problem;
use gazette_store::{DeskSource, SourceHealth, SourceInput, StoreError};
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::CsrfForm;
use gazette_web::i18n::keys;
use gazette_web::limits::BodyLimit;
use gazette_web::{AppState, WebError};
use serde::{Deserialize, Serialize};

use super::discover::{Discovery, discover};
use super::opml::{opml_of, sources_from_opml};
use crate::audit::utc_minute;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use crate::{Screen, gone, see_other};

const PATH: &str = "/admin/desk/sources";

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::ManageSources as Manage;
    use Ownership::Other;
    r.get(PATH, Manage, Other, list)
        .post(PATH, Manage, Other, create)
        .post("/admin/desk/sources/discover", Manage, Other, discover_step)
        .get("/admin/desk/sources.opml", Manage, Other, export)
        .post("/admin/desk/sources/import", Manage, Other, import)
        .takes(BodyLimit::Upload)
        .get("/admin/desk/sources/{id}", Manage, Other, edit)
        .post("/admin/desk/sources/{id}", Manage, Other, update)
        .post("/admin/desk/sources/{id}/active", Manage, Other, set_active)
        .post(
            "/admin/desk/sources/{id}/reextract",
            Manage,
            Other,
            reextract,
        )
}

#[derive(Serialize)]
struct SourceRow {
    id: i64,
    name: String,
    feed_url: String,
    kind: String,
    language: String,
    active: bool,
    last_success: Option<String>,
    last_error: Option<String>,
    last_outcome: String,
    per_day: String,
    total: i64,
    quiet_hours: Option<i64>,
    next_fetch: String,
}

fn row(s: DeskSource, health: Option<&SourceHealth>, at: i64) -> SourceRow {
    let health = health.copied().unwrap_or_default();
    let active = s.active;
    SourceRow {
        id: s.id,
        kind: s
            .settings
            .feed_kind
            .parse::<gazette_ingest::FeedKind>()
            .map_or(s.settings.feed_kind.clone(), |k| k.label().to_owned()),
        active,
        last_success: s.last_success_at.map(utc_minute),
        last_error: s.last_error,
        last_outcome: s.last_outcome,
        per_day: format!("{:.1}", health.per_day()),
        total: health.items_total,
        quiet_hours: if active { health.quiet_hours(at) } else { None },
        next_fetch: utc_minute(s.next_fetch_at),
        name: s.settings.name,
        feed_url: s.settings.feed_url,
        language: s.settings.language,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: Option<String>,
    n: Option<String>,
}

#[derive(Serialize, Default)]
struct ListPage {
    sources: Vec<SourceRow>,
    address: String,
    error: Option<String>,
    /// Sources just added from an OPML file.
    imported: Option<i64>,
}

/// The confirmation after a redirect, as a catalogue key (said in the reader's language).
fn notice(done: &Done) -> Option<String> {
    let key = match done.done.as_deref()? {
        "added" => keys::NOTICE_DESK_SOURCE_ADDED,
        "saved" => keys::NOTICE_DESK_SOURCE_SAVED,
        "on" => keys::NOTICE_DESK_SOURCE_ON,
        "off" => keys::NOTICE_DESK_SOURCE_OFF,
        _ => return None,
    };
    Some(key.to_owned())
}

async fn render_list(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    mut page: ListPage,
) -> Result<Response, WebError> {
    let at = now();
    let health: HashMap<i64, SourceHealth> = app
        .store
        .desk_source_health(at)
        .await?
        .into_iter()
        .map(|h| (h.source_id, h))
        .collect();
    page.sources = app
        .store
        .desk_sources()
        .await?
        .into_iter()
        .map(|s| {
            let h = health.get(&s.id);
            row(s, h, at)
        })
        .collect();
    Screen::keyed("admin/desk_sources.html", PATH, keys::DESK_SOURCES_TITLE)
        .render(app, user, status, notice, page)
        .await
}

/// `GET /admin/desk/sources`
async fn list(Staff { app, user }: Staff, Query(done): Query<Done>) -> Result<Response, WebError> {
    // The OPML import's count is a number in a message with plurals: the template says it.
    let imported = (done.done.as_deref() == Some("imported"))
        .then(|| done.n.as_deref().and_then(|n| n.parse().ok()).unwrap_or(0));
    let page = ListPage {
        imported,
        ..ListPage::default()
    };
    render_list(&app, &user, StatusCode::OK, notice(&done), page).await
}

#[derive(Deserialize, Default)]
pub struct AddressForm {
    #[serde(default)]
    address: String,
}

#[derive(Serialize, Default)]
struct SourcePage {
    /// Set when editing.
    id: Option<i64>,
    form: FormValues,
    /// The discovery step's findings, when adding.
    discovery: Option<Discovery>,
    address: String,
    categories: Vec<(i64, String)>,
    error: Option<String>,
    active: bool,
}

/// The form as shown (text, as typed).
#[derive(Serialize, Deserialize, Default, Clone)]
#[serde(default)]
pub struct FormValues {
    pub(crate) name: String,
    pub(crate) outlet: String,
    pub(crate) home_url: String,
    pub(crate) feed_url: String,
    pub(crate) feed_kind: String,
    pub(crate) language: String,
    pub(crate) category_id: String,
    pub(crate) fetch_minutes: String,
    pub(crate) full_text: Option<String>,
    pub(crate) css_selector: String,
    pub(crate) retention_days: String,
}

impl FormValues {
    pub(crate) fn of(input: &SourceInput) -> FormValues {
        FormValues {
            name: input.name.clone(),
            outlet: input.outlet.clone(),
            home_url: input.home_url.clone(),
            feed_url: input.feed_url.clone(),
            feed_kind: input.feed_kind.clone(),
            language: input.language.clone(),
            category_id: input.category_id.map(|c| c.to_string()).unwrap_or_default(),
            fetch_minutes: (input.fetch_interval / 60).to_string(),
            full_text: input.full_text.then(|| "1".to_owned()),
            css_selector: input.css_selector.clone(),
            retention_days: input.retention_days.to_string(),
        }
    }

    /// The input, or the first problem in English (the Admin API's words).
    pub(crate) fn input(&self) -> Result<SourceInput, String> {
        self.read().map_err(|e| e.to_string())
    }

    /// The input, or what in the text cannot be read.
    fn read(&self) -> Result<SourceInput, FormError> {
        let number = |raw: &str, what: Number, default: i64| -> Result<i64, FormError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(default);
            }
            raw.parse::<i64>()
                .map_err(|_| FormError::Number(what, raw.chars().take(40).collect()))
        };
        let minutes = number(&self.fetch_minutes, Number::Interval, 15)?;
        let retention = number(&self.retention_days, Number::Retention, 90)?;
        let category_id = match self.category_id.trim() {
            "" => None,
            c => Some(c.parse::<i64>().map_err(|_| FormError::Category)?),
        };
        let selector = self.css_selector.trim();
        if !selector.is_empty() && !gazette_ingest::extract::valid_selector(selector) {
            return Err(FormError::Selector(selector.to_owned()));
        }
        let outlet = if self.outlet.trim().is_empty() {
            self.name.trim()
        } else {
            self.outlet.trim()
        };
        Ok(SourceInput {
            name: self.name.trim().to_owned(),
            outlet: outlet.to_owned(),
            home_url: self.home_url.trim().to_owned(),
            feed_url: self.feed_url.trim().to_owned(),
            feed_kind: if self.feed_kind.is_empty() {
                "rss".to_owned()
            } else {
                self.feed_kind.clone()
            },
            language: self.language.trim().to_lowercase(),
            category_id,
            fetch_interval: minutes.saturating_mul(60),
            full_text: self.full_text.is_some(),
            css_selector: selector.to_owned(),
            retention_days: retention,
        })
    }
}

/// Which number of the form could not be read.
#[derive(Debug, Clone, Copy)]
enum Number {
    Interval,
    Retention,
}

/// What in the form's text cannot be read, before the core's rules are applied.
#[derive(Debug, thiserror::Error)]
enum FormError {
    #[error("{what} must be a whole number, not “{raw}”", what = match .0 { Number::Interval => "The fetch interval", Number::Retention => "Retention" }, raw = .1)]
    Number(Number, String),
    #[error("Choose a category from the list.")]
    Category,
    #[error(
        "“{0}” is not a valid CSS selector; check it against the page's markup (e.g. article .content)."
    )]
    Selector(String),
}

impl FormError {
    /// The same refusal for the form's screen.
    fn problem(&self) -> Problem {
        match self {
            FormError::Number(Number::Interval, raw) => {
                Problem::new(keys::PROBLEM_DESK_INTERVAL_NUMBER).text("value", raw.as_str())
            }
            FormError::Number(Number::Retention, raw) => {
                Problem::new(keys::PROBLEM_DESK_RETENTION_NUMBER).text("value", raw.as_str())
            }
            FormError::Category => Problem::new(keys::PROBLEM_DESK_CATEGORY),
            FormError::Selector(s) => {
                Problem::new(keys::PROBLEM_DESK_SELECTOR).text("value", s.as_str())
            }
        }
    }
}

pub(super) async fn categories(app: &AppState) -> Result<Vec<(i64, String)>, WebError> {
    Ok(app
        .store
        .categories()
        .await?
        .iter()
        .map(|c| (c.id, format!("{}{}", "— ".repeat(c.depth()), c.name)))
        .collect())
}

async fn render_source(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    mut page: SourcePage,
) -> Result<Response, WebError> {
    page.categories = categories(app).await?;
    let words = Words::of(app, user).await?;
    let (path, title) = match page.id {
        Some(id) => (
            format!("{PATH}/{id}"),
            words.t_with(
                keys::DESK_SOURCE_TITLE,
                &[("name", Words::text(&page.form.name))],
            ),
        ),
        None => (PATH.to_owned(), words.t(keys::DESK_ADD_SOURCE)),
    };
    Screen::new("admin/desk_source.html", &path, &title)
        .render(app, user, status, None, page)
        .await
}

/// `POST /admin/desk/sources/discover`: the feeds found at an address, each with a form
/// to follow it.
async fn discover_step(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<AddressForm>,
) -> Result<Response, WebError> {
    let mut address = form.address.trim().to_owned();
    if !address.is_empty() && !address.contains("://") {
        address = format!("https://{address}");
    }
    if address.is_empty() {
        let page = ListPage {
            error: Some(
                Words::of(&app, &user)
                    .await?
                    .t(keys::PROBLEM_DESK_ADDRESS_EMPTY),
            ),
            ..ListPage::default()
        };
        return render_list(&app, &user, StatusCode::BAD_REQUEST, None, page).await;
    }
    let discovery = discover(
        &address,
        app.config.fetch_allow_private,
        &app.config.base_url,
    )
    .await;
    if let Some(error) = discovery
        .error
        .clone()
        .filter(|_| discovery.found.is_empty())
    {
        let page = ListPage {
            address,
            error: Some(
                Words::of(&app, &user)
                    .await?
                    .t_with(keys::PROBLEM_DESK_NO_FEED, &[("why", Words::text(&error))]),
            ),
            ..ListPage::default()
        };
        return render_list(&app, &user, StatusCode::UNPROCESSABLE_ENTITY, None, page).await;
    }
    let page = SourcePage {
        address,
        discovery: Some(discovery),
        active: true,
        ..SourcePage::default()
    };
    render_source(&app, &user, StatusCode::OK, page).await
}

/// A store refusal the form can explain (the rules were checked before; a source saved
/// meanwhile can still take the feed).
fn refusal(e: &StoreError) -> Option<Problem> {
    match e {
        StoreError::Duplicate { value, .. } => {
            Some(Problem::new(keys::PROBLEM_DESK_FOLLOWED).text("value", value.as_str()))
        }
        // An imported outline the rules refuse: the store's words.
        StoreError::Invalid { field, message, .. } => Some(
            Problem::new(keys::PROBLEM_DESK_STORE)
                .text("field", *field)
                .text("message", message.as_str()),
        ),
        _ => None,
    }
}

/// `POST /admin/desk/sources`: follow a feed chosen in the discovery step.
async fn create(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<FormValues>,
) -> Result<Response, WebError> {
    save(&app, &user, None, true, form).await
}

/// Adds (`id` None) or saves a source from the form; a refused form is shown again with
/// the problem in words.
async fn save(
    app: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    active: bool,
    form: FormValues,
) -> Result<Response, WebError> {
    let problems = match form.read() {
        Err(e) => vec![e.problem()],
        Ok(input) => {
            let broken: Vec<Problem> = desk_source::check(&input.fields())
                .iter()
                .map(SourceError::problem)
                .collect();
            if !broken.is_empty() {
                broken
            } else {
                let actor = user.actor();
                let result = match id {
                    None => app
                        .store
                        .add_desk_source(&input, &actor, now())
                        .await
                        .map(|_| "added"),
                    Some(id) => app
                        .store
                        .update_desk_source(id, &input, &actor, now())
                        .await
                        .map(|()| "saved"),
                };
                match result {
                    Ok(done) => return see_other(&format!("{PATH}?done={done}")),
                    Err(e) => match refusal(&e) {
                        Some(problem) => vec![problem],
                        None => return Err(gone(e)),
                    },
                }
            }
        }
    };
    let words = Words::of(app, user).await?;
    let error = problems
        .iter()
        .map(|p| words.problem(p))
        .collect::<Vec<_>>()
        .join(" ");
    let page = SourcePage {
        id,
        form,
        error: Some(error),
        active,
        ..SourcePage::default()
    };
    render_source(app, user, StatusCode::UNPROCESSABLE_ENTITY, page).await
}

async fn load(app: &AppState, id: i64) -> Result<DeskSource, WebError> {
    app.store.desk_source(id).await?.ok_or(WebError::NotFound)
}

/// `GET /admin/desk/sources/{id}`
async fn edit(Staff { app, user }: Staff, Id(id): Id) -> Result<Response, WebError> {
    let source = load(&app, id).await?;
    let page = SourcePage {
        id: Some(id),
        form: FormValues::of(&source.settings),
        active: source.active,
        ..SourcePage::default()
    };
    render_source(&app, &user, StatusCode::OK, page).await
}

/// `POST /admin/desk/sources/{id}`
async fn update(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<FormValues>,
) -> Result<Response, WebError> {
    let source = load(&app, id).await?;
    save(&app, &user, Some(id), source.active, form).await
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

/// `POST /admin/desk/sources/{id}/active`
async fn set_active(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Result<Response, WebError> {
    let on = form.active == "1";
    app.store
        .set_desk_source_active(id, on, &user.actor(), now())
        .await
        .map_err(gone)?;
    see_other(&format!("{PATH}?done={}", if on { "on" } else { "off" }))
}

/// `GET /admin/desk/sources.opml`
async fn export(Staff { app, .. }: Staff) -> Result<Response, WebError> {
    let sources = app.store.desk_sources().await?;
    let name = app.site().await?.name.clone();
    Ok((
        [
            (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"desk-sources.opml\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        opml_of(&format!("{name}: desk sources"), &sources),
    )
        .into_response())
}

/// `POST /admin/desk/sources/import`: an OPML file (multipart, field `file`).
async fn import(
    Staff { app, user }: Staff,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let unreadable = |why: String| {
        WebError::BadRequest(format!(
            "The OPML upload could not be read ({why}): use the import form on the sources page."
        ))
    };
    let mut multipart = multipart.map_err(|e| unreadable(e.body_text()))?;
    let (mut csrf, mut file) = (String::new(), Vec::new());
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let data = field.bytes().await.map_err(|e| unreadable(e.body_text()))?;
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&data).into_owned(),
            "file" => file = data.to_vec(),
            _ => {}
        }
    }
    if !user.csrf_ok(&csrf) {
        return Err(WebError::csrf());
    }
    let words = Words::of(&app, &user).await?;
    let refuse = |problem: Problem| ListPage {
        error: Some(words.problem(&problem)),
        ..ListPage::default()
    };
    if file.is_empty() {
        return render_list(
            &app,
            &user,
            StatusCode::BAD_REQUEST,
            None,
            refuse(Problem::new(keys::PROBLEM_DESK_OPML_EMPTY)),
        )
        .await;
    }
    let text = String::from_utf8_lossy(&file);
    let sources = match sources_from_opml(&text) {
        Ok(s) => s,
        Err(e) => {
            return render_list(
                &app,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                refuse(Problem::new(keys::PROBLEM_DESK_OPML_UNREADABLE).text("why", e.to_string())),
            )
            .await;
        }
    };
    match app
        .store
        .import_desk_sources(&sources, &user.actor(), now())
        .await
    {
        Ok(n) => see_other(&format!("{PATH}?done=imported&n={n}")),
        Err(e) => match refusal(&e) {
            Some(problem) => {
                render_list(
                    &app,
                    &user,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    refuse(Problem::new(keys::PROBLEM_DESK_NOT_IMPORTED).said("why", problem)),
                )
                .await
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// Items re-extracted per batch (each a stored page of up to 2 MiB).
const REEXTRACT_BATCH: i64 = 50;

/// `POST /admin/desk/sources/{id}/reextract`: the source's stored pages extracted again
/// with its current rule (after the CSS selector changed), without fetching anything.
async fn reextract(
    Staff { app, .. }: Staff,
    Id(id): Id,
    CsrfForm(_form): CsrfForm<EmptyForm>,
) -> Result<Response, WebError> {
    let source = load(&app, id).await?;
    let selector = Some(source.settings.css_selector.clone()).filter(|s| !s.trim().is_empty());
    let (mut after, mut done) = (0, 0);
    loop {
        let pages = app.store.desk_raw_pages(id, after, REEXTRACT_BATCH).await?;
        let Some(last) = pages.last() else { break };
        after = last.id;
        let selector = selector.clone();
        let contents = tokio::task::spawn_blocking(move || {
            pages
                .into_iter()
                .filter_map(|p| {
                    gazette_ingest::extract::extract(&p.raw_html, &p.url, selector.as_deref())
                        .ok()
                        .map(|x| (p.id, x.html))
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| WebError::Internal(format!("the extraction stopped: {e}")))?;
        done += contents.len();
        app.store.set_desk_contents(&contents, now()).await?;
    }
    see_other(&format!("{PATH}?done=reextracted&n={done}"))
}
