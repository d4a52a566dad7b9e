//! The reader's site over real HTTP against a real database: what each page shows, what it
//! must never show, and how it answers bad requests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{add_author, add_category, add_jpeg, add_tag, app, assert_includes};
use gazette_core::model::{CreditRole, Kind, Source, Status};
use gazette_store::NewArticle;
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};

/// The newest visible article of the demo, via the home page's lead story.
async fn lead_url(app: &common::TestApp) -> String {
    let home = app.get("/").await;
    home.attrs("main a[href]", "href")
        .into_iter()
        .find(|h| h.starts_with('/') && h.ends_with('/') && h.matches('/').count() == 2 && h != "/")
        .expect("home links to an article")
}

fn article(slug: &str, title: &str, body: &str) -> NewArticle {
    common::published(slug, title, body)
}

#[tokio::test]
async fn home_shows_lead_latest_sections_most_read_and_the_menu() {
    let app = app().demo(60).start().await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.header("content-type").starts_with("text/html"));
    assert_includes(
        &home.texts("header nav a"),
        &[
            "News",
            "Economy",
            "Energy",
            "Climate",
            "Ecology",
            "Opinion",
            "Gender",
            "River Delta Drought",
        ],
    );
    assert!(
        home.attrs("header nav a", "href")
            .contains(&"/category/news/economy/".to_owned())
    );
    let body = &home.body;
    assert!(body.contains("Most read"), "no most-read block");
    assert!(
        home.count("main article") >= 8,
        "too few stories on the home page"
    );
    // Footer: about text, legal pages, contact, social links, sign-in entry.
    let footer = home.texts("footer").join(" ");
    assert!(footer.contains("independent newsroom"), "{footer}");
    assert_includes(
        &home.attrs("footer a", "href"),
        &[
            "/privacy/",
            "/terms/",
            "/cookies/",
            "mailto:newsroom@meridian.example",
            "https://mastodon.example/@meridian",
            "/account/sign-in",
        ],
    );
    // Machine-readable layer.
    assert_eq!(
        home.attrs("link[rel=canonical]", "href"),
        vec![format!("{}/", app.base)]
    );
    let website = home.json_ld_of("WebSite");
    assert_eq!(website["potentialAction"]["@type"], "SearchAction");
    assert!(
        home.attrs("link[rel=alternate][type=\"application/rss+xml\"]", "href")
            .contains(&"/feed/".to_owned())
    );
}

