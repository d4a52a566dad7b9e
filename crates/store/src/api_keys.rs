//! Keys of the Admin API: created in the newsroom (the secret is shown once and only its
//! SHA-256 is kept), found by that hash on each request, marked with their last use and
//! revoked. Creating and revoking are audited in the same transaction.

use gazette_core::audit::AuditAction;
use gazette_core::permissions::Role;

use crate::args::Arg;
use crate::audit::Actor;
use crate::run::{execute, row, rows, value_of};
use crate::{Result, Store, StoreError};

/// A key to record: the caller made the secret and hashed it.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub name: String,
    /// The first characters of the secret, to tell keys apart in the list.
    pub prefix: String,
    /// Lowercase hex SHA-256 of the whole secret.
    pub token_hash: String,
    pub role: Role,
    /// A personal key acts as this staff member; `None` for an integration key.
    pub user_id: Option<i64>,
    pub expires_at: Option<i64>,
    /// Requests a second on average (`None`: the API's default).
    pub rate_per_second: Option<i64>,
}

/// A stored key (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub user_id: Option<i64>,
    /// The name of the staff member a personal key acts as.
    pub user_name: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub rate_per_second: Option<i64>,
}

impl ApiKey {
    /// Whether the key may be used at `now`: not revoked, not expired.
    pub fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|t| t > now)
    }
}

const KEY_COLS: &str = "k.id, k.name, k.prefix, k.role, k.user_id, u.name AS user_name, \
     k.created_by, k.created_at, k.expires_at, k.last_used_at, k.revoked_at, k.rate_per_second \
     FROM api_keys k LEFT JOIN users u ON u.id = k.user_id";

impl Store {
    /// Records a key created by `actor`; returns its id.
    pub async fn create_api_key(&self, key: &NewApiKey, at: i64, actor: &Actor) -> Result<i64> {
        let name = key.name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("API key", "name", "the name is empty"));
        }
        let mut tx = self.write(at).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_keys (name, prefix, token_hash, role, user_id, created_by, \
             created_at, expires_at, rate_per_second) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING id",
        )
        .bind(name)
        .bind(&key.prefix)
        .bind(&key.token_hash)
        .bind(key.role.as_str())
        .bind(key.user_id)
        .bind(actor.user_id)
        .bind(at)
        .bind(key.expires_at)
        .bind(key.rate_per_second)
        .fetch_one(&mut **tx)
        .await?;
        let detail = format!("{name} ({})", key.role.as_str());
        tx.logged(actor, AuditAction::ApiKeyCreate, id, &detail)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every key, newest first; with `user_id`, only the personal keys of that person.
    pub async fn api_keys(&self, user_id: Option<i64>) -> Result<Vec<ApiKey>> {
        let sql =
            format!("SELECT {KEY_COLS} WHERE ($1 IS NULL OR k.user_id = $1) ORDER BY k.id DESC");
        let sql = sqlx::AssertSqlSafe(sql);
        rows(&self.pool, sql, &[user_id.into()]).await
    }

    pub async fn api_key(&self, id: i64) -> Result<Option<ApiKey>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {KEY_COLS} WHERE k.id = $1"));
        row(&self.pool, sql, &[Arg::Int(id)]).await
    }

    /// The key whose secret hashes to `token_hash`, live or not (the caller says which
    /// refusal applies).
    pub async fn api_key_by_hash(&self, token_hash: &str) -> Result<Option<ApiKey>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {KEY_COLS} WHERE k.token_hash = $1"));
        row(&self.pool, sql, &[Arg::Text(token_hash.to_owned())]).await
    }

    /// Marks key `id` used at `at` (at most once a minute is written, so a busy script
    /// does not turn every read into a write).
    pub async fn touch_api_key(&self, id: i64, at: i64) -> Result<()> {
        let sql = "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 \
                   AND (last_used_at IS NULL OR last_used_at < $3)";
        execute(&self.pool, sql, &[at.into(), id.into(), (at - 60).into()]).await?;
        Ok(())
    }

    /// Revokes key `id` (at once: the next request with it is refused). Revoking a revoked
    /// key changes nothing.
    pub async fn revoke_api_key(&self, id: i64, at: i64, actor: &Actor) -> Result<()> {
        let mut tx = self.write(at).await?;
        let sql = "SELECT name FROM api_keys WHERE id = $1";
        let name: String = value_of(&mut **tx, sql, "API key", id).await?;
        let sql = "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
        if execute(&mut **tx, sql, &[at.into(), id.into()]).await? == 1 {
            tx.logged(actor, AuditAction::ApiKeyRevoke, id, &name)
                .await?;
        }
        tx.commit().await
    }
}
