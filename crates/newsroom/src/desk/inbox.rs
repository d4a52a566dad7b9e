//! `/admin/desk`: the inbox of fetched items, newest first and one row per story (its
//! near-duplicates from other outlets folded in), with filters by source, category,
//! language, keyword, the editor's alerts, unread and starred (a plain GET form, so it
//! works without JavaScript and every view has an address); the editor's keyword alerts;
//! one item's page with its text, the story's other items, its earlier versions, and the
//! buttons that make a translation or reprint draft of it.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::model::Kind;
use gazette_core::permissions::{Action, Ownership};
use gazette_core::problem::Problem;
use gazette_core::{slug, urls};
use gazette_store::{
    ArticleInput, DeskAlert, DeskItem, INBOX_PAGE, InboxFilter, MAX_ALERT_CHARS, MAX_ALERTS,
    StoreError,
};
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::CsrfForm;
use gazette_web::i18n::keys;
use gazette_web::{AppState, WebError};
use serde::{Deserialize, Serialize};

use crate::audit::{utc_iso, utc_minute};
use crate::button::Button;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use crate::{Screen, gone, see_other};

const PATH: &str = "/admin/desk";

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::ManageSources as Manage;
    use Ownership::Other;
    r.get(PATH, Manage, Other, inbox)
        .get("/admin/desk/items/{id}", Manage, Other, item)
        .post("/admin/desk/items/{id}/star", Manage, Other, flag::<true>)
        .post("/admin/desk/items/{id}/read", Manage, Other, flag::<false>)
        .post(
            "/admin/desk/items/{id}/translate",
            Manage,
            Other,
            make_draft::<false>,
        )
        .post(
            "/admin/desk/items/{id}/reprint",
            Manage,
            Other,
            make_draft::<true>,
        )
        .post("/admin/desk/alerts", Manage, Other, add_alert)
        .post(
            "/admin/desk/alerts/{id}/delete",
            Manage,
            Other,
            delete_alert,
        )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InboxQuery {
    source: String,
    lang: String,
    q: String,
    unread: String,
    starred: String,
    category: String,
    alerts: String,
    /// `1`: every item on its own row, stories not folded.
    all: String,
    page: String,
}

impl InboxQuery {
    /// The store's filter; `alerts` are the editor's alert words.
    fn filter(&self, alerts: &[DeskAlert]) -> InboxFilter {
        InboxFilter {
            source_id: self.source.trim().parse().ok(),
            category_id: self.category.trim().parse().ok(),
            any_of: if self.alerts == "1" {
                alerts.iter().map(|a| a.words.clone()).collect()
            } else {
                Vec::new()
            },
            by_story: self.all != "1",
            language: Some(self.lang.trim().chars().take(20).collect::<String>())
                .filter(|l| !l.is_empty()),
            keyword: Some(self.q.trim().chars().take(100).collect::<String>())
                .filter(|k| !k.is_empty()),
            unread: self.unread == "1",
            starred: self.starred == "1",
        }
    }

    fn url(&self, page: i64) -> String {
        urls::with_query(
            PATH,
            &[
                ("source", self.source.trim()),
                ("lang", self.lang.trim()),
                ("q", self.q.trim()),
                ("unread", &self.unread),
                ("starred", &self.starred),
                ("category", self.category.trim()),
                ("alerts", &self.alerts),
                ("all", &self.all),
                ("page", &page.to_string()),
            ],
        )
    }
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    source: String,
    summary: String,
    language: String,
    when: String,
    /// `when` for `<time datetime>`.
    iso: String,
    read: bool,
    starred: bool,
    used_by: Option<(i64, String)>,
    versions: i64,
    /// Other items of the same story.
    others: i64,
    /// The editor's alerts this item mentions.
    alerts: Vec<String>,
}

#[derive(Serialize)]
struct InboxPage {
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    sources: Vec<(i64, String)>,
    languages: Vec<String>,
    source: String,
    lang: String,
    q: String,
    unread: bool,
    starred: bool,
    category: String,
    categories: Vec<(i64, String)>,
    only_alerts: bool,
    all: bool,
    /// The editor's alerts (id, words).
    my_alerts: Vec<(i64, String)>,
    alert_error: Option<String>,
    filtered: bool,
    back: String,
}

fn excerpt(html: &str) -> String {
    let text = gazette_core::sanitize::html_to_text(html);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words.iter().take(40).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 40 {
        out.push('…');
    }
    out
}

/// The alerts of `alerts` that `text` mentions (case-insensitive, in any script).
fn mentioned(alerts: &[DeskAlert], text: &str) -> Vec<String> {
    let text = text.to_lowercase();
    alerts
        .iter()
        .filter(|a| text.contains(&a.words.to_lowercase()))
        .map(|a| a.words.clone())
        .collect()
}

/// `GET /admin/desk?source=&category=&lang=&q=&alerts=1&unread=1&starred=1&all=1&page=`
async fn inbox(
    Staff { app, user }: Staff,
    Query(query): Query<InboxQuery>,
) -> Result<Response, WebError> {
    render_inbox(&app, &user, &query, StatusCode::OK, None).await
}

