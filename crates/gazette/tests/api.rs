//! The Content API over real HTTP: list filters and pagination bounds, drafts and scheduled
//! pieces absent from every endpoint, the article document, most read by window, search,
//! one JSON error shape for every bad input, conditional GET, CORS, and the OpenAPI document
//! checked against what the endpoints really return.

// The helpers below run only inside tests, where a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{TestApp, app};
use gazette_core::model::{CreditRole, Kind, Source, Status};
use gazette_store::{NewArticle, NewAuthor, NewCategory, NewMedia, NewPage, NewTag};
use serde_json::{Value, json};
use time::OffsetDateTime;

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
    send(app, app.client.get(app.url(path))).await
}

async fn send(app: &TestApp, req: reqwest::RequestBuilder) -> Answer {
    let _ = app;
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r.text().await.unwrap();
    let json = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
    };
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

fn slugs(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_owned())
        .collect()
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
    let all = get(&app, "/api/v1/articles").await;
    assert_eq!(all.status, 200, "{}", all.json);
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
        let a = get(&app, path).await;
        assert_eq!(a.status, 200, "{path}");
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
    let oil = tags.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "oil")
        .unwrap();
    assert_eq!(oil["article_count"], 2);
    let cats = get(&app, "/api/v1/categories").await;
    let economy = cats.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "news/economy")
        .unwrap();
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
    let a = get(&app, "/api/v1/articles/oil-prices-translated").await;
    assert_eq!(a.status, 200, "{}", a.json);
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
    let items = cats.json["items"].as_array().unwrap();
    let paths: Vec<&str> = items.iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["news", "news/economy", "sport"], "parents first");
    assert_eq!(items[1]["parent"], "news");
    assert_eq!(items[1]["depth"], 1);
    assert_eq!(items[0]["parent"], Value::Null);
    assert_eq!(items[0]["article_count"], 1, "direct articles only");
    assert_eq!(
        items[1]["articles_url"],
        app.url("/api/v1/articles?category=news%2Feconomy")
    );
    // The articles_url works as given.
    let via = send(
        &app,
        app.client.get(items[1]["articles_url"].as_str().unwrap()),
    )
    .await;
    assert_eq!(via.json["total"], 2);

    let tags = get(&app, "/api/v1/tags").await;
    let names: Vec<&str> = tags.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["football", "oil"]);

    let authors = get(&app, "/api/v1/authors").await;
    let list = authors.json["items"].as_array().unwrap();
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
    let p: Vec<&str> = pages.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(p, ["about", "privacy"]);
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
    let bad_utf8 = get(&app, "/api/v1/articles?kind=%FF").await;
    assert_eq!(bad_utf8.status, 400, "{}", bad_utf8.json);
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
        let a = get(&app, path).await;
        assert_eq!(a.status, 404, "{path}");
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

