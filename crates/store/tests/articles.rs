//! The article aggregate through the store alone: what readers may see, the workflow the
//! store enforces whoever calls it, the change log that caches and the search index follow,
//! and category listings. Run on SQLite and, when configured, PostgreSQL.

mod common;

use common::{add_article, article, at, category, editor};
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::Status;
use gazette_store::{ArticleFilter, ArticleInput, Store, StoreError};

const NOW: i64 = 1_800_000_000;
const HOUR: i64 = 3600;

fn input(slug: &str) -> ArticleInput {
    ArticleInput {
        title: format!("Title of {slug}"),
        slug: slug.into(),
        body_markdown: "Some words for the body.".into(),
        ..ArticleInput::default()
    }
}

/// A draft of [`input`] `slug`, created by the editor at `NOW`; its id.
#[allow(clippy::unwrap_used)]
async fn new_draft(store: &Store, slug: &str) -> i64 {
    let actor = editor();
    store
        .create_draft(&input(slug), None, NOW, &actor)
        .await
        .unwrap()
}

/// Publishes article `id` at `secs` as the editor.
#[allow(clippy::unwrap_used)]
async fn publish(store: &Store, id: i64, secs: i64) {
    let actor = editor();
    store
        .set_status(id, Status::Published, None, secs, &actor)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_article_is_visible_only_when_published_and_its_time_has_come() {
    for db in common::each_backend().await {
        let store = &db.store;
        let past = add_article(store, "past", Status::Published, Some(NOW - HOUR)).await;
        let future = add_article(store, "future", Status::Published, Some(NOW + HOUR)).await;
        let draft = add_article(store, "draft", Status::Draft, Some(NOW - HOUR)).await;
        let b = db.backend();

        assert!(store.is_visible(past, at(NOW)).await.unwrap(), "{b:?}");
        assert!(!store.is_visible(future, at(NOW)).await.unwrap(), "{b:?}");
        assert!(!store.is_visible(draft, at(NOW)).await.unwrap(), "{b:?}");
        assert!(
            store
                .visible_article("future", at(NOW))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store
                .count_articles(&ArticleFilter::All, at(NOW))
                .await
                .unwrap(),
            1
        );

        // An hour later the scheduled time has come; the draft stays hidden.
        let later = at(NOW + HOUR);
        assert!(store.is_visible(future, later).await.unwrap(), "{b:?}");
        let shown = store
            .visible_article("future", later)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(shown.id, future);
        assert!(!store.is_visible(draft, later).await.unwrap());
        assert_eq!(
            store
                .count_articles(&ArticleFilter::All, later)
                .await
                .unwrap(),
            2
        );

        // Unpublishing hides it again at once.
        store
            .set_article_status(past, Status::Unpublished, later)
            .await
            .unwrap();
        assert!(!store.is_visible(past, later).await.unwrap(), "{b:?}");
    }
}

#[tokio::test]
async fn the_store_refuses_a_status_change_the_workflow_forbids() {
    for db in common::each_backend().await {
        let store = &db.store;
        let actor = editor();
        let id = new_draft(store, "piece").await;
        publish(store, id, NOW + 1).await;
        let before = store.last_change_id().await.unwrap();

        // Published may only become unpublished, not go back to review.
        let refused = store
            .set_status(id, Status::Review, None, NOW + 2, &actor)
            .await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Invalid {
                    field: "status",
                    ..
                })
            ),
            "{:?}: {refused:?}",
            db.backend()
        );
        let kept = store.editable_article(id).await.unwrap().unwrap();
        assert_eq!(kept.status, Status::Published);
        assert_eq!(kept.published_at, Some(NOW + 1));
        assert_eq!(
            store.last_change_id().await.unwrap(),
            before,
            "a refused write logs nothing"
        );

        // Scheduling needs a time still to come.
        let draft = new_draft(store, "later").await;
        let past = store
            .set_status(draft, Status::Scheduled, Some(NOW - 1), NOW, &actor)
            .await;
        assert!(
            matches!(
                past,
                Err(StoreError::Invalid {
                    field: "publish_at",
                    ..
                })
            ),
            "{past:?}"
        );

        // Allowed moves go through.
        store
            .set_status(id, Status::Unpublished, None, NOW + 3, &actor)
            .await
            .unwrap();
        store
            .set_status(draft, Status::Scheduled, Some(NOW + HOUR), NOW, &actor)
            .await
            .unwrap();
        assert_eq!(
            store.editable_article(id).await.unwrap().unwrap().status,
            Status::Unpublished
        );
        let scheduled = store.editable_article(draft).await.unwrap().unwrap();
        assert_eq!(scheduled.status, Status::Scheduled);
        assert_eq!(scheduled.published_at, Some(NOW + HOUR));
    }
}

