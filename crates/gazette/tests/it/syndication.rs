//! Feeds and sitemaps read by real parsers: a feed reader's library for RSS, Atom and
//! JSON Feed, and an XML parser for sitemaps, checked against the formats' rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app;
use gazette_store::ArticleFilter::All;
use reqwest::StatusCode;

const FEEDS: &[(&str, &str)] = &[
    ("/feed/", "application/rss+xml"),
    ("/feed/atom/", "application/atom+xml"),
    ("/feed.json", "application/feed+json"),
];

/// The text of the first element named `tag` among `nodes` (a document's descendants, an
/// element's children); the test fails without one.
fn text_of<'a, 'input: 'a>(
    mut nodes: impl Iterator<Item = roxmltree::Node<'a, 'input>>,
    tag: &str,
) -> &'a str {
    let found = nodes.find(|n| n.has_tag_name(tag));
    found
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("no <{tag}> with text"))
}

#[tokio::test]
async fn site_feeds_parse_and_follow_the_formats_rules() {
    let app = app().demo(40).start().await;
    let now = time::OffsetDateTime::now_utc();
    let mut newest = app.store.latest_articles(&All, now, 1, 0).await.unwrap();
    let newest = newest.remove(0);
    let mut ids_by_format = Vec::new();
    for (path, mime) in FEEDS {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.header("content-type").starts_with(mime),
            "{path}: {}",
            page.header("content-type")
        );
        let feed = feed_rs::parser::parse(page.body.as_bytes())
            .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        assert_eq!(
            feed.title.as_ref().unwrap().content,
            "The Meridian Digest",
            "{path}"
        );
        assert_eq!(feed.entries.len(), 30, "{path}");
        let first = &feed.entries[0];
        assert_eq!(
            first.title.as_ref().unwrap().content,
            newest.title,
            "{path}: newest first"
        );
        assert!(
            first.links[0].href.starts_with(&app.base),
            "{path}: absolute link"
        );
        assert_eq!(
            first.links[0].href,
            format!("{}/{}/", app.base, newest.slug)
        );
        let published = first.published.unwrap_or_else(|| panic!("{path}: no date"));
        assert_eq!(
            published.timestamp(),
            newest.published_at.unix_timestamp(),
            "{path}"
        );
        assert!(!first.authors.is_empty(), "{path}: author");
        assert!(!first.categories.is_empty(), "{path}: categories");
        let content = first
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        assert!(
            content.len() > first.summary.as_ref().map_or(0, |s| s.content.len()),
            "{path}: full content"
        );
        assert!(
            !content.contains("src=\"/") && !content.contains("href=\"/"),
            "{path}: links in content are absolute"
        );
        // Every entry has a stable, unique id.
        let ids: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{path}: duplicate ids");
        ids_by_format.push(ids);
        // The featured image travels with the entry.
        if *path == "/feed.json" {
            let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
            assert!(
                json["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["image"].as_str().is_some_and(|u| u.starts_with("http")))
            );
            continue;
        }
        assert!(
            feed.entries.iter().any(|e| !e.media.is_empty()
                || e.links
                    .iter()
                    .any(|l| l.rel.as_deref() == Some("enclosure"))),
            "{path}: no entry carries its picture"
        );
    }
    assert_eq!(ids_by_format[0], ids_by_format[1], "RSS and Atom ids agree");
    assert_eq!(
        ids_by_format[1], ids_by_format[2],
        "Atom and JSON Feed ids agree"
    );
    // Ids are stable from one request to the next.
    let again = feed_rs::parser::parse(app.get("/feed/atom/").await.body.as_bytes()).unwrap();
    assert_eq!(
        again
            .entries
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
        ids_by_format[1]
    );

    let rss_body = app.get("/feed/").await.body;
    let rss = roxmltree::Document::parse(&rss_body).unwrap();
    let pub_date = text_of(rss.descendants(), "pubDate");
    assert!(
        pub_date.ends_with("+0000") && pub_date.contains(", "),
        "RFC 822 date: {pub_date}"
    );
    let enclosure = rss
        .descendants()
        .find(|n| n.has_tag_name("enclosure"))
        .unwrap();
    assert!(
        enclosure
            .attribute("length")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
}

#[tokio::test]
async fn every_list_has_its_feeds_and_missing_lists_are_404() {
    let app = app().demo(40).start().await;
    let home = app.get("/category/news/").await;
    assert!(
        home.attrs("link[rel=alternate]", "href")
            .contains(&"/category/news/feed/".to_owned())
    );
    for base in [
        "/category/news/",
        "/category/news/economy/",
        "/tag/rail/",
        "/author/lena-marsh/",
    ] {
        for (suffix, mime) in [
            ("feed/", "application/rss+xml"),
            ("feed/atom/", "application/atom+xml"),
            ("feed.json", "application/feed+json"),
        ] {
            let path = format!("{base}{suffix}");
            let page = app.get(&path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert!(page.header("content-type").starts_with(mime), "{path}");
            let feed = feed_rs::parser::parse(page.body.as_bytes())
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(
                feed.title
                    .unwrap()
                    .content
                    .contains(" – The Meridian Digest"),
                "{path}"
            );
        }
    }
    let author =
        feed_rs::parser::parse(app.get("/author/lena-marsh/feed/").await.body.as_bytes()).unwrap();
    assert!(author.entries.iter().all(|e| {
        e.authors
            .iter()
            .any(|a| a.name.as_deref() == Some("Lena Marsh"))
    }));
    for path in [
        "/category/nope/feed/",
        "/tag/nope/feed/",
        "/author/nope/feed.json",
        "/tag/rail/feed/bogus/",
        "/category/news/feed/rss2/",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn excerpts_only_when_the_site_says_so() {
    let app = app().demo(10).start().await;
    let mut settings = app.store.settings().await.unwrap();
    settings.feed_full_content = false;
    app.store.save_settings(&settings).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let feed = feed_rs::parser::parse(app.get("/feed/atom/").await.body.as_bytes()).unwrap();
    assert!(
        feed.entries.iter().all(|e| e.content.is_none()),
        "no full content"
    );
    assert!(feed.entries.iter().all(|e| e.summary.is_some()));
}

#[tokio::test]
async fn sitemaps_list_every_visible_article_once_with_dates_and_images() {
    let app = app().demo(60).start().await;
    let index = app.get("/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.header("content-type").starts_with("application/xml"));
    let doc = roxmltree::Document::parse(&index.body).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "sitemapindex");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_owned())
        .collect();
    assert!(locs.len() >= 3, "pages and several months: {locs:?}");
    let mut article_urls = Vec::new();
    for loc in &locs {
        assert!(loc.starts_with(&app.base), "absolute: {loc}");
        let part = app.get(loc.strip_prefix(&app.base).unwrap()).await;
        assert_eq!(part.status, StatusCode::OK, "{loc}");
        let doc = roxmltree::Document::parse(&part.body).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "urlset");
        for url in doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("url"))
        {
            let loc = text_of(url.children(), "loc").to_owned();
            if let Some(lastmod) = url.children().find(|n| n.has_tag_name("lastmod")) {
                let t = lastmod.text().unwrap();
                assert!(
                    time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                        .is_ok(),
                    "lastmod {t}"
                );
            }
            article_urls.push(loc);
        }
    }
    let now = time::OffsetDateTime::now_utc();
    let visible = app.store.count_articles(&All, now).await.unwrap() as usize;
    let articles: Vec<&String> = article_urls
        .iter()
        .filter(|u| !u.contains("/category/") && !u.contains("/tag/") && !u.contains("/author/"))
        .collect();
    // Visible articles, plus home and the five static pages.
    assert_eq!(articles.len(), visible + 6);
    let mut unique = article_urls.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), article_urls.len(), "no URL twice");
    // Drafts and scheduled pieces are not listed.
    assert!(
        !app.get("/sitemap/posts-2026-13.xml")
            .await
            .status
            .is_success()
    );
    for path in [
        "/sitemap/posts-1999-01.xml",
        "/sitemap/..%2F..%2Fetc%2Fpasswd",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Image entries.
    let month = locs.iter().find(|l| l.contains("posts-")).unwrap();
    let body = app.get(month.strip_prefix(&app.base).unwrap()).await.body;
    assert!(body.contains("<image:image><image:loc>"), "image entries");
}

