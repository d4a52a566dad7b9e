//! Recording what a fetch round brought: every item of a source upserted by (source,
//! identity) in one transaction with the source's new fetch state and its next job, so a
//! crash mid-round leaves the previous round intact and the next one repeats nothing. An
//! item whose text changed keeps its previous text as a version. Failures and "not
//! modified" answers are recorded the same way, so the next fetch is always queued.

use crate::args::{Arg, bind_args};
use crate::jobs::{JobKind, MAX_ATTEMPTS, enqueue};
use crate::run::{execute, value, value_of, values};
use crate::{Result, Store};

/// One item as fetched, its HTML already sanitised by gazette-ingest.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemInput {
    pub key: String,
    pub url: Option<String>,
    pub title: String,
    pub summary_html: String,
    pub content_html: String,
    /// The page the content was extracted from, when it was fetched.
    pub raw_html: Option<String>,
    pub author: Option<String>,
    pub language: String,
    pub content_hash: String,
    pub published_at: Option<i64>,
}

/// A successful round of one source.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoundInput {
    pub items: Vec<ItemInput>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When to fetch next (the job is queued for then).
    pub next_fetch_at: i64,
    /// The kind of document the feed turned out to be (`rss`, `atom`…); empty keeps the
    /// stored one.
    pub feed_kind: String,
}

/// What a round did to a source's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoundCounts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Old items dropped by the source's retention.
    pub expired: u64,
}

impl RoundCounts {
    /// "3 new, 1 changed, 40 unchanged".
    pub fn describe(&self) -> String {
        format!(
            "{} new, {} changed, {} unchanged",
            self.new, self.changed, self.unchanged
        )
    }
}

/// Caps on stored text, so one hostile item cannot fill the database.
const MAX_TITLE: usize = 1000;
const MAX_HTML: usize = 2 * 1024 * 1024;

