//! `/account/sessions`: the signed-in person's sessions, with revocation of one or all
//! others.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gazette_core::audit::AuditAction;
use serde::{Deserialize, Serialize};

use super::private_page_in;
use crate::auth::{CurrentUser, now, set_cookie};
use crate::cache::SESSION_COOKIE;
use crate::error::WebError;
use crate::form::CsrfForm;
use crate::state::AppState;

#[derive(Serialize)]
struct SessionView {
    id: String,
    current: bool,
    user_agent: String,
    ip: String,
    created: String,
    last_seen: String,
}

#[derive(Serialize)]
struct SessionsPage<'a> {
    csrf: &'a str,
    name: &'a str,
    email: &'a str,
    role: &'a str,
    sessions: Vec<SessionView>,
}

fn utc(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// `GET /account/sessions`
pub async fn sessions_page(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let path = "/account/sessions";
    let sessions = app.store.sessions_of(user.user.id, now()).await?;
    let sessions = sessions
        .into_iter()
        .map(|s| SessionView {
            current: s.token_hash == user.session.token_hash,
            id: s.token_hash,
            user_agent: if s.user_agent.is_empty() {
                "Unknown browser".into()
            } else {
                s.user_agent
            },
            ip: s.ip,
            created: utc(s.created_at),
            last_seen: utc(s.last_seen_at),
        })
        .collect();
    private_page_in(
        &app,
        None,
        "account/sessions.html",
        path,
        "Your sessions",
        StatusCode::OK,
        SessionsPage {
            csrf: &user.session.csrf_token,
            name: &user.user.name,
            email: &user.user.email,
            role: user.user.role.as_str(),
            sessions,
        },
        Vec::new(),
    )
    .await
}

/// `POST /account/sessions/revoke` (one, by `session`) and `/account/sessions/revoke-others`.
pub async fn revoke(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(which): Path<String>,
    CsrfForm(form): CsrfForm<SessionForm>,
) -> Result<Response, WebError> {
    let path = "/account/sessions";
    let (hash, only, action) = match which.as_str() {
        "revoke" if !form.session.is_empty() => {
            (form.session.as_str(), true, AuditAction::SessionRevoke)
        }
        "revoke" => {
            return Err(WebError::BadRequest(
                "Say which session to end: the form needs `session`.".into(),
            ));
        }
        "revoke-others" => (
            user.session.token_hash.as_str(),
            false,
            AuditAction::SessionRevokeOthers,
        ),
        _ => return Err(WebError::NotFound),
    };
    app.store
        .end_sessions(user.user.id, hash, only, now(), &user.actor(), action)
        .await?;
    if only && hash == user.session.token_hash {
        let mut response = Redirect::to("/account/sign-in").into_response();
        response
            .headers_mut()
            .append(header::SET_COOKIE, set_cookie(&app, SESSION_COOKIE, "", 0));
        return Ok(response);
    }
    Ok(Redirect::to(path).into_response())
}

/// The sessions page's buttons: which session to end (none for "all others").
#[derive(Deserialize)]
pub struct SessionForm {
    #[serde(default)]
    session: String,
}
