//! The durable job queue (table `jobs`): enqueueing happens inside the transaction of the
//! write that needs the job (scheduling an article enqueues its publication atomically),
//! so a job exists exactly when its cause committed. Workers on any node claim due jobs
//! with a conditional UPDATE whose affected-row count decides who runs it, so a job runs
//! once however many nodes poll; a claim is a lease, so a crashed worker's job is retried.

use gazette_core::audit::AuditAction;
use gazette_core::model::Status;
use gazette_core::visibility;
use sqlx::{Any, Transaction};

use crate::audit::Actor;
use crate::run::execute;
use crate::{Result, Store};

/// After this many failed runs a job is given up (kept, with its last error, for the
/// overview) instead of retried.
pub const MAX_ATTEMPTS: i64 = 5;

/// What a job does; stored as text in `jobs.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Make a scheduled article public; the key is the article id.
    PublishArticle,
    /// Fetch one desk source (the feed desk); the key is the source id.
    FetchSource,
    /// Compose the day's digest editions; the key is `{date}@{slot unix seconds}@{d|w}`
    /// (`w` on the weekly day), see `gazette::digest`.
    ComposeDigest,
}

gazette_core::enum_names!(JobKind, "job kind", {
    PublishArticle => "publish_article",
    FetchSource => "fetch_source",
    ComposeDigest => "compose_digest",
});

/// A job as stored; `kind` stays text so a job of an unknown kind can still be reported.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub job_key: String,
    pub run_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The columns of a [`Job`].
const JOB_COLS: &str = "id, kind, job_key, run_at, attempts, last_error";

/// A scheduled publication still to happen, for the newsroom's overview.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingPublication {
    pub job_id: i64,
    pub article_id: i64,
    pub title: String,
    pub slug: String,
    pub run_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// What running a publication job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// The article went live.
    Now,
    /// It was no longer scheduled (taken back to draft, deleted, published by hand).
    NotScheduled,
}

/// Queues `kind` for `key` at `run_at`, replacing a pending job for the same subject (a
/// rescheduled article keeps one publication job, at its new time).
pub(crate) async fn enqueue(
    tx: &mut Transaction<'static, Any>,
    kind: JobKind,
    key: &str,
    run_at: i64,
    now: i64,
) -> Result<()> {
    cancel(tx, kind, key).await?;
    let sql = "INSERT INTO jobs (kind, job_key, run_at, created_at) VALUES ($1, $2, $3, $4)";
    let args = [kind.as_str().into(), key.into(), run_at.into(), now.into()];
    execute(&mut **tx, sql, &args).await?;
    Ok(())
}

/// Drops the pending (not yet done) job of `kind` for `key`, if any: an article taken back
/// to draft must not go live at its old time.
pub(crate) async fn cancel(
    tx: &mut Transaction<'static, Any>,
    kind: JobKind,
    key: &str,
) -> Result<()> {
    let sql = "DELETE FROM jobs WHERE kind = $1 AND job_key = $2 AND done_at IS NULL";
    execute(&mut **tx, sql, &[kind.as_str().into(), key.into()]).await?;
    Ok(())
}

/// The condition of a job that may be claimed at `$now`: due, not done, not given up, and
/// not leased by a worker whose lease still runs.
const CLAIMABLE: &str = "done_at IS NULL AND run_at <= $1 AND attempts < $2 \
     AND (locked_until IS NULL OR locked_until < $1)";

impl Store {
    /// Queues a job in its own transaction (the command line and tests; the editor queues
    /// publications inside its own write).
    pub async fn enqueue_job(&self, kind: JobKind, key: &str, run_at: i64, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        enqueue(&mut tx, kind, key, run_at, now).await?;
        Ok(tx.commit().await?)
    }

