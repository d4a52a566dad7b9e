//! The Content API over real HTTP: list filters and pagination bounds, drafts and scheduled
//! pieces absent from every endpoint, the article document, most read by window, search,
//! one JSON error shape for every bad input, conditional GET, CORS, and the OpenAPI document
//! checked against what the endpoints really return.

// The helpers below run only inside tests, where a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{TestApp, app};
use gazette_core::model::{CreditRole, Kind, Source, Status};
use gazette_store::{NewArticle, NewAuthor, NewCategory, NewMedia, NewPage, NewTag};
use serde_json::{Value, json};
use time::OffsetDateTime;

mod validators;

/// A response with its body parsed as JSON (`Value::Null` for an empty body).
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn get(app: &TestApp, path: &str) -> Answer {
    get_with(app, path, &[]).await
}

/// GET `path` with extra request headers.
async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = app.client.get(app.url(path));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send(app, req).await
}

/// GET `path`, asserting the answer's `status`.
async fn get_expecting(app: &TestApp, path: &str, status: u16) -> Answer {
    let a = get(app, path).await;
    assert_eq!(a.status, status, "{path}: {}", a.json);
    a
}

async fn send(app: &TestApp, req: reqwest::RequestBuilder) -> Answer {
    let _ = app;
    let (status, headers, json) = common::json_answer(req, "a Content API request").await;
    Answer {
        status,
        headers,
        json,
    }
}

/// Asserts a 400 whose JSON error names `parameter`.
async fn assert_bad(app: &TestApp, path: &str, parameter: &str) {
    let a = get(app, path).await;
    assert_eq!(a.status, 400, "{path}: {}", a.json);
    assert!(a.header("content-type").starts_with("application/json"));
    assert_eq!(a.json["error"]["code"], "bad_parameter", "{path}");
    assert_eq!(a.json["error"]["parameter"], parameter, "{path}");
    let message = a.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("`{parameter}`")),
        "{path}: the message names the parameter: {message}"
    );
}

fn items(list: &Value) -> &Vec<Value> {
    list["items"].as_array().unwrap()
}

fn slugs(list: &Value) -> Vec<String> {
    items(list)
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// The item of a list whose `key` is `value`.
fn item<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    items(list)
        .iter()
        .find(|i| i[key] == value)
        .unwrap_or_else(|| panic!("no item with {key} {value} in {list}"))
}

fn article(slug: &str, minutes_ago: i64) -> NewArticle {
    let at = OffsetDateTime::now_utc() - Duration::from_secs(60 * minutes_ago as u64);
    NewArticle {
        published_at: Some(at),
        modified_at: at,
        ..common::published(
            slug,
            &format!("Title of {slug}"),
            &format!("The body of {slug}, in a few plain words."),
        )
    }
}

/// Ids of what [`newsroom`] made.
struct Newsroom {
    ids: HashMap<&'static str, i64>,
}