#[tokio::test]
async fn article_page_has_every_element_a_reader_expects() {
    let app = app().demo(60).start().await;
    let now = OffsetDateTime::now_utc();
    let s = &app.store;
    let news = s.category_by_path("news/economy").await.unwrap().unwrap();
    let tag = add_tag(s, "grain", "Grain").await;
    let author = add_author(s, "ana-test", "Ana Test", "Ana writes tests.").await;
    let translator = add_author(s, "tim-trans", "Tim Trans", "").await;
    let media = s
        .list_articles(&gazette_store::ArticleFilter::All, now, 60, 0)
        .await
        .unwrap();
    let featured = media
        .items
        .iter()
        .find_map(|a| a.featured.clone())
        .expect("demo has pictures");
    let body =
        "First paragraph about grain.\n\n## Subheading\n\nSecond paragraph with **bold** text.\n\n"
            .repeat(120);
    let mut new = article("grain-corridor-reopens", "Grain corridor reopens", &body);
    new.subtitle = Some("Ships are moving again after a month.".into());
    new.kind = Kind::Translation;
    new.source = Some(Source {
        outlet: "Steppe Courier".into(),
        url: "https://steppe-courier.example/2026/grain".into(),
        language: Some("az".into()),
        published_at: Some(now - Duration::days(1)),
    });
    new.category_id = Some(news.id);
    new.featured_media_id = Some(featured.id);
    new.tag_ids = vec![tag];
    new.credits = vec![
        (author, CreditRole::Author),
        (translator, CreditRole::Translator),
    ];
    new.published_at = Some(now - Duration::hours(10));
    new.modified_at = now - Duration::hours(2);
    new.corrections = vec![(now - Duration::hours(2), "The port was misnamed.".into())];
    s.create_article(&new).await.unwrap();

    let page = app.get("/grain-corridor-reopens/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), vec!["Grain corridor reopens"]);
    assert!(page.body.contains("Ships are moving again after a month."));
    assert_eq!(
        page.texts("nav[aria-label=Breadcrumb] li"),
        vec!["Home", "News", "Economy", "Grain corridor reopens"]
    );
    assert!(
        page.attrs("article a", "href")
            .contains(&"/category/news/economy/".to_owned())
    );
    assert!(
        page.attrs("article a", "href")
            .contains(&"/author/ana-test/".to_owned())
    );
    assert!(
        page.attrs("article a", "href")
            .contains(&"/author/tim-trans/".to_owned())
    );
    let times = page.attrs("article time", "datetime");
    assert!(times.len() >= 2, "published and modified dates: {times:?}");
    let text = page.texts("article").join(" ");
    assert!(text.contains("Min Read"), "reading time");
    assert!(text.contains("Views"), "view count");
    assert!(text.contains("Translated from"), "source line");
    assert!(
        page.attrs("article a", "href")
            .contains(&"https://steppe-courier.example/2026/grain".to_owned())
    );
    assert!(text.contains("The port was misnamed."), "correction");
    assert!(
        page.attrs("article a", "href")
            .contains(&"/tag/grain/".to_owned())
    );
    // Featured image with variants, alt text and caption.
    let srcset = page.attrs("article figure img", "srcset").join(" ");
    assert!(
        srcset.contains("480w") && srcset.contains("960w") && srcset.contains("1440w"),
        "{srcset}"
    );
    assert!(!page.attrs("article figure img", "alt")[0].is_empty());
    assert!(!page.texts("article figure figcaption").is_empty());
    // Related and newest lists.
    assert!(page.body.contains("You might also like"));
    assert!(
        page.count("aside article, section article") >= 3,
        "related/newest cards"
    );
    // Machine-readable layer.
    let canonical = format!("{}/grain-corridor-reopens/", app.base);
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        vec![canonical.clone()]
    );
    assert_eq!(page.meta("og:type"), "article");
    assert_eq!(page.meta("og:title"), "Grain corridor reopens");
    assert!(page.meta("og:image").starts_with("http"));
    assert_eq!(page.meta("article:section"), "Economy");
    assert!(!page.meta("twitter:card").is_empty());
    assert_eq!(
        page.attrs("link[rel=alternate][hreflang]", "hreflang"),
        vec!["en"]
    );
    let na = page.json_ld_of("NewsArticle");
    assert_eq!(na["headline"], "Grain corridor reopens");
    assert_eq!(na["url"], canonical.as_str());
    assert_eq!(na["author"][0]["name"], "Ana Test");
    assert_eq!(na["translator"][0]["name"], "Tim Trans");
    assert_eq!(
        na["isBasedOn"]["url"],
        "https://steppe-courier.example/2026/grain"
    );
    assert_eq!(na["isBasedOn"]["inLanguage"], "az");
    assert_eq!(na["articleSection"], "Economy");
    assert!(na["datePublished"].as_str().unwrap().ends_with('Z'));
    assert_ne!(na["datePublished"], na["dateModified"]);
    assert!(na["wordCount"].as_u64().unwrap() > 1000);
    let crumbs = page.json_ld_of("BreadcrumbList");
    assert_eq!(crumbs["itemListElement"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn drafts_and_scheduled_articles_are_never_visible() {
    let app = app().demo(20).start().await;
    let s = &app.store;
    let cat = add_category(s, None, "secret", "Secret", 99).await;
    let tag = add_tag(s, "hidden", "Hidden").await;
    let author = add_author(s, "ghost", "Ghost", "").await;
    let now = OffsetDateTime::now_utc();
    for (slug, status, at) in [
        ("a-draft", Status::Draft, None),
        ("in-review", Status::Review, None),
        ("tomorrow", Status::Scheduled, Some(now + Duration::days(1))),
        (
            "future-published",
            Status::Published,
            Some(now + Duration::hours(2)),
        ),
        ("pulled", Status::Unpublished, Some(now - Duration::days(1))),
    ] {
        let mut a = article(slug, &format!("Invisible {slug}"), "Nothing to see.");
        a.status = status;
        a.published_at = at;
        a.category_id = Some(cat);
        a.tag_ids = vec![tag];
        a.credits = vec![(author, CreditRole::Author)];
        s.create_article(&a).await.unwrap();
        assert_eq!(
            app.get(&format!("/{slug}/")).await.status,
            StatusCode::NOT_FOUND,
            "{slug}"
        );
    }
    for path in ["/", "/category/secret/", "/tag/hidden/", "/author/ghost/"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains("Invisible"),
            "{path} shows an invisible article"
        );
    }
}

#[tokio::test]
async fn hostile_bodies_are_sanitised() {
    let app = app().start().await;
    let body = "Hello <script>alert('x')</script> world.\n\n\
        [click](javascript:alert(1)) and [again](JaVaScRiPt:alert(2))\n\n\
        <img src=\"/x.png\" onerror=\"alert(3)\" alt=\"x\">\n\n\
        <a href=\"java&#x09;script:alert(4)\">tab</a>\n\n\
        <iframe src=\"https://evil.example\"></iframe><svg onload=\"alert(5)\"></svg>\n\n\
        <p style=\"position:fixed\" onclick=\"alert(6)\">styled</p><form action=\"https://evil.example\"><input></form>";
    app.store
        .create_article(&article("hostile", "Hostile", body))
        .await
        .unwrap();
    let page = app.get("/hostile/").await;
    assert_eq!(page.status, StatusCode::OK);
    let article_html: String = {
        let sel = scraper::Selector::parse("article").unwrap();
        page.html().select(&sel).map(|e| e.html()).collect()
    };
    let lower = article_html.to_lowercase();
    for bad in [
        "<script>alert",
        "javascript:",
        "onerror",
        "onload",
        "onclick",
        "<iframe",
        "<svg",
        "style=\"position",
        "<form",
        "evil.example",
    ] {
        assert!(!lower.contains(bad), "`{bad}` survived: {article_html}");
    }
    assert!(page.body.contains("world."), "the harmless text stays");
}

#[tokio::test]
async fn lists_paginate_and_refuse_bad_page_numbers() {
    let app = app().demo(40).start().await;
    let first = app.get("/category/news/").await;
    assert_eq!(first.status, StatusCode::OK);
    let total_pages: u64 = {
        let news = app.store.category_by_path("news").await.unwrap().unwrap();
        let n = app
            .store
            .list_articles(
                &gazette_store::ArticleFilter::Category(news),
                OffsetDateTime::now_utc(),
                0,
                0,
            )
            .await
            .unwrap()
            .total as u64;
        n.div_ceil(12).max(1)
    };
    let last = app
        .get(&format!("/category/news/?page={total_pages}"))
        .await;
    assert_eq!(last.status, StatusCode::OK);
    assert!(last.count("main article") >= 1);
    assert_eq!(
        last.attrs("link[rel=canonical]", "href"),
        vec![if total_pages == 1 {
            format!("{}/category/news/", app.base)
        } else {
            format!("{}/category/news/?page={total_pages}", app.base)
        }]
    );
    assert_eq!(
        app.get(&format!("/category/news/?page={}", total_pages + 1))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/category/news/?page=1000000000000").await.status,
        StatusCode::NOT_FOUND
    );
    for bad in ["-1", "0", "abc", "1.5", "99999999999999999999999", "%00"] {
        let page = app.get(&format!("/category/news/?page={bad}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "page={bad}");
        assert!(
            page.body.contains("whole number"),
            "page={bad}: the error says what is expected"
        );
    }
    // Subcategory pages include only their own articles; parents include children's.
    let economy = app.get("/category/news/economy/").await;
    assert_eq!(economy.status, StatusCode::OK);
    assert_eq!(
        economy.texts("nav[aria-label=Breadcrumb] li"),
        vec!["Home", "News", "Economy"]
    );
}

#[tokio::test]
async fn unknown_pages_get_a_themed_404_and_slashless_paths_redirect() {
    let app = app().demo(10).start().await;
    for path in [
        "/no-such-article/",
        "/category/nope/",
        "/category/news/nope/",
        "/tag/nope/",
        "/author/nope/",
        "/a/b/c/d/",
    ] {
        let page = app.get_expecting(path, StatusCode::NOT_FOUND).await;
        assert!(
            page.count("form[action=\"/search\"]") >= 1,
            "{path}: 404 offers search"
        );
        assert_eq!(page.meta("robots"), "noindex", "{path}");
    }
    let r = app.get("/about").await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.header("location"), "/about/");
    let r = app.get("/category/news?page=2").await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.header("location"), "/category/news/");
    // A path that would redirect off-site is a plain 404.
    let r = app.get("//evil.example").await;
    assert_ne!(r.status, StatusCode::PERMANENT_REDIRECT);
    let about = app.get("/about/").await;
    assert_eq!(about.status, StatusCode::OK);
    assert_eq!(about.texts("h1"), vec!["About us"]);
}

#[tokio::test]
async fn security_headers_and_hashed_assets() {
    let app = app().start().await;
    let home = app.get("/").await;
    let csp = home.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(home.header("x-content-type-options"), "nosniff");
    assert!(!home.header("referrer-policy").is_empty());
    let css = home.attrs("link[rel=stylesheet]", "href");
    assert_eq!(css.len(), 1);
    assert!(
        css[0].starts_with("/assets/") && css[0].ends_with("/site.css"),
        "{css:?}"
    );
    let asset = app.get(&css[0]).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.header("cache-control").contains("immutable"));
    assert!(asset.header("content-type").starts_with("text/css"));
    let stale = app.get("/assets/000000000000/site.css").await;
    assert_eq!(stale.status, StatusCode::OK);
    assert!(!stale.header("cache-control").contains("immutable"));
    for path in [
        "/assets/000000000000/nope.css",
        "/assets/x/..%2f..%2fCargo.toml",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let health = app.get("/healthz").await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok\n")
    );
}

/// What a phone downloads for an article before its pictures (issue 18: at most 30 KB
/// transferred): the HTML and every stylesheet and script it loads, compressed as a browser
/// asks for them.
#[tokio::test]
async fn article_first_load_is_under_30_kb_transferred_before_images() {
    let app = app().demo(30).start().await;
    let url = lead_url(&app).await;
    let page = app.get(&url).await;
    let mut requests = vec![url];
    requests.extend(
        page.attrs("link[rel=stylesheet]", "href")
            .into_iter()
            .chain(page.attrs("script[src]", "src")),
    );
    let mut transferred = 0;
    for path in &requests {
        let response = app.fetch(path, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers().contains_key("content-encoding"),
            "{path} is sent compressed"
        );
        transferred += response.bytes().await.unwrap().len();
    }
    assert!(
        requests.len() <= 4,
        "HTML, CSS and JS in few requests: {requests:?}"
    );
    assert!(
        transferred < 30 * 1024,
        "an article's HTML, CSS and JS take {transferred} bytes"
    );
}

#[tokio::test]
async fn a_theme_directory_overrides_templates_and_assets_without_recompiling() {
    let app = app()
        .configure(|config, data| {
            let theme = data.join("my-theme");
            std::fs::create_dir_all(theme.join("templates")).unwrap();
            std::fs::create_dir_all(theme.join("assets")).unwrap();
            std::fs::write(
                theme.join("templates/not_found.html"),
                "{% extends \"base.html\" %}{% block main %}<h1>Lost at sea</h1>{% endblock %}",
            )
            .unwrap();
            std::fs::write(theme.join("assets/site.css"), "body{color:teal}").unwrap();
            config.theme_dir = theme.display().to_string();
        })
        .start()
        .await;
    let page = app.get("/nowhere/").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Lost at sea"), "{}", page.body);
    let css = page.attrs("link[rel=stylesheet]", "href");
    assert_eq!(app.get(&css[0]).await.body, "body{color:teal}");
    // Templates without an override still come from the embedded theme.
    assert_eq!(app.get("/").await.status, StatusCode::OK);
    // An edit on disk shows on the next request.
    let theme = app.dir.path().join("my-theme/templates/not_found.html");
    std::fs::write(
        &theme,
        "{% extends \"base.html\" %}{% block main %}<h1>Adrift</h1>{% endblock %}",
    )
    .unwrap();
    let mtime = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&theme)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert!(app.get("/nowhere/").await.body.contains("Adrift"));
}

