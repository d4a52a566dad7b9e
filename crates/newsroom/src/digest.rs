//! `/admin/digest` for editors and admins: a preview of what the next edition would carry
//! (per language subscribers chose), the composed editions not sent yet with their note,
//! order, removal and hold, "send now", the editors' picks, delivery progress of recent
//! editions with a resend of uncertain rows, and the numbers (subscribers by status; per
//! day subscriptions, confirmations, unsubscribes, sends, failures). Sending itself is the
//! binary's digest worker: "send now" releases the edition and it goes within seconds.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::digest::compose::Item;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::{DayNumbers, DeliveryCounts, Edition};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::CurrentUser;
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::{Arg, keys};
use serde::Serialize;

use crate::audit::utc_minute;
use crate::button::Button;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use crate::{DoneQuery, Screen, gone, see_other};

/// Days of numbers shown.
const DAYS: i64 = 14;
/// Recent editions shown with their delivery progress.
const RECENT: usize = 10;

pub(crate) fn routes(r: Routes) -> Routes {
    let (a, o) = (Action::ManageDigest, Ownership::Other);
    r.get("/admin/digest", a, o, index)
        .post("/admin/digest/editions/{id}", a, o, edit)
        .post("/admin/digest/editions/{id}/send", a, o, send_now)
        .post("/admin/digest/editions/{id}/resend", a, o, resend)
        .post("/admin/digest/picks", a, o, add_pick)
        .post("/admin/digest/picks/{id}/remove", a, o, remove_pick)
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn notice_for(done: Option<&str>) -> Option<String> {
    Some(
        match done? {
            "saved" => keys::NOTICE_EDITION_SAVED,
            "sending" => keys::NOTICE_EDITION_SENDING,
            "resent" => keys::NOTICE_EDITION_RESENT,
            "picked" => keys::NOTICE_PICK_ADDED,
            "unpicked" => keys::NOTICE_PICK_REMOVED,
            _ => return None,
        }
        .to_owned(),
    )
}

#[derive(Serialize)]
struct EditionView {
    id: i64,
    date: String,
    language: String,
    frequency: &'static str,
    status: &'static str,
    slot: String,
    note: String,
    items: Vec<Item>,
    counts: DeliveryCounts,
    uncertain: Vec<(i64, String)>,
    percent: i64,
}

#[derive(Serialize)]
struct Preview {
    language: String,
    frequency: &'static str,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct DayView {
    day: String,
    n: DayNumbers,
}

#[derive(Serialize)]
struct DigestPage {
    previews: Vec<Preview>,
    upcoming: Vec<EditionView>,
    recent: Vec<EditionView>,
    picks: Vec<(i64, String)>,
    subscribers: Vec<(String, i64)>,
    days: Vec<DayView>,
    error: Option<String>,
}

async fn view(app: &AppState, e: Edition) -> Result<EditionView, WebError> {
    let counts = app.store.delivery_counts(e.id).await?;
    let uncertain = app.store.uncertain_deliveries(e.id).await?;
    let total = counts.total();
    let percent = if total == 0 {
        0
    } else {
        (total - counts.open()) * 100 / total
    };
    Ok(EditionView {
        id: e.id,
        date: e.date,
        language: e.language,
        frequency: e.frequency.as_str(),
        status: e.status.as_str(),
        slot: utc_minute(e.slot_at),
        note: e.note,
        items: e.items,
        counts,
        uncertain,
        percent,
    })
}

async fn screen(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let now = now();
    let mut previews = Vec::new();
    for (language, frequency) in app.store.wanted_editions().await? {
        let (_, items) = app
            .store
            .digest_preview(&language, frequency, now, now)
            .await?;
        previews.push(Preview {
            language,
            frequency: frequency.as_str(),
            items,
        });
    }
    let mut upcoming = Vec::new();
    for e in app.store.upcoming_editions().await? {
        upcoming.push(view(app, e).await?);
    }
    let mut recent = Vec::new();
    for e in app.store.recent_editions(RECENT).await? {
        if matches!(
            e.status,
            gazette_store::EditionStatus::Draft | gazette_store::EditionStatus::Held
        ) {
            continue;
        }
        recent.push(view(app, e).await?);
    }
    let mut picks = Vec::new();
    for id in app.store.digest_picks().await? {
        let title = app
            .store
            .editable_article(id)
            .await?
            .map_or_else(|| format!("#{id}"), |a| a.input.title);
        picks.push((id, title));
    }
    let days = app
        .store
        .digest_numbers(now, DAYS)
        .await?
        .into_iter()
        .map(|n| DayView {
            day: utc_minute(n.day).chars().take(10).collect(),
            n,
        })
        .collect();
    Screen::keyed(
        "admin/digest.html",
        "/admin/digest",
        keys::DIGEST_ADMIN_TITLE,
    )
    .render(
        app,
        user,
        status,
        notice,
        DigestPage {
            previews,
            upcoming,
            recent,
            picks,
            subscribers: app.store.subscriber_counts().await?,
            days,
            error,
        },
    )
    .await
}

/// The screen again with `status` and an error saying what is wrong: the catalogue
/// message `key` with `args`, in the screen's language.
async fn refuse(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    key: &str,
    args: &[(&str, Arg<'_>)],
) -> Result<Response, WebError> {
    let message = Words::of(app, user).await?.t_with(key, args);
    screen(app, user, status, None, Some(message)).await
}

/// `GET /admin/digest`
async fn index(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    screen(
        &app,
        &user,
        StatusCode::OK,
        notice_for(q.done.as_deref()),
        None,
    )
    .await
}

/// `POST /admin/digest/editions/{id}`: note, hold, and for each item `keep_{article}`
/// (ticked to keep) and `position_{article}` (a number; smaller first).
async fn edit(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(f): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let edition = app
        .store
        .edition(id)
        .await
        .map_err(gone)?
        .ok_or(WebError::NotFound)?;
    let note = f.get("note").trim();
    if note.chars().count() > 1000 {
        return refuse(
            &app,
            &user,
            StatusCode::BAD_REQUEST,
            keys::PROBLEM_DIGEST_NOTE,
            &[("max", Arg::Number(1000.0))],
        )
        .await;
    }
    let mut order: Vec<(i64, usize, i64)> = Vec::new();
    for (index, item) in edition.items.iter().enumerate() {
        if f.get(&format!("keep_{}", item.article_id)).is_empty() {
            continue;
        }
        let raw = f.get(&format!("position_{}", item.article_id)).trim();
        let position = if raw.is_empty() {
            i64::try_from(index + 1).unwrap_or(i64::MAX)
        } else {
            match raw.parse::<i64>() {
                Ok(p) => p,
                Err(_) => {
                    let args = [("title", Arg::Text(&item.title)), ("value", Arg::Text(raw))];
                    return refuse(
                        &app,
                        &user,
                        StatusCode::BAD_REQUEST,
                        keys::PROBLEM_DIGEST_ORDER,
                        &args,
                    )
                    .await;
                }
            }
        };
        order.push((position, index, item.article_id));
    }
    order.sort();
    let ids: Vec<i64> = order.into_iter().map(|(_, _, a)| a).collect();
    let held = !f.get("held").is_empty();
    match app
        .store
        .edit_edition(id, note, held, &ids, now(), &user.actor())
        .await
    {
        Ok(()) => see_other("/admin/digest?done=saved"),
        // The one refusal: the edition is already going out or was skipped.
        Err(gazette_store::StoreError::Invalid { .. }) => {
            refuse(
                &app,
                &user,
                StatusCode::CONFLICT,
                keys::PROBLEM_EDITION_FROZEN,
                &[],
            )
            .await
        }
        Err(e) => Err(gone(e)),
    }
}

/// `POST /admin/digest/editions/{id}/send`
async fn send_now(Button { app, user, id }: Button) -> Result<Response, WebError> {
    if app
        .store
        .send_edition_now(id, now(), &user.actor())
        .await
        .map_err(gone)?
    {
        see_other("/admin/digest?done=sending")
    } else {
        refuse(
            &app,
            &user,
            StatusCode::CONFLICT,
            keys::PROBLEM_EDITION_GONE_OUT,
            &[],
        )
        .await
    }
}

/// `POST /admin/digest/editions/{id}/resend`: the uncertain rows go again.
async fn resend(Button { app, user, id }: Button) -> Result<Response, WebError> {
    app.store
        .resend_uncertain(id, now(), &user.actor())
        .await
        .map_err(gone)?;
    see_other("/admin/digest?done=resent")
}

/// `POST /admin/digest/picks`: `article`, the slug or address of a published article.
async fn add_pick(
    Staff { app, user }: Staff,
    CsrfForm(f): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let typed = f.get("article").trim();
    let slug = typed
        .rsplit_once("://")
        .map_or(typed, |(_, rest)| {
            rest.split_once('/').map_or("", |(_, p)| p)
        })
        .trim_matches('/');
    let found = if slug.is_empty() {
        None
    } else {
        app.store.article_id_by_slug(slug).await?
    };
    let Some(article) = found else {
        let shown: String = typed.chars().take(200).collect();
        let args = [("value", Arg::Text(&shown))];
        return refuse(
            &app,
            &user,
            StatusCode::BAD_REQUEST,
            keys::PROBLEM_PICK_UNKNOWN,
            &args,
        )
        .await;
    };
    app.store
        .set_digest_pick(article, true, now(), &user.actor())
        .await?;
    see_other("/admin/digest?done=picked")
}

/// `POST /admin/digest/picks/{id}/remove`
async fn remove_pick(Button { app, user, id }: Button) -> Result<Response, WebError> {
    app.store
        .set_digest_pick(id, false, now(), &user.actor())
        .await?;
    see_other("/admin/digest?done=unpicked")
}
