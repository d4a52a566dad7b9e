//! Static pages: the site's page by slug, the API's list, and the newsroom's create, edit
//! and delete. Each write is one transaction with its change-log entries (page caches and
//! the search index follow them) and its audit row; a slug change leaves a permanent
//! redirect so old links keep working. Articles and pages share the `/{slug}/` namespace,
//! which `write::slug_free_for` guards from both sides.

use gazette_core::audit::AuditAction;
use gazette_core::changes::ChangeEntity;
use gazette_core::model::Page;
use gazette_core::{markdown, urls};
use sqlx::{Any, Transaction};
use time::OffsetDateTime;

use crate::args::Arg;
use crate::audit::Actor;
use crate::rows::{all_rows, one_row, to_time};
use crate::settings::settings_in;
use crate::write::{check_slug, check_title, slug_free_for, unique};
use crate::{Result, Store, StoreError, redirects};

/// What the page editor submits.
#[derive(Debug, Clone)]
pub struct PageInput {
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub published: bool,
    /// BCP 47 code of the page's language (the newsroom checks its shape).
    pub language: String,
}

#[derive(sqlx::FromRow)]
struct PageRow {
    id: i64,
    slug: String,
    title: String,
    body_markdown: String,
    body_html: String,
    published: i64,
    language: String,
    modified_at: i64,
}

impl TryFrom<PageRow> for Page {
    type Error = StoreError;
    fn try_from(r: PageRow) -> Result<Page> {
        Ok(Page {
            id: r.id,
            slug: r.slug,
            title: r.title,
            body_markdown: r.body_markdown,
            body_html: r.body_html,
            published: r.published != 0,
            language: r.language,
            modified_at: to_time(r.modified_at)?,
        })
    }
}

const PAGE_COLS: &str =
    "id, slug, title, body_markdown, body_html, published, language, modified_at";

/// The columns every save of a page writes (the editor's, the seed's, the import's).
pub(crate) struct PageValues<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub body_markdown: &'a str,
    pub body_html: &'a str,
    pub published: bool,
    pub language: &'a str,
    pub modified_at: i64,
}

impl PageValues<'_> {
    /// Inserts the page (`id` None) or overwrites page `id`; returns its id. Callers map a
    /// taken slug to their own error.
    pub(crate) async fn write(
        &self,
        tx: &mut Transaction<'static, Any>,
        id: Option<i64>,
    ) -> std::result::Result<i64, sqlx::Error> {
        let sql = match id {
            None => {
                "INSERT INTO pages (slug, title, body_markdown, body_html, published, modified_at, \
                 language) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
            }
            Some(_) => {
                "UPDATE pages SET slug = $1, title = $2, body_markdown = $3, body_html = $4, \
                 published = $5, modified_at = $6, language = $7 WHERE id = $8 RETURNING id"
            }
        };
        let query = sqlx::query_scalar(sql)
            .bind(self.slug)
            .bind(self.title)
            .bind(self.body_markdown)
            .bind(self.body_html)
            .bind(i64::from(self.published))
            .bind(self.modified_at)
            .bind(self.language);
        match id {
            Some(id) => query.bind(id),
            None => query,
        }
        .fetch_one(&mut **tx)
        .await
    }
}

impl Store {
    /// Every static page, published or not, by title.
    pub async fn all_pages(&self) -> Result<Vec<Page>> {
        let sql = format!("SELECT {PAGE_COLS} FROM pages ORDER BY LOWER(title), id");
        all_rows::<PageRow, _>(&self.pool, sqlx::AssertSqlSafe(sql), &[]).await
    }

    /// A static page, published or not.
    pub async fn page_by_id(&self, id: i64) -> Result<Option<Page>> {
        self.page_where("id = $1", Arg::Int(id)).await
    }

    /// The page matching `condition` on `value` (`$1`).
    async fn page_where(&self, condition: &str, value: Arg) -> Result<Option<Page>> {
        let sql = format!("SELECT {PAGE_COLS} FROM pages WHERE {condition}");
        one_row::<PageRow, _>(&self.pool, sqlx::AssertSqlSafe(sql), value).await
    }