#[tokio::test]
async fn validators_give_304_and_change_with_the_content() {
    let app = app().start().await;
    newsroom(&app).await;
    for path in [
        "/api/v1/articles",
        "/api/v1/articles/budget-vote",
        "/api/v1/categories",
        "/api/v1/tags",
        "/api/v1/authors",
        "/api/v1/authors/ayla",
        "/api/v1/pages",
        "/api/v1/pages/about",
        "/api/v1/most-read",
        "/api/v1/search?q=body",
        "/api/openapi.json",
    ] {
        let a = get(&app, path).await;
        assert_eq!(a.status, 200, "{path}");
        let etag = a.header("etag").to_owned();
        assert!(etag.starts_with("W/\""), "{path} has a weak ETag");
        assert!(
            a.header("cache-control").starts_with("public, max-age="),
            "{path}"
        );
        let again = send(
            &app,
            app.client.get(app.url(path)).header("if-none-match", &etag),
        )
        .await;
        assert_eq!(again.status, 304, "{path}");
        assert_eq!(again.json, Value::Null, "{path}: a 304 has no body");
        assert_eq!(again.header("etag"), etag);
        let other = send(
            &app,
            app.client
                .get(app.url(path))
                .header("if-none-match", "W/\"stale\""),
        )
        .await;
        assert_eq!(other.status, 200, "{path}");
    }
    // Last-Modified on lists and documents that have one. A change's time settles a few
    // seconds after it is first seen (caches may still serve the old content meanwhile).
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let list = get(&app, "/api/v1/articles").await;
    let lm = list.header("last-modified").to_owned();
    assert!(lm.ends_with(" GMT"), "{lm}");
    let since = send(
        &app,
        app.client
            .get(app.url("/api/v1/articles"))
            .header("if-modified-since", &lm),
    )
    .await;
    assert_eq!(since.status, 304);
    let page = get(&app, "/api/v1/pages/about").await;
    assert!(page.header("last-modified").ends_with(" GMT"));
    // A publish changes the list's ETag and moves Last-Modified on.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    app.store
        .create_article(&article("late-news", 0))
        .await
        .unwrap();
    let after = send(
        &app,
        app.client
            .get(app.url("/api/v1/articles"))
            .header("if-none-match", list.header("etag")),
    )
    .await;
    assert_eq!(after.status, 200);
    assert_eq!(after.json["items"][0]["slug"], "late-news");
    let after_since = send(
        &app,
        app.client
            .get(app.url("/api/v1/articles"))
            .header("if-modified-since", &lm),
    )
    .await;
    assert_eq!(after_since.status, 200, "modified since the client's copy");
    // An import writes entries dated in the past; the list still counts as modified.
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let lm2 = get(&app, "/api/v1/articles")
        .await
        .header("last-modified")
        .to_owned();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    app.store
        .create_article(&article("from-the-archive", 60 * 24 * 365))
        .await
        .unwrap();
    let archived = send(
        &app,
        app.client
            .get(app.url("/api/v1/articles"))
            .header("if-modified-since", &lm2),
    )
    .await;
    assert_eq!(archived.status, 200, "an old-dated write is still a change");
    assert_eq!(archived.json["total"], 8);
    // Errors are not cached.
    let missing = get(&app, "/api/v1/articles/nope").await;
    assert_eq!(missing.header("cache-control"), "no-store");
    assert_eq!(missing.header("etag"), "");
}

