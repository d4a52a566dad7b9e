//! Reads for the Content API: article lists with combined filters (category, tag, author,
//! kind, language), the taxonomies with their article counts, the published static pages, and
//! what tells when content last changed (for `Last-Modified`).
//!
//! Like every reader query, each applies the visibility rule in SQL, so drafts and scheduled
//! pieces are never counted or listed.

use std::collections::HashMap;

use gazette_core::model::{ArticleSummary, Author, Kind, Tag};
use gazette_core::visibility::{self, VISIBLE_SQL as VISIBLE};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::rows::{AuthorRow, SUMMARY_COLS, SummaryRow, TagRow, to_time};
use crate::{Result, Store};

/// Which articles an API list shows; every filter given must match (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleQuery {
    /// A category path (`news/economy`); its descendants are included.
    pub category_path: Option<String>,
    pub tag_id: Option<i64>,
    pub author_id: Option<i64>,
    pub kind: Option<Kind>,
    /// The article's language code, compared exactly.
    pub language: Option<String>,
}

/// A value bound to a numbered placeholder.
enum Bind {
    Int(i64),
    Text(String),
}

impl ArticleQuery {
    /// The `AND …` conditions on `articles a` and their values, numbered from `$2` (`$1` is
    /// the visibility time).
    fn conditions(&self) -> (String, Vec<Bind>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        let next = |binds: &mut Vec<Bind>, b: Bind| {
            binds.push(b);
            binds.len() + 1
        };
        if let Some(path) = &self.category_path {
            let n = next(&mut binds, Bind::Text(path.clone()));
            sql.push_str(&format!(
                " AND a.category_id IN (SELECT id FROM categories WHERE path = ${n} OR path LIKE ${n} || '/%')"
            ));
        }
        if let Some(id) = self.tag_id {
            let n = next(&mut binds, Bind::Int(id));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ${n})"
            ));
        }
        if let Some(id) = self.author_id {
            let n = next(&mut binds, Bind::Int(id));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_credits c WHERE c.article_id = a.id AND c.author_id = ${n})"
            ));
        }
        if let Some(kind) = self.kind {
            let n = next(&mut binds, Bind::Text(kind.as_str().to_owned()));
            sql.push_str(&format!(" AND a.kind = ${n}"));
        }
        if let Some(lang) = &self.language {
            let n = next(&mut binds, Bind::Text(lang.clone()));
            sql.push_str(&format!(" AND a.language = ${n}"));
        }
        (sql, binds)
    }
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(t) => q.bind(t.clone()),
            };
        }
        q
    }};
}

/// A published static page without its body, for the list of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    pub slug: String,
    pub title: String,
    pub modified_at: OffsetDateTime,
}

