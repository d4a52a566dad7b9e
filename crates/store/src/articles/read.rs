//! What the reader's site reads: visible articles one at a time and in lists.
//!
//! "Visible" means published and with a publication time that has come; every query here
//! applies that rule in SQL so a draft or a scheduled piece can never leak into a list.

use std::collections::HashMap;

use gazette_core::model::{
    Article, ArticleSummary, Author, Category, Correction, Credit, CreditRole, Kind, Media, Source,
    Status, Tag,
};
use gazette_core::related::{self, Candidate};
use gazette_core::visibility::VISIBLE_SQL as VISIBLE;
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use super::{ArticleQuery, LanguageEdition};
use crate::args::Arg;
use crate::articles::{ArticleRecord, RECORD_COLS, SUMMARY_COLS, SummaryRow};
use crate::rows::{
    AUTHOR_COLS, AuthorRow, MEDIA_COLS, MediaRow, TAG_COLS, TagRow, placeholders, to_time, to_u32,
};
use crate::run::{rows, values};
use crate::{Result, Store};

/// Which articles a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleFilter {
    All,
    /// A category and all its descendants.
    Category(Category),
    Tag(i64),
    Author(i64),
}

/// The period a "most read" list covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReadWindow {
    #[serde(rename = "24h")]
    Day,
    #[serde(rename = "7d")]
    Week,
}

impl ReadWindow {
    pub fn hours(self) -> i64 {
        match self {
            ReadWindow::Day => 24,
            ReadWindow::Week => 7 * 24,
        }
    }
}

/// One page of a list and the size of the whole list.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub items: Vec<ArticleSummary>,
    pub total: i64,
}

impl ArticleFilter {
    /// The same list as an API query, so both are filtered by one piece of SQL.
    fn query(&self) -> ArticleQuery {
        self.query_in(None)
    }

    /// The list within a language edition of the site (`None`: every language).
    fn query_in(&self, edition: Option<&LanguageEdition>) -> ArticleQuery {
        let mut q = ArticleQuery {
            edition: edition.cloned(),
            ..ArticleQuery::default()
        };
        match self {
            ArticleFilter::All => {}
            ArticleFilter::Category(c) => q.category_path = Some(c.path.clone()),
            ArticleFilter::Tag(id) => q.tag_id = Some(*id),
            ArticleFilter::Author(id) => q.author_id = Some(*id),
        }
        q
    }
}

