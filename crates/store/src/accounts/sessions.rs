//! Login sessions and failed-login counts: what the sign-in handlers and the rate limit
//! read and write on every request.

use gazette_core::audit::AuditAction;

use super::{User, normalize_email};
use crate::audit::Actor;
use crate::run::{execute, rows};
use crate::{Backend, Result, Store};

/// A signed-in browser. `token_hash` is the SHA-256 of the cookie's value.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub user_agent: String,
    pub ip: String,
}

const SESSION_COLUMNS: &str =
    "token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip";

/// Sign-in failures counted over a window, by address and by account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub by_email: i64,
    pub by_user: i64,
    /// From the requesting address, across every account (guessing many accounts).
    pub by_ip: i64,
    /// The oldest failure counted, so callers can say when the window frees up.
    pub oldest_at: Option<i64>,
}

impl Store {
    /// Starts a session (after a successful sign-in) and forgets the address's failures.
    pub async fn create_session(&self, session: &Session, email: &str) -> Result<()> {
        let mut tx = self.write(session.created_at).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        )))
        .bind(&session.token_hash)
        .bind(session.user_id)
        .bind(&session.csrf_token)
        .bind(session.created_at)
        .bind(session.last_seen_at)
        .bind(session.expires_at)
        .bind(&session.user_agent)
        .bind(&session.ip)
        .execute(&mut **tx)
        .await?;
        sqlx::query("DELETE FROM login_failures WHERE email = $1 OR user_id = $2")
            .bind(normalize_email(email))
            .bind(session.user_id)
            .execute(&mut **tx)
            .await?;
        tx.audited(
            &Actor {
                user_id: Some(session.user_id),
                ip: session.ip.clone(),
                api_key: None,
            },
            AuditAction::SessionSignIn,
            None,
            &session.user_agent,
        )
        .await?;
        tx.commit().await
    }

    /// A live session and its enabled user.
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<(Session, User)>> {
        let session: Option<Session> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND expires_at > $2"
        )))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(session) = session else {
            return Ok(None);
        };
        match self.user_by_id(session.user_id).await? {
            Some(user) if !user.disabled => Ok(Some((session, user))),
            _ => Ok(None),
        }
    }

    /// Records activity, at most once a minute per session to spare the database.
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        let sql =
            "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $3";
        execute(
            &self.pool,
            sql,
            &[now.into(), token_hash.into(), (now - 60).into()],
        )
        .await?;
        Ok(())
    }

    /// A user's live sessions, most recently seen first.
    pub async fn sessions_of(&self, user_id: i64, now: i64) -> Result<Vec<Session>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND expires_at > $2 \
             ORDER BY last_seen_at DESC, created_at DESC"
        );
        rows(
            &self.pool,
            sqlx::AssertSqlSafe(sql),
            &[user_id.into(), now.into()],
        )
        .await
    }

    /// Ends sessions of `user_id`: the one with `token_hash` (`only`), or every one but it.
    /// Returns how many ended; a hash of another user's session ends nothing.
    pub async fn end_sessions(
        &self,
        user_id: i64,
        token_hash: &str,
        only: bool,
        now: i64,
        actor: &Actor,
        action: AuditAction,
    ) -> Result<u64> {
        let mut tx = self.write(now).await?;
        let sql = if only {
            "DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2"
        } else {
            "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2"
        };
        let n = sqlx::query(sql)
            .bind(user_id)
            .bind(token_hash)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        tx.audited(actor, action, None, &format!("{n} ended"))
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Counts a sign-in attempt before its password is checked, unless `over_limit` says
    /// the failures already counted are too many: then nothing is recorded and the counts
    /// are returned (`Some`), for the caller to refuse the attempt with them.
    ///
    /// Counting and recording are one step under a lock per address, account and IP, so
    /// parallel guesses cannot all pass the check before any is recorded. SQLite's write
    /// transaction is that lock; PostgreSQL takes transaction-scoped advisory locks, always
    /// in the order address, account, IP, so two attempts never wait on each other in a
    /// cycle. The attempt stays counted as a failure unless the sign-in succeeds
    /// ([`Store::create_session`] forgets the address's and the account's failures).
    /// Rows older than a day are pruned on the way.
    pub async fn count_login_attempt(
        &self,
        email: &str,
        user_id: Option<i64>,
        ip: &str,
        now: i64,
        since: i64,
        over_limit: impl FnOnce(&Failures) -> bool,
    ) -> Result<Option<Failures>> {
        let email = normalize_email(email);
        let mut tx = self.write(now).await?;
        if self.backend() == Backend::Postgres {
            let user_key = user_id.map(|id| id.to_string());
            let keys = [
                (1, Some(email.as_str())),
                (2, user_key.as_deref()),
                (3, Some(ip)),
            ];
            for (class, key) in keys {
                let Some(key) = key else { continue };
                // The lock function returns `void`, which the Any driver cannot decode.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT 1 FROM (SELECT pg_advisory_xact_lock({class}, hashtext($1))) AS locked"
                )))
                .bind(key)
                .execute(&mut **tx)
                .await?;
            }
        }
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(now - 86_400)
            .execute(&mut **tx)
            .await?;
        let failures = count_failures(&mut tx, &email, user_id, ip, since).await?;
        if over_limit(&failures) {
            tx.commit().await?;
            return Ok(Some(failures));
        }
        let sql = "INSERT INTO login_failures (email, user_id, ip, at) VALUES ($1, $2, $3, $4)";
        let args = [(&email).into(), user_id.into(), ip.into(), now.into()];
        execute(&mut **tx, sql, &args).await?;
        tx.commit().await?;
        Ok(None)
    }

    /// Records in the audit log that a sign-in failed ([`Store::count_login_attempt`]
    /// already counted it).
    pub async fn audit_login_failure(
        &self,
        email: &str,
        user_id: Option<i64>,
        now: i64,
        ip: &str,
    ) -> Result<()> {
        let email = normalize_email(email);
        let mut tx = self.write(now).await?;
        tx.audited(
            &Actor {
                user_id: None,
                ip: ip.to_owned(),
                api_key: None,
            },
            AuditAction::SessionSignInFailed,
            user_id.map(|id| id.to_string()).as_deref(),
            &email,
        )
        .await?;
        tx.commit().await
    }

    /// Failures since `since` for the email address, the account and the client's IP.
    pub async fn login_failures(
        &self,
        email: &str,
        user_id: Option<i64>,
        ip: &str,
        since: i64,
    ) -> Result<Failures> {
        let mut conn = self.pool.acquire().await?;
        count_failures(&mut conn, &normalize_email(email), user_id, ip, since).await
    }
}

/// Failures since `since` by normalised address, account and IP.
async fn count_failures(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    user_id: Option<i64>,
    ip: &str,
    since: i64,
) -> Result<Failures> {
    let (by_email, oldest_email): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(at) FROM login_failures WHERE email = $1 AND at >= $2",
    )
    .bind(email)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    let (by_user, oldest_user): (i64, Option<i64>) = match user_id {
        Some(id) => {
            sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM login_failures WHERE user_id = $1 AND at >= $2",
            )
            .bind(id)
            .bind(since)
            .fetch_one(&mut *conn)
            .await?
        }
        None => (0, None),
    };
    let (by_ip, oldest_ip): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM login_failures WHERE ip = $1 AND at >= $2")
            .bind(ip)
            .bind(since)
            .fetch_one(&mut *conn)
            .await?;
    Ok(Failures {
        by_email,
        by_user,
        by_ip,
        oldest_at: [oldest_email, oldest_user, oldest_ip]
            .into_iter()
            .flatten()
            .min(),
    })
}