impl Store {
    /// One page of visible articles matching `q`, newest first, and how many match in all.
    pub async fn query_articles(
        &self,
        q: &ArticleQuery,
        now: OffsetDateTime,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ArticleSummary>, i64)> {
        let (conditions, binds) = q.conditions();
        let count_sql = format!("SELECT COUNT(*) FROM articles a WHERE {VISIBLE}{conditions}");
        let count =
            sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql)).bind(now.unix_timestamp());
        let total = bind_all!(count, &binds).fetch_one(&self.pool).await?;
        if limit <= 0 || offset >= total {
            return Ok((Vec::new(), total));
        }
        let n = binds.len() + 2;
        let list_sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE}{conditions} \
             ORDER BY a.published_at DESC, a.id DESC LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let list =
            sqlx::query_as::<_, SummaryRow>(AssertSqlSafe(list_sql)).bind(now.unix_timestamp());
        let rows = bind_all!(list, &binds)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok((self.summaries(rows).await?, total))
    }

    /// The time of the newest entry of the change log (clamped to `now`: a write dated in
    /// the future must not hide later ones). This scans the log; callers keep the answer and
    /// ask [`Store::last_change_id`] (an index lookup) whether it is still current.
    pub async fn newest_change_at(&self, now: OffsetDateTime) -> Result<Option<OffsetDateTime>> {
        let at: Option<i64> = sqlx::query_scalar("SELECT MAX(at) FROM changes")
            .fetch_one(&self.pool)
            .await?;
        at.map(|t| to_time(t.min(now.unix_timestamp()))).transpose()
    }

    /// The newest publication time that has come: a scheduled piece appearing changes the
    /// lists although no write announces it. One index lookup.
    pub async fn newest_publication(&self, now: OffsetDateTime) -> Result<Option<OffsetDateTime>> {
        let at: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT MAX(a.published_at) FROM articles a WHERE {VISIBLE}"
        )))
        .bind(now.unix_timestamp())
        .fetch_one(&self.pool)
        .await?;
        at.map(to_time).transpose()
    }

    /// Whether a published article is waiting for its publication time (a scheduled piece).
    /// One index lookup, so a search needs a date cut-off only when there is something to cut.
    pub async fn has_scheduled(&self, now: OffsetDateTime) -> Result<bool> {
        let next: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT MIN(published_at) FROM articles WHERE {}",
            visibility::waiting_sql("", "$1")
        )))
        .bind(now.unix_timestamp())
        .fetch_one(&self.pool)
        .await?;
        Ok(next.is_some())
    }

    /// The `to` bound a search should use: scheduled articles are indexed ahead of their time,
    /// and the store returns only visible ones, but a total (or a search for an embargoed
    /// title) must not count them either. So the search is cut off at `now`, but only while
    /// something is scheduled: the range filter costs every query a scan.
    pub async fn search_cutoff(&self, now: OffsetDateTime, to: Option<i64>) -> Result<Option<i64>> {
        if !self.has_scheduled(now).await? {
            return Ok(to);
        }
        let now = now.unix_timestamp();
        Ok(Some(to.map_or(now, |t| t.min(now))))
    }

    /// How many visible articles each category holds directly (not counting subcategories).
    pub async fn category_article_counts(&self, now: OffsetDateTime) -> Result<HashMap<i64, i64>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT a.category_id, COUNT(*) FROM articles a \
             WHERE {VISIBLE} AND a.category_id IS NOT NULL GROUP BY a.category_id"
        )))
        .bind(now.unix_timestamp())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Every tag by name, with how many visible articles carry it.
    pub async fn tags_with_counts(&self, now: OffsetDateTime) -> Result<Vec<(Tag, i64)>> {
        let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT t.id, t.slug, t.name, t.special, \
             (SELECT COUNT(*) FROM article_tags x JOIN articles a ON a.id = x.article_id \
              WHERE x.tag_id = t.id AND {VISIBLE}) \
             FROM tags t ORDER BY t.name, t.id"
        )))
        .bind(now.unix_timestamp())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name, special, n)| {
                (
                    Tag::from(TagRow {
                        id,
                        slug,
                        name,
                        special,
                    }),
                    n,
                )
            })
            .collect())
    }

    /// Every author by name, with how many visible articles credit them (in any role).
    pub async fn authors_with_counts(&self, now: OffsetDateTime) -> Result<Vec<(Author, i64)>> {
        let rows: Vec<(i64, String, String, String, Option<String>, i64)> =
            sqlx::query_as(AssertSqlSafe(format!(
                "SELECT au.id, au.slug, au.name, au.bio, au.avatar_url, \
                 (SELECT COUNT(DISTINCT c.article_id) FROM article_credits c \
                  JOIN articles a ON a.id = c.article_id WHERE c.author_id = au.id AND {VISIBLE}) \
                 FROM authors au ORDER BY au.name, au.id"
            )))
            .bind(now.unix_timestamp())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name, bio, avatar_url, n)| {
                (
                    Author::from(AuthorRow {
                        id,
                        slug,
                        name,
                        bio,
                        avatar_url,
                    }),
                    n,
                )
            })
            .collect())
    }

    /// Every published static page by title, without bodies.
    pub async fn published_pages(&self) -> Result<Vec<PageEntry>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT slug, title, modified_at FROM pages WHERE published <> 0 ORDER BY title, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(slug, title, at)| {
                Ok(PageEntry {
                    slug,
                    title,
                    modified_at: to_time(at)?,
                })
            })
            .collect()
    }
}
