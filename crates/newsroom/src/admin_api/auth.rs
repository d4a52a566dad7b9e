//! Who is calling: `Authorization: Bearer <key>` and nothing else. A session cookie is
//! ignored here (so the API has no CSRF surface), and a key is ignored by the HTML newsroom
//! (its extractor reads only the cookie). A personal key acts as its staff member with their
//! current role (a demotion or a disabled account applies at once); an integration key acts
//! with its own role and owns no article. Each key may make [`RATE_PER_SECOND`] requests a
//! second (or its own rate) counted over fixed windows of [`RATE_WINDOW_SECONDS`] in the
//! database (`Store::count_api_request`), so the limit holds across nodes and under
//! parallel requests; over it, a 429 says when the window ends.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use gazette_core::editorial;
use gazette_core::permissions::{Action, Ownership, Role, allows};
use gazette_store::{Actor, ApiKey, EditableArticle, KeyActor};
use gazette_web::AppState;
use gazette_web::auth::{client_ip, now, token_hash};

use super::error::AdminError;

/// Requests a key may make each second, on average, unless it has its own rate.
pub const RATE_PER_SECOND: i64 = 100;
/// The length of a counting window: a key may make its rate times this many requests in
/// each, at any pace (so a burst after a pause is fine).
pub const RATE_WINDOW_SECONDS: i64 = 10;

/// Counts one request of `key` at `at`: `Err(seconds)` to wait when the window is full.
async fn take_request(app: &AppState, key: &ApiKey, at: i64) -> Result<(), AdminError> {
    let rate = key
        .rate_per_second
        .filter(|r| *r > 0)
        .unwrap_or(RATE_PER_SECOND);
    let limit = rate.saturating_mul(RATE_WINDOW_SECONDS);
    let window_start = at - at.rem_euclid(RATE_WINDOW_SECONDS);
    let count = app.store.count_api_request(key.id, window_start).await?;
    if count > limit {
        let retry_after = (window_start + RATE_WINDOW_SECONDS - at).max(1) as u64;
        return Err(AdminError::RateLimited { retry_after });
    }
    Ok(())
}

/// The caller of an Admin API request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key: ApiKey,
    pub role: Role,
    pub user_id: Option<i64>,
    /// For the store's audit entries: the key's person (if any), the client's address, and
    /// the key with the role it acts as.
    pub actor: Actor,
}

impl Caller {
    pub fn can(&self, action: Action, ownership: Ownership) -> bool {
        allows(self.role, action, ownership)
    }

    /// `Err(403)` unless the role allows `action`.
    pub fn require(&self, action: Action, ownership: Ownership) -> Result<(), AdminError> {
        if self.can(action, ownership) {
            Ok(())
        } else {
            Err(AdminError::forbidden(self.role, action))
        }
    }

    /// Whether the caller owns `article` (an integration key owns none).
    pub fn ownership(&self, article: Option<&EditableArticle>) -> Ownership {
        match (article, self.user_id) {
            (None, _) => Ownership::Own,
            (Some(a), Some(user)) => editorial::ownership(Some(a.owned_by(user))),
            (Some(_), None) => Ownership::Other,
        }
    }
}

fn unauthorized(why: &str) -> AdminError {
    AdminError::Unauthorized(format!(
        "{why} Send `Authorization: Bearer <key>` with a key from the newsroom's API keys page (/admin/api-keys)."
    ))
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = AdminError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("This request carries no API key."))?;
        let value = header
            .to_str()
            .map_err(|_| unauthorized("The Authorization header is not readable text."))?;
        let secret = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| unauthorized("The Authorization header is not `Bearer <key>`."))?;
        let hash = token_hash(secret);
        let key = app
            .store
            .api_key_by_hash(&hash)
            .await?
            .ok_or_else(|| unauthorized("This API key is not known (mistyped, or deleted)."))?;
        let at = now();
        if key.revoked_at.is_some() {
            return Err(unauthorized("This API key has been revoked."));
        }
        if !key.is_live(at) {
            return Err(unauthorized("This API key has expired; create a new one."));
        }
        let role = match key.user_id {
            None => key.role,
            Some(user_id) => {
                let user = app.store.user_by_id(user_id).await?;
                match user {
                    Some(u) if !u.disabled && u.role.is_staff() => u.role,
                    _ => {
                        return Err(unauthorized(
                            "The account this personal key acts as is disabled or no longer staff.",
                        ));
                    }
                }
            }
        };
        take_request(app, &key, at).await?;
        // The last use is kept to the minute: most requests need no write for it.
        if key.last_used_at.is_none_or(|t| t < at - 60) {
            app.store.touch_api_key(key.id, at).await?;
        }
        let ip = client_ip(&parts.extensions);
        let actor = Actor {
            user_id: key.user_id,
            ip,
            api_key: Some(KeyActor {
                id: key.id,
                name: key.name.clone(),
                role: role.as_str().to_owned(),
            }),
        };
        let caller = Caller {
            user_id: key.user_id,
            role,
            key,
            actor,
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}
