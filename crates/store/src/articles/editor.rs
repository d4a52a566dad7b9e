//! What the newsroom reads to edit articles: the editable form, the list with its filters
//! and counts, revisions, and the ownership checks the handlers make before a write.

use gazette_core::model::{CreditRole, Kind, Status};

use super::workflow::ArticleInput;
use super::{ArticleRecord, RECORD_COLS, SUMMARY_COLS};
use crate::args::{Arg, bind_args};
use crate::jobs::JobKind;
use crate::run::{row, rows, values};
use crate::{Result, Store};

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
    /// Counts the article's saves and status changes (optimistic concurrency).
    pub revision: i64,
    /// The body as readers get it (sanitised HTML).
    pub body_html: String,
    pub created_at: i64,
}

impl EditableArticle {
    /// Whether `user_id` owns the article: created it, or is credited on it.
    pub fn owned_by(&self, user_id: i64) -> bool {
        self.created_by == Some(user_id) || self.credited_users.contains(&user_id)
    }
}

/// One row of the newsroom's article list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleListRow {
    pub id: i64,
    pub revision: i64,
    pub language: String,
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
    /// Articles in this language (`None`: any).
    pub language: Option<String>,
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

/// Selects a [`Revision`] for each revision `r`.
const REVISION_SELECT: &str = "SELECT r.id, r.article_id, r.at, r.user_id, u.name AS user_name, \
     r.autosave, r.title, r.subtitle, r.excerpt, r.body_markdown, r.meta_description \
     FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id";

/// The WHERE clause of the newsroom list and its values, numbered from $1.
fn list_conditions(filter: &ArticleListFilter, with_status: bool) -> (String, Vec<Arg>) {
    let mut cond = vec!["1 = 1".to_owned()];
    let mut binds = Vec::new();
    let next = |b: Arg, binds: &mut Vec<Arg>| {
        binds.push(b);
        binds.len()
    };
    if with_status {
        match filter.status {
            Some(s) => {
                let n = next(Arg::Text(s.as_str().to_owned()), &mut binds);
                cond.push(format!("a.status = ${n}"));
            }
            // The trash is listed only when asked for.
            None => cond.push(format!("a.status <> '{}'", Status::Trashed.as_str())),
        }
    }
    if let Some(c) = filter.category_id {
        let n = next(Arg::Int(c), &mut binds);
        cond.push(format!("a.category_id = ${n}"));
    }
    if let Some(k) = filter.kind {
        let n = next(Arg::Text(k.as_str().to_owned()), &mut binds);
        cond.push(format!("a.kind = ${n}"));
    }
    if let Some(u) = filter.user_id {
        let n = next(Arg::Int(u), &mut binds);
        cond.push(format!(
            "(a.created_by = ${n} OR EXISTS (SELECT 1 FROM article_credits ac JOIN users uu \
             ON uu.author_id = ac.author_id WHERE ac.article_id = a.id AND uu.id = ${n}))"
        ));
    }
    if let Some(au) = filter.author_id {
        let n = next(Arg::Int(au), &mut binds);
        cond.push(format!(
            "EXISTS (SELECT 1 FROM article_credits ac2 WHERE ac2.article_id = a.id AND ac2.author_id = ${n})"
        ));
    }
    if let Some(u) = filter.assigned_to {
        let n = next(Arg::Int(u), &mut binds);
        cond.push(format!("a.assigned_to = ${n}"));
    }
    if let Some(l) = &filter.language {
        let n = next(Arg::Text(l.clone()), &mut binds);
        cond.push(format!("a.language = ${n}"));
    }
    let words = filter.text.trim();
    if !words.is_empty() {
        let pattern = crate::like::contains_pattern(&words.to_lowercase());
        let n = next(Arg::Text(pattern), &mut binds);
        cond.push(format!("LOWER(a.title) LIKE ${n} ESCAPE '\\'"));
    }
    (cond.join(" AND "), binds)
}

