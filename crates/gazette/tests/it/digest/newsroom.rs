use std::time::Duration;

use gazette_store::EditionStatus;

use super::*;
use crate::common::browser::signed_in;

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn editors_preview_reorder_hold_and_send_now_and_the_worker_delivers() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    for (slug, title) in [
        ("alpha", "Alpha story"),
        ("beta", "Beta story"),
        ("gamma", "Gamma story"),
    ] {
        app.publish(slug, title, "Body.").await;
    }
    confirmed(&app, &smtp, "reader@example.org").await;

    // Authors do not manage the digest.
    let mut author = signed_in(&app, "author").await;
    assert_eq!(
        author.get("/admin/digest").await.status,
        StatusCode::FORBIDDEN
    );

    let mut editor = signed_in(&app, "editor").await;
    let page = editor.get("/admin/digest").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.texts(".digest-preview a").len(),
        3,
        "the preview before composition"
    );
    assert!(page.texts("#digest-subscribers")[0].contains("1 confirmed"));

    // A pick by address leads the edition.
    let picked = editor
        .submit(
            "/admin/digest",
            "/admin/digest/picks",
            &[("article", format!("{}/gamma/", app.base).as_str())],
        )
        .await;
    assert_eq!(picked.status, StatusCode::SEE_OTHER, "{}", picked.body);
    let bad = editor
        .submit(
            "/admin/digest",
            "/admin/digest/picks",
            &[("article", "no-such-story")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.alert().contains("no-such-story"));

    // Composed ahead of its time (as the compose job does), the edition waits for review.
    let made = app
        .store
        .compose_digest("2026-12-07", now() + 3600, false, now())
        .await
        .unwrap();
    assert_eq!(made.len(), 1);
    let e = &made[0];
    assert_eq!(
        (e.items[0].title.as_str(), e.items[0].pick),
        ("Gamma story", true)
    );
    let article_of = |title: &str| {
        let item = e.items.iter().find(|i| i.title == title);
        item.unwrap_or_else(|| panic!("{title} is in the edition"))
            .article_id
    };
    let (alpha, beta) = (article_of("Alpha story"), article_of("Beta story"));
    let gamma = e.items[0].article_id;

    // Remove alpha, put beta first, add a note and hold.
    let action = format!("/admin/digest/editions/{}", e.id);
    let (keep_beta, pos_beta) = (format!("keep_{beta}"), format!("position_{beta}"));
    let (keep_gamma, pos_gamma) = (format!("keep_{gamma}"), format!("position_{gamma}"));
    let saved = editor
        .submit(
            "/admin/digest",
            &action,
            &[
                ("note", "Good morning, readers."),
                (keep_beta.as_str(), "1"),
                (pos_beta.as_str(), "1"),
                (keep_gamma.as_str(), "1"),
                (pos_gamma.as_str(), "2"),
                ("held", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let held = app.store.edition(e.id).await.unwrap().unwrap();
    assert_eq!(held.status, EditionStatus::Held);
    assert_eq!(held.note, "Good morning, readers.");
    let order: Vec<i64> = held.items.iter().map(|i| i.article_id).collect();
    assert_eq!(order, vec![beta, gamma]);
    assert!(!order.contains(&alpha));
    // A bad order number is refused with its reason.
    let refused = editor
        .submit(
            "/admin/digest",
            &action,
            &[(keep_beta.as_str(), "1"), (pos_beta.as_str(), "first")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.alert().contains("not a whole number"));

    // Send now: the worker of the running server delivers it within seconds.
    let sent = editor
        .submit("/admin/digest", &format!("{action}/send"), &[])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    until(
        Duration::from_secs(20),
        "the worker sends the edition",
        || async { mails_to(&smtp, "reader@example.org").len() >= 2 },
    )
    .await;
    let digest = mails_to(&smtp, "reader@example.org")[1].clone();
    let text = digest.part("text/plain").unwrap();
    assert!(text.contains("Good morning, readers."), "{text}");
    assert!(
        text.find("Beta story").unwrap() < text.find("Gamma story").unwrap(),
        "{text}"
    );
    assert!(!text.contains("Alpha story"));
    until(
        Duration::from_secs(10),
        "the edition is marked sent",
        || async { app.store.edition(e.id).await.unwrap().unwrap().status == EditionStatus::Sent },
    )
    .await;
    // Once sent it can no longer change.
    let late = editor
        .submit("/admin/digest", &format!("{action}/send"), &[])
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);

    let page = editor.get("/admin/digest").await;
    assert_eq!(page.texts(".digest-progress__sent"), vec!["1"]);
    assert_audited(&app, &["digest.pick", "digest.edit", "digest.send"]).await;
}

#[tokio::test]
async fn refusals_defer_or_fail_and_a_second_run_sends_nothing_twice() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    app.publish("news", "The news", "Body.").await;
    for who in ["ok", "busy", "gone"] {
        confirmed(&app, &smtp, &format!("{who}@example.org")).await;
    }
    smtp.refuse("busy@example.org", "451 4.7.1 try again later");
    smtp.refuse("gone@example.org", "550 5.1.1 no such user");
    let first =
        gazette::digest::command::send(&app.settings, &app.store, Some("2026-12-08"), |_, _, _| {})
            .await
            .unwrap();
    assert!(first.contains("1 sent, 1 failed, 1 deferred"), "{first}");
    let second =
        gazette::digest::command::send(&app.settings, &app.store, Some("2026-12-08"), |_, _, _| {})
            .await
            .unwrap();
    assert!(second.contains("1 sent, 1 failed, 1 deferred"), "{second}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        mails_to(&smtp, "ok@example.org").len(),
        2,
        "confirmation and one digest"
    );
    assert_eq!(
        mails_to(&smtp, "busy@example.org").len(),
        1,
        "the confirmation only"
    );
    let gone = subscriber(&app, "gone@example.org").await.unwrap();
    assert_eq!(gone.hard_bounces, 1);
    // A bad date is refused with the expected form.
    let err =
        gazette::digest::command::send(&app.settings, &app.store, Some("08/12/2026"), |_, _, _| {})
            .await
            .unwrap_err();
    assert!(
        err.to_string().contains("is not a date like 2026-12-07"),
        "{err}"
    );
}

/// Queues a digest compose job for `key`, due now, and runs the due jobs once, as one
/// node's worker does.
async fn run_compose_job(app: &TestApp, key: &str) {
    let kind = gazette_store::JobKind::ComposeDigest;
    app.store
        .enqueue_job(kind, key, now(), now())
        .await
        .unwrap();
    let desk = gazette::desk::Desk::new(false, "http://localhost", Duration::from_secs(5)).unwrap();
    gazette::jobs::run_due(&app.store, &desk, "node-a")
        .await
        .unwrap();
}

#[tokio::test]
async fn the_compose_job_composes_a_draft_once_and_a_bad_key_fails_with_its_reason() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    app.publish("fresh", "Fresh story", "Body.").await;
    confirmed(&app, &smtp, "reader@example.org").await;
    let key = format!("2026-12-09@{}@d", now() + 3600);
    // This node's worker or the running server's takes it: either way it runs once.
    run_compose_job(&app, &key).await;
    until(
        Duration::from_secs(10),
        "the job composes the edition",
        || async { app.store.editions_of("2026-12-09").await.unwrap().len() == 1 },
    )
    .await;
    let e = &app.store.editions_of("2026-12-09").await.unwrap()[0];
    assert_eq!(
        e.status,
        EditionStatus::Draft,
        "held for review until its slot"
    );
    assert_eq!(e.items.len(), 1);
    // The same key again is not queued twice.
    assert!(
        !app.store
            .ensure_job(gazette_store::JobKind::ComposeDigest, &key, now(), now())
            .await
            .unwrap()
    );

    run_compose_job(&app, "not-a-key").await;
    until(
        Duration::from_secs(10),
        "the bad job records its error",
        || async {
            app.store.pending_jobs().await.unwrap().iter().any(|j| {
                j.last_error
                    .as_deref()
                    .is_some_and(|e| e.contains("is not DATE@SLOT@d|w"))
            })
        },
    )
    .await;
}