    /// Claims up to `limit` due jobs for `node` for `lease_secs`, counting an attempt on
    /// each. Each claim is a conditional UPDATE: when two nodes race for a job, the one
    /// whose UPDATE changes no row skips it.
    pub async fn claim_due(
        &self,
        now: i64,
        node: &str,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<Job>> {
        let candidates: Vec<Job> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {JOB_COLS} FROM jobs WHERE {CLAIMABLE} ORDER BY run_at, id LIMIT $3"
        )))
        .bind(now)
        .bind(MAX_ATTEMPTS)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::with_capacity(candidates.len());
        for mut job in candidates {
            let won = sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE jobs SET locked_until = $3, locked_by = $4, attempts = attempts + 1 \
                 WHERE id = $5 AND {CLAIMABLE}"
            )))
            .bind(now)
            .bind(MAX_ATTEMPTS)
            .bind(now + lease_secs)
            .bind(node)
            .bind(job.id)
            .execute(&self.pool)
            .await?
            .rows_affected()
                == 1;
            if won {
                job.attempts += 1;
                claimed.push(job);
            }
        }
        Ok(claimed)
    }

    /// Marks a claimed job done.
    pub async fn finish_job(&self, id: i64, now: i64) -> Result<()> {
        let sql = "UPDATE jobs SET done_at = $1, locked_until = NULL WHERE id = $2";
        execute(&self.pool, sql, &[now.into(), id.into()]).await?;
        Ok(())
    }

    /// Records a failed run: the job runs again at `retry_at` unless it has used its
    /// [`MAX_ATTEMPTS`], and keeps `error` either way.
    pub async fn fail_job(&self, id: i64, error: &str, retry_at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET last_error = $1, run_at = $2, locked_until = NULL WHERE id = $3",
        )
        .bind(error)
        .bind(retry_at)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Jobs still to run, and jobs given up after their last attempt.
    pub async fn job_counts(&self) -> Result<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN attempts < $1 THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN attempts >= $1 THEN 1 ELSE 0 END), 0) \
             FROM jobs WHERE done_at IS NULL",
        )
        .bind(MAX_ATTEMPTS)
        .fetch_one(&self.pool)
        .await?)
    }

    /// When the next job may be claimed: the earliest due time among pending jobs, or the
    /// end of a lease. `None` when nothing is pending.
    pub async fn next_run_at(&self) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(CASE WHEN locked_until IS NOT NULL AND locked_until >= run_at \
             THEN locked_until + 1 ELSE run_at END) FROM jobs \
             WHERE done_at IS NULL AND attempts < $1",
        )
        .bind(MAX_ATTEMPTS)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Every job not done yet (including given-up ones), soonest first.
    pub async fn pending_jobs(&self) -> Result<Vec<Job>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {JOB_COLS} FROM jobs WHERE done_at IS NULL ORDER BY run_at, id"
        )))
        .fetch_all(&self.pool)
        .await?)
    }

    /// A job by id, done or not (tests and diagnostics).
    pub async fn job(&self, id: i64) -> Result<Option<(Job, Option<i64>)>> {
        #[derive(sqlx::FromRow)]
        struct JobDone {
            #[sqlx(flatten)]
            job: Job,
            done_at: Option<i64>,
        }
        let row: Option<JobDone> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {JOB_COLS}, done_at FROM jobs WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| (r.job, r.done_at)))
    }

    /// Scheduled publications still to happen, soonest first, with their articles.
    pub async fn pending_publications(&self, limit: i64) -> Result<Vec<PendingPublication>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT j.id AS job_id, a.id AS article_id, a.title, a.slug, j.run_at, j.attempts, \
             j.last_error FROM jobs j JOIN articles a ON CAST(a.id AS TEXT) = j.job_key \
             WHERE j.kind = $1 AND j.done_at IS NULL AND {} \
             ORDER BY j.run_at, j.id LIMIT $2",
            visibility::status_sql("a", Status::Scheduled)
        )))
        .bind(JobKind::PublishArticle.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Makes the scheduled article `article_id` public, keeping its scheduled time as its
    /// publication time; a no-op when it is no longer scheduled. One transaction with its
    /// change-log entry (so caches and search follow) and its audit row.
    pub async fn publish_scheduled(&self, article_id: i64, now: i64) -> Result<Published> {
        let mut tx = self.write(now).await?;
        let updated = sqlx::query(
            "UPDATE articles SET status = $1, modified_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(Status::Published.as_str())
        .bind(now)
        .bind(article_id)
        .bind(Status::Scheduled.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Ok(Published::NotScheduled);
        }
        let system = Actor {
            user_id: None,
            ip: "scheduler".to_owned(),
            api_key: None,
        };
        tx.logged(&system, AuditAction::PublishScheduled, article_id, "")
            .await?;
        tx.commit().await?;
        Ok(Published::Now)
    }
}

impl Store {
    /// Queues a job unless one of `kind` and `key` was ever queued (pending or done): for
    /// recurring work that several nodes schedule, such as the digest's composition.
    /// Returns whether it was queued now.
    pub async fn ensure_job(
        &self,
        kind: JobKind,
        key: &str,
        run_at: i64,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = $1 AND job_key = $2")
                .bind(kind.as_str())
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
        if exists > 0 {
            return Ok(false);
        }
        enqueue(&mut tx, kind, key, run_at, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}