impl Store {
    /// A visible article with everything its page shows.
    pub async fn visible_article(
        &self,
        slug: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Article>> {
        let row: Option<ArticleRecord> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLS}, {RECORD_COLS} FROM articles a WHERE a.slug = $2 AND {VISIBLE}"
        )))
        .bind(now.unix_timestamp())
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.full_article(row).await?)),
            None => Ok(None),
        }
    }

    /// Whether article `id` is visible now (views are only counted for those).
    pub async fn is_visible(&self, id: i64, now: OffsetDateTime) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM articles a WHERE a.id = $2 AND {VISIBLE}"
        )))
        .bind(now.unix_timestamp())
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    async fn full_article(&self, r: ArticleRecord) -> Result<Article> {
        let s = r.summary;
        let id = s.id;
        let category = match s.category_id {
            Some(cid) => self
                .categories()
                .await?
                .iter()
                .find(|c| c.id == cid)
                .cloned(),
            None => None,
        };
        let featured = match s.featured_media_id {
            Some(mid) => self.media_by_id(mid).await?,
            None => None,
        };
        let tags: Vec<TagRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {TAG_COLS} FROM tags t \
             JOIN article_tags at ON at.tag_id = t.id WHERE at.article_id = $1 ORDER BY t.name"
        )))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let credits = self
            .credits(&[id], None)
            .await?
            .remove(&id)
            .unwrap_or_default();
        let corrections: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, noted_at, text FROM corrections WHERE article_id = $1 ORDER BY noted_at",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let source = match (r.source_outlet, r.source_url) {
            (Some(outlet), Some(url)) => Some(Source {
                outlet,
                url,
                language: r.source_language,
                published_at: r.source_published_at.map(to_time).transpose()?,
            }),
            _ => None,
        };
        Ok(Article {
            id,
            slug: s.slug,
            title: s.title,
            subtitle: s.subtitle,
            excerpt: s.excerpt,
            body_markdown: r.body_markdown,
            body_html: r.body_html,
            status: r.status.parse::<Status>()?,
            kind: s.kind.parse::<Kind>()?,
            language: s.language,
            category,
            tags: tags.into_iter().map(Tag::from).collect(),
            credits,
            featured,
            source,
            corrections: corrections
                .into_iter()
                .map(|(id, at, text)| {
                    Ok(Correction {
                        id,
                        noted_at: to_time(at)?,
                        text,
                    })
                })
                .collect::<Result<_>>()?,
            published_at: s.published_at.map(to_time).transpose()?,
            modified_at: to_time(r.modified_at)?,
            word_count: to_u32(r.word_count),
            reading_minutes: to_u32(s.reading_minutes),
            views: u64::try_from(s.views).unwrap_or(0),
        })
    }

    /// Credits of the given articles, in byline order, optionally of one role only.
    pub(crate) async fn credits(
        &self,
        ids: &[i64],
        role: Option<CreditRole>,
    ) -> Result<HashMap<i64, Vec<Credit>>> {
        let mut out: HashMap<i64, Vec<Credit>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let role_filter = if role.is_some() {
            format!(" AND c.role = ${}", ids.len() + 1)
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT c.article_id, c.role, {AUTHOR_COLS} \
             FROM article_credits c JOIN authors au ON au.id = c.author_id \
             WHERE c.article_id IN ({}){role_filter} ORDER BY c.article_id, c.position",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, CreditRow>(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        if let Some(role) = role {
            q = q.bind(role.as_str());
        }
        for row in q.fetch_all(&self.pool).await? {
            let credit = Credit {
                role: row.role.parse()?,
                author: Author::from(row.author),
            };
            out.entry(row.article_id).or_default().push(credit);
        }
        Ok(out)
    }

    /// One page of visible articles, newest first, with the size of the whole list.
    pub async fn list_articles(
        &self,
        filter: &ArticleFilter,
        now: OffsetDateTime,
        limit: i64,
        offset: i64,
    ) -> Result<Listing> {
        Ok(Listing {
            total: self.count_articles(filter, now).await?,
            items: self.latest_articles(filter, now, limit, offset).await?,
        })
    }

    /// How many visible articles a list has.
    pub async fn count_articles(&self, filter: &ArticleFilter, now: OffsetDateTime) -> Result<i64> {
        self.count_matching(&filter.query(), now).await
    }

    /// Visible articles of a list, newest first, without counting the list.
    pub async fn latest_articles(
        &self,
        filter: &ArticleFilter,
        now: OffsetDateTime,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>> {
        self.page_matching(&filter.query(), now, limit, offset)
            .await
    }

    /// [`Store::count_articles`] within a language edition.
    pub async fn count_in_edition(
        &self,
        filter: &ArticleFilter,
        edition: &LanguageEdition,
        now: OffsetDateTime,
    ) -> Result<i64> {
        self.count_matching(&filter.query_in(Some(edition)), now)
            .await
    }

    /// [`Store::latest_articles`] within a language edition.
    pub async fn latest_in_edition(
        &self,
        filter: &ArticleFilter,
        edition: &LanguageEdition,
        now: OffsetDateTime,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>> {
        self.page_matching(&filter.query_in(Some(edition)), now, limit, offset)
            .await
    }

    /// "You might also like": visible pieces sharing tags or the category, see
    /// [`gazette_core::related`] for the ranking.
    pub async fn related(
        &self,
        article: &Article,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>> {
        let by_tag: Vec<(i64, i64, Option<i64>, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT a.id, a.published_at, a.category_id, COUNT(*) AS shared FROM article_tags t \
             JOIN articles a ON a.id = t.article_id \
             WHERE t.tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = $2) \
             AND a.id <> $2 AND {VISIBLE} \
             GROUP BY a.id, a.published_at, a.category_id ORDER BY a.published_at DESC LIMIT 200"
        )))
        .bind(now.unix_timestamp())
        .bind(article.id)
        .fetch_all(&self.pool)
        .await?;
        let category_id = article.category.as_ref().map(|c| c.id);
        let by_category: Vec<(i64, i64)> = match category_id {
            Some(cid) => {
                sqlx::query_as(AssertSqlSafe(format!(
                    "SELECT a.id, a.published_at FROM articles a WHERE a.category_id = $2 \
                 AND a.id <> $3 AND {VISIBLE} ORDER BY a.published_at DESC LIMIT 50"
                )))
                .bind(now.unix_timestamp())
                .bind(cid)
                .bind(article.id)
                .fetch_all(&self.pool)
                .await?
            }
            None => Vec::new(),
        };
        let mut candidates = Vec::with_capacity(by_tag.len() + by_category.len());
        for (id, published, cat, shared) in by_tag {
            candidates.push(Candidate {
                id,
                shared_tags: to_u32(shared),
                same_category: cat.is_some() && cat == category_id,
                published_at: to_time(published)?,
            });
        }
        for (id, published) in by_category {
            candidates.push(Candidate {
                id,
                shared_tags: 0,
                same_category: true,
                published_at: to_time(published)?,
            });
        }
        let ids = related::rank(&candidates, now, limit);
        self.summaries_by_ids(&ids, now).await
    }

    /// The most viewed visible articles over the last `window` (by whole UTC hours, so
    /// "24 hours" is the current hour and the 23 before it).
    pub async fn most_read(
        &self,
        now: OffsetDateTime,
        window: ReadWindow,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        self.most_read_in(now, window, limit, None).await
    }

    /// [`Store::most_read`] within a language edition (`None`: every language).
    pub async fn most_read_in(
        &self,
        now: OffsetDateTime,
        window: ReadWindow,
        limit: i64,
        edition: Option<&LanguageEdition>,
    ) -> Result<Vec<ArticleSummary>> {
        let since_hour = now.unix_timestamp().div_euclid(3_600) - window.hours() + 1;
        let (in_edition, language) = edition_condition(edition, "$4");
        let sql = format!(
            "SELECT a.id FROM articles a JOIN (SELECT article_id, SUM(views) AS v \
             FROM article_views_hourly WHERE hour >= $2 GROUP BY article_id) h ON h.article_id = a.id \
             WHERE {VISIBLE}{in_edition} ORDER BY h.v DESC, a.published_at DESC LIMIT $3"
        );
        let mut args = vec![now.unix_timestamp().into(), since_hour.into(), limit.into()];
        args.extend(language.map(Arg::from));
        let ids: Vec<i64> = values(&self.pool, AssertSqlSafe(sql), &args).await?;
        self.summaries_by_ids(&ids, now).await
    }

    /// The most viewed visible articles of all time, for a site too new to have a window.
    pub async fn most_read_ever(
        &self,
        now: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<ArticleSummary>> {
        self.most_read_ever_in(now, limit, None).await
    }

    /// [`Store::most_read_ever`] within a language edition (`None`: every language).
    pub async fn most_read_ever_in(
        &self,
        now: OffsetDateTime,
        limit: i64,
        edition: Option<&LanguageEdition>,
    ) -> Result<Vec<ArticleSummary>> {
        let (in_edition, language) = edition_condition(edition, "$3");
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} AND a.views > 0{in_edition} \
             ORDER BY a.views DESC, a.published_at DESC LIMIT $2"
        );
        let mut args = vec![now.unix_timestamp().into(), limit.into()];
        args.extend(language.map(Arg::from));
        let found: Vec<SummaryRow> = rows(&self.pool, AssertSqlSafe(sql), &args).await?;
        self.summaries(found).await
    }

    /// Visible articles by id, in the order given.
    pub async fn summaries_by_ids(
        &self,
        ids: &[i64],
        now: OffsetDateTime,
    ) -> Result<Vec<ArticleSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE} AND a.id IN ({})",
            placeholders(2, ids.len())
        );
        let mut q = sqlx::query_as::<_, SummaryRow>(AssertSqlSafe(sql)).bind(now.unix_timestamp());
        for id in ids {
            q = q.bind(*id);
        }
        let mut items = self.summaries(q.fetch_all(&self.pool).await?).await?;
        items.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
        Ok(items)
    }

    /// Completes list rows with their category, first author and featured image.
    pub(crate) async fn summaries(&self, rows: Vec<SummaryRow>) -> Result<Vec<ArticleSummary>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let media_ids: Vec<i64> = rows.iter().filter_map(|r| r.featured_media_id).collect();
        // The three lookups are independent: run at once (each on a connection of its own),
        // a list waits for the slowest, not for their sum.
        let (mut credits, tree, media) = tokio::try_join!(
            self.credits(&ids, Some(CreditRole::Author)),
            self.categories(),
            self.media_by_ids(&media_ids),
        )?;
        let categories: HashMap<i64, &Category> = tree.iter().map(|c| (c.id, c)).collect();
        rows.into_iter()
            .map(|r| {
                let author = credits
                    .get_mut(&r.id)
                    .and_then(|c| (!c.is_empty()).then(|| c.remove(0).author));
                Ok(ArticleSummary {
                    id: r.id,
                    slug: r.slug,
                    title: r.title,
                    subtitle: r.subtitle,
                    excerpt: r.excerpt,
                    kind: r.kind.parse()?,
                    language: r.language,
                    category: r
                        .category_id
                        .and_then(|id| categories.get(&id).map(|c| (*c).clone())),
                    author,
                    featured: r.featured_media_id.and_then(|id| media.get(&id).cloned()),
                    published_at: to_time(r.published_at.unwrap_or(0))?,
                    reading_minutes: to_u32(r.reading_minutes),
                    views: u64::try_from(r.views).unwrap_or(0),
                })
            })
            .collect()
    }

    /// The media rows of `ids` (featured pictures of a list), by id.
    async fn media_by_ids(&self, ids: &[i64]) -> Result<HashMap<i64, Media>> {
        let mut media = HashMap::new();
        if ids.is_empty() {
            return Ok(media);
        }
        let sql = format!(
            "SELECT {MEDIA_COLS} FROM media WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, MediaRow>(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&self.pool).await? {
            let m = Media::try_from(row)?;
            media.insert(m.id, m);
        }
        Ok(media)
    }
}

/// ` AND` the edition's condition with its language bound at `placeholder`, and that
/// language; nothing for `None`.
fn edition_condition(
    edition: Option<&LanguageEdition>,
    placeholder: &str,
) -> (String, Option<String>) {
    match edition {
        None => (String::new(), None),
        Some(LanguageEdition::Main(l)) => (
            format!(
                " AND {}",
                super::translations::edition_sql(placeholder, true)
            ),
            Some(l.clone()),
        ),
        Some(LanguageEdition::Other(l)) => (
            format!(
                " AND {}",
                super::translations::edition_sql(placeholder, false)
            ),
            Some(l.clone()),
        ),
    }
}

#[derive(sqlx::FromRow)]
struct CreditRow {
    article_id: i64,
    role: String,
    #[sqlx(flatten)]
    author: AuthorRow,
}
