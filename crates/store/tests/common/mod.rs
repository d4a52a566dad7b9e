//! The store's test harness: each test gets fresh, migrated databases and talks to the store
//! directly, without HTTP.
//!
//! SQLite always (a file in a temporary folder); PostgreSQL as well when
//! `TEST_DATABASE_URL=postgres://USER@HOST/DB` is set (a fresh schema per test, dropped at the
//! end). `scripts/test.sh` sets it in its PostgreSQL step.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};

use gazette_core::model::{Kind, Status};
use gazette_store::{Actor, Backend, NewArticle, NewCategory, Store};
use time::OffsetDateTime;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A migrated database for one test; its files or schema go away when it is dropped.
pub struct TestDb {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    schema: Option<(String, String)>,
}

pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let store = Store::connect(&url, None).await.unwrap();
    store.migrate().await.unwrap();
    TestDb {
        store,
        _dir: Some(dir),
        schema: None,
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
    Some(TestDb {
        store,
        _dir: None,
        schema: Some((url, schema)),
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

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((url, schema)) = self.schema.take() else {
            return;
        };
        // Drop runs outside async code: a private runtime on its own thread. The test's pool
        // belongs to the test's runtime (blocked here), so it is not touched: sessions still
        // holding locks in the schema are ended instead, or DROP SCHEMA would wait for them.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(admin) = Store::connect(&url, None).await {
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

/// The newsroom user behind the writes of a test.
pub fn editor() -> Actor {
    Actor {
        user_id: None,
        ip: "192.0.2.1".into(),
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

pub fn category(slug: &str, parent_id: Option<i64>, position: i64) -> NewCategory {
    NewCategory {
        parent_id,
        slug: slug.into(),
        name: slug.to_uppercase(),
        description: String::new(),
        position,
    }
}
