//! Tags: the site's tag pages and API counts, the admin's list, rename, merge and delete
//! (each leaving a redirect from the old URL), and the editor's tag-by-name.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::Tag;
use gazette_core::slug;
use gazette_core::urls::tag_path;
use gazette_core::visibility::VISIBLE_SQL as VISIBLE;
use sqlx::{Any, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use crate::articles::workflow::invalid;
use crate::audit::Actor;
use crate::changes::append;
use crate::rows::{Counted, TAG_COLS, TagRow};
use crate::run::{row, rows, value_of};
use crate::write::{check_slug, unique};
use crate::{Result, Store, StoreError, redirects};

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

/// Selects a [`TagUsage`] for each tag `t`.
const USAGE_SELECT: &str = "SELECT t.id, t.slug, t.name, t.special, \
     (SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id) AS articles FROM tags t";

/// One screen of the tag list and how many tags match in all.
#[derive(Debug, Clone)]
pub struct TagList {
    pub tags: Vec<TagUsage>,
    pub total: i64,
}

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
    value_of(&mut **tx, "SELECT slug FROM tags WHERE id = $1", "tag", id).await
}

/// Deletes tag `id` and its links; returns the articles that carried it.
async fn remove_tag(tx: &mut Transaction<'static, Any>, id: i64) -> Result<Vec<i64>> {
    let articles: Vec<i64> =
        sqlx::query_scalar("SELECT article_id FROM article_tags WHERE tag_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    for sql in [
        "DELETE FROM article_tags WHERE tag_id = $1",
        "DELETE FROM tags WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    }
    Ok(articles)
}

#[derive(Debug, Clone)]
pub struct NewTag {
    pub slug: String,
    pub name: String,
    pub special: bool,
}

/// Inserts `new`; callers map a taken slug to their own error.
pub(crate) async fn insert_tag(
    tx: &mut Transaction<'static, Any>,
    new: &NewTag,
) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO tags (slug, name, special) VALUES ($1, $2, $3) RETURNING id")
        .bind(&new.slug)
        .bind(&new.name)
        .bind(i64::from(new.special))
        .fetch_one(&mut **tx)
        .await
}