#[tokio::test]
async fn news_sitemap_has_the_last_48_hours_and_robots_names_the_sitemaps() {
    let app = app().demo(60).start().await;
    let news = app.get("/sitemap-news.xml").await;
    assert_eq!(news.status, StatusCode::OK);
    let doc = roxmltree::Document::parse(&news.body).unwrap();
    let now = time::OffsetDateTime::now_utc();
    let dates: Vec<time::OffsetDateTime> = doc
        .descendants()
        .filter(|n| n.has_tag_name("publication_date"))
        .map(|n| {
            time::OffsetDateTime::parse(
                n.text().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
        })
        .collect();
    assert!(!dates.is_empty(), "the demo always has a fresh article");
    assert!(
        dates
            .iter()
            .all(|d| now - *d <= time::Duration::hours(48) && *d <= now)
    );
    assert_eq!(text_of(doc.descendants(), "name"), "The Meridian Digest");
    assert_eq!(text_of(doc.descendants(), "language"), "en");
    let robots = app.get("/robots.txt").await;
    assert!(robots.header("content-type").starts_with("text/plain"));
    assert!(
        robots
            .body
            .contains(&format!("Sitemap: {}/sitemap.xml", app.base))
    );
    assert!(
        robots
            .body
            .contains(&format!("Sitemap: {}/sitemap-news.xml", app.base))
    );
    assert!(robots.body.contains("Disallow: /admin/"));
    // Result pages stay out of crawlers' way; the bare search form does not.
    assert!(robots.body.contains("Disallow: /search?\n"));
}

#[tokio::test]
async fn every_page_type_has_canonical_social_tags_and_structured_data() {
    let app = app().demo(12).start().await;
    let home = app.get("/").await;
    let article = home
        .attrs(".card__title a", "href")
        .into_iter()
        .next()
        .expect("an article on the home page");
    let article_page = app.get(&article).await;
    let author = article_page.attrs("a[rel=author]", "href")[0].clone();
    let tag = article_page
        .attrs("a[href^=\"/tag/\"]", "href")
        .into_iter()
        .next()
        .expect("a tag link");
    let legal = home.attrs("footer a[href]", "href");
    let static_page = legal
        .iter()
        .find(|h| h.contains("privacy"))
        .expect("a privacy page")
        .clone();
    let cases = [
        ("/", vec!["WebSite", "NewsMediaOrganization"]),
        (article.as_str(), vec!["NewsArticle", "BreadcrumbList"]),
        ("/category/news/", vec!["CollectionPage", "BreadcrumbList"]),
        (tag.as_str(), vec!["CollectionPage", "BreadcrumbList"]),
        (author.as_str(), vec!["ProfilePage", "BreadcrumbList"]),
        (static_page.as_str(), vec!["WebPage", "BreadcrumbList"]),
        ("/search?q=river", vec!["BreadcrumbList"]),
    ];
    for (path, types) in cases {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        let canonical = page.attrs("link[rel=canonical]", "href");
        assert_eq!(canonical.len(), 1, "{path}: one canonical link");
        assert!(
            canonical[0].starts_with(&app.base),
            "{path}: canonical is absolute"
        );
        assert_eq!(page.meta("og:url"), canonical[0], "{path}");
        for tag in [
            "og:title",
            "og:description",
            "og:site_name",
            "twitter:card",
            "description",
        ] {
            assert!(!page.meta(tag).is_empty(), "{path}: {tag} missing");
        }
        let ld = page.json_ld();
        for v in &ld {
            assert_eq!(v["@context"], "https://schema.org", "{path}");
        }
        let found: Vec<&str> = ld.iter().filter_map(|v| v["@type"].as_str()).collect();
        for t in types {
            assert!(found.contains(&t), "{path}: {t} missing from {found:?}");
        }
        if let Some(listing) = ld
            .iter()
            .find(|v| v["@type"] == "CollectionPage" || v["@type"] == "ProfilePage")
        {
            assert_eq!(listing["url"], canonical[0].as_str(), "{path}");
            assert_eq!(listing["isPartOf"]["url"], format!("{}/", app.base));
            assert!(!listing["name"].as_str().unwrap().is_empty());
        }
    }
    let profile = app.get(&author).await.json_ld_of("ProfilePage");
    assert_eq!(profile["mainEntity"]["@type"], "Person");
}
