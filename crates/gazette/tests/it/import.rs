//! `gazette import wordpress` against the shipped WordPress 6.1 export, over real HTTP:
//! every published post at its new URL with the right title, author, date, category and
//! tags (checked against values read from the XML independently, with roxmltree); old
//! URLs answering 301; a second run changing nothing; broken files failing with their
//! position and writing nothing; hostile HTML sanitised; drafts and private posts hidden.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::{TestApp, app};
use gazette::import::{ImportCommandError, Report, WordpressOptions, import_wordpress};
use gazette_import::ImportError;
use reqwest::StatusCode;

pub(crate) const EXPORT: &str = "wp-export-1000.xml.gz";
const UPLOADS: &str = "wp-uploads-1000.tar.gz";

pub(crate) fn data(file: &str) -> PathBuf {
    common::shared_data(file)
}

fn export_xml() -> String {
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(data(EXPORT)).unwrap())
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Imports `file` into `app` as `gazette import wordpress` would.
pub(crate) async fn import(
    app: &TestApp,
    file: &Path,
    uploads: Option<&Path>,
    dry_run: bool,
) -> Result<Report, ImportCommandError> {
    let options = WordpressOptions {
        file: file.to_path_buf(),
        uploads: uploads.map(Path::to_path_buf),
        dry_run,
        ..WordpressOptions::default()
    };
    import_wordpress(&app.store, &app.settings.media, &options, &mut |_, _, _| {}).await
}

/// Imports the shipped export with the pictures of `uploads` (see [`uploads_dir`]).
pub(crate) async fn import_shipped(app: &TestApp, uploads: &Path) -> Report {
    import(app, &data(EXPORT), Some(uploads), false)
        .await
        .unwrap()
}

