//! The reader's search: results, highlighting, filters, language folding through the whole
//! stack, the index following publishes and unpublishes, and every kind of bad input.

use crate::common;

use std::time::Duration;

use common::{add_category, app, search_finds, search_hits, until};
use gazette_core::model::Status;
use gazette_store::NewArticle;
use time::OffsetDateTime;
use time::macros::datetime;

fn piece(slug: &str, title: &str, body: &str, language: &str) -> NewArticle {
    NewArticle {
        language: language.into(),
        ..common::published(slug, title, body)
    }
}

#[tokio::test]
async fn a_title_search_finds_the_article_with_highlights_and_the_form_keeps_the_query() {
    let app = app().start().await;
    app.store
        .create_article(&piece(
            "harbour-cranes",
            "Harbour cranes return to the northern port",
            "Dock workers watched the new cranes arrive on barges.",
            "en",
        ))
        .await
        .unwrap();
    app.store
        .create_article(&piece(
            "bakery-prices",
            "Bakery prices hold steady",
            "Bread costs the same as last winter, the cranes notwithstanding.",
            "en",
        ))
        .await
        .unwrap();
    search_finds(&app, "q=cranes", "/bakery-prices/").await;
    let page = app.get("/search?q=cranes").await;
    let links = page.attrs(".search-results .result__title a", "href");
    assert_eq!(
        links,
        ["/harbour-cranes/", "/bakery-prices/"],
        "a title match ranks above a body match"
    );
    assert_eq!(
        page.texts(".search-results .result__title mark")[0],
        "cranes"
    );
    assert!(page.body.contains("<mark>cranes</mark> notwithstanding"));
    assert_eq!(page.attrs("#search-q", "value"), ["cranes"]);
    assert_eq!(
        page.texts(".listing-header [role=status]"),
        ["2 articles match cranes"]
    );
    assert!(page.meta("robots").contains("noindex"));
    let form = app.get("/search").await;
    assert_eq!(form.meta("robots"), "", "the bare form may be indexed");
    // A quoted phrase matches only the words in that order.
    let phrase = search_hits(&app, "q=%22new+cranes%22").await;
    assert_eq!(phrase, ["/harbour-cranes/"]);
}

#[tokio::test]
async fn publishing_makes_an_article_findable_and_unpublishing_hides_it() {
    let app = app().demo(6).start().await;
    let id = app
        .store
        .create_article(&piece(
            "zeppelin-mail",
            "Zeppelin mail service resumes",
            "Letters crossed the sea by airship again.",
            "en",
        ))
        .await
        .unwrap();
    let took = search_finds(&app, "q=zeppelin", "/zeppelin-mail/").await;
    eprintln!("a new article was searchable after {took:?}");
    app.store
        .set_article_status(id, Status::Draft, OffsetDateTime::now_utc())
        .await
        .unwrap();
    until(
        Duration::from_secs(10),
        "an unpublished article stayed in the results",
        || async { search_hits(&app, "q=zeppelin").await.is_empty() },
    )
    .await;
}

#[tokio::test]
async fn drafts_and_scheduled_articles_are_never_found() {
    let app = app().start().await;
    let mut draft = piece("secret-draft", "Quokka census draft", "Not ready.", "en");
    draft.status = Status::Draft;
    draft.published_at = None;
    app.store.create_article(&draft).await.unwrap();
    let mut scheduled = piece("quokka-later", "Quokka census results", "Embargoed.", "en");
    scheduled.published_at = Some(OffsetDateTime::now_utc() + Duration::from_secs(3600));
    app.store.create_article(&scheduled).await.unwrap();
    app.store
        .create_article(&piece(
            "quokka-now",
            "Quokka census begins",
            "Counting started.",
            "en",
        ))
        .await
        .unwrap();
    search_finds(&app, "q=quokka", "/quokka-now/").await;
    assert_eq!(search_hits(&app, "q=quokka").await, ["/quokka-now/"]);
    // Not even counted: the total says nothing about what is embargoed.
    finds_nothing_for_results(&app).await;
}

