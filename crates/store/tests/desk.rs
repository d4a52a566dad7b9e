//! The feed desk's tables as the fetch worker and the newsroom meet them, on SQLite and
//! (when configured) PostgreSQL: a round upserts by (source, identity) so running it again
//! duplicates nothing; a changed item keeps its earlier text; a source always has its next
//! fetch queued; retention spares what an article was made from; the inbox filters.

mod common;

use common::inbox;
use gazette_store::{InboxFilter, ItemInput, JobKind, RoundInput, SourceInput, Store, StoreError};

const NOW: i64 = 1_800_000_000;

fn item(key: &str, title: &str, hash: &str) -> ItemInput {
    ItemInput {
        key: key.into(),
        url: Some(format!("https://minval.az/{key}")),
        title: title.into(),
        summary_html: format!("<p>About {title}</p>"),
        content_html: String::new(),
        raw_html: None,
        author: None,
        language: "az".into(),
        content_hash: hash.into(),
        published_at: Some(NOW - 600),
    }
}

/// Adds `input` as a source (it must be accepted); its id.
#[allow(clippy::unwrap_used)]
async fn add_source(store: &Store, input: &SourceInput) -> i64 {
    store
        .add_desk_source(input, &common::editor(), NOW)
        .await
        .unwrap()
}

/// The RSS source most tests add.
fn minval() -> SourceInput {
    SourceInput::new("Minval", "https://minval.az/rss", "rss")
}

fn round(items: Vec<ItemInput>, next: i64) -> RoundInput {
    RoundInput {
        items,
        etag: Some("\"v1\"".into()),
        last_modified: None,
        next_fetch_at: next,
        feed_kind: String::new(),
    }
}

#[tokio::test]
async fn a_source_is_added_with_its_first_fetch_queued_and_bad_input_is_named() {
    for db in common::each_backend().await {
        let store = &db.store;
        let input = minval();
        let id = add_source(store, &input).await;
        let jobs = store.pending_jobs().await.unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].kind, JobKind::FetchSource.as_str());
        assert_eq!(jobs[0].job_key, id.to_string());
        assert_eq!(jobs[0].run_at, NOW);

        let err = store
            .add_desk_source(&input, &common::editor(), NOW)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
        assert!(err.to_string().contains("https://minval.az/rss"), "{err}");
        let mut bad = SourceInput::new("X", "ftp://x.az/rss", "rss");
        let err = store
            .add_desk_source(&bad, &common::editor(), NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("http:// or https://"), "{err}");
        bad.feed_url = "https://x.az/rss".into();
        bad.fetch_interval = 5;
        let err = store
            .add_desk_source(&bad, &common::editor(), NOW)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("fetch interval"), "{err}");
        assert_eq!(
            store.desk_sources().await.unwrap().len(),
            1,
            "{:?}",
            db.backend()
        );

        store
            .set_desk_source_active(id, false, &common::editor(), NOW)
            .await
            .unwrap();
        assert!(
            store.pending_jobs().await.unwrap().is_empty(),
            "deactivating cancels the fetch"
        );
        assert!(!store.desk_source(id).await.unwrap().unwrap().active);
        assert_eq!(store.ensure_desk_jobs(NOW).await.unwrap(), 0);
        store
            .set_desk_source_active(id, true, &common::editor(), NOW + 5)
            .await
            .unwrap();
        assert_eq!(store.pending_jobs().await.unwrap().len(), 1);
        assert_eq!(
            store.ensure_desk_jobs(NOW).await.unwrap(),
            0,
            "it has one already"
        );
    }
}

#[tokio::test]
async fn rounds_upsert_items_keep_versions_and_queue_the_next_fetch() {
    for db in common::each_backend().await {
        let store = &db.store;
        let id = add_source(store, &minval()).await;
        let first = round(
            vec![
                item("a", "Metro", "h1"),
                item("b", "Budget", "h2"),
                item("a", "Metro", "h1"),
            ],
            NOW + 900,
        );
        let counts = store.record_desk_round(id, &first, NOW).await.unwrap();
        assert_eq!((counts.new, counts.changed, counts.unchanged), (2, 0, 0));

        // The same round again (a crash after commit, then a retry): nothing new.
        let again = store.record_desk_round(id, &first, NOW + 1).await.unwrap();
        assert_eq!((again.new, again.changed, again.unchanged), (0, 0, 2));

        let changed = round(
            vec![item("a", "Metro opens", "h3"), item("c", "Court", "h4")],
            NOW + 1800,
        );
        let counts = store
            .record_desk_round(id, &changed, NOW + 900)
            .await
            .unwrap();
        assert_eq!(counts.describe(), "1 new, 1 changed, 0 unchanged");

        let listed = inbox(store, |_| {}).await;
        assert_eq!(listed.total, 3, "{:?}", db.backend());
        let metro = listed
            .rows
            .iter()
            .find(|r| r.title == "Metro opens")
            .unwrap();
        assert_eq!(metro.versions, 1);
        let versions = store.desk_item_versions(metro.id).await.unwrap();
        assert_eq!(versions[0].title, "Metro");

        let s = store.desk_source(id).await.unwrap().unwrap();
        assert_eq!(s.etag.as_deref(), Some("\"v1\""));
        assert_eq!(s.last_success_at, Some(NOW + 900));
        assert_eq!(s.last_outcome, "1 new, 1 changed, 0 unchanged");
        let jobs = store.pending_jobs().await.unwrap();
        assert_eq!(jobs.len(), 1, "one pending fetch per source, never more");
        assert_eq!(jobs[0].run_at, NOW + 1800);

        store
            .record_desk_failure(id, "the server answered 503", 120, NOW + 1020, NOW + 900)
            .await
            .unwrap();
        let s = store.desk_source(id).await.unwrap().unwrap();
        assert_eq!(s.last_error.as_deref(), Some("the server answered 503"));
        assert_eq!(s.backoff, 120);
        assert_eq!(store.pending_jobs().await.unwrap()[0].run_at, NOW + 1020);
        store
            .record_desk_unchanged(id, NOW + 2000, NOW + 1020)
            .await
            .unwrap();
        let s = store.desk_source(id).await.unwrap().unwrap();
        assert_eq!(s.last_error, None);
        assert_eq!(s.backoff, 0);
    }
}

