//! `/account/…`: sign in and out, password reset by email, the first admin's setup link,
//! accepting an invitation, and the list of one's sessions with revocation.
//!
//! Every page here is private (`Cache-Control: no-store`) and every POST checks a CSRF
//! token. Answers never reveal whether an address has an account: a reset request gets
//! the same page either way, and a failed sign-in the same message.

use std::sync::Arc;

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gazette_core::permissions::Role;
use gazette_mail::Email;
use gazette_store::{Actor, Session, TokenKind, User};
use serde::{Deserialize, Serialize};

use crate::auth::{
    self, CSRF_COOKIE, CurrentUser, MaybeUser, SESSION_SECONDS, cookie, now, same_secret,
    set_cookie, token_hash,
};
use crate::cache::SESSION_COOKIE;
use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::routes::{Context, error_page};
use crate::seo::Meta;
use crate::state::AppState;

/// Failed sign-ins counted over this window…
pub const FAILURE_WINDOW: i64 = 15 * 60;
/// …may be this many per address and per account…
pub const MAX_FAILURES: i64 = 5;
/// …and this many from one IP address across all accounts.
pub const MAX_FAILURES_PER_IP: i64 = 50;
/// Reset links last an hour, invitations a week, setup links a day.
pub const RESET_SECONDS: i64 = 3600;
pub const INVITE_SECONDS: i64 = 7 * 24 * 3600;
pub const SETUP_SECONDS: i64 = 24 * 3600;
/// A new reset mail for the same account waits this long after the last one.
pub const RESET_RESEND_SECONDS: i64 = 120;

/// Renders a private page (never cached) with `status` and extra cookies.
pub async fn private_page<T: Serialize>(
    app: &AppState,
    template: &str,
    path: &str,
    title: &str,
    status: StatusCode,
    page: T,
    cookies: Vec<HeaderValue>,
) -> Response {
    let rendered = async {
        let site = app.site().await?;
        let mut meta = Meta::page(&site, title, "", path);
        meta.noindex = true;
        Ok::<_, WebError>(app.theme.render(
            template,
            &Context {
                site: &site,
                meta,
                current_path: path,
                page,
            },
        )?)
    }
    .await;
    match rendered {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            for c in cookies {
                headers.append(header::SET_COOKIE, c);
            }
            response
        }
        Err(e) => error_page(app, path, e).await,
    }
}

/// The anonymous forms' CSRF value: the cookie's, or a new one to set.
fn anonymous_csrf(
    app: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Vec<HeaderValue>), WebError> {
    match cookie(headers, CSRF_COOKIE).filter(|v| v.len() == 64) {
        Some(v) => Ok((v.to_owned(), Vec::new())),
        None => {
            let v = auth::new_token()?;
            let c = set_cookie(app, CSRF_COOKIE, &v, 24 * 3600);
            Ok((v, vec![c]))
        }
    }
}

fn anonymous_csrf_ok(headers: &HeaderMap, submitted: &str) -> bool {
    cookie(headers, CSRF_COOKIE)
        .filter(|v| v.len() == 64)
        .is_some_and(|v| same_secret(v, submitted))
}

/// Only same-site paths are followed after sign-in.
fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\")).then_some(next)
}

fn landing(role: Role) -> &'static str {
    if role.is_staff() { "/admin" } else { "/" }
}

/// A 400 for a form body that could not be read at all.
async fn unreadable(app: &AppState, path: &str, e: FormRejection) -> Response {
    error_page(
        app,
        path,
        WebError::BadRequest(format!("The form could not be read: {e}")),
    )
    .await
}

/// Starts a session for `user` and answers with its cookie and a redirect to `to`.
async fn start_session(
    app: &AppState,
    headers: &HeaderMap,
    ip: &str,
    user: &User,
    to: &str,
) -> Result<Response, WebError> {
    let token = auth::new_token()?;
    let now = now();
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: auth::new_token()?,
        created_at: now,
        last_seen_at: now,
        expires_at: now + SESSION_SECONDS,
        user_agent: auth::user_agent(headers),
        ip: ip.to_owned(),
    };
    app.store.create_session(&session, &user.email).await?;
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, SESSION_COOKIE, &token, SESSION_SECONDS),
    );
    Ok(response)
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

#[derive(Serialize)]
struct SignInPage<'a> {
    csrf: &'a str,
    email: &'a str,
    next: &'a str,
    error: Option<String>,
}

