//! The test harness: every test gets its own fresh database and a real server on a
//! loopback port, and talks to it over HTTP.
//!
//! Backend: SQLite by default (a migrated template file, copied per test); PostgreSQL when
//! `TEST_DATABASE_URL=postgres://USER@HOST/DB` is set (a fresh schema per test, dropped at
//! the end). `.ci/run` runs the whole suite once for each.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod s3;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use gazette::config::{Config, Settings};
use gazette::demo::{self, DemoOptions};
use gazette::server::{self, Running};
use gazette_store::Store;
use gazette_store::testing::TestSchema;
pub use gazette_store::testing::postgres_url;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use scraper::{Html, Selector};
use tokio::sync::OnceCell;

static TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A migrated SQLite database that tests copy instead of migrating again.
async fn sqlite_template() -> &'static Path {
    TEMPLATE
        .get_or_init(|| async {
            let dir = std::env::temp_dir().join(format!("gazette-template-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("template.db");
            let _ = std::fs::remove_file(&path);
            let store = Store::connect(&format!("sqlite://{}?mode=rwc", path.display()), None)
                .await
                .unwrap();
            store.migrate().await.unwrap();
            store.close().await;
            path
        })
        .await
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t{}_{n}_{nanos}", std::process::id())
}

/// Builder for a test site.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub settings: Settings,
    pub store: Store,
    pub base: String,
    pub client: reqwest::Client,
    running: Option<Running>,
    pg_schema: Option<TestSchema>,
    /// The bucket holding the pictures when `TEST_MEDIA_STORE=s3` chose one.
    bucket: Option<s3::Bucket>,
}

/// A stopped site's database, opened again; keeps the test's files and schema alive.
pub struct Reopened {
    pub store: Store,
    _dir: tempfile::TempDir,
    _schema: Option<TestSchema>,
}

/// A file of the project's shared test data (the WordPress export and its uploads), found in
/// `$GAZETTE_TEST_DATA`, else in a `shared/data` folder beside the checkout or any folder
/// above it (the layout of the development machines), else in `/work/shared/data`.
pub fn shared_data(file: &str) -> PathBuf {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("GAZETTE_TEST_DATA") {
        candidates.push(PathBuf::from(dir).join(file));
    }
    for dir in Path::new(env!("CARGO_MANIFEST_DIR")).ancestors() {
        candidates.push(dir.join("shared/data").join(file));
    }
    candidates.push(Path::new("/work/shared/data").join(file));
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .unwrap_or_else(|| {
            panic!("test data {file} not found; set GAZETTE_TEST_DATA to the folder holding it (looked in {candidates:?})")
        })
}

/// A published English original with no category, tags or credits: tests set what they need.
pub fn published(slug: &str, title: &str, body: &str) -> gazette_store::NewArticle {
    let now = time::OffsetDateTime::now_utc();
    gazette_store::NewArticle {
        slug: slug.into(),
        title: title.into(),
        subtitle: None,
        excerpt: String::new(),
        body_markdown: body.into(),
        status: gazette_core::model::Status::Published,
        kind: gazette_core::model::Kind::Original,
        language: "en".into(),
        category_id: None,
        featured_media_id: None,
        source: None,
        published_at: Some(now),
        modified_at: now,
        tag_ids: Vec::new(),
        credits: Vec::new(),
        corrections: Vec::new(),
    }
}

/// The account with `email`, if there is one.
pub async fn user(app: &TestApp, email: &str) -> Option<gazette_store::User> {
    app.store.user_by_email(email).await.unwrap()
}

/// Adds a category without a description; returns its id.
pub async fn add_category(
    store: &Store,
    parent_id: Option<i64>,
    slug: &str,
    name: &str,
    position: i64,
) -> i64 {
    let category = gazette_store::NewCategory {
        parent_id,
        slug: slug.into(),
        name: name.into(),
        description: String::new(),
        position,
    };
    store.create_category(&category).await.unwrap()
}

/// Adds an ordinary (not special) tag; returns its id.
pub async fn add_tag(store: &Store, slug: &str, name: &str) -> i64 {
    let tag = gazette_store::NewTag {
        slug: slug.into(),
        name: name.into(),
        special: false,
    };
    store.create_tag(&tag).await.unwrap()
}