async fn render_inbox(
    app: &AppState,
    user: &CurrentUser,
    query: &InboxQuery,
    status: StatusCode,
    alert_error: Option<String>,
) -> Result<Response, WebError> {
    let page_no = query
        .page
        .parse::<i64>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let alerts = app.store.desk_alerts(user.user.id).await?;
    let filter = query.filter(&alerts);
    let found = app
        .store
        .desk_inbox(
            &filter,
            INBOX_PAGE,
            (page_no - 1).saturating_mul(INBOX_PAGE),
        )
        .await?;
    let pages = ((found.total + INBOX_PAGE - 1) / INBOX_PAGE).max(1);
    let sources = app
        .store
        .desk_sources()
        .await?
        .into_iter()
        .map(|s| (s.id, s.settings.name))
        .collect();
    let page = InboxPage {
        rows: found
            .rows
            .into_iter()
            .map(|r| {
                let summary = excerpt(&r.summary_html);
                Row {
                    read: r.is_read,
                    starred: r.starred,
                    id: r.id,
                    alerts: mentioned(&alerts, &format!("{}\n{summary}", r.title)),
                    summary,
                    title: r.title,
                    source: r.source_name,
                    language: r.language,
                    when: utc_minute(r.sort_at),
                    iso: utc_iso(r.sort_at),
                    used_by: r
                        .used_by_article_id
                        .map(|id| (id, r.used_by_title.unwrap_or_default())),
                    versions: r.versions,
                    others: (r.story_size - 1).max(0),
                }
            })
            .collect(),
        total: found.total,
        page: page_no,
        pages,
        prev: (page_no > 1).then(|| query.url(page_no - 1)),
        next: (page_no < pages).then(|| query.url(page_no + 1)),
        sources,
        languages: app.store.desk_languages().await?,
        source: query.source.trim().to_owned(),
        lang: query.lang.trim().to_owned(),
        q: query.q.trim().to_owned(),
        unread: filter.unread,
        starred: filter.starred,
        category: query.category.trim().to_owned(),
        categories: super::sources::categories(app).await?,
        only_alerts: query.alerts == "1",
        all: !filter.by_story,
        my_alerts: alerts.into_iter().map(|a| (a.id, a.words)).collect(),
        alert_error,
        filtered: filter
            != InboxFilter {
                by_story: filter.by_story,
                ..InboxFilter::default()
            }
            || query.alerts == "1",
        back: query.url(page_no),
    };
    Screen::keyed("admin/desk_inbox.html", PATH, keys::NAV_DESK)
        .render(app, user, status, None, page)
        .await
}

#[derive(Deserialize)]
pub struct AlertForm {
    #[serde(default)]
    words: String,
}

/// `POST /admin/desk/alerts`: follows a word or name; a refusal is shown on the inbox.
async fn add_alert(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<AlertForm>,
) -> Result<Response, WebError> {
    // The store refuses the same; checked here first to say why in the editor's language.
    let words = form.words.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = words.chars().count();
    let problem = if words.is_empty() {
        Problem::new(keys::PROBLEM_ALERT_EMPTY)
    } else if chars > MAX_ALERT_CHARS {
        Problem::new(keys::PROBLEM_ALERT_LONG)
            .number("max", MAX_ALERT_CHARS)
            .number("len", chars)
    } else {
        match app.store.add_desk_alert(user.user.id, &words, now()).await {
            Ok(()) => return see_other(PATH),
            // What is left for the store to refuse: the editor follows the most already.
            Err(StoreError::Invalid { .. }) => Problem::new(keys::PROBLEM_ALERT_TOO_MANY)
                .number("max", usize::try_from(MAX_ALERTS).unwrap_or(usize::MAX)),
            Err(e) => return Err(e.into()),
        }
    };
    let said = Words::of(&app, &user).await?.problem(&problem);
    let query = InboxQuery::default();
    render_inbox(
        &app,
        &user,
        &query,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(said),
    )
    .await
}

/// `POST /admin/desk/alerts/{id}/delete`: stops following one of the editor's alerts.
async fn delete_alert(Button { app, user, id }: Button) -> Result<Response, WebError> {
    app.store
        .delete_desk_alert(user.user.id, id)
        .await
        .map_err(gone)?;
    see_other(PATH)
}

#[derive(Serialize)]
struct Version {
    when: String,
    title: String,
}

#[derive(Serialize)]
struct ItemPage {
    id: i64,
    title: String,
    source: String,
    source_id: i64,
    outlet: String,
    url: Option<String>,
    author: Option<String>,
    language: String,
    published: Option<String>,
    fetched: String,
    starred: bool,
    body_html: String,
    full_text: bool,
    used_by: Option<(i64, String)>,
    used_by_name: Option<String>,
    used_at: Option<String>,
    versions: Vec<Version>,
    /// The same story from other outlets.
    story: Vec<StoryRow>,
    error: Option<String>,
}

#[derive(Serialize)]
struct StoryRow {
    id: i64,
    title: String,
    source: String,
    language: String,
    when: String,
}