async fn sign_in_form(
    app: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<String>,
) -> Response {
    let (csrf, cookies) = match anonymous_csrf(app, headers) {
        Ok(v) => v,
        Err(e) => return error_page(app, "/account/sign-in", e).await,
    };
    private_page(
        app,
        "account/sign_in.html",
        "/account/sign-in",
        "Sign in",
        status,
        SignInPage {
            csrf: &csrf,
            email,
            next: safe_next(next).unwrap_or(""),
            error,
        },
        cookies,
    )
    .await
}

/// `GET /account/sign-in`
pub async fn sign_in_page(
    State(app): State<Arc<AppState>>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    if let Some(user) = user {
        let to = safe_next(&q.next).unwrap_or(landing(user.user.role));
        return Redirect::to(to).into_response();
    }
    sign_in_form(&app, &headers, StatusCode::OK, "", &q.next, None).await
}

/// `POST /account/sign-in`: rate-limited per address, account and IP in the database, so
/// the limits hold across nodes.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(connect): axum::Extension<ClientIp>,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Response {
    let path = "/account/sign-in";
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => return unreadable(&app, path, e).await,
    };
    if !anonymous_csrf_ok(&headers, &form.csrf) {
        return auth::csrf_refused(&app, path).await;
    }
    let email = form.email.trim();
    if email.is_empty() || form.password.is_empty() {
        return sign_in_form(
            &app,
            &headers,
            StatusCode::BAD_REQUEST,
            email,
            &form.next,
            Some("Enter your email address and your password.".into()),
        )
        .await;
    }
    let result = async {
        let ip = connect.0.as_str();
        let now = now();
        let user = app.store.user_by_email(email).await?;
        let failures = app
            .store
            .login_failures(email, user.as_ref().map(|u| u.id), ip, now - FAILURE_WINDOW)
            .await?;
        if failures.by_email >= MAX_FAILURES
            || failures.by_user >= MAX_FAILURES
            || failures.by_ip >= MAX_FAILURES_PER_IP
        {
            let free_at = failures.oldest_at.unwrap_or(now) + FAILURE_WINDOW;
            let wait = (free_at - now).max(1);
            let minutes = (wait + 59) / 60;
            let source = if failures.by_ip >= MAX_FAILURES_PER_IP
                && failures.by_email < MAX_FAILURES
                && failures.by_user < MAX_FAILURES
            {
                "from your network"
            } else {
                "for this account"
            };
            let message = format!(
                "Too many failed sign-ins {source}. Try again in {minutes} minute{} \
                 or reset your password.",
                if minutes == 1 { "" } else { "s" }
            );
            let page = sign_in_form(
                &app,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                email,
                &form.next,
                Some(message),
            )
            .await;
            return Ok(auth::retry_after(page, wait));
        }
        let usable = user.as_ref().filter(|u| !u.disabled);
        let ok = auth::verify_password(
            &form.password,
            usable.and_then(|u| u.password_hash.as_deref()),
        )
        .await;
        match usable {
            Some(user) if ok => {
                let to = safe_next(&form.next).unwrap_or(landing(user.role));
                start_session(&app, &headers, ip, user, to).await
            }
            _ => {
                app.store
                    .record_login_failure(email, user.as_ref().map(|u| u.id), now, ip)
                    .await?;
                Ok(sign_in_form(
                    &app,
                    &headers,
                    StatusCode::UNAUTHORIZED,
                    email,
                    &form.next,
                    Some("The email address or the password is not right.".into()),
                )
                .await)
            }
        }
    }
    .await;
    match result {
        Ok(r) => r,
        Err(e) => error_page(&app, path, e).await,
    }
}

#[derive(Deserialize, Default)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    session: String,
}

/// `POST /account/sign-out`: ends this session here and everywhere.
pub async fn sign_out(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let path = "/account/sign-out";
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => return unreadable(&app, path, e).await,
    };
    if !user.csrf_ok(&form.csrf) {
        return auth::csrf_refused(&app, path).await;
    }
    if let Err(e) = app
        .store
        .end_sessions(
            user.user.id,
            &user.session.token_hash,
            true,
            now(),
            &user.actor(),
            "session.sign_out",
        )
        .await
    {
        return error_page(&app, path, e.into()).await;
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, set_cookie(&app, SESSION_COOKIE, "", 0));
    response
}

#[derive(Serialize)]
struct ResetPage<'a> {
    csrf: &'a str,
    email: &'a str,
    sent: bool,
    error: Option<String>,
}

