//! The feed desk end to end: a test feed server on loopback (real HTTP) serves every
//! format and every way a source goes wrong (broken XML, a gzip bomb, a redirect loop, a
//! 429 with Retry-After, a slow drip, an oversized body, hostile HTML); the server's own
//! job worker fetches each source through the durable queue, and each gets a clear status
//! with nothing half-written and no script reaching a page. Then an editor follows an
//! outlet through the discovery step, reads an item and makes a translation draft of it.
//! Runs on SQLite and, with `TEST_DATABASE_URL`, PostgreSQL.

use crate::common;

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use common::browser::{Browser, signed_in};
use common::{Page, TestApp, app, until};
use gazette_store::{DeskSource, InboxFilter, SourceInput};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const HOSTILE: &str = include_str!("../../../ingest/tests/data/hostile.xml");
const ATOM: &str = include_str!("../../../ingest/tests/data/atom.xml");
const JSON_FEED: &str = include_str!("../../../ingest/tests/data/feed.json");
const SITEMAP: &str = include_str!("../../../ingest/tests/data/sitemap-news.xml");
const BROKEN: &str = include_str!("../../../ingest/tests/data/broken.xml");

/// What the feed server handlers share: its base URL, the gzip bomb, the 304 counter.
type Shared = Arc<(String, Vec<u8>, Arc<AtomicUsize>)>;

/// The outlets' side: one server, a path per behaviour; counts conditional hits.
struct FeedServer {
    addr: SocketAddr,
    not_modified: Arc<AtomicUsize>,
}

impl FeedServer {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn rss(base: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Minval.az</title><link>{base}/</link><language>az</language>
<item><title>Metro stansiyası açıldı</title><link>{base}/article/1?utm_source=rss</link><guid>m-1</guid><pubDate>Sun, 06 Dec 2026 10:30:00 +0000</pubDate><description>Qısa xülasə.</description></item>
<item><title>Büdcə təsdiqləndi</title><link>{base}/article/2</link><guid>m-2</guid><description>Budget lead.</description></item>
</channel></rss>"#
    )
}

const ARTICLE_PAGE: &str = r#"<!DOCTYPE html><html><head><title>Metro</title></head><body>
<nav><a href="/">Home</a></nav><div class="ad">Buy now<script>track()</script></div>
<article><h1>Metro stansiyası açıldı</h1>
<p>The city opened the new metro station on Sunday after four years of construction work, the transport ministry said.</p>
<p>Residents of the northern districts have waited for the line since the plan was first announced a decade ago.</p>
<p>The station serves up to forty thousand passengers a day, according to the operator's estimate published today.</p>
</article><footer>© Minval</footer></body></html>"#;

fn gzip_bomb() -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>")
        .unwrap();
    let zeros = vec![b'a'; 1024 * 1024];
    for _ in 0..16 {
        gz.write_all(&zeros).unwrap();
    }
    gz.finish().unwrap()
}

async fn serve_feed(State(s): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let (base, bomb, not_modified) = (&s.0, &s.1, &s.2);
    let xml =
        |body: String| ([(header::CONTENT_TYPE, "application/rss+xml")], body).into_response();
    match uri.path() {
        "/rss.xml" => {
            if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == "\"rss-v1\"") {
                not_modified.fetch_add(1, Ordering::SeqCst);
                return AxumStatus::NOT_MODIFIED.into_response();
            }
            ([(header::CONTENT_TYPE, "application/rss+xml"), (header::ETAG, "\"rss-v1\"")], rss(base)).into_response()
        }
        "/atom.xml" => xml(ATOM.to_owned()),
        "/feed.json" => ([(header::CONTENT_TYPE, "application/feed+json")], JSON_FEED.to_owned()).into_response(),
        "/sitemap-news.xml" => xml(SITEMAP.to_owned()),
        "/broken.xml" => xml(BROKEN.to_owned()),
        "/hostile.xml" => xml(HOSTILE.to_owned()),
        "/bomb.xml" => ([(header::CONTENT_TYPE, "application/rss+xml"), (header::CONTENT_ENCODING, "gzip")], bomb.clone()).into_response(),
        "/loop" => Redirect::temporary("/loop-again").into_response(),
        "/loop-again" => Redirect::temporary("/loop").into_response(),
        "/busy.xml" => (AxumStatus::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "3600")], "slow down").into_response(),
        "/big.xml" => xml(" ".repeat(9 * 1024 * 1024)),
        "/robots.txt" => "User-agent: *\nDisallow: /article/2\n".into_response(),
        "/article/1" | "/article/2" => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], ARTICLE_PAGE).into_response(),
        "/page.html" => (
            [(header::CONTENT_TYPE, "text/html")],
            format!(r#"<!DOCTYPE html><html><head><title>Minval</title><link rel="alternate" type="application/rss+xml" title="Xəbərlər" href="{base}/rss.xml"></head><body>Home</body></html>"#),
        )
            .into_response(),
        _ => AxumStatus::NOT_FOUND.into_response(),
    }
}

