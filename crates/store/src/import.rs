//! Writing an import: authors, categories, tags, media, articles and pages from another
//! system, each recorded in `wp_import_map` so a rerun skips what is already there, plus
//! the old URLs in `redirects`. One [`ImportBatch`] is one transaction (with its change-log
//! rows): an interrupted import keeps whole batches and the next run continues after them.
//!
//! Derived article fields are computed by [`PreparedBody::new`] with the same functions
//! `write.rs` uses; it is separate so the importer can render many bodies in parallel.

use std::collections::HashMap;

use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::derived::{self, DerivedBody};
use gazette_core::limits::{self, Field};
use gazette_core::model::{CreditRole, Status};
use gazette_core::{slug, urls, visibility};
use sqlx::{Any, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use crate::bulk::{Arg, BulkInsert};
use crate::changes::append;
use crate::{NewAuthor, NewCategory, NewMedia, NewTag, Result, Store, StoreError};

/// A body rendered to safe HTML with its reading statistics.
#[derive(Debug, Clone)]
pub struct PreparedBody {
    pub markdown: String,
    pub html: String,
    pub words: u32,
    pub minutes: u32,
    /// The excerpt derived from the body, used when the article has none of its own.
    pub excerpt: String,
}

impl PreparedBody {
    pub fn new(markdown: String) -> PreparedBody {
        let derived = DerivedBody::from_markdown(&markdown);
        PreparedBody {
            excerpt: derived.excerpt,
            html: derived.html,
            words: derived.word_count,
            minutes: derived.reading_minutes,
            markdown,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportAuthor {
    pub wp_id: i64,
    pub login: String,
    pub email: String,
    pub author: NewAuthor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryParent {
    /// An existing Gazette category.
    Gazette(i64),
    /// A category of this import, created earlier in this or a previous batch.
    Imported(i64),
}

#[derive(Debug, Clone)]
pub struct ImportCategory {
    pub wp_id: i64,
    pub wp_slug: String,
    pub parent: Option<CategoryParent>,
    /// `parent_id` is ignored: `parent` says where the category goes.
    pub category: NewCategory,
}

#[derive(Debug, Clone)]
pub struct ImportTag {
    pub wp_id: i64,
    pub wp_slug: String,
    pub tag: NewTag,
}

#[derive(Debug, Clone)]
pub struct ImportMedia {
    pub wp_id: i64,
    pub media: NewMedia,
}

#[derive(Debug, Clone)]
pub struct ImportArticle {
    pub wp_id: i64,
    pub wp_slug: String,
    /// Wanted slug; a `-2`, `-3`… suffix is added when it is taken.
    pub slug: String,
    pub title: String,
    /// Left empty, it is derived from the body.
    pub excerpt: String,
    pub body: PreparedBody,
    pub status: Status,
    pub language: String,
    pub category_id: Option<i64>,
    pub featured_media_id: Option<i64>,
    pub published_at: Option<OffsetDateTime>,
    pub modified_at: OffsetDateTime,
    pub tag_ids: Vec<i64>,
    pub author_ids: Vec<i64>,
    /// Old paths (`/?p=12`, `/2024/01/old-slug/`) that should lead here.
    pub old_paths: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ImportPage {
    pub wp_id: i64,
    pub wp_slug: String,
    pub slug: String,
    pub title: String,
    pub body: PreparedBody,
    pub published: bool,
    pub modified_at: OffsetDateTime,
    pub old_paths: Vec<String>,
}

/// A redirect to a fixed path (a category, tag, author or media file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRedirect {
    pub old_path: String,
    pub target: String,
    /// Set when the target is an article, so the redirect follows its visibility and slug.
    pub article_id: Option<i64>,
}

/// Everything one transaction of an import writes. Within a batch, categories come
/// first (parents before children), then tags, authors, media, articles, pages and
/// redirects, so later parts may refer to ids of earlier batches only.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Identifies the exporting site (its base URL), so two sites' ids never mix.
    pub site: String,
    pub categories: Vec<ImportCategory>,
    pub tags: Vec<ImportTag>,
    pub authors: Vec<ImportAuthor>,
    pub media: Vec<ImportMedia>,
    pub articles: Vec<ImportArticle>,
    pub pages: Vec<ImportPage>,
    pub redirects: Vec<ImportRedirect>,
}

impl ImportBatch {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.tags.is_empty()
            && self.authors.is_empty()
            && self.media.is_empty()
            && self.articles.is_empty()
            && self.pages.is_empty()
            && self.redirects.is_empty()
    }
}

/// What a batch created or matched: `(kind, wp_id) → gazette id`, and how many rows are new.
#[derive(Debug, Clone, Default)]
pub struct ImportedIds {
    pub ids: HashMap<(&'static str, i64), i64>,
    /// Per kind, how many were created (the rest matched existing Gazette rows).
    pub created: HashMap<&'static str, u64>,
    pub redirects: u64,
    /// Slugs that had to change because they were taken: (kind, wanted, given).
    pub renamed: Vec<(&'static str, String, String)>,
}

#[derive(sqlx::FromRow)]
struct RedirectRow {
    target: String,
    article_slug: Option<String>,
    article_status: Option<String>,
    article_published_at: Option<i64>,
    page_slug: Option<String>,
    page_published: Option<i64>,
    article_id: Option<i64>,
    page_id: Option<i64>,
}

/// One row of `wp_import_map`.
struct MapRow<'a> {
    kind: &'a str,
    wp_id: i64,
    gazette_id: i64,
    wp_slug: &'a str,
    /// An author's WordPress login and email.
    login: Option<(&'a str, &'a str)>,
}

async fn map(
    tx: &mut Transaction<'static, Any>,
    site: &str,
    row: MapRow<'_>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO wp_import_map (site, kind, wp_id, gazette_id, wp_slug, login, email, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(site)
    .bind(row.kind)
    .bind(row.wp_id)
    .bind(row.gazette_id)
    .bind(row.wp_slug)
    .bind(row.login.map(|(l, _)| l.to_owned()))
    .bind(row.login.map(|(_, e)| e.to_owned()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn scalar_opt(
    tx: &mut Transaction<'static, Any>,
    sql: &'static str,
    value: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(sql)
        .bind(value)
        .fetch_optional(&mut **tx)
        .await?)
}

/// `wanted`, or `wanted-2`, `wanted-3`… : the first that is valid and used by no article
/// or page (they share `/{slug}/`).
async fn free_slug(tx: &mut Transaction<'static, Any>, wanted: &str) -> Result<String> {
    for n in 1..10_000u32 {
        let candidate = if n == 1 {
            wanted.to_owned()
        } else {
            let suffix = format!("-{n}");
            let base: String = wanted.chars().take(190).collect();
            format!("{}{suffix}", base.trim_end_matches('-'))
        };
        if slug::validate(&candidate).is_err() {
            continue;
        }
        let taken: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM articles WHERE slug = $1) + (SELECT COUNT(*) FROM pages WHERE slug = $1)",
        )
        .bind(&candidate)
        .fetch_one(&mut **tx)
        .await?;
        if taken == 0 {
            return Ok(candidate);
        }
    }
    Err(StoreError::Duplicate {
        entity: "article",
        field: "slug",
        value: wanted.to_owned(),
    })
}

fn invalid(entity: &'static str, field: &'static str, message: String) -> StoreError {
    StoreError::Invalid {
        entity,
        field,
        message,
    }
}

/// The `redirects` row for `old_path`, unless it is the target itself or unusable.
fn redirect_row(
    old_path: &str,
    target: &str,
    article_id: Option<i64>,
    page_id: Option<i64>,
    now: i64,
) -> Option<Vec<Arg>> {
    if old_path == target || old_path.is_empty() || old_path.len() > 2000 {
        return None;
    }
    Some(vec![
        Arg::Text(old_path.to_owned()),
        Arg::Text(target.to_owned()),
        Arg::OptInt(article_id),
        Arg::OptInt(page_id),
        Arg::Int(now),
    ])
}

fn change_row(at: i64, entity: ChangeEntity, id: i64) -> Vec<Arg> {
    vec![
        Arg::Int(at),
        Arg::Text(entity.as_str().to_owned()),
        Arg::Int(id),
        Arg::Text(ChangeAction::Create.as_str().to_owned()),
    ]
}

fn map_row(site: &str, kind: &str, wp_id: i64, id: i64, wp_slug: &str, now: i64) -> Vec<Arg> {
    vec![
        Arg::Text(site.to_owned()),
        Arg::Text(kind.to_owned()),
        Arg::Int(wp_id),
        Arg::Int(id),
        Arg::Text(wp_slug.to_owned()),
        Arg::OptText(None),
        Arg::OptText(None),
        Arg::Int(now),
    ]
}

/// Query keys WordPress answers on `/` with plain permalinks (`/?p=12`).
pub const REDIRECT_QUERY_KEYS: &[&str] = &["p", "page_id", "attachment_id", "cat", "tag", "author"];

/// The key under which `redirects` stores an old URL's path and query: the path
/// percent-decoded (browsers and WordPress differ in escaping), plus the first WordPress
/// query parameter, e.g. `/?p=12`. `None` for the bare home page.
pub fn redirect_key(path: &str, query: Option<&str>) -> Option<String> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let mut p = decode(path);
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    let wanted = query.and_then(|q| {
        q.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (REDIRECT_QUERY_KEYS.contains(&k) && !v.is_empty())
                .then(|| format!("?{k}={}", decode(v)))
        })
    });
    match wanted {
        Some(q) => Some(format!("{p}{q}")),
        None if p == "/" => None,
        None => Some(p),
    }
}

impl Store {
    /// What this import already brought in from `site`: `wp_id → (gazette id, recorded
    /// slug or path)` for `kind` (`author`, `category`, `tag`, `attachment`, `post`, `page`).
    pub async fn import_map(&self, site: &str, kind: &str) -> Result<HashMap<i64, (i64, String)>> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT wp_id, gazette_id, wp_slug FROM wp_import_map WHERE site = $1 AND kind = $2",
        )
        .bind(site)
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(w, g, s)| (w, (g, s))).collect())
    }

    /// Writes one batch of an import in one transaction.
    pub async fn import_batch(&self, batch: &ImportBatch) -> Result<ImportedIds> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let site = batch.site.as_str();
        let mut out = ImportedIds::default();
        let mut tx = self.begin_write().await?;
        // Rows that nothing in this batch reads back go out in multi-row statements.
        let mut tags = BulkInsert::new(
            "article_tags",
            &["article_id", "tag_id"],
            "ON CONFLICT DO NOTHING",
        );
        let mut credits = BulkInsert::new(
            "article_credits",
            &["article_id", "author_id", "role", "position"],
            "ON CONFLICT DO NOTHING",
        );
        let mut changes = BulkInsert::new("changes", &["at", "entity", "entity_id", "action"], "");
        let mut maps = BulkInsert::new(
            "wp_import_map",
            &[
                "site",
                "kind",
                "wp_id",
                "gazette_id",
                "wp_slug",
                "login",
                "email",
                "imported_at",
            ],
            "ON CONFLICT DO NOTHING",
        );
        let mut redirects = BulkInsert::new(
            "redirects",
            &["old_path", "target", "article_id", "page_id", "created_at"],
            "ON CONFLICT (old_path) DO NOTHING",
        );

        for c in &batch.categories {
            let parent_id = match c.parent {
                None => None,
                Some(CategoryParent::Gazette(id)) => Some(id),
                Some(CategoryParent::Imported(wp)) => {
                    let found: Option<i64> = sqlx::query_scalar(
                        "SELECT gazette_id FROM wp_import_map WHERE site = $1 AND kind = 'category' AND wp_id = $2",
                    )
                    .bind(site)
                    .bind(wp)
                    .fetch_optional(&mut *tx)
                    .await?;
                    Some(found.ok_or_else(|| StoreError::Missing {
                        entity: "imported parent category",
                        field: "WordPress id",
                        value: wp.to_string(),
                    })?)
                }
            };
            let path = match parent_id {
                None => c.category.slug.clone(),
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
                    format!("{parent}/{}", c.category.slug)
                }
            };
            slug::validate(&c.category.slug)
                .map_err(|e| invalid("category", "slug", e.to_string()))?;
            let id = match scalar_opt(&mut tx, "SELECT id FROM categories WHERE path = $1", &path)
                .await?
            {
                Some(existing) => existing,
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO categories (parent_id, slug, name, description, path, position) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(parent_id)
                    .bind(&c.category.slug)
                    .bind(&c.category.name)
                    .bind(&c.category.description)
                    .bind(&path)
                    .bind(c.category.position)
                    .fetch_one(&mut *tx)
                    .await?;
                    append(
                        &mut tx,
                        now,
                        ChangeEntity::Category,
                        id,
                        ChangeAction::Create,
                    )
                    .await?;
                    *out.created.entry("category").or_default() += 1;
                    id
                }
            };
            map(
                &mut tx,
                site,
                MapRow {
                    kind: "category",
                    wp_id: c.wp_id,
                    gazette_id: id,
                    wp_slug: &c.wp_slug,
                    login: None,
                },
                now,
            )
            .await?;
            out.ids.insert(("category", c.wp_id), id);
        }

        for t in &batch.tags {
            slug::validate(&t.tag.slug).map_err(|e| invalid("tag", "slug", e.to_string()))?;
            let id = match scalar_opt(&mut tx, "SELECT id FROM tags WHERE slug = $1", &t.tag.slug)
                .await?
            {
                Some(existing) => existing,
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO tags (slug, name, special) VALUES ($1, $2, $3) RETURNING id",
                    )
                    .bind(&t.tag.slug)
                    .bind(&t.tag.name)
                    .bind(i64::from(t.tag.special))
                    .fetch_one(&mut *tx)
                    .await?;
                    append(&mut tx, now, ChangeEntity::Tag, id, ChangeAction::Create).await?;
                    *out.created.entry("tag").or_default() += 1;
                    id
                }
            };
            map(
                &mut tx,
                site,
                MapRow {
                    kind: "tag",
                    wp_id: t.wp_id,
                    gazette_id: id,
                    wp_slug: &t.wp_slug,
                    login: None,
                },
                now,
            )
            .await?;
            out.ids.insert(("tag", t.wp_id), id);
        }

        for a in &batch.authors {
            slug::validate(&a.author.slug).map_err(|e| invalid("author", "slug", e.to_string()))?;
            // Same slug and name: the same person, already on staff.
            let existing: Option<(i64, String)> =
                sqlx::query_as("SELECT id, name FROM authors WHERE slug = $1")
                    .bind(&a.author.slug)
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match existing {
                Some((id, name)) if name == a.author.name => id,
                other => {
                    let slug = if other.is_some() {
                        let mut n = 2;
                        loop {
                            let s = format!("{}-{n}", a.author.slug);
                            if scalar_opt(&mut tx, "SELECT id FROM authors WHERE slug = $1", &s)
                                .await?
                                .is_none()
                            {
                                break s;
                            }
                            n += 1;
                        }
                    } else {
                        a.author.slug.clone()
                    };
                    if slug != a.author.slug {
                        out.renamed
                            .push(("author", a.author.slug.clone(), slug.clone()));
                    }
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO authors (slug, name, bio, avatar_url, created_at) \
                         VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(&slug)
                    .bind(&a.author.name)
                    .bind(&a.author.bio)
                    .bind(&a.author.avatar_url)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    append(&mut tx, now, ChangeEntity::Author, id, ChangeAction::Create).await?;
                    *out.created.entry("author").or_default() += 1;
                    id
                }
            };
            map(
                &mut tx,
                site,
                MapRow {
                    kind: "author",
                    wp_id: a.wp_id,
                    gazette_id: id,
                    wp_slug: &a.login,
                    login: Some((&a.login, &a.email)),
                },
                now,
            )
            .await?;
            out.ids.insert(("author", a.wp_id), id);
        }

        for m in &batch.media {
            let n = &m.media;
            let widths = n
                .variant_widths
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let id = match scalar_opt(&mut tx, "SELECT id FROM media WHERE path = $1", &n.path)
                .await?
            {
                Some(existing) => existing,
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO media (path, mime, width, height, alt, caption, credit, variant_widths, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    )
                    .bind(&n.path)
                    .bind(&n.mime)
                    .bind(i64::from(n.width))
                    .bind(i64::from(n.height))
                    .bind(&n.alt)
                    .bind(&n.caption)
                    .bind(&n.credit)
                    .bind(widths)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    append(&mut tx, now, ChangeEntity::Media, id, ChangeAction::Create).await?;
                    *out.created.entry("attachment").or_default() += 1;
                    id
                }
            };
            map(
                &mut tx,
                site,
                MapRow {
                    kind: "attachment",
                    wp_id: m.wp_id,
                    gazette_id: id,
                    wp_slug: &n.path,
                    login: None,
                },
                now,
            )
            .await?;
            out.ids.insert(("attachment", m.wp_id), id);
        }

        for a in &batch.articles {
            if a.title.trim().is_empty() {
                return Err(invalid(
                    "article",
                    "title",
                    format!("WordPress post {} has an empty title", a.wp_id),
                ));
            }
            if let Err(e) = limits::check(Field::ArticleTitle, a.title.trim()) {
                return Err(invalid(
                    "article",
                    "title",
                    format!("WordPress post {}: {e}", a.wp_id),
                ));
            }
            if a.status == Status::Published && a.published_at.is_none() {
                return Err(invalid(
                    "article",
                    "published_at",
                    format!("WordPress post {} is published but has no date", a.wp_id),
                ));
            }
            let slug = free_slug(&mut tx, &a.slug).await?;
            if slug != a.slug {
                out.renamed.push(("post", a.slug.clone(), slug.clone()));
            }
            let excerpt = derived::effective_excerpt(&a.excerpt, || a.body.excerpt.clone());
            let modified = a.modified_at.unix_timestamp();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO articles (slug, title, subtitle, excerpt, body_markdown, body_html, status, \
                 kind, language, category_id, featured_media_id, published_at, modified_at, created_at, \
                 word_count, reading_minutes, views) \
                 VALUES ($1, $2, NULL, $3, $4, $5, $6, 'original', $7, $8, $9, $10, $11, $11, $12, $13, 0) \
                 RETURNING id",
            )
            .bind(&slug)
            .bind(a.title.trim())
            .bind(excerpt)
            .bind(&a.body.markdown)
            .bind(&a.body.html)
            .bind(a.status.as_str())
            .bind(&a.language)
            .bind(a.category_id)
            .bind(a.featured_media_id)
            .bind(a.published_at.map(OffsetDateTime::unix_timestamp))
            .bind(modified)
            .bind(i64::from(a.body.words))
            .bind(i64::from(a.body.minutes))
            .fetch_one(&mut *tx)
            .await?;
            for tag_id in &a.tag_ids {
                tags.push(vec![Arg::Int(id), Arg::Int(*tag_id)]);
            }
            for (position, author_id) in a.author_ids.iter().enumerate() {
                credits.push(vec![
                    Arg::Int(id),
                    Arg::Int(*author_id),
                    Arg::Text(CreditRole::Author.as_str().to_owned()),
                    Arg::Int(i64::try_from(position).unwrap_or(i64::MAX)),
                ]);
            }
            changes.push(change_row(modified, ChangeEntity::Article, id));
            maps.push(map_row(site, "post", a.wp_id, id, &a.wp_slug, now));
            let target = urls::article_path(&slug);
            for old in &a.old_paths {
                if let Some(row) = redirect_row(old, &target, Some(id), None, now) {
                    redirects.push(row);
                }
            }
            *out.created.entry("post").or_default() += 1;
            out.ids.insert(("post", a.wp_id), id);
        }

        for p in &batch.pages {
            if p.title.trim().is_empty() {
                return Err(invalid(
                    "page",
                    "title",
                    format!("WordPress page {} has an empty title", p.wp_id),
                ));
            }
            let slug = free_slug(&mut tx, &p.slug).await?;
            if slug != p.slug {
                out.renamed.push(("page", p.slug.clone(), slug.clone()));
            }
            let at = p.modified_at.unix_timestamp();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO pages (slug, title, body_markdown, body_html, published, modified_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&slug)
            .bind(p.title.trim())
            .bind(&p.body.markdown)
            .bind(&p.body.html)
            .bind(i64::from(p.published))
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            changes.push(change_row(at, ChangeEntity::Page, id));
            maps.push(map_row(site, "page", p.wp_id, id, &p.wp_slug, now));
            let target = urls::article_path(&slug);
            for old in &p.old_paths {
                if let Some(row) = redirect_row(old, &target, None, Some(id), now) {
                    redirects.push(row);
                }
            }
            *out.created.entry("page").or_default() += 1;
            out.ids.insert(("page", p.wp_id), id);
        }

        for r in &batch.redirects {
            if let Some(row) = redirect_row(&r.old_path, &r.target, r.article_id, None, now) {
                redirects.push(row);
            }
        }
        tags.flush(&mut tx).await?;
        credits.flush(&mut tx).await?;
        changes.flush(&mut tx).await?;
        maps.flush(&mut tx).await?;
        out.redirects += redirects.flush(&mut tx).await?;
        if out.redirects > 0 {
            append(
                &mut tx,
                now,
                ChangeEntity::Redirect,
                0,
                ChangeAction::Create,
            )
            .await?;
        }
        tx.commit().await?;
        if !batch.categories.is_empty() {
            self.forget_cached();
        }
        Ok(out)
    }

    /// Where an old URL (path and query, percent-decoded) now lives, if anywhere a reader
    /// may go: redirects to articles and pages count only while those are visible.
    pub async fn redirect_target(
        &self,
        old_path: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>> {
        let row: Option<RedirectRow> = sqlx::query_as(
            "SELECT r.target, a.slug AS article_slug, a.status AS article_status, \
             a.published_at AS article_published_at, p.slug AS page_slug, \
             p.published AS page_published, r.article_id, r.page_id \
             FROM redirects r LEFT JOIN articles a ON a.id = r.article_id \
             LEFT JOIN pages p ON p.id = r.page_id WHERE r.old_path = $1",
        )
        .bind(old_path)
        .fetch_optional(&self.pool)
        .await?;
        let Some(RedirectRow {
            target,
            article_slug: a_slug,
            article_status: a_status,
            article_published_at: a_published,
            page_slug: p_slug,
            page_published: p_published,
            article_id,
            page_id,
        }) = row
        else {
            return Ok(None);
        };
        if article_id.is_some() {
            let visible = a_status.as_deref() == Some(Status::Published.as_str())
                && a_published.is_some_and(|t| t <= now.unix_timestamp());
            return Ok(visible.then(|| urls::article_path(&a_slug.unwrap_or_default())));
        }
        if page_id.is_some() {
            return Ok(
                (p_published == Some(1)).then(|| urls::page_path(&p_slug.unwrap_or_default()))
            );
        }
        Ok(Some(target))
    }

    /// Whether a reader may see the article at `/{slug}/` now.
    pub async fn is_visible_slug(&self, slug: &str, now: OffsetDateTime) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM articles WHERE slug = $1 AND {}",
            visibility::visible_sql("", "$2")
        )))
        .bind(slug)
        .bind(now.unix_timestamp())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// The login and email of every imported author, for invitations once accounts exist.
    pub async fn imported_author_logins(&self) -> Result<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT gazette_id, COALESCE(login, ''), COALESCE(email, '') FROM wp_import_map WHERE kind = 'author' ORDER BY gazette_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