/// A small newsroom: news > economy, sport; two tags; two authors; six visible articles of
/// every kind and two languages, a draft and a scheduled piece; two static pages.
async fn newsroom(app: &TestApp) -> Newsroom {
    let s = &app.store;
    let mut ids = HashMap::new();
    let cat = |parent, slug: &str, position| NewCategory {
        parent_id: parent,
        slug: slug.into(),
        name: slug.to_uppercase(),
        description: format!("All about {slug}"),
        position,
    };
    let news = s.create_category(&cat(None, "news", 0)).await.unwrap();
    let economy = s
        .create_category(&cat(Some(news), "economy", 0))
        .await
        .unwrap();
    let sport = s.create_category(&cat(None, "sport", 1)).await.unwrap();
    let tag = |slug: &str| NewTag {
        slug: slug.into(),
        name: slug.into(),
        special: false,
    };
    let oil = s.create_tag(&tag("oil")).await.unwrap();
    let football = s.create_tag(&tag("football")).await.unwrap();
    let person = |slug: &str, name: &str| NewAuthor {
        slug: slug.into(),
        name: name.into(),
        bio: format!("{name} writes here."),
        avatar_url: None,
    };
    let ayla = s
        .create_author(&person("ayla", "Ayla Demir"))
        .await
        .unwrap();
    let boris = s
        .create_author(&person("boris", "Boris Petrov"))
        .await
        .unwrap();
    let picture = s
        .create_media(&NewMedia {
            path: "2026/harbour.jpg".into(),
            mime: "image/jpeg".into(),
            width: 1600,
            height: 900,
            alt: "Cranes at the harbour".into(),
            caption: "The new cranes".into(),
            credit: "Photo: Staff".into(),
            variant_widths: vec![480, 960],
        })
        .await
        .unwrap();

    let mut a1 = article("budget-vote", 10);
    a1.category_id = Some(economy);
    a1.tag_ids = vec![oil];
    a1.credits = vec![(ayla, CreditRole::Author)];
    a1.featured_media_id = Some(picture);
    let mut a2 = article("oil-prices-translated", 20);
    a2.kind = Kind::Translation;
    a2.language = "az".into();
    a2.category_id = Some(economy);
    a2.tag_ids = vec![oil];
    a2.credits = vec![(ayla, CreditRole::Author), (boris, CreditRole::Translator)];
    a2.source = Some(Source {
        outlet: "Baku Daily".into(),
        url: "https://baku.example/oil".into(),
        language: Some("ru".into()),
        published_at: Some(OffsetDateTime::now_utc() - Duration::from_secs(86_400)),
    });
    a2.corrections = vec![(
        OffsetDateTime::now_utc() - Duration::from_secs(300),
        "An earlier version misspelt the outlet.".into(),
    )];
    a2.subtitle = Some("What the barrel costs".into());
    let mut a3 = article("parliament-opens", 30);
    a3.category_id = Some(news);
    a3.credits = vec![(boris, CreditRole::Author)];
    let mut a4 = article("derby-reprint", 40);
    a4.kind = Kind::Reprint;
    a4.category_id = Some(sport);
    a4.tag_ids = vec![football];
    a4.source = Some(Source {
        outlet: "Sports Wire".into(),
        url: "https://wire.example/derby".into(),
        language: None,
        published_at: None,
    });
    let mut a5 = article("cup-final", 50);
    a5.category_id = Some(sport);
    a5.tag_ids = vec![football];
    a5.credits = vec![(boris, CreditRole::Author)];
    let a6 = article("weather-note", 60);
    let mut draft = article("secret-draft", 5);
    draft.status = Status::Draft;
    draft.published_at = None;
    draft.category_id = Some(economy);
    draft.tag_ids = vec![oil];
    draft.credits = vec![(ayla, CreditRole::Author)];
    let mut scheduled = article("embargoed-results", 0);
    scheduled.published_at = Some(OffsetDateTime::now_utc() + Duration::from_secs(3_600));
    scheduled.category_id = Some(economy);
    scheduled.tag_ids = vec![oil];
    scheduled.credits = vec![(ayla, CreditRole::Author)];
    for (name, new) in [
        ("budget-vote", a1),
        ("oil-prices-translated", a2),
        ("parliament-opens", a3),
        ("derby-reprint", a4),
        ("cup-final", a5),
        ("weather-note", a6),
        ("secret-draft", draft),
        ("embargoed-results", scheduled),
    ] {
        ids.insert(name, s.create_article(&new).await.unwrap());
    }
    for (slug, title) in [("about", "About us"), ("privacy", "Privacy")] {
        s.create_page(&NewPage {
            slug: slug.into(),
            title: title.into(),
            body_markdown: format!("# {title}\n\nText of {slug}."),
            modified_at: OffsetDateTime::now_utc() - Duration::from_secs(600),
        })
        .await
        .unwrap();
    }
    Newsroom { ids }
}