/// A server that sends headers, then one byte every half second: never done in time.
async fn drip_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n<rss")
                    .await;
                for _ in 0..60 {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    if socket.write_all(b" ").await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    addr
}

async fn feed_server() -> FeedServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let not_modified = Arc::new(AtomicUsize::new(0));
    let state = Arc::new((format!("http://{addr}"), gzip_bomb(), not_modified.clone()));
    let router = Router::new().fallback(serve_feed).with_state(state);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    FeedServer { addr, not_modified }
}

async fn desk_app() -> TestApp {
    app()
        .configure(|c, _| {
            c.fetch_allow_private = true;
            c.desk_fetch_timeout_seconds = 2;
        })
        .start()
        .await
}

/// Asks the sources screen for the feeds at `address`.
async fn discover(b: &mut Browser<'_>, address: &str) -> Page {
    let fields = [("address", address)];
    b.submit(
        "/admin/desk/sources",
        "/admin/desk/sources/discover",
        &fields,
    )
    .await
}

/// Follows a new source with the sources screen's form.
async fn follow(b: &mut Browser<'_>, fields: &[(&str, &str)]) -> Page {
    b.submit("/admin/desk/sources", "/admin/desk/sources", fields)
        .await
}

async fn sources(app: &TestApp) -> HashMap<String, DeskSource> {
    app.store
        .desk_sources()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.settings.name.clone(), s))
        .collect()
}

async fn inbox_of(app: &TestApp, source_id: i64) -> gazette_store::InboxPage {
    let filter = InboxFilter {
        source_id: Some(source_id),
        ..InboxFilter::default()
    };
    app.store.desk_inbox(&filter, 100, 0).await.unwrap()
}

async fn items_of(app: &TestApp, source_id: i64) -> i64 {
    inbox_of(app, source_id).await.total
}

