//! The newsroom's writes to the site's small tables: tags (rename, special topic, merge,
//! delete), static pages (create, edit, delete) and the site settings (menu and the rest).
//! Each write is one transaction with its change-log entries (page caches and the search
//! index follow them) and its audit row; a slug change leaves a permanent redirect so old
//! links keep working.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::{Page, SiteSettings};
use gazette_core::urls::{self, tag_path};
use gazette_core::{markdown, slug};
use sqlx::{Any, Transaction};

use crate::audit::{Actor, append_audit};
use crate::changes::append;
use crate::redirects;
use crate::rows::to_time;
use crate::write::{slug_free_for, unique};
use crate::{Result, Store, StoreError};

/// A tag as the newsroom's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TagUsage {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub special: i64,
    /// Articles carrying the tag, whatever their status.
    pub articles: i64,
}

/// One screen of the tag list and how many tags match in all.
#[derive(Debug, Clone)]
pub struct TagList {
    pub tags: Vec<TagUsage>,
    pub total: i64,
}

/// What the page editor submits.
#[derive(Debug, Clone)]
pub struct PageInput {
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub published: bool,
}

#[derive(sqlx::FromRow)]
struct PageRow {
    id: i64,
    slug: String,
    title: String,
    body_markdown: String,
    body_html: String,
    published: i64,
    modified_at: i64,
}

impl TryFrom<PageRow> for Page {
    type Error = StoreError;
    fn try_from(r: PageRow) -> Result<Page> {
        Ok(Page {
            id: r.id,
            slug: r.slug,
            title: r.title,
            body_markdown: r.body_markdown,
            body_html: r.body_html,
            published: r.published != 0,
            modified_at: to_time(r.modified_at)?,
        })
    }
}

const PAGE_COLS: &str = "id, slug, title, body_markdown, body_html, published, modified_at";

/// Points `/tag/{old}/` (and every older address that led to it) at `/tag/{new}/`.
async fn redirect_tag(
    tx: &mut Transaction<'static, Any>,
    old: &str,
    new: &str,
    at: i64,
) -> Result<()> {
    redirects::record(
        tx,
        &tag_path(old),
        &tag_path(new),
        redirects::Owner::None,
        at,
    )
    .await
}

async fn tag_slug_of(tx: &mut Transaction<'static, Any>, id: i64) -> Result<String> {
    let slug: Option<String> = sqlx::query_scalar("SELECT slug FROM tags WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    slug.ok_or_else(|| StoreError::Missing {
        entity: "tag",
        field: "id",
        value: id.to_string(),
    })
}

impl Store {
    /// Tags whose name or slug contains `search` (all when empty), by name, with how many
    /// articles carry each.
    pub async fn tag_list(&self, search: &str, offset: i64, limit: i64) -> Result<TagList> {
        let pattern = crate::like::contains_pattern(&search.trim().to_lowercase());
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM tags WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR slug LIKE $1 ESCAPE '\\'",
        )
        .bind(&pattern)
        .fetch_one(&self.pool)
        .await?;
        let tags = sqlx::query_as(
            "SELECT t.id, t.slug, t.name, t.special, \
             (SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id) AS articles \
             FROM tags t WHERE LOWER(t.name) LIKE $1 ESCAPE '\\' OR t.slug LIKE $1 ESCAPE '\\' \
             ORDER BY LOWER(t.name), t.id LIMIT $2 OFFSET $3",
        )
        .bind(&pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok(TagList { tags, total })
    }

