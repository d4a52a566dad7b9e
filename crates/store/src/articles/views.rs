//! Flushing view counts. Readers' views are counted in memory and written here in one
//! transaction per batch, so a busy page never costs a database write per request.
//!
//! A reader counts once per article per window on every node: the nodes share one random
//! key per window (`view_window_keys`) and flush keyed digests of each first view
//! (`view_marks`); a mark another node already wrote adds nothing. Both are deleted when
//! their window is over, so what is stored cannot be traced back to a reader for longer
//! than the window (the daily-salt scheme of privacy-minded web analytics).

use std::collections::{HashMap, HashSet};

use gazette_core::model::Status;
use gazette_core::visibility;
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::run::{execute, value};
use crate::{Result, Store};

/// Hourly counts older than this are pruned: the longest "most read" window plus a day.
const HOURS_KEPT: i64 = 8 * 24;

/// Views per article id since the last flush.
pub type ViewBatch = HashMap<i64, u64>;

/// One reader's first view of an article in a window, as the counter hashed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewMark {
    pub article_id: i64,
    /// Start of the window (unix seconds) whose key made the digest.
    pub window_start: i64,
    /// The keyed digest of reader and article, in hex.
    pub digest: String,
}

/// Marks per insert statement (three values each, well under SQLite's parameter limit).
const MARKS_PER_INSERT: usize = 500;

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

    /// The key of the view window starting at `window_start`: `candidate` when this node is
    /// the first to ask, else the one another node stored. Keys of windows that started
    /// before `forget_before` are deleted, with their marks.
    pub async fn view_window_key(
        &self,
        window_start: i64,
        candidate: &str,
        forget_before: i64,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let sql = "INSERT INTO view_window_keys (window_start, secret) VALUES ($1, $2) \
                   ON CONFLICT (window_start) DO NOTHING";
        execute(&mut *tx, sql, &[window_start.into(), candidate.into()]).await?;
        // The row is there now: this call's candidate or the one another node stored first.
        let sql = "SELECT secret FROM view_window_keys WHERE window_start = $1";
        let key: String = value(&mut *tx, sql, &[window_start.into()])
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        for table in ["view_window_keys", "view_marks"] {
            let sql = format!("DELETE FROM {table} WHERE window_start < $1");
            execute(&mut *tx, AssertSqlSafe(sql), &[forget_before.into()]).await?;
        }
        tx.commit().await?;
        Ok(key)
    }

    /// Counts the marks no node has written yet as views at `at`, in one transaction, and
    /// returns how many articles got views. A mark already there (the same reader seen by
    /// another node in the window) adds nothing.
    pub async fn add_reader_views(&self, marks: &[ViewMark], at: OffsetDateTime) -> Result<usize> {
        if marks.is_empty() {
            return Ok(0);
        }
        // In digest order, for the same reason as the articles in `add_views_in`.
        let mut marks: Vec<&ViewMark> = marks.iter().collect();
        marks.sort_unstable_by(|a, b| a.digest.cmp(&b.digest));
        let mut tx = self.begin_write().await?;
        let mut batch = ViewBatch::new();
        for chunk in marks.chunks(MARKS_PER_INSERT) {
            let rows = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO view_marks (mark, window_start) VALUES {rows} \
                 ON CONFLICT (mark) DO NOTHING RETURNING mark"
            );
            let mut insert = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql));
            for mark in chunk {
                insert = insert.bind(&mark.digest).bind(mark.window_start);
            }
            let new: HashSet<String> = insert.fetch_all(&mut *tx).await?.into_iter().collect();
            for mark in chunk.iter().filter(|m| new.contains(&m.digest)) {
                *batch.entry(mark.article_id).or_insert(0) += 1;
            }
        }
        add_views_in(&mut tx, &batch, at).await?;
        tx.commit().await?;
        Ok(batch.len())
    }

    /// Adds the batch to each article's total and to its counts for the day and hour of `at`.
    pub async fn add_views(&self, batch: &ViewBatch, at: OffsetDateTime) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        add_views_in(&mut tx, batch, at).await?;
        Ok(tx.commit().await?)
    }
}

/// [`Store::add_views`] inside the caller's transaction.
async fn add_views_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    batch: &ViewBatch,
    at: OffsetDateTime,
) -> Result<()> {
    let day = at.unix_timestamp().div_euclid(86_400);
    let hour = at.unix_timestamp().div_euclid(3_600);
    // In id order on every node, so that two nodes' flushes lock rows in the same order and
    // cannot deadlock on PostgreSQL.
    let mut batch: Vec<(i64, u64)> = batch.iter().map(|(&id, &n)| (id, n)).collect();
    batch.sort_unstable();
    for (id, n) in batch {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let sql = format!(
            "UPDATE articles SET views = views + $1 WHERE id = $2 AND {}",
            visibility::status_sql("", Status::Published)
        );
        let updated = execute(&mut **tx, AssertSqlSafe(sql), &[n.into(), id.into()]).await?;
        // Deleted since it was read, or never a published article (beacons are unauthenticated).
        if updated == 0 {
            continue;
        }
        for (table, bucket, at) in [
            ("article_views_daily", "day", day),
            ("article_views_hourly", "hour", hour),
        ] {
            let sql = format!(
                "INSERT INTO {table} (article_id, {bucket}, views) VALUES ($1, $2, $3) \
                 ON CONFLICT (article_id, {bucket}) DO UPDATE SET views = {table}.views + excluded.views"
            );
            execute(
                &mut **tx,
                AssertSqlSafe(sql),
                &[id.into(), at.into(), n.into()],
            )
            .await?;
        }
    }
    let sql = "DELETE FROM article_views_hourly WHERE hour < $1";
    execute(&mut **tx, sql, &[(hour - HOURS_KEPT).into()]).await?;
    Ok(())
}
