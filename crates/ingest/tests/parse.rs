//! Every feed format a source may serve, read from fixtures in `tests/data`: what an
//! editor sees in the inbox (titles, dates, authors, text) and what never gets through
//! (scripts, event handlers, `javascript:` links); broken documents give an error naming
//! the line and the fault; and no input whatever makes a parser panic.

#![allow(clippy::unwrap_used)]

use gazette_ingest::discover::{announced, common_candidates, looks_like_html};
use gazette_ingest::extract::{ExtractError, extract, valid_selector};
use gazette_ingest::{FeedKind, ParseError, parse_feed};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn rss2_items_keep_guid_canonical_url_dates_authors_and_full_text() {
    let feed = parse_feed(&fixture("rss2.xml"), "https://minval.az/rss").unwrap();
    assert_eq!(feed.kind, FeedKind::Rss);
    assert_eq!(feed.title.as_deref(), Some("Minval.az"));
    assert_eq!(feed.language.as_deref(), Some("az"));
    assert_eq!(feed.items.len(), 2);
    let first = &feed.items[0];
    assert_eq!(first.key, "guid:minval-123");
    assert_eq!(first.title, "Bakıda yeni metro stansiyası açıldı");
    assert_eq!(first.author.as_deref(), Some("Aysel Məmmədova"));
    assert_eq!(first.published_at, Some(1_796_553_000));
    assert_eq!(first.summary_html, "<p>Qısa xülasə.</p>");
    assert!(first.needs_full_text());
    let second = &feed.items[1];
    assert_eq!(second.key, "url:https://minval.az/news/124");
    assert_eq!(
        second.content_html.as_deref(),
        Some("<p>Full text paragraph one.</p><p>Two.</p>")
    );
}

#[test]
fn rss_091_and_rss_1_0_are_read() {
    let old = parse_feed(&fixture("rss091.xml"), "http://old.example/rss").unwrap();
    assert_eq!(old.kind, FeedKind::Rss);
    assert_eq!(old.items[0].title, "Ancient item");
    assert_eq!(old.items[0].key, "url:http://old.example/1");
    let rdf = parse_feed(&fixture("rss1.rdf"), "https://rdf.example/rss").unwrap();
    assert_eq!(rdf.kind, FeedKind::Rss);
    assert_eq!(rdf.items[0].title, "RDF item");
    assert_eq!(rdf.items[0].published_at, Some(1_796_457_600));
}

#[test]
fn atom_resolves_relative_links_and_keeps_text_summaries_as_text() {
    let feed = parse_feed(&fixture("atom.xml"), "https://atom.example/atom.xml").unwrap();
    assert_eq!(feed.kind, FeedKind::Atom);
    assert_eq!(feed.home_url.as_deref(), Some("https://atom.example/"));
    let item = &feed.items[0];
    assert_eq!(item.key, "guid:urn:uuid:entry-1");
    assert_eq!(
        item.url.as_deref(),
        Some("https://atom.example/2026/12/06/story")
    );
    assert_eq!(item.title, "Заголовок жирный");
    assert_eq!(item.author.as_deref(), Some("Иван Петров"));
    assert_eq!(item.published_at, Some(1_796_551_200));
    assert_eq!(
        item.summary_html,
        "<p>Краткое содержание &lt;не тег&gt;</p>"
    );
}

#[test]
fn json_feed_content_is_sanitised() {
    let feed = parse_feed(&fixture("feed.json"), "https://json.example/feed.json").unwrap();
    assert_eq!(feed.kind, FeedKind::JsonFeed);
    let item = &feed.items[0];
    assert_eq!(item.key, "guid:j-1");
    assert_eq!(item.content_html.as_deref(), Some("<p>İçerik</p>"));
    assert_eq!(item.published_at, Some(1_796_529_600));
    assert_eq!(item.language.as_deref(), Some("tr"));
}

#[test]
fn google_news_sitemaps_give_items_without_hostile_addresses() {
    let feed = parse_feed(
        &fixture("sitemap-news.xml"),
        "https://report.example/sitemap-news.xml",
    )
    .unwrap();
    assert_eq!(feed.kind, FeedKind::NewsSitemap);
    assert_eq!(feed.title.as_deref(), Some("Report.az"));
    assert_eq!(feed.items.len(), 1, "the javascript: entry is dropped");
    let item = &feed.items[0];
    assert_eq!(item.key, "url:https://report.example/news/1");
    assert_eq!(item.title, "Prezident & nazir görüşdü");
    assert_eq!(item.language.as_deref(), Some("az"));
    assert_eq!(item.published_at, Some(1_796_553_000));
    assert!(item.needs_full_text());
}

#[test]
fn hostile_html_in_items_loses_scripts_handlers_frames_and_javascript_links() {
    let feed = parse_feed(&fixture("hostile.xml"), "https://evil.example/rss").unwrap();
    let item = &feed.items[0];
    assert_eq!(item.url, None, "a javascript: link is no address");
    assert!(!item.title.contains('<'), "{}", item.title);
    for bad in [
        "<script",
        "onclick",
        "iframe",
        "javascript:",
        "data:",
        "<style",
        "onerror",
    ] {
        assert!(
            !item.summary_html.contains(bad),
            "{bad} in {}",
            item.summary_html
        );
        assert!(!item.title.contains(bad), "{bad} in {}", item.title);
    }
    assert!(item.summary_html.contains("Hi"));
    assert!(feed.title.unwrap().contains("Evil"));
}

