//! The Daily Digest's tables on both backends: subscribing with rate limits and the same
//! outcome for known and unknown addresses, confirming, leaving, deleting; editions composed
//! once per date; and the delivery ledger: claims by one holder only, leases that lapse into
//! the queue (never tried) or into `uncertain` (maybe sent), suppression after hard bounces.

mod common;

use gazette_core::digest::compose::Item;
use gazette_core::digest::prefs::{Choices, Frequency, Status};
use gazette_store::{
    AttemptLimits, Claimed, DeliveryOutcome, EditionStatus, NewEdition, Store, SubscribeOutcome,
    SubscribeRequest,
};

const LIMITS: AttemptLimits = AttemptLimits {
    window: 3600,
    per_address: 3,
    per_ip: 5,
    resend_after: 600,
};

fn request(email: &str, ip: &str, now: i64) -> SubscribeRequest {
    SubscribeRequest {
        email: email.into(),
        choices: Choices {
            sections: vec![],
            language: "en".into(),
            frequency: Frequency::Daily,
        },
        ip: ip.into(),
        form: "page".into(),
        nonce: format!("nonce-{email}-{now}"),
        now,
    }
}

/// Subscribes `email` from `ip` at `now` with the tests' limits.
#[allow(clippy::unwrap_used)]
async fn subscribe(store: &Store, email: &str, ip: &str, now: i64) -> SubscribeOutcome {
    store
        .subscribe(&request(email, ip, now), LIMITS)
        .await
        .unwrap()
}

#[allow(clippy::unwrap_used)]
async fn confirmed(store: &Store, email: &str, now: i64) -> i64 {
    let SubscribeOutcome::Confirm(s) = subscribe(store, email, &format!("ip-{email}"), now).await
    else {
        panic!("no confirmation for {email}");
    };
    assert!(store.confirm_subscriber(s.id, now).await.unwrap());
    s.id
}

/// `holder` sends the claimed `row`: begins at `at` (which must be allowed) and finishes a
/// second later with `outcome`.
#[allow(clippy::unwrap_used)]
async fn deliver(store: &Store, row: &Claimed, holder: &str, at: i64, outcome: DeliveryOutcome) {
    assert!(store.begin_delivery(row, holder, at).await.unwrap());
    store
        .finish_delivery(row, holder, &outcome, at + 1)
        .await
        .unwrap();
}

fn item(id: i64) -> Item {
    Item {
        article_id: id,
        pick: false,
        section_id: None,
        section_name: "More news".into(),
        title: format!("T{id}"),
        path: format!("/t{id}/"),
        excerpt: String::new(),
    }
}

fn edition(date: &str) -> NewEdition {
    NewEdition {
        date: date.into(),
        language: "en".into(),
        frequency: Frequency::Daily,
        slot_at: 1_000,
        since_at: 0,
        items: vec![item(1), item(2)],
        now: 1_000,
    }
}

#[tokio::test]
async fn subscribing_confirming_leaving_and_deleting() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        let first = subscribe(store, "a@example.org", "1.1.1.1", 100).await;
        let SubscribeOutcome::Confirm(s) = first else {
            panic!("{b:?}: {first:?}")
        };
        assert_eq!(
            (s.status, s.consent_ip.as_str(), s.consent_form.as_str()),
            (Status::Pending, "1.1.1.1", "page")
        );
        // Asking again at once: nothing more is mailed, the answer is the caller's same page.
        let again = subscribe(store, "a@example.org", "1.1.1.1", 101).await;
        assert_eq!(again, SubscribeOutcome::Quiet, "{b:?}");
        // A third time: the address hits its limit.
        subscribe(store, "a@example.org", "2.2.2.2", 102).await;
        let limited = subscribe(store, "a@example.org", "3.3.3.3", 103).await;
        assert_eq!(
            limited,
            SubscribeOutcome::Limited {
                retry_at: 100 + 3600
            },
            "{b:?}"
        );
        // Confirming once counts; again does nothing.
        assert!(store.confirm_subscriber(s.id, 200).await.unwrap());
        assert!(!store.confirm_subscriber(s.id, 201).await.unwrap());
        // A confirmed address asking again later gets a reminder; its choices do not change.
        let mut other = request("a@example.org", "4.4.4.4", 5000);
        other.choices.frequency = Frequency::Weekly;
        let remind = store.subscribe(&other, LIMITS).await.unwrap();
        assert!(
            matches!(remind, SubscribeOutcome::Remind(ref r) if r.frequency == Frequency::Daily),
            "{b:?}: {remind:?}"
        );
        // One IP may ask for only so many addresses.
        for i in 0..5 {
            let out = subscribe(store, &format!("x{i}@example.org"), "9.9.9.9", 300).await;
            assert!(matches!(out, SubscribeOutcome::Confirm(_)), "{b:?}");
        }
        let out = subscribe(store, "x9@example.org", "9.9.9.9", 300).await;
        assert!(matches!(out, SubscribeOutcome::Limited { .. }), "{b:?}");
        // Leaving, and subscribing anew: a new nonce, pending again.
        assert!(store.unsubscribe(s.id, 6000).await.unwrap());
        assert!(!store.unsubscribe(s.id, 6001).await.unwrap());
        let back = subscribe(store, "a@example.org", "4.4.4.4", 9000).await;
        let SubscribeOutcome::Confirm(back) = back else {
            panic!("{b:?}")
        };
        assert_eq!(back.id, s.id);
        assert_ne!(back.nonce, s.nonce, "{b:?}: old links stop working");
        assert_eq!(back.status, Status::Pending);
        // The export holds the consent; deletion leaves only counts.
        let export = store.export_subscriber(s.id).await.unwrap().unwrap();
        assert_eq!(export.subscriber.email, "a@example.org");
        assert!(store.delete_subscriber(s.id, 9100).await.unwrap());
        assert!(store.subscriber(s.id).await.unwrap().is_none());
        let numbers = store.digest_numbers(9100, 1).await.unwrap();
        assert_eq!(
            (
                numbers[0].subscribed,
                numbers[0].confirmed,
                numbers[0].unsubscribed
            ),
            (7, 1, 1),
            "{b:?}"
        );
        // The signing key is made once and kept.
        let key = store.signing_key("first").await.unwrap();
        assert_eq!(key, "first");
        assert_eq!(store.signing_key("second").await.unwrap(), "first");
    }
}