#[tokio::test]
async fn pages_without_a_picture_of_their_own_share_the_sites_social_image() {
    let app = app().start().await;
    let category = add_category(&app.store, None, "economy", "Economy", 1).await;
    let mut plain = article("no-picture", "A piece without a picture", "Words only.");
    plain.category_id = Some(category);
    app.store.create_article(&plain).await.unwrap();
    let mut default_image = None;
    for path in ["/", "/category/economy/", "/no-picture/"] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        let image = page.meta("og:image");
        assert!(
            image.starts_with(&app.base) && image.ends_with("/social.png"),
            "{path}: og:image {image:?}"
        );
        assert_eq!(page.meta("og:image:width"), "1200", "{path}");
        assert_eq!(page.meta("og:image:height"), "630", "{path}");
        assert_eq!(page.meta("twitter:image"), image, "{path}");
        assert_eq!(page.meta("twitter:card"), "summary_large_image", "{path}");
        default_image = Some(image);
    }
    // Google's article rich results require an image: JSON-LD carries the default too.
    let page = app.get("/no-picture/").await;
    let image = default_image.unwrap();
    assert_eq!(
        page.json_ld_of("NewsArticle")["image"][0]["url"],
        image.as_str()
    );
    // And the picture itself is served, as a PNG of the size announced.
    let path = image.strip_prefix(&app.base).unwrap();
    let served = app.fetch(path, &[]).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    let bytes = served.bytes().await.unwrap();
    assert_eq!(
        &bytes[12..24],
        b"IHDR\0\0\x04\xb0\0\0\x02\x76",
        "1200 × 630"
    );
}