/// `GET /account/reset`
pub async fn reset_page(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    reset_form(&app, &headers, StatusCode::OK, "", false, None).await
}

async fn reset_form(
    app: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    sent: bool,
    error: Option<String>,
) -> Response {
    let (csrf, cookies) = match anonymous_csrf(app, headers) {
        Ok(v) => v,
        Err(e) => return error_page(app, "/account/reset", e).await,
    };
    private_page(
        app,
        "account/reset.html",
        "/account/reset",
        "Reset your password",
        status,
        ResetPage {
            csrf: &csrf,
            email,
            sent,
            error,
        },
        cookies,
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    csrf: String,
}

/// Whether `email` looks like an address (the mail server has the last word).
pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.contains(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        && !domain.contains('@')
}

/// `POST /account/reset`: the same answer whether or not the address has an account; the
/// mail goes out in the background so the answer takes the same time too.
pub async fn reset_request(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(ip): axum::Extension<ClientIp>,
    form: Result<Form<ResetForm>, FormRejection>,
) -> Response {
    let path = "/account/reset";
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => return unreadable(&app, path, e).await,
    };
    if !anonymous_csrf_ok(&headers, &form.csrf) {
        return auth::csrf_refused(&app, path).await;
    }
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
                },
            )
            .await?;
        Ok(Some((user, token)))
    }
    .await;
    match issued {
        Ok(Some((user, token))) => {
            let app = Arc::clone(&app);
            tokio::spawn(async move {
                let site = app.site().await.map(|s| s.name.clone()).unwrap_or_default();
                let link = format!("{}/account/reset/{token}", app.config.base_url);
                let mail = Email {
                    to: user.email.clone(),
                    subject: format!("Reset your password for {site}"),
                    text: format!(
                        "Someone, hopefully you, asked to reset the password of the {site} account \
                         for {}.\n\nOpen this link within an hour to choose a new password:\n\n{link}\n\n\
                         The link works once. If you did not ask for it, ignore this mail: your \
                         password stays as it is.\n",
                        user.email
                    ),
                };
                if let Err(e) = app.mailer.send(&mail).await {
                    tracing::error!(error = %e, to = %user.email, "reset mail not sent");
                }
            });
        }
        Ok(None) => {}
        Err(e) => return error_page(&app, path, e).await,
    }
    reset_form(&app, &headers, StatusCode::OK, email, true, None).await
}

#[derive(Serialize)]
struct TokenPage<'a> {
    csrf: &'a str,
    kind: &'static str,
    token: &'a str,
    email: &'a str,
    name: &'a str,
    error: Option<String>,
}

fn kind_of(route: &str) -> Option<(TokenKind, &'static str)> {
    match route {
        "reset" => Some((TokenKind::Reset, "Choose a new password")),
        "setup" => Some((TokenKind::Setup, "Set up the admin account")),
        "invite" => Some((TokenKind::Invite, "Join the newsroom")),
        _ => None,
    }
}

async fn invalid_link(app: &AppState, path: &str, kind: TokenKind) -> Response {
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
    error_page(app, path, WebError::BadRequest(what.into())).await
}

#[allow(clippy::too_many_arguments)]
async fn token_form(
    app: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    route: &'static str,
    title: &str,
    token: &str,
    user: &User,
    name: &str,
    error: Option<String>,
) -> Response {
    let (csrf, cookies) = match anonymous_csrf(app, headers) {
        Ok(v) => v,
        Err(e) => return error_page(app, "/account", e).await,
    };
    private_page(
        app,
        "account/set_password.html",
        &format!("/account/{route}/"),
        title,
        status,
        TokenPage {
            csrf: &csrf,
            kind: route,
            token,
            // The first admin's placeholder address is not theirs: the form asks for it.
            email: if user.email == auth::SETUP_EMAIL {
                ""
            } else {
                &user.email
            },
            name,
            error,
        },
        cookies,
    )
    .await
}

fn route_name(kind: TokenKind) -> &'static str {
    kind.as_str()
}

