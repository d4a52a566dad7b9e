//! `/api/admin/v1/desk/sources`: the feed desk's sources as JSON, with the newsroom's
//! permission (`ManageSources`, as `/admin/desk`), its form check (`FormValues::input`,
//! the same text the form carries) and the store's writes; fetch-now queues the source's
//! fetch job for the desk worker, as activating a source does.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::DeskSource;
use gazette_web::AppState;
use gazette_web::auth::now;
use std::convert::identity;

use super::body::JsonObject;
use super::dto::{SourceItem, SourceList, rfc3339};
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};
use crate::desk::sources::FormValues;

const FIELDS: &[&str] = &[
    "name",
    "outlet",
    "home_url",
    "feed_url",
    "feed_kind",
    "language",
    "category_id",
    "fetch_minutes",
    "full_text",
    "css_selector",
    "retention_days",
    "active",
];

fn item(s: &DeskSource) -> SourceItem {
    SourceItem {
        id: s.id,
        name: s.settings.name.clone(),
        outlet: s.settings.outlet.clone(),
        home_url: s.settings.home_url.clone(),
        feed_url: s.settings.feed_url.clone(),
        feed_kind: s.settings.feed_kind.clone(),
        language: s.settings.language.clone(),
        category_id: s.settings.category_id,
        fetch_minutes: s.settings.fetch_interval / 60,
        full_text: s.settings.full_text,
        css_selector: s.settings.css_selector.clone(),
        retention_days: s.settings.retention_days,
        active: s.active,
        last_fetch_at: s.last_fetch_at.map(rfc3339),
        last_success_at: s.last_success_at.map(rfc3339),
        last_error: s.last_error.clone(),
        last_outcome: s.last_outcome.clone(),
        next_fetch_at: rfc3339(s.next_fetch_at),
    }
}

fn source_id(raw: &str) -> Result<i64, AdminError> {
    super::error::path_id(raw, "source")
}

async fn load(app: &AppState, id: i64) -> Result<DeskSource, AdminError> {
    found(app.store.desk_source(id).await?, "source", id)
}

