//! Scheduled publishing through the durable job queue, end to end on SQLite and (with
//! TEST_DATABASE_URL) PostgreSQL: a scheduled article appears on its own at its time,
//! jobs due while the server was down run at start, racing nodes publish once, an article
//! taken back to draft stays hidden, and a failing job retries keeping its error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::time::{Duration, Instant};

use common::browser::signed_in;
use common::{TestApp, app, published, until};
use gazette_core::model::Status;
use gazette_store::{JobKind, Store};
use reqwest::StatusCode;
use time::OffsetDateTime;

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Creates a scheduled article going live `secs` from now and queues its publication.
async fn schedule(store: &Store, slug: &str, title: &str, secs: i64) -> i64 {
    schedule_at(store, slug, title, now() + secs).await
}

/// Creates a scheduled article going live at `at` (unix seconds) and queues its publication.
pub(crate) async fn schedule_at(store: &Store, slug: &str, title: &str, at: i64) -> i64 {
    let mut new = published(slug, title, "Scheduled body text.");
    new.status = Status::Scheduled;
    new.published_at = Some(OffsetDateTime::from_unix_timestamp(at).unwrap());
    let id = store.create_article(&new).await.unwrap();
    store
        .enqueue_job(JobKind::PublishArticle, &id.to_string(), at, now())
        .await
        .unwrap();
    id
}

async fn scheduled_publications(store: &Store) -> usize {
    store
        .audit_log(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "publish (scheduled)")
        .count()
}

/// Waits until `path` answers 200, for at most `limit`.
async fn wait_for_page(app: &TestApp, path: &str, limit: Duration) {
    until(limit, &format!("{path} did not appear"), || async {
        app.get(path).await.status == StatusCode::OK
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_article_appears_on_its_own_at_its_time() {
    let app = app().start().await;
    let id = schedule(&app.store, "tomorrows-news", "Tomorrow's news today", 2).await;

    // Before its time: invisible everywhere, and the newsroom lists it as pending.
    assert_eq!(
        app.get("/tomorrows-news/").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get("/")
            .await
            .body
            .contains("Tomorrow&#x27;s news today")
    );
    let mut editor = signed_in(&app, "editor").await;
    let overview = editor.get("/admin").await;
    assert_eq!(
        overview.texts(".scheduled-list__title"),
        vec!["Tomorrow's news today"]
    );
    assert_eq!(app.store.pending_jobs().await.unwrap().len(), 1);

    // Nobody asks for anything: the worker publishes it within a few seconds of its time.
    let scheduled_at = now() + 2;
    wait_for_page(&app, "/tomorrows-news/", Duration::from_secs(8)).await;
    // The home page follows once this node reads the change log (within a second).
    until(Duration::from_secs(3), "not on the home page", || async {
        let home = app.get("/").await;
        home.texts("a")
            .iter()
            .any(|t| t.contains("Tomorrow's news today"))
    })
    .await;
    let article = app
        .store
        .visible_article("tomorrows-news", OffsetDateTime::now_utc())
        .await
        .unwrap()
        .unwrap();
    // The publication time stays the scheduled one.
    assert!(article.published_at.unwrap().unix_timestamp() <= scheduled_at);
    assert_eq!(scheduled_publications(&app.store).await, 1);
    let audit = app.store.audit_log(10).await.unwrap();
    let row = audit
        .iter()
        .find(|e| e.action == "publish (scheduled)")
        .unwrap();
    assert_eq!(row.user_id, None);
    assert_eq!(row.entity_id.as_deref(), Some(id.to_string().as_str()));
    assert!(app.store.pending_jobs().await.unwrap().is_empty());
    // And the overview no longer lists it.
    let overview = editor.get("/admin").await;
    assert!(overview.texts(".scheduled-list__title").is_empty());
    // The audit log names the scheduler as the actor.
    let mut admin = signed_in(&app, "admin").await;
    let log = admin.get("/admin/audit?action=publish%20(scheduled)").await;
    assert_eq!(log.texts(".audit-row__who"), vec!["scheduler"]);
    assert_eq!(
        log.texts(".audit-row__entity"),
        vec![format!("article {id}")]
    );
}

#[tokio::test]
async fn only_those_who_publish_others_see_the_schedule() {
    let app = app().start().await;
    schedule(&app.store, "later", "Later", 3600).await;
    for (role, sees) in [
        ("admin", true),
        ("editor", true),
        ("author", false),
        ("contributor", false),
    ] {
        let mut b = signed_in(&app, role).await;
        let page = b.get("/admin").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.texts(".scheduled-list__title") == vec!["Later"],
            sees,
            "{role}"
        );
    }
}

#[tokio::test]
async fn a_job_due_while_the_server_was_down_runs_at_start() {
    let app = app().start().await;
    let slug = "while-you-were-out";
    // Scheduled once the server has stopped: a slow stop cannot let it publish first.
    let reopened = app.stop_and_reopen().await;
    let id = schedule(&reopened.store, slug, "While you were out", 1).await;
    tokio::time::sleep(Duration::from_millis(2200)).await;
    // Still scheduled: nothing ran while the server was stopped.
    assert!(
        reopened
            .store
            .visible_article(slug, OffsetDateTime::now_utc())
            .await
            .unwrap()
            .is_none()
    );
    // A worker starting on the same database takes it at once.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(gazette::jobs::work(
        reopened.store.clone(),
        gazette::desk::Desk::new(false, "http://localhost", std::time::Duration::from_secs(5))
            .unwrap(),
        "restarted".into(),
        stopped,
    ));
    let what = format!("article {id} was not published after the restart");
    until(Duration::from_secs(3), &what, || async {
        let now = OffsetDateTime::now_utc();
        reopened
            .store
            .visible_article(slug, now)
            .await
            .unwrap()
            .is_some()
    })
    .await;
    stop.send(true).unwrap();
    worker.await.unwrap();
    assert_eq!(scheduled_publications(&reopened.store).await, 1);
}