#[tokio::test]
async fn an_admin_chooses_the_social_image_of_pages_without_their_own() {
    let app = app().start().await;
    app.store
        .create_article(&article("no-picture", "Words only", "Nothing to see."))
        .await
        .unwrap();
    let masthead = "uploads/2026/12/masthead.jpg";
    let alt = "The newsroom at dawn";
    let picture = add_jpeg(&app.store, masthead, (2400, 1260), alt, vec![480, 1200]).await;
    let mut admin = common::browser::signed_in(&app, "admin").await;
    let settings = |social: &'static str| {
        [
            ("name", "Gazette"),
            ("language", "en"),
            ("privacy_page", ""),
            ("terms_page", ""),
            ("cookies_page", ""),
            ("social_media_id", social),
        ]
    };
    // Only a picture of the library can be chosen.
    for typed in ["999999", "<script>", "-1"] {
        let page = admin
            .submit("/admin/settings", "/admin/settings", &settings(typed))
            .await;
        page.assert_refused("Social image: there is no picture");
    }
    assert_eq!(app.store.settings().await.unwrap().social_media_id, None);

    let chosen = picture.to_string().leak();
    let page = admin
        .submit("/admin/settings", "/admin/settings", &settings(chosen))
        .await;
    page.assert_redirect("/admin/settings?done=saved");
    let form = admin.get("/admin/settings").await;
    assert_eq!(form.selected("social_media_id"), vec![picture.to_string()]);
    for path in ["/", "/no-picture/"] {
        let page = app.get(path).await;
        let image = page.meta("og:image");
        assert!(
            image.starts_with(&app.base) && image.contains("masthead") && image.contains("1200"),
            "{path}: og:image {image:?}"
        );
        assert_eq!(page.meta("og:image:width"), "1200", "{path}");
        assert_eq!(page.meta("og:image:height"), "630", "{path}");
        assert_eq!(page.meta("og:image:alt"), "The newsroom at dawn", "{path}");
        assert_eq!(page.meta("twitter:image"), image, "{path}");
    }
    let page = app.get("/no-picture/").await;
    assert!(
        page.json_ld_of("NewsArticle")["image"][0]["url"]
            .as_str()
            .is_some_and(|u| u.contains("masthead")),
        "JSON-LD carries the chosen picture"
    );

    // While chosen, the picture cannot be deleted, and the refusal leads to the settings.
    let edit = format!("/admin/media/{picture}");
    let page = admin.submit(&edit, &format!("{edit}/delete"), &[]).await;
    assert_ne!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        page.attrs("a[href]", "href")
            .iter()
            .any(|h| h == "/admin/settings"),
        "{}",
        page.body
    );
    assert!(app.store.media_by_id(picture).await.unwrap().is_some());

    // A chosen picture that is gone leaves the theme's in its place, not a broken link.
    let mut s = app.store.settings().await.unwrap();
    s.social_media_id = Some(picture + 1000);
    app.store.save_settings(&s).await.unwrap();
    common::until(
        std::time::Duration::from_secs(10),
        "the theme's picture replaces a deleted one",
        || async { app.get("/").await.meta("og:image").ends_with("/social.png") },
    )
    .await;
}