async fn answer(app: &AppState, id: i64, status: StatusCode) -> super::Answer {
    let mut response = super::json_with(status, &item(&load(app, id).await?));
    if status == StatusCode::CREATED
        && let Ok(v) = HeaderValue::from_str(&format!("/api/admin/v1/desk/sources/{id}"))
    {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

/// Lays the JSON fields over the form's values (the current source's on update): numbers
/// and flags become the text the form would carry, so one check reads both.
fn apply(obj: &JsonObject, form: &mut FormValues) -> Result<(), AdminError> {
    let strings = [
        ("name", &mut form.name),
        ("outlet", &mut form.outlet),
        ("home_url", &mut form.home_url),
        ("feed_url", &mut form.feed_url),
        ("feed_kind", &mut form.feed_kind),
        ("language", &mut form.language),
        ("css_selector", &mut form.css_selector),
    ];
    obj.strings_over(strings, identity)?;
    if let Some(category) = obj.id("category_id")? {
        form.category_id = category.map(|c| c.to_string()).unwrap_or_default();
    }
    if let Some(n) = obj.integer("fetch_minutes")? {
        form.fetch_minutes = n.to_string();
    }
    if let Some(n) = obj.integer("retention_days")? {
        form.retention_days = n.to_string();
    }
    if let Some(on) = obj.boolean("full_text")? {
        form.full_text = on.then(|| "1".to_owned());
    }
    Ok(())
}

/// The form's refusal as a 422 naming the field it is about.
fn refused(message: String) -> AdminError {
    let lower = message.to_lowercase();
    let field = if lower.contains("fetch interval") {
        "fetch_minutes"
    } else if lower.contains("retention") {
        "retention_days"
    } else if lower.contains("category") {
        "category_id"
    } else if lower.contains("selector") {
        "css_selector"
    } else {
        "body"
    };
    AdminError::field(field, message)
}

/// Refuses a category id that names no category (the form offers only existing ones).
async fn check_category(app: &AppState, category: Option<i64>) -> Result<(), AdminError> {
    if let Some(id) = category
        && !app.store.categories().await?.iter().any(|c| c.id == id)
    {
        return Err(AdminError::field(
            "category_id",
            format!("`category_id`: there is no category with the id {id}."),
        ));
    }
    Ok(())
}

endpoint! {
    /// Every source, active ones first.
    get "/api/admin/v1/desk/sources", tag "desk",
    answers (200, "Every source", SourceList), StaffErrors;
    fn list(app, caller) {
        caller.require(Action::ManageSources, Ownership::Other)?;
        let items = app.store.desk_sources().await?.iter().map(item).collect();
        Ok(super::json(&SourceList { items }))
    }
}

endpoint! {
    /// One source.
    get "/api/admin/v1/desk/sources/{id}", tag "desk",
    answers (200, "The source", SourceItem), ReadErrors;
    fn get(app, caller, Path(id) "The source's id") {
        caller.require(Action::ManageSources, Ownership::Other)?;
        answer(&app, source_id(&id)?, StatusCode::OK).await
    }
}

endpoint! {
    /// Follow a feed: its first fetch is queued now.
    post "/api/admin/v1/desk/sources", tag "desk",
    answers (201, "Added; its first fetch runs within seconds", SourceItem), CreateErrors;
    fn create(app, caller, Body(body) super::dto::SourceWrite) {
        caller.require(Action::ManageSources, Ownership::Other)?;
        let obj = body.read(&FIELDS[..FIELDS.len() - 1])?;
        let mut form = FormValues::default();
        apply(&obj, &mut form)?;
        let input = form.input().map_err(refused)?;
        check_category(&app, input.category_id).await?;
        let id = app
            .store
            .add_desk_source(&input, &caller.actor, now())
            .await?;
        answer(&app, id, StatusCode::CREATED).await
    }
}

endpoint! {
    /// Change a source's settings (only the fields sent), or stop or restart it (`active`).
    patch "/api/admin/v1/desk/sources/{id}", tag "desk",
    answers (200, "Saved", SourceItem), UpdateErrors;
    fn update(app, caller, Path(id) "The source's id", Body(body) super::dto::SourceWrite) {
        caller.require(Action::ManageSources, Ownership::Other)?;
        let source = load(&app, source_id(&id)?).await?;
        let obj = body.read(FIELDS)?;
        let mut form = FormValues::of(&source.settings);
        apply(&obj, &mut form)?;
        let input = form.input().map_err(refused)?;
        check_category(&app, input.category_id).await?;
        let active = obj.boolean("active")?;
        let at = now();
        if input != source.settings {
            app.store
                .update_desk_source(source.id, &input, &caller.actor, at)
                .await?;
        }
        if let Some(on) = active
            && on != source.active
        {
            app.store
                .set_desk_source_active(source.id, on, &caller.actor, at)
                .await?;
        }
        answer(&app, source.id, StatusCode::OK).await
    }
}

endpoint! {
    /// Stop following a source and delete what the desk gathered from it (articles written
    /// from its items stay).
    delete "/api/admin/v1/desk/sources/{id}", tag "desk",
    answers (204, "Deleted with its items"), DeleteErrors;
    fn delete(app, caller, Path(id) "The source's id") {
        caller.require(Action::ManageSources, Ownership::Other)?;
        app.store
            .delete_desk_source(source_id(&id)?, &caller.actor, now())
            .await?;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

endpoint! {
    /// Fetch an active source now instead of at its next time.
    post "/api/admin/v1/desk/sources/{id}/fetch", tag "desk",
    answers (202, "Queued: the desk worker fetches it within seconds", SourceItem), ActionErrors;
    fn fetch_now(app, caller, Path(id) "The source's id") {
        caller.require(Action::ManageSources, Ownership::Other)?;
        let id = source_id(&id)?;
        app.store
            .fetch_desk_source_now(id, &caller.actor, now())
            .await?;
        answer(&app, id, StatusCode::ACCEPTED).await
    }
}
