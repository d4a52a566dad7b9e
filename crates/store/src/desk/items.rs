//! The desk's inbox: items newest first, filtered by source, language, keyword, unread and
//! starred; one item with its earlier versions; marking read and starred. Filters are
//! assembled as numbered placeholders, like the article lists'.

use sqlx::AssertSqlSafe;

use crate::args::{Arg, bind_args};
use crate::decode::Flag;
use crate::like::contains_pattern;
use crate::run::{execute, execute_on};
use crate::{Result, Store, StoreError};

/// What the inbox shows; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub source_id: Option<i64>,
    pub language: Option<String>,
    /// Words to find in the title or summary (case-insensitive).
    pub keyword: Option<String>,
    pub unread: bool,
    pub starred: bool,
    /// Only items of sources filed under this category.
    pub category_id: Option<i64>,
    /// Only items that mention one of these words (an editor's alerts).
    pub any_of: Vec<String>,
    /// One row per story: its newest item that passes the other filters.
    pub by_story: bool,
}

/// A row of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeskItemRow {
    pub id: i64,
    pub source_id: i64,
    pub source_name: String,
    pub url: Option<String>,
    pub title: String,
    pub summary_html: String,
    pub language: String,
    pub author: Option<String>,
    pub published_at: Option<i64>,
    pub sort_at: i64,
    #[sqlx(try_from = "Flag")]
    pub is_read: bool,
    #[sqlx(try_from = "Flag")]
    pub starred: bool,
    pub used_by_article_id: Option<i64>,
    pub used_by_title: Option<String>,
    pub versions: i64,
    /// Items in this item's story, itself included.
    pub story_size: i64,
}

/// One page of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxPage {
    pub rows: Vec<DeskItemRow>,
    pub total: i64,
}

/// An item with everything the reading view shows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeskItem {
    pub id: i64,
    pub source_id: i64,
    pub source_name: String,
    pub outlet: String,
    pub item_key: String,
    pub url: Option<String>,
    pub title: String,
    pub summary_html: String,
    pub content_html: String,
    pub raw_html: Option<String>,
    pub author: Option<String>,
    pub language: String,
    pub published_at: Option<i64>,
    pub fetched_at: i64,
    pub updated_at: i64,
    #[sqlx(try_from = "Flag")]
    pub is_read: bool,
    #[sqlx(try_from = "Flag")]
    pub starred: bool,
    pub used_by_article_id: Option<i64>,
    pub used_by_title: Option<String>,
    pub used_by_name: Option<String>,
    pub used_at: Option<i64>,
}

impl DeskItem {
    /// The text to work from: the full text when there is one, else the summary.
    pub fn body_html(&self) -> &str {
        if self.content_html.trim().is_empty() {
            &self.summary_html
        } else {
            &self.content_html
        }
    }
}

/// What an item said before a change.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeskItemVersion {
    pub id: i64,
    pub title: String,
    pub summary_html: String,
    pub content_html: String,
    pub recorded_at: i64,
}

impl InboxFilter {
    /// The filter as `AND …` conditions on the items aliased `i`, and their values.
    fn conditions(&self) -> (String, Vec<Arg>) {
        let mut binds = Vec::new();
        let mut sql = self.conditions_on("i", &mut binds);
        if self.by_story {
            // Hidden when a newer item of the same story passes the same filters; the
            // conditions on `o` reuse the numbered values bound for `i`.
            let mut again = Vec::new();
            let on_other = self.conditions_on("o", &mut again);
            sql.push_str(&format!(
                " AND NOT EXISTS (SELECT 1 FROM desk_items o WHERE o.story_id = i.story_id \
                 AND (o.sort_at > i.sort_at OR (o.sort_at = i.sort_at AND o.id > i.id)){on_other})"
            ));
        }
        (sql, binds)
    }

