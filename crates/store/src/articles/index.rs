//! What the search index is built from: published articles (scheduled ones included: the
//! search drops hits that are not visible yet, so they turn up when their time comes without
//! another write) with their tag and author names, in id-ordered batches for a reindex or by
//! id for the change follower.

use std::collections::HashMap;

use gazette_core::visibility;
use sqlx::AssertSqlSafe;

use crate::rows::placeholders;
use crate::{Result, Store};

/// One published article, as the search index needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexableArticle {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub body_html: String,
    pub tags: Vec<String>,
    /// Authors and translators, in byline order.
    pub authors: Vec<String>,
    /// Category slugs from the root: "news/economy"; empty without a category.
    pub category_path: String,
    pub language: String,
    pub published_at: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    subtitle: Option<String>,
    body_html: String,
    category_id: Option<i64>,
    language: String,
    published_at: Option<i64>,
}

const COLS: &str =
    "a.id, a.title, a.subtitle, a.body_html, a.category_id, a.language, a.published_at";

impl Store {
    /// Up to `limit` published articles with ids above `after_id`, in id order.
    pub async fn indexable_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<IndexableArticle>> {
        let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {COLS} FROM articles a WHERE {} AND a.id > $1 ORDER BY a.id LIMIT $2",
            visibility::published_sql("a")
        )))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.complete(rows).await
    }

    /// The published articles among `ids`; ids missing from the answer should leave the index.
    pub async fn indexable_by_ids(&self, ids: &[i64]) -> Result<Vec<IndexableArticle>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLS} FROM articles a WHERE {} AND a.id IN ({})",
            visibility::published_sql("a"),
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, Row>(AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        self.complete(rows).await
    }

    /// Number of published articles, for a reindex's progress bar.
    pub async fn count_indexable(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM articles a WHERE {}",
            visibility::published_sql("a")
        )))
        .fetch_one(&self.pool)
        .await?)
    }

    /// Ids of the articles filed under `category_ids`, credited to `author_ids` or tagged
    /// `tag_ids`: the ones to reindex when those are renamed or moved.
    pub async fn articles_touching(
        &self,
        category_ids: &[i64],
        author_ids: &[i64],
        tag_ids: &[i64],
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for (sql, keys) in [
            (
                "SELECT id FROM articles WHERE category_id IN ",
                category_ids,
            ),
            (
                "SELECT DISTINCT article_id FROM article_credits WHERE author_id IN ",
                author_ids,
            ),
            (
                "SELECT article_id FROM article_tags WHERE tag_id IN ",
                tag_ids,
            ),
        ] {
            if keys.is_empty() {
                continue;
            }
            let sql = format!("{sql}({})", placeholders(1, keys.len()));
            let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql));
            for k in keys {
                q = q.bind(*k);
            }
            ids.extend(q.fetch_all(&self.pool).await?);
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    async fn complete(&self, rows: Vec<Row>) -> Result<Vec<IndexableArticle>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut credits = self.credits(&ids, None).await?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        let sql = format!(
            "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id \
             WHERE at.article_id IN ({}) ORDER BY at.article_id, t.name",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        for (article, name) in q.fetch_all(&self.pool).await? {
            tags.entry(article).or_default().push(name);
        }
        let tree = self.categories().await?;
        let paths: HashMap<i64, &str> = tree.iter().map(|c| (c.id, c.path.as_str())).collect();
        Ok(rows
            .into_iter()
            .map(|r| IndexableArticle {
                id: r.id,
                title: r.title,
                subtitle: r.subtitle.unwrap_or_default(),
                body_html: r.body_html,
                tags: tags.remove(&r.id).unwrap_or_default(),
                authors: credits
                    .remove(&r.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| c.author.name)
                    .collect(),
                category_path: r
                    .category_id
                    .and_then(|id| paths.get(&id).map(|p| (*p).to_owned()))
                    .unwrap_or_default(),
                language: r.language,
                published_at: r.published_at.unwrap_or(0),
            })
            .collect())
    }
}
