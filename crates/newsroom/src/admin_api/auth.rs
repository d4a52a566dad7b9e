//! Who is calling: `Authorization: Bearer <key>` and nothing else. A session cookie is
//! ignored here (so the API has no CSRF surface), and a key is ignored by the HTML newsroom
//! (its extractor reads only the cookie). A personal key acts as its staff member with their
//! current role (a demotion or a disabled account applies at once); an integration key acts
//! with its own role and owns no article. Each key has a token bucket ([`RATE_PER_SECOND`]
//! unless the key was given its own rate, bursts of four seconds' worth), kept in this
//! process's memory: with several nodes, each node allows that much.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use gazette_core::editorial;
use gazette_core::permissions::{Action, Ownership, Role, allows};
use gazette_store::{Actor, ApiKey, EditableArticle};
use gazette_web::AppState;
use gazette_web::auth::{client_ip, now, token_hash};

use super::error::AdminError;

/// Requests a key may make each second, on average, unless it has its own rate.
pub const RATE_PER_SECOND: f64 = 100.0;
/// Seconds' worth of requests a key may make at once after a pause.
const BURST_SECONDS: f64 = 4.0;

/// One key's bucket: tokens left and when they were counted.
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets by the key's hash (unique across databases, unlike its id).
static BUCKETS: LazyLock<Mutex<HashMap<String, Bucket>>> = LazyLock::new(Default::default);

/// Takes one token from `hash`'s bucket (refilled at `rate` a second), or says in how many
/// seconds one is back.
fn take_token(hash: &str, rate: f64) -> Result<(), u64> {
    let burst = rate * BURST_SECONDS;
    let now = Instant::now();
    let mut buckets = BUCKETS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let bucket = buckets.entry(hash.to_owned()).or_insert(Bucket {
        tokens: burst,
        at: now,
    });
    let elapsed = now.duration_since(bucket.at).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
    bucket.at = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        Ok(())
    } else {
        Err(((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64)
    }
}

/// The caller of an Admin API request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key: ApiKey,
    pub role: Role,
    pub user_id: Option<i64>,
    /// For the store's audit entries: the key's person (if any), and an address that names
    /// the key (`203.0.113.5 via API key 3 “Wire importer”`).
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
        let rate = key
            .rate_per_second
            .filter(|r| *r > 0)
            .map_or(RATE_PER_SECOND, |r| r as f64);
        take_token(&hash, rate).map_err(|retry_after| AdminError::RateLimited { retry_after })?;
        // The last use is kept to the minute: most requests need no write for it.
        if key.last_used_at.is_none_or(|t| t < at - 60) {
            app.store.touch_api_key(key.id, at).await?;
        }
        let ip = client_ip(&parts.extensions);
        let actor = Actor {
            user_id: key.user_id,
            ip: format!("{ip} via API key {} “{}”", key.id, key.name)
                .trim_start()
                .to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_past_the_bucket_is_refused_with_a_wait() {
        let hash = "test-bucket-of-its-own";
        // Four seconds' worth at 5 a second: 20 at once, then a wait.
        let taken = (0..100)
            .take_while(|_| take_token(hash, 5.0).is_ok())
            .count();
        assert!((20..=21).contains(&taken), "{taken}");
        let wait = take_token(hash, 5.0).unwrap_err();
        assert!(wait >= 1);
        // Another key is not affected.
        assert!(take_token("another-key", 5.0).is_ok());
    }
}