#[test]
fn broken_documents_say_what_is_wrong_and_where() {
    let err = parse_feed(&fixture("broken.xml"), "https://x.example/rss").unwrap_err();
    assert!(matches!(err, ParseError::Xml { line: 4, .. }), "{err}");
    assert!(err.to_string().starts_with("line 4: broken XML"), "{err}");

    let err = parse_feed(&fixture("page.html"), "https://minval.az/").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 2: not a feed: the document's root is <html>"),
        "{err}"
    );
    assert_eq!(
        parse_feed(b"  \n ", "https://x.example/").unwrap_err(),
        ParseError::Empty
    );
    let err = parse_feed(b"{\"version\": 3}", "https://x.example/").unwrap_err();
    assert!(err.to_string().starts_with("not a JSON Feed"), "{err}");
    let err = parse_feed(
        b"<rss version=\"2.0\"><channel><title>x</title>",
        "https://x.example/",
    )
    .unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
    let err = parse_feed(b"Hello", "https://x.example/").unwrap_err();
    assert!(err.to_string().contains("neither XML nor JSON"), "{err}");
    let deep = format!("<rss>{}", "<a>".repeat(1000));
    assert!(parse_feed(deep.as_bytes(), "https://x.example/").is_err());
}

#[test]
fn discovery_finds_announced_feeds_and_offers_the_common_paths() {
    let html = String::from_utf8(fixture("page.html")).unwrap();
    assert!(looks_like_html(html.as_bytes()));
    let found = announced(&html, "https://minval.az/");
    let urls: Vec<_> = found.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        ["https://minval.az/az/rss", "https://minval.az/atom.xml"]
    );
    assert_eq!(found[0].title.as_deref(), Some("Xəbərlər"));
    let common = common_candidates("https://minval.az/az/page");
    assert!(common.contains(&"https://minval.az/feed/".to_owned()));
    assert!(common.contains(&"https://minval.az/sitemap-news.xml".to_owned()));
    assert!(announced("<html", "not a url").is_empty());
}

#[test]
fn readability_keeps_the_article_and_drops_the_chrome() {
    let html = String::from_utf8(fixture("article.html")).unwrap();
    let got = extract(&html, "https://times.example/story", None).unwrap();
    assert!(got.html.contains("three stations"), "{}", got.html);
    assert!(
        got.html.contains("https://times.example/img/map.png"),
        "{}",
        got.html
    );
    for chrome in ["Buy now", "track()", "Most read", "©"] {
        assert!(!got.html.contains(chrome), "{chrome} in {}", got.html);
    }
}

#[test]
fn a_css_selector_overrides_readability_and_bad_ones_are_named() {
    let html = String::from_utf8(fixture("article.html")).unwrap();
    let got = extract(
        &html,
        "https://times.example/story",
        Some("article.story p.byline"),
    )
    .unwrap();
    assert_eq!(got.html, "<p>By Jane Reporter</p>");
    assert!(valid_selector("div.content > p"));
    assert!(!valid_selector("div[["));
    assert_eq!(
        extract(&html, "https://times.example/story", Some("div[[")).unwrap_err(),
        ExtractError::BadSelector("div[[".into())
    );
    assert_eq!(
        extract(&html, "https://times.example/story", Some(".nothing")).unwrap_err(),
        ExtractError::NoMatch(".nothing".into())
    );
    let got = extract(&html, "https://times.example/story", Some("article a")).unwrap();
    assert!(
        got.html.contains("href=\"https://times.example/related\""),
        "{}",
        got.html
    );
}

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 200,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_feed(&bytes, "https://x.example/feed");
        }

        #[test]
        fn xmlish_text(s in "[<>/a-z =\"'&;{}:\\[\\]!?\n]{0,300}") {
            let _ = parse_feed(s.as_bytes(), "https://x.example/feed");
            let _ = parse_feed(format!("<rss version=\"2.0\"><channel>{s}").as_bytes(), "https://x.example/");
            let _ = parse_feed(format!("<urlset><url><loc>{s}</loc></url>{s}").as_bytes(), "https://x.example/");
            let _ = gazette_ingest::opml::parse(&format!("<opml><body>{s}"));
            let _ = announced(&s, "https://x.example/");
            let _ = extract(&s, "https://x.example/", None);
            let _ = extract(&s, "https://x.example/", Some(&s));
        }

        #[test]
        fn mutated_fixtures(cut in 0usize..1400, byte in any::<u8>()) {
            for name in ["rss2.xml", "atom.xml", "feed.json", "sitemap-news.xml", "rss1.rdf"] {
                let mut doc = fixture(name);
                let at = cut % doc.len();
                doc[at] = byte;
                let _ = parse_feed(&doc, "https://x.example/");
                doc.truncate(at);
                let _ = parse_feed(&doc, "https://x.example/");
            }
        }
    }
}