#[tokio::test]
async fn every_format_and_every_failure_gives_its_source_a_clear_status() {
    let feeds = feed_server().await;
    let drip = drip_server().await;
    let app = desk_app().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let editor = gazette_store::Actor {
        user_id: None,
        ip: "test".into(),
        api_key: None,
    };
    let paths = [
        ("rss", "/rss.xml"),
        ("atom", "/atom.xml"),
        ("json", "/feed.json"),
        ("sitemap", "/sitemap-news.xml"),
        ("broken", "/broken.xml"),
        ("hostile", "/hostile.xml"),
        ("bomb", "/bomb.xml"),
        ("loop", "/loop"),
        ("busy", "/busy.xml"),
        ("big", "/big.xml"),
        ("gone", "/nothing-here.xml"),
        ("page", "/page.html"),
    ];
    for (name, path) in paths {
        let mut input = SourceInput::new(name, &feeds.url(path), "rss");
        input.full_text = name == "rss";
        app.store
            .add_desk_source(&input, &editor, now)
            .await
            .unwrap();
    }
    let drip_input = SourceInput::new("drip", &format!("http://{drip}/feed.xml"), "rss");
    app.store
        .add_desk_source(&drip_input, &editor, now)
        .await
        .unwrap();

    // The server's own worker runs each source's job from the queue.
    until(
        Duration::from_secs(30),
        "every source fetched once by the job worker",
        || async {
            sources(&app)
                .await
                .values()
                .all(|s| s.last_fetch_at.is_some())
        },
    )
    .await;
    let s = sources(&app).await;
    let error = |name: &str| s[name].last_error.clone().unwrap_or_default();

    for name in ["rss", "atom", "json", "sitemap", "hostile"] {
        assert_eq!(s[name].last_error, None, "{name}: {:?}", s[name].last_error);
        assert!(items_of(&app, s[name].id).await >= 1, "{name} has items");
    }
    assert_eq!(items_of(&app, s["rss"].id).await, 2);
    assert_eq!(s["rss"].settings.feed_kind, "rss");
    assert_eq!(s["atom"].settings.feed_kind, "atom");
    assert_eq!(s["json"].settings.feed_kind, "json");
    assert_eq!(s["sitemap"].settings.feed_kind, "sitemap");
    assert_eq!(s["rss"].last_outcome, "2 new, 0 changed, 0 unchanged");

    assert!(
        error("broken").starts_with("line 4: broken XML"),
        "{}",
        error("broken")
    );
    for (name, says) in [
        ("bomb", "larger than the limit"),
        ("loop", "redirects"),
        ("busy", "429"),
        ("busy", "wait 3600 s"),
        ("big", "refused before downloading"),
        ("gone", "404"),
        ("page", "this is a web page"),
        ("drip", "no complete answer within 2 s"),
    ] {
        assert!(error(name).contains(says), "{name}: {}", error(name));
    }
    assert!(
        s["busy"].next_fetch_at >= now + 3600,
        "Retry-After is honoured"
    );
    for name in [
        "broken", "bomb", "loop", "busy", "big", "gone", "page", "drip",
    ] {
        assert_eq!(
            items_of(&app, s[name].id).await,
            0,
            "{name}: nothing half-written"
        );
        assert!(s[name].backoff >= 900, "{name} backs off");
        assert!(s[name].next_fetch_at > now, "{name} is tried again later");
    }
    assert_eq!(
        app.store.pending_jobs().await.unwrap().len(),
        13,
        "one next fetch per source"
    );

    // Full text: the page was fetched, the article extracted, the raw page kept.
    let rss_items = inbox_of(&app, s["rss"].id).await;
    let metro = rss_items
        .rows
        .iter()
        .find(|r| r.title == "Metro stansiyası açıldı")
        .unwrap();
    let item = app.store.desk_item(metro.id).await.unwrap().unwrap();
    let text = &item.content_html;
    assert!(text.contains("forty thousand passengers"), "{text}");
    assert!(!text.contains("Buy now"), "{text}");
    let budget = rss_items
        .rows
        .iter()
        .find(|r| r.title == "Büdcə təsdiqləndi")
        .unwrap();
    let budget = app.store.desk_item(budget.id).await.unwrap().unwrap();
    assert_eq!(
        (budget.content_html.as_str(), budget.raw_html),
        ("", None),
        "robots.txt refuses /article/2: the item keeps its summary"
    );
    assert!(
        item.raw_html.unwrap_or_default().contains("track()"),
        "the raw page is kept as fetched"
    );
    assert_eq!(
        item.url.as_deref(),
        Some(feeds.url("/article/1?utm_source=rss").as_str())
    );

    // The next round of an unchanged feed is a conditional GET answered 304.
    let desk = gazette::desk::Desk::from_settings(&app.settings).unwrap();
    let outcome = desk
        .fetch_source(&app.store, s["rss"].id, now + 1000)
        .await
        .unwrap();
    assert_eq!(outcome, gazette::desk::Outcome::NotModified);
    assert_eq!(feeds.not_modified.load(Ordering::SeqCst), 1);
    assert_eq!(items_of(&app, s["rss"].id).await, 2);

    // No script from a feed reaches a page.
    let mut editor = signed_in(&app, "editor").await;
    let hostile = inbox_of(&app, s["hostile"].id).await;
    let inbox = editor.get("/admin/desk").await;
    assert_eq!(inbox.status, StatusCode::OK);
    let item_page = editor
        .get(&format!("/admin/desk/items/{}", hostile.rows[0].id))
        .await;
    assert_eq!(item_page.status, StatusCode::OK, "{}", item_page.body);
    for page in [&inbox, &item_page] {
        for bad in [
            "steal()",
            "onerror",
            "onclick",
            "javascript:alert",
            "<iframe",
            "data:image",
        ] {
            assert!(!page.body.contains(bad), "{bad} reached a page");
        }
    }
    // A new extraction rule applies to the stored pages with one click, without fetching.
    let mut rule = s["rss"].settings.clone();
    rule.css_selector = "article p:first-of-type".into();
    let actor = gazette_store::Actor {
        user_id: None,
        ip: "test".into(),
        api_key: None,
    };
    app.store
        .update_desk_source(s["rss"].id, &rule, &actor, now)
        .await
        .unwrap();
    let source_path = format!("/admin/desk/sources/{}", s["rss"].id);
    let redone = editor
        .submit(&source_path, &format!("{source_path}/reextract"), &[])
        .await;
    assert_eq!(
        common::browser::location(&redone),
        "/admin/desk/sources?done=reextracted&n=1"
    );
    let item = app.store.desk_item(metro.id).await.unwrap().unwrap();
    let text = &item.content_html;
    assert!(text.starts_with("<p>The city opened"), "{text}");
    assert!(!text.contains("forty thousand"), "{text}");

    let health = editor.get("/admin/desk/sources").await;
    assert_eq!(health.status, StatusCode::OK);
    assert!(
        health.body.contains("line 4: broken XML"),
        "errors are shown in words"
    );
    assert!(
        health.body.contains("not modified since the last fetch"),
        "the last round is shown"
    );
}

