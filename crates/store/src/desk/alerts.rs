//! Keyword alerts: words or names an editor follows on the desk. The inbox marks the
//! items that mention one and can show only those. Each editor keeps their own list.

use crate::run::{execute, execute_on, rows, value};
use crate::{Backend, Result, Store, StoreError};

/// How many alerts one editor may keep, and how long one may be: enough for the names a
/// desk follows, few enough that the inbox's filter stays one cheap query.
pub const MAX_ALERTS: i64 = 50;
pub const MAX_ALERT_CHARS: usize = 100;

/// One alert of an editor.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeskAlert {
    pub id: i64,
    pub words: String,
}

impl Store {
    /// `user_id`'s alerts, in the order they were added.
    pub async fn desk_alerts(&self, user_id: i64) -> Result<Vec<DeskAlert>> {
        let sql = "SELECT id, words FROM desk_alerts WHERE user_id = $1 ORDER BY id";
        rows(&self.pool, sql, &[user_id.into()]).await
    }

    /// Adds an alert for `user_id`; adding one they already have changes nothing. The
    /// count is checked under a per-editor lock, so parallel requests cannot pass the limit.
    pub async fn add_desk_alert(&self, user_id: i64, words: &str, now: i64) -> Result<()> {
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.is_empty() {
            return Err(StoreError::invalid(
                "alert",
                "words",
                "type a word or a name to follow",
            ));
        }
        let chars = words.chars().count();
        if chars > MAX_ALERT_CHARS {
            return Err(StoreError::invalid(
                "alert",
                "words",
                format!("an alert is at most {MAX_ALERT_CHARS} characters; this one has {chars}"),
            ));
        }
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // One editor's adds one at a time (SQLite's write transaction already is).
            let sql = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(16, hashtext($1))) AS locked";
            execute(&mut *tx, sql, &[user_id.to_string().into()]).await?;
        }
        let sql = "SELECT id FROM desk_alerts WHERE user_id = $1 AND words = $2";
        let existing: Option<i64> =
            value(&mut *tx, sql, &[user_id.into(), (&words).into()]).await?;
        if existing.is_some() {
            return Ok(());
        }
        let sql = "INSERT INTO desk_alerts (user_id, words, created_at) SELECT $1, $2, $3 \
                   WHERE (SELECT COUNT(*) FROM desk_alerts WHERE user_id = $1) < $4";
        let args = [
            user_id.into(),
            (&words).into(),
            now.into(),
            MAX_ALERTS.into(),
        ];
        let added = execute(&mut *tx, sql, &args).await?;
        if added == 0 {
            return Err(StoreError::invalid(
                "alert",
                "words",
                format!("you follow {MAX_ALERTS} alerts already; remove one first"),
            ));
        }
        Ok(tx.commit().await?)
    }

    /// Removes one of `user_id`'s alerts (someone else's alert is not found).
    pub async fn delete_desk_alert(&self, user_id: i64, id: i64) -> Result<()> {
        let sql = "DELETE FROM desk_alerts WHERE id = $1 AND user_id = $2";
        execute_on(&self.pool, sql, &[id.into(), user_id.into()], "alert", id).await
    }
}