/// Adds an author without an avatar; returns its id.
pub async fn add_author(store: &Store, slug: &str, name: &str, bio: &str) -> i64 {
    let author = gazette_store::NewAuthor {
        slug: slug.into(),
        name: name.into(),
        bio: bio.into(),
        avatar_url: None,
    };
    store.create_author(&author).await.unwrap()
}

/// Adds a JPEG to the media library with `alt` and no caption or credit (its files are
/// not written); returns its id.
pub async fn add_jpeg(
    store: &Store,
    path: &str,
    (width, height): (u32, u32),
    alt: &str,
    variant_widths: Vec<u32>,
) -> i64 {
    let media = gazette_store::NewMedia {
        path: path.into(),
        mime: "image/jpeg".into(),
        width,
        height,
        alt: alt.into(),
        caption: String::new(),
        credit: String::new(),
        variant_widths,
    };
    store.create_media(&media).await.unwrap()
}

/// A change to the configuration, given the test's data directory.
type Configure = Box<dyn FnOnce(&mut Config, &Path)>;

pub struct Builder {
    demo: Option<DemoOptions>,
    configure: Vec<Configure>,
    media: Option<gazette_media::MediaStore>,
}

pub fn app() -> Builder {
    Builder {
        demo: None,
        configure: Vec::new(),
        media: None,
    }
}

impl Builder {
    /// Fills the database with a small demo newsroom first.
    pub fn demo(mut self, articles: usize) -> Self {
        self.demo = Some(DemoOptions {
            articles,
            images: 2,
            seed: 11,
        });
        self
    }

    /// Keeps the site's pictures in `media` (a bucket of [`s3::Bucket`]) instead of the
    /// data directory.
    pub fn media(mut self, media: gazette_media::MediaStore) -> Self {
        self.media = Some(media);
        self
    }

    pub fn configure(mut self, f: impl FnOnce(&mut Config, &Path) + 'static) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    pub async fn start(self) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data_dir: dir.path().to_path_buf(),
            listen: "127.0.0.1:0".into(),
            ..Config::default()
        };
        let mut pg_schema = None;
        let store = match postgres_url() {
            Some(url) => {
                let (store, schema) = TestSchema::create(&url, &unique_name())
                    .await
                    .expect("no test schema on TEST_DATABASE_URL");
                // The URL carries the schema too, so a `gazette` child process given
                // `settings.database_url` works in this test's schema.
                config.database_url = with_search_path(&url, schema.name());
                pg_schema = Some(schema);
                store
            }
            None => {
                let path = dir.path().join("gazette.db");
                std::fs::copy(sqlite_template().await, &path).unwrap();
                let url = format!("sqlite://{}", path.display());
                config.database_url = url.clone();
                Store::connect(&url, None).await.unwrap()
            }
        };
        for f in self.configure {
            f(&mut config, dir.path());
        }
        // A test may set its own public URL (e.g. https:// behind a proxy); else the port's.
        let own_base_url = !config.base_url.is_empty();
        let mut settings = config.resolve().unwrap();
        // `TEST_MEDIA_STORE=s3` runs the suite's media tests on a bucket of the loopback S3
        // server instead of the data directory.
        let bucket = (self.media.is_none()
            && std::env::var("TEST_MEDIA_STORE").is_ok_and(|v| v == "s3"))
        .then(s3::Bucket::new);
        if let Some(media) = self
            .media
            .or_else(|| bucket.as_ref().map(s3::Bucket::store))
        {
            settings.media = media;
        }
        if let Some(options) = &self.demo {
            demo::fill(&store, &settings.media, options, |_, _| {})
                .await
                .unwrap();
        }
        let (addr, running, client) = serve(&mut settings, &store, own_base_url).await;
        TestApp {
            dir,
            base: format!("http://{addr}"),
            settings,
            store,
            client,
            running: Some(running),
            pg_schema,
            bucket,
        }
    }
}

