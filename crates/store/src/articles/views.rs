//! Flushing view counts. Readers' views are counted in memory and written here in one
//! transaction per batch, so a busy page never costs a database write per request.

use std::collections::HashMap;

use gazette_core::model::Status;
use gazette_core::visibility;
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::{Result, Store};

/// Hourly counts older than this are pruned: the longest "most read" window plus a day.
const HOURS_KEPT: i64 = 8 * 24;

/// Views per article id since the last flush.
pub type ViewBatch = HashMap<i64, u64>;

impl Store {
    /// Ids of published articles: the only ones whose views count (the view counter keeps
    /// them in memory so that a beacon costs no query).
    pub async fn published_article_ids(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT id FROM articles WHERE {}",
            visibility::status_sql("", Status::Published)
        )))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds the batch to each article's total and to its counts for the day and hour of `at`.
    pub async fn add_views(&self, batch: &ViewBatch, at: OffsetDateTime) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let day = at.unix_timestamp().div_euclid(86_400);
        let hour = at.unix_timestamp().div_euclid(3_600);
        let mut tx = self.begin_write().await?;
        for (&id, &n) in batch {
            let n = i64::try_from(n).unwrap_or(i64::MAX);
            let updated = sqlx::query(AssertSqlSafe(format!(
                "UPDATE articles SET views = views + $1 WHERE id = $2 AND {}",
                visibility::status_sql("", Status::Published)
            )))
            .bind(n)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            // Deleted since it was read, or never a published article (beacons are unauthenticated).
            if updated.rows_affected() == 0 {
                continue;
            }
            for (table, bucket, at) in [
                ("article_views_daily", "day", day),
                ("article_views_hourly", "hour", hour),
            ] {
                sqlx::query(AssertSqlSafe(format!(
                    "INSERT INTO {table} (article_id, {bucket}, views) VALUES ($1, $2, $3) \
                     ON CONFLICT (article_id, {bucket}) DO UPDATE SET views = {table}.views + excluded.views"
                )))
                .bind(id)
                .bind(at)
                .bind(n)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query("DELETE FROM article_views_hourly WHERE hour < $1")
            .bind(hour - HOURS_KEPT)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
