//! The signed links: confirming a subscription, the preferences page (sections, language,
//! frequency, download of one's data as JSON, deletion) and the one-click unsubscribe of
//! RFC 8058. A GET shows a page with a button; only the POST changes anything.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::digest::prefs::{Choices, Status};
use gazette_core::digest::token::{self, Purpose};
use serde::Serialize;

use super::{Offer, Said, message_page, subscriber_for};
use crate::auth::now;
use crate::error::WebError;
use crate::form::{Fields, GuestForm};
use crate::i18n::{Arg, keys};
use crate::routes::account::{VisitorForm, private_page_in};
use crate::state::AppState;

/// A confirmation link works this long after it was sent.
pub const CONFIRM_SECONDS: i64 = 7 * 24 * 3600;

#[derive(Serialize)]
struct ConfirmPage<'a> {
    email: &'a str,
    action: &'a str,
}

/// `GET /subscribe/confirm/{token}`: a page with the button; confirms nothing by itself.
pub async fn confirm_page(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Confirm).await?;
    if s.status != Status::Pending {
        return already(&app, &s).await;
    }
    if expired(&s) {
        return Err(expired_error());
    }
    let title = app.theme.catalogues.text(&s.language, keys::CONFIRM_TITLE);
    let action = &token::confirm_path(&token);
    let page = ConfirmPage {
        email: &s.email,
        action,
    };
    VisitorForm::new("digest/confirm.html", "/subscribe/confirm", &title)
        .in_lang(&s.language)
        .show(&app, &headers, StatusCode::OK, page)
        .await
}

fn expired(s: &gazette_store::Subscriber) -> bool {
    s.confirm_sent_at
        .is_some_and(|at| at < now() - CONFIRM_SECONDS)
}

fn expired_error() -> WebError {
    WebError::BadRequest(
        "This confirmation link has expired. Subscribe again at /subscribe to get a new one."
            .into(),
    )
}

async fn already(app: &AppState, s: &gazette_store::Subscriber) -> Result<Response, WebError> {
    let key = app.digest_key().await?;
    let links = token::links("", &key, s.id, &s.nonce);
    let said = if s.status == Status::Confirmed {
        Said {
            heading: keys::DIGEST_SUBSCRIBED,
            message: keys::DIGEST_ALREADY_CONFIRMED,
            args: Vec::new(),
            link: Some((keys::DIGEST_YOUR_PREFERENCES, links.preferences.as_str())),
        }
    } else {
        Said {
            heading: keys::DIGEST_ENDED,
            message: keys::DIGEST_ENDED_TEXT,
            args: Vec::new(),
            link: Some((keys::DIGEST_SUBSCRIBE_AGAIN, "/subscribe")),
        }
    };
    message_page(app, &s.language, "/subscribe/confirm", said).await
}

/// `POST /subscribe/confirm/{token}`
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    Path(token): Path<String>,
    _: GuestForm<Fields>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Confirm).await?;
    if s.status == Status::Pending && expired(&s) {
        return Err(expired_error());
    }
    app.store.confirm_subscriber(s.id, now()).await?;
    let s = app
        .store
        .subscriber(s.id)
        .await?
        .ok_or(WebError::NotFound)?;
    if s.status != Status::Confirmed {
        return already(&app, &s).await;
    }
    let key = app.digest_key().await?;
    let links = token::links("", &key, s.id, &s.nonce);
    let site = app.site().await?;
    message_page(
        &app,
        &s.language,
        "/subscribe/confirm",
        Said {
            heading: keys::DIGEST_SUBSCRIBED,
            message: keys::DIGEST_THANK_YOU,
            args: vec![
                ("email", Arg::Text(&s.email)),
                ("site", Arg::Text(&site.name)),
            ],
            link: Some((keys::DIGEST_YOUR_PREFERENCES, &links.preferences)),
        },
    )
    .await
}

#[derive(Serialize)]
struct PreferencesPage<'a> {
    email: &'a str,
    status: &'a str,
    offer: &'a Offer,
    action: &'a str,
    unsubscribe: &'a str,
    saved: bool,
    error: Option<String>,
}

/// What the preferences form says above its fields.
enum Outcome {
    Shown,
    Saved,
    Refused(String),
}

