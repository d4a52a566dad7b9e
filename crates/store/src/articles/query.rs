//! Reads for the Content API: article lists with combined filters (category, tag, author,
//! kind, language) and what tells when content last changed (for `Last-Modified`). The
//! API's taxonomy counts and page list live with their tables (`taxonomy/`, `authors.rs`,
//! `pages.rs`).
//!
//! Like every reader query, each applies the visibility rule in SQL, so drafts and scheduled
//! pieces are never counted or listed.

use std::time::{Duration, Instant};

use gazette_core::model::{ArticleSummary, Kind};
use gazette_core::visibility::{self, VISIBLE_SQL as VISIBLE};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use crate::args::{Arg, bind_args};
use crate::articles::{SUMMARY_COLS, SummaryRow};
use crate::rows::to_time;
use crate::{Result, Store};

/// The longest [`Store::has_scheduled`] keeps its answer.
const SCHEDULE_TTL: Duration = Duration::from_secs(2);

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
    /// The language edition of the site the list belongs to (none: every language).
    pub edition: Option<LanguageEdition>,
}

/// A language edition of the reader's site: which articles its lists show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageEdition {
    /// The site's main language, unprefixed: articles in that language, and stories with
    /// no visible version in it (each once, by its earliest visible version), so an
    /// untranslated piece is never hidden from the main site.
    Main(String),
    /// Another language (`/az/`): only articles in that language.
    Other(String),
}

impl ArticleQuery {
    /// The `AND …` conditions on `articles a` and their values, numbered from `$2` (`$1` is
    /// the visibility time).
    fn conditions(&self) -> (String, Vec<Arg>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        let next = |binds: &mut Vec<Arg>, b: Arg| {
            binds.push(b);
            binds.len() + 1
        };
        if let Some(path) = &self.category_path {
            let n = next(&mut binds, Arg::Text(path.clone()));
            sql.push_str(&format!(
                " AND a.category_id IN (SELECT id FROM categories WHERE path = ${n} OR path LIKE ${n} || '/%')"
            ));
        }
        if let Some(id) = self.tag_id {
            let n = next(&mut binds, Arg::Int(id));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ${n})"
            ));
        }
        if let Some(id) = self.author_id {
            let n = next(&mut binds, Arg::Int(id));
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_credits c WHERE c.article_id = a.id AND c.author_id = ${n})"
            ));
        }
        if let Some(kind) = self.kind {
            let n = next(&mut binds, Arg::Text(kind.as_str().to_owned()));
            sql.push_str(&format!(" AND a.kind = ${n}"));
        }
        if let Some(lang) = &self.language {
            let n = next(&mut binds, Arg::Text(lang.clone()));
            sql.push_str(&format!(" AND a.language = ${n}"));
        }
        if let Some(edition) = &self.edition {
            let (lang, main) = match edition {
                LanguageEdition::Main(l) => (l, true),
                LanguageEdition::Other(l) => (l, false),
            };
            let n = next(&mut binds, Arg::Text(lang.clone()));
            sql.push_str(" AND ");
            sql.push_str(&super::translations::edition_sql(&format!("${n}"), main));
        }
        (sql, binds)
    }
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
        let total = self.count_matching(q, now).await?;
        if limit <= 0 || offset >= total {
            return Ok((Vec::new(), total));
        }
        Ok((self.page_matching(q, now, limit, offset).await?, total))
    }

    /// How many visible articles match `q`.
    pub(super) async fn count_matching(
        &self,
        q: &ArticleQuery,
        now: OffsetDateTime,
    ) -> Result<i64> {
        let (conditions, binds) = q.conditions();
        let sql = format!("SELECT COUNT(*) FROM articles a WHERE {VISIBLE}{conditions}");
        let count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql)).bind(now.unix_timestamp());
        Ok(bind_args!(count, &binds).fetch_one(&self.pool).await?)
    }

    /// One page of the visible articles matching `q`, newest first (none for `limit` 0).
    pub(super) async fn page_matching(
        &self,
        q: &ArticleQuery,
        now: OffsetDateTime,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ArticleSummary>> {
        if limit <= 0 {
            return Ok(Vec::new());
        }
        let (conditions, binds) = q.conditions();
        // Placeholders are numbered without gaps: LIMIT and OFFSET follow the filter's.
        let n = binds.len() + 2;
        let sql = format!(
            "SELECT {SUMMARY_COLS} FROM articles a WHERE {VISIBLE}{conditions} \
             ORDER BY a.published_at DESC, a.id DESC LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let list = sqlx::query_as::<_, SummaryRow>(AssertSqlSafe(sql)).bind(now.unix_timestamp());
        let rows = bind_args!(list, &binds)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        self.summaries(rows).await
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

    /// Whether a published article is waiting for its publication time (a scheduled piece),
    /// so a search needs a date cut-off only when there is something to cut. Every search
    /// asks, so the answer is kept: the next scheduled time, read at most every
    /// [`SCHEDULE_TTL`] and dropped by [`Store::forget_cached`], which the search indexer
    /// calls before it makes new articles searchable. While that time is ahead, something
    /// is waiting; without one, nothing is; once it has come, the database is asked again.
    pub async fn has_scheduled(&self, now: OffsetDateTime) -> Result<bool> {
        let now = now.unix_timestamp();
        let known = self
            .next_scheduled
            .read()
            .ok()
            .and_then(|known| *known)
            .filter(|(read, next)| {
                read.elapsed() < SCHEDULE_TTL && next.is_none_or(|next| next > now)
            });
        let next = match known {
            Some((_, next)) => next,
            None => {
                let next: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
                    "SELECT MIN(published_at) FROM articles WHERE {}",
                    visibility::waiting_sql("", "$1")
                )))
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                if let Ok(mut known) = self.next_scheduled.write() {
                    *known = Some((Instant::now(), next));
                }
                next
            }
        };
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
}
