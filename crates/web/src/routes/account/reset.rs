//! `/account/reset` and the links sent by email (`/account/{reset|setup|invite}/{token}`):
//! asking for a reset, and setting a password with a still-valid token.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_store::{Actor, TokenKind, User};
use serde::{Deserialize, Serialize};

use crate::mails::MailWords;

use super::{
    RESET_RESEND_SECONDS, RESET_SECONDS, VisitorForm, landing, plausible_email, start_session,
};
use crate::auth::{self, now, token_hash};
use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::form::GuestForm;
use crate::state::AppState;

#[derive(Serialize)]
struct ResetPage<'a> {
    email: &'a str,
    sent: bool,
    error: Option<String>,
}

/// `GET /account/reset`
pub async fn reset_page(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    reset_form(&app, &headers, StatusCode::OK, "", false, None).await
}

async fn reset_form(
    app: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    sent: bool,
    error: Option<String>,
) -> Result<Response, WebError> {
    let page = ResetPage { email, sent, error };
    let title = "Reset your password";
    VisitorForm::new("account/reset.html", "/account/reset", title)
        .show(app, headers, status, page)
        .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    email: String,
}

/// `POST /account/reset`: the same answer whether or not the address has an account; the
/// mail goes out in the background so the answer takes the same time too.
pub async fn reset_request(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(ip): axum::Extension<ClientIp>,
    GuestForm(form): GuestForm<ResetForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim();
    if !plausible_email(email) {
        return reset_form(
            &app,
            &headers,
            StatusCode::BAD_REQUEST,
            email,
            false,
            Some("Enter the email address of your account, like name@example.org.".into()),
        )
        .await;
    }
    let issued = async {
        let Some(user) = app.store.user_by_email(email).await? else {
            return Ok::<_, WebError>(None);
        };
        let now = now();
        // One mail per address every few minutes: a stream of requests cannot flood an
        // inbox, and the link already sent keeps working.
        let recent = app
            .store
            .last_token_at(user.id, TokenKind::Reset)
            .await?
            .is_some_and(|at| at > now - RESET_RESEND_SECONDS);
        if user.disabled || recent {
            return Ok(None);
        }
        let token = auth::new_token()?;
        app.store
            .create_token(
                &token_hash(&token),
                TokenKind::Reset,
                user.id,
                now,
                now + RESET_SECONDS,
                &Actor {
                    user_id: None,
                    ip: ip.0.clone(),
                    api_key: None,
                },
            )
            .await?;
        Ok(Some((user, token)))
    }
    .await?;
    if let Some((user, token)) = issued {
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let (site, site_language) = app
                .site()
                .await
                .map(|s| (s.name.clone(), s.language.clone()))
                .unwrap_or_default();
            let link = format!("{}/account/reset/{token}", app.config.base_url);
            // In the language they chose for the newsroom, else the site's.
            let words = MailWords::new(
                &app.theme.catalogues,
                user.ui_language.as_deref(),
                &site_language,
            );
            let mail = words.password_reset(&site, &user.email, &link);
            if let Err(e) = app.mailer.send(&mail).await {
                tracing::error!(error = %e, to = %user.email, "reset mail not sent");
            }
        });
    }
    reset_form(&app, &headers, StatusCode::OK, email, true, None).await
}

#[derive(Serialize)]
struct TokenPage<'a> {
    kind: &'static str,
    token: &'a str,
    email: &'a str,
    name: &'a str,
    error: Option<String>,
}

pub(super) fn kind_of(route: &str) -> Option<(TokenKind, &'static str)> {
    match route {
        "reset" => Some((TokenKind::Reset, "Choose a new password")),
        "setup" => Some((TokenKind::Setup, "Set up the admin account")),
        "invite" => Some((TokenKind::Invite, "Join the newsroom")),
        _ => None,
    }
}

fn invalid_link(kind: TokenKind) -> WebError {
    let what = match kind {
        TokenKind::Reset => {
            "This password link is not valid: it has expired (links last an hour), was already \
             used, or was copied incompletely. Ask for a new one at /account/reset."
        }
        TokenKind::Setup => {
            "This setup link is not valid: it has expired, was already used, or was copied \
             incompletely. If the admin account exists, sign in at /account/sign-in; otherwise \
             restart `gazette serve` to print a new link."
        }
        TokenKind::Invite => {
            "This invitation link is not valid: it has expired, was already used, or was copied \
             incompletely. Ask an admin to invite you again."
        }
    };
    WebError::BadRequest(what.into())
}