pub(crate) fn uploads_dir(app: &TestApp) -> PathBuf {
    let dir = app.dir.path().join("old-site");
    std::fs::create_dir_all(&dir).unwrap();
    let status = std::process::Command::new("tar")
        .arg("xzf")
        .arg(data(UPLOADS))
        .arg("-C")
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

/// A post as the XML says, read without any of the importer's code.
#[derive(Debug, Clone)]
struct Expected {
    id: i64,
    title: String,
    slug: String,
    status: String,
    kind: String,
    date_gmt: String,
    creator: String,
    categories: Vec<String>,
    tags: BTreeSet<String>,
}

struct ExpectedSite {
    posts: Vec<Expected>,
    authors: HashMap<String, String>,
    categories: HashMap<String, (String, String)>,
}

fn expected() -> ExpectedSite {
    let xml = export_xml();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let wp = "http://wordpress.org/export/1.2/";
    let child = |n: roxmltree::Node, ns: Option<&str>, name: &str| -> String {
        n.children()
            .find(|c| {
                c.tag_name().name() == name
                    && ns.is_none_or(|ns| c.tag_name().namespace() == Some(ns))
            })
            .map(|c| c.text().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    let channel = doc.root_element().first_element_child().unwrap();
    let mut authors = HashMap::new();
    let mut categories = HashMap::new();
    let mut posts = Vec::new();
    for n in channel.children().filter(|n| n.is_element()) {
        match (n.tag_name().namespace(), n.tag_name().name()) {
            (Some(ns), "author") if ns == wp => {
                authors.insert(
                    child(n, Some(wp), "author_login"),
                    child(n, Some(wp), "author_display_name"),
                );
            }
            (Some(ns), "category") if ns == wp => {
                categories.insert(
                    child(n, Some(wp), "category_nicename"),
                    (
                        child(n, Some(wp), "cat_name"),
                        child(n, Some(wp), "category_parent"),
                    ),
                );
            }
            (None, "item") => {
                let terms = |domain: &str| {
                    n.children()
                        .filter(|c| {
                            c.tag_name().name() == "category"
                                && c.attribute("domain") == Some(domain)
                        })
                        .map(|c| c.attribute("nicename").unwrap_or("").to_owned())
                        .collect::<Vec<_>>()
                };
                posts.push(Expected {
                    id: child(n, Some(wp), "post_id").parse().unwrap(),
                    title: child(n, None, "title"),
                    slug: child(n, Some(wp), "post_name"),
                    status: child(n, Some(wp), "status"),
                    kind: child(n, Some(wp), "post_type"),
                    date_gmt: child(n, Some(wp), "post_date_gmt"),
                    creator: child(n, None, "creator"),
                    categories: terms("category"),
                    tags: terms("post_tag").into_iter().collect(),
                });
            }
            _ => {}
        }
    }
    ExpectedSite {
        posts,
        authors,
        categories,
    }
}

fn category_path(site: &ExpectedSite, slug: &str) -> String {
    match site.categories.get(slug) {
        Some((_, parent)) if !parent.is_empty() => {
            format!("{}/{slug}", category_path(site, parent))
        }
        _ => slug.to_owned(),
    }
}

#[tokio::test]
async fn the_shipped_export_is_imported_and_every_published_post_is_at_its_new_url() {
    let app = app().start().await;
    let uploads = uploads_dir(&app);
    let site = expected();
    let report = import(&app, &data(EXPORT), Some(&uploads), false)
        .await
        .unwrap();
    let count = |kind: &str, status: Option<&str>| {
        site.posts
            .iter()
            .filter(|p| p.kind == kind && status.is_none_or(|s| p.status == s))
            .count() as u64
    };
    assert_eq!(
        report.created.get("post"),
        Some(&count("post", None)),
        "{}",
        report.render()
    );
    assert_eq!(count("post", None), 1000);
    assert_eq!(report.created.get("page"), Some(&count("page", None)));
    assert_eq!(
        report.created.get("author"),
        Some(&(site.authors.len() as u64))
    );
    assert_eq!(
        report.created.get("category"),
        Some(&(site.categories.len() as u64))
    );
    assert_eq!(report.created.get("tag"), Some(&41));
    assert_eq!(report.created.get("attachment"), Some(&50));
    assert!(report.skipped.is_empty(), "{}", report.render());

    // Every published post, at its slug, with what the XML says.
    let published: Vec<Expected> = site
        .posts
        .iter()
        .filter(|p| p.kind == "post" && p.status == "publish")
        .cloned()
        .collect();
    assert!(published.len() > 900);
    let site = std::sync::Arc::new(site);
    let app = std::sync::Arc::new(app);
    for chunk in published.chunks(16) {
        let mut set = tokio::task::JoinSet::new();
        for p in chunk.iter().cloned() {
            let (app, site) = (app.clone(), site.clone());
            set.spawn(async move {
                let page = app.get(&format!("/{}/", p.slug)).await;
                assert_eq!(page.status, StatusCode::OK, "post {} /{}/", p.id, p.slug);
                assert_eq!(
                    page.texts("h1.article__title"),
                    vec![p.title.clone()],
                    "post {}",
                    p.id
                );
                let author = &site.authors[&p.creator];
                assert!(
                    page.texts(".article__authors")
                        .iter()
                        .any(|t| t.contains(author.as_str())),
                    "post {}: author {author}",
                    p.id
                );
                let iso = format!("{}Z", p.date_gmt.replace(' ', "T"));
                assert_eq!(
                    page.attrs("time[datetime]", "datetime").first(),
                    Some(&iso),
                    "post {} date",
                    p.id
                );
                let primary = &p.categories[0];
                assert_eq!(
                    page.texts("a.label").first(),
                    Some(&site.categories[primary].0)
                );
                assert_eq!(
                    page.attrs("a.label", "href").first(),
                    Some(&format!("/category/{}/", category_path(&site, primary)))
                );
                let tags: BTreeSet<String> = page
                    .attrs("nav.tags a", "href")
                    .into_iter()
                    .map(|h| {
                        h.trim_start_matches("/tag/")
                            .trim_end_matches('/')
                            .to_owned()
                    })
                    .collect();
                assert_eq!(tags, p.tags, "post {} tags", p.id);
            });
        }
        while let Some(r) = set.join_next().await {
            r.unwrap();
        }
    }

    // Featured pictures were copied with variants and are served.
    let first = &published[0];
    let page = app.get(&format!("/{}/", first.slug)).await;
    let srcs: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("img, source").unwrap())
        .flat_map(|e| {
            [e.value().attr("src"), e.value().attr("srcset")]
                .into_iter()
                .flatten()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.contains("/media/wp/"))
        .collect();
    assert!(!srcs.is_empty(), "no imported picture on {}", first.slug);
    let media = app.get("/media/wp/2024/01/photo-0-480.png").await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.header("content-type"), "image/png");

    // Bodies point at the new media, never at the old uploads.
    let with_pictures = site
        .posts
        .iter()
        .find(|p| {
            p.status == "publish" && p.kind == "post" && {
                let xml = export_xml();
                let at = xml
                    .find(&format!("<wp:post_id>{}</wp:post_id>", p.id))
                    .unwrap();
                xml[..at]
                    .rfind("<item>")
                    .is_some_and(|s| xml[s..at].contains("wp-content/uploads"))
            }
        })
        .unwrap();
    let page = app.get(&format!("/{}/", with_pictures.slug)).await;
    let body = page.html_of(".article__body");
    assert!(body.contains("/media/wp/2024/01/"), "{body}");
    assert!(!body.contains("wp-content"), "{body}");
    assert!(!body.contains("[caption"), "{body}");
    assert!(!body.contains("wp:paragraph"), "{body}");

    // Drafts are not visible, not even through their old id.
    for p in site
        .posts
        .iter()
        .filter(|p| p.status == "draft" && p.kind == "post")
        .take(5)
    {
        let r = app.get(&format!("/?p={}", p.id)).await;
        assert_eq!(r.status, StatusCode::OK, "draft {} must not redirect", p.id);
        assert!(r.header("location").is_empty());
    }
    let draft_title = &site
        .posts
        .iter()
        .find(|p| p.status == "draft" && p.kind == "post")
        .unwrap()
        .title;
    let draft_slug = gazette_core::slug::slugify(draft_title);
    assert_eq!(
        app.get(&format!("/{draft_slug}/")).await.status,
        StatusCode::NOT_FOUND
    );

    // Old URLs answer 301 with the new one.
    for p in published.iter().step_by(97) {
        let new = format!("/{}/", p.slug);
        let (y, m, d) = (&p.date_gmt[..4], &p.date_gmt[5..7], &p.date_gmt[8..10]);
        // Date permalinks are computed from the local date; in this export it equals GMT.
        for old in [
            format!("/?p={}", p.id),
            format!("/{y}/{m}/{d}/{}/", p.slug),
            format!("/{y}/{m}/{}/", p.slug),
        ] {
            let r = app.get(&old).await;
            assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{old}");
            assert_eq!(r.header("location"), new, "{old}");
        }
    }
    let page = site
        .posts
        .iter()
        .find(|p| p.kind == "page" && p.status == "publish")
        .unwrap();
    for (old, new) in [
        (format!("/?page_id={}", page.id), format!("/{}/", page.slug)),
        (
            "/category/economy/".into(),
            "/category/news/economy/".into(),
        ),
        (
            "/wp-content/uploads/2024/01/photo-3.png".into(),
            "/media/wp/2024/01/photo-3.png".into(),
        ),
    ] {
        app.get(&old).await.assert_moved(&new);
    }
    // An attachment page leads to the post it illustrates.
    let r = app.get("/photo-0/").await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(app.get(r.header("location")).await.status, StatusCode::OK);
    let r = app.get("/?attachment_id=4").await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        app.get("/2024/01/02/no-such-post/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/?p=999999").await.status, StatusCode::OK);

    // A second run changes nothing and says so.
    let before = app.store.last_change_id().await.unwrap();
    let again = import(&app, &data(EXPORT), Some(&uploads), false)
        .await
        .unwrap();
    assert!(again.changed_nothing(), "{}", again.render());
    assert!(
        again.render().contains("Nothing to do"),
        "{}",
        again.render()
    );
    assert_eq!(again.existing.get("post"), Some(&1000));
    assert_eq!(app.store.last_change_id().await.unwrap(), before);
}

fn write_gz(path: &Path, text: &str) {
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(path).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap();
}

#[tokio::test]
async fn broken_files_fail_with_their_position_and_write_nothing() {
    let app = app().start().await;
    let xml = export_xml();
    let dir = app.dir.path();

    // Truncated in the middle of a post, plain text under a .gz name.
    let cut = xml.len() * 3 / 5;
    let cut = (cut..xml.len()).find(|i| xml.is_char_boundary(*i)).unwrap();
    let truncated = dir.join("truncated.xml.gz");
    std::fs::write(&truncated, &xml[..cut]).unwrap();
    // Corrupted: one end tag misspelt, gzipped under a .xml name.
    let at = xml.match_indices("</title>").nth(600).unwrap().0;
    let corrupted_text = format!("{}</titel>{}", &xml[..at], &xml[at + "</title>".len()..]);
    let corrupted = dir.join("corrupted.xml");
    write_gz(&corrupted, &corrupted_text);
    let corrupted_line = xml[..at].matches('\n').count() as u64 + 1;

    for (file, want_line, what) in [
        (&truncated, None, "not closed"),
        (&corrupted, Some(corrupted_line), "titel"),
    ] {
        for dry_run in [true, false] {
            let err = import(&app, file, None, dry_run).await.unwrap_err();
            let ImportCommandError::Parse(ImportError::Malformed {
                position, message, ..
            }) = &err
            else {
                panic!("{err:?}")
            };
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("line {}", position.line)),
                "{shown}"
            );
            assert!(shown.contains("column"), "{shown}");
            assert!(message.contains(what), "{message}");
            if let Some(line) = want_line {
                assert_eq!(position.line, line, "{shown}");
            } else {
                assert!(position.line > 1000, "{shown}");
            }
        }
    }
    // Not a WordPress export at all.
    let html = dir.join("page.html");
    std::fs::write(&html, "<html><body>hi</body></html>").unwrap();
    let err = import(&app, &html, None, false).await.unwrap_err();
    assert!(
        err.to_string().contains("not an <rss> WordPress export"),
        "{err}"
    );
    let missing = import(&app, &dir.join("nope.xml"), None, false)
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("nope.xml"), "{missing}");
    // A dry run with --download fetches nothing and says how much it would; --uploads
    // must exist.
    let options = WordpressOptions {
        file: data(EXPORT),
        download: true,
        dry_run: true,
        ..WordpressOptions::default()
    };
    let dry = import_wordpress(&app.store, &app.settings.media, &options, &mut |_, _, _| {})
        .await
        .unwrap();
    assert_eq!(dry.download_planned, 50);
    assert_eq!(dry.downloaded, 0);
    assert!(
        dry.render()
            .contains("would download 50 attachments from the old site (nothing was fetched)"),
        "{}",
        dry.render()
    );
    let err = import(&app, &data(EXPORT), Some(&dir.join("no-uploads")), false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no-uploads"), "{err}");

    // Nothing was written, and a dry run of the real file writes nothing either.
    assert_eq!(app.store.last_change_id().await.unwrap(), 0);
    let dry = import(&app, &data(EXPORT), None, true).await.unwrap();
    assert_eq!(dry.created.get("post"), Some(&1000));
    assert!(dry.render().contains("dry run"));
    assert_eq!(app.store.last_change_id().await.unwrap(), 0);
    assert!(!app.settings.media_dir().join("wp").exists());
    assert_eq!(app.get("/?p=58").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_interrupted_import_continues_where_it_stopped() {
    let app = app().start().await;
    let xml = export_xml();
    // What a first run had committed when it stopped: the export up to its 300th item.
    let end = xml.match_indices("</item>").nth(299).unwrap().0 + "</item>".len();
    let partial = format!("{}\n</channel>\n</rss>\n", &xml[..end]);
    let file = app.dir.path().join("partial.xml");
    std::fs::write(&file, partial).unwrap();
    let first = import(&app, &file, None, false).await.unwrap();
    let done = first.created.get("post").copied().unwrap_or(0);
    assert!(done > 100, "{}", first.render());
    let rest = import(&app, &data(EXPORT), None, false).await.unwrap();
    assert_eq!(rest.existing.get("post"), Some(&done));
    assert_eq!(rest.created.get("post"), Some(&(1000 - done)));
    assert_eq!(rest.created.get("category"), None, "{}", rest.render());
    // Without --uploads the pictures are reported, not pretended.
    assert!(
        rest.render().contains("no --uploads DIR given"),
        "{}",
        rest.render()
    );
}

const HOSTILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
<title>Hostile</title>
<link>https://bad.example</link>
<wp:wxr_version>1.1</wp:wxr_version>
<wp:base_site_url>https://bad.example</wp:base_site_url>
<wp:author><wp:author_id>3</wp:author_id><wp:author_login>mallory</wp:author_login><wp:author_email>m@bad.example</wp:author_email><wp:author_display_name><![CDATA[Mallory <script>alert(9)</script>]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>21</wp:term_id><wp:category_nicename>kid</wp:category_nicename><wp:category_parent>world</wp:category_parent><wp:cat_name>Kid</wp:cat_name></wp:category>
<wp:category><wp:term_id>20</wp:term_id><wp:category_nicename>world</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>World</wp:cat_name></wp:category>
<item>
<title>Evil &amp; bold</title>
<link>https://bad.example/2020/05/%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82/</link>
<dc:creator>mallory</dc:creator>
<guid isPermaLink="false">https://bad.example/?p=7</guid>
<content:encoded><![CDATA[<p onclick="steal()">Hello</p><script>alert(1)</script>
<img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a><iframe src="javascript:alert(4)"></iframe>
<div style="background:url(javascript:alert(5))">styled</div><svg><script>alert(6)</script></svg>
[caption id="x"]<img src="javascript:alert(7)">[/caption][contact-form id="1"]
<form action="https://bad.example/"><input name="p"></form><object data="x.swf"></object>]]></content:encoded>
<excerpt:encoded><![CDATA[<b>Short</b> & sweet]]></excerpt:encoded>
<wp:post_id>7</wp:post_id>
<wp:post_date>2020-05-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2020-05-01 08:00:00</wp:post_date_gmt>
<wp:post_name>%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="kid"><![CDATA[Kid]]></category>
<category domain="post_tag" nicename="new-tag"><![CDATA[New tag]]></category>
</item>
<item><title>Secret</title><dc:creator>mallory</dc:creator><content:encoded>private words</content:encoded><wp:post_id>8</wp:post_id><wp:post_date_gmt>2020-05-02 08:00:00</wp:post_date_gmt><wp:post_name>secret</wp:post_name><wp:status>private</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Locked</title><dc:creator>mallory</dc:creator><content:encoded>locked words</content:encoded><wp:post_id>9</wp:post_id><wp:post_date_gmt>2020-05-02 08:00:00</wp:post_date_gmt><wp:post_name>locked</wp:post_name><wp:status>publish</wp:status><wp:post_password>pw</wp:post_password><wp:post_type>post</wp:post_type></item>
<item><title>Later</title><dc:creator>mallory</dc:creator><content:encoded>soon</content:encoded><wp:post_id>10</wp:post_id><wp:post_date_gmt>2099-01-01 08:00:00</wp:post_date_gmt><wp:post_name>later</wp:post_name><wp:status>future</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Binned</title><wp:post_id>11</wp:post_id><wp:post_name>binned</wp:post_name><wp:status>trash</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>Menu</title><wp:post_id>12</wp:post_id><wp:status>publish</wp:status><wp:post_type>nav_menu_item</wp:post_type></item>
<item><title>Feed</title><dc:creator>mallory</dc:creator><content:encoded>named like a route</content:encoded><wp:post_id>13</wp:post_id><wp:post_date>2020-05-03 08:00:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:post_name>feed</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel>
</rss>"#;

#[tokio::test]
async fn hostile_html_is_sanitised_and_private_posts_stay_hidden() {
    let app = app().start().await;
    let file = app.dir.path().join("hostile.xml");
    std::fs::write(&file, HOSTILE).unwrap();
    let report = import(&app, &file, None, false).await.unwrap();
    let text = report.render();
    assert_eq!(report.created.get("post"), Some(&5), "{text}");
    assert!(text.contains("items in the WordPress trash"), "{text}");
    assert!(text.contains("nav_menu_item"), "{text}");
    assert!(text.contains("password-protected"), "{text}");
    assert!(text.contains("without a GMT date"), "{text}");
    assert!(text.contains("<script>"), "{text}");
    assert!(text.contains("[contact-form] shortcode"), "{text}");

    // The percent-encoded Cyrillic slug became a readable one; the old URL redirects.
    let page = app.get("/privet/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1.article__title"), vec!["Evil & bold"]);
    let body = page.html_of(".article__body");
    for bad in [
        "<script",
        "alert(",
        "javascript:",
        "onerror",
        "onclick",
        "<iframe",
        "<form",
        "<input",
        "<object",
        "<svg",
        "style=",
        "contact-form",
    ] {
        assert!(!body.contains(bad), "{bad} in {body}");
    }
    assert!(body.contains("Hello") && body.contains("styled"), "{body}");
    if let Some(at) = page.body.find("alert(") {
        panic!(
            "script payload on the page: {}",
            &page.body[at.saturating_sub(300)..at + 50]
        );
    }
    assert!(page.body.contains("Mallory"));
    // The child category came before its parent in the file.
    assert_eq!(
        page.attrs("a.label", "href").first().map(String::as_str),
        Some("/category/world/kid/")
    );
    assert_eq!(page.attrs("nav.tags a", "href"), vec!["/tag/new-tag/"]);
    for old in ["/2020/05/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/", "/?p=7"] {
        app.get(old).await.assert_moved("/privet/");
    }

    // Private, password-protected and scheduled posts are not shown, nor redirected to.
    for (slug, id) in [("secret", 8), ("locked", 9), ("later", 10)] {
        assert_eq!(
            app.get(&format!("/{slug}/")).await.status,
            StatusCode::NOT_FOUND,
            "{slug}"
        );
        let r = app.get(&format!("/?p={id}")).await;
        assert_eq!(r.status, StatusCode::OK, "{slug}");
        let home = r.body;
        assert!(
            !home.contains("private words") && !home.contains(&format!("/{slug}/")),
            "{slug}"
        );
    }
    // A slug the site uses itself was given a number; its old URL still leads there.
    let r = app.get("/feed-2/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.texts("h1.article__title"), vec!["Feed"]);
    let r = app.get("/?p=13").await;
    assert_eq!(r.header("location"), "/feed-2/");
}