#[tokio::test]
async fn each_write_appends_one_change_in_commit_order() {
    for db in common::each_backend().await {
        let store = &db.store;
        let actor = editor();
        let start = store.last_change_id().await.unwrap();

        let id = new_draft(store, "logged").await;
        let mut edited = input("logged");
        edited.title = "A better title".into();
        store
            .update_article(id, &edited, None, NOW + 1, &actor)
            .await
            .unwrap();
        publish(store, id, NOW + 2).await;
        store
            .add_correction(id, "A date was wrong.", NOW + 3, &actor)
            .await
            .unwrap();
        store.delete_article(id, NOW + 4, &actor).await.unwrap();

        let changes = store.changes_since(start, 100).await.unwrap();
        let seen: Vec<_> = changes
            .iter()
            .map(|c| (c.entity.clone(), c.entity_id, c.action.clone(), c.at))
            .collect();
        let expected = vec![
            (ChangeEntity::Article, id, ChangeAction::Create, NOW),
            (ChangeEntity::Article, id, ChangeAction::Update, NOW + 1),
            (ChangeEntity::Article, id, ChangeAction::Status, NOW + 2),
            (ChangeEntity::Article, id, ChangeAction::Correction, NOW + 3),
            (ChangeEntity::Article, id, ChangeAction::Delete, NOW + 4),
        ];
        assert_eq!(seen, expected, "{:?}", db.backend());
        assert!(changes.windows(2).all(|w| w[0].id < w[1].id));
        assert_eq!(store.last_change_id().await.unwrap(), changes[4].id);
    }
}

#[tokio::test]
async fn a_category_lists_and_counts_its_visible_articles_and_its_subcategories() {
    for db in common::each_backend().await {
        let store = &db.store;
        let news = store
            .create_category(&category("news", None, 0))
            .await
            .unwrap();
        let economy = store
            .create_category(&category("economy", Some(news), 0))
            .await
            .unwrap();
        let sport = store
            .create_category(&category("sport", None, 1))
            .await
            .unwrap();
        for (slug, cat, minutes_ago) in [("a", news, 3), ("b", economy, 2), ("c", sport, 1)] {
            let published_at = Some(NOW - minutes_ago * 60);
            let new = article(slug, Status::Published, published_at, Some(cat), vec![]);
            store.create_article(&new).await.unwrap();
        }
        let draft = article("d", Status::Draft, None, Some(news), vec![]);
        store.create_article(&draft).await.unwrap();

        let tree = store.categories().await.unwrap();
        let of = |id: i64| tree.iter().find(|c| c.id == id).cloned().unwrap();
        assert_eq!(of(economy).path, "news/economy");

        let news_filter = ArticleFilter::Category(of(news));
        assert_eq!(
            store.count_articles(&news_filter, at(NOW)).await.unwrap(),
            2
        );
        let listing = store
            .list_articles(&news_filter, at(NOW), 10, 0)
            .await
            .unwrap();
        let slugs: Vec<_> = listing.items.iter().map(|s| s.slug.as_str()).collect();
        assert_eq!(slugs, ["b", "a"], "{:?}: newest first", db.backend());
        assert_eq!(listing.total, 2);

        let page_two = store
            .list_articles(&news_filter, at(NOW), 1, 1)
            .await
            .unwrap();
        assert_eq!(page_two.items.len(), 1);
        assert_eq!(page_two.items[0].slug, "a");

        let sport_filter = ArticleFilter::Category(of(sport));
        assert_eq!(
            store.count_articles(&sport_filter, at(NOW)).await.unwrap(),
            1
        );
        let economy_filter = ArticleFilter::Category(of(economy));
        assert_eq!(
            store
                .count_articles(&economy_filter, at(NOW))
                .await
                .unwrap(),
            1
        );
        let counts = store.category_article_counts(at(NOW)).await.unwrap();
        assert_eq!(counts.get(&sport), Some(&1));
    }
}