#[tokio::test]
async fn retention_spares_starred_items_and_items_an_article_was_made_from() {
    for db in common::each_backend().await {
        let store = &db.store;
        let mut source = SourceInput::new("Old", "https://old.az/rss", "rss");
        source.retention_days = 1;
        let id = add_source(store, &source).await;
        store
            .record_desk_round(
                id,
                &round(
                    vec![
                        item("x", "Kept", "1"),
                        item("y", "Starred", "2"),
                        item("z", "Gone", "3"),
                    ],
                    NOW,
                ),
                NOW,
            )
            .await
            .unwrap();
        let all = inbox(store, |_| {}).await;
        let starred = all.rows.iter().find(|r| r.title == "Starred").unwrap().id;
        store.set_desk_item_starred(starred, true).await.unwrap();
        let kept = all.rows.iter().find(|r| r.title == "Kept").unwrap().id;
        let input = gazette_store::ArticleInput {
            title: "Kept, translated".into(),
            slug: "kept-translated".into(),
            kind: gazette_core::model::Kind::Translation,
            source_outlet: "Old".into(),
            source_url: "https://old.az/x".into(),
            source_language: "az".into(),
            ..Default::default()
        };
        let article = store
            .create_article_from_desk_item(kept, &input, Some(NOW - 600), NOW, &common::editor())
            .await
            .unwrap();
        let err = store
            .create_article_from_desk_item(
                kept,
                &gazette_store::ArticleInput {
                    slug: "again".into(),
                    ..input.clone()
                },
                None,
                NOW,
                &common::editor(),
            )
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("article {article} was already made")),
            "{err}"
        );
        let used = store.desk_item(kept).await.unwrap().unwrap();
        assert_eq!(used.used_by_article_id, Some(article));
        assert_eq!(used.used_by_title.as_deref(), Some("Kept, translated"));

        let counts = store
            .record_desk_round(id, &round(Vec::new(), NOW + 3 * 86_400), NOW + 2 * 86_400)
            .await
            .unwrap();
        assert_eq!(counts.expired, 1);
        let titles: Vec<String> = inbox(store, |_| {})
            .await
            .rows
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(!titles.contains(&"Gone".to_owned()));
    }
}

#[tokio::test]
async fn the_inbox_filters_by_source_language_keyword_unread_and_starred() {
    for db in common::each_backend().await {
        let store = &db.store;
        let a = add_source(store, &SourceInput::new("A", "https://a.az/rss", "rss")).await;
        let b = add_source(store, &SourceInput::new("B", "https://b.ru/rss", "rss")).await;
        let mut ru = item("r", "Метро 50% быстрее", "r");
        ru.language = "ru".into();
        ru.published_at = Some(NOW + 86_400 * 365);
        store
            .record_desk_round(
                a,
                &round(vec![item("1", "Metro", "1"), item("2", "Budget", "2")], NOW),
                NOW,
            )
            .await
            .unwrap();
        store
            .record_desk_round(b, &round(vec![ru], NOW), NOW)
            .await
            .unwrap();

        let all = inbox(store, |_| {}).await;
        assert_eq!(all.total, 3);
        assert_eq!(
            all.rows[0].title, "Метро 50% быстрее",
            "a future date sorts as now, and ties go to the newest row"
        );
        let by_source = inbox(store, |f| f.source_id = Some(a)).await;
        assert_eq!(by_source.total, 2);
        let by_lang = inbox(store, |f| f.language = Some("RU".into())).await;
        assert_eq!(by_lang.total, 1);
        let by_word = inbox(store, |f| f.keyword = Some("budget".into())).await;
        assert_eq!(by_word.rows[0].title, "Budget");
        let pct = inbox(store, |f| f.keyword = Some("0%".into())).await;
        assert_eq!(pct.total, 1, "% is matched literally");
        store
            .set_desk_item_read(by_word.rows[0].id, true)
            .await
            .unwrap();
        let unread = inbox(store, |f| f.unread = true).await;
        assert_eq!(unread.total, 2);
        let starred = inbox(store, |f| f.starred = true).await;
        assert_eq!(starred.total, 0);
        assert_eq!(store.desk_languages().await.unwrap(), ["az", "ru"]);
        let page = store
            .desk_inbox(&InboxFilter::default(), 2, 2)
            .await
            .unwrap();
        assert_eq!((page.rows.len(), page.total), (1, 3));
        assert!(matches!(
            store.set_desk_item_read(9999, true).await,
            Err(StoreError::Missing { .. })
        ));
    }
}