/// `url` with the connection option that makes `schema` the search path.
fn with_search_path(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// Starts a server for `settings` over `store` on a free port (the port's address becomes
/// its base URL unless `keep_base_url`), with a client that sees responses as sent.
pub async fn serve(
    settings: &mut Settings,
    store: &Store,
    keep_base_url: bool,
) -> (std::net::SocketAddr, server::Running, reqwest::Client) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    if !keep_base_url {
        settings.base_url = format!("http://{addr}");
    }
    let state = server::app_state(settings, store.clone()).unwrap();
    let running = server::start(settings, state, listener, std::future::pending())
        .await
        .unwrap();
    // reqwest is built without a default TLS provider; Gazette installs ring.
    gazette_fetch::install_crypto_provider();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // Tests look at the bytes as sent: no transparent decompression (the
        // workspace's reqwest has gzip and brotli on, for gazette-fetch).
        .no_gzip()
        .no_brotli()
        .user_agent("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0")
        .build()
        .unwrap();
    (addr, running, client)
}

/// A response with its body read.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// Sends `req` with `headers` added and reads the whole response.
    pub async fn send(mut req: reqwest::RequestBuilder, headers: &[(&str, &str)]) -> Page {
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Page::read(req.send().await.unwrap()).await
    }

    pub async fn read(r: reqwest::Response) -> Page {
        Page {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `Set-Cookie` header that sets cookie `name`, with its attributes.
    pub fn set_cookie(&self, name: &str) -> String {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no cookie {name} set: {:?}", self.headers))
    }

    /// Text of every element matching `css`, whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html()
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The page's JSON-LD blocks, parsed.
    pub fn json_ld(&self) -> Vec<serde_json::Value> {
        self.texts("script[type=\"application/ld+json\"]")
            .iter()
            .map(|t| serde_json::from_str(t).expect("JSON-LD parses"))
            .collect()
    }

    /// The page's JSON-LD block of `@type` `kind`.
    pub fn json_ld_of(&self, kind: &str) -> serde_json::Value {
        let blocks = self.json_ld();
        let found = blocks.into_iter().find(|v| v["@type"] == kind);
        found.unwrap_or_else(|| panic!("no {kind} JSON-LD in {}", self.body))
    }

    /// The HTML of the first element matching `css`, the element included.
    pub fn html_of(&self, css: &str) -> String {
        let sel = Selector::parse(css).unwrap();
        let html = self.html();
        let found = html.select(&sel).next();
        found
            .unwrap_or_else(|| panic!("no {css} in {}", self.body))
            .html()
    }

    /// Values of `attr` on every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html()
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    /// Values of the selected options of the `<select name=…>`.
    pub fn selected(&self, name: &str) -> Vec<String> {
        self.attrs(&format!("select[name={name}] option[selected]"), "value")
    }

    pub fn count(&self, css: &str) -> usize {
        let sel = Selector::parse(css).unwrap();
        self.html().select(&sel).count()
    }

    /// The text of the page's alerts: what a refused form says went wrong.
    pub fn alert(&self) -> String {
        self.texts("[role=alert]").join(" ")
    }

    /// Asserts a refused form: 400, with an alert that says `message`.
    #[track_caller]
    pub fn assert_refused(&self, message: &str) {
        assert_eq!(
            self.status,
            StatusCode::BAD_REQUEST,
            "{message}: {}",
            self.body
        );
        let alert = self.alert();
        assert!(alert.contains(message), "{message}: {alert}");
    }

    /// Asserts the page says each of `texts` (a refused form's messages, say).
    #[track_caller]
    pub fn assert_says(&self, texts: &[&str]) {
        assert_contains(&self.body, texts);
    }

    /// Asserts a 303 to `to`.
    #[track_caller]
    pub fn assert_redirect(&self, to: &str) {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "to {to}: {}", self.body);
        assert_eq!(self.header("location"), to);
    }

    /// Asserts a 301 to `to`.
    #[track_caller]
    pub fn assert_moved(&self, to: &str) {
        assert_eq!(self.status, StatusCode::MOVED_PERMANENTLY, "to {to}");
        assert_eq!(self.header("location"), to);
    }

    pub fn meta(&self, property: &str) -> String {
        let mut v = self.attrs(&format!("meta[property=\"{property}\"]"), "content");
        v.extend(self.attrs(&format!("meta[name=\"{property}\"]"), "content"));
        v.into_iter().next().unwrap_or_default()
    }
}

