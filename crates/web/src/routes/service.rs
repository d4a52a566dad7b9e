//! Small endpoints around the pages: health check, cookie consent and the view beacon.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use gazette_core::bots::is_bot;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::client_ip::ClientIp;
use crate::state::AppState;

/// Answers 200 once the database answers; load balancers and `serve` scripts poll it.
pub async fn healthz(State(app): State<Arc<AppState>>) -> Response {
    match app.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, "no-store")],
            "ok\n",
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                "database unavailable\n",
            )
                .into_response()
        }
    }
}

/// Version of the cookie policy a consent refers to; bump it when the policy changes.
const COOKIE_POLICY: &str = "2026-11";
pub const CONSENT_COOKIE: &str = "gazette_consent";

#[derive(Deserialize)]
pub struct ConsentForm {
    choice: Option<String>,
}

/// The cookie notice's answer: recorded with the policy version, remembered in a cookie
/// for a year. Scripts get 204; a plain form post goes back to the page it came from.
pub async fn consent(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    form: Result<Form<ConsentForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let choice = form.ok().and_then(|Form(f)| f.choice);
    let choice = match choice.as_deref() {
        Some(c @ ("accept" | "essential")) => c.to_owned(),
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                "The consent form needs `choice` set to `accept` or `essential`.",
            )
                .into_response();
        }
    };
    if let Err(e) = app
        .store
        .record_consent(&choice, COOKIE_POLICY, OffsetDateTime::now_utc())
        .await
    {
        tracing::error!(error = %e, "could not record consent");
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Your choice could not be saved; please try again.",
        )
            .into_response();
    }
    let secure = if app.config.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{CONSENT_COOKIE}={choice}:{COOKIE_POLICY}; Path=/; Max-Age=31536000; SameSite=Lax{secure}"
    );
    let Ok(cookie) = HeaderValue::from_str(&cookie) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let scripted = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    let mut response = if scripted {
        StatusCode::NO_CONTENT.into_response()
    } else {
        Redirect::to(&back_to(&headers, &app.config.base_url)).into_response()
    };
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

/// The same-site page a form was posted from, or the home page.
fn back_to(headers: &HeaderMap, base_url: &str) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.strip_prefix(base_url))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or("/")
        .to_owned()
}

/// A transparent 1×1 GIF for readers without JavaScript.
const PIXEL: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

fn count_view(app: &AppState, headers: &HeaderMap, ip: &ClientIp, id: &str) {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    if let Ok(id) = id.parse::<i64>()
        && !is_bot(ua)
    {
        app.views.record_reader(id, &ip.0, ua.unwrap_or(""));
    }
}

/// `GET /readyz`: whether this node should get traffic: the database answers and the
/// search index has caught up with the change log since start (a node that is still
/// building its index would answer searches with missing results).
pub async fn readyz(State(app): State<Arc<AppState>>) -> Response {
    let not_ready = if let Err(e) = app.store.ping().await {
        tracing::warn!(error = %e, "not ready: the database does not answer");
        Some("database unavailable\n")
    } else if !app.search_caught_up.load(Ordering::Relaxed) {
        Some("search index still catching up\n")
    } else {
        None
    };
    let status = if not_ready.is_some() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        not_ready.unwrap_or("ready\n"),
    )
        .into_response()
}

/// `POST /views/{id}`: the beacon sent once per article page load; `GET` the same, as an
/// image for `<noscript>`.
pub async fn view(
    State(app): State<Arc<AppState>>,
    method: Method,
    headers: HeaderMap,
    Extension(ip): Extension<ClientIp>,
    Path(id): Path<String>,
) -> Response {
    count_view(&app, &headers, &ip, &id);
    let no_store = (header::CACHE_CONTROL, "no-store");
    if method == Method::POST {
        (StatusCode::NO_CONTENT, [no_store]).into_response()
    } else {
        ([(header::CONTENT_TYPE, "image/gif"), no_store], PIXEL).into_response()
    }
}
