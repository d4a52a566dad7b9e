//! The editor's saves: drafts, edits, autosaves, restoring a revision and the featured
//! picture, with the reference checks and the revision each save leaves behind.
//!
//! Every write is one transaction that appends to the change log (page cache and search
//! follow it) and to the audit log, and (for scheduling) enqueues or cancels the
//! publication job, so an article is never half saved nor scheduled without its job.

use gazette_core::audit::AuditAction;
use gazette_core::derived::{self, DerivedBody};
use gazette_core::model::{Kind, Status};
use gazette_core::{markdown, urls};
use sqlx::{Any, Transaction};

use super::lifecycle::{load_status, status_in};
use super::write::{add_credits, add_tag};
use crate::audit::Actor;
use crate::redirects;
use crate::run::{execute, value_of};
use crate::taxonomy::tag_by_name;
use crate::write::{WriteTx, check_slug, check_title, unique};
use crate::{Result, Store, StoreError};

/// What the editor's form sets on an article (everything but its status); defined in
/// core, where the checks every writer applies live.
pub use gazette_core::article_input::ArticleInput;

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::invalid("article", field, message)
}

/// Checks what only the database can: referenced rows exist, the slug is free.
async fn check_references(
    tx: &mut Transaction<'static, Any>,
    input: &ArticleInput,
    own_id: Option<i64>,
) -> Result<()> {
    check_slug("article", &input.slug)?;
    check_title("article", &input.title)?;
    if !gazette_core::lang::is_valid_code(&input.language) {
        return Err(invalid(
            "language",
            format!(
                "`{}` is not a language code; use one like en, az or pt-BR",
                input.language
            ),
        ));
    }
    if let Some(id) = own_id {
        super::translations::check_language_free(tx, id, &input.language).await?;
    }
    if input.kind != Kind::Original
        && (input.source_outlet.trim().is_empty() || input.source_url.trim().is_empty())
    {
        return Err(invalid(
            "source",
            format!("a {} needs its source outlet and URL", input.kind.as_str()),
        ));
    }
    let exists = |table: &'static str| {
        sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table} WHERE id = $1"))
    };
    let checks: [(&'static str, &'static str, &str, Option<i64>); 4] = [
        ("categories", "category", "category", input.category_id),
        (
            "media",
            "featured_image",
            "picture",
            input.featured_media_id,
        ),
        ("media", "social_image", "picture", input.social_media_id),
        ("users", "assigned_to", "user", input.assigned_to),
    ];
    for (table, field, noun, id) in checks {
        if let Some(id) = id {
            let n: i64 = sqlx::query_scalar(exists(table))
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
            if n == 0 {
                return Err(invalid(field, format!("there is no {noun} with id {id}")));
            }
        }
    }
    for (author_id, _) in &input.credits {
        let n: i64 = sqlx::query_scalar(exists("authors"))
            .bind(*author_id)
            .fetch_one(&mut **tx)
            .await?;
        if n == 0 {
            return Err(invalid(
                "credits",
                format!("there is no author with id {author_id}"),
            ));
        }
    }
    let taken: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM articles WHERE slug = $1 AND id <> $2) + \
         (SELECT COUNT(*) FROM pages WHERE slug = $1)",
    )
    .bind(&input.slug)
    .bind(own_id.unwrap_or(-1))
    .fetch_one(&mut **tx)
    .await?;
    if taken > 0 {
        return Err(StoreError::Duplicate {
            entity: "article",
            field: "slug",
            value: input.slug.clone(),
        });
    }
    Ok(())
}

fn none_if_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Writes the input's columns, tags and credits onto article `id`.
pub(super) async fn write_fields(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    input: &ArticleInput,
    at: i64,
) -> Result<()> {
    let body = DerivedBody::from_markdown(&input.body_markdown);
    let excerpt = derived::effective_excerpt(&input.excerpt, || body.excerpt.clone());
    let original = input.kind == Kind::Original;
    sqlx::query(
        "UPDATE articles SET slug = $1, title = $2, subtitle = $3, excerpt = $4, \
         body_markdown = $5, body_html = $6, kind = $7, language = $8, category_id = $9, \
         featured_media_id = $10, source_outlet = $11, source_url = $12, source_language = $13, \
         modified_at = $14, word_count = $15, reading_minutes = $16, meta_description = $17, \
         social_media_id = $18, assigned_to = $19, assignment_note = $20 WHERE id = $21",
    )
    .bind(&input.slug)
    .bind(input.title.trim())
    .bind(none_if_empty(&input.subtitle))
    .bind(excerpt)
    .bind(&input.body_markdown)
    .bind(&body.html)
    .bind(input.kind.as_str())
    .bind(&input.language)
    .bind(input.category_id)
    .bind(input.featured_media_id)
    .bind(if original {
        None
    } else {
        none_if_empty(&input.source_outlet)
    })
    .bind(if original {
        None
    } else {
        none_if_empty(&input.source_url)
    })
    .bind(if original {
        None
    } else {
        none_if_empty(&input.source_language)
    })
    .bind(at)
    .bind(i64::from(body.word_count))
    .bind(i64::from(body.reading_minutes))
    .bind(input.meta_description.trim())
    .bind(input.social_media_id)
    .bind(input.assigned_to)
    .bind(input.assignment_note.trim())
    .bind(id)
    .execute(&mut **tx)
    .await?;

    let sql = "DELETE FROM article_tags WHERE article_id = $1";
    execute(&mut **tx, sql, &[id.into()]).await?;
    for name in &input.tags {
        let tag_id = tag_by_name(tx, name, at).await?;
        add_tag(tx, id, tag_id).await?;
    }
    let sql = "DELETE FROM article_credits WHERE article_id = $1";
    execute(&mut **tx, sql, &[id.into()]).await?;
    add_credits(tx, id, &input.credits).await
}