/// The id of the tag named `name` (matched by its slug), created when missing.
pub(crate) async fn tag_by_name(
    tx: &mut Transaction<'static, Any>,
    name: &str,
    at: i64,
) -> Result<i64> {
    let tag_slug = slug::slugify(name);
    if tag_slug.is_empty() {
        return Err(invalid(
            "tags",
            format!("the tag `{name}` has no letters or digits to make its address from"),
        ));
    }
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM tags WHERE slug = $1")
        .bind(&tag_slug)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tags (slug, name, special) VALUES ($1, $2, 0) RETURNING id",
    )
    .bind(&tag_slug)
    .bind(name.trim())
    .fetch_one(&mut **tx)
    .await?;
    append(tx, at, ChangeEntity::Tag, id, ChangeAction::Create).await?;
    Ok(id)
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
        let tags = sqlx::query_as(AssertSqlSafe(format!(
            "{USAGE_SELECT} WHERE LOWER(t.name) LIKE $1 ESCAPE '\\' OR t.slug LIKE $1 ESCAPE '\\' \
             ORDER BY LOWER(t.name), t.id LIMIT $2 OFFSET $3"
        )))
        .bind(&pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok(TagList { tags, total })
    }

    pub async fn tag_usage(&self, id: i64) -> Result<Option<TagUsage>> {
        Ok(
            sqlx::query_as(AssertSqlSafe(format!("{USAGE_SELECT} WHERE t.id = $1")))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
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
        check_slug("tag", new_slug)?;
        let mut tx = self.write(at).await?;
        let old_slug = tag_slug_of(&mut tx, id).await?;
        sqlx::query("UPDATE tags SET name = $1, slug = $2, special = $3 WHERE id = $4")
            .bind(name)
            .bind(new_slug)
            .bind(i64::from(special))
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(unique("tag", "slug", new_slug))?;
        if old_slug != new_slug {
            redirect_tag(&mut tx, &old_slug, new_slug, at).await?;
        }
        let detail = if old_slug == new_slug {
            format!("{name} ({new_slug}), special topic: {special}")
        } else {
            format!("{name} ({old_slug} → {new_slug}), special topic: {special}")
        };
        tx.logged(actor, AuditAction::TagUpdate, id, &detail)
            .await?;
        tx.commit().await
    }

    /// Merges tag `from` into `into`: its articles carry `into` (once), `from` is deleted
    /// and its address redirects to `into`'s. Returns how many articles were moved.
    pub async fn merge_tags(&self, from: i64, into: i64, at: i64, actor: &Actor) -> Result<i64> {
        if from == into {
            return Err(StoreError::invalid(
                "tag",
                "into",
                "a tag cannot be merged into itself; choose another tag",
            ));
        }
        let mut tx = self.write(at).await?;
        let from_slug = tag_slug_of(&mut tx, from).await?;
        let into_slug = tag_slug_of(&mut tx, into).await?;
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id) \
             SELECT article_id, CAST($1 AS BIGINT) FROM article_tags WHERE tag_id = $2 \
             ON CONFLICT DO NOTHING",
        )
        .bind(into)
        .bind(from)
        .execute(&mut **tx)
        .await?;
        let moved = remove_tag(&mut tx, from).await?;
        redirect_tag(&mut tx, &from_slug, &into_slug, at).await?;
        // `into` now lists every moved article, so one tag change reindexes them all.
        tx.changed(ChangeEntity::Tag, from, ChangeAction::Delete)
            .await?;
        tx.logged(
            actor,
            AuditAction::TagMerge,
            into,
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
        let mut tx = self.write(at).await?;
        let slug = tag_slug_of(&mut tx, id).await?;
        let articles = remove_tag(&mut tx, id).await?;
        // Old addresses that led here would now lead nowhere.
        sqlx::query(
            "DELETE FROM redirects WHERE target = $1 AND article_id IS NULL AND page_id IS NULL",
        )
        .bind(tag_path(&slug))
        .execute(&mut **tx)
        .await?;
        for article in &articles {
            tx.changed(ChangeEntity::Article, *article, ChangeAction::Update)
                .await?;
        }
        tx.logged(
            actor,
            AuditAction::TagDelete,
            id,
            &format!("{slug} (removed from {} articles)", articles.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(i64::try_from(articles.len()).unwrap_or(i64::MAX))
    }

    pub async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>> {
        let sql = format!("SELECT {TAG_COLS} FROM tags t WHERE t.slug = $1");
        let found: Option<TagRow> = row(&self.pool, AssertSqlSafe(sql), &[slug.into()]).await?;
        Ok(found.map(Tag::from))
    }

    /// Special-topic tags, for the navigation menu.
    pub async fn special_tags(&self) -> Result<Vec<Tag>> {
        let sql = format!("SELECT {TAG_COLS} FROM tags t WHERE t.special <> 0 ORDER BY t.name");
        let found: Vec<TagRow> = rows(&self.pool, AssertSqlSafe(sql), &[]).await?;
        Ok(found.into_iter().map(Tag::from).collect())
    }

    /// Every tag by name, with how many visible articles carry it.
    pub async fn tags_with_counts(&self, now: OffsetDateTime) -> Result<Vec<(Tag, i64)>> {
        let rows: Vec<Counted<TagRow>> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {TAG_COLS}, \
             (SELECT COUNT(*) FROM article_tags x JOIN articles a ON a.id = x.article_id \
              WHERE x.tag_id = t.id AND {VISIBLE}) AS n \
             FROM tags t ORDER BY t.name, t.id"
        )))
        .bind(now.unix_timestamp())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| (Tag::from(r.row), r.n)).collect())
    }

    pub async fn create_tag(&self, new: &NewTag) -> Result<i64> {
        check_slug("tag", &new.slug)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let id = insert_tag(&mut tx, new)
            .await
            .map_err(unique("tag", "slug", &new.slug))?;
        tx.commit_created(ChangeEntity::Tag, id).await
    }
}
