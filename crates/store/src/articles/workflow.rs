//! The editorial workflow's storage: drafts, edits, status changes, revisions,
//! corrections, assignment and the newsroom's article list.
//!
//! Every write is one transaction that appends to the change log (page cache and search
//! follow it) and to the audit log, and (for scheduling) enqueues or cancels the
//! publication job, so an article is never half saved nor scheduled without its job.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::derived::{self, DerivedBody};
use gazette_core::model::{CreditRole, Kind, Status};
use gazette_core::workflow::transition_allowed;
use gazette_core::{markdown, slug, urls};
use sqlx::{Any, Transaction};

use crate::audit::{Actor, append_audit};
use crate::changes::append;
use crate::jobs::{self, JobKind};
use crate::redirects;
use crate::{Result, Store, StoreError};

/// What the editor's form sets on an article (everything but its status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInput {
    pub title: String,
    pub subtitle: String,
    pub slug: String,
    /// Left empty, it is derived from the body.
    pub excerpt: String,
    pub body_markdown: String,
    pub category_id: Option<i64>,
    /// Tag names; missing tags are created.
    pub tags: Vec<String>,
    /// Byline in order: author ids with their role.
    pub credits: Vec<(i64, CreditRole)>,
    pub language: String,
    pub kind: Kind,
    pub source_outlet: String,
    pub source_url: String,
    pub source_language: String,
    pub featured_media_id: Option<i64>,
    pub meta_description: String,
    pub social_media_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub assignment_note: String,
}

impl Default for ArticleInput {
    fn default() -> Self {
        ArticleInput {
            title: String::new(),
            subtitle: String::new(),
            slug: String::new(),
            excerpt: String::new(),
            body_markdown: String::new(),
            category_id: None,
            tags: Vec::new(),
            credits: Vec::new(),
            language: "en".to_owned(),
            kind: Kind::Original,
            source_outlet: String::new(),
            source_url: String::new(),
            source_language: String::new(),
            featured_media_id: None,
            meta_description: String::new(),
            social_media_id: None,
            assigned_to: None,
            assignment_note: String::new(),
        }
    }
}

/// An article as the editor shows it.
#[derive(Debug, Clone)]
pub struct EditableArticle {
    pub id: i64,
    pub status: Status,
    pub input: ArticleInput,
    pub published_at: Option<i64>,
    pub modified_at: i64,
    pub created_by: Option<i64>,
    /// Users whose byline author is credited on the article.
    pub credited_users: Vec<i64>,
    pub corrections: Vec<(i64, String)>,
}

impl EditableArticle {
    /// Whether `user_id` owns the article: created it, or is credited on it.
    pub fn owned_by(&self, user_id: i64) -> bool {
        self.created_by == Some(user_id) || self.credited_users.contains(&user_id)
    }
}

/// One row of the newsroom's article list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub kind: String,
    pub category: Option<String>,
    pub byline: Option<String>,
    pub modified_at: i64,
    pub published_at: Option<i64>,
    pub created_by: Option<i64>,
    pub assigned_to: Option<i64>,
    pub assigned_name: Option<String>,
    pub assignment_note: String,
}

/// Filters of the newsroom's article list; `None`/empty means any.
#[derive(Debug, Clone, Default)]
pub struct ArticleListFilter {
    pub status: Option<Status>,
    pub category_id: Option<i64>,
    /// Articles created by this user or crediting their byline author.
    pub user_id: Option<i64>,
    /// Articles crediting this byline author (as author or translator).
    pub author_id: Option<i64>,
    pub kind: Option<Kind>,
    /// Words in the title (case-insensitive).
    pub text: String,
    pub assigned_to: Option<i64>,
    /// Review queue order: oldest change first.
    pub oldest_first: bool,
    pub page: i64,
    pub per_page: i64,
}

/// A revision as listed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Revision {
    pub id: i64,
    pub article_id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub autosave: i64,
    pub title: String,
    pub subtitle: String,
    pub excerpt: String,
    pub body_markdown: String,
    pub meta_description: String,
}

