//! Linked translations and language editions through the store: one version per language
//! per story (held by the database, reported by name), linking, unlinking and starting a
//! translation, what readers see of the versions, and which articles each edition's lists
//! show. Run on SQLite and, when configured, PostgreSQL.

mod common;

use common::{article, at, editor};
use gazette_core::model::Status;
use gazette_store::{ArticleFilter, ArticleInput, LanguageEdition, Store, StoreError};

const NOW: i64 = 1_800_000_000;

#[allow(clippy::unwrap_used)]
async fn add(store: &Store, slug: &str, language: &str, status: Status) -> i64 {
    let mut new = article(slug, status, Some(NOW - 3600), None, Vec::new());
    new.language = language.into();
    store.create_article(&new).await.unwrap()
}

/// Links `id` as a translation of `original` (the link must be accepted).
#[allow(clippy::unwrap_used)]
async fn link(store: &Store, id: i64, original: i64) {
    store
        .link_translation(id, original, NOW, &editor())
        .await
        .unwrap();
}

#[allow(clippy::unwrap_used)]
async fn slugs_in(store: &Store, edition: LanguageEdition) -> Vec<String> {
    let mut slugs: Vec<String> = store
        .latest_in_edition(&ArticleFilter::All, &edition, at(NOW), 50, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.slug)
        .collect();
    slugs.sort();
    let count = store
        .count_in_edition(&ArticleFilter::All, &edition, at(NOW))
        .await
        .unwrap();
    assert_eq!(count, slugs.len() as i64, "{edition:?}");
    slugs
}

#[tokio::test]
async fn versions_link_once_per_language_and_readers_see_only_visible_ones() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        let en = add(store, "oil", "en", Status::Published).await;
        let az = add(store, "oil-az", "az", Status::Published).await;
        let ru = add(store, "oil-ru", "ru", Status::Draft).await;
        let az2 = add(store, "oil-az-2", "az", Status::Published).await;

        link(store, az, en).await;
        link(store, ru, en).await;
        // A second Azerbaijani version is refused, naming the first.
        let err = store
            .link_translation(az2, en, NOW, &editor())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid { .. })
                && err.to_string().contains("Azərbaycanca (/oil-az/)"),
            "{b:?}: {err}"
        );
        assert!(store.story_versions(az2).await.unwrap().is_empty());
        // Nor can an article translate itself.
        assert!(
            store
                .link_translation(en, en, NOW, &editor())
                .await
                .is_err()
        );

        let all: Vec<(String, bool)> = store
            .story_versions(az)
            .await
            .unwrap()
            .into_iter()
            .map(|v| (v.language.clone(), v.is_original()))
            .collect();
        assert_eq!(
            all,
            [
                ("en".into(), true),
                ("az".into(), false),
                ("ru".into(), false)
            ],
            "{b:?}"
        );
        // The draft is never shown to readers.
        let visible: Vec<String> = store
            .visible_versions(en, at(NOW))
            .await
            .unwrap()
            .into_iter()
            .map(|v| v.slug)
            .collect();
        assert_eq!(visible, ["oil", "oil-az"], "{b:?}");

        // Changing a version's language to one the story has is refused by name.
        let mut edit = store.editable_article(ru).await.unwrap().unwrap().input;
        edit.language = "az".into();
        let err = store
            .update_article(ru, &edit, None, NOW, &editor())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("/oil-az/"), "{b:?}: {err}");

        // Unlinking takes one version out; the others stay together.
        store.unlink_translation(az, NOW, &editor()).await.unwrap();
        assert!(
            store
                .visible_versions(az, at(NOW))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.story_versions(en).await.unwrap().len(), 2, "{b:?}");
        // Now the other Azerbaijani article may join.
        link(store, az2, en).await;
    }
}

#[tokio::test]
async fn a_translation_starts_as_a_linked_draft_in_its_language() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        let input = ArticleInput {
            title: "Gas prices".into(),
            slug: "gas".into(),
            body_markdown: "The body.".into(),
            ..ArticleInput::default()
        };
        let en = store
            .create_draft(&input, None, NOW, &editor())
            .await
            .unwrap();
        let tr = store
            .create_translation(en, "tr", NOW, &editor())
            .await
            .unwrap();
        let draft = store.editable_article(tr).await.unwrap().unwrap();
        assert_eq!(draft.status, Status::Draft, "{b:?}");
        assert_eq!(draft.input.language, "tr");
        assert_eq!(draft.input.slug, "gas-tr");
        assert_eq!(draft.input.body_markdown, "The body.");
        let versions = store.story_versions(en).await.unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[1].translation_of, Some(en));
        // A second Turkish one, one in the original's language, or in no language is refused.
        for language in ["tr", "en", "not a code"] {
            let refused = store.create_translation(en, language, NOW, &editor()).await;
            assert!(refused.is_err(), "{language} on {b:?}");
        }
        assert_eq!(store.story_versions(en).await.unwrap().len(), 2, "{b:?}");
    }
}

#[tokio::test]
async fn each_edition_lists_its_language_and_the_main_one_every_untranslated_story() {
    for db in common::each_backend().await {
        let (store, b) = (&db.store, db.backend());
        // A story in English and Azerbaijani; one only in Russian; one in Azerbaijani and
        // Turkish (no English); a lone English piece.
        let en = add(store, "a-en", "en", Status::Published).await;
        let az = add(store, "a-az", "az", Status::Published).await;
        link(store, az, en).await;
        add(store, "b-ru", "ru", Status::Published).await;
        let c_az = add(store, "c-az", "az", Status::Published).await;
        let c_tr = add(store, "c-tr", "tr", Status::Published).await;
        link(store, c_tr, c_az).await;
        add(store, "d-en", "en", Status::Published).await;
        // An unpublished English version does not hide its story from the main edition.
        let e_az = add(store, "e-az", "az", Status::Published).await;
        let e_en = add(store, "e-en", "en", Status::Draft).await;
        link(store, e_en, e_az).await;

        assert_eq!(
            slugs_in(store, LanguageEdition::Main("en".into())).await,
            ["a-en", "b-ru", "c-az", "d-en", "e-az"],
            "{b:?}"
        );
        assert_eq!(
            slugs_in(store, LanguageEdition::Other("az".into())).await,
            ["a-az", "c-az", "e-az"],
            "{b:?}"
        );
        assert_eq!(
            slugs_in(store, LanguageEdition::Other("tr".into())).await,
            ["c-tr"]
        );
        assert_eq!(
            slugs_in(store, LanguageEdition::Other("ru".into())).await,
            ["b-ru"]
        );
    }
}
