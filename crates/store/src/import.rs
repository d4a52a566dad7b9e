//! Writing an import: authors, categories, tags, media, articles and pages from another
//! system, each recorded in `wp_import_map` so a rerun skips what is already there, plus
//! the old URLs in `redirects`. One [`ImportBatch`] is one transaction (with its change-log
//! rows): an interrupted import keeps whole batches and the next run continues after them.
//! This file holds the batch's types and the reads; writing a batch is in `import/batch.rs`.
//!
//! Derived article fields are computed by [`PreparedBody::new`] with the same functions
//! `articles/write.rs` uses; it is separate so the importer can render many bodies in parallel.

mod batch;

use std::collections::HashMap;

use gazette_core::derived::DerivedBody;
use gazette_core::model::Status;
use gazette_core::{urls, visibility};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::run::{row, rows};
use crate::{NewAuthor, NewCategory, NewMedia, NewTag, Result, Store};

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
        let sql = "SELECT wp_id, gazette_id, wp_slug FROM wp_import_map \
                   WHERE site = $1 AND kind = $2";
        let found: Vec<(i64, i64, String)> =
            rows(&self.pool, sql, &[site.into(), kind.into()]).await?;
        Ok(found.into_iter().map(|(w, g, s)| (w, (g, s))).collect())
    }

    /// Where an old URL (path and query, percent-decoded) now lives, if anywhere a reader
    /// may go: redirects to articles and pages count only while those are visible.
    pub async fn redirect_target(
        &self,
        old_path: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>> {
        let sql = "SELECT r.target, a.slug AS article_slug, a.status AS article_status, \
                   a.published_at AS article_published_at, p.slug AS page_slug, \
                   p.published AS page_published, r.article_id, r.page_id \
                   FROM redirects r LEFT JOIN articles a ON a.id = r.article_id \
                   LEFT JOIN pages p ON p.id = r.page_id WHERE r.old_path = $1";
        let found: Option<RedirectRow> = row(&self.pool, sql, &[old_path.into()]).await?;
        let Some(RedirectRow {
            target,
            article_slug: a_slug,
            article_status: a_status,
            article_published_at: a_published,
            page_slug: p_slug,
            page_published: p_published,
            article_id,
            page_id,
        }) = found
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
