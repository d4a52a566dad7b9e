//! The Content API's HTTP behaviour and contract: validators and 304s, CORS, most-read ranking, search, and every real response checked against the OpenAPI document.

use super::*;

/// The article list, asked for only if modified since `since`.
async fn list_modified_since(app: &TestApp, since: &str) -> Answer {
    get_with(app, "/api/v1/articles", &[("if-modified-since", since)]).await
}

#[tokio::test]
async fn validators_give_304_and_change_with_the_content() {
    let app = app().start().await;
    newsroom(&app).await;
    // The index follows the change log: until it has taken the newsroom in, two searches in a
    // row may differ (seen on a loaded machine: 200 where the 304 was due).
    let published = app.store.published_article_ids().await.unwrap().len() as u64;
    crate::common::until(
        Duration::from_secs(10),
        "the search index did not take in the newsroom",
        || async { app.state().search.len() == published },
    )
    .await;
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
        let a = get_expecting(&app, path, 200).await;
        let etag = a.header("etag").to_owned();
        assert!(etag.starts_with("W/\""), "{path} has a weak ETag");
        assert!(
            a.header("cache-control").starts_with("public, max-age="),
            "{path}"
        );
        let again = get_with(&app, path, &[("if-none-match", etag.as_str())]).await;
        assert_eq!(again.status, 304, "{path}");
        assert_eq!(again.json, Value::Null, "{path}: a 304 has no body");
        assert_eq!(again.header("etag"), etag);
        let other = get_with(&app, path, &[("if-none-match", "W/\"stale\"")]).await;
        assert_eq!(other.status, 200, "{path}");
    }
    // Last-Modified on lists and documents that have one. A change's time settles a few
    // seconds after it is first seen (caches may still serve the old content meanwhile).
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let list = get(&app, "/api/v1/articles").await;
    let lm = list.header("last-modified").to_owned();
    assert!(lm.ends_with(" GMT"), "{lm}");
    let since = list_modified_since(&app, &lm).await;
    assert_eq!(since.status, 304);
    let page = get(&app, "/api/v1/pages/about").await;
    assert!(page.header("last-modified").ends_with(" GMT"));
    // A publish changes the list's ETag and moves Last-Modified on.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    app.store
        .create_article(&article("late-news", 0))
        .await
        .unwrap();
    let etag = [("if-none-match", list.header("etag"))];
    let after = get_with(&app, "/api/v1/articles", &etag).await;
    assert_eq!(after.status, 200);
    assert_eq!(after.json["items"][0]["slug"], "late-news");
    let after_since = list_modified_since(&app, &lm).await;
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
    let archived = list_modified_since(&app, &lm2).await;
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
    let origin = [("origin", "https://reader.example")];
    let a = get_with(&app, "/api/v1/articles", &origin).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), "*");
    assert_eq!(a.header("access-control-allow-credentials"), "");
    assert!(a.header("access-control-expose-headers").contains("etag"));
    // Errors carry it too, so a browser script can read them.
    let e = get_with(&app, "/api/v1/articles?page=0", &origin).await;
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
        .get_with("/", &[("origin", "https://reader.example")])
        .await;
    assert!(site.headers.get("access-control-allow-origin").is_none());
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
    let day = get_expecting(&app, "/api/v1/most-read?window=24h", 200).await;
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
        [
            "q", "category", "from", "to", "sort", "page", "per_page", "lang"
        ]
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