/// A choice in the editor's pickers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub extra: String,
}

/// A media item for the featured image picker.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MediaChoice {
    pub id: i64,
    pub path: String,
    pub alt: String,
    pub width: i64,
    pub variant_widths: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        entity: "article",
        field,
        message: message.into(),
    }
}

#[derive(sqlx::FromRow)]
struct ArticleFields {
    id: i64,
    slug: String,
    title: String,
    subtitle: Option<String>,
    excerpt: String,
    body_markdown: String,
    status: String,
    kind: String,
    language: String,
    category_id: Option<i64>,
    featured_media_id: Option<i64>,
    source_outlet: Option<String>,
    source_url: Option<String>,
    source_language: Option<String>,
    published_at: Option<i64>,
    modified_at: i64,
    created_by: Option<i64>,
    assigned_to: Option<i64>,
    assignment_note: String,
    meta_description: String,
    social_media_id: Option<i64>,
}

const FIELDS: &str = "id, slug, title, subtitle, excerpt, body_markdown, status, kind, language, \
    category_id, featured_media_id, source_outlet, source_url, source_language, published_at, \
    modified_at, created_by, assigned_to, assignment_note, meta_description, social_media_id";

/// Checks what only the database can: referenced rows exist, the slug is free.
async fn check_references(
    tx: &mut Transaction<'static, Any>,
    input: &ArticleInput,
    own_id: Option<i64>,
) -> Result<()> {
    slug::validate(&input.slug).map_err(|e| invalid("slug", e.to_string()))?;
    if input.title.trim().is_empty() {
        return Err(invalid(
            "title",
            "the title is empty; every article needs one",
        ));
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
async fn write_fields(
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

    sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for name in &input.tags {
        let tag_id = tag_by_name(tx, name, at).await?;
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(tag_id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM article_credits WHERE article_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, (author_id, role)) in input.credits.iter().enumerate() {
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

/// The excerpt as typed, or derived from the body when left empty.
fn effective_excerpt(input: &ArticleInput) -> String {
    derived::effective_excerpt(&input.excerpt, || {
        derived::auto_excerpt(&markdown::render(&input.body_markdown).plain_text)
    })
}

/// The id of the tag named `name` (matched by its slug), created when missing.
async fn tag_by_name(tx: &mut Transaction<'static, Any>, name: &str, at: i64) -> Result<i64> {
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

async fn insert_revision(
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

fn missing(id: i64) -> StoreError {
    StoreError::Missing {
        entity: "article",
        field: "id",
        value: id.to_string(),
    }
}

async fn load_status(tx: &mut Transaction<'static, Any>, id: i64) -> Result<(Status, String)> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT status, slug FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let (status, slug) = row.ok_or_else(|| missing(id))?;
    Ok((status.parse()?, slug))
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
        let mut tx = self.begin_write().await?;
        check_references(&mut tx, input, None).await?;
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
        .fetch_one(&mut *tx)
        .await
        .map_err(crate::write::unique("article", "slug", &input.slug))?;
        write_fields(&mut tx, id, input, at).await?;
        insert_revision(&mut tx, id, input, at, actor, false).await?;
        append(&mut tx, at, ChangeEntity::Article, id, ChangeAction::Create).await?;
        let sid = id.to_string();
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::ArticleCreate,
            Some(&sid),
            &input.title,
        )
        .await?;
        if let Some((to, publish_at)) = then {
            status_in(&mut tx, id, to, publish_at, at, actor).await?;
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
        let mut tx = self.begin_write().await?;
        let (status, old_slug) = load_status(&mut tx, id).await?;
        check_references(&mut tx, input, Some(id)).await?;
        write_fields(&mut tx, id, input, at).await?;
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
        insert_revision(&mut tx, id, input, at, actor, false).await?;
        append(&mut tx, at, ChangeEntity::Article, id, ChangeAction::Update).await?;
        let sid = id.to_string();
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::ArticleEdit,
            Some(&sid),
            &detail,
        )
        .await?;
        if let Some((to, publish_at)) = then {
            status_in(&mut tx, id, to, publish_at, at, actor).await?;
        }
        tx.commit().await?;
        Ok(())
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
        tx.commit().await?;
        Ok(())
    }

    /// Moves article `id` to `to`. Scheduling needs `publish_at` (in the future) and
    /// enqueues the publication job; leaving `scheduled` cancels it. Publishing keeps
    /// the first publication time; an article published now gets `at`.
    pub async fn set_status(
        &self,
        id: i64,
        to: Status,
        publish_at: Option<i64>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        status_in(&mut tx, id, to, publish_at, at, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Appends a dated correction to a published article.
    pub async fn add_correction(&self, id: i64, note: &str, at: i64, actor: &Actor) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(invalid(
                "correction",
                "the correction is empty; say what was corrected",
            ));
        }
        let mut tx = self.begin_write().await?;
        let (status, _) = load_status(&mut tx, id).await?;
        if status != Status::Published {
            return Err(invalid(
                "correction",
                "only a published article takes corrections; edit the text instead",
            ));
        }
        sqlx::query("INSERT INTO corrections (article_id, noted_at, text) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(at)
            .bind(note)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE articles SET modified_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        append(
            &mut tx,
            at,
            ChangeEntity::Article,
            id,
            ChangeAction::Correction,
        )
        .await?;
        let sid = id.to_string();
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::ArticleCorrection,
            Some(&sid),
            note,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an article for good, with its tags, credits, corrections, revisions,
    /// redirects and pending publication job.
    pub async fn delete_article(&self, id: i64, at: i64, actor: &Actor) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let title: Option<String> = sqlx::query_scalar("SELECT title FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let title = title.ok_or_else(|| missing(id))?;
        let key = id.to_string();
        jobs::cancel(&mut tx, JobKind::PublishArticle, &key).await?;
        for table in [
            "article_tags",
            "article_credits",
            "corrections",
            "article_revisions",
            "redirects",
            "article_views_daily",
            "article_views_hourly",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE article_id = $1"
            )))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM articles WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        append(&mut tx, at, ChangeEntity::Article, id, ChangeAction::Delete).await?;
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::ArticleDelete,
            Some(&key),
            &title,
        )
        .await?;
        tx.commit().await?;
        Ok(())
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
            .ok_or_else(|| StoreError::Missing {
                entity: "revision",
                field: "id",
                value: revision_id.to_string(),
            })?;
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
        let mut tx = self.begin_write().await?;
        load_status(&mut tx, article_id).await?;
        check_references(&mut tx, &article, Some(article_id)).await?;
        write_fields(&mut tx, article_id, &article, at).await?;
        insert_revision(&mut tx, article_id, &article, at, actor, false).await?;
        append(
            &mut tx,
            at,
            ChangeEntity::Article,
            article_id,
            ChangeAction::Update,
        )
        .await?;
        let sid = article_id.to_string();
        let detail = format!("restored revision {revision_id}");
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::ArticleRestore,
            Some(&sid),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The article with everything the editor shows, or `None`.
    pub async fn editable_article(&self, id: i64) -> Result<Option<EditableArticle>> {
        let row: Option<ArticleFields> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {FIELDS} FROM articles WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let tags: Vec<String> = sqlx::query_scalar(
            "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id \
             WHERE x.article_id = $1 ORDER BY t.name",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let credit_rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT author_id, role FROM article_credits WHERE article_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut credits = Vec::with_capacity(credit_rows.len());
        for (author_id, role) in credit_rows {
            credits.push((author_id, role.parse::<CreditRole>()?));
        }
        let credited_users: Vec<i64> = sqlx::query_scalar(
            "SELECT u.id FROM users u JOIN article_credits c ON c.author_id = u.author_id \
             WHERE c.article_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let corrections: Vec<(i64, String)> = sqlx::query_as(
            "SELECT noted_at, text FROM corrections WHERE article_id = $1 ORDER BY noted_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(EditableArticle {
            id: r.id,
            status: r.status.parse()?,
            input: ArticleInput {
                title: r.title,
                subtitle: r.subtitle.unwrap_or_default(),
                slug: r.slug,
                excerpt: r.excerpt,
                body_markdown: r.body_markdown,
                category_id: r.category_id,
                tags,
                credits,
                language: r.language,
                kind: r.kind.parse()?,
                source_outlet: r.source_outlet.unwrap_or_default(),
                source_url: r.source_url.unwrap_or_default(),
                source_language: r.source_language.unwrap_or_default(),
                featured_media_id: r.featured_media_id,
                meta_description: r.meta_description,
                social_media_id: r.social_media_id,
                assigned_to: r.assigned_to,
                assignment_note: r.assignment_note,
            },
            published_at: r.published_at,
            modified_at: r.modified_at,
            created_by: r.created_by,
            credited_users,
            corrections,
        }))
    }

    /// Revisions of an article, newest first.
    pub async fn revisions(&self, article_id: i64) -> Result<Vec<Revision>> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.article_id, r.at, r.user_id, u.name AS user_name, r.autosave, r.title, \
             r.subtitle, r.excerpt, r.body_markdown, r.meta_description \
             FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id \
             WHERE r.article_id = $1 ORDER BY r.id DESC",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn revision(&self, article_id: i64, revision_id: i64) -> Result<Option<Revision>> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.article_id, r.at, r.user_id, u.name AS user_name, r.autosave, r.title, \
             r.subtitle, r.excerpt, r.body_markdown, r.meta_description \
             FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id \
             WHERE r.article_id = $1 AND r.id = $2",
        )
        .bind(article_id)
        .bind(revision_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// One page of the newsroom's list and the number of matching articles.
    pub async fn newsroom_articles(
        &self,
        filter: &ArticleListFilter,
    ) -> Result<(Vec<ArticleRow>, i64)> {
        let (cond, binds) = list_conditions(filter, true);
        let order = if filter.oldest_first {
            "a.modified_at ASC, a.id ASC"
        } else {
            "a.modified_at DESC, a.id DESC"
        };
        let per_page = filter.per_page.clamp(1, 200);
        let offset = (filter.page.max(1) - 1).saturating_mul(per_page);
        let n = binds.len();
        let sql = format!(
            "SELECT a.id, a.slug, a.title, a.status, a.kind, c.name AS category, \
             (SELECT MIN(au.name) FROM article_credits ac JOIN authors au ON au.id = ac.author_id \
              WHERE ac.article_id = a.id AND ac.role = 'author') AS byline, \
             a.modified_at, a.published_at, a.created_by, a.assigned_to, u.name AS assigned_name, \
             a.assignment_note \
             FROM articles a LEFT JOIN categories c ON c.id = a.category_id \
             LEFT JOIN users u ON u.id = a.assigned_to \
             WHERE {cond} ORDER BY {order} LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut q = sqlx::query_as::<_, ArticleRow>(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.clone()),
            };
        }
        let rows = q.bind(per_page).bind(offset).fetch_all(&self.pool).await?;
        let count_sql = format!("SELECT COUNT(*) FROM articles a WHERE {cond}");
        let mut c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
        for b in &binds {
            c = match b {
                Bind::Int(i) => c.bind(*i),
                Bind::Text(s) => c.bind(s.clone()),
            };
        }
        let total = c.fetch_one(&self.pool).await?;
        Ok((rows, total))
    }

    /// How many articles match the filter (ignoring its status) in each status.
    pub async fn newsroom_status_counts(
        &self,
        filter: &ArticleListFilter,
    ) -> Result<Vec<(String, i64)>> {
        let (cond, binds) = list_conditions(filter, false);
        let sql =
            format!("SELECT a.status, COUNT(*) FROM articles a WHERE {cond} GROUP BY a.status");
        let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.clone()),
            };
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    /// Byline authors for the credits picker, by name.
    pub async fn author_choices(&self) -> Result<Vec<Choice>> {
        Ok(
            sqlx::query_as(
                "SELECT id, name AS label, slug AS extra FROM authors ORDER BY name, id",
            )
            .fetch_all(&self.pool)
            .await?,
        )
    }

    /// Staff who can be assigned an article, by name.
    pub async fn staff_choices(&self) -> Result<Vec<Choice>> {
        Ok(sqlx::query_as(
            "SELECT id, name AS label, role AS extra FROM users \
             WHERE disabled = 0 AND role IN ('admin', 'editor', 'author', 'contributor') \
             ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The newest media, for the featured and social image pickers.
    pub async fn media_choices(&self, limit: i64) -> Result<Vec<MediaChoice>> {
        Ok(sqlx::query_as(
            "SELECT id, path, alt, width, variant_widths FROM media ORDER BY created_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Sets an article's featured image (after an upload from the editor).
    pub async fn set_featured_media(
        &self,
        id: i64,
        media_id: i64,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        load_status(&mut tx, id).await?;
        sqlx::query("UPDATE articles SET featured_media_id = $1, modified_at = $2 WHERE id = $3")
            .bind(media_id)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        append(&mut tx, at, ChangeEntity::Article, id, ChangeAction::Update).await?;
        let sid = id.to_string();
        let detail = format!("featured image {media_id}");
        append_audit(
            &mut tx,
            at,
            actor,
            AuditAction::ArticleFeaturedImage,
            Some(&sid),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Moves article `id` to `to` inside `tx`: the rules, the job, the logs.
async fn status_in(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    to: Status,
    publish_at: Option<i64>,
    at: i64,
    actor: &Actor,
) -> Result<()> {
    let (from, _) = load_status(tx, id).await?;
    if !transition_allowed(from, to) {
        return Err(invalid(
            "status",
            format!("a {} article cannot become {}", from.as_str(), to.as_str()),
        ));
    }
    let key = id.to_string();
    let published_at = match to {
        Status::Scheduled => {
            let when = publish_at
                .ok_or_else(|| invalid("publish_at", "choose the date and time to publish at"))?;
            if when <= at {
                return Err(invalid(
                    "publish_at",
                    "the publication time is in the past; choose a later time or publish now",
                ));
            }
            jobs::enqueue(tx, JobKind::PublishArticle, &key, when, at).await?;
            Some(when)
        }
        _ => {
            jobs::cancel(tx, JobKind::PublishArticle, &key).await?;
            None
        }
    };
    // Publishing keeps the first publication time, except from scheduled, where
    // "publish now" replaces the planned time; back to draft or review forgets a
    // planned time.
    let query = match (from, to) {
        (_, Status::Scheduled) => sqlx::query(
            "UPDATE articles SET status = $1, modified_at = $2, published_at = $3 WHERE id = $4",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(published_at)
        .bind(id),
        (Status::Scheduled, Status::Published | Status::Draft | Status::Review) => {
            let when = (to == Status::Published).then_some(at);
            sqlx::query(
                "UPDATE articles SET status = $1, modified_at = $2, published_at = $3 WHERE id = $4",
            )
            .bind(to.as_str())
            .bind(at)
            .bind(when)
            .bind(id)
        }
        (_, Status::Published) => sqlx::query(
            "UPDATE articles SET status = $1, modified_at = $2, \
             published_at = COALESCE(published_at, $2) WHERE id = $3",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(id),
        _ => sqlx::query("UPDATE articles SET status = $1, modified_at = $2 WHERE id = $3")
            .bind(to.as_str())
            .bind(at)
            .bind(id),
    };
    query.execute(&mut **tx).await?;
    append(tx, at, ChangeEntity::Article, id, ChangeAction::Status).await?;
    let detail = match published_at {
        Some(when) => format!("{} → {} at {when}", from.as_str(), to.as_str()),
        None => format!("{} → {}", from.as_str(), to.as_str()),
    };
    append_audit(
        tx,
        at,
        actor,
        AuditAction::ArticleStatus(to),
        Some(&key),
        &detail,
    )
    .await?;
    Ok(())
}

enum Bind {
    Int(i64),
    Text(String),
}

/// The WHERE clause of the newsroom list and its values, numbered from $1.
fn list_conditions(filter: &ArticleListFilter, with_status: bool) -> (String, Vec<Bind>) {
    let mut cond = vec!["1 = 1".to_owned()];
    let mut binds = Vec::new();
    let next = |b: Bind, binds: &mut Vec<Bind>| {
        binds.push(b);
        binds.len()
    };
    if with_status && let Some(s) = filter.status {
        let n = next(Bind::Text(s.as_str().to_owned()), &mut binds);
        cond.push(format!("a.status = ${n}"));
    }
    if let Some(c) = filter.category_id {
        let n = next(Bind::Int(c), &mut binds);
        cond.push(format!("a.category_id = ${n}"));
    }
    if let Some(k) = filter.kind {
        let n = next(Bind::Text(k.as_str().to_owned()), &mut binds);
        cond.push(format!("a.kind = ${n}"));
    }
    if let Some(u) = filter.user_id {
        let n = next(Bind::Int(u), &mut binds);
        cond.push(format!(
            "(a.created_by = ${n} OR EXISTS (SELECT 1 FROM article_credits ac JOIN users uu \
             ON uu.author_id = ac.author_id WHERE ac.article_id = a.id AND uu.id = ${n}))"
        ));
    }
    if let Some(au) = filter.author_id {
        let n = next(Bind::Int(au), &mut binds);
        cond.push(format!(
            "EXISTS (SELECT 1 FROM article_credits ac2 WHERE ac2.article_id = a.id AND ac2.author_id = ${n})"
        ));
    }
    if let Some(u) = filter.assigned_to {
        let n = next(Bind::Int(u), &mut binds);
        cond.push(format!("a.assigned_to = ${n}"));
    }
    let words = filter.text.trim();
    if !words.is_empty() {
        let pattern = crate::like::contains_pattern(&words.to_lowercase());
        let n = next(Bind::Text(pattern), &mut binds);
        cond.push(format!("LOWER(a.title) LIKE ${n} ESCAPE '\\'"));
    }
    (cond.join(" AND "), binds)
}

impl Store {
    /// Which of `ids` `user_id` owns: created, or credited through their byline author.
    pub async fn owned_among(&self, user_id: i64, ids: &[i64]) -> Result<Vec<i64>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are integers, so listing them in the SQL text is safe.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT a.id FROM articles a WHERE a.id IN ({list}) AND (a.created_by = $1 OR EXISTS \
             (SELECT 1 FROM article_credits ac JOIN users u ON u.author_id = ac.author_id \
              WHERE ac.article_id = a.id AND u.id = $1))"
        )))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// Run times of the pending (not done) publication jobs of article `id`.
    pub async fn pending_publication(&self, id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT run_at FROM jobs WHERE kind = $1 AND job_key = $2 AND done_at IS NULL ORDER BY id",
        )
        .bind(JobKind::PublishArticle.as_str())
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// The SEO fields the reader's page uses when set: the meta description ("" when
    /// none) and the social image.
    pub async fn article_seo(
        &self,
        id: i64,
    ) -> Result<(String, Option<gazette_core::model::Media>)> {
        let row: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT meta_description, social_media_id FROM articles WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some((description, social)) = row else {
            return Ok((String::new(), None));
        };
        let media = match social {
            Some(m) => self.media_by_id(m).await?,
            None => None,
        };
        Ok((description, media))
    }
}
