//! Keyword alerts: words or names an editor follows on the desk. The inbox marks the
//! items that mention one and can show only those. Each editor keeps their own list.

use crate::run::execute_on;
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
        Ok(
            sqlx::query_as("SELECT id, words FROM desk_alerts WHERE user_id = $1 ORDER BY id")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?,
        )
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
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(16, hashtext($1))) AS locked")
                .bind(user_id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM desk_alerts WHERE user_id = $1 AND words = $2")
                .bind(user_id)
                .bind(&words)
                .fetch_optional(&mut *tx)
                .await?;
        if existing.is_some() {
            return Ok(());
        }
        let added = sqlx::query(
            "INSERT INTO desk_alerts (user_id, words, created_at) SELECT $1, $2, $3 \
             WHERE (SELECT COUNT(*) FROM desk_alerts WHERE user_id = $1) < $4",
        )
        .bind(user_id)
        .bind(&words)
        .bind(now)
        .bind(MAX_ALERTS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
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