#[tokio::test]
async fn an_edition_is_composed_once_and_its_ledger_sends_each_row_once() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        let mut ids = Vec::new();
        for i in 0..6 {
            ids.push(confirmed(store, &format!("s{i}@example.org"), 10).await);
        }
        let e = store
            .create_edition(&edition("2026-12-07"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(e.items.len(), 2);
        assert!(
            store
                .create_edition(&edition("2026-12-07"))
                .await
                .unwrap()
                .is_none(),
            "{b:?}"
        );
        // Editors reorder and remove before sending.
        store
            .edit_edition(e.id, "Good morning", false, &[2], 20, &common::editor())
            .await
            .unwrap();
        let e = store.edition(e.id).await.unwrap().unwrap();
        assert_eq!(
            (e.note.as_str(), e.items.len(), e.items[0].article_id),
            ("Good morning", 1, 2)
        );
        assert_eq!(store.start_sending(e.id, 30).await.unwrap(), (true, 6));
        // Starting again writes nothing more.
        assert_eq!(store.start_sending(e.id, 31).await.unwrap(), (true, 0));
        assert!(
            store
                .edit_edition(e.id, "", false, &[2], 32, &common::editor())
                .await
                .is_err(),
            "{b:?}: no edits while sending"
        );

        // Two holders claim: no row twice.
        let a = store
            .claim_deliveries(e.id, "node-a", 40, 100, 4)
            .await
            .unwrap();
        let c = store
            .claim_deliveries(e.id, "node-b", 40, 100, 4)
            .await
            .unwrap();
        assert_eq!((a.len(), c.len()), (4, 2), "{b:?}");
        assert!(
            a.iter()
                .all(|x| !c.iter().any(|y| y.subscriber_id == x.subscriber_id))
        );
        // node-a sends two, dies while sending a third and before trying the fourth.
        for row in &a[..2] {
            let sent = DeliveryOutcome::Sent {
                reply: "250 OK".into(),
            };
            deliver(store, row, "node-a", 41, sent).await;
        }
        assert!(store.begin_delivery(&a[2], "node-a", 41).await.unwrap());
        // node-b: one temporary refusal, one permanent.
        deliver(
            store,
            &c[0],
            "node-b",
            41,
            DeliveryOutcome::Deferred {
                code: Some(451),
                reply: "451 try later".into(),
                retry_at: 60,
            },
        )
        .await;
        deliver(
            store,
            &c[1],
            "node-b",
            41,
            DeliveryOutcome::Failed {
                code: Some(550),
                reply: "550 no such user".into(),
            },
        )
        .await;
        // The lease lapses: the untried row is queued again, the one mid-send is uncertain.
        assert_eq!(
            store.recover_deliveries(200).await.unwrap(),
            (1, 1),
            "{b:?}"
        );
        // A lost claim cannot be sent by its old holder.
        assert!(!store.begin_delivery(&a[3], "node-a", 201).await.unwrap());
        let counts = store.delivery_counts(e.id).await.unwrap();
        assert_eq!(
            (
                counts.sent,
                counts.queued,
                counts.deferred,
                counts.failed,
                counts.uncertain
            ),
            (2, 1, 1, 1, 1),
            "{b:?}"
        );
        // Deferred rows wait for their time; the queued one is claimable now.
        let again = store
            .claim_deliveries(e.id, "node-c", 50, 300, 10)
            .await
            .unwrap();
        assert_eq!(again.len(), 1);
        deliver(
            store,
            &again[0],
            "node-c",
            50,
            DeliveryOutcome::Sent {
                reply: "250".into(),
            },
        )
        .await;
        let later = store
            .claim_deliveries(e.id, "node-c", 60, 300, 10)
            .await
            .unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].subscriber_id, c[0].subscriber_id);
        deliver(
            store,
            &later[0],
            "node-c",
            60,
            DeliveryOutcome::Sent {
                reply: "250".into(),
            },
        )
        .await;
        // Only the uncertain row is left: the edition is done, and it is not resent by itself.
        assert!(
            store.finish_edition_if_done(e.id, 70).await.unwrap(),
            "{b:?}"
        );
        assert_eq!(
            store.edition(e.id).await.unwrap().unwrap().status,
            EditionStatus::Sent
        );
        assert_eq!(store.uncertain_deliveries(e.id).await.unwrap().len(), 1);
        assert!(
            store
                .claim_deliveries(e.id, "node-c", 1000, 2000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // An editor resends it.
        assert_eq!(
            store
                .resend_uncertain(e.id, 80, &common::editor())
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .claim_deliveries(e.id, "node-c", 81, 300, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        // A second hard bounce suppresses the address.
        let bounced = c[1].subscriber_id;
        assert_eq!(
            store
                .subscriber(bounced)
                .await
                .unwrap()
                .unwrap()
                .hard_bounces,
            1
        );
        let e2 = store
            .create_edition(&edition("2026-12-08"))
            .await
            .unwrap()
            .unwrap();
        store.start_sending(e2.id, 90).await.unwrap();
        let rows = store
            .claim_deliveries(e2.id, "n", 90, 100, 10)
            .await
            .unwrap();
        let row = rows.iter().find(|r| r.subscriber_id == bounced).unwrap();
        deliver(
            store,
            row,
            "n",
            90,
            DeliveryOutcome::Failed {
                code: Some(550),
                reply: "550".into(),
            },
        )
        .await;
        assert_eq!(
            store.subscriber(bounced).await.unwrap().unwrap().status,
            Status::Suppressed,
            "{b:?}"
        );
        // Late editions are skipped, never sent.
        let mut late = edition("2026-12-09");
        late.slot_at = 100;
        let late = store.create_edition(&late).await.unwrap().unwrap();
        assert_eq!(
            store
                .skip_late_editions(100 + 6 * 3600 + 1, 6 * 3600)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            store.edition(late.id).await.unwrap().unwrap().status,
            EditionStatus::Skipped
        );
        assert_eq!(
            store.start_sending(late.id, 100_000).await.unwrap(),
            (false, 0)
        );
    }
}

/// An Azerbaijani subscriber gets the Azerbaijani version of a story that has one, and the
/// original of one that has none; every story once.
#[tokio::test]
async fn an_edition_carries_each_story_in_its_language_where_a_version_exists() {
    for db in common::each_backend().await {
        let store = &db.store;
        let now = 1_800_000_000;
        let add = |slug: &'static str, language: &'static str| async move {
            let mut new = common::article(
                slug,
                gazette_core::model::Status::Published,
                Some(now - 3600),
                None,
                Vec::new(),
            );
            new.language = language.into();
            store.create_article(&new).await.unwrap()
        };
        let original = add("bridge", "en").await;
        let translation = add("korpu", "az").await;
        add("harbour", "en").await;
        add("qala", "az").await;
        store
            .link_translation(translation, original, now, &common::editor())
            .await
            .unwrap();
        let slugs = |language: &'static str| async move {
            let (_, items) = store
                .digest_preview(language, Frequency::Daily, now, now)
                .await
                .unwrap();
            let mut paths: Vec<String> = items.into_iter().map(|i| i.path).collect();
            paths.sort();
            paths
        };
        assert_eq!(
            slugs("az").await,
            ["/harbour/", "/korpu/", "/qala/"],
            "{:?}",
            db.backend()
        );
        assert_eq!(
            slugs("en").await,
            ["/bridge/", "/harbour/", "/qala/"],
            "{:?}",
            db.backend()
        );
        assert_eq!(
            slugs("ru").await,
            ["/bridge/", "/harbour/", "/qala/"],
            "originals only"
        );
    }
}
