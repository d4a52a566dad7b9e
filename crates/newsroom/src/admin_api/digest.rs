//! `/api/admin/v1/digest/editions`: the daily digest's editions as JSON, with the
//! newsroom's permission (`ManageDigest`, as `/admin/digest`) and its store writes: hold
//! an unsent edition or let it go (`edit_edition`, keeping its note and order), and send
//! one now (`send_edition_now`; the digest worker sends it within seconds).

use gazette_core::permissions::{Action, Ownership};
use gazette_store::EditionStatus;
use gazette_web::AppState;
use gazette_web::auth::now;

use super::dto::{Edition, EditionItem, EditionList, rfc3339};
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};

/// Editions listed, newest first.
const LISTED: usize = 100;

fn edition(app: &AppState, e: &gazette_store::Edition) -> Edition {
    let base = app.config.base_url.trim_end_matches('/');
    Edition {
        id: e.id,
        date: e.date.clone(),
        language: e.language.clone(),
        frequency: e.frequency.as_str().to_owned(),
        status: e.status.as_str().to_owned(),
        slot_at: rfc3339(e.slot_at),
        note: e.note.clone(),
        composed_at: rfc3339(e.composed_at),
        items: e
            .items
            .iter()
            .map(|i| EditionItem {
                article_id: i.article_id,
                pick: i.pick,
                section: i.section_name.clone(),
                title: i.title.clone(),
                url: format!("{base}{}", i.path),
                excerpt: i.excerpt.clone(),
            })
            .collect(),
    }
}

async fn load(app: &AppState, raw: &str) -> Result<gazette_store::Edition, AdminError> {
    let id = super::error::path_id(raw, "digest edition")?;
    found(app.store.edition(id).await?, "digest edition", id)
}

/// The edition as it is now.
async fn answer(app: &AppState, raw: &str) -> super::Answer {
    Ok(super::json(&edition(app, &load(app, raw).await?)))
}

endpoint! {
    /// The latest editions of every status, newest first.
    get "/api/admin/v1/digest/editions", tag "digest",
    answers (200, "The latest 100 editions", EditionList), StaffErrors;
    fn list(app, caller) {
        caller.require(Action::ManageDigest, Ownership::Other)?;
        let items = app
            .store
            .recent_editions(LISTED)
            .await?
            .iter()
            .map(|e| edition(&app, e))
            .collect();
        Ok(super::json(&EditionList { items }))
    }
}

endpoint! {
    /// One edition with its articles in order.
    get "/api/admin/v1/digest/editions/{id}", tag "digest",
    answers (200, "The edition", Edition), ReadErrors;
    fn get(app, caller, Path(id) "The edition's id") {
        caller.require(Action::ManageDigest, Ownership::Other)?;
        answer(&app, &id).await
    }
}

endpoint! {
    /// Hold an unsent edition, or release the hold so it goes at its time.
    post "/api/admin/v1/digest/editions/{id}/hold", tag "digest",
    answers (200, "Held (`status` held) or released (`status` draft)", Edition), ActionErrors;
    fn hold(app, caller, Path(id) "The edition's id", Body(body) super::dto::HoldWrite) {
        caller.require(Action::ManageDigest, Ownership::Other)?;
        let e = load(&app, &id).await?;
        let obj = body.read(&["held"])?;
        let held = obj.boolean("held")?.ok_or_else(|| {
            AdminError::field("held", "`held`: send true to hold, false to release.")
        })?;
        if !matches!(e.status, EditionStatus::Draft | EditionStatus::Held) {
            return Err(AdminError::Conflict(format!(
                "This edition is {}: it can no longer be held or released.",
                e.status.as_str()
            )));
        }
        let order: Vec<i64> = e.items.iter().map(|i| i.article_id).collect();
        app.store
            .edit_edition(e.id, &e.note, held, &order, now(), &caller.actor)
            .await
            .map_err(|err| match err {
                gazette_store::StoreError::Invalid { message, .. } => {
                    AdminError::Conflict(format!("This edition {message}."))
                }
                other => other.into(),
            })?;
        answer(&app, &id).await
    }
}

endpoint! {
    /// Send an unsent edition now (a hold is lifted).
    post "/api/admin/v1/digest/editions/{id}/send", tag "digest",
    answers (200, "Released: the digest worker sends it within seconds", Edition), ActionErrors;
    fn send_now(app, caller, Path(id) "The edition's id") {
        caller.require(Action::ManageDigest, Ownership::Other)?;
        let e = load(&app, &id).await?;
        if !app
            .store
            .send_edition_now(e.id, now(), &caller.actor)
            .await?
        {
            return Err(AdminError::Conflict(
                "This edition is already going out, was sent or was skipped.".to_owned(),
            ));
        }
        answer(&app, &id).await
    }
}
