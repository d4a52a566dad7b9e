//! Opening a database from its URL, with the settings each backend needs.

use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use gazette_core::model::Category;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::{Result, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The category tree and when it was read.
pub(crate) type CachedTree = (Instant, Arc<Vec<Category>>);

/// The next scheduled publication time (`None`: nothing is scheduled) and when it was read.
pub(crate) type CachedSchedule = (Instant, Option<i64>);

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// The category tree, which nearly every page reads; see [`Store::categories`].
    pub(crate) categories: Arc<RwLock<Option<CachedTree>>>,
    /// The next scheduled publication time, and when it was read; see
    /// [`Store::has_scheduled`].
    pub(crate) next_scheduled: Arc<RwLock<Option<CachedSchedule>>>,
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). On SQLite the file is created,
    /// WAL is on and foreign keys are enforced. `search_path`, when given, selects a
    /// PostgreSQL schema (the test harness gives each test its own).
    pub async fn connect(url: &str, search_path: Option<&str>) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let options = AnyConnectOptions::from_str(url)
            .map_err(StoreError::Connect)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let search_path = search_path.map(str::to_owned);
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                let search_path = search_path.clone();
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                        }
                        Backend::Postgres => {
                            if let Some(schema) = search_path {
                                let sql =
                                    format!("SET search_path TO \"{}\"", schema.replace('"', ""));
                                conn.execute(sqlx::AssertSqlSafe(sql)).await?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        Ok(Store {
            pool,
            backend,
            categories: Arc::new(RwLock::new(None)),
            next_scheduled: Arc::new(RwLock::new(None)),
        })
    }

    /// Drops what this handle keeps in memory (the category tree, the next scheduled time),
    /// so the next read sees the database: the change followers call it when writes arrive.
    pub fn forget_cached(&self) {
        if let Ok(mut cache) = self.categories.write() {
            *cache = None;
        }
        if let Ok(mut known) = self.next_scheduled.write() {
            *known = None;
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Open database connections, and how many of them are idle.
    pub fn pool_connections(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// Closes every connection; on SQLite this also checkpoints the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl Store {
    /// Runs trusted SQL text without parameters (administration and tests only).
    pub async fn execute_raw(&self, sql: &str) -> Result<()> {
        self.pool
            .execute(sqlx::AssertSqlSafe(sql.to_owned()))
            .await?;
        Ok(())
    }
}

impl Store {
    /// Refreshes the statistics the query planner chooses indexes by. Without them SQLite
    /// reads "the visible articles" index for a lookup by ids and scans every published
    /// article (15 ms instead of 0.5 ms with 100,000 of them). Cheap: SQLite samples at most
    /// a thousand rows per index. Run after bulk writes and now and then.
    pub async fn optimize(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        match self.backend {
            Backend::Sqlite => {
                conn.execute("PRAGMA analysis_limit = 1000").await?;
                conn.execute("ANALYZE").await?;
            }
            // Only our own tables (in the search path): a bare ANALYZE would visit every
            // schema of the database and queue for locks behind other applications' DDL.
            Backend::Postgres => {
                conn.execute(
                    "ANALYZE articles, article_tags, article_credits, categories, tags, authors, \
                     media, pages, redirects, changes, article_views_hourly",
                )
                .await?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// Starts a write transaction. On SQLite it takes the write lock at once (waiting for
    /// it up to the busy timeout): a deferred transaction that reads first and writes later
    /// fails outright, "database is locked", if another connection wrote in between.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

impl Store {
    /// Whether the database holds no content at all (so `--demo` may fill it).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM categories) \
             + (SELECT COUNT(*) FROM pages)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }

    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(())
    }
}
