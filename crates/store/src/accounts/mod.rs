//! Accounts: users, server-side sessions, single-use tokens and sign-in failures.
//!
//! Secrets never reach the database in the clear: callers pass SHA-256 digests of session
//! and token values, and argon2 hashes of passwords. Every write is one transaction that
//! also appends its audit row, so an action and its record commit together. A token is
//! spent with `UPDATE … WHERE used_at IS NULL AND expires_at > now`, whose affected-row
//! count decides, so two concurrent requests can never both use it.

mod sessions;
mod staff;

pub use sessions::{Failures, Session};
pub use staff::StaffMember;

use gazette_core::audit::AuditAction;
use gazette_core::permissions::Role;
use sqlx::{Any, Transaction};

use crate::args::Arg;
use crate::audit::Actor;
use crate::decode::Flag;
use crate::run::{execute, execute_on, row, rows};
use crate::write::{WriteTx, unique};
use crate::{Result, Store, StoreError};

/// A person who can sign in (staff) or receives the digest (subscriber).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    /// Always lowercase.
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub password_hash: Option<String>,
    pub author_id: Option<i64>,
    pub created_at: i64,
    #[sqlx(try_from = "Flag")]
    pub disabled: bool,
    /// The newsroom's language this person chose (a catalogue code); `None`: the site's.
    pub ui_language: Option<String>,
}

/// Selects the [`User`] of each user `u`, followed by `rest` (joins, conditions, order).
fn select_users(rest: &str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!(
        "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.author_id, u.created_at, \
         u.disabled, u.ui_language FROM users u {rest}"
    ))
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: Option<String>,
    pub author_id: Option<i64>,
}

/// What a single-use token lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// The first admin sets a password.
    Setup,
    /// Someone who forgot their password sets a new one.
    Reset,
    /// Invited staff set their name and password.
    Invite,
}

gazette_core::enum_names!(TokenKind, "token kind", {
    Setup => "setup",
    Reset => "reset",
    Invite => "invite",
});

impl TokenKind {
    /// The audit entry for issuing a link of this kind.
    fn issued_action(self) -> AuditAction {
        match self {
            TokenKind::Setup => AuditAction::TokenSetup,
            TokenKind::Reset => AuditAction::TokenReset,
            TokenKind::Invite => AuditAction::TokenInvite,
        }
    }

    /// The audit entry for using a link of this kind.
    fn completed_action(self) -> AuditAction {
        match self {
            TokenKind::Setup => AuditAction::SetupComplete,
            TokenKind::Reset => AuditAction::ResetComplete,
            TokenKind::Invite => AuditAction::InviteComplete,
        }
    }
}

/// What redeeming a token sets: the password, and the name and email when given.
#[derive(Debug, Clone, Copy)]
pub struct Redemption<'a> {
    pub password_hash: &'a str,
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// Lowercased and trimmed: how emails are stored and looked up.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The user `id`, read from the pool or inside a write.
async fn user_with_id<'c>(
    db: impl sqlx::Executor<'c, Database = Any>,
    id: i64,
) -> Result<Option<User>> {
    row(db, select_users("WHERE u.id = $1"), &[Arg::Int(id)]).await
}