/// The password form of one link, shown first and again with what to correct.
struct LinkForm<'a> {
    kind: TokenKind,
    title: &'a str,
    token: &'a str,
    user: &'a User,
}

impl LinkForm<'_> {
    /// The form with `name` filled in; refused (400) when there is an `error` to show.
    async fn show(
        &self,
        app: &AppState,
        headers: &HeaderMap,
        name: &str,
        error: Option<String>,
    ) -> Result<Response, WebError> {
        let status = match error {
            Some(_) => StatusCode::BAD_REQUEST,
            None => StatusCode::OK,
        };
        let route = self.kind.as_str();
        let page = TokenPage {
            kind: route,
            token: self.token,
            // The first admin's placeholder address is not theirs: the form asks for it.
            email: if self.user.email == auth::SETUP_EMAIL {
                ""
            } else {
                &self.user.email
            },
            name,
            error,
        };
        let path = format!("/account/{route}/");
        VisitorForm::new("account/set_password.html", &path, self.title)
            .show(app, headers, status, page)
            .await
    }
}

/// `GET /account/{reset|setup|invite}/{token}`: the form, if the link is still good.
pub async fn token_page(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((route, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let Some((kind, title)) = kind_of(&route) else {
        return Err(WebError::NotFound);
    };
    match app
        .store
        .token_user(&token_hash(&token), kind, now())
        .await?
    {
        Some(user) => {
            let name = if kind == TokenKind::Invite {
                user.name.as_str()
            } else {
                ""
            };
            let form = LinkForm {
                kind,
                title,
                token: &token,
                user: &user,
            };
            form.show(&app, &headers, name, None).await
        }
        None => Err(invalid_link(kind)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    name: String,
    email: String,
    password: String,
    confirm: String,
}

/// `POST /account/{reset|setup|invite}/{token}`: spends the token, sets the password,
/// ends the account's other sessions and signs this browser in.
pub async fn token_submit(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(ip): axum::Extension<ClientIp>,
    Path((route, token)): Path<(String, String)>,
    GuestForm(form): GuestForm<PasswordForm>,
) -> Result<Response, WebError> {
    let Some((kind, title)) = kind_of(&route) else {
        return Err(WebError::NotFound);
    };
    let hash = token_hash(&token);
    async {
        let Some(user) = app.store.token_user(&hash, kind, now()).await? else {
            return Err(invalid_link(kind));
        };
        let link_form = LinkForm {
            kind,
            title,
            token: &token,
            user: &user,
        };
        let name = form.name.trim();
        let email = form.email.trim();
        let asks_name = kind != TokenKind::Reset;
        let problem = if asks_name && name.is_empty() {
            Some("Enter your name as readers should see it.".to_owned())
        } else if kind == TokenKind::Setup && !plausible_email(email) {
            Some(
                "Enter your email address, like name@example.org: it is how you sign in."
                    .to_owned(),
            )
        } else if let Err(e) =
            gazette_core::limits::check(gazette_core::limits::Field::PersonName, name)
        {
            Some(format!(
                "The name is too long: use at most {} characters.",
                e.max
            ))
        } else {
            auth::check_password(&form.password, &form.confirm).err()
        };
        if let Some(problem) = problem {
            return link_form.show(&app, &headers, name, Some(problem)).await;
        }
        let password_hash = auth::hash_password(&form.password).await?;
        let name = asks_name.then_some(name);
        let email = (kind == TokenKind::Setup).then_some(email);
        let redeemed = app
            .store
            .redeem_token(
                &hash,
                kind,
                now(),
                &gazette_store::Redemption {
                    password_hash: &password_hash,
                    name,
                    email,
                },
                &ip.0,
            )
            .await;
        let redeemed = match redeemed {
            Err(gazette_store::StoreError::Duplicate { .. }) => {
                let taken = format!(
                    "{} already has an account; use another address.",
                    email.unwrap_or_default()
                );
                return link_form
                    .show(&app, &headers, name.unwrap_or_default(), Some(taken))
                    .await;
            }
            other => other?,
        };
        match redeemed {
            Some(user) => start_session(&app, &headers, &ip.0, &user, landing(user.role)).await,
            // Spent by a concurrent request between the check and now.
            None => Err(invalid_link(kind)),
        }
    }
    .await
}
