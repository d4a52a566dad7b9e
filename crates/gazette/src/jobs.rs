//! The job worker: claims due jobs from the shared `jobs` table and runs them (scheduled
//! publishing, and the feed desk's source fetches). Every node runs one; the store's conditional claim makes each
//! job run once. Polls at most [`POLL`] apart, so a job runs within about a second of its
//! time, and at start, so jobs that fell due while the server was down run at once.

use std::time::Duration;

use gazette_store::{Job, JobKind, MAX_ATTEMPTS, Published, Store};
use tokio::sync::watch;

use crate::desk::Desk;
use crate::pause::until_stopped;

/// The longest the worker sleeps between looks at the queue.
const POLL: Duration = Duration::from_secs(1);
/// How long a claim lasts; a worker that dies mid-job frees it after this.
const LEASE_SECS: i64 = 60;
/// Jobs claimed per round.
const BATCH: i64 = 20;

/// A name for this worker, unique across nodes and restarts: host, process, random part.
pub fn node_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_owned());
    format!("{host}:{}:{:08x}", std::process::id(), fastrand::u32(..))
}

/// Why a job could not be done.
#[derive(Debug, thiserror::Error)]
enum JobError {
    #[error(
        "unknown job kind `{0}` (this version runs: publish_article, fetch_source, compose_digest)"
    )]
    UnknownKind(String),
    #[error("job key `{0}` is not an article id")]
    BadKey(String),
    #[error("job key `{0}` is not a source id")]
    BadSourceKey(String),
    #[error(transparent)]
    Store(#[from] gazette_store::StoreError),
    #[error("digest: {0}")]
    Digest(String),
}

/// Waits after the `attempts`-th failure: 10 s, 20 s, 40 s … capped at 10 minutes.
fn backoff(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    (10 * 2_i64.pow(exp)).min(600)
}

async fn run(store: &Store, desk: &Desk, job: &Job) -> Result<String, JobError> {
    match job.kind.parse::<JobKind>().ok() {
        Some(JobKind::PublishArticle) => {
            let id: i64 = job
                .job_key
                .parse()
                .map_err(|_| JobError::BadKey(job.job_key.clone()))?;
            Ok(
                match store.publish_scheduled(id, crate::unix_now()).await? {
                    Published::Now => format!("article {id} published"),
                    Published::NotScheduled => format!("article {id} no longer scheduled; skipped"),
                },
            )
        }
        Some(JobKind::FetchSource) => {
            let id: i64 = job
                .job_key
                .parse()
                .map_err(|_| JobError::BadSourceKey(job.job_key.clone()))?;
            // A source's own failure is recorded on it (with its next try) and is not a
            // failure of the job; only a database error is, and is retried.
            let outcome = desk.fetch_source(store, id, crate::unix_now()).await?;
            Ok(format!("source {id}: {}", outcome.describe()))
        }
        Some(JobKind::ComposeDigest) => {
            crate::digest::compose_job(store, &job.job_key, crate::unix_now())
                .await
                .map_err(JobError::Digest)
        }
        None => Err(JobError::UnknownKind(job.kind.clone())),
    }
}

/// Claims and runs every due job once; returns how many ran. Failures are recorded on the
/// job (and retried with backoff), never propagated: one bad job must not stop the rest.
/// Source fetches run side by side (each waits on a remote server), the rest in order.
pub async fn run_due(store: &Store, desk: &Desk, node: &str) -> gazette_store::Result<usize> {
    let jobs = store
        .claim_due(crate::unix_now(), node, LEASE_SECS, BATCH)
        .await?;
    let mut fetches = tokio::task::JoinSet::new();
    for job in &jobs {
        if job.kind == JobKind::FetchSource.as_str() {
            let (store, desk, job) = (store.clone(), desk.clone(), job.clone());
            fetches.spawn(async move {
                let result = run(&store, &desk, &job).await;
                settle(&store, &job, result).await
            });
        } else {
            settle(store, job, run(store, desk, job).await).await?;
        }
    }
    while let Some(done) = fetches.join_next().await {
        match done {
            Ok(result) => result?,
            Err(e) => {
                tracing::error!(error = %e, "a source fetch stopped abnormally; its lease frees the job")
            }
        }
    }
    Ok(jobs.len())
}

/// Marks a job done or records its failure.
async fn settle(
    store: &Store,
    job: &Job,
    result: Result<String, JobError>,
) -> gazette_store::Result<()> {
    match result {
        Ok(outcome) => {
            tracing::info!(job = job.id, kind = %job.kind, key = %job.job_key, %outcome, "job done");
            store.finish_job(job.id, crate::unix_now()).await?;
            metrics::counter!(crate::metrics::JOBS, "outcome" => "done").increment(1);
        }
        Err(e) => {
            let message = e.to_string();
            metrics::counter!(crate::metrics::JOBS, "outcome" => "failed").increment(1);
            if job.attempts >= MAX_ATTEMPTS {
                tracing::error!(job = job.id, kind = %job.kind, key = %job.job_key, error = %message, "job failed for the last time; given up");
            } else {
                tracing::warn!(job = job.id, kind = %job.kind, key = %job.job_key, error = %message, attempt = job.attempts, "job failed; will retry");
            }
            store
                .fail_job(job.id, &message, crate::unix_now() + backoff(job.attempts))
                .await?;
        }
    }
    Ok(())
}

/// Runs jobs until `stop` changes: at start, then whenever the next one falls due (at
/// most [`POLL`] apart, since another node may have queued one meanwhile).
pub async fn work(store: Store, desk: Desk, node: String, mut stop: watch::Receiver<bool>) {
    tracing::info!(%node, "job worker started");
    // Sources added before this version ran, or whose job was given up, get one.
    if let Err(e) = store.ensure_desk_jobs(crate::unix_now()).await {
        tracing::warn!(error = %e, "desk fetch jobs not checked; will run those queued");
    }
    loop {
        let ran = match run_due(&store, &desk, &node).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the job queue; will retry");
                0
            }
        };
        let wait = if ran > 0 {
            // A full batch may leave more due jobs: look again at once.
            Duration::ZERO
        } else {
            match store.next_run_at().await {
                Ok(Some(at)) => {
                    let secs = u64::try_from(at - crate::unix_now()).unwrap_or(0);
                    Duration::from_secs(secs).min(POLL)
                }
                _ => POLL,
            }
        };
        let pause = tokio::time::sleep(wait.max(Duration::from_millis(50)));
        if !until_stopped(pause, &mut stop).await {
            break;
        }
    }
    tracing::info!(%node, "job worker stopped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), 10);
        assert_eq!(backoff(2), 20);
        assert_eq!(backoff(3), 40);
        assert_eq!(backoff(50), 600);
    }

    #[test]
    fn node_ids_differ() {
        assert_ne!(node_id(), node_id());
    }
}