async fn load(app: &AppState, id: i64) -> Result<DeskItem, WebError> {
    app.store.desk_item(id).await?.ok_or(WebError::NotFound)
}

async fn render_item(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    item: DeskItem,
    error: Option<String>,
) -> Result<Response, WebError> {
    let versions = app
        .store
        .desk_item_versions(item.id)
        .await?
        .into_iter()
        .map(|v| Version {
            when: utc_minute(v.recorded_at),
            title: v.title,
        })
        .collect();
    let story = app
        .store
        .desk_story_members(item.id)
        .await?
        .into_iter()
        .map(|m| StoryRow {
            id: m.id,
            title: m.title,
            source: m.source_name,
            language: m.language,
            when: utc_minute(m.sort_at),
        })
        .collect();
    let path = format!("/admin/desk/items/{}", item.id);
    let title = item.title.clone();
    let page = ItemPage {
        id: item.id,
        body_html: item.body_html().to_owned(),
        full_text: !item.content_html.trim().is_empty(),
        starred: item.starred,
        source: item.source_name.clone(),
        source_id: item.source_id,
        outlet: item.outlet.clone(),
        url: item.url.clone(),
        author: item.author.clone(),
        language: item.language.clone(),
        published: item.published_at.map(utc_minute),
        fetched: utc_minute(item.fetched_at),
        used_by: item
            .used_by_article_id
            .map(|id| (id, item.used_by_title.clone().unwrap_or_default())),
        used_by_name: item.used_by_name.clone(),
        used_at: item.used_at.map(utc_minute),
        title: item.title,
        versions,
        story,
        error,
    };
    Screen::new("admin/desk_item.html", &path, &title)
        .render(app, user, status, None, page)
        .await
}

/// `GET /admin/desk/items/{id}`: reading an item marks it read.
async fn item(Staff { app, user }: Staff, Id(id): Id) -> Result<Response, WebError> {
    let item = load(&app, id).await?;
    if !item.is_read {
        app.store.set_desk_item_read(id, true).await.map_err(gone)?;
    }
    render_item(&app, &user, StatusCode::OK, item, None).await
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    back: String,
}

/// Where to go after a flag changes: the inbox view it was changed from, or the item.
fn back_to(back: &str, id: i64) -> String {
    if back.starts_with("/admin/desk") && !back.starts_with("//") {
        back.to_owned()
    } else {
        format!("/admin/desk/items/{id}")
    }
}

/// `POST /admin/desk/items/{id}/star` (`STAR`) and `POST /admin/desk/items/{id}/read`:
/// `on=1` sets the flag; then back where the form said, or the 404 page if the item is gone.
async fn flag<const STAR: bool>(
    Staff { app, .. }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> Result<Response, WebError> {
    let on = form.on == "1";
    let result = if STAR {
        app.store.set_desk_item_starred(id, on).await
    } else {
        app.store.set_desk_item_read(id, on).await
    };
    result.map_err(gone)?;
    see_other(&back_to(&form.back, id))
}

/// `POST /admin/desk/items/{id}/reprint` (`REPRINT`) and `…/translate`: a draft from the
/// item, with its attribution filled in: a reprint carries the item's text; a translation
/// starts empty, in the site's language, for the translator.
async fn make_draft<const REPRINT: bool>(
    Button { app, user, id }: Button,
) -> Result<Response, WebError> {
    let kind = if REPRINT {
        Kind::Reprint
    } else {
        Kind::Translation
    };
    let item = load(&app, id).await?;
    let source = app
        .store
        .desk_source(item.source_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let site_language = app.store.settings().await?.language;
    let (language, body) = match kind {
        Kind::Reprint => (
            Some(item.language.clone())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| site_language.clone()),
            item.body_html().to_owned(),
        ),
        _ => (site_language.clone(), String::new()),
    };
    let base = slug::slugify(&item.title);
    let base = if base.is_empty() {
        format!("desk-item-{id}")
    } else {
        base.chars()
            .take(80)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned()
    };
    let mut input = ArticleInput {
        title: item.title.clone(),
        slug: base.clone(),
        body_markdown: body,
        category_id: source.settings.category_id,
        language,
        kind,
        source_outlet: source.settings.outlet.clone(),
        source_url: item
            .url
            .clone()
            .unwrap_or_else(|| source.settings.home_url.clone()),
        source_language: item.language.clone(),
        ..ArticleInput::default()
    };
    let mut attempt = 1;
    loop {
        match app
            .store
            .create_article_from_desk_item(id, &input, item.published_at, now(), &user.actor())
            .await
        {
            Ok(article) => return see_other(&format!("/admin/articles/{article}/edit")),
            Err(StoreError::Duplicate { .. }) if attempt < 5 => {
                attempt += 1;
                input.slug = format!("{base}-{attempt}");
            }
            Err(e @ StoreError::Invalid { .. }) => {
                let message = e.to_string();
                return render_item(&app, &user, StatusCode::CONFLICT, item, Some(message)).await;
            }
            Err(e) => return Err(gone(e)),
        }
    }
}