#[tokio::test]
async fn an_editor_follows_an_outlet_reads_an_item_and_makes_a_translation_draft() {
    let feeds = feed_server().await;
    let app = desk_app().await;
    let mut author = signed_in(&app, "author").await;
    for path in [
        "/admin/desk",
        "/admin/desk/sources",
        "/admin/desk/sources.opml",
    ] {
        assert_eq!(
            author.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let mut editor = signed_in(&app, "editor").await;

    let nothing = discover(&mut editor, &feeds.url("/nothing")).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nothing.body.contains("No feed found at that address"),
        "{}",
        nothing.body
    );

    let found = discover(&mut editor, &feeds.url("/page.html")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(found.body.contains("Found 1 feed"), "{}", found.body);
    assert!(
        found.body.contains("Metro stansiyası açıldı"),
        "sample titles are shown"
    );
    assert!(
        app.store.desk_sources().await.unwrap().is_empty(),
        "nothing saved before the editor chooses"
    );

    let bad_selector = follow(
        &mut editor,
        &[
            ("feed_url", &feeds.url("/rss.xml")),
            ("feed_kind", "rss"),
            ("name", "Minval"),
            ("css_selector", "div[["),
        ],
    )
    .await;
    assert_eq!(bad_selector.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_selector.body.contains("is not a valid CSS selector"),
        "{}",
        bad_selector.body
    );

    let saved = follow(
        &mut editor,
        &[
            ("feed_url", &feeds.url("/rss.xml")),
            ("feed_kind", "rss"),
            ("name", "Minval"),
            ("outlet", "Minval.az"),
            ("language", "az"),
            ("fetch_minutes", "15"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        common::browser::location(&saved),
        "/admin/desk/sources?done=added"
    );

    until(
        Duration::from_secs(15),
        "the new source's items in the inbox",
        || async {
            app.store
                .desk_inbox(&InboxFilter::default(), 10, 0)
                .await
                .unwrap()
                .total
                == 2
        },
    )
    .await;
    let inbox = editor.get("/admin/desk?lang=az&q=metro").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.body.contains("Metro stansiyası açıldı"));
    assert!(!inbox.body.contains("Büdcə"), "the keyword filter applies");
    let id = inbox.attrs("li.desk-item", "data-item")[0].clone();

    let item_path = format!("/admin/desk/items/{id}");
    let translated = editor
        .submit(&item_path, &format!("{item_path}/translate"), &[])
        .await;
    assert_eq!(
        translated.status,
        StatusCode::SEE_OTHER,
        "{}",
        translated.body
    );
    let edit = common::browser::location(&translated).to_owned();
    assert!(
        edit.starts_with("/admin/articles/") && edit.ends_with("/edit"),
        "{edit}"
    );
    let draft = editor.get(&edit).await;
    assert_eq!(draft.status, StatusCode::OK);
    assert_eq!(
        draft.attrs("input[name=source_outlet]", "value"),
        ["Minval.az"]
    );
    assert_eq!(
        draft.attrs("input[name=source_url]", "value"),
        [feeds.url("/article/1?utm_source=rss")]
    );
    assert!(draft.body.contains("Metro stansiyası açıldı"));

    let used = editor.get("/admin/desk").await;
    assert!(
        used.body.contains("Used in"),
        "the inbox shows the item was used"
    );
    let again = editor.get(&item_path).await;
    assert!(
        again
            .body
            .contains("An article was made from this item by editor person"),
        "{}",
        again.body
    );
    assert_eq!(
        again.count("form[action$='/translate']"),
        0,
        "no second draft of one item"
    );

    let opml = editor.get("/admin/desk/sources.opml").await;
    assert_eq!(opml.status, StatusCode::OK);
    assert!(
        opml.body
            .contains(&format!("xmlUrl=\"{}\"", feeds.url("/rss.xml"))),
        "{}",
        opml.body
    );
}

#[tokio::test]
async fn a_reprint_carries_the_text_and_sources_come_in_from_an_opml_upload() {
    let feeds = feed_server().await;
    let app = desk_app().await;
    let mut editor = signed_in(&app, "editor").await;

    let page = editor.get("/admin/desk/sources").await;
    let csrf = common::browser::csrf_of(&page);
    let opml = format!(
        r#"<opml version="2.0"><body><outline text="Minval" xmlUrl="{}" htmlUrl="https://minval.az/" language="az"/><outline text="Junk" xmlUrl="javascript:alert(1)"/></body></opml>"#,
        feeds.url("/rss.xml")
    );
    let upload = |csrf: &str, bytes: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("sources.opml"),
            )
    };
    let req = app
        .client
        .post(app.url("/admin/desk/sources/import"))
        .multipart(upload(
            &csrf,
            b"<html><body>not opml</body></html>".to_vec(),
        ));
    let refused = editor.send(req).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("not an OPML list Gazette can read"),
        "{}",
        refused.body
    );

    let req = app
        .client
        .post(app.url("/admin/desk/sources/import"))
        .multipart(upload(&csrf, opml.into_bytes()));
    let imported = editor.send(req).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    assert_eq!(
        common::browser::location(&imported),
        "/admin/desk/sources?done=imported&n=1"
    );
    let s = app.store.desk_sources().await.unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(
        (
            s[0].settings.home_url.as_str(),
            s[0].settings.language.as_str()
        ),
        ("https://minval.az/", "az")
    );

    until(
        Duration::from_secs(15),
        "the imported source's items",
        || async { items_of(&app, s[0].id).await == 2 },
    )
    .await;
    let budget = inbox_of(&app, s[0].id)
        .await
        .rows
        .into_iter()
        .find(|r| r.title == "Büdcə təsdiqləndi")
        .unwrap();
    let item_path = format!("/admin/desk/items/{}", budget.id);
    let reprinted = editor
        .submit(&item_path, &format!("{item_path}/reprint"), &[])
        .await;
    assert_eq!(
        reprinted.status,
        StatusCode::SEE_OTHER,
        "{}",
        reprinted.body
    );
    let draft = editor.get(common::browser::location(&reprinted)).await;
    assert_eq!(draft.status, StatusCode::OK);
    assert!(
        draft.body.contains("Budget lead."),
        "the reprint carries the item's text"
    );
    assert_eq!(
        draft.attrs("input[name=source_outlet]", "value"),
        ["Minval"]
    );
    let twice = editor
        .post(&format!("{item_path}/reprint"), &[("csrf", &csrf)])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "one draft per item");
    assert!(
        twice.body.contains("was already made from this item"),
        "{}",
        twice.body
    );
}

