//! Authentication plumbing shared by the account pages and every `/admin` route: random
//! tokens and their digests, argon2id passwords, the session cookie, CSRF tokens, and the
//! [`CurrentUser`] extractor with its [`CurrentUser::require`] permission check.
//!
//! Sessions live in the database (so any node can serve them and revoking one takes effect
//! everywhere); the cookie carries a random 32-byte token and the database only its
//! SHA-256. Every state-changing form carries a synchronizer token: the session's CSRF
//! token when signed in, or, on the anonymous forms (sign-in, reset, setup), a random value
//! that must match the `gazette_csrf` cookie (double submit). On top, tower-http's
//! `CsrfLayer` refuses cross-site requests by `Origin`/`Sec-Fetch-Site`.

use std::sync::Arc;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gazette_core::permissions::{Action, Ownership, Role, allows};
use gazette_store::{Actor, Session, User};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::cache::SESSION_COOKIE;
use crate::error::WebError;
use crate::state::AppState;

/// Cookie holding the anonymous forms' CSRF value.
pub const CSRF_COOKIE: &str = "gazette_csrf";
/// How long a session lasts after sign-in.
pub const SESSION_SECONDS: i64 = 14 * 24 * 3600;
/// Shortest and longest password accepted.
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// A fresh random token, 32 bytes as 64 hex characters.
pub fn new_token() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| WebError::Internal(format!("the system random source failed: {e}")))?;
    Ok(hex::encode(bytes))
}

/// What the database keeps of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Equality that takes as long whatever the first differing byte (for secrets).
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Why a new password is refused, in words for the form.
pub fn check_password(password: &str, confirm: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN {
        return Err(format!(
            "The password is too short: use at least {PASSWORD_MIN} characters."
        ));
    }
    if chars > PASSWORD_MAX {
        return Err(format!(
            "The password is too long: use at most {PASSWORD_MAX} characters."
        ));
    }
    if password != confirm {
        return Err("The two passwords do not match.".to_owned());
    }
    Ok(())
}

/// An argon2id hash (PHC string), computed off the async threads.
pub async fn hash_password(password: &str) -> Result<String, WebError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| WebError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| WebError::Internal(format!("password hashing task failed: {e}")))?
}

/// A hash of a password nobody knows: checked against when the account does not exist so
/// that unknown addresses take as long as wrong passwords.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$\
                          2kJ3VcFy3HOZlGQfN4pTcRPyBoPvFzcyPVjr4a3Mo9w";

/// Whether `password` matches `hash`; `None` hash always fails, at the same cost.
pub async fn verify_password(password: &str, hash: Option<&str>) -> bool {
    let password = password.to_owned();
    let (hash, real) = match hash {
        Some(h) => (h.to_owned(), true),
        None => (DUMMY_HASH.to_owned(), false),
    };
    tokio::task::spawn_blocking(move || {
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        ok && real
    })
    .await
    .unwrap_or(false)
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when the site is served over HTTPS.
pub fn set_cookie(app: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if app.config.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let text = format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}");
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("gazette_invalid=1"))
}

/// The client's address as [`crate::client_ip::layer`] found it ("" when unknown).
pub fn client_ip(parts_extensions: &axum::http::Extensions) -> String {
    parts_extensions
        .get::<crate::client_ip::ClientIp>()
        .map(|ip| ip.0.clone())
        .unwrap_or_default()
}

pub fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect()
}

pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Placeholder address of the first admin until the setup form sets the real one.
pub const SETUP_EMAIL: &str = "admin@setup.invalid";

/// When no admin can sign in: a fresh one-time setup link (valid a day) for the pending
/// admin account, created if needed. Links printed before (by other nodes, or this one's
/// earlier starts) keep working until one of them is used or they expire: each node prints
/// its own at start, and the one an operator copies must not depend on which node started
/// last. `None` when an admin exists.
pub async fn setup_link(
    store: &gazette_store::Store,
    base_url: &str,
) -> Result<Option<String>, WebError> {
    if store.active_admin_exists().await? {
        return Ok(None);
    }
    let now = now();
    let admin = match store.pending_admin().await? {
        Some(u) => u,
        None => {
            let created = store
                .create_user(
                    &gazette_store::NewUser {
                        email: SETUP_EMAIL.to_owned(),
                        name: "Admin".to_owned(),
                        role: Role::Admin,
                        password_hash: None,
                        author_id: None,
                    },
                    now,
                    &Actor::cli(),
                )
                .await;
            match created {
                Ok(u) => u,
                // Another node starting at the same moment created it first.
                Err(e) => store.pending_admin().await?.ok_or(e)?,
            }
        }
    };
    let token = new_token()?;
    store
        .add_token(
            &token_hash(&token),
            gazette_store::TokenKind::Setup,
            admin.id,
            now,
            now + crate::routes::account::SETUP_SECONDS,
            &Actor::cli(),
        )
        .await?;
    Ok(Some(format!("{base_url}/account/setup/{token}")))
}

