//! Authors: created by seeding or from a staff account, read by the reader's author pages,
//! the API and the editor's pickers.

use gazette_core::changes::ChangeEntity;
use gazette_core::model::Author;
use gazette_core::visibility::VISIBLE_SQL as VISIBLE;
use sqlx::{Any, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use crate::rows::{AUTHOR_COLS, AuthorRow, Counted};
use crate::run::{row, rows};
use crate::write::{check_slug, unique};
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct NewAuthor {
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub avatar_url: Option<String>,
}

/// A choice in the editor's pickers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub extra: String,
}

/// Inserts `new` under `slug` (the import may have had to change it); callers map a taken
/// slug to their own error.
pub(crate) async fn insert_author(
    tx: &mut Transaction<'static, Any>,
    slug: &str,
    new: &NewAuthor,
    now: i64,
) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO authors (slug, name, bio, avatar_url, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(slug)
    .bind(&new.name)
    .bind(&new.bio)
    .bind(&new.avatar_url)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

impl Store {
    pub async fn create_author(&self, new: &NewAuthor) -> Result<i64> {
        check_slug("author", &new.slug)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let id = insert_author(&mut tx, &new.slug, new, now)
            .await
            .map_err(unique("author", "slug", &new.slug))?;
        tx.commit_created(ChangeEntity::Author, id).await
    }

    pub async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>> {
        let sql = format!("SELECT {AUTHOR_COLS} FROM authors au WHERE au.slug = $1");
        let found: Option<AuthorRow> = row(&self.pool, AssertSqlSafe(sql), &[slug.into()]).await?;
        Ok(found.map(Author::from))
    }

    /// Every author by name, with how many visible articles credit them (in any role).
    pub async fn authors_with_counts(&self, now: OffsetDateTime) -> Result<Vec<(Author, i64)>> {
        let sql = format!(
            "SELECT {AUTHOR_COLS}, \
             (SELECT COUNT(DISTINCT c.article_id) FROM article_credits c \
              JOIN articles a ON a.id = c.article_id WHERE c.author_id = au.id AND {VISIBLE}) AS n \
             FROM authors au ORDER BY au.name, au.id"
        );
        let args = [now.unix_timestamp().into()];
        let found: Vec<Counted<AuthorRow>> = rows(&self.pool, AssertSqlSafe(sql), &args).await?;
        Ok(found
            .into_iter()
            .map(|r| (Author::from(r.row), r.n))
            .collect())
    }

    /// Byline authors for the credits picker, by name.
    pub async fn author_choices(&self) -> Result<Vec<Choice>> {
        let sql = "SELECT id, name AS label, slug AS extra FROM authors ORDER BY name, id";
        rows(&self.pool, sql, &[]).await
    }
}