/// Two nodes (two desks, as two processes have) fetching sources of one site at the same
/// moment ask it one thing at a time: the host's lease is in the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_ask_one_site_one_thing_at_a_time() {
    /// Requests being answered now, and the most at once.
    type InFlight = Arc<(AtomicUsize, AtomicUsize)>;
    async fn slow(State(seen): State<InFlight>, uri: Uri) -> Response {
        let now = seen.0.fetch_add(1, Ordering::SeqCst) + 1;
        seen.1.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(300)).await;
        seen.0.fetch_sub(1, Ordering::SeqCst);
        let n = uri.path().trim_start_matches("/feed/");
        (
            [(header::CONTENT_TYPE, "application/rss+xml")],
            format!("<rss version=\"2.0\"><channel><title>{n}</title><item><title>Item of {n}</title><guid>{n}</guid></item></channel></rss>"),
        )
            .into_response()
    }
    let seen: InFlight = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().fallback(slow).with_state(seen.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let app = desk_app().await;
    let actor = gazette_store::Actor::cli();
    let mut ids = Vec::new();
    for n in 0..4 {
        let input = SourceInput::new(
            &format!("site {n}"),
            &format!("http://{addr}/feed/{n}"),
            "rss",
        );
        ids.push(
            app.store
                .add_desk_source(&input, &actor, 1_800_000_000)
                .await
                .unwrap(),
        );
    }
    let nodes = [
        gazette::desk::Desk::from_settings(&app.settings).unwrap(),
        gazette::desk::Desk::from_settings(&app.settings).unwrap(),
    ];
    let rounds = ids.iter().enumerate().map(|(i, id)| {
        let (desk, store) = (&nodes[i % 2], app.store.clone());
        async move { desk.fetch_source(&store, *id, 1_800_000_000).await.unwrap() }
    });
    let outcomes = futures_util::future::join_all(rounds).await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, gazette::desk::Outcome::Fetched(_))),
        "{outcomes:?}"
    );
    assert_eq!(
        seen.1.load(Ordering::SeqCst),
        1,
        "the site was asked twice at once"
    );
    for id in ids {
        assert_eq!(items_of(&app, id).await, 1);
    }
}
