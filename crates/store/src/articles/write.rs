//! Creating articles outside the editor (seeding, the demo, tests) and moving their status
//! directly: the plain inserts that the editor workflow and the import build on.

use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::derived::{self, DerivedBody};
use gazette_core::limits::{self, Field};
use gazette_core::model::{CreditRole, Kind, Source, Status};
use sqlx::{Any, Transaction};
use time::OffsetDateTime;

use crate::changes::append;
use crate::run::execute;
use crate::write::{check_slug, check_title, slug_free_for, too_long, unique};
use crate::{Result, Store, StoreError};

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

/// Tags article `id` with `tag_id` (once).
pub(super) async fn add_tag(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    tag_id: i64,
) -> Result<()> {
    let sql =
        "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    execute(&mut **tx, sql, &[id.into(), tag_id.into()]).await?;
    Ok(())
}

/// Credits article `id` with `credits`, in byline order.
pub(super) async fn add_credits(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    credits: &[(i64, CreditRole)],
) -> Result<()> {
    for (position, (author_id, role)) in credits.iter().enumerate() {
        sqlx::query(
            "INSERT INTO article_credits (article_id, author_id, role, position) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(*author_id)
        .bind(role.as_str())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_article(tx: &mut Transaction<'static, Any>, new: &NewArticle) -> Result<i64> {
    check_slug("article", &new.slug)?;
    check_title("article", &new.title)?;
    let subtitle = new.subtitle.as_deref().unwrap_or_default();
    for (field, value) in [
        (Field::ArticleTitle, new.title.trim()),
        (Field::ArticleSubtitle, subtitle.trim()),
        (Field::ArticleExcerpt, new.excerpt.trim()),
    ] {
        limits::check(field, value).map_err(too_long("article"))?;
    }
    if new.kind != Kind::Original && new.source.is_none() {
        return Err(StoreError::invalid(
            "article",
            "source",
            format!("a {} needs its source outlet and URL", new.kind),
        ));
    }
    if new.status == Status::Published && new.published_at.is_none() {
        return Err(StoreError::invalid(
            "article",
            "published_at",
            "a published article needs a publication time",
        ));
    }
    slug_free_for(tx, "article", &new.slug).await?;
    let body = DerivedBody::from_markdown(&new.body_markdown);
    let excerpt = derived::effective_excerpt(&new.excerpt, || body.excerpt.clone());
    let source = new.source.as_ref();
    let modified = new.modified_at.unix_timestamp();
    let id = sqlx::query_scalar(
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
        .bind(i64::from(body.reading_minutes))
        .fetch_one(&mut **tx)
        .await
        .map_err(unique("article", "slug", &new.slug))?;
    for tag_id in &new.tag_ids {
        add_tag(tx, id, *tag_id).await?;
    }
    add_credits(tx, id, &new.credits).await?;
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
        let mut tx = self.write(at.unix_timestamp()).await?;
        let updated = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE articles SET status = $1, modified_at = $2, \
             published_at = CASE WHEN $1 = '{}' AND published_at IS NULL THEN $2 ELSE published_at END \
             WHERE id = $3",
            Status::Published.as_str()
        )))
        .bind(status.as_str())
        .bind(at.unix_timestamp())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::missing("article", id));
        }
        tx.changed(ChangeEntity::Article, id, ChangeAction::Status)
            .await?;
        tx.commit().await
    }
}
