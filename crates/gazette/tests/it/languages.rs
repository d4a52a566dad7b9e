//! Content languages, linked translations and language editions over real HTTP (issue 16,
//! parts 2–4): an article's language reaches its feeds, JSON-LD, the API and the sitemaps;
//! versions of one story list each other ("Also in", hreflang pairs that link back,
//! `x-default`, the Content API) and never show a draft; `/az/`, `/ru/`… have their own
//! home, lists, feeds, news sitemap and search while every old address keeps working; the
//! header's switcher goes to the same story; the newsroom starts and links translations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common;

use common::browser::{csrf_of, location, signed_in};
use common::{TestApp, add_category, app, published};
use gazette_core::model::Status;
use gazette_store::{Actor, PageInput};
use reqwest::StatusCode;

fn actor() -> Actor {
    Actor {
        user_id: None,
        ip: "192.0.2.1".into(),
        api_key: None,
    }
}

/// The site publishes in English (main), Azerbaijani, Russian and Turkish.
async fn four_languages(app: &TestApp) {
    let mut s = app.store.settings().await.unwrap();
    s.language = "en".into();
    s.languages = vec!["az".into(), "ru".into(), "tr".into()];
    app.store.save_settings(&s).await.unwrap();
}

async fn add(app: &TestApp, slug: &str, title: &str, language: &str, category: Option<i64>) -> i64 {
    let mut a = published(slug, title, &format!("The text of {title}."));
    a.language = language.into();
    a.category_id = category;
    app.store.create_article(&a).await.unwrap()
}

/// `hreflang` → `href` of the page's alternate links.
fn alternates(page: &common::Page) -> BTreeMap<String, String> {
    let html = page.html();
    let sel = scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap();
    html.select(&sel)
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_owned(),
                e.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect()
}

/// Main-content article links of a list page.
fn listed(page: &common::Page) -> Vec<String> {
    let mut hrefs: Vec<String> = page
        .attrs("main article a[href]", "href")
        .into_iter()
        .filter(|h| h.starts_with('/') && h.matches('/').count() == 2 && h != "/")
        .collect();
    hrefs.sort();
    hrefs.dedup();
    hrefs
}

/// The string `field` of each object in the JSON array `list`; the test fails on another
/// shape.
fn field_of_each<'a>(list: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    let items = list
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"));
    items
        .iter()
        .map(|item| {
            item[field]
                .as_str()
                .unwrap_or_else(|| panic!("no {field} in {item}"))
        })
        .collect()
}