/// Signs user `id` out everywhere; returns how many sessions ended.
async fn end_every_session(tx: &mut Transaction<'static, Any>, id: i64) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

impl Store {
    /// Creates an account. An address already in use (in any letter case) is refused.
    pub async fn create_user(&self, new: &NewUser, now: i64, actor: &Actor) -> Result<User> {
        let email = normalize_email(&new.email);
        let mut tx = self.write(now).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, name, role, password_hash, author_id, created_at, disabled) \
             VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
        )
        .bind(&email)
        .bind(new.name.trim())
        .bind(new.role.as_str())
        .bind(new.password_hash.as_deref())
        .bind(new.author_id)
        .bind(now)
        .fetch_one(&mut **tx)
        .await
        .map_err(unique("user", "email", &email))?;
        tx.logged(
            actor,
            AuditAction::UserCreate,
            id,
            &format!("{email} as {}", new.role),
        )
        .await?;
        let user = user_with_id(&mut **tx, id).await?;
        tx.commit().await?;
        user.ok_or_else(|| StoreError::Corrupt(format!("user {id} vanished after insert")))
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let email = Arg::Text(normalize_email(email));
        row(&self.pool, select_users("WHERE u.email = $1"), &[email]).await
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        user_with_id(&self.pool, id).await
    }

    /// Every account, staff first by role then by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = select_users("ORDER BY u.role, u.name, u.id");
        rows(&self.pool, sql, &[]).await
    }

    /// The admin account waiting for its setup link to be used (no password yet), if any.
    pub async fn pending_admin(&self) -> Result<Option<User>> {
        let user: Option<User> = sqlx::query_as(select_users(
            "WHERE u.role = 'admin' AND u.disabled = 0 AND u.password_hash IS NULL \
             ORDER BY u.id LIMIT 1",
        ))
        .fetch_optional(&self.pool)
        .await?;
        Ok(user)
    }

    /// An enabled admin who has set a password, i.e. someone who can sign in and manage.
    pub async fn active_admin_exists(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 \
             AND password_hash IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Sets the language `user_id` reads the newsroom in (`None`: the site's default). A
    /// personal preference: not audited, sessions untouched.
    pub async fn set_ui_language(&self, user_id: i64, language: Option<&str>) -> Result<()> {
        let sql = "UPDATE users SET ui_language = $1 WHERE id = $2";
        let args = [language.into(), user_id.into()];
        execute_on(&self.pool, sql, &args, "user", user_id).await
    }

    /// Sets a password directly (the command line's `--password-stdin`); ends every session.
    pub async fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        now: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.write(now).await?;
        let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
        execute_on(
            &mut **tx,
            sql,
            &[hash.into(), user_id.into()],
            "user",
            user_id,
        )
        .await?;
        end_every_session(&mut tx, user_id).await?;
        tx.logged(actor, AuditAction::UserPassword, user_id, "")
            .await?;
        tx.commit().await
    }

    /// Issues a token, replacing the user's unused tokens of the same kind (so a new reset
    /// mail makes the older ones worthless).
    pub async fn create_token(
        &self,
        token_hash: &str,
        kind: TokenKind,
        user_id: i64,
        now: i64,
        expires_at: i64,
        actor: &Actor,
    ) -> Result<()> {
        self.issue_token(token_hash, kind, user_id, (now, expires_at), actor, true)
            .await
    }

    /// Issues a token beside the user's unused ones of the same kind, which keep working
    /// until one of them is redeemed: for the setup link that every starting node prints,
    /// so that the link of a node started earlier is not silently revoked by the next.
    pub async fn add_token(
        &self,
        token_hash: &str,
        kind: TokenKind,
        user_id: i64,
        now: i64,
        expires_at: i64,
        actor: &Actor,
    ) -> Result<()> {
        self.issue_token(token_hash, kind, user_id, (now, expires_at), actor, false)
            .await
    }

    async fn issue_token(
        &self,
        token_hash: &str,
        kind: TokenKind,
        user_id: i64,
        (now, expires_at): (i64, i64),
        actor: &Actor,
        replace: bool,
    ) -> Result<()> {
        let mut tx = self.write(now).await?;
        if replace {
            spend_unused(&mut tx, user_id, kind).await?;
        }
        execute(
            &mut **tx,
            "INSERT INTO auth_tokens (token_hash, kind, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                token_hash.into(),
                kind.as_str().into(),
                user_id.into(),
                now.into(),
                expires_at.into(),
            ],
        )
        .await?;
        tx.logged(actor, kind.issued_action(), user_id, "").await?;
        tx.commit().await
    }

    /// When the newest token of `kind` for the user was issued, if any is still unused.
    pub async fn last_token_at(&self, user_id: i64, kind: TokenKind) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MAX(created_at) FROM auth_tokens WHERE user_id = $1 AND kind = $2 \
             AND used_at IS NULL",
        )
        .bind(user_id)
        .bind(kind.as_str())
        .fetch_one(&self.pool)
        .await?)
    }

    /// The account a token would act on, if it is unused and unexpired (to show the form).
    pub async fn token_user(
        &self,
        token_hash: &str,
        kind: TokenKind,
        now: i64,
    ) -> Result<Option<User>> {
        let user: Option<User> = sqlx::query_as(select_users(
            "JOIN auth_tokens t ON t.user_id = u.id \
             WHERE t.token_hash = $1 AND t.kind = $2 AND t.used_at IS NULL AND t.expires_at > $3 \
             AND u.disabled = 0",
        ))
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(user)
    }

    /// Spends a token and sets the password it was issued for (and the name and email when
    /// given: invitations and the first admin's setup), ending the user's other sessions, all in one transaction. `None` when
    /// the token is unknown, of another kind, expired or already used.
    pub async fn redeem_token(
        &self,
        token_hash: &str,
        kind: TokenKind,
        now: i64,
        set: &Redemption<'_>,
        ip: &str,
    ) -> Result<Option<User>> {
        let Redemption {
            password_hash,
            name,
            email,
        } = *set;
        let mut tx = self.write(now).await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE auth_tokens SET used_at = $1 \
             WHERE token_hash = $2 AND kind = $3 AND used_at IS NULL AND expires_at > $1 \
             RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .bind(kind.as_str())
        .fetch_optional(&mut **tx)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        let updated = sqlx::query(
            "UPDATE users SET password_hash = $1, name = COALESCE($2, name), \
             email = COALESCE($3, email) WHERE id = $4 AND disabled = 0",
        )
        .bind(password_hash)
        .bind(name.map(str::trim))
        .bind(email.map(normalize_email))
        .bind(user_id)
        .execute(&mut **tx)
        .await
        .map_err(unique("user", "email", email.unwrap_or_default()))?
        .rows_affected();
        if updated == 0 {
            // A disabled account: the token is not spent, nothing changes.
            return Ok(None);
        }
        end_every_session(&mut tx, user_id).await?;
        // Tokens of the same kind issued beside this one (setup links printed by other
        // nodes) die with it.
        spend_unused(&mut tx, user_id, kind).await?;
        tx.audited(
            &Actor {
                user_id: Some(user_id),
                ip: ip.to_owned(),
                api_key: None,
            },
            kind.completed_action(),
            Some(&user_id.to_string()),
            "",
        )
        .await?;
        let user = user_with_id(&mut **tx, user_id).await?;
        tx.commit().await?;
        Ok(user)
    }
}

/// Deletes the user's unused tokens of `kind`.
async fn spend_unused(tx: &mut WriteTx, user_id: i64, kind: TokenKind) -> Result<()> {
    let sql = "DELETE FROM auth_tokens WHERE user_id = $1 AND kind = $2 AND used_at IS NULL";
    execute(&mut ***tx, sql, &[user_id.into(), kind.as_str().into()]).await?;
    Ok(())
}