#[tokio::test]
async fn an_article_scheduled_after_searches_began_is_not_counted_either() {
    let app = app().start().await;
    let now = piece("wombat-now", "Wombat census begins", "Counting.", "en");
    app.store.create_article(&now).await.unwrap();
    // Searches have run (and the server knows nothing is scheduled)…
    search_finds(&app, "q=wombat", "/wombat-now/").await;
    // …when an embargoed piece is written, then one published after it: once that one is
    // found, the embargoed one is in the index too.
    let mut later = piece("wombat-later", "Wombat census results", "Embargoed.", "en");
    later.published_at = Some(OffsetDateTime::now_utc() + Duration::from_secs(3600));
    app.store.create_article(&later).await.unwrap();
    let marker = piece("wombat-marker", "Wombat census marker", "Next.", "en");
    app.store.create_article(&marker).await.unwrap();
    search_finds(&app, "q=marker", "/wombat-marker/").await;
    finds_nothing_for_results(&app).await;
}

/// A search for the embargoed pieces' word lists nothing and counts nothing.
async fn finds_nothing_for_results(app: &common::TestApp) {
    let page = app.get("/search?q=results").await;
    assert_eq!(page.count(".search-results > li"), 0);
    assert_eq!(
        page.texts(".listing-header [role=status]"),
        ["0 articles match results"]
    );
}

#[tokio::test]
async fn azerbaijani_turkish_and_russian_words_are_found_as_readers_type_them() {
    let app = app().start().await;
    app.store
        .create_article(&piece(
            "ilham-speech",
            "İlham Əliyev Bakıda çıxış etdi",
            "Prezident İlham Əliyev iqtisadiyyat haqqında danışdı.",
            "az",
        ))
        .await
        .unwrap();
    app.store
        .create_article(&piece(
            "economy-ru",
            "Рост экономики замедлился",
            "Экономика страны выросла на два процента.",
            "ru",
        ))
        .await
        .unwrap();
    search_finds(&app, "q=ilham", "/ilham-speech/").await;
    // The dotted capital İ is the capital of i; readers type it either way.
    assert_eq!(search_hits(&app, "q=%C4%B0LHAM").await, ["/ilham-speech/"]);
    // ə typed as e or a.
    assert_eq!(search_hits(&app, "q=eliyev").await, ["/ilham-speech/"]);
    assert_eq!(search_hits(&app, "q=aliyev").await, ["/ilham-speech/"]);
    // ı is a letter of its own: "Bakıda" as written matches, and so does its capital.
    assert_eq!(search_hits(&app, "q=Bak%C4%B1da").await, ["/ilham-speech/"]);
    assert_eq!(search_hits(&app, "q=BAKIDA").await, ["/ilham-speech/"]);
    // Russian stemming: another case of the same word.
    search_finds(
        &app,
        "q=%D1%8D%D0%BA%D0%BE%D0%BD%D0%BE%D0%BC%D0%B8%D0%BA%D0%B0",
        "/economy-ru/",
    )
    .await;
}

#[tokio::test]
async fn filters_by_section_and_date_and_sorting_by_date() {
    let app = app().start().await;
    let news = add_category(&app.store, None, "news", "News", 0).await;
    let economy = add_category(&app.store, Some(news), "economy", "Economy", 0).await;
    let culture = add_category(&app.store, None, "culture", "Culture", 1).await;
    for (slug, category, at) in [
        ("walrus-old", economy, datetime!(2025-01-10 12:00 UTC)),
        ("walrus-new", economy, datetime!(2026-06-01 12:00 UTC)),
        ("walrus-art", culture, datetime!(2025-08-20 12:00 UTC)),
    ] {
        let mut a = piece(slug, &format!("Walrus {slug}"), "About walruses.", "en");
        a.category_id = Some(category);
        a.published_at = Some(at);
        app.store.create_article(&a).await.unwrap();
    }
    search_finds(&app, "q=walrus", "/walrus-art/").await;
    let mut in_news = search_hits(&app, "q=walrus&category=news").await;
    in_news.sort();
    assert_eq!(
        in_news,
        ["/walrus-new/", "/walrus-old/"],
        "a section includes its subsections"
    );
    assert_eq!(
        search_hits(&app, "q=walrus&category=culture").await,
        ["/walrus-art/"]
    );
    assert_eq!(
        search_hits(&app, "q=walrus&from=2025-06-01&to=2025-12-31").await,
        ["/walrus-art/"]
    );
    assert_eq!(
        search_hits(&app, "q=walrus&to=2025-01-10").await,
        ["/walrus-old/"],
        "`to` includes the whole day"
    );
    assert_eq!(
        search_hits(&app, "q=walrus&sort=newest").await,
        ["/walrus-new/", "/walrus-art/", "/walrus-old/"]
    );
    let page = app.get("/search?q=walrus&category=culture").await;
    assert_eq!(page.selected("category"), ["culture"]);
}