    pub async fn tag_usage(&self, id: i64) -> Result<Option<TagUsage>> {
        Ok(sqlx::query_as(
            "SELECT t.id, t.slug, t.name, t.special, \
             (SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id) AS articles \
             FROM tags t WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Renames a tag and sets its special-topic flag. A new slug leaves a permanent
    /// redirect from the old address; the tag's articles are reindexed (change `tag`).
    pub async fn update_tag(
        &self,
        id: i64,
        name: &str,
        new_slug: &str,
        special: bool,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        slug::validate(new_slug).map_err(|e| StoreError::Invalid {
            entity: "tag",
            field: "slug",
            message: e.to_string(),
        })?;
        let mut tx = self.begin_write().await?;
        let old_slug = tag_slug_of(&mut tx, id).await?;
        sqlx::query("UPDATE tags SET name = $1, slug = $2, special = $3 WHERE id = $4")
            .bind(name)
            .bind(new_slug)
            .bind(i64::from(special))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(unique("tag", "slug", new_slug))?;
        if old_slug != new_slug {
            redirect_tag(&mut tx, &old_slug, new_slug, at).await?;
        }
        append(&mut tx, at, ChangeEntity::Tag, id, ChangeAction::Update).await?;
        let detail = if old_slug == new_slug {
            format!("{name} ({new_slug}), special topic: {special}")
        } else {
            format!("{name} ({old_slug} → {new_slug}), special topic: {special}")
        };
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::TagUpdate,
            Some(&id.to_string()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Merges tag `from` into `into`: its articles carry `into` (once), `from` is deleted
    /// and its address redirects to `into`'s. Returns how many articles were moved.
    pub async fn merge_tags(&self, from: i64, into: i64, at: i64, actor: &Actor) -> Result<i64> {
        if from == into {
            return Err(StoreError::Invalid {
                entity: "tag",
                field: "into",
                message: "a tag cannot be merged into itself; choose another tag".into(),
            });
        }
        let mut tx = self.begin_write().await?;
        let from_slug = tag_slug_of(&mut tx, from).await?;
        let into_slug = tag_slug_of(&mut tx, into).await?;
        let moved: Vec<i64> =
            sqlx::query_scalar("SELECT article_id FROM article_tags WHERE tag_id = $1")
                .bind(from)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id) \
             SELECT article_id, CAST($1 AS BIGINT) FROM article_tags WHERE tag_id = $2 \
             ON CONFLICT DO NOTHING",
        )
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM article_tags WHERE tag_id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM tags WHERE id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        redirect_tag(&mut tx, &from_slug, &into_slug, at).await?;
        // `into` now lists every moved article, so one tag change reindexes them all.
        append(&mut tx, at, ChangeEntity::Tag, from, ChangeAction::Delete).await?;
        append(&mut tx, at, ChangeEntity::Tag, into, ChangeAction::Update).await?;
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::TagMerge,
            Some(&into.to_string()),
            &format!(
                "{from_slug} merged into {into_slug} ({} articles)",
                moved.len()
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(i64::try_from(moved.len()).unwrap_or(i64::MAX))
    }

    /// Deletes a tag and its links to articles (which are reindexed without it). Returns
    /// how many articles carried it.
    pub async fn delete_tag(&self, id: i64, at: i64, actor: &Actor) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let slug = tag_slug_of(&mut tx, id).await?;
        let articles: Vec<i64> =
            sqlx::query_scalar("SELECT article_id FROM article_tags WHERE tag_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM article_tags WHERE tag_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM tags WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Old addresses that led here would now lead nowhere.
        sqlx::query(
            "DELETE FROM redirects WHERE target = $1 AND article_id IS NULL AND page_id IS NULL",
        )
        .bind(tag_path(&slug))
        .execute(&mut *tx)
        .await?;
        for article in &articles {
            append(
                &mut tx,
                at,
                ChangeEntity::Article,
                *article,
                ChangeAction::Update,
            )
            .await?;
        }
        append(&mut tx, at, ChangeEntity::Tag, id, ChangeAction::Delete).await?;
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::TagDelete,
            Some(&id.to_string()),
            &format!("{slug} (removed from {} articles)", articles.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(i64::try_from(articles.len()).unwrap_or(i64::MAX))
    }

    /// Every static page, published or not, by title.
    pub async fn all_pages(&self) -> Result<Vec<Page>> {
        let rows: Vec<PageRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PAGE_COLS} FROM pages ORDER BY LOWER(title), id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Page::try_from).collect()
    }

    /// A static page, published or not.
    pub async fn page_by_id(&self, id: i64) -> Result<Option<Page>> {
        let row: Option<PageRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PAGE_COLS} FROM pages WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Page::try_from).transpose()
    }

    /// Creates (`id` None) or updates a static page. The slug must be free among articles
    /// and pages; a published page whose slug changes keeps its old address as a redirect.
    pub async fn save_page(
        &self,
        id: Option<i64>,
        input: &PageInput,
        at: i64,
        actor: &Actor,
    ) -> Result<i64> {
        slug::validate(&input.slug).map_err(|e| StoreError::Invalid {
            entity: "page",
            field: "slug",
            message: e.to_string(),
        })?;
        if input.title.trim().is_empty() {
            return Err(StoreError::Invalid {
                entity: "page",
                field: "title",
                message: "the title is empty; every page needs one".into(),
            });
        }
        let html = markdown::render(&input.body_markdown).html;
        let mut tx = self.begin_write().await?;
        slug_free_for(&mut tx, "page", &input.slug).await?;
        let published = i64::from(input.published);
        let id = match id {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO pages (slug, title, body_markdown, body_html, published, modified_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&input.slug)
                .bind(input.title.trim())
                .bind(&input.body_markdown)
                .bind(&html)
                .bind(published)
                .bind(at)
                .fetch_one(&mut *tx)
                .await
                .map_err(unique("page", "slug", &input.slug))?;
                append(&mut tx, at, ChangeEntity::Page, id, ChangeAction::Create).await?;
                append_audit(
                    &mut tx,
                    at,
                    actor,
                    AuditAction::PageCreate,
                    Some(&id.to_string()),
                    &input.slug,
                )
                .await?;
                id
            }
            Some(id) => {
                let old: Option<(String, i64)> =
                    sqlx::query_as("SELECT slug, published FROM pages WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let (old_slug, was_published) = old.ok_or_else(|| StoreError::Missing {
                    entity: "page",
                    field: "id",
                    value: id.to_string(),
                })?;
                sqlx::query(
                    "UPDATE pages SET slug = $1, title = $2, body_markdown = $3, body_html = $4, \
                     published = $5, modified_at = $6 WHERE id = $7",
                )
                .bind(&input.slug)
                .bind(input.title.trim())
                .bind(&input.body_markdown)
                .bind(&html)
                .bind(published)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(unique("page", "slug", &input.slug))?;
                let mut detail = input.slug.clone();
                if old_slug != input.slug {
                    detail = format!("{old_slug} → {}", input.slug);
                    let (from, to) = (urls::page_path(&old_slug), urls::page_path(&input.slug));
                    if was_published != 0 {
                        redirects::record(&mut tx, &from, &to, redirects::Owner::Page(id), at)
                            .await?;
                    } else {
                        redirects::clear(&mut tx, &to).await?;
                    }
                }
                append(&mut tx, at, ChangeEntity::Page, id, ChangeAction::Update).await?;
                append_audit(
                    &mut tx,
                    at,
                    actor,
                    AuditAction::PageUpdate,
                    Some(&id.to_string()),
                    &detail,
                )
                .await?;
                id
            }
        };
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes a static page, unless the site settings link it as a legal page (the error
    /// names the setting).
    pub async fn delete_page(&self, id: i64, at: i64, actor: &Actor) -> Result<String> {
        let mut tx = self.begin_write().await?;
        let slug: Option<String> = sqlx::query_scalar("SELECT slug FROM pages WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let slug = slug.ok_or_else(|| StoreError::Missing {
            entity: "page",
            field: "id",
            value: id.to_string(),
        })?;
        let settings = settings_in(&mut tx).await?;
        for (field, used) in [
            ("privacy_page", &settings.privacy_page),
            ("terms_page", &settings.terms_page),
            ("cookies_page", &settings.cookies_page),
        ] {
            if *used == slug {
                return Err(StoreError::Invalid {
                    entity: "page",
                    field,
                    message: format!(
                        "`{slug}` is the site's {} page; choose another one in Settings first",
                        field.trim_end_matches("_page")
                    ),
                });
            }
        }
        sqlx::query("DELETE FROM pages WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        append(&mut tx, at, ChangeEntity::Page, id, ChangeAction::Delete).await?;
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::PageDelete,
            Some(&id.to_string()),
            &slug,
        )
        .await?;
        tx.commit().await?;
        Ok(slug)
    }