async fn preferences_form(
    app: &AppState,
    headers: &HeaderMap,
    token: &str,
    s: &gazette_store::Subscriber,
    chosen: &Choices,
    outcome: Outcome,
) -> Result<Response, WebError> {
    let (status, saved, error) = match outcome {
        Outcome::Shown => (StatusCode::OK, false, None),
        Outcome::Saved => (StatusCode::OK, true, None),
        Outcome::Refused(e) => (StatusCode::BAD_REQUEST, false, Some(e)),
    };
    let (offer, _) = Offer::load(app, Some(chosen)).await?;
    let title = app
        .theme
        .catalogues
        .text(&s.language, keys::PREFERENCES_TITLE);
    let page = PreferencesPage {
        email: &s.email,
        status: s.status.as_str(),
        offer: &offer,
        action: &token::preferences_path(token),
        unsubscribe: &token::unsubscribe_path(token),
        saved,
        error,
    };
    VisitorForm::new("digest/preferences.html", "/subscribe/preferences", &title)
        .in_lang(&s.language)
        .show(app, headers, status, page)
        .await
}

fn choices_of(s: &gazette_store::Subscriber) -> Choices {
    Choices {
        sections: s.sections.clone(),
        language: s.language.clone(),
        frequency: s.frequency,
    }
}

/// `GET /subscribe/preferences/{token}`
pub async fn preferences_page(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    preferences_form(&app, &headers, &token, &s, &choices_of(&s), Outcome::Shown).await
}

/// `POST /subscribe/preferences/{token}`
pub async fn preferences(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    GuestForm(f): GuestForm<Fields>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    let (_, ids) = Offer::load(&app, None).await?;
    let (choices, outcome) = match ids.read(&f) {
        Ok(choices) => {
            app.store.update_choices(s.id, &choices, now()).await?;
            (choices, Outcome::Saved)
        }
        Err(e) => (choices_of(&s), Outcome::Refused(e.to_string())),
    };
    preferences_form(&app, &headers, &token, &s, &choices, outcome).await
}

/// `GET /subscribe/preferences/{token}/data.json`: everything stored about the subscriber.
pub async fn data(
    State(app): State<Arc<AppState>>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    let export = app
        .store
        .export_subscriber(s.id)
        .await?
        .ok_or(WebError::NotFound)?;
    let json = serde_json::to_string_pretty(&export)
        .map_err(|e| WebError::Internal(format!("subscriber data: {e}")))?;
    let mut response = json.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"digest-subscription.json\""),
    );
    Ok(response)
}

/// `POST /subscribe/preferences/{token}/delete`: deletes the subscriber and their data.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    Path(token): Path<String>,
    _: GuestForm<Fields>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    app.store.delete_subscriber(s.id, now()).await?;
    message_page(
        &app,
        &s.language,
        "/subscribe/preferences",
        Said {
            heading: keys::DIGEST_DATA_DELETED,
            message: keys::DIGEST_DATA_DELETED_TEXT,
            args: vec![("email", Arg::Text(&s.email))],
            link: Some((keys::DIGEST_SUBSCRIBE_AGAIN, "/subscribe")),
        },
    )
    .await
}

#[derive(Serialize)]
struct UnsubscribePage<'a> {
    email: &'a str,
    action: &'a str,
    preferences: &'a str,
}

/// `GET /unsubscribe/{token}`: a page with the button (a link alone unsubscribes nobody,
/// since mail scanners open links).
pub async fn unsubscribe_page(
    State(app): State<Arc<AppState>>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    let title = app.theme.catalogues.text(&s.language, keys::UNSUBSCRIBE);
    private_page_in(
        &app,
        Some(&s.language),
        "digest/unsubscribe.html",
        "/unsubscribe",
        &title,
        StatusCode::OK,
        UnsubscribePage {
            email: &s.email,
            action: &token::unsubscribe_path(&token),
            preferences: &token::preferences_path(&token),
        },
        Vec::new(),
    )
    .await
}

/// `POST /unsubscribe/{token}`: RFC 8058 one-click unsubscribe (a mail provider posts
/// `List-Unsubscribe=One-Click` without cookies), also the button of the page above. The
/// signed token is the credential, so no CSRF token is asked for.
pub async fn unsubscribe(
    State(app): State<Arc<AppState>>,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    app.store.unsubscribe(s.id, now()).await?;
    let site = app.site().await?;
    message_page(
        &app,
        &s.language,
        "/unsubscribe",
        Said {
            heading: keys::DIGEST_UNSUBSCRIBED,
            message: keys::DIGEST_UNSUBSCRIBED_TEXT,
            args: vec![
                ("email", Arg::Text(&s.email)),
                ("site", Arg::Text(&site.name)),
            ],
            link: Some((keys::DIGEST_SUBSCRIBE_AGAIN, "/subscribe")),
        },
    )
    .await
}
