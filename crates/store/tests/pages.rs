//! Static pages through the store alone: only published pages are shown, a new slug leaves a
//! redirect, and pages and articles never share a slug. Run on SQLite and, when configured,
//! PostgreSQL.

mod common;

use common::{add_article, article, editor, redirect};
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::Status;
use gazette_store::{PageInput, StoreError};

const NOW: i64 = 1_800_000_000;

fn page(slug: &str, published: bool) -> PageInput {
    PageInput {
        slug: slug.into(),
        title: format!("About {slug}"),
        body_markdown: "We are a *small* newsroom.".into(),
        published,
        language: "en".into(),
    }
}

#[tokio::test]
async fn a_page_keeps_its_language_and_a_malformed_one_is_refused() {
    for db in common::each_backend().await {
        let store = &db.store;
        let mut input = page("haqqinda", true);
        input.language = "az".into();
        let id = store.save_page(None, &input, NOW, &editor()).await.unwrap();
        assert_eq!(store.page_by_id(id).await.unwrap().unwrap().language, "az");
        input.language = "Azeri!".into();
        let err = store
            .save_page(Some(id), &input, NOW, &editor())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("`Azeri!`"), "{err}");
        assert_eq!(store.page_by_id(id).await.unwrap().unwrap().language, "az");
    }
}

#[tokio::test]
async fn a_page_is_shown_when_published_and_redirects_when_its_slug_changes() {
    for db in common::each_backend().await {
        let (store, b, actor) = (&db.store, db.backend(), editor());
        let start = store.last_change_id().await.unwrap();

        let id = store
            .save_page(None, &page("about", true), NOW, &actor)
            .await
            .unwrap();
        let shown = store.page_by_slug("about").await.unwrap().unwrap();
        assert_eq!(shown.id, id, "{b:?}");
        assert!(
            shown.body_html.contains("<em>small</em>"),
            "{}",
            shown.body_html
        );
        let listed: Vec<_> = store
            .published_pages()
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.slug)
            .collect();
        assert_eq!(listed, ["about"]);

        store
            .save_page(Some(id), &page("about-us", true), NOW + 1, &actor)
            .await
            .unwrap();
        assert!(store.page_by_slug("about").await.unwrap().is_none());
        assert_eq!(
            redirect(store, "/about/", NOW + 1).await,
            Some("/about-us/".to_owned()),
            "{b:?}"
        );

        // Unpublished, it is neither shown nor listed, and its old address leads nowhere.
        store
            .save_page(Some(id), &page("about-us", false), NOW + 2, &actor)
            .await
            .unwrap();
        assert!(
            store.page_by_slug("about-us").await.unwrap().is_none(),
            "{b:?}"
        );
        assert!(store.published_pages().await.unwrap().is_empty());
        assert_eq!(redirect(store, "/about/", NOW + 2).await, None);
        assert!(!store.page_by_id(id).await.unwrap().unwrap().published);

        let changes = store.changes_since(start, 10).await.unwrap();
        assert!(
            changes
                .iter()
                .all(|c| c.entity == ChangeEntity::Page && c.entity_id == id),
            "{changes:?}"
        );
        assert_eq!(changes[0].action, ChangeAction::Create);
        assert_eq!(changes.len(), 3, "one change per save: {changes:?}");

        assert_eq!(
            store.delete_page(id, NOW + 3, &actor).await.unwrap(),
            "about-us"
        );
        assert!(store.page_by_id(id).await.unwrap().is_none());
        assert!(store.all_pages().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_page_and_an_article_never_share_a_slug() {
    for db in common::each_backend().await {
        let store = &db.store;
        let actor = editor();
        add_article(store, "contact", Status::Draft, None).await;
        let clash = store
            .save_page(None, &page("contact", true), NOW, &actor)
            .await;
        assert!(
            matches!(clash, Err(StoreError::Duplicate { field: "slug", .. })),
            "{:?}: {clash:?}",
            db.backend()
        );
        assert!(store.all_pages().await.unwrap().is_empty());

        let id = store
            .save_page(None, &page("imprint", true), NOW, &actor)
            .await
            .unwrap();
        let twin = store
            .save_page(None, &page("imprint", true), NOW, &actor)
            .await;
        assert!(
            matches!(twin, Err(StoreError::Duplicate { .. })),
            "{twin:?}"
        );
        let taken = store
            .create_article(&article("imprint", Status::Draft, None, None, vec![]))
            .await;
        assert!(
            matches!(taken, Err(StoreError::Duplicate { .. })),
            "{taken:?}"
        );
        assert_eq!(store.all_pages().await.unwrap().len(), 1);
        assert_eq!(store.all_pages().await.unwrap()[0].id, id);
    }
}
