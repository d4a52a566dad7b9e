//! Creating content. Each call is one transaction that also appends to the change log;
//! derived fields (HTML, excerpt, word count, reading time, category paths) are computed
//! here from the source fields so no write path can store them inconsistently.

use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::derived::{self, DerivedBody};
use gazette_core::limits::{self, Field, TooLong};
use gazette_core::model::{CreditRole, Kind, SiteSettings, Source, Status};
use gazette_core::{markdown, slug};
use sqlx::{Any, Transaction};
use time::OffsetDateTime;

use crate::changes::append;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct NewAuthor {
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub avatar_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewCategory {
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
}

#[derive(Debug, Clone)]
pub struct NewTag {
    pub slug: String,
    pub name: String,
    pub special: bool,
}

#[derive(Debug, Clone)]
pub struct NewMedia {
    pub path: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub variant_widths: Vec<u32>,
}

#[derive(Debug, Clone)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Left empty, it is derived from the body.
    pub excerpt: String,
    pub body_markdown: String,
    pub status: Status,
    pub kind: Kind,
    pub language: String,
    pub category_id: Option<i64>,
    pub featured_media_id: Option<i64>,
    pub source: Option<Source>,
    pub published_at: Option<OffsetDateTime>,
    pub modified_at: OffsetDateTime,
    pub tag_ids: Vec<i64>,
    /// In byline order.
    pub credits: Vec<(i64, CreditRole)>,
    /// Dated corrections, oldest first.
    pub corrections: Vec<(OffsetDateTime, String)>,
}

#[derive(Debug, Clone)]
pub struct NewPage {
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub modified_at: OffsetDateTime,
}

fn check_slug(entity: &'static str, value: &str) -> Result<()> {
    slug::validate(value).map_err(|e| StoreError::Invalid {
        entity,
        field: "slug",
        message: e.to_string(),
    })
}

/// Maps a unique-constraint failure to a `Duplicate` error naming the value.
pub(crate) fn unique(
    entity: &'static str,
    field: &'static str,
    value: &str,
) -> impl FnOnce(sqlx::Error) -> StoreError {
    let value = value.to_owned();
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate {
            entity,
            field,
            value,
        },
        _ => StoreError::Sql(e),
    }
}

async fn insert_returning_id(
    tx: &mut Transaction<'static, Any>,
    query: sqlx::query::QueryScalar<'_, Any, i64, sqlx::any::AnyArguments>,
    on_error: impl FnOnce(sqlx::Error) -> StoreError,
) -> Result<i64> {
    query.fetch_one(&mut **tx).await.map_err(on_error)
}