/// A minimal WXR with one published post per `(slug, title, polylang language)`.
pub fn wxr_export(language: Option<&str>, posts: &[(&str, &str, Option<&str>)]) -> String {
    let language = language
        .map(|l| format!("<language>{l}</language>"))
        .unwrap_or_default();
    let items: String = posts
        .iter()
        .enumerate()
        .map(|(i, (slug, title, pll))| {
            let pll = pll
                .map(|l| format!(r#"<category domain="language" nicename="{l}"><![CDATA[{l}]]></category>"#))
                .unwrap_or_default();
            format!(
                "<item><title>{title}</title><dc:creator>ann</dc:creator>\
                 <content:encoded><![CDATA[<p>{title} body.</p>]]></content:encoded>\
                 <wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2024-03-{day:02} {hour:02}:{minute:02}:00</wp:post_date_gmt>\
                 <wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>\
                 <wp:post_type>post</wp:post_type>{pll}</item>",
                id = 100 + i,
                day = 1 + i / 1440 % 28,
                hour = i / 60 % 24,
                minute = i % 60,
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old site</title><link>https://old.example</link>{language}
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>ann</wp:author_login>
<wp:author_display_name>Ann</wp:author_display_name></wp:author>
{items}
</channel></rss>"#
    )
}

/// A phone browser's user agent (readers are mostly on phones).
pub const PHONE_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

/// The newest article of any status: its id and its view count.
pub async fn first_article(app: &TestApp) -> (i64, u64) {
    let now = time::OffsetDateTime::now_utc();
    let all = gazette_store::ArticleFilter::All;
    let list = app.store.list_articles(&all, now, 1, 0).await.unwrap();
    (list.items[0].id, list.items[0].views)
}

/// The path of every article the sitemaps list (every published one), in their order.
pub async fn sitemap_paths(store: &Store) -> Vec<String> {
    let now = time::OffsetDateTime::now_utc();
    store
        .sitemap_articles(
            now,
            time::OffsetDateTime::UNIX_EPOCH,
            now + time::Duration::days(1),
            None,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.path)
        .collect()
}

impl TestApp {
    /// Creates a published article (see [`published`]); returns its id.
    pub async fn publish(&self, slug: &str, title: &str, body: &str) -> i64 {
        self.store
            .create_article(&published(slug, title, body))
            .await
            .unwrap()
    }

    /// Article `id` as the editor loads it; the test fails if it is gone.
    pub async fn editable(&self, id: i64) -> gazette_store::EditableArticle {
        self.store
            .editable_article(id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("article {id} is gone"))
    }

    /// `/metrics` on the metrics address (the test must set `metrics_listen`).
    pub fn metrics_url(&self) -> String {
        let addr = self.running.as_ref().and_then(|r| r.metrics_addr);
        format!(
            "http://{}/metrics",
            addr.expect("metrics_listen is not set")
        )
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The path of the link to this site's `path…` in `body` (a mail, a command's output):
    /// what the reader who follows it opens.
    pub fn linked_path(&self, body: &str, path: &str) -> String {
        let link = link_in(body, &self.url(path));
        link.strip_prefix(&self.base).unwrap().to_owned()
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(path, &[]).await
    }

    /// GET `path` with extra request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        Page::send(self.client.get(self.url(path)), headers).await
    }

    /// GET `path` with `headers`, the response left unread: for bytes (pictures,
    /// compressed pages) or JSON.
    pub async fn fetch(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.expect("the test server answers")
    }

    /// GET `path`, asserting the answer's `status`.
    pub async fn get_expecting(&self, path: &str, status: StatusCode) -> Page {
        let page = self.get(path).await;
        assert_eq!(page.status, status, "{path}: {}", page.body);
        page
    }

    /// GET `path` as the browser `ua`.
    pub async fn get_with_ua(&self, path: &str, ua: &str) -> Page {
        self.get_with(path, &[("user-agent", ua)]).await
    }

    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        Page::send(self.client.post(self.url(path)).form(form), headers).await
    }

    /// Where the site's pictures are as files: the media directory, or the directory the
    /// loopback S3 server keeps the bucket's objects in.
    pub fn media_files(&self) -> PathBuf {
        match &self.bucket {
            Some(bucket) => bucket.dir.clone(),
            None => self.settings.media_dir(),
        }
    }

    pub fn state(&self) -> &std::sync::Arc<gazette_web::AppState> {
        &self.running.as_ref().unwrap().state
    }

    /// Stops the server the way SIGTERM does (flushing what it buffers), then opens the
    /// same database again so the test can look at what was saved.
    pub async fn stop_and_reopen(mut self) -> Reopened {
        if let Some(r) = self.running.take() {
            r.stop().await.unwrap();
        }
        let schema = self.pg_schema.take();
        let store = Store::connect(
            &self.settings.database_url,
            schema.as_ref().map(TestSchema::name),
        )
        .await
        .unwrap();
        Reopened {
            store,
            _dir: self.dir,
            _schema: schema,
        }
    }
}

/// Checks `check` every 50 ms until it holds and returns how long that took; fails saying
/// `what` after `limit`. For what follows the change log (caches, the search index) or a clock.
pub async fn until<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(start.elapsed() < limit, "{what} (waited {limit:?})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends `req` and reads the answer as JSON (an empty body as null): its status, headers
/// and JSON. A body that is not JSON fails the test, the message naming `what` was sent.
pub async fn json_answer(
    req: reqwest::RequestBuilder,
    what: &str,
) -> (u16, HeaderMap, serde_json::Value) {
    let r = req.send().await.expect("the test server answers");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.expect("the answer's body is read");
    let json = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{what} {status}: not JSON ({e}): {text}"))
    };
    (status, headers, json)
}

/// Result links of the search page `/search?{query}`.
pub async fn search_hits(app: &TestApp, query: &str) -> Vec<String> {
    let page = app.get(&format!("/search?{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{query}: {}", page.body);
    page.attrs(".search-results .result__title a", "href")
}

/// Waits (up to 10 s) until the search `/search?{query}` lists `href`: the index follows the
/// change log. Returns how long that took.
pub async fn search_finds(app: &TestApp, query: &str, href: &str) -> Duration {
    until(
        Duration::from_secs(10),
        &format!("`{query}` did not find {href}"),
        || async { search_hits(app, query).await.iter().any(|h| h == href) },
    )
    .await
}

/// The audit log's actions, oldest first.
pub async fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut rows = app.store.audit_log(1000).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.action).collect()
}

/// Asserts `text` (a page, a command's output) says each of `wanted`.
#[track_caller]
pub fn assert_contains(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w} not in {text}");
    }
}

