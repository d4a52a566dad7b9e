//! Categories and tags through the store alone: the newsroom's edits to the tree, and that
//! every address change leaves a redirect so old links keep working. Run on SQLite and,
//! when configured, PostgreSQL.

mod common;

use common::{article, at, category_ids, editor, redirect};
use gazette_core::model::Status;
use gazette_store::testing::category_paths;
use gazette_store::{ArticleFilter, CategoryFields, NewTag, StoreError};

const NOW: i64 = 1_800_000_000;

fn fields(name: &str, slug: &str, parent_id: Option<i64>) -> CategoryFields {
    CategoryFields {
        name: name.into(),
        slug: slug.into(),
        parent_id,
        description: String::new(),
    }
}

#[tokio::test]
async fn categories_are_added_renamed_moved_and_deleted_with_redirects() {
    for db in common::each_backend().await {
        let (store, b, actor) = (&db.store, db.backend(), editor());
        let news = store
            .add_category(&fields("News", "news", None), NOW, &actor)
            .await
            .unwrap();
        let world = store
            .add_category(&fields("World", "world", Some(news)), NOW, &actor)
            .await
            .unwrap();
        let local = store
            .add_category(&fields("Local", "local", Some(news)), NOW, &actor)
            .await
            .unwrap();
        let paths: Vec<_> = category_paths(store).await.unwrap();
        assert_eq!(paths, ["news", "news/world", "news/local"], "{b:?}");

        // A taken slug under the same parent is refused.
        let twin = store
            .add_category(&fields("World 2", "world", Some(news)), NOW, &actor)
            .await;
        assert!(
            matches!(twin, Err(StoreError::Duplicate { .. })),
            "{b:?}: {twin:?}"
        );

        // Renaming the parent's slug rewrites the subtree's paths and redirects the old URLs.
        store
            .update_category(news, &fields("Stories", "stories", None), NOW + 1, &actor)
            .await
            .unwrap();
        let tree = store.categories().await.unwrap();
        let world_now = tree.iter().find(|c| c.id == world).unwrap();
        assert_eq!(world_now.path, "stories/world");
        assert_eq!(
            redirect(store, "/category/news/world/", NOW + 2).await,
            Some("/category/stories/world/".to_owned()),
            "{b:?}"
        );
        assert_eq!(
            redirect(store, "/category/news/", NOW + 2).await,
            Some("/category/stories/".to_owned())
        );

        // Moving `local` up puts it before `world`; it cannot go further up.
        assert!(
            store
                .move_category(local, true, NOW + 3, &actor)
                .await
                .unwrap()
        );
        assert!(
            !store
                .move_category(local, true, NOW + 4, &actor)
                .await
                .unwrap()
        );
        let order = category_ids(store).await;
        assert_eq!(order, [news, local, world], "{b:?}");

        // A category in use is not deleted; an unused one is.
        let filed = article("filed", Status::Published, Some(NOW), Some(world), vec![]);
        store.create_article(&filed).await.unwrap();
        let in_use = store.delete_category(world, NOW + 5, &actor).await;
        assert!(
            matches!(in_use, Err(StoreError::Invalid { .. })),
            "{b:?}: {in_use:?}"
        );
        let with_children = store.delete_category(news, NOW + 5, &actor).await;
        assert!(
            matches!(with_children, Err(StoreError::Invalid { .. })),
            "{with_children:?}"
        );
        store.delete_category(local, NOW + 6, &actor).await.unwrap();
        let ids = category_ids(store).await;
        assert_eq!(ids, [news, world]);
        let uses = store.category_uses().await.unwrap();
        let world_use = uses.iter().find(|u| u.category.id == world).unwrap();
        assert_eq!((world_use.articles, world_use.children), (1, 0));
    }
}

#[tokio::test]
async fn merging_tags_moves_their_articles_once_and_redirects_the_old_tag() {
    for db in common::each_backend().await {
        let (store, b, actor) = (&db.store, db.backend(), editor());
        let tag = |slug: &str| NewTag {
            slug: slug.into(),
            name: slug.to_uppercase(),
            special: false,
        };
        let from = store.create_tag(&tag("climate")).await.unwrap();
        let into = store.create_tag(&tag("environment")).await.unwrap();
        let tagged = |slug, tags| article(slug, Status::Published, Some(NOW), None, tags);
        let both = store
            .create_article(&tagged("both", vec![from, into]))
            .await
            .unwrap();
        store
            .create_article(&tagged("only-from", vec![from]))
            .await
            .unwrap();

        let moved = store.merge_tags(from, into, NOW + 1, &actor).await.unwrap();
        assert_eq!(moved, 2, "{b:?}");
        assert!(store.tag_by_slug("climate").await.unwrap().is_none());
        assert_eq!(
            store
                .count_articles(&ArticleFilter::Tag(into), at(NOW + 1))
                .await
                .unwrap(),
            2,
            "{b:?}: each article once"
        );
        assert_eq!(
            store
                .count_articles(&ArticleFilter::Tag(from), at(NOW + 1))
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            redirect(store, "/tag/climate/", NOW + 1).await,
            Some("/tag/environment/".to_owned())
        );
        let shown = store
            .visible_article("both", at(NOW + 1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(shown.id, both);
        let slugs: Vec<_> = shown.tags.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["environment"]);

        // A tag cannot be merged into itself, and a renamed tag redirects too.
        let itself = store.merge_tags(into, into, NOW + 2, &actor).await;
        assert!(
            matches!(itself, Err(StoreError::Invalid { .. })),
            "{itself:?}"
        );
        store
            .update_tag(into, "Environment", "planet", false, NOW + 3, &actor)
            .await
            .unwrap();
        assert_eq!(
            redirect(store, "/tag/environment/", NOW + 3).await,
            Some("/tag/planet/".to_owned()),
            "{b:?}"
        );
    }
}