/// The signed-in person and their session. As an extractor, it sends anonymous visitors
/// to the sign-in page (coming back afterwards) and refuses disabled or expired sessions.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session: Session,
    pub ip: String,
}

/// The same, for pages that also serve anonymous visitors.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id),
            ip: self.ip.clone(),
            api_key: None,
        }
    }

    /// Whether the user may do `action` (on something they own, or not).
    pub fn can(&self, action: Action, ownership: Ownership) -> bool {
        allows(self.user.role, action, ownership)
    }

    /// `Err(403)` naming what is missing unless the role allows `action`. Site-wide
    /// actions are checked as `Ownership::Other`.
    pub fn require(&self, action: Action, ownership: Ownership) -> Result<(), Forbidden> {
        if self.can(action, ownership) {
            Ok(())
        } else {
            Err(Forbidden {
                role: self.user.role,
                action,
            })
        }
    }

    /// Whether `submitted` is this session's CSRF token.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        same_secret(submitted, &self.session.csrf_token)
    }
}

/// A refusal for lack of permission: rendered as a 403 page saying what is missing.
#[derive(Debug, Clone, Copy)]
pub struct Forbidden {
    pub role: Role,
    pub action: Action,
}

impl Forbidden {
    pub fn message(&self) -> String {
        format!(
            "Your role ({}) does not allow you to {}. Ask an admin if you need this.",
            self.role,
            self.action.describe()
        )
    }
}

/// Reads the session cookie and loads the session; `Ok(None)` when there is none or it ended.
async fn load(app: &AppState, parts: &Parts) -> Result<Option<CurrentUser>, WebError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if token.len() != 64 {
        return Ok(None);
    }
    let hash = token_hash(token);
    let now = now();
    let Some((session, user)) = app.store.session(&hash, now).await? else {
        return Ok(None);
    };
    app.store.touch_session(&hash, now).await?;
    Ok(Some(CurrentUser {
        user,
        session,
        ip: client_ip(&parts.extensions),
    }))
}

/// Where a GET of `path` sends an anonymous visitor.
pub fn sign_in_redirect(path: &str) -> Response {
    let next: String =
        percent_encoding::utf8_percent_encode(path, percent_encoding::NON_ALPHANUMERIC).collect();
    Redirect::to(&format!("/account/sign-in?next={next}")).into_response()
}

impl FromRequestParts<Arc<AppState>> for CurrentUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        // Loaded once per request: the route's permission guard and the form reader ask too.
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let path = parts.uri.path().to_owned();
        match load(app, parts).await {
            Ok(Some(user)) => {
                parts.extensions.insert(user.clone());
                Ok(user)
            }
            Ok(None) if parts.method == axum::http::Method::GET => Err(sign_in_redirect(
                parts.uri.path_and_query().map_or(&path, |p| p.as_str()),
            )),
            Ok(None) => Err(crate::routes::error_page(
                app,
                &path,
                WebError::Unauthorized(
                    "You are not signed in (or your session ended). Sign in and try again.".into(),
                ),
            )
            .await),
            Err(e) => Err(crate::routes::error_page(app, &path, e).await),
        }
    }
}

impl FromRequestParts<Arc<AppState>> for MaybeUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        match load(app, parts).await {
            Ok(user) => Ok(MaybeUser(user)),
            Err(e) => Err(crate::routes::error_page(app, parts.uri.path(), e).await),
        }
    }
}

/// `429 Too Many Requests` with `Retry-After`.
pub fn retry_after(mut response: Response, seconds: i64) -> Response {
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_hashes_are_stable() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(token_hash("abc"), token_hash("abc"));
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abcd", "abcd"));
        assert!(!same_secret("abcd", "abce"));
        assert!(!same_secret("abcd", "abc"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn passwords_are_checked_with_reasons() {
        assert!(check_password("correct horse", "correct horse").is_ok());
        assert!(
            check_password("short", "short")
                .unwrap_err()
                .contains("too short")
        );
        assert!(
            check_password("correct horse", "correct h0rse")
                .unwrap_err()
                .contains("do not match")
        );
    }

    #[tokio::test]
    async fn argon2id_round_trip_and_dummy_never_matches() {
        let hash = hash_password("correct horse").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", Some(&hash)).await);
        assert!(!verify_password("wrong horse", Some(&hash)).await);
        assert!(!verify_password("anything", None).await);
    }

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("gazette_session_x=1; gazette_session=abc"),
        );
        assert_eq!(cookie(&h, "gazette_session"), Some("abc"));
        assert_eq!(cookie(&h, "gazette_csrf"), None);
    }
}