#[tokio::test]
async fn cors_allows_gets_from_any_origin_without_credentials() {
    let app = app().start().await;
    let a = send(
        &app,
        app.client
            .get(app.url("/api/v1/articles"))
            .header("origin", "https://reader.example"),
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), "*");
    assert_eq!(a.header("access-control-allow-credentials"), "");
    assert!(a.header("access-control-expose-headers").contains("etag"));
    // Errors carry it too, so a browser script can read them.
    let e = send(
        &app,
        app.client
            .get(app.url("/api/v1/articles?page=0"))
            .header("origin", "https://reader.example"),
    )
    .await;
    assert_eq!(e.status, 400);
    assert_eq!(e.header("access-control-allow-origin"), "*");
    // A preflight.
    let pre = send(
        &app,
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/articles"))
            .header("origin", "https://reader.example")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "if-none-match"),
    )
    .await;
    assert!(pre.status == 200 || pre.status == 204, "{}", pre.status);
    assert_eq!(pre.header("access-control-allow-origin"), "*");
    let methods = pre.header("access-control-allow-methods");
    assert!(
        methods.contains("GET") && !methods.contains("POST"),
        "{methods}"
    );
    assert!(
        pre.header("access-control-allow-headers")
            .contains("if-none-match")
    );
    assert_eq!(pre.header("access-control-allow-credentials"), "");
    // The reader's site does not answer cross-origin reads.
    let site = app
        .client
        .get(app.url("/"))
        .header("origin", "https://reader.example")
        .send()
        .await
        .unwrap();
    assert!(site.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn most_read_ranks_by_the_window() {
    let app = app().start().await;
    let room = newsroom(&app).await;
    let now = OffsetDateTime::now_utc();
    let id = |s: &str| room.ids[s];
    // Three days ago cup-final was read a lot; within the last hours, budget-vote a little
    // more than weather-note.
    app.store
        .add_views(
            &HashMap::from([(id("cup-final"), 500)]),
            now - Duration::from_secs(3 * 86_400),
        )
        .await
        .unwrap();
    app.store
        .add_views(
            &HashMap::from([(id("budget-vote"), 30), (id("weather-note"), 10)]),
            now - Duration::from_secs(2 * 3_600),
        )
        .await
        .unwrap();
    app.store
        .add_views(&HashMap::from([(id("weather-note"), 5)]), now)
        .await
        .unwrap();
    let day = get(&app, "/api/v1/most-read?window=24h").await;
    assert_eq!(day.status, 200, "{}", day.json);
    assert_eq!(day.json["window"], "24h");
    assert_eq!(slugs(&day.json), ["budget-vote", "weather-note"]);
    let default = get(&app, "/api/v1/most-read").await;
    assert_eq!(default.json, day.json, "24h is the default");
    let week = get(&app, "/api/v1/most-read?window=7d").await;
    assert_eq!(week.json["window"], "7d");
    assert_eq!(
        slugs(&week.json),
        ["cup-final", "budget-vote", "weather-note"]
    );
    assert_eq!(week.json["items"][0]["views"], 500);
    let one = get(&app, "/api/v1/most-read?window=7d&limit=1").await;
    assert_eq!(slugs(&one.json), ["cup-final"]);
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

#[tokio::test]
async fn search_returns_highlighted_summaries_with_filters_and_pages() {
    let app = app().start().await;
    newsroom(&app).await;
    let mut cranes = article("harbour-cranes", 1);
    cranes.title = "Harbour cranes return".into();
    cranes.body_markdown = "Dock workers watched the new cranes arrive.".into();
    app.store.create_article(&cranes).await.unwrap();
    let a = search_until_found(&app, "q=cranes").await;
    assert_eq!(a.json["query"], "cranes");
    assert_eq!(a.json["total"], 1);
    let hit = &a.json["items"][0];
    assert_eq!(hit["article"]["slug"], "harbour-cranes");
    assert_eq!(hit["article"]["url"], app.url("/harbour-cranes/"));
    assert_eq!(hit["title_html"], "Harbour <mark>cranes</mark> return");
    assert!(
        hit["snippet_html"]
            .as_str()
            .unwrap()
            .contains("<mark>cranes</mark>")
    );
    // Every visible article says "body"; pages of two, newest first when sorted by date.
    let all = search_until_found(&app, "q=body&sort=date&per_page=2").await;
    assert_eq!(all.json["total"], 6);
    assert_eq!(all.json["total_pages"], 3);
    assert_eq!(
        slugs(
            &json!({"items": all.json["items"].as_array().unwrap().iter().map(|h| h["article"].clone()).collect::<Vec<_>>()})
        ),
        ["budget-vote", "oil-prices-translated"]
    );
    assert_eq!(
        all.json["next"],
        app.url("/api/v1/search?q=body&sort=date&page=2&per_page=2")
    );
    let sport = get(&app, "/api/v1/search?q=body&category=sport").await;
    assert_eq!(sport.json["total"], 2);
    let future = get(&app, "/api/v1/search?q=body&from=2999-01-01").await;
    assert_eq!(future.json["total"], 0);
}

/// The schema of the 200 response of `GET path` in the document, as a standalone JSON
/// Schema whose `$ref`s resolve into the document's components.
fn response_schema(doc: &Value, path: &str, status: &str) -> Value {
    let op = &doc["paths"][path]["get"];
    assert!(op.is_object(), "{path} is in the document");
    let schema = &op["responses"][status]["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "{path} documents a JSON {status}");
    let mut root = schema.clone();
    root["components"] = doc["components"].clone();
    root
}

fn assert_matches(doc: &Value, path: &str, status: &str, instance: &Value) {
    let schema = response_schema(doc, path, status);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema of {path} is not valid JSON Schema: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{path} {status} does not match its schema: {errors:#?}\n{instance}"
    );
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_matches_the_real_responses() {
    let app = app().start().await;
    let room = newsroom(&app).await;
    app.store
        .add_views(
            &HashMap::from([(room.ids["budget-vote"], 3)]),
            OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let spec = get(&app, "/api/openapi.json").await;
    assert_eq!(spec.status, 200);
    let doc = spec.json;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], app.base);
    let documented: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    let expected = [
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/authors",
        "/api/v1/authors/{slug}",
        "/api/v1/categories",
        "/api/v1/most-read",
        "/api/v1/pages",
        "/api/v1/pages/{slug}",
        "/api/v1/search",
        "/api/v1/tags",
    ];
    let mut sorted = documented.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    // Every parameter the handlers read is documented.
    let params = |path: &str| -> Vec<String> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|p| p["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        params("/api/v1/articles"),
        [
            "category", "tag", "author", "kind", "lang", "page", "per_page"
        ]
    );
    assert_eq!(params("/api/v1/most-read"), ["window", "limit"]);
    assert_eq!(
        params("/api/v1/search"),
        ["q", "category", "from", "to", "sort", "page", "per_page"]
    );
    assert_eq!(params("/api/v1/articles/{slug}"), ["slug"]);

    let search = search_until_found(&app, "q=body").await;
    let cases: Vec<(&str, String, Value)> = vec![
        ("/api/v1/articles", "/api/v1/articles".into(), Value::Null),
        (
            "/api/v1/articles",
            "/api/v1/articles?category=news&per_page=1&page=2".into(),
            Value::Null,
        ),
        (
            "/api/v1/articles/{slug}",
            "/api/v1/articles/oil-prices-translated".into(),
            Value::Null,
        ),
        (
            "/api/v1/articles/{slug}",
            "/api/v1/articles/budget-vote".into(),
            Value::Null,
        ),
        (
            "/api/v1/articles/{slug}",
            "/api/v1/articles/derby-reprint".into(),
            Value::Null,
        ),
        (
            "/api/v1/most-read",
            "/api/v1/most-read?window=7d".into(),
            Value::Null,
        ),
        ("/api/v1/search", String::new(), search.json),
        (
            "/api/v1/categories",
            "/api/v1/categories".into(),
            Value::Null,
        ),
        ("/api/v1/tags", "/api/v1/tags".into(), Value::Null),
        ("/api/v1/authors", "/api/v1/authors".into(), Value::Null),
        (
            "/api/v1/authors/{slug}",
            "/api/v1/authors/boris".into(),
            Value::Null,
        ),
        ("/api/v1/pages", "/api/v1/pages".into(), Value::Null),
        (
            "/api/v1/pages/{slug}",
            "/api/v1/pages/about".into(),
            Value::Null,
        ),
    ];
    for (documented, real, given) in cases {
        let body = if real.is_empty() {
            given
        } else {
            let a = get(&app, &real).await;
            assert_eq!(a.status, 200, "{real}");
            a.json
        };
        assert_matches(&doc, documented, "200", &body);
    }
    // Error answers match the documented error schema.
    for (documented, real, status) in [
        ("/api/v1/articles", "/api/v1/articles?page=-1", "400"),
        ("/api/v1/search", "/api/v1/search?q=", "400"),
        ("/api/v1/most-read", "/api/v1/most-read?window=1y", "400"),
        ("/api/v1/articles/{slug}", "/api/v1/articles/nope", "404"),
        ("/api/v1/authors/{slug}", "/api/v1/authors/nope", "404"),
        ("/api/v1/pages/{slug}", "/api/v1/pages/nope", "404"),
    ] {
        let a = get(&app, real).await;
        assert_eq!(a.status.to_string(), status, "{real}");
        assert_matches(&doc, documented, status, &a.json);
    }
    // And the schemas are strict: an undocumented field would fail.
    let mut extra = get(&app, "/api/v1/tags").await.json;
    extra["items"][0]["surprise"] = json!(1);
    let schema = response_schema(&doc, "/api/v1/tags", "200");
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&extra));
}
