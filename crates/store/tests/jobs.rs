//! The job queue as workers on several nodes meet it: a due job is claimed by one of them
//! only, a lease that runs out hands it to another, failures retry until the last attempt,
//! and a finished job is never claimed again. Run on SQLite and, when configured, PostgreSQL.

mod common;

use gazette_store::{JobKind, MAX_ATTEMPTS};

const NOW: i64 = 1_800_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_due_job_is_claimed_once_however_many_workers_race_for_it() {
    for db in common::each_backend().await {
        let store = &db.store;
        store
            .enqueue_job(JobKind::PublishArticle, "42", NOW, NOW - 60)
            .await
            .unwrap();
        store
            .enqueue_job(JobKind::PublishArticle, "43", NOW + 3600, NOW - 60)
            .await
            .unwrap();
        let claims = claim_concurrently(store, 8).await;
        let won: Vec<_> = claims.iter().flatten().collect();
        assert_eq!(won.len(), 1, "{:?}: {claims:?}", db.backend());
        assert_eq!(won[0].job_key, "42", "only the due job is claimed");
        assert_eq!(won[0].attempts, 1);
        assert!(claim(store, NOW + 10, "late").await.is_empty());

        let id = won[0].id;
        store.finish_job(id, NOW + 1).await.unwrap();
        let (_, done) = store.job(id).await.unwrap().unwrap();
        assert_eq!(done, Some(NOW + 1));
        assert!(claim(store, NOW + 600, "n").await.is_empty());
        assert_eq!(store.next_run_at().await.unwrap(), Some(NOW + 3600));
    }
}

#[tokio::test]
async fn an_expired_lease_and_a_failure_hand_the_job_on_until_attempts_run_out() {
    for db in common::each_backend().await {
        let store = &db.store;
        store
            .enqueue_job(JobKind::PublishArticle, "7", NOW, NOW)
            .await
            .unwrap();
        let first = claim(store, NOW, "a").await;
        assert_eq!(first.len(), 1);
        assert!(claim(store, NOW + 30, "b").await.is_empty());
        let second = claim(store, NOW + 31, "b").await;
        assert_eq!(second.len(), 1, "{:?}: the lease ran out", db.backend());
        assert_eq!(second[0].attempts, 2);

        let mut t = NOW + 100;
        store.fail_job(second[0].id, "disk full", t).await.unwrap();
        for attempt in 3..=MAX_ATTEMPTS {
            let job = claim(store, t, "c").await;
            assert_eq!(job.len(), 1);
            assert_eq!(job[0].attempts, attempt);
            assert_eq!(job[0].last_error.as_deref(), Some("disk full"));
            t += 100;
            store.fail_job(job[0].id, "disk full", t).await.unwrap();
        }
        assert!(claim(store, t + 1000, "c").await.is_empty());
        let pending = store.pending_jobs().await.unwrap();
        assert_eq!(pending.len(), 1, "a job given up is kept for the overview");
        assert_eq!(pending[0].attempts, MAX_ATTEMPTS);
        assert_eq!(store.next_run_at().await.unwrap(), None);
    }
}

/// What worker `node` claims at `now` (30-second leases, up to 10 jobs).
#[allow(clippy::unwrap_used)]
async fn claim(store: &gazette_store::Store, now: i64, node: &str) -> Vec<gazette_store::Job> {
    store.claim_due(now, node, 30, 10).await.unwrap()
}

/// `n` workers claiming at the same moment, each on its own task.
#[allow(clippy::unwrap_used)]
async fn claim_concurrently(
    store: &gazette_store::Store,
    n: usize,
) -> Vec<Vec<gazette_store::Job>> {
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.claim_due(NOW, &format!("node{i}"), 30, 10).await })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap().unwrap());
    }
    out
}