impl Store {
    pub async fn create_author(&self, new: &NewAuthor) -> Result<i64> {
        check_slug("author", &new.slug)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.begin_write().await?;
        let id = insert_returning_id(
            &mut tx,
            sqlx::query_scalar(
                "INSERT INTO authors (slug, name, bio, avatar_url, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&new.slug)
            .bind(&new.name)
            .bind(&new.bio)
            .bind(&new.avatar_url)
            .bind(now),
            unique("author", "slug", &new.slug),
        )
        .await?;
        append(&mut tx, now, ChangeEntity::Author, id, ChangeAction::Create).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Creates a category below `parent_id`; its path is the parent's path plus its slug.
    pub async fn create_category(&self, new: &NewCategory) -> Result<i64> {
        check_slug("category", &new.slug)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.begin_write().await?;
        let path = match new.parent_id {
            None => new.slug.clone(),
            Some(pid) => {
                let parent: Option<String> =
                    sqlx::query_scalar("SELECT path FROM categories WHERE id = $1")
                        .bind(pid)
                        .fetch_optional(&mut *tx)
                        .await?;
                let parent = parent.ok_or_else(|| StoreError::Missing {
                    entity: "parent category",
                    field: "id",
                    value: pid.to_string(),
                })?;
                format!("{parent}/{}", new.slug)
            }
        };
        let id = insert_returning_id(
            &mut tx,
            sqlx::query_scalar(
                "INSERT INTO categories (parent_id, slug, name, description, path, position) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(new.parent_id)
            .bind(&new.slug)
            .bind(&new.name)
            .bind(&new.description)
            .bind(&path)
            .bind(new.position),
            unique("category", "path", &path),
        )
        .await?;
        append(
            &mut tx,
            now,
            ChangeEntity::Category,
            id,
            ChangeAction::Create,
        )
        .await?;
        tx.commit().await?;
        self.forget_cached();
        Ok(id)
    }

    pub async fn create_tag(&self, new: &NewTag) -> Result<i64> {
        check_slug("tag", &new.slug)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.begin_write().await?;
        let id = insert_returning_id(
            &mut tx,
            sqlx::query_scalar(
                "INSERT INTO tags (slug, name, special) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(&new.slug)
            .bind(&new.name)
            .bind(i64::from(new.special)),
            unique("tag", "slug", &new.slug),
        )
        .await?;
        append(&mut tx, now, ChangeEntity::Tag, id, ChangeAction::Create).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn create_media(&self, new: &NewMedia) -> Result<i64> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let widths = new
            .variant_widths
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut tx = self.begin_write().await?;
        let id = insert_returning_id(
            &mut tx,
            sqlx::query_scalar(
                "INSERT INTO media (path, mime, width, height, alt, caption, credit, variant_widths, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&new.path)
            .bind(&new.mime)
            .bind(i64::from(new.width))
            .bind(i64::from(new.height))
            .bind(&new.alt)
            .bind(&new.caption)
            .bind(&new.credit)
            .bind(widths)
            .bind(now),
            unique("media file", "path", &new.path),
        )
        .await?;
        append(&mut tx, now, ChangeEntity::Media, id, ChangeAction::Create).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn create_article(&self, new: &NewArticle) -> Result<i64> {
        let mut ids = self.create_articles(std::slice::from_ref(new)).await?;
        ids.pop()
            .ok_or_else(|| StoreError::Corrupt("no id returned".into()))
    }

    /// Creates several articles in one transaction: all or none of them.
    pub async fn create_articles(&self, batch: &[NewArticle]) -> Result<Vec<i64>> {
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(batch.len());
        for new in batch {
            ids.push(insert_article(&mut tx, new).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Moves an article to `status`; publishing one that never was gives it the time `at`.
    /// Fails with [`StoreError::Missing`] when there is no such article.
    pub async fn set_article_status(
        &self,
        id: i64,
        status: Status,
        at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE articles SET status = $1, modified_at = $2, \
             published_at = CASE WHEN $1 = '{}' AND published_at IS NULL THEN $2 ELSE published_at END \
             WHERE id = $3",
            Status::Published.as_str()
        )))
        .bind(status.as_str())
        .bind(at.unix_timestamp())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Missing {
                entity: "article",
                field: "id",
                value: id.to_string(),
            });
        }
        append(
            &mut tx,
            at.unix_timestamp(),
            ChangeEntity::Article,
            id,
            ChangeAction::Status,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_page(&self, new: &NewPage) -> Result<i64> {
        check_slug("page", &new.slug)?;
        let rendered = markdown::render(&new.body_markdown);
        let mut tx = self.begin_write().await?;
        slug_free_for(&mut tx, "page", &new.slug).await?;
        let at = new.modified_at.unix_timestamp();
        let id = insert_returning_id(
            &mut tx,
            sqlx::query_scalar(
                "INSERT INTO pages (slug, title, body_markdown, body_html, published, modified_at) \
                 VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
            )
            .bind(&new.slug)
            .bind(&new.title)
            .bind(&new.body_markdown)
            .bind(&rendered.html)
            .bind(at),
            unique("page", "slug", &new.slug),
        )
        .await?;
        append(&mut tx, at, ChangeEntity::Page, id, ChangeAction::Create).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn save_settings(&self, settings: &SiteSettings) -> Result<()> {
        let json = serde_json::to_string(settings)
            .map_err(|e| StoreError::Corrupt(format!("site settings: {e}")))?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('site', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(json)
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            now,
            ChangeEntity::Settings,
            0,
            ChangeAction::Update,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a reader's answer to the cookie notice.
    pub async fn record_consent(
        &self,
        choice: &str,
        policy: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        sqlx::query("INSERT INTO consents (at, choice, policy) VALUES ($1, $2, $3)")
            .bind(at.unix_timestamp())
            .bind(choice)
            .bind(policy)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Articles and pages share the `/{slug}/` namespace, so a slug may be used by only one.
pub(crate) async fn slug_free_for(
    tx: &mut Transaction<'static, Any>,
    entity: &'static str,
    slug: &str,
) -> Result<()> {
    let other = if entity == "page" {
        "articles"
    } else {
        "pages"
    };
    let taken: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {other} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_one(&mut **tx)
    .await?;
    if taken > 0 {
        return Err(StoreError::Duplicate {
            entity,
            field: "slug",
            value: slug.to_owned(),
        });
    }
    Ok(())
}

/// A value over core's limit, refused like any other invalid field.
pub(crate) fn too_long(entity: &'static str) -> impl Fn(TooLong) -> StoreError {
    move |e| StoreError::Invalid {
        entity,
        field: e.field.name(),
        message: e.to_string(),
    }
}

async fn insert_article(tx: &mut Transaction<'static, Any>, new: &NewArticle) -> Result<i64> {
    check_slug("article", &new.slug)?;
    if new.title.trim().is_empty() {
        return Err(StoreError::Invalid {
            entity: "article",
            field: "title",
            message: "the title is empty; every article needs one".into(),
        });
    }
    let subtitle = new.subtitle.as_deref().unwrap_or_default();
    for (field, value) in [
        (Field::ArticleTitle, new.title.trim()),
        (Field::ArticleSubtitle, subtitle.trim()),
        (Field::ArticleExcerpt, new.excerpt.trim()),
    ] {
        limits::check(field, value).map_err(too_long("article"))?;
    }
    if new.kind != Kind::Original && new.source.is_none() {
        return Err(StoreError::Invalid {
            entity: "article",
            field: "source",
            message: format!("a {} needs its source outlet and URL", new.kind),
        });
    }
    if new.status == Status::Published && new.published_at.is_none() {
        return Err(StoreError::Invalid {
            entity: "article",
            field: "published_at",
            message: "a published article needs a publication time".into(),
        });
    }
    slug_free_for(tx, "article", &new.slug).await?;
    let body = DerivedBody::from_markdown(&new.body_markdown);
    let excerpt = derived::effective_excerpt(&new.excerpt, || body.excerpt.clone());
    let source = new.source.as_ref();
    let modified = new.modified_at.unix_timestamp();
    let id = insert_returning_id(
        tx,
        sqlx::query_scalar(
            "INSERT INTO articles (slug, title, subtitle, excerpt, body_markdown, body_html, status, \
             kind, language, category_id, featured_media_id, source_outlet, source_url, \
             source_language, source_published_at, published_at, modified_at, created_at, \
             word_count, reading_minutes, views) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, $19, 0) \
             RETURNING id",
        )
        .bind(&new.slug)
        .bind(new.title.trim())
        .bind(new.subtitle.as_deref().map(str::trim).filter(|s| !s.is_empty()))
        .bind(excerpt)
        .bind(&new.body_markdown)
        .bind(&body.html)
        .bind(new.status.as_str())
        .bind(new.kind.as_str())
        .bind(&new.language)
        .bind(new.category_id)
        .bind(new.featured_media_id)
        .bind(source.map(|s| s.outlet.clone()))
        .bind(source.map(|s| s.url.clone()))
        .bind(source.and_then(|s| s.language.clone()))
        .bind(source.and_then(|s| s.published_at).map(OffsetDateTime::unix_timestamp))
        .bind(new.published_at.map(OffsetDateTime::unix_timestamp))
        .bind(modified)
        .bind(i64::from(body.word_count))
        .bind(i64::from(body.reading_minutes)),
        unique("article", "slug", &new.slug),
    )
    .await?;
    for tag_id in &new.tag_ids {
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*tag_id)
        .execute(&mut **tx)
        .await?;
    }
    for (position, (author_id, role)) in new.credits.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_credits (article_id, author_id, role, position) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*author_id)
        .bind(role.as_str())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(&mut **tx)
        .await?;
    }
    for (at, text) in &new.corrections {
        sqlx::query("INSERT INTO corrections (article_id, noted_at, text) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(at.unix_timestamp())
            .bind(text)
            .execute(&mut **tx)
            .await?;
    }
    append(
        tx,
        modified,
        ChangeEntity::Article,
        id,
        ChangeAction::Create,
    )
    .await?;
    Ok(id)
}

impl Store {
    /// How many cookie-notice answers are on record.
    pub async fn consent_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM consents")
            .fetch_one(&self.pool)
            .await?)
    }
}