    /// Creates (`id` None) or updates a static page. The slug must be free among articles
    /// and pages; a published page whose slug changes keeps its old address as a redirect.
    pub async fn save_page(
        &self,
        id: Option<i64>,
        input: &PageInput,
        at: i64,
        actor: &Actor,
    ) -> Result<i64> {
        check_slug("page", &input.slug)?;
        check_title("page", &input.title)?;
        if !gazette_core::lang::is_valid_code(&input.language) {
            return Err(StoreError::invalid(
                "page",
                "language",
                format!(
                    "`{}` is not a language code; use one like en, az or pt-BR",
                    input.language
                ),
            ));
        }
        let html = markdown::render(&input.body_markdown).html;
        let mut tx = self.write(at).await?;
        slug_free_for(&mut tx, "page", &input.slug).await?;
        let values = PageValues {
            slug: &input.slug,
            title: input.title.trim(),
            body_markdown: &input.body_markdown,
            body_html: &html,
            published: input.published,
            language: &input.language,
            modified_at: at,
        };
        let (id, action, detail) = match id {
            None => {
                let id = values.write(&mut tx, None).await.map_err(unique(
                    "page",
                    "slug",
                    &input.slug,
                ))?;
                let detail = input.slug.clone();
                (id, AuditAction::PageCreate, detail)
            }
            Some(id) => {
                let old: Option<(String, i64)> =
                    sqlx::query_as("SELECT slug, published FROM pages WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                let (old_slug, was_published) =
                    old.ok_or_else(|| StoreError::missing("page", id))?;
                values.write(&mut tx, Some(id)).await.map_err(unique(
                    "page",
                    "slug",
                    &input.slug,
                ))?;
                let mut detail = input.slug.clone();
                if old_slug != input.slug {
                    detail = format!("{old_slug} → {}", input.slug);
                    let (from, to) = (urls::page_path(&old_slug), urls::page_path(&input.slug));
                    if was_published != 0 {
                        redirects::record(&mut tx, &from, &to, redirects::Owner::Page(id), at)
                            .await?;
                    } else {
                        redirects::clear(&mut tx, &to).await?;
                    }
                }
                (id, AuditAction::PageUpdate, detail)
            }
        };
        tx.logged(actor, action, id, &detail).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes a static page, unless the site settings link it as a legal page (the error
    /// names the setting).
    pub async fn delete_page(&self, id: i64, at: i64, actor: &Actor) -> Result<String> {
        let mut tx = self.write(at).await?;
        let slug: Option<String> = sqlx::query_scalar("SELECT slug FROM pages WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        let slug = slug.ok_or_else(|| StoreError::missing("page", id))?;
        let settings = settings_in(&mut tx).await?;
        for (field, used) in [
            ("privacy_page", &settings.privacy_page),
            ("terms_page", &settings.terms_page),
            ("cookies_page", &settings.cookies_page),
        ] {
            if *used == slug {
                return Err(StoreError::Invalid {
                    entity: "page",
                    field,
                    message: format!(
                        "`{slug}` is the site's {} page; choose another one in Settings first",
                        field.trim_end_matches("_page")
                    ),
                });
            }
        }
        sqlx::query("DELETE FROM pages WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        tx.logged(actor, AuditAction::PageDelete, id, &slug).await?;
        tx.commit().await?;
        Ok(slug)
    }

    /// Slugs of every static page, published or not.
    pub async fn page_slugs(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT slug FROM pages ORDER BY slug")
            .fetch_all(&self.pool)
            .await?)
    }
}

/// A published static page without its body, for the list of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    pub slug: String,
    pub title: String,
    pub modified_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct NewPage {
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub modified_at: OffsetDateTime,
}

impl Store {
    /// A published static page.
    pub async fn page_by_slug(&self, slug: &str) -> Result<Option<Page>> {
        self.page_where("slug = $1 AND published <> 0", Arg::Text(slug.to_owned()))
            .await
    }

    /// Every published static page by title, without bodies.
    pub async fn published_pages(&self) -> Result<Vec<PageEntry>> {
        self.published_page_entries("title, id").await
    }

    /// Every published static page without its body, in `order` (an `ORDER BY` list).
    pub(crate) async fn published_page_entries(&self, order: &str) -> Result<Vec<PageEntry>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT slug, title, modified_at FROM pages WHERE published <> 0 ORDER BY {order}"
        )))
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

    pub async fn create_page(&self, new: &NewPage) -> Result<i64> {
        check_slug("page", &new.slug)?;
        let rendered = markdown::render(&new.body_markdown);
        let at = new.modified_at.unix_timestamp();
        let mut tx = self.write(at).await?;
        slug_free_for(&mut tx, "page", &new.slug).await?;
        let language = settings_in(&mut tx).await?.language;
        let id = PageValues {
            slug: &new.slug,
            title: &new.title,
            body_markdown: &new.body_markdown,
            body_html: &rendered.html,
            published: true,
            language: &language,
            modified_at: at,
        }
        .write(&mut tx, None)
        .await
        .map_err(unique("page", "slug", &new.slug))?;
        tx.commit_created(ChangeEntity::Page, id).await
    }
}