    fn conditions_on(&self, t: &str, binds: &mut Vec<Arg>) -> String {
        let mut sql = String::new();
        let next = |binds: &mut Vec<Arg>, b: Arg| {
            binds.push(b);
            binds.len()
        };
        if let Some(id) = self.source_id {
            let n = next(binds, Arg::Int(id));
            sql.push_str(&format!(" AND {t}.source_id = ${n}"));
        }
        if let Some(id) = self.category_id {
            let n = next(binds, Arg::Int(id));
            sql.push_str(&format!(
                " AND {t}.source_id IN (SELECT id FROM desk_sources WHERE category_id = ${n})"
            ));
        }
        if let Some(lang) = filled(&self.language) {
            let n = next(binds, Arg::Text(lang.to_lowercase()));
            sql.push_str(&format!(" AND LOWER({t}.language) = ${n}"));
        }
        let mentions = |binds: &mut Vec<Arg>, word: &str| {
            let n = next(binds, Arg::Text(contains_pattern(&word.to_lowercase())));
            format!(
                "(LOWER({t}.title) LIKE ${n} ESCAPE '\\' OR LOWER({t}.summary_html) LIKE ${n} ESCAPE '\\')"
            )
        };
        if let Some(word) = filled(&self.keyword) {
            sql.push_str(&format!(" AND {}", mentions(binds, word)));
        }
        let any: Vec<String> = self
            .any_of
            .iter()
            .map(|w| w.trim())
            .filter(|w| !w.is_empty())
            .map(|w| mentions(binds, w))
            .collect();
        if !any.is_empty() {
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
        if self.unread {
            sql.push_str(&format!(" AND {t}.is_read = 0"));
        }
        if self.starred {
            sql.push_str(&format!(" AND {t}.starred = 1"));
        }
        sql
    }
}

/// The trimmed text of an optional filter, unless it is blank (then it filters nothing).
fn filled(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Store {
    /// One page of the inbox, newest first.
    pub async fn desk_inbox(
        &self,
        filter: &InboxFilter,
        limit: i64,
        offset: i64,
    ) -> Result<InboxPage> {
        let (conditions, binds) = filter.conditions();
        let count_sql = format!("SELECT COUNT(*) FROM desk_items i WHERE 1 = 1{conditions}");
        let total: i64 = bind_args!(sqlx::query_scalar(AssertSqlSafe(count_sql)), &binds)
            .fetch_one(&self.pool)
            .await?;
        let n = binds.len() + 1;
        let sql = format!(
            "SELECT i.id, i.source_id, s.name AS source_name, i.url, i.title, i.summary_html, \
             i.language, i.author, i.published_at, i.sort_at, i.is_read, i.starred, \
             i.used_by_article_id, a.title AS used_by_title, \
             (SELECT COUNT(*) FROM desk_item_versions v WHERE v.item_id = i.id) AS versions, \
             (SELECT COUNT(*) FROM desk_items c WHERE c.story_id = i.story_id) AS story_size \
             FROM desk_items i JOIN desk_sources s ON s.id = i.source_id \
             LEFT JOIN articles a ON a.id = i.used_by_article_id \
             WHERE 1 = 1{conditions} ORDER BY i.sort_at DESC, i.id DESC LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let rows = bind_args!(sqlx::query_as::<_, DeskItemRow>(AssertSqlSafe(sql)), &binds)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok(InboxPage { rows, total })
    }

    /// The languages items are in, for the inbox's filter.
    pub async fn desk_languages(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT language FROM desk_items WHERE language <> '' ORDER BY language",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn desk_item(&self, id: i64) -> Result<Option<DeskItem>> {
        Ok(sqlx::query_as(
            "SELECT i.id, i.source_id, s.name AS source_name, s.outlet, i.item_key, i.url, i.title, \
             i.summary_html, i.content_html, i.raw_html, i.author, i.language, i.published_at, \
             i.fetched_at, i.updated_at, i.is_read, i.starred, i.used_by_article_id, \
             a.title AS used_by_title, u.name AS used_by_name, i.used_at \
             FROM desk_items i JOIN desk_sources s ON s.id = i.source_id \
             LEFT JOIN articles a ON a.id = i.used_by_article_id \
             LEFT JOIN users u ON u.id = i.used_by_user_id WHERE i.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The item article `article_id` was made from, if it was made on the desk.
    pub async fn desk_item_of_article(&self, article_id: i64) -> Result<Option<DeskItem>> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM desk_items WHERE used_by_article_id = $1 LIMIT 1")
                .bind(article_id)
                .fetch_optional(&self.pool)
                .await?;
        match id {
            Some(id) => self.desk_item(id).await,
            None => Ok(None),
        }
    }

    /// An item's earlier versions, oldest first.
    pub async fn desk_item_versions(&self, id: i64) -> Result<Vec<DeskItemVersion>> {
        Ok(sqlx::query_as(
            "SELECT id, title, summary_html, content_html, recorded_at FROM desk_item_versions \
             WHERE item_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks an item read or unread.
    pub async fn set_desk_item_read(&self, id: i64, read: bool) -> Result<()> {
        self.set_item_flag(id, "is_read", read).await
    }

    /// Stars or unstars an item (a starred item outlives its source's retention).
    pub async fn set_desk_item_starred(&self, id: i64, starred: bool) -> Result<()> {
        self.set_item_flag(id, "starred", starred).await
    }

    async fn set_item_flag(&self, id: i64, column: &'static str, on: bool) -> Result<()> {
        let sql = format!("UPDATE desk_items SET {column} = $1 WHERE id = $2");
        let args = [i64::from(on).into(), id.into()];
        execute_on(&self.pool, AssertSqlSafe(sql), &args, "item", id).await
    }
}

impl Store {
    /// Creates a draft article from desk item `item_id` (a translation or reprint whose
    /// fields the caller filled from the item) through the editor's own draft insert, and
    /// records on the item which article was made from it, by whom: one transaction, so
    /// a double click cannot make two drafts of one item.
    pub async fn create_article_from_desk_item(
        &self,
        item_id: i64,
        input: &crate::ArticleInput,
        source_published_at: Option<i64>,
        at: i64,
        actor: &crate::Actor,
    ) -> Result<i64> {
        let mut tx = self.write(at).await?;
        let used: Option<Option<i64>> =
            sqlx::query_scalar("SELECT used_by_article_id FROM desk_items WHERE id = $1")
                .bind(item_id)
                .fetch_optional(&mut **tx)
                .await?;
        match used {
            None => return Err(StoreError::missing("item", item_id)),
            Some(Some(article)) => {
                return Err(StoreError::invalid(
                    "item",
                    "article",
                    format!("article {article} was already made from this item; open it instead"),
                ));
            }
            Some(None) => {}
        }
        let id = crate::articles::insert_draft(&mut tx, input, at, actor).await?;
        sqlx::query("UPDATE articles SET source_published_at = $1 WHERE id = $2")
            .bind(source_published_at)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        let sql = "UPDATE desk_items SET used_by_article_id = $1, used_by_user_id = $2, \
                   used_at = $3, is_read = 1 WHERE id = $4";
        let args = [id.into(), actor.user_id.into(), at.into(), item_id.into()];
        execute(&mut **tx, sql, &args).await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// A stored page to extract the text from again.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RawPage {
    pub id: i64,
    pub url: String,
    pub raw_html: String,
}

impl Store {
    /// Up to `limit` items of `source_id` with a stored page, after item `after_id`, in id
    /// order (to walk them in batches).
    pub async fn desk_raw_pages(
        &self,
        source_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<RawPage>> {
        Ok(sqlx::query_as(
            "SELECT id, url, raw_html FROM desk_items WHERE source_id = $1 AND id > $2 \
             AND raw_html IS NOT NULL AND url IS NOT NULL ORDER BY id LIMIT $3",
        )
        .bind(source_id)
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces the extracted text of items (id, sanitised HTML), in one transaction.
    pub async fn set_desk_contents(&self, contents: &[(i64, String)], now: i64) -> Result<()> {
        let mut tx = self.write(now).await?;
        for (id, html) in contents {
            sqlx::query("UPDATE desk_items SET content_html = $1 WHERE id = $2")
                .bind(html)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        tx.commit().await
    }
}