/// `GET /account/{reset|setup|invite}/{token}`: the form, if the link is still good.
pub async fn token_page(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((route, token)): Path<(String, String)>,
) -> Response {
    let path = format!("/account/{route}/");
    let Some((kind, title)) = kind_of(&route) else {
        return error_page(&app, &path, WebError::NotFound).await;
    };
    match app.store.token_user(&token_hash(&token), kind, now()).await {
        Ok(Some(user)) => {
            let name = if kind == TokenKind::Invite {
                user.name.clone()
            } else {
                String::new()
            };

            token_form(
                &app,
                &headers,
                StatusCode::OK,
                route_name(kind),
                title,
                &token,
                &user,
                &name,
                None,
            )
            .await
        }
        Ok(None) => invalid_link(&app, &path, kind).await,
        Err(e) => error_page(&app, &path, e.into()).await,
    }
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /account/{reset|setup|invite}/{token}`: spends the token, sets the password,
/// ends the account's other sessions and signs this browser in.
pub async fn token_submit(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(ip): axum::Extension<ClientIp>,
    Path((route, token)): Path<(String, String)>,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Response {
    let path = format!("/account/{route}/");
    let Some((kind, title)) = kind_of(&route) else {
        return error_page(&app, &path, WebError::NotFound).await;
    };
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => return unreadable(&app, &path, e).await,
    };
    if !anonymous_csrf_ok(&headers, &form.csrf) {
        return auth::csrf_refused(&app, &path).await;
    }
    let hash = token_hash(&token);
    let result = async {
        let Some(user) = app.store.token_user(&hash, kind, now()).await? else {
            return Ok(invalid_link(&app, &path, kind).await);
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
        } else if name.chars().count() > 100 {
            Some("The name is too long: use at most 100 characters.".to_owned())
        } else {
            auth::check_password(&form.password, &form.confirm).err()
        };
        if let Some(problem) = problem {
            return Ok(token_form(
                &app,
                &headers,
                StatusCode::BAD_REQUEST,
                route_name(kind),
                title,
                &token,
                &user,
                name,
                Some(problem),
            )
            .await);
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
                return Ok(token_form(
                    &app,
                    &headers,
                    StatusCode::BAD_REQUEST,
                    route_name(kind),
                    title,
                    &token,
                    &user,
                    name.unwrap_or_default(),
                    Some(format!(
                        "{} already has an account; use another address.",
                        email.unwrap_or_default()
                    )),
                )
                .await);
            }
            other => other?,
        };
        match redeemed {
            Some(user) => start_session(&app, &headers, &ip.0, &user, landing(user.role)).await,
            // Spent by a concurrent request between the check and now.
            None => Ok(invalid_link(&app, &path, kind).await),
        }
    }
    .await;
    match result {
        Ok(r) => r,
        Err(e) => error_page(&app, &path, e).await,
    }
}

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
pub async fn sessions_page(State(app): State<Arc<AppState>>, user: CurrentUser) -> Response {
    let path = "/account/sessions";
    let sessions = match app.store.sessions_of(user.user.id, now()).await {
        Ok(s) => s,
        Err(e) => return error_page(&app, path, e.into()).await,
    };
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
    private_page(
        &app,
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
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let path = "/account/sessions";
    let Form(form) = match form {
        Ok(f) => f,
        Err(e) => return unreadable(&app, path, e).await,
    };
    if !user.csrf_ok(&form.csrf) {
        return auth::csrf_refused(&app, path).await;
    }
    let (hash, only, action) = match which.as_str() {
        "revoke" if !form.session.is_empty() => (form.session.as_str(), true, "session.revoke"),
        "revoke" => {
            return error_page(
                &app,
                path,
                WebError::BadRequest("Say which session to end: the form needs `session`.".into()),
            )
            .await;
        }
        "revoke-others" => (
            user.session.token_hash.as_str(),
            false,
            "session.revoke_others",
        ),
        _ => return error_page(&app, path, WebError::NotFound).await,
    };
    if let Err(e) = app
        .store
        .end_sessions(user.user.id, hash, only, now(), &user.actor(), action)
        .await
    {
        return error_page(&app, path, e.into()).await;
    }
    if only && hash == user.session.token_hash {
        let mut response = Redirect::to("/account/sign-in").into_response();
        response
            .headers_mut()
            .append(header::SET_COOKIE, set_cookie(&app, SESSION_COOKIE, "", 0));
        return response;
    }
    Redirect::to(path).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_followed() {
        assert_eq!(safe_next("/admin"), Some("/admin"));
        assert_eq!(safe_next("//evil.example/"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next("https://evil.example/"), None);
        assert_eq!(safe_next(""), None);
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(plausible_email("a@example.org"));
        assert!(!plausible_email("a@b"));
        assert!(!plausible_email("no at sign"));
        assert!(!plausible_email("a b@example.org"));
        assert!(!plausible_email("a@@example.org"));
    }
}
