//! What feeds and sitemaps read: full articles for feed items, and light rows (path, dates,
//! picture) for every visible article, page, category, tag and author.

use gazette_core::model::Article;
use gazette_core::urls;
use gazette_core::visibility::{self, VISIBLE_SQL};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use super::translations::edition_sql;
use crate::rows::to_time;
use crate::{ArticleFilter, LanguageEdition};
use crate::{Result, Store};

/// One URL of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Site-relative path, e.g. `/grain-prices/`.
    pub path: String,
    pub modified_at: OffsetDateTime,
    pub published_at: Option<OffsetDateTime>,
    pub title: String,
    pub language: String,
    /// Media-root-relative path of the featured picture's largest variant, and its caption.
    pub image: Option<(String, String)>,
    /// The story's visible versions (this one included) as (language, path), when it has
    /// more than one; the caller adds `x-default` (see `core::lang::x_default`) with
    /// [`SitemapEntry::originals`].
    pub alternates: Vec<(String, String)>,
    /// Which of `alternates` name no original.
    pub originals: Vec<bool>,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    story_id: Option<i64>,
    slug: String,
    title: String,
    language: String,
    published_at: Option<i64>,
    modified_at: i64,
    media_path: Option<String>,
    media_widths: Option<String>,
    media_caption: Option<String>,
}

impl EntryRow {
    fn into_entry(self) -> Result<SitemapEntry> {
        let image = self.media_path.map(|path| {
            let largest = self
                .media_widths
                .unwrap_or_default()
                .split(',')
                .filter_map(|w| w.parse::<u32>().ok())
                .max();
            let path = match (largest, path.rsplit_once('.')) {
                (Some(w), Some((stem, ext))) => format!("{stem}-{w}.{ext}"),
                _ => path,
            };
            (path, self.media_caption.unwrap_or_default())
        });
        Ok(SitemapEntry {
            path: urls::article_path(&self.slug),
            modified_at: to_time(self.modified_at)?,
            published_at: self.published_at.map(to_time).transpose()?,
            title: self.title,
            language: self.language,
            image,
            alternates: Vec::new(),
            originals: Vec::new(),
        })
    }
}