#[tokio::test]
async fn racing_nodes_publish_once() {
    let app = app().start().await;
    // Several articles fall due at once; three workers (this server's and two more
    // "nodes" on the same database) race for them.
    let mut ids = Vec::new();
    for n in 0..4 {
        ids.push(schedule(&app.store, &format!("race-{n}"), &format!("Race {n}"), 1).await);
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let desk =
        gazette::desk::Desk::new(false, "http://localhost", std::time::Duration::from_secs(5))
            .unwrap();
    let (a, b) = tokio::join!(
        gazette::jobs::run_due(&app.store, &desk, "node-a"),
        gazette::jobs::run_due(&app.store, &desk, "node-b"),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a + b <= 4, "a job ran twice: {a} + {b}");
    for n in 0..4 {
        wait_for_page(&app, &format!("/race-{n}/"), Duration::from_secs(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(scheduled_publications(&app.store).await, 4);
    assert!(app.store.pending_jobs().await.unwrap().is_empty());
}

#[tokio::test]
async fn one_claim_wins_among_many() {
    // The server is stopped so that only these claimants compete.
    let app = app().start().await;
    let reopened = app.stop_and_reopen().await;
    let store = reopened.store;
    let t = now();
    store
        .enqueue_job(JobKind::PublishArticle, "999999", t - 1, t)
        .await
        .unwrap();
    let claims = futures_join(&store, t).await;
    assert_eq!(claims, 1, "one job claimed {claims} times");
    // Leased: nobody else gets it until the lease ends.
    assert!(store.claim_due(t, "late", 60, 10).await.unwrap().is_empty());
    assert_eq!(
        store
            .claim_due(t + 61, "later", 60, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn futures_join(store: &Store, t: i64) -> usize {
    let mut handles = Vec::new();
    for n in 0..8 {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            store
                .claim_due(t, &format!("node-{n}"), 60, 10)
                .await
                .unwrap()
                .len()
        }));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    total
}

#[tokio::test]
async fn an_article_taken_back_to_draft_is_not_published() {
    let app = app().start().await;
    let id = schedule(&app.store, "second-thoughts", "Second thoughts", 1).await;
    // Moved back to draft without cancelling the job (as an older editor might): the job
    // runs and does nothing.
    app.store
        .set_article_status(id, Status::Draft, OffsetDateTime::now_utc())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(3000)).await;
    assert_eq!(
        app.get("/second-thoughts/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(scheduled_publications(&app.store).await, 0);
    assert!(
        app.store.pending_jobs().await.unwrap().is_empty(),
        "the no-op job is finished, not retried"
    );
}

#[tokio::test]
async fn a_failing_job_retries_and_keeps_its_error() {
    let app = app().start().await;
    let t = now();
    app.store
        .enqueue_job(JobKind::PublishArticle, "not-a-number", t, t)
        .await
        .unwrap();
    app.store
        .execute_raw(&format!(
            "INSERT INTO jobs (kind, job_key, run_at, created_at) VALUES ('mystery', 'x', {t}, {t})"
        ))
        .await
        .unwrap();
    // The server's worker runs both within about a second, fails them, and is still alive.
    let start = Instant::now();
    let mut jobs = Vec::new();
    while start.elapsed() < Duration::from_secs(5) {
        jobs = app.store.pending_jobs().await.unwrap();
        if jobs.iter().all(|j| j.last_error.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(jobs.len(), 2, "failed jobs stay queued for a retry");
    for job in &jobs {
        assert_eq!(job.attempts, 1, "{job:?}");
        assert!(job.run_at >= t + 10, "retried later, with backoff: {job:?}");
    }
    let error_of = |kind: &str| {
        jobs.iter()
            .find(|j| j.kind == kind)
            .and_then(|j| j.last_error.clone())
            .unwrap()
    };
    assert_eq!(
        error_of("publish_article"),
        "job key `not-a-number` is not an article id"
    );
    assert!(error_of("mystery").contains("unknown job kind `mystery`"));

    // A later run (when the retry falls due) counts another attempt; after the last
    // allowed one the job is given up, not claimed again, and keeps its error.
    let mut at = t;
    for _ in 0..10 {
        at += 700;
        for job in app.store.claim_due(at, "test", 60, 10).await.unwrap() {
            app.store
                .fail_job(job.id, "still broken", at + 10)
                .await
                .unwrap();
        }
    }
    let jobs = app.store.pending_jobs().await.unwrap();
    assert!(
        jobs.iter()
            .all(|j| j.attempts == gazette_store::MAX_ATTEMPTS)
    );
    assert!(
        jobs.iter()
            .all(|j| j.last_error.as_deref() == Some("still broken"))
    );
    // The site still works.
    assert_eq!(app.get("/").await.status, StatusCode::OK);
}