/// Asserts `mail`'s subject (decoded) is `subject` and its body says `says`; returns the
/// body.
#[track_caller]
pub fn assert_mail(
    mail: &gazette_mail::test_server::Received,
    subject: &str,
    says: &str,
) -> String {
    assert_eq!(mail.decoded_header("Subject").unwrap(), subject);
    let body = mail.body();
    assert_contains(&body, &[says]);
    body
}

/// Asserts `found` holds each of `wanted`, in any order and among others.
#[track_caller]
pub fn assert_includes(found: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(found.iter().any(|f| f == w), "{w} missing from {found:?}");
    }
}

/// The first word of `body` (a mail, a command's output) that starts with `prefix`.
fn link_in(body: &str, prefix: &str) -> String {
    body.split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} link in {body}"))
        .to_owned()
}

/// Asserts the audit log holds each of the `actions`.
pub async fn assert_audited(app: &TestApp, actions: &[&str]) {
    assert_includes(&audit_actions(app).await, actions);
}

/// Asserts the audit log records `action` exactly `times` times.
pub async fn assert_audit_count(app: &TestApp, action: &str, times: usize) {
    let actions = audit_actions(app).await;
    let found = actions.iter().filter(|a| *a == action).count();
    assert_eq!(found, times, "{action} in {actions:?}");
}

/// The `gazette` binary as an operator runs it in `dir`: none of the caller's `GAZETTE_*`
/// settings or `DATABASE_URL` leak in, and it logs warnings only.
pub fn gazette_command(dir: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GAZETTE_") || k == "DATABASE_URL" {
            cmd.env_remove(k);
        }
    }
    cmd.current_dir(dir).env("GAZETTE_LOG", "warn");
    cmd
}