impl Store {
    /// The newest visible articles of a list, complete with bodies, for a feed.
    pub async fn feed_articles(
        &self,
        filter: &ArticleFilter,
        edition: Option<&LanguageEdition>,
        now: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<Article>> {
        let summaries = match edition {
            Some(e) => self.latest_in_edition(filter, e, now, limit, 0).await?,
            None => self.latest_articles(filter, now, limit, 0).await?,
        };
        let mut out = Vec::with_capacity(summaries.len());
        for s in summaries {
            if let Some(a) = self.visible_article(&s.slug, now).await? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// Visible articles published in `[from, to)`, oldest first; within a language edition
    /// when one is given.
    pub async fn sitemap_articles(
        &self,
        now: OffsetDateTime,
        from: OffsetDateTime,
        to: OffsetDateTime,
        edition: Option<&LanguageEdition>,
    ) -> Result<Vec<SitemapEntry>> {
        let (in_edition, language) = match edition {
            None => (String::new(), None),
            Some(LanguageEdition::Main(l)) => {
                (format!(" AND {}", edition_sql("$4", true)), Some(l))
            }
            Some(LanguageEdition::Other(l)) => {
                (format!(" AND {}", edition_sql("$4", false)), Some(l))
            }
        };
        let query = sqlx::query_as::<_, EntryRow>(AssertSqlSafe(format!(
            "SELECT a.story_id, a.slug, a.title, a.language, a.published_at, a.modified_at, \
             m.path AS media_path, m.variant_widths AS media_widths, m.caption AS media_caption \
             FROM articles a LEFT JOIN media m ON m.id = a.featured_media_id \
             WHERE {VISIBLE_SQL} \
             AND a.published_at >= $2 AND a.published_at < $3{in_edition} \
             ORDER BY a.published_at, a.id"
        )))
        .bind(now.unix_timestamp())
        .bind(from.unix_timestamp())
        .bind(to.min(now + time::Duration::seconds(1)).unix_timestamp());
        let rows = match language {
            Some(l) => query.bind(l.clone()),
            None => query,
        }
        .fetch_all(&self.pool)
        .await?;
        let stories: Vec<i64> = rows.iter().filter_map(|r| r.story_id).collect();
        let versions = self.story_paths(now, &stories).await?;
        rows.into_iter()
            .map(|r| {
                let story = r.story_id;
                let mut entry = r.into_entry()?;
                if let Some(list) = story.and_then(|s| versions.get(&s)) {
                    entry.alternates = list
                        .iter()
                        .map(|(l, p, _)| (l.clone(), p.clone()))
                        .collect();
                    entry.originals = list.iter().map(|(_, _, o)| *o).collect();
                }
                Ok(entry)
            })
            .collect()
    }

    /// The visible versions of each story in `stories` that has more than one, as
    /// (language, path, names no original), in id order.
    async fn story_paths(
        &self,
        now: OffsetDateTime,
        stories: &[i64],
    ) -> Result<std::collections::HashMap<i64, Vec<(String, String, bool)>>> {
        let mut out: std::collections::HashMap<i64, Vec<(String, String, bool)>> =
            std::collections::HashMap::new();
        let mut unique = stories.to_vec();
        unique.sort_unstable();
        unique.dedup();
        for chunk in unique.chunks(500) {
            let sql = format!(
                "SELECT a.story_id, a.language, a.slug, a.translation_of FROM articles a \
                 WHERE {VISIBLE_SQL} AND a.story_id IN ({}) ORDER BY a.id",
                crate::rows::placeholders(2, chunk.len())
            );
            let mut q = sqlx::query_as::<_, (i64, String, String, Option<i64>)>(AssertSqlSafe(sql))
                .bind(now.unix_timestamp());
            for id in chunk {
                q = q.bind(*id);
            }
            for (story, language, slug, of) in q.fetch_all(&self.pool).await? {
                out.entry(story).or_default().push((
                    language,
                    urls::article_path(&slug),
                    of.is_none(),
                ));
            }
        }
        out.retain(|_, v| v.len() > 1);
        Ok(out)
    }

    /// Publication and modification times of every visible article, for the sitemap index.
    pub async fn article_dates(
        &self,
        now: OffsetDateTime,
    ) -> Result<Vec<(OffsetDateTime, OffsetDateTime)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT published_at, modified_at FROM articles WHERE {}",
            visibility::visible_sql("", "$1")
        )))
        .bind(now.unix_timestamp())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(p, m)| Ok((to_time(p)?, to_time(m)?)))
            .collect()
    }

    /// Published static pages as sitemap entries.
    pub async fn sitemap_pages(&self) -> Result<Vec<SitemapEntry>> {
        let pages = self.published_page_entries("slug").await?;
        Ok(pages
            .into_iter()
            .map(|page| SitemapEntry {
                path: urls::page_path(&page.slug),
                modified_at: page.modified_at,
                published_at: None,
                title: page.title,
                language: String::new(),
                image: None,
                alternates: Vec::new(),
                originals: Vec::new(),
            })
            .collect())
    }

    /// Slugs of tags and authors that have at least one visible article, with the time of
    /// their newest one.
    pub async fn sitemap_taxonomies(
        &self,
        now: OffsetDateTime,
    ) -> Result<(Vec<(String, i64)>, Vec<(String, i64)>)> {
        let tags = self
            .newest_by_slug("tags", "article_tags", "tag_id", now)
            .await?;
        let authors = self
            .newest_by_slug("authors", "article_credits", "author_id", now)
            .await?;
        Ok((tags, authors))
    }

    /// Slugs of the rows of `table` linked through `link` (`link.{key}` → `table.id`) to a
    /// visible article, with the time of their newest one.
    async fn newest_by_slug(
        &self,
        table: &str,
        link: &str,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(AssertSqlSafe(format!(
            "SELECT t.slug, MAX(a.modified_at) FROM {table} t JOIN {link} x ON x.{key} = t.id \
             JOIN articles a ON a.id = x.article_id \
             WHERE {VISIBLE_SQL} GROUP BY t.slug ORDER BY t.slug"
        )))
        .bind(now.unix_timestamp())
        .fetch_all(&self.pool)
        .await?)
    }
}