#[tokio::test]
async fn results_are_paginated_with_the_query_kept() {
    let app = app().start().await;
    for i in 0..23 {
        app.store
            .create_article(&piece(
                &format!("otter-{i}"),
                &format!("Otter sighting number {i}"),
                "Otters again.",
                "en",
            ))
            .await
            .unwrap();
    }
    until(
        Duration::from_secs(10),
        "not all 23 were indexed",
        || async {
            let page = app.get("/search?q=otter").await;
            page.texts(".listing-header [role=status]") == ["23 articles match otter · page 1 of 3"]
        },
    )
    .await;
    let first = app.get("/search?q=otter&sort=newest").await;
    assert_eq!(first.count(".search-results > li"), 10);
    let next = first.attrs("a[rel=next]", "href");
    assert_eq!(next, ["/search?q=otter&sort=newest&page=2"]);
    let third = app.get("/search?q=otter&sort=newest&page=3").await;
    assert_eq!(third.count(".search-results > li"), 3);
    assert!(third.attrs("a[rel=next]", "href").is_empty());
    assert_eq!(app.get("/search?q=otter&page=4").await.status, 404);
}

#[tokio::test]
async fn bad_search_input_gets_a_clear_4xx_or_a_normal_page_never_a_500() {
    let app = app().demo(6).start().await;
    let long = "a".repeat(10 * 1024);
    let cases: Vec<(String, u16, &str)> = vec![
        ("/search".into(), 200, ""),
        ("/search?q=".into(), 400, "Type a word"),
        ("/search?q=+++".into(), 400, "Type a word"),
        (format!("/search?q={long}"), 400, "too long"),
        ("/search?q=%22unbalanced+quote".into(), 200, ""),
        (
            "/search?q=title%3A(a+OR+b)+AND+*+~2+%5E3+%5B1+TO+2%5D+-%2B!".into(),
            200,
            "",
        ),
        ("/search?q=%00%01%02".into(), 400, "Type a word"),
        (
            "/search?q=x&page=-1".into(),
            400,
            "`page` must be a whole number",
        ),
        (
            "/search?q=x&page=1000000000000".into(),
            400,
            "`page` must be a whole number",
        ),
        ("/search?q=x&page=abc".into(), 400, "`page`"),
        ("/search?q=x&sort=sideways".into(), 400, "`sort`"),
        (
            "/search?q=x&from=2026-13-45".into(),
            400,
            "`from` must be a date",
        ),
        (
            "/search?q=x&to=yesterday".into(),
            400,
            "`to` must be a date",
        ),
        (
            "/search?q=x&category=no-such-section".into(),
            400,
            "`category`",
        ),
        ("/search?q=x&from=2026-05-01&to=2020-01-01".into(), 200, ""),
        // Invalid UTF-8 is read as replacement characters: a search for nothing real.
        ("/search?q=%FF%FE".into(), 200, "No articles match"),
    ];
    for (path, status, says) in cases {
        let page = app.get(&path).await;
        assert_eq!(page.status.as_u16(), status, "{path}: {}", page.body);
        if !says.is_empty() {
            assert!(
                page.body.contains(says),
                "{path} should say `{says}`; got {}",
                page.texts("#search-error, .error, main").join(" | ")
            );
        }
        if status == 400 {
            assert_eq!(
                page.count("form[role=search] #search-q"),
                1,
                "{path}: the form is there to try again"
            );
        }
    }
}
