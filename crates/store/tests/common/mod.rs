//! The store's test harness: each test gets fresh, migrated databases and talks to the store
//! directly, without HTTP.
//!
//! SQLite always (a file in a temporary folder); PostgreSQL as well when
//! `TEST_DATABASE_URL=postgres://USER@HOST/DB` is set (a fresh schema per test, dropped at the
//! end). `scripts/test.sh` sets it in its PostgreSQL step.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};

use gazette_core::model::{Kind, Status};
use gazette_store::testing::TestSchema;
use gazette_store::testing::postgres_url;
use gazette_store::{Actor, Backend, InboxFilter, InboxPage, NewArticle, NewCategory, Store};
use time::OffsetDateTime;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A migrated database for one test; its files or schema go away when it is dropped.
pub struct TestDb {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    _schema: Option<TestSchema>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let store = Store::connect(&url, None).await.unwrap();
    store.migrate().await.unwrap();
    TestDb {
        store,
        _dir: Some(dir),
        _schema: None,
    }
}

/// A fresh schema on `TEST_DATABASE_URL`, or `None` (with a note on stderr) when it is unset.
pub async fn postgres() -> Option<TestDb> {
    let Some(url) = postgres_url() else {
        eprintln!("PostgreSQL part skipped: set TEST_DATABASE_URL=postgres://USER@HOST/DB");
        return None;
    };
    let schema = format!(
        "store_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let (store, schema) = TestSchema::create(&url, &schema)
        .await
        .expect("no test schema on TEST_DATABASE_URL");
    Some(TestDb {
        store,
        _dir: None,
        _schema: Some(schema),
    })
}

/// SQLite, then PostgreSQL when configured: run a test's body on each.
pub async fn each_backend() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    dbs.extend(postgres().await);
    dbs
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }
}

/// The newsroom user behind the writes of a test.
pub fn editor() -> Actor {
    Actor {
        user_id: None,
        ip: "192.0.2.1".into(),
        api_key: None,
    }
}

pub fn at(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap()
}

/// A plain article as seeding would write it: `status`, published at `published_at`
/// (unix seconds), filed in `category_id`, tagged `tag_ids`.
pub fn article(
    slug: &str,
    status: Status,
    published_at: Option<i64>,
    category_id: Option<i64>,
    tag_ids: Vec<i64>,
) -> NewArticle {
    NewArticle {
        slug: slug.into(),
        title: format!("Title of {slug}"),
        subtitle: None,
        excerpt: String::new(),
        body_markdown: format!("The body of *{slug}*."),
        status,
        kind: Kind::Original,
        language: "en".into(),
        category_id,
        featured_media_id: None,
        source: None,
        published_at: published_at.map(at),
        modified_at: at(published_at.unwrap_or(1_700_000_000)),
        tag_ids,
        credits: Vec::new(),
        corrections: Vec::new(),
    }
}

/// Creates a plain [`article`] (no category, no tags) and returns its id.
pub async fn add_article(
    store: &Store,
    slug: &str,
    status: Status,
    published_at: Option<i64>,
) -> i64 {
    let new = article(slug, status, published_at, None, Vec::new());
    store.create_article(&new).await.unwrap()
}

/// Every category's id, in menu order.
pub async fn category_ids(store: &Store) -> Vec<i64> {
    let categories = store.categories().await.unwrap();
    categories.iter().map(|c| c.id).collect()
}

/// The first page of the desk's inbox with the filter `set` makes.
pub async fn inbox(store: &Store, set: impl FnOnce(&mut InboxFilter)) -> InboxPage {
    let mut filter = InboxFilter::default();
    set(&mut filter);
    store.desk_inbox(&filter, 50, 0).await.unwrap()
}

/// Where `from` redirects at `secs` (unix seconds), if anywhere.
pub async fn redirect(store: &Store, from: &str, secs: i64) -> Option<String> {
    store.redirect_target(from, at(secs)).await.unwrap()
}

pub fn category(slug: &str, parent_id: Option<i64>, position: i64) -> NewCategory {
    NewCategory {
        parent_id,
        slug: slug.into(),
        name: slug.to_uppercase(),
        description: String::new(),
        position,
    }
}
