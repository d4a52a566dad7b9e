//! The article trash and the Admin API's rate counter through the store alone, on SQLite
//! and, when configured, PostgreSQL: trashing hides an article and cancels its publication,
//! a stale revision changes nothing, only the trash is purged; and fifty parallel counts of
//! one key's window each get a distinct number, so a limit cannot be raced past.

mod common;

use common::{add_article, at, editor};
use gazette_core::digest::compose::Item;
use gazette_core::digest::prefs::Frequency;
use gazette_core::model::Status;
use gazette_store::{NewEdition, StoreError};

const NOW: i64 = 1_800_000_000;

#[tokio::test]
async fn the_trash_hides_restores_and_purges_with_revision_checks() {
    for db in common::each_backend().await {
        let (store, b, actor) = (&db.store, db.backend(), editor());
        let id = add_article(store, "binned", Status::Published, Some(NOW - 60)).await;
        assert!(store.is_visible(id, at(NOW)).await.unwrap(), "{b:?}");
        // An unsent digest edition carries it.
        let item = Item {
            article_id: id,
            pick: false,
            section_id: None,
            section_name: "News".into(),
            title: "Title of binned".into(),
            path: "/binned/".into(),
            excerpt: String::new(),
        };
        let edition = store
            .create_edition(&NewEdition {
                date: "2027-01-16".into(),
                language: "en".into(),
                frequency: Frequency::Daily,
                slot_at: NOW + 3600,
                since_at: NOW - 86_400,
                items: vec![item],
                now: NOW,
            })
            .await
            .unwrap()
            .unwrap();
        assert_eq!(edition.items.len(), 1, "{b:?}");
        let revision = store.editable_article(id).await.unwrap().unwrap().revision;
        // A stale revision: refused, nothing moves.
        let stale = store
            .trash_article(id, Some(revision - 1), NOW, &actor)
            .await;
        assert!(
            matches!(stale, Err(StoreError::Stale { .. })),
            "{b:?} {stale:?}"
        );
        assert!(store.is_visible(id, at(NOW)).await.unwrap(), "{b:?}");
        // Only the trash is purged.
        let early = store.purge_article(id, None, NOW, &actor).await;
        assert!(matches!(early, Err(StoreError::Invalid { .. })), "{b:?}");
        store
            .trash_article(id, Some(revision), NOW + 1, &actor)
            .await
            .unwrap();
        assert!(!store.is_visible(id, at(NOW + 2)).await.unwrap(), "{b:?}");
        assert!(
            store
                .visible_article("binned", at(NOW + 2))
                .await
                .unwrap()
                .is_none()
        );
        let twice = store.trash_article(id, None, NOW + 2, &actor).await;
        assert!(matches!(twice, Err(StoreError::Invalid { .. })), "{b:?}");
        // Restored: a draft, still hidden, its first publication time kept.
        store
            .untrash_article(id, None, NOW + 3, &actor)
            .await
            .unwrap();
        let back = store.editable_article(id).await.unwrap().unwrap();
        assert_eq!(back.status, Status::Draft, "{b:?}");
        assert!(back.published_at.is_some(), "{b:?}");
        assert!(!store.is_visible(id, at(NOW + 4)).await.unwrap(), "{b:?}");
        store
            .trash_article(id, None, NOW + 5, &actor)
            .await
            .unwrap();
        store
            .purge_article(id, None, NOW + 6, &actor)
            .await
            .unwrap();
        assert!(store.editable_article(id).await.unwrap().is_none(), "{b:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_counts_of_one_window_are_all_distinct() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let store = store.clone();
            tasks.spawn(async move { store.count_api_request(7, NOW).await });
        }
        let mut counts: Vec<i64> = tasks
            .join_all()
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        counts.sort_unstable();
        assert_eq!(counts, (1..=50).collect::<Vec<i64>>(), "{b:?}");
        // Another key, another window: their own counts; a new window clears the old one.
        assert_eq!(store.count_api_request(8, NOW).await.unwrap(), 1, "{b:?}");
        assert_eq!(
            store.count_api_request(7, NOW + 10).await.unwrap(),
            1,
            "{b:?}"
        );
        assert_eq!(
            store.count_api_request(7, NOW + 10).await.unwrap(),
            2,
            "{b:?}"
        );
    }
}
