//! Test support (feature `testing`): a fresh PostgreSQL schema per test, dropped when the test
//! is done, shared by the store's tests and the HTTP suite so both clean up the same way.

use gazette_core::changes::{ChangeAction, ChangeEntity};

use crate::write::WriteTx;
use crate::{Result, Store};

/// The PostgreSQL server the tests use, from `TEST_DATABASE_URL` (unset or empty: none).
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// The category tree's paths, in menu order.
pub async fn category_paths(store: &Store) -> Result<Vec<String>> {
    let tree = store.categories().await?;
    Ok(tree.iter().map(|c| c.path.clone()).collect())
}

/// A test's own schema on a PostgreSQL server; dropped with everything in it on `Drop`.
#[derive(Debug)]
pub struct TestSchema {
    url: String,
    name: String,
}

impl TestSchema {
    /// Creates schema `name` on the server at `url` and returns a store migrated inside it.
    pub async fn create(url: &str, name: &str) -> Result<(Store, TestSchema)> {
        let admin = Store::connect(url, None).await?;
        let created = admin
            .execute_raw(&format!("CREATE SCHEMA \"{name}\""))
            .await;
        admin.close().await;
        created?;
        // The guard exists before migrating, so a failed migration still drops the schema.
        let schema = TestSchema {
            url: url.to_owned(),
            name: name.to_owned(),
        };
        let store = Store::connect(url, Some(name)).await?;
        store.migrate().await?;
        Ok((store, schema))
    }

    /// The schema's name, for opening the same database again.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        let (url, schema) = (self.url.clone(), self.name.clone());
        // Drop runs outside async code: a private runtime on its own thread. The test's pool
        // belongs to the test's runtime (blocked here) and may hold a connection whose failed
        // transaction is not rolled back yet, so sessions still holding locks in the schema
        // are ended instead, or DROP SCHEMA would wait for them forever.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
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

impl Store {
    /// Who holds the jobs claimed but not done (the workers' node ids), one entry per job.
    pub async fn job_holders(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT locked_by FROM jobs WHERE done_at IS NULL AND locked_by IS NOT NULL \
             AND locked_until IS NOT NULL",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}

/// A write left open on purpose, so that tests can commit transactions out of the order in
/// which they logged their changes.
pub struct HeldWrite(WriteTx);

impl Store {
    /// Starts a write that runs `sql` (trusted test SQL) and logs an update of `entity`
    /// `id`, and keeps it open until [`HeldWrite::commit`] or drop (which rolls it back).
    pub async fn hold_write(&self, sql: &str, entity: ChangeEntity, id: i64) -> Result<HeldWrite> {
        let mut tx = self.write(now()).await?;
        if !sql.is_empty() {
            sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
                .execute(&mut **tx)
                .await?;
        }
        tx.changed(entity, id, ChangeAction::Update).await?;
        Ok(HeldWrite(tx))
    }
}

impl HeldWrite {
    pub async fn commit(self) -> Result<()> {
        self.0.commit().await
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}