#[tokio::test]
async fn article_lists_filter_and_paginate() {
    let app = app().start().await;
    newsroom(&app).await;
    let all = get_expecting(&app, "/api/v1/articles", 200).await;
    assert!(all.header("content-type").starts_with("application/json"));
    assert_eq!(
        slugs(&all.json),
        [
            "budget-vote",
            "oil-prices-translated",
            "parliament-opens",
            "derby-reprint",
            "cup-final",
            "weather-note"
        ],
        "newest first, visible only"
    );
    assert_eq!(all.json["total"], 6);
    assert_eq!(all.json["page"], 1);
    assert_eq!(all.json["per_page"], 20);
    assert_eq!(all.json["total_pages"], 1);
    assert_eq!(all.json["next"], Value::Null);
    assert_eq!(all.json["prev"], Value::Null);

    // A category includes its descendants.
    let news = get(&app, "/api/v1/articles?category=news").await;
    assert_eq!(
        slugs(&news.json),
        ["budget-vote", "oil-prices-translated", "parliament-opens"]
    );
    let economy = get(&app, "/api/v1/articles?category=news/economy").await;
    assert_eq!(
        slugs(&economy.json),
        ["budget-vote", "oil-prices-translated"]
    );
    let tagged = get(&app, "/api/v1/articles?tag=football").await;
    assert_eq!(slugs(&tagged.json), ["derby-reprint", "cup-final"]);
    // Credited in any role: Boris translated one piece and wrote two.
    let boris = get(&app, "/api/v1/articles?author=boris").await;
    assert_eq!(
        slugs(&boris.json),
        ["oil-prices-translated", "parliament-opens", "cup-final"]
    );
    let reprints = get(&app, "/api/v1/articles?kind=reprint").await;
    assert_eq!(slugs(&reprints.json), ["derby-reprint"]);
    let az = get(&app, "/api/v1/articles?lang=az").await;
    assert_eq!(slugs(&az.json), ["oil-prices-translated"]);
    // Filters combine.
    let combined = get(
        &app,
        "/api/v1/articles?category=news&author=boris&kind=original",
    )
    .await;
    assert_eq!(slugs(&combined.json), ["parliament-opens"]);

    // Pages of two.
    let p1 = get(&app, "/api/v1/articles?per_page=2").await;
    assert_eq!(slugs(&p1.json), ["budget-vote", "oil-prices-translated"]);
    assert_eq!(p1.json["total_pages"], 3);
    let next = p1.json["next"].as_str().unwrap();
    assert_eq!(next, app.url("/api/v1/articles?page=2&per_page=2"));
    let p2 = send(&app, app.client.get(next)).await;
    assert_eq!(slugs(&p2.json), ["parliament-opens", "derby-reprint"]);
    assert_eq!(
        p2.json["prev"],
        app.url("/api/v1/articles?page=1&per_page=2")
    );
    let p3 = get(&app, "/api/v1/articles?per_page=2&page=3").await;
    assert_eq!(slugs(&p3.json), ["cup-final", "weather-note"]);
    assert_eq!(p3.json["next"], Value::Null);
    // Filters are kept in the page links.
    let f = get(&app, "/api/v1/articles?category=sport&per_page=1").await;
    assert_eq!(
        f.json["next"],
        app.url("/api/v1/articles?category=sport&page=2&per_page=1")
    );
    // Past the end: an empty page, the total still right.
    let past = get(&app, "/api/v1/articles?page=9").await;
    assert_eq!(past.status, 200);
    assert_eq!(slugs(&past.json), Vec::<String>::new());
    assert_eq!(past.json["total"], 6);
    assert_eq!(past.json["prev"], app.url("/api/v1/articles?page=1"));
    // Bounds that are allowed.
    assert_eq!(get(&app, "/api/v1/articles?per_page=100").await.status, 200);
    assert_eq!(get(&app, "/api/v1/articles?page=100000").await.status, 200);

    // Summaries carry absolute links and the image.
    let first = &all.json["items"][0];
    assert_eq!(first["url"], app.url("/budget-vote/"));
    assert_eq!(first["api_url"], app.url("/api/v1/articles/budget-vote"));
    assert_eq!(first["category"]["path"], "news/economy");
    assert_eq!(first["category"]["url"], app.url("/category/news/economy/"));
    assert_eq!(first["author"]["name"], "Ayla Demir");
    assert_eq!(first["author"]["url"], app.url("/author/ayla/"));
    assert_eq!(first["image"]["url"], app.url("/media/2026/harbour.jpg"));
    assert_eq!(first["kind"], "original");
}