#[tokio::test]
async fn an_articles_language_reaches_feeds_json_ld_the_api_and_sitemaps() {
    let app = app().start().await;
    four_languages(&app).await;
    add(&app, "neft-qiymeti", "Neft qiyməti", "az", None).await;

    let page = app.get("/neft-qiymeti/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attrs("html", "lang"), ["az"]);
    assert_eq!(page.json_ld_of("NewsArticle")["inLanguage"], "az");

    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/neft-qiymeti").await.body).unwrap();
    assert_eq!(api["language"], "az");
    let list: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles?lang=az").await.body).unwrap();
    assert_eq!(list["items"][0]["language"], "az");
    // Cards mark their title with the article's language (lists may mix languages).
    let home = app.get("/").await;
    assert_eq!(home.attrs(".card__title[lang]", "lang"), ["az"]);

    let rss = app.get("/feed/").await.body;
    assert!(rss.contains("<dc:language>az</dc:language>"), "{rss}");
    let atom = app.get("/feed/atom/").await.body;
    assert!(atom.contains("<entry xml:lang=\"az\">"), "{atom}");
    let json: serde_json::Value = serde_json::from_str(&app.get("/feed.json").await.body).unwrap();
    assert_eq!(json["items"][0]["language"], "az");
    let news = app.get("/sitemap-news.xml").await.body;
    assert!(news.contains("<news:language>az</news:language>"), "{news}");
    // The pages sitemap names every edition's home.
    let pages = app.get("/sitemap/pages.xml").await.body;
    for home in ["/</loc>", "/az/</loc>", "/ru/</loc>", "/tr/</loc>"] {
        assert!(pages.contains(home), "{home} missing: {pages}");
    }

    // A static page has a language too: its page and the API say it.
    let input = PageInput {
        slug: "haqqimizda".into(),
        title: "Haqqımızda".into(),
        body_markdown: "Biz kiçik redaksiyayıq.".into(),
        published: true,
        language: "az".into(),
    };
    app.store
        .save_page(None, &input, 1_800_000_000, &actor())
        .await
        .unwrap();
    let page = app.get("/haqqimizda/").await;
    assert_eq!(page.attrs("html", "lang"), ["az"]);
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/pages/haqqimizda").await.body).unwrap();
    assert_eq!(api["language"], "az");
}

#[tokio::test]
async fn versions_of_a_story_link_each_other_symmetrically_and_never_show_a_draft() {
    let app = app().start().await;
    four_languages(&app).await;
    let en = add(&app, "oil-deal", "Oil deal signed", "en", None).await;
    let az = add(&app, "neft-muqavilesi", "Neft müqaviləsi", "az", None).await;
    let ru = add(&app, "neftyanaya-sdelka", "Нефтяная сделка", "ru", None).await;
    let mut draft = published("petrol-anlasmasi", "Petrol anlaşması", "Taslak.");
    draft.language = "tr".into();
    draft.status = Status::Draft;
    draft.published_at = None;
    let tr = app.store.create_article(&draft).await.unwrap();
    for id in [az, ru, tr] {
        app.store
            .link_translation(id, en, 1_800_000_000, &actor())
            .await
            .unwrap();
    }

    let base = app.base.clone();
    let url = |slug: &str| format!("{base}/{slug}/");
    let expected: BTreeMap<String, String> = [
        ("en", url("oil-deal")),
        ("az", url("neft-muqavilesi")),
        ("ru", url("neftyanaya-sdelka")),
        ("x-default", url("oil-deal")),
    ]
    .into_iter()
    .map(|(l, u)| (l.to_owned(), u))
    .collect();
    for slug in ["oil-deal", "neft-muqavilesi", "neftyanaya-sdelka"] {
        let page = app.get(&format!("/{slug}/")).await;
        let alts = alternates(&page);
        assert_eq!(alts, expected, "{slug}");
        // Each alternate links back: the page it names lists this page among its own.
        for (lang, href) in &alts {
            let path = href.strip_prefix(&base).unwrap();
            let other = alternates(&app.get(path).await);
            assert!(
                other.values().any(|u| *u == url(slug)),
                "{path} ({lang}) does not link back to /{slug}/"
            );
        }
        assert!(!page.body.contains("petrol-anlasmasi"), "a draft is linked");
        assert_eq!(
            page.attrs("link[rel=canonical]", "href"),
            [url(slug)],
            "canonical of {slug}"
        );
    }
    // JSON-LD links a translation and the work it translates, both ways.
    let ld = app.get("/neft-muqavilesi/").await.json_ld_of("NewsArticle");
    assert_eq!(ld["inLanguage"], "az");
    assert_eq!(ld["translationOfWork"]["@id"], url("oil-deal"));
    let ld = app.get("/oil-deal/").await.json_ld_of("NewsArticle");
    let translated = field_of_each(&ld["workTranslation"], "@id");
    assert_eq!(
        translated,
        [url("neft-muqavilesi"), url("neftyanaya-sdelka")]
    );

    // The month's sitemap carries the same alternates for each version.
    let index = app.get("/sitemap.xml").await.body;
    let month = index
        .split("<loc>")
        .filter_map(|l| l.split("</loc>").next())
        .find(|l| l.contains("/sitemap/posts-"))
        .unwrap()
        .strip_prefix(&base)
        .unwrap()
        .to_owned();
    let sitemap = app.get(&month).await.body;
    let az_entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>") && u.contains("/neft-muqavilesi/</loc>"))
        .unwrap();
    for (lang, href) in &expected {
        let link = format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>");
        assert!(az_entry.contains(&link), "{link} missing: {az_entry}");
    }
    assert!(
        !sitemap.contains("petrol-anlasmasi"),
        "a draft is in the sitemap"
    );

    // "Also in", names in their own language, never the draft.
    let az_page = app.get("/neft-muqavilesi/").await;
    assert_eq!(az_page.texts(".also-in a"), ["English", "Русский"]);
    assert_eq!(
        az_page.attrs(".also-in a", "href"),
        ["/oil-deal/", "/neftyanaya-sdelka/"]
    );
    // The header's switcher goes to the same story, or to the edition's home when the
    // story has no published version in that language.
    let switch: BTreeMap<String, String> = az_page
        .attrs(".lang-switch a", "hreflang")
        .into_iter()
        .zip(az_page.attrs(".lang-switch a", "href"))
        .collect();
    assert_eq!(switch["en"], "/oil-deal/");
    assert_eq!(switch["ru"], "/neftyanaya-sdelka/");
    assert_eq!(switch["tr"], "/tr/");
    assert_eq!(switch["az"], "/neft-muqavilesi/");
    assert_eq!(
        az_page.attrs(".lang-switch a[aria-current]", "hreflang"),
        ["az"]
    );
    assert_eq!(
        az_page.texts(".lang-switch a"),
        ["English", "Azərbaycanca", "Русский", "Türkçe"]
    );

    // The Content API exposes the versions and what this one translates.
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/neft-muqavilesi").await.body).unwrap();
    assert_eq!(api["translation_of"], "oil-deal");
    let langs = field_of_each(&api["versions"], "language");
    assert_eq!(langs, ["en", "az", "ru"]);
    let lone = add(&app, "lone", "A lone piece", "en", None).await;
    assert!(lone > 0);
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/articles/lone").await.body).unwrap();
    assert_eq!(api["versions"], serde_json::json!([]));
    assert_eq!(api["translation_of"], serde_json::Value::Null);
    // A lone article keeps its single self-alternate, no x-default.
    let alts = alternates(&app.get("/lone/").await);
    assert_eq!(alts.len(), 1, "{alts:?}");
}

#[tokio::test]
async fn each_language_has_its_own_home_lists_feeds_news_sitemap_and_search() {
    let app = app().start().await;
    four_languages(&app).await;
    let news = add_category(&app.store, None, "news", "News", 0).await;
    let en = add(
        &app,
        "grain-exports",
        "Grain exports rise",
        "en",
        Some(news),
    )
    .await;
    let az = add(&app, "taxil-ixraci", "Taxıl ixracı artır", "az", Some(news)).await;
    app.store
        .link_translation(az, en, 1_800_000_000, &actor())
        .await
        .unwrap();
    add(&app, "baki-marafonu", "Bakı marafonu", "az", Some(news)).await;
    add(&app, "moskva-vybory", "Выборы в Москве", "ru", None).await;

    // The main edition: English, and stories with no English version (once each).
    let home = app.get("/").await;
    assert_eq!(
        listed(&home),
        ["/baki-marafonu/", "/grain-exports/", "/moskva-vybory/"]
    );
    assert_eq!(home.attrs("html", "lang"), ["en"]);
    // The Azerbaijani edition: Azerbaijani only, its own canonical, hreflang and language.
    let az_home = app.get("/az/").await;
    assert_eq!(az_home.status, StatusCode::OK);
    assert_eq!(listed(&az_home), ["/baki-marafonu/", "/taxil-ixraci/"]);
    assert_eq!(az_home.attrs("html", "lang"), ["az"]);
    assert_eq!(
        az_home.attrs("link[rel=canonical]", "href"),
        [format!("{}/az/", app.base)]
    );
    let alts = alternates(&az_home);
    assert_eq!(alts["x-default"], format!("{}/", app.base));
    assert_eq!(alts["ru"], format!("{}/ru/", app.base));
    // The header stays in the edition: home, search and the menu's sections.
    assert_eq!(az_home.attrs("a.brand[rel=home]", "href"), ["/az/"]);
    assert_eq!(
        az_home.attrs("form.search--header", "action"),
        ["/az/search"]
    );
    assert!(
        az_home
            .attrs("header nav a", "href")
            .contains(&"/az/category/news/".to_owned())
    );
    assert_eq!(listed(&app.get("/ru/").await), ["/moskva-vybory/"]);
    assert_eq!(listed(&app.get("/tr/").await), Vec::<String>::new());

    // Category lists and feeds per edition.
    let az_news = app.get("/az/category/news/").await;
    assert_eq!(az_news.status, StatusCode::OK);
    assert_eq!(listed(&az_news), ["/baki-marafonu/", "/taxil-ixraci/"]);
    let rss = app.get("/az/feed/").await;
    assert_eq!(rss.status, StatusCode::OK);
    assert!(rss.body.contains("<language>az</language>"), "{}", rss.body);
    assert!(rss.body.contains("/taxil-ixraci/") && !rss.body.contains("/grain-exports/"));
    let cat_atom = app.get("/az/category/news/feed/atom/").await.body;
    assert!(cat_atom.contains("xml:lang=\"az\"") && !cat_atom.contains("grain-exports"));
    let json: serde_json::Value =
        serde_json::from_str(&app.get("/ru/feed.json").await.body).unwrap();
    assert_eq!(json["language"], "ru");
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    let az_news_map = app.get("/az/sitemap-news.xml").await.body;
    assert!(az_news_map.contains("/taxil-ixraci/") && !az_news_map.contains("/grain-exports/"));

    // Search in an edition keeps to its language.
    common::until(
        Duration::from_secs(10),
        "the index has the articles",
        || async { common::search_hits(&app, "q=marafonu").await.len() == 1 },
    )
    .await;
    let found = app.get("/az/search?q=ixracı").await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(listed(&found), ["/taxil-ixraci/"], "{}", found.body);
    let none = app.get("/ru/search?q=marafonu").await;
    assert_eq!(listed(&none), Vec::<String>::new());

    // Articles have one address: the prefixed form redirects to it; `/en/` to `/`.
    app.get("/az/taxil-ixraci/")
        .await
        .assert_moved("/taxil-ixraci/");
    app.get("/en/").await.assert_moved("/");
    app.get("/en/category/news/")
        .await
        .assert_moved("/category/news/");
    app.get("/az/taxil-ixraci/?utm=x")
        .await
        .assert_moved("/taxil-ixraci/?utm=x");
    // The slash a list's address lacks is added within the edition.
    for (asked, slashed) in [
        ("/az/feed", "/az/feed/"),
        ("/az/category/news", "/az/category/news/"),
        ("/ru/feed/atom", "/ru/feed/atom/"),
    ] {
        let page = app.get(asked).await;
        assert!(page.status.is_redirection(), "{asked}: {}", page.status);
        assert_eq!(page.header("location"), slashed, "{asked}");
    }
    // A prefix never sends a reader off the site.
    assert_eq!(
        app.get("/en//evil.example/").await.status,
        StatusCode::NOT_FOUND
    );
    // Unknown languages and other addresses under a prefix are not editions.
    assert_eq!(app.get("/de/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/az/admin/x/").await.status, StatusCode::NOT_FOUND);
    // Every old address still answers as before.
    for path in [
        "/",
        "/grain-exports/",
        "/taxil-ixraci/",
        "/category/news/",
        "/feed/",
        "/feed/atom/",
        "/feed.json",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/search?q=grain",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }

    // The page cache keeps editions apart and still empties on a change.
    assert_ne!(listed(&app.get("/").await), listed(&app.get("/az/").await));
    add(&app, "yeni-xeber", "Yeni xəbər", "az", Some(news)).await;
    common::until(
        Duration::from_secs(10),
        "/az/ shows the new article",
        || async { listed(&app.get("/az/").await).contains(&"/yeni-xeber/".to_owned()) },
    )
    .await;
}

#[tokio::test]
async fn the_newsroom_offers_the_sites_languages_and_starts_and_links_translations() {
    let app = app().start().await;
    four_languages(&app).await;
    let en = add(&app, "flood-warning", "Flood warning", "en", None).await;
    let az = add(
        &app,
        "dasqin-xeberdarligi",
        "Daşqın xəbərdarlığı",
        "az",
        None,
    )
    .await;
    let mut e = signed_in(&app, "editor").await;

    // The editor offers the site's languages by their own names, the article's selected.
    let edit = e.get(&format!("/admin/articles/{az}/edit")).await;
    assert_eq!(
        edit.texts("select[name=language] option"),
        [
            "English (en)",
            "Azərbaycanca (az)",
            "Русский (ru)",
            "Türkçe (tr)"
        ]
    );
    assert_eq!(edit.selected("language"), ["az"]);
    let new = e.get("/admin/articles/new").await;
    assert_eq!(new.selected("language"), ["en"]);
    // So does the page editor.
    let page_new = e.get("/admin/pages/new").await;
    assert_eq!(page_new.selected("language"), ["en"]);

    // "This is a translation of …": search by title, link.
    let path = format!("/admin/articles/{az}/translations");
    let found = e.get(&format!("{path}?q=flood")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(found.body.contains("Flood warning"));
    let csrf = csrf_of(&found);
    let linked = e
        .post(
            &format!("{path}/link"),
            &[("csrf", &csrf), ("original", &en.to_string())],
        )
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    let versions = app.store.story_versions(en).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        app.get("/flood-warning/").await.texts(".also-in a"),
        ["Azərbaycanca"]
    );
    app.store.settings().await.unwrap();

    // "Translate into Русский": a linked draft in Russian, opened in the editor.
    let screen = e.get(&format!("/admin/articles/{en}/translations")).await;
    assert_eq!(
        screen.texts("form[action$='/translations/new'] button"),
        ["Translate into Русский (ru)", "Translate into Türkçe (tr)"]
    );
    let csrf = csrf_of(&screen);
    let started = e
        .post(
            &format!("/admin/articles/{en}/translations/new"),
            &[("csrf", &csrf), ("language", "ru")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let ru = location(&started)
        .strip_prefix("/admin/articles/")
        .and_then(|r| r.split('/').next())
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap();
    let draft = app.editable(ru).await;
    assert_eq!(draft.status, Status::Draft);
    assert_eq!(draft.input.language, "ru");
    assert_eq!(app.store.story_versions(en).await.unwrap().len(), 3);
    // The draft is not shown to readers.
    assert_eq!(
        app.get("/flood-warning/").await.texts(".also-in a"),
        ["Azərbaycanca"]
    );

    // A second Azerbaijani version is refused with a message naming the first.
    let other = add(&app, "dasqin-2", "Daşqın 2", "az", None).await;
    let screen = e
        .get(&format!("/admin/articles/{other}/translations"))
        .await;
    let refused = e
        .post(
            &format!("/admin/articles/{other}/translations/link"),
            &[("csrf", &csrf_of(&screen)), ("original", &en.to_string())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused
            .alert()
            .contains("Azərbaycanca (/dasqin-xeberdarligi/)"),
        "{}",
        refused.alert()
    );
    assert!(app.store.story_versions(other).await.unwrap().is_empty());
    // Garbage ids are refused with a message, nothing linked.
    let csrf = csrf_of(&screen);
    let translations = format!("/admin/articles/{other}/translations");
    let link = [("csrf", csrf.as_str()), ("original", "nope")];
    let refused = e.post(&format!("{translations}/link"), &link).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let new = [("csrf", csrf.as_str()), ("language", "<script>")];
    let refused = e.post(&format!("{translations}/new"), &new).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.alert().contains("not a language code"),
        "{}",
        refused.alert()
    );
}