fn cap(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Store {
    /// Records a successful round of `source_id` at `now`.
    pub async fn record_desk_round(
        &self,
        source_id: i64,
        round: &RoundInput,
        now: i64,
    ) -> Result<RoundCounts> {
        let mut tx = self.write(now).await?;
        let sql = "SELECT retention_days FROM desk_sources WHERE id = $1";
        let retention: i64 = value_of(&mut **tx, sql, "source", source_id).await?;
        let mut counts = RoundCounts::default();
        let mut seen = std::collections::HashSet::new();
        for item in &round.items {
            // A feed listing one item twice counts it once.
            if !seen.insert(item.key.as_str()) {
                continue;
            }
            let title = cap(&item.title, MAX_TITLE);
            let summary = cap(&item.summary_html, MAX_HTML);
            let content = cap(&item.content_html, MAX_HTML);
            let raw = item.raw_html.as_deref().map(|r| cap(r, MAX_HTML));
            // Never in the future: a wrong clock on the source must not pin an item on top.
            let sort_at = item.published_at.map_or(now, |p| p.min(now));
            // What the insert and the update of a changed item both write, in this order.
            let fields: [Arg; 8] = [
                item.url.as_deref().into(),
                title.into(),
                summary.into(),
                content.into(),
                raw.into(),
                item.author.as_deref().into(),
                (&item.content_hash).into(),
                item.published_at.into(),
            ];
            let inserted: Option<i64> = value(
                &mut **tx,
                "INSERT INTO desk_items (source_id, item_key, url, title, summary_html, content_html, \
                 raw_html, author, content_hash, published_at, language, fetched_at, updated_at, sort_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) \
                 ON CONFLICT (source_id, item_key) DO NOTHING RETURNING id",
                &[
                    &[source_id.into(), (&item.key).into()][..],
                    &fields,
                    &[(&item.language).into(), now.into(), sort_at.into()],
                ]
                .concat(),
            )
            .await?;
            if let Some(id) = inserted {
                let lead = if summary.trim().is_empty() {
                    content
                } else {
                    summary
                };
                let new = super::stories::NewItem {
                    id,
                    title,
                    lead_html: lead,
                    language: &item.language,
                    sort_at,
                };
                super::stories::assign(&mut tx, new).await?;
                counts.new += 1;
                continue;
            }
            let old: (i64, String, String, String, String) = sqlx::query_as(
                "SELECT id, content_hash, title, summary_html, content_html FROM desk_items \
                 WHERE source_id = $1 AND item_key = $2",
            )
            .bind(source_id)
            .bind(&item.key)
            .fetch_one(&mut **tx)
            .await?;
            if old.1 == item.content_hash {
                counts.unchanged += 1;
                continue;
            }
            counts.changed += 1;
            let (old_id, old_hash, old_title, old_summary, old_content) = old;
            execute(
                &mut **tx,
                "INSERT INTO desk_item_versions (item_id, title, summary_html, content_html, \
                 content_hash, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    old_id.into(),
                    old_title.into(),
                    old_summary.into(),
                    old_content.into(),
                    old_hash.into(),
                    now.into(),
                ],
            )
            .await?;
            execute(
                &mut **tx,
                "UPDATE desk_items SET url = $1, title = $2, summary_html = $3, \
                 content_html = CASE WHEN $4 = '' THEN content_html ELSE $4 END, \
                 raw_html = COALESCE($5, raw_html), author = $6, content_hash = $7, \
                 published_at = $8, updated_at = $9 WHERE id = $10",
                &[&fields[..], &[now.into(), old_id.into()]].concat(),
            )
            .await?;
        }
        // Retention: never an item an article was made from, nor a starred one.
        counts.expired = sqlx::query(
            "DELETE FROM desk_items WHERE source_id = $1 AND fetched_at < $2 \
             AND used_by_article_id IS NULL AND starred = 0",
        )
        .bind(source_id)
        .bind(now - retention * 86_400)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        sqlx::query(
            "UPDATE desk_sources SET etag = $1, last_modified = $2, last_fetch_at = $3, \
             last_success_at = $3, last_error = NULL, last_outcome = $4, backoff = 0, \
             next_fetch_at = $5, feed_kind = CASE WHEN $6 = '' THEN feed_kind ELSE $6 END \
             WHERE id = $7",
        )
        .bind(round.etag.as_deref())
        .bind(round.last_modified.as_deref())
        .bind(now)
        .bind(counts.describe())
        .bind(round.next_fetch_at)
        .bind(&round.feed_kind)
        .bind(source_id)
        .execute(&mut **tx)
        .await?;
        enqueue(
            &mut tx,
            JobKind::FetchSource,
            &source_id.to_string(),
            round.next_fetch_at,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(counts)
    }

    /// The identities of the items a source already has, so a round fetches the full
    /// text only of new ones.
    pub async fn desk_item_keys(
        &self,
        source_id: i64,
    ) -> Result<std::collections::HashSet<String>> {
        let sql = "SELECT item_key FROM desk_items WHERE source_id = $1";
        let keys: Vec<String> = values(&self.pool, sql, &[source_id.into()]).await?;
        Ok(keys.into_iter().collect())
    }

    /// Records a "not modified" answer: the source is healthy, nothing changed.
    pub async fn record_desk_unchanged(
        &self,
        source_id: i64,
        next_fetch_at: i64,
        now: i64,
    ) -> Result<()> {
        let state = "last_success_at = $1, last_error = NULL, backoff = 0, last_outcome = $2";
        let args = [Arg::Text("not modified since the last fetch".to_owned())];
        self.record_fetch_state(source_id, state, &args, next_fetch_at, now)
            .await
    }

    /// Records a failed fetch: `error` in words, the backoff reached, and the next try.
    pub async fn record_desk_failure(
        &self,
        source_id: i64,
        error: &str,
        backoff: i64,
        next_fetch_at: i64,
        now: i64,
    ) -> Result<()> {
        let state = "last_error = $2, backoff = $3";
        let args = [Arg::Text(cap(error, 2000).to_owned()), Arg::Int(backoff)];
        self.record_fetch_state(source_id, state, &args, next_fetch_at, now)
            .await
    }

    /// Sets `assignments` (whose values are `args`, from `$2`; `$1` is `now`) with the time
    /// of the fetch and of the next one, and queues that one, in one transaction.
    async fn record_fetch_state(
        &self,
        source_id: i64,
        assignments: &str,
        args: &[Arg],
        next_fetch_at: i64,
        now: i64,
    ) -> Result<()> {
        let n = args.len() + 2;
        let sql = format!(
            "UPDATE desk_sources SET last_fetch_at = $1, {assignments}, next_fetch_at = ${n} \
             WHERE id = ${}",
            n + 1
        );
        let mut tx = self.write(now).await?;
        bind_args!(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now), args)
            .bind(next_fetch_at)
            .bind(source_id)
            .execute(&mut **tx)
            .await?;
        let key = source_id.to_string();
        enqueue(&mut tx, JobKind::FetchSource, &key, next_fetch_at, now).await?;
        tx.commit().await
    }

    /// Queues a fetch job for every active source that has none pending (sources added
    /// before the worker ran, or whose job was given up); returns how many were queued.
    pub async fn ensure_desk_jobs(&self, now: i64) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "INSERT INTO jobs (kind, job_key, run_at, created_at) \
             SELECT $1, CAST(s.id AS TEXT), s.next_fetch_at, $2 FROM desk_sources s \
             WHERE s.active = 1 AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = $1 \
             AND j.job_key = CAST(s.id AS TEXT) AND j.done_at IS NULL AND j.attempts < $3)",
        )
        .bind(JobKind::FetchSource.as_str())
        .bind(now)
        .bind(MAX_ATTEMPTS)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Given-up jobs of those sources are replaced by the new ones.
        sqlx::query("DELETE FROM jobs WHERE kind = $1 AND done_at IS NULL AND attempts >= $2")
            .bind(JobKind::FetchSource.as_str())
            .bind(MAX_ATTEMPTS)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
