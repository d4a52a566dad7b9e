//! The language of imported posts: a WordPress export's `<language>` (and Polylang's
//! per-post language) reaches the stored article, the API, the page's `<html lang>` and the
//! search index's casing rules; an export that declares none takes the site's language.

use std::time::{Duration, Instant};

use crate::common::{TestApp, app, wxr_export as export};

/// Imports `xml` into `app` and returns the rendered report.
async fn import(app: &TestApp, xml: &str) -> String {
    let file = app.dir.path().join("export.xml");
    std::fs::write(&file, xml).unwrap();
    crate::import::import(app, &file, None, false)
        .await
        .unwrap()
        .render()
}

/// The stored language and the page's `<html lang>` of the article at `slug`.
async fn language_of(app: &TestApp, slug: &str) -> (String, String) {
    let api = app.get(&format!("/api/v1/articles/{slug}")).await;
    assert_eq!(api.status, 200, "{slug}: {}", api.body);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let url = json["url"].as_str().unwrap();
    let path = url.strip_prefix(&app.base).unwrap_or(url);
    let page = app.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    let html_lang = page.attrs("html", "lang").join(" ");
    (json["language"].as_str().unwrap().to_owned(), html_lang)
}

#[tokio::test]
async fn each_exports_language_reaches_the_article_and_its_page() {
    for (declared, stored) in [
        ("tr", "tr"),
        ("az-AZ", "az"),
        ("ru-RU", "ru"),
        ("en-US", "en"),
    ] {
        let site = app().start().await;
        let report = import(&site, &export(Some(declared), &[("one", "One", None)])).await;
        assert!(
            report.contains(&format!("languages:    posts in {stored} 1")),
            "{report}"
        );
        assert_eq!(
            language_of(&site, "one").await,
            (stored.to_owned(), stored.to_owned()),
            "export declaring {declared}"
        );
        // The site stays in English, and says how to change that.
        if stored != "en" {
            assert!(report.contains("The site's language is en"), "{report}");
        }
    }
}

#[tokio::test]
async fn polylang_languages_win_and_an_export_without_one_takes_the_sites() {
    let app = app().start().await;
    let xml = export(
        None,
        &[
            ("plain", "Plain", None),
            ("turkce", "Türkçe", Some("tr")),
            ("russkiy", "Русский", Some("ru")),
            ("nonsense", "Nonsense", Some("not a language")),
        ],
    );
    let report = import(&app, &xml).await;
    assert!(
        report.contains("languages:    posts in en 2, ru 1, tr 1"),
        "{report}"
    );
    assert!(!report.contains("The site's language"), "{report}");
    for (slug, lang) in [
        ("plain", "en"),
        ("turkce", "tr"),
        ("russkiy", "ru"),
        ("nonsense", "en"),
    ] {
        assert_eq!(language_of(&app, slug).await.0, lang, "{slug}");
    }
}

#[tokio::test]
async fn turkish_casing_applies_to_an_imported_turkish_post() {
    let app = app().start().await;
    import(
        &app,
        &export(Some("tr-TR"), &[("irmak", "IRMAK KENARINDA BULUŞMA", None)]),
    )
    .await;
    // In Turkish, capital I lowers to dotless ı: "ırmak" must find the post, which an
    // English reading ("irmak") would miss as an exact word.
    let start = Instant::now();
    loop {
        let page = app.get("/search?q=%C4%B1rmak").await;
        let links = page.attrs(".search-results .result__title a", "href");
        if links.iter().any(|l| l.contains("irmak")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the Turkish post was not found by `ırmak`: {links:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The slugs `/api/v1/search?{query}` finds, once `expected_any` is among them (the index
/// follows the import in the background); at once when `expected_any` is empty.
async fn search_slugs(app: &TestApp, query: &str, expected_any: &str) -> Vec<String> {
    let start = Instant::now();
    loop {
        let found = app.get(&format!("/api/v1/search?{query}")).await;
        assert_eq!(found.status, 200, "{query}: {}", found.body);
        let json: serde_json::Value = serde_json::from_str(&found.body).unwrap();
        let mut slugs: Vec<String> = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["article"]["slug"].as_str().unwrap().to_owned())
            .collect();
        if expected_any.is_empty() || slugs.iter().any(|s| s == expected_any) {
            slugs.sort();
            return slugs;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{query} never found {expected_any}: {slugs:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_readers_language_decides_how_a_capital_i_is_read() {
    let app = app().start().await;
    import(
        &app,
        &export(
            Some("tr"),
            &[
                ("kiz-kulesi", "KIZ KULESİ", None),
                ("typo", "Bir kiz yazımı", None),
            ],
        ),
    )
    .await;
    // Searching the Turkish articles, KIZ is read as Turkish: "kız" (girl), not the
    // misspelt "kiz".
    assert_eq!(
        search_slugs(&app, "q=KIZ&lang=tr", "kiz-kulesi").await,
        ["kiz-kulesi"]
    );
    // Searching everything on an English site, it is "kiz", and a plain i also stands for
    // ı: both.
    assert_eq!(
        search_slugs(&app, "q=KIZ", "typo").await,
        ["kiz-kulesi", "typo"]
    );
    assert!(
        search_slugs(&app, "q=KIZ&lang=en", "").await.is_empty(),
        "no English article says it"
    );
}