impl Store {
    /// The article with everything the editor shows, or `None`.
    pub async fn editable_article(&self, id: i64) -> Result<Option<EditableArticle>> {
        let row: Option<EditorRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLS}, {RECORD_COLS}, a.created_by, a.assigned_to, \
             a.assignment_note, a.meta_description, a.social_media_id, a.revision, a.created_at \
             FROM articles a WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        // The lists that hang on the article, each selected by its id as `$1`.
        let by_id = [id.into()];
        let tags: Vec<String> = values(
            &self.pool,
            "SELECT t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id \
             WHERE x.article_id = $1 ORDER BY t.name",
            &by_id,
        )
        .await?;
        let credit_rows: Vec<(i64, String)> = rows(
            &self.pool,
            "SELECT author_id, role FROM article_credits WHERE article_id = $1 ORDER BY position",
            &by_id,
        )
        .await?;
        let mut credits = Vec::with_capacity(credit_rows.len());
        for (author_id, role) in credit_rows {
            credits.push((author_id, role.parse::<CreditRole>()?));
        }
        let credited_users: Vec<i64> = values(
            &self.pool,
            "SELECT u.id FROM users u JOIN article_credits c ON c.author_id = u.author_id \
             WHERE c.article_id = $1",
            &by_id,
        )
        .await?;
        let sql =
            "SELECT noted_at, text FROM corrections WHERE article_id = $1 ORDER BY noted_at, id";
        let corrections: Vec<(i64, String)> = rows(&self.pool, sql, &by_id).await?;
        let a = r.record;
        let s = a.summary;
        Ok(Some(EditableArticle {
            id: s.id,
            status: a.status.parse()?,
            input: ArticleInput {
                title: s.title,
                subtitle: s.subtitle.unwrap_or_default(),
                slug: s.slug,
                excerpt: s.excerpt,
                body_markdown: a.body_markdown,
                category_id: s.category_id,
                tags,
                credits,
                language: s.language,
                kind: s.kind.parse()?,
                source_outlet: a.source_outlet.unwrap_or_default(),
                source_url: a.source_url.unwrap_or_default(),
                source_language: a.source_language.unwrap_or_default(),
                featured_media_id: s.featured_media_id,
                meta_description: r.meta_description,
                social_media_id: r.social_media_id,
                assigned_to: r.assigned_to,
                assignment_note: r.assignment_note,
            },
            published_at: s.published_at,
            modified_at: a.modified_at,
            created_by: r.created_by,
            credited_users,
            corrections,
            revision: r.revision,
            body_html: a.body_html,
            created_at: r.created_at,
        }))
    }

    /// Revisions of an article, newest first.
    pub async fn revisions(&self, article_id: i64) -> Result<Vec<Revision>> {
        let sql = format!("{REVISION_SELECT} WHERE r.article_id = $1 ORDER BY r.id DESC");
        rows(&self.pool, sqlx::AssertSqlSafe(sql), &[article_id.into()]).await
    }

    pub async fn revision(&self, article_id: i64, revision_id: i64) -> Result<Option<Revision>> {
        let sql = format!("{REVISION_SELECT} WHERE r.article_id = $1 AND r.id = $2");
        let args = [article_id.into(), revision_id.into()];
        row(&self.pool, sqlx::AssertSqlSafe(sql), &args).await
    }

    /// One page of the newsroom's list and the number of matching articles.
    pub async fn newsroom_articles(
        &self,
        filter: &ArticleListFilter,
    ) -> Result<(Vec<ArticleListRow>, i64)> {
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
            "SELECT a.id, a.revision, a.language, a.slug, a.title, a.status, a.kind, c.name AS category, \
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
        let q = sqlx::query_as::<_, ArticleListRow>(sqlx::AssertSqlSafe(sql));
        let rows = bind_args!(q, &binds)
            .bind(per_page)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let count_sql = format!("SELECT COUNT(*) FROM articles a WHERE {cond}");
        let c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
        let total = bind_args!(c, &binds).fetch_one(&self.pool).await?;
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
        let q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql));
        Ok(bind_args!(q, &binds).fetch_all(&self.pool).await?)
    }

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

/// An article's whole row with the editor's own columns.
#[derive(sqlx::FromRow)]
struct EditorRow {
    #[sqlx(flatten)]
    record: ArticleRecord,
    created_by: Option<i64>,
    assigned_to: Option<i64>,
    assignment_note: String,
    meta_description: String,
    social_media_id: Option<i64>,
    revision: i64,
    created_at: i64,
}
