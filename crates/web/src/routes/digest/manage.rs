//! The signed links: confirming a subscription, the preferences page (sections, language,
//! frequency, download of one's data as JSON, deletion) and the one-click unsubscribe of
//! RFC 8058. A GET shows a page with a button; only the POST changes anything.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::digest::prefs::{Choices, Status};
use gazette_core::digest::token::{self, Purpose};
use serde::Serialize;

use super::{Offer, checked_form, message_page, subscriber_for};
use crate::auth::now;
use crate::error::WebError;
use crate::routes::account::{anonymous_csrf, private_page};
use crate::state::AppState;

/// A confirmation link works this long after it was sent.
pub const CONFIRM_SECONDS: i64 = 7 * 24 * 3600;

#[derive(Serialize)]
struct ConfirmPage<'a> {
    csrf: &'a str,
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
    let (csrf, cookies) = anonymous_csrf(&app, &headers)?;
    private_page(
        &app,
        "digest/confirm.html",
        "/subscribe/confirm",
        "Confirm your subscription",
        StatusCode::OK,
        ConfirmPage {
            csrf: &csrf,
            email: &s.email,
            action: &token::confirm_path(&token),
        },
        cookies,
    )
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
    let (heading, message) = if s.status == Status::Confirmed {
        (
            "You are subscribed",
            "This address is confirmed and gets the digest.",
        )
    } else {
        (
            "This subscription has ended",
            "This address does not get the digest any more. Subscribe again to receive it.",
        )
    };
    let link = if s.status == Status::Confirmed {
        ("Your preferences", links.preferences.as_str())
    } else {
        ("Subscribe again", "/subscribe")
    };
    message_page(
        app,
        "/subscribe/confirm",
        StatusCode::OK,
        heading,
        message,
        Some(link),
        Vec::new(),
    )
    .await
}

/// `POST /subscribe/confirm/{token}`
pub async fn confirm(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    checked_form(&headers, &body)?;
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
        "/subscribe/confirm",
        StatusCode::OK,
        "You are subscribed",
        &format!(
            "Thank you: {} will get the digest of {}. Every digest has links to change your choices or to unsubscribe.",
            s.email, site.name
        ),
        Some(("Your preferences", &links.preferences)),
        Vec::new(),
    )
    .await
}

#[derive(Serialize)]
struct PreferencesPage<'a> {
    csrf: &'a str,
    email: &'a str,
    status: &'a str,
    offer: &'a Offer,
    action: &'a str,
    unsubscribe: &'a str,
    saved: bool,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn preferences_form(
    app: &AppState,
    headers: &HeaderMap,
    token: &str,
    s: &gazette_store::Subscriber,
    chosen: &Choices,
    status: StatusCode,
    saved: bool,
    error: Option<String>,
) -> Result<Response, WebError> {
    let (offer, _) = Offer::load(app, Some(chosen)).await?;
    let (csrf, cookies) = anonymous_csrf(app, headers)?;
    private_page(
        app,
        "digest/preferences.html",
        "/subscribe/preferences",
        "Your digest preferences",
        status,
        PreferencesPage {
            csrf: &csrf,
            email: &s.email,
            status: s.status.as_str(),
            offer: &offer,
            action: &token::preferences_path(token),
            unsubscribe: &token::unsubscribe_path(token),
            saved,
            error,
        },
        cookies,
    )
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
    preferences_form(
        &app,
        &headers,
        &token,
        &s,
        &choices_of(&s),
        StatusCode::OK,
        false,
        None,
    )
    .await
}

/// `POST /subscribe/preferences/{token}`
pub async fn preferences(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = checked_form(&headers, &body)?;
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    let (_, ids) = Offer::load(&app, None).await?;
    match ids.read(&f) {
        Ok(choices) => {
            app.store.update_choices(s.id, &choices, now()).await?;
            preferences_form(
                &app,
                &headers,
                &token,
                &s,
                &choices,
                StatusCode::OK,
                true,
                None,
            )
            .await
        }
        Err(e) => {
            preferences_form(
                &app,
                &headers,
                &token,
                &s,
                &choices_of(&s),
                StatusCode::BAD_REQUEST,
                false,
                Some(e.to_string()),
            )
            .await
        }
    }
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
    headers: HeaderMap,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    checked_form(&headers, &body)?;
    let s = subscriber_for(&app, &token, Purpose::Manage).await?;
    app.store.delete_subscriber(s.id, now()).await?;
    message_page(
        &app,
        "/subscribe/preferences",
        StatusCode::OK,
        "Your data is deleted",
        &format!(
            "We deleted {} and everything stored with it. You will get no more digests.",
            s.email
        ),
        Some(("Subscribe again", "/subscribe")),
        Vec::new(),
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
    private_page(
        &app,
        "digest/unsubscribe.html",
        "/unsubscribe",
        "Unsubscribe",
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
        "/unsubscribe",
        StatusCode::OK,
        "You are unsubscribed",
        &format!("{} will get no more {} digests.", s.email, site.name),
        Some(("Subscribe again", "/subscribe")),
        Vec::new(),
    )
    .await
}