#[tokio::test]
async fn drafts_and_scheduled_articles_are_in_no_endpoint() {
    let app = app().start().await;
    let room = newsroom(&app).await;
    // Views for the hidden pieces, too: they must not surface in most read either.
    let batch = room.ids.values().map(|id| (*id, 5u64)).collect();
    app.store
        .add_views(&batch, OffsetDateTime::now_utc())
        .await
        .unwrap();
    for path in [
        "/api/v1/articles?per_page=100",
        "/api/v1/articles?category=news/economy",
        "/api/v1/articles?tag=oil",
        "/api/v1/articles?author=ayla",
        "/api/v1/authors/ayla",
        "/api/v1/most-read?window=24h&limit=50",
        "/api/v1/most-read?window=7d&limit=50",
    ] {
        let a = get_expecting(&app, path, 200).await;
        let text = a.json.to_string();
        assert!(
            !text.contains("secret-draft") && !text.contains("embargoed-results"),
            "{path} shows a hidden article: {text}"
        );
    }
    for slug in ["secret-draft", "embargoed-results"] {
        let a = get(&app, &format!("/api/v1/articles/{slug}")).await;
        assert_eq!(a.status, 404, "{slug}");
        assert_eq!(a.json["error"]["code"], "not_found");
    }
    // Counts leave them out as well.
    let economy = get(&app, "/api/v1/articles?category=news/economy").await;
    assert_eq!(economy.json["total"], 2);
    let tags = get(&app, "/api/v1/tags").await;
    assert_eq!(item(&tags.json, "slug", "oil")["article_count"], 2);
    let cats = get(&app, "/api/v1/categories").await;
    let economy = item(&cats.json, "path", "news/economy");
    assert_eq!(economy["article_count"], 2);
    let ayla = get(&app, "/api/v1/authors/ayla").await;
    assert_eq!(ayla.json["author"]["article_count"], 2);
    // Search: once the index has caught up (a piece written after them is found), a word
    // only the hidden pieces' titles carry finds nothing, and counts nothing.
    let mut marker = article("marker-piece", 0);
    marker.title = "Zebra crossing".into();
    app.store.create_article(&marker).await.unwrap();
    search_until_found(&app, "q=zebra").await;
    for q in ["secret", "embargoed"] {
        let a = get(&app, &format!("/api/v1/search?q={q}")).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.json["items"], json!([]), "{q}");
        assert_eq!(a.json["total"], 0, "{q}: not even counted");
    }
}

