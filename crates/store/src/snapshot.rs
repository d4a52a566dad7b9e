//! Copies of the database for backups. SQLite's `VACUUM INTO` writes a consistent copy of
//! the database as of one read transaction while the site keeps writing (WAL readers do
//! not block writers); PostgreSQL backups are taken with `pg_dump` by the caller, which
//! knows where the client tools are.

use std::path::Path;

use crate::connect::Backend;
use crate::{Result, Store, StoreError};

/// What a backup records about the content it holds, to print and to compare after a
/// restore.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContentCounts {
    pub articles: i64,
    pub pages: i64,
    pub media: i64,
    pub users: i64,
    pub redirects: i64,
}

impl Store {
    /// Writes a consistent copy of this SQLite database to `path`, which must not exist.
    pub async fn sqlite_copy_to(&self, path: &Path) -> Result<()> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Unsupported(
                "copying the database file works on SQLite only; use pg_dump on PostgreSQL",
            ));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many articles, pages, pictures, accounts and redirects the database holds.
    pub async fn content_counts(&self) -> Result<ContentCounts> {
        let row: (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM pages), \
             (SELECT COUNT(*) FROM media), (SELECT COUNT(*) FROM users), \
             (SELECT COUNT(*) FROM redirects)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(ContentCounts {
            articles: row.0,
            pages: row.1,
            media: row.2,
            users: row.3,
            redirects: row.4,
        })
    }
}
