//! Storage guarantees on both databases: writes are all-or-nothing, each appends to the
//! change log, and invalid input is refused with an error that names the field.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app;
use gazette_core::model::Kind;
use gazette_store::testing::category_paths;
use gazette_store::{NewArticle, NewCategory, NewPage, StoreError};
use time::OffsetDateTime;

fn article(slug: &str) -> NewArticle {
    common::published(slug, &format!("Title of {slug}"), "Body text.")
}

async fn article_count(store: &gazette_store::Store) -> i64 {
    store
        .list_articles(
            &gazette_store::ArticleFilter::All,
            OffsetDateTime::now_utc() + time::Duration::days(1),
            0,
            0,
        )
        .await
        .unwrap()
        .total
}

#[tokio::test]
async fn a_failing_batch_writes_nothing() {
    let app = app().start().await;
    let s = &app.store;
    let before = s.changes_since(0, 1000).await.unwrap().len();
    let mut bad = article("second");
    bad.title = "   ".into();
    let err = s
        .create_articles(&[article("first"), bad, article("third")])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { field: "title", .. }),
        "{err}"
    );
    assert_eq!(article_count(s).await, 0);
    assert_eq!(
        s.changes_since(0, 1000).await.unwrap().len(),
        before,
        "no change logged"
    );

    let err = s
        .create_articles(&[article("same"), article("same")])
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "article slug `same` is already taken; choose another"
    );
    assert_eq!(article_count(s).await, 0);
}

#[tokio::test]
async fn every_write_is_logged_in_order() {
    let app = app().start().await;
    let s = &app.store;
    let start = s
        .changes_since(0, 1000)
        .await
        .unwrap()
        .last()
        .map_or(0, |c| c.id);
    let a = s.create_article(&article("one")).await.unwrap();
    let b = s.create_article(&article("two")).await.unwrap();
    let changes = s.changes_since(start, 10).await.unwrap();
    let logged: Vec<(&str, i64, &str)> = changes
        .iter()
        .map(|c| (c.entity.as_str(), c.entity_id, c.action.as_str()))
        .collect();
    assert_eq!(
        logged,
        vec![("article", a, "create"), ("article", b, "create")]
    );
    assert!(changes[0].id < changes[1].id);
}

#[tokio::test]
async fn invalid_input_is_refused_with_the_field_named() {
    let app = app().start().await;
    let s = &app.store;
    for (slug, expect) in [
        ("", "slug"),
        ("Bad Slug", "`B`"),
        ("admin", "used by the site"),
        ("a--b", "hyphen"),
    ] {
        let err = s.create_article(&article(slug)).await.unwrap_err();
        assert!(err.to_string().contains(expect), "{slug:?}: {err}");
    }
    let mut t = article("translated");
    t.kind = Kind::Translation;
    let err = s.create_article(&t).await.unwrap_err();
    assert!(
        err.to_string().contains("needs its source outlet and URL"),
        "{err}"
    );
    // The same length limits as the newsroom's forms (core::limits), whoever writes.
    let mut long = article("long-title");
    long.title = "ş".repeat(gazette_core::limits::ARTICLE_TITLE_MAX + 1);
    let err = s.create_article(&long).await.unwrap_err();
    assert!(
        err.to_string().contains("title is 301 characters long"),
        "{err}"
    );
    let mut p = article("no-date");
    p.published_at = None;
    assert!(
        s.create_article(&p)
            .await
            .unwrap_err()
            .to_string()
            .contains("publication time")
    );
    // Articles and static pages share the /{slug}/ namespace.
    s.create_article(&article("about")).await.unwrap();
    let err = s
        .create_page(&NewPage {
            slug: "about".into(),
            title: "About".into(),
            body_markdown: String::new(),
            modified_at: OffsetDateTime::now_utc(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "page slug `about` is already taken; choose another"
    );
    // A category under a parent that does not exist.
    let err = s
        .create_category(&NewCategory {
            parent_id: Some(424242),
            slug: "x".into(),
            name: "X".into(),
            description: String::new(),
            position: 0,
        })
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "no parent category with id `424242`");
    assert_eq!(article_count(s).await, 1);
}

#[tokio::test]
async fn categories_nest_with_materialised_paths_in_menu_order() {
    let app = app().start().await;
    let s = &app.store;
    let cat = |parent, slug: &str, position| NewCategory {
        parent_id: parent,
        slug: slug.into(),
        name: slug.to_uppercase(),
        description: String::new(),
        position,
    };
    let news = s.create_category(&cat(None, "news", 1)).await.unwrap();
    let culture = s.create_category(&cat(None, "culture", 0)).await.unwrap();
    s.create_category(&cat(Some(news), "energy", 2))
        .await
        .unwrap();
    let economy = s
        .create_category(&cat(Some(news), "economy", 1))
        .await
        .unwrap();
    s.create_category(&cat(Some(economy), "banks", 0))
        .await
        .unwrap();
    s.create_category(&cat(Some(culture), "film", 0))
        .await
        .unwrap();
    let order = category_paths(s).await.unwrap();
    assert_eq!(
        order,
        [
            "culture",
            "culture/film",
            "news",
            "news/economy",
            "news/economy/banks",
            "news/energy"
        ]
    );
    let err = s
        .create_category(&cat(Some(news), "economy", 5))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "category path `news/economy` is already taken; choose another"
    );
}