#[tokio::test]
async fn the_article_document_has_every_field() {
    let app = app().start().await;
    newsroom(&app).await;
    let a = get_expecting(&app, "/api/v1/articles/oil-prices-translated", 200).await;
    let j = &a.json;
    assert_eq!(j["slug"], "oil-prices-translated");
    assert_eq!(j["url"], app.url("/oil-prices-translated/"));
    assert_eq!(j["canonical_url"], j["url"]);
    assert_eq!(j["title"], "Title of oil-prices-translated");
    assert_eq!(j["subtitle"], "What the barrel costs");
    assert!(
        j["body_html"]
            .as_str()
            .unwrap()
            .starts_with("<p>The body of")
    );
    assert!(!j["excerpt"].as_str().unwrap().is_empty());
    assert_eq!(j["language"], "az");
    assert_eq!(j["kind"], "translation");
    assert_eq!(j["category"]["path"], "news/economy");
    assert_eq!(
        j["authors"],
        json!([{"slug": "ayla", "name": "Ayla Demir", "url": app.url("/author/ayla/")}])
    );
    assert_eq!(j["credits"][1]["role"], "translator");
    assert_eq!(j["credits"][1]["author"]["slug"], "boris");
    assert_eq!(j["tags"][0]["slug"], "oil");
    assert_eq!(j["tags"][0]["url"], app.url("/tag/oil/"));
    assert_eq!(j["source"]["outlet"], "Baku Daily");
    assert_eq!(j["source"]["url"], "https://baku.example/oil");
    assert_eq!(j["source"]["language"], "ru");
    assert!(j["source"]["published_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(j["source"]["translators"][0]["name"], "Boris Petrov");
    assert_eq!(
        j["corrections"][0]["text"],
        "An earlier version misspelt the outlet."
    );
    for field in ["published_at", "modified_at"] {
        let t = j[field].as_str().unwrap();
        OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|e| panic!("{field} `{t}` is not RFC 3339: {e}"));
    }
    assert!(j["word_count"].as_u64().unwrap() >= 8);
    assert_eq!(j["reading_minutes"], 1);
    assert_eq!(j["views"], 0);
    assert_eq!(j["image"], Value::Null);

    // The featured picture, with its variants.
    let b = get(&app, "/api/v1/articles/budget-vote").await;
    let img = &b.json["image"];
    assert_eq!(img["url"], app.url("/media/2026/harbour.jpg"));
    assert_eq!(img["width"], 1600);
    assert_eq!(img["height"], 900);
    assert_eq!(img["alt"], "Cranes at the harbour");
    assert_eq!(img["caption"], "The new cranes");
    assert_eq!(img["credit"], "Photo: Staff");
    assert_eq!(
        img["variants"],
        json!([
            {"url": app.url("/media/2026/harbour-480.jpg"), "width": 480, "height": 270},
            {"url": app.url("/media/2026/harbour-960.jpg"), "width": 960, "height": 540},
        ])
    );
    assert_eq!(
        img["srcset"],
        format!(
            "{} 480w, {} 960w",
            app.url("/media/2026/harbour-480.jpg"),
            app.url("/media/2026/harbour-960.jpg")
        )
    );
    assert_eq!(b.json["source"], Value::Null);
    // A reprint has a source without translators.
    let r = get(&app, "/api/v1/articles/derby-reprint").await;
    assert_eq!(r.json["source"]["outlet"], "Sports Wire");
    assert_eq!(r.json["source"]["translators"], json!([]));
    assert_eq!(r.json["source"]["published_at"], Value::Null);
}

#[tokio::test]
async fn taxonomies_authors_and_pages() {
    let app = app().start().await;
    newsroom(&app).await;
    let cats = get(&app, "/api/v1/categories").await;
    let list = items(&cats.json);
    let paths: Vec<&str> = list.iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["news", "news/economy", "sport"], "parents first");
    assert_eq!(list[1]["parent"], "news");
    assert_eq!(list[1]["depth"], 1);
    assert_eq!(list[0]["parent"], Value::Null);
    assert_eq!(list[0]["article_count"], 1, "direct articles only");
    assert_eq!(
        list[1]["articles_url"],
        app.url("/api/v1/articles?category=news%2Feconomy")
    );
    // The articles_url works as given.
    let via = send(
        &app,
        app.client.get(list[1]["articles_url"].as_str().unwrap()),
    )
    .await;
    assert_eq!(via.json["total"], 2);

    let tags = get(&app, "/api/v1/tags").await;
    assert_eq!(slugs(&tags.json), ["football", "oil"]);

    let authors = get(&app, "/api/v1/authors").await;
    let list = items(&authors.json);
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["slug"], "boris");
    assert_eq!(list[1]["article_count"], 3);
    assert_eq!(list[1]["url"], app.url("/author/boris/"));
    let boris = get(&app, "/api/v1/authors/boris").await;
    assert_eq!(boris.json["author"]["bio"], "Boris Petrov writes here.");
    assert_eq!(
        slugs(&json!({"items": boris.json["latest"]})),
        ["oil-prices-translated", "parliament-opens", "cup-final"]
    );

    let pages = get(&app, "/api/v1/pages").await;
    assert_eq!(slugs(&pages.json), ["about", "privacy"]);
    assert_eq!(pages.json["items"][0]["url"], app.url("/about/"));
    let about = get(&app, "/api/v1/pages/about").await;
    assert_eq!(about.status, 200);
    assert_eq!(about.json["title"], "About us");
    assert!(
        about.json["body_html"]
            .as_str()
            .unwrap()
            .contains("Text of about.")
    );
}

