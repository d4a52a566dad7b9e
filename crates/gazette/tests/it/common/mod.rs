//! The test harness: every test gets its own fresh database and a real server on a
//! loopback port, and talks to it over HTTP.
//!
//! Backend: SQLite by default (a migrated template file, copied per test); PostgreSQL when
//! `TEST_DATABASE_URL=postgres://USER@HOST/DB` is set (a fresh schema per test, dropped at
//! the end). `.ci/run` runs the whole suite once for each.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use gazette::config::{Config, Settings};
use gazette::demo::{self, DemoOptions};
use gazette::server::{self, Running};
use gazette_store::Store;
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

pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Builder for a test site.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub settings: Settings,
    pub store: Store,
    pub base: String,
    pub client: reqwest::Client,
    running: Option<Running>,
    pg_schema: Option<SchemaGuard>,
}

/// A stopped site's database, opened again; keeps the test's files and schema alive.
pub struct Reopened {
    pub store: Store,
    _dir: tempfile::TempDir,
    _schema: Option<SchemaGuard>,
}

/// Drops a test's PostgreSQL schema when the test is done with it.
pub struct SchemaGuard {
    url: String,
    schema: String,
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

/// A change to the configuration, given the test's data directory.
type Configure = Box<dyn FnOnce(&mut Config, &Path)>;

pub struct Builder {
    demo: Option<DemoOptions>,
    configure: Vec<Configure>,
}

pub fn app() -> Builder {
    Builder {
        demo: None,
        configure: Vec::new(),
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
                let schema = unique_name();
                let admin = Store::connect(&url, None)
                    .await
                    .expect("TEST_DATABASE_URL does not answer");
                admin
                    .execute_raw(&format!("CREATE SCHEMA \"{schema}\""))
                    .await
                    .unwrap();
                admin.close().await;
                let store = Store::connect(&url, Some(&schema)).await.unwrap();
                store.migrate().await.unwrap();
                config.database_url = url.clone();
                pg_schema = Some(SchemaGuard { url, schema });
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
        if let Some(options) = &self.demo {
            demo::fill(&store, &settings.media_dir(), options, |_, _| {})
                .await
                .unwrap();
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        if !own_base_url {
            settings.base_url = format!("http://{addr}");
        }
        let state = server::app_state(&settings, store.clone()).unwrap();
        let running = server::start(&settings, state, listener, std::future::pending())
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
        TestApp {
            dir,
            base: format!("http://{addr}"),
            settings,
            store,
            client,
            running: Some(running),
            pg_schema,
        }
    }
}

/// A response with its body read.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
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

    /// Values of `attr` on every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.html()
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    pub fn count(&self, css: &str) -> usize {
        let sel = Selector::parse(css).unwrap();
        self.html().select(&sel).count()
    }

    pub fn meta(&self, property: &str) -> String {
        let mut v = self.attrs(&format!("meta[property=\"{property}\"]"), "content");
        v.extend(self.attrs(&format!("meta[name=\"{property}\"]"), "content"));
        v.into_iter().next().unwrap_or_default()
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Page {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        Page {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub async fn get_with_ua(&self, path: &str, ua: &str) -> Page {
        let r = self
            .client
            .get(self.url(path))
            .header("user-agent", ua)
            .send()
            .await
            .unwrap();
        Page {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let mut req = self.client.post(self.url(path)).form(form);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = req.send().await.unwrap();
        Page {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
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
            schema.as_ref().map(|g| g.schema.as_str()),
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

impl Drop for SchemaGuard {
    fn drop(&mut self) {
        let (url, schema) = (self.url.clone(), self.schema.clone());
        {
            // Drop runs outside async code: use a private runtime on its own thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(admin) = Store::connect(&url, None).await {
                        // The test's own pool is still open here and may hold a connection
                        // whose failed transaction has not been rolled back yet (sqlx sends
                        // that ROLLBACK on the connection's next use): end those sessions, or
                        // DROP SCHEMA waits for their locks forever.
                        let _ = admin
                            .execute_raw(&format!(
                                "SELECT pg_terminate_backend(l.pid) FROM pg_locks l \
                                 JOIN pg_class c ON c.oid = l.relation \
                                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                                 WHERE n.nspname = '{schema}' AND l.pid <> pg_backend_pid()"
                            ))
                            .await;
                        let _ = admin
                            .execute_raw(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                            .await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// The audit log's actions, oldest first.
pub async fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut rows = app.store.audit_log(1000).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.action).collect()
}