/// The excerpt as typed, or derived from the body when left empty.
fn effective_excerpt(input: &ArticleInput) -> String {
    derived::effective_excerpt(&input.excerpt, || {
        derived::auto_excerpt(&markdown::render(&input.body_markdown).plain_text)
    })
}

pub(super) async fn insert_revision(
    tx: &mut Transaction<'static, Any>,
    article_id: i64,
    input: &ArticleInput,
    at: i64,
    actor: &Actor,
    autosave: bool,
) -> Result<()> {
    // The excerpt the article shows, so revisions compare like for like.
    let excerpt = effective_excerpt(input);
    sqlx::query(
        "INSERT INTO article_revisions (article_id, at, user_id, autosave, title, subtitle, \
         excerpt, body_markdown, meta_description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(article_id)
    .bind(at)
    .bind(actor.user_id)
    .bind(i64::from(autosave))
    .bind(&input.title)
    .bind(&input.subtitle)
    .bind(excerpt)
    .bind(&input.body_markdown)
    .bind(&input.meta_description)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Saves the form onto the existing article `id`: its references checked, its columns,
/// tags and credits written, a revision kept.
async fn save_onto(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    input: &ArticleInput,
    at: i64,
    actor: &Actor,
) -> Result<()> {
    check_references(tx, input, Some(id)).await?;
    write_fields(tx, id, input, at).await?;
    bump_revision(tx, id).await?;
    insert_revision(tx, id, input, at, actor, false).await
}

/// Counts one more change of article `id` (its `revision`, which the Admin API hands out
/// as the article's ETag).
pub(super) async fn bump_revision(tx: &mut Transaction<'static, Any>, id: i64) -> Result<()> {
    let sql = "UPDATE articles SET revision = revision + 1 WHERE id = $1";
    execute(&mut **tx, sql, &[id.into()]).await?;
    Ok(())
}

/// Refuses, inside the caller's write, a change of article `id` made from a copy older than
/// its current revision. On PostgreSQL the UPDATE takes the row lock, so of two writers
/// holding the same revision the second waits and then finds the revision moved on; on
/// SQLite writes are serialised by `BEGIN IMMEDIATE`.
pub(super) async fn expect_revision(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    expected: i64,
) -> Result<()> {
    let sql = "UPDATE articles SET revision = revision WHERE id = $1 AND revision = $2";
    if execute(&mut **tx, sql, &[id.into(), expected.into()]).await? == 1 {
        return Ok(());
    }
    let sql = "SELECT revision FROM articles WHERE id = $1";
    let current: i64 = value_of(&mut **tx, sql, "article", id).await?;
    Err(StoreError::Stale {
        entity: "article",
        id,
        expected,
        current,
    })
}

impl Store {
    /// Starts a write on article `id` at `at`, refused with [`StoreError::Stale`] before
    /// anything is written when `expected` is given and no longer its revision; returns the
    /// write with the article's status and slug, read inside it.
    pub(super) async fn write_article(
        &self,
        id: i64,
        expected: Option<i64>,
        at: i64,
    ) -> Result<(WriteTx, Status, String)> {
        let mut tx = self.write(at).await?;
        if let Some(expected) = expected {
            expect_revision(&mut tx, id, expected).await?;
        }
        let (status, slug) = load_status(&mut tx, id).await?;
        Ok((tx, status, slug))
    }
}

/// Inserts a draft written by `actor` with its fields, first revision and log rows, inside
/// the caller's write (the editor's "new article" and "translate into", the desk's
/// "translate" and "reprint"); returns its id.
pub(crate) async fn insert_draft(
    tx: &mut WriteTx,
    input: &ArticleInput,
    at: i64,
    actor: &Actor,
) -> Result<i64> {
    check_references(tx, input, None).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO articles (slug, title, status, kind, language, modified_at, created_at, \
             created_by, views) VALUES ($1, $2, $7, $3, $4, $5, $5, $6, 0) RETURNING id",
    )
    .bind(&input.slug)
    .bind(input.title.trim())
    .bind(input.kind.as_str())
    .bind(&input.language)
    .bind(at)
    .bind(actor.user_id)
    .bind(Status::Draft.as_str())
    .fetch_one(&mut ***tx)
    .await
    .map_err(unique("article", "slug", &input.slug))?;
    write_fields(tx, id, input, at).await?;
    insert_revision(tx, id, input, at, actor, false).await?;
    tx.logged(actor, AuditAction::ArticleCreate, id, &input.title)
        .await?;
    Ok(id)
}

pub(super) fn missing(id: i64) -> StoreError {
    StoreError::missing("article", id)
}

impl Store {
    /// Creates a draft written by `actor` and, with `then`, moves it on (e.g. straight to
    /// review) in the same transaction; returns its id.
    pub async fn create_draft(
        &self,
        input: &ArticleInput,
        then: Option<(Status, Option<i64>)>,
        at: i64,
        actor: &Actor,
    ) -> Result<i64> {
        let mut tx = self.write(at).await?;
        let id = insert_draft(&mut tx, input, at, actor).await?;
        if let Some((to, publish_at)) = then {
            status_in(&mut tx, id, (Status::Draft, to), publish_at, at, actor).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Saves the editor's form onto article `id` and keeps a revision. A published
    /// article whose slug changes keeps its old address as a permanent redirect.
    /// With `then`, the article also moves to that status (and time), in the same
    /// transaction.
    pub async fn update_article(
        &self,
        id: i64,
        input: &ArticleInput,
        then: Option<(Status, Option<i64>)>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        self.update_article_at(id, None, input, then, at, actor)
            .await
    }

    /// [`Store::update_article`], refused with [`StoreError::Stale`] (and nothing written)
    /// when `expected` is given and the article's revision is no longer that one.
    pub async fn update_article_at(
        &self,
        id: i64,
        expected: Option<i64>,
        input: &ArticleInput,
        then: Option<(Status, Option<i64>)>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let (mut tx, status, old_slug) = self.write_article(id, expected, at).await?;
        if status == Status::Trashed {
            return Err(invalid(
                "status",
                "the article is in the trash; restore it before editing it",
            ));
        }
        save_onto(&mut tx, id, input, at, actor).await?;
        let mut detail = input.title.clone();
        if old_slug != input.slug {
            let (from, to) = (
                urls::article_path(&old_slug),
                urls::article_path(&input.slug),
            );
            if matches!(status, Status::Published | Status::Unpublished) {
                redirects::record(&mut tx, &from, &to, redirects::Owner::Article(id), at).await?;
            } else {
                redirects::clear(&mut tx, &to).await?;
            }
            detail = format!("{detail} (address /{old_slug}/ → /{}/)", input.slug);
        }
        tx.logged(actor, AuditAction::ArticleEdit, id, &detail)
            .await?;
        if let Some((to, publish_at)) = then {
            status_in(&mut tx, id, (status, to), publish_at, at, actor).await?;
        }
        tx.commit().await
    }

    /// Keeps the editor's unsaved text as an autosave revision; the article itself is
    /// untouched (so a published article never changes by itself). The actor's latest
    /// autosave is replaced rather than piling up one every few seconds.
    pub async fn autosave_article(
        &self,
        id: i64,
        input: &ArticleInput,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        load_status(&mut tx, id).await?;
        let latest: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, autosave, user_id FROM article_revisions WHERE article_id = $1 \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((rev, 1, user)) = latest
            && user == actor.user_id
        {
            sqlx::query("DELETE FROM article_revisions WHERE id = $1")
                .bind(rev)
                .execute(&mut *tx)
                .await?;
        }
        insert_revision(&mut tx, id, input, at, actor, true).await?;
        Ok(tx.commit().await?)
    }

    /// Applies revision `revision_id` (title, subtitle, excerpt, body, meta description)
    /// to its article; the restore is saved as a new revision.
    pub async fn restore_revision(
        &self,
        article_id: i64,
        revision_id: i64,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let rev = self
            .revision(article_id, revision_id)
            .await?
            .ok_or_else(|| StoreError::missing("revision", revision_id))?;
        let mut article = self
            .editable_article(article_id)
            .await?
            .ok_or_else(|| missing(article_id))?
            .input;
        article.title = rev.title;
        article.subtitle = rev.subtitle;
        article.excerpt = rev.excerpt;
        article.body_markdown = rev.body_markdown;
        article.meta_description = rev.meta_description;
        let mut tx = self.write(at).await?;
        load_status(&mut tx, article_id).await?;
        save_onto(&mut tx, article_id, &article, at, actor).await?;
        let detail = format!("restored revision {revision_id}");
        tx.logged(actor, AuditAction::ArticleRestore, article_id, &detail)
            .await?;
        tx.commit().await
    }

    /// Sets an article's featured image (after an upload from the editor).
    pub async fn set_featured_media(
        &self,
        id: i64,
        media_id: i64,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.write(at).await?;
        load_status(&mut tx, id).await?;
        bump_revision(&mut tx, id).await?;
        let sql = "UPDATE articles SET featured_media_id = $1, modified_at = $2 WHERE id = $3";
        execute(&mut **tx, sql, &[media_id.into(), at.into(), id.into()]).await?;
        let detail = format!("featured image {media_id}");
        tx.logged(actor, AuditAction::ArticleFeaturedImage, id, &detail)
            .await?;
        tx.commit().await
    }
}