#[tokio::test]
async fn every_bad_parameter_is_a_400_naming_it() {
    let app = app().start().await;
    newsroom(&app).await;
    for (path, parameter) in [
        ("/api/v1/articles?page=-1", "page"),
        ("/api/v1/articles?page=0", "page"),
        ("/api/v1/articles?page=1000000000000", "page"),
        ("/api/v1/articles?page=99999999999999999999999", "page"),
        ("/api/v1/articles?page=two", "page"),
        ("/api/v1/articles?page=1.5", "page"),
        ("/api/v1/articles?per_page=0", "per_page"),
        ("/api/v1/articles?per_page=1000", "per_page"),
        ("/api/v1/articles?kind=opinion", "kind"),
        ("/api/v1/articles?lang=en_US%3B", "lang"),
        ("/api/v1/articles?category=no/such", "category"),
        ("/api/v1/articles?tag=nope", "tag"),
        ("/api/v1/articles?author=nobody", "author"),
        ("/api/v1/most-read?window=1y", "window"),
        ("/api/v1/most-read?limit=0", "limit"),
        ("/api/v1/most-read?limit=51", "limit"),
        ("/api/v1/search", "q"),
        ("/api/v1/search?q=%20%20", "q"),
        ("/api/v1/search?q=oil&from=2026-13-01", "from"),
        ("/api/v1/search?q=oil&to=yesterday", "to"),
        ("/api/v1/search?q=oil&from=2026-05-02&to=2026-05-01", "to"),
        ("/api/v1/search?q=oil&sort=random", "sort"),
        ("/api/v1/search?q=oil&page=-1", "page"),
        ("/api/v1/search?q=oil&page=1000000000000", "page"),
        ("/api/v1/search?q=oil&per_page=0", "per_page"),
        ("/api/v1/search?q=oil&per_page=1000", "per_page"),
        ("/api/v1/search?q=oil&category=nowhere", "category"),
        ("/api/v1/search?q=oil&lang=%3Cscript%3E", "lang"),
    ] {
        assert_bad(&app, path, parameter).await;
    }
    // A 10 KB query is refused by name; the message does not echo all of it.
    let long = format!("/api/v1/search?q={}", "word+".repeat(2_000));
    assert_bad(&app, &long, "q").await;
    let a = get(&app, &long).await;
    assert!(a.json["error"]["message"].as_str().unwrap().len() < 300);
    // A malformed query string as a whole: still the JSON shape, never axum's plain text.
    let dup = get(&app, "/api/v1/articles?page=1&page=2").await;
    assert_eq!(dup.status, 400);
    assert_eq!(dup.json["error"]["code"], "bad_query");
    // A misspelt parameter is refused rather than ignored (which would list everything).
    let typo = get(&app, "/api/v1/articles?categroy=news").await;
    assert_eq!(typo.status, 400);
    assert_eq!(typo.json["error"]["code"], "bad_query");
    let message = typo.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("categroy") && message.contains("category"),
        "{message}"
    );
    get_expecting(&app, "/api/v1/articles?kind=%FF", 400).await;
    let bad_slug = get(&app, "/api/v1/articles/%FF%FE").await;
    assert!(
        bad_slug.status == 400 || bad_slug.status == 404,
        "{}",
        bad_slug.status
    );
    assert!(bad_slug.json["error"]["code"].is_string());
    // Hostile but readable search input is an ordinary (maybe empty) result.
    for q in [
        "%22unbalanced+quote",
        "title%3Aoil%5E3+(a+OR+-b)+%5B1+TO+2%5D+*~%5C",
        "%3C%2Fmark%3E%3Cscript%3E",
        "%22%22%22",
        "%E2%80%9C%C2%AB%C2%BB",
    ] {
        let a = get(&app, &format!("/api/v1/search?q={q}")).await;
        assert_eq!(a.status, 200, "q={q}: {}", a.json);
        assert!(a.json["items"].is_array());
    }
}

#[tokio::test]
async fn unknown_things_are_404_and_other_methods_405_all_in_json() {
    let app = app().start().await;
    newsroom(&app).await;
    for path in [
        "/api/v1/articles/no-such-article",
        "/api/v1/authors/nobody",
        "/api/v1/pages/nothing",
        "/api/v1/nothing",
        "/api/v2/articles",
        "/api/",
        "/api",
    ] {
        let a = get_expecting(&app, path, 404).await;
        assert!(
            a.header("content-type").starts_with("application/json"),
            "{path}"
        );
        assert_eq!(a.json["error"]["code"], "not_found", "{path}");
        assert_eq!(a.header("cache-control"), "no-store");
    }
    let post = send(&app, app.client.post(app.url("/api/v1/articles"))).await;
    assert_eq!(post.status, 405);
    assert_eq!(post.json["error"]["code"], "method_not_allowed");
    assert!(post.header("allow").contains("GET"));
    let delete = send(
        &app,
        app.client.delete(app.url("/api/v1/articles/budget-vote")),
    )
    .await;
    assert_eq!(delete.status, 405);
    // HEAD is served like GET, without a body.
    let head = send(&app, app.client.head(app.url("/api/v1/articles"))).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.json, Value::Null);
    assert!(head.header("etag").starts_with("W/\""));
}

/// Waits until the index (which follows the change log) finds something for `q`.
async fn search_until_found(app: &TestApp, query: &str) -> Answer {
    let start = Instant::now();
    loop {
        let a = get(app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(a.status, 200, "{query}: {}", a.json);
        if a.json["total"].as_u64().unwrap_or(0) > 0 {
            return a;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "`{query}` found nothing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
