//! The durable job queue (table `jobs`): enqueueing happens inside the transaction of the
//! write that needs the job (scheduling an article enqueues its publication atomically),
//! so a job exists exactly when its cause committed.

use sqlx::{Any, Transaction};

use crate::Result;

/// What a job does; stored as text in `jobs.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Make a scheduled article public; the key is the article id.
    PublishArticle,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::PublishArticle => "publish_article",
        }
    }
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
    sqlx::query("INSERT INTO jobs (kind, job_key, run_at, created_at) VALUES ($1, $2, $3, $4)")
        .bind(kind.as_str())
        .bind(key)
        .bind(run_at)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Drops the pending (not yet done) job of `kind` for `key`, if any: an article taken back
/// to draft must not go live at its old time.
pub(crate) async fn cancel(
    tx: &mut Transaction<'static, Any>,
    kind: JobKind,
    key: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM jobs WHERE kind = $1 AND job_key = $2 AND done_at IS NULL")
        .bind(kind.as_str())
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