    /// Reads the settings, lets `change` edit them and saves them, all in one transaction
    /// (so a menu edit and a settings edit at the same moment do not undo each other).
    /// `action` names the audit entry (`settings.update`, `menu.update`).
    pub async fn update_settings(
        &self,
        at: i64,
        actor: &Actor,
        action: AuditAction,
        change: impl FnOnce(&mut SiteSettings),
    ) -> Result<SiteSettings> {
        let mut tx = self.begin_write().await?;
        let mut settings = settings_in(&mut tx).await?;
        change(&mut settings);
        let json = serde_json::to_string(&settings)
            .map_err(|e| StoreError::Corrupt(format!("site settings: {e}")))?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('site', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(json)
        .execute(&mut *tx)
        .await?;
        append(&mut tx, at, ChangeEntity::Settings, 0, ChangeAction::Update).await?;
        append_audit(&mut tx, at, actor, action, None, "").await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// Slugs of every static page, published or not.
    pub async fn page_slugs(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT slug FROM pages ORDER BY slug")
            .fetch_all(&self.pool)
            .await?)
    }
}

async fn settings_in(tx: &mut Transaction<'static, Any>) -> Result<SiteSettings> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'site'")
        .fetch_optional(&mut **tx)
        .await?;
    match value {
        None => Ok(SiteSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("site settings: {e}"))),
    }
}
