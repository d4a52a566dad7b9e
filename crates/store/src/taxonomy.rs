//! Categories, tags, authors, media, static pages and site settings: the small tables
//! the reader's site reads on almost every page.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_core::model::{Author, Category, Media, Page, SiteSettings, Tag};

use crate::rows::{AuthorRow, CategoryRow, MEDIA_COLS, MediaRow, TagRow, to_time};
use crate::{Result, Store, StoreError};

/// How long another node's category edits may take to show here.
const CATEGORY_TTL: Duration = Duration::from_secs(2);

const CATEGORY_COLS: &str = "id, parent_id, slug, name, description, path, position";

#[derive(sqlx::FromRow)]
struct PageRow {
    id: i64,
    slug: String,
    title: String,
    body_markdown: String,
    body_html: String,
    published: i64,
    modified_at: i64,
}

impl Store {
    /// Every category, parents before children, siblings in menu order. The tree is kept
    /// in memory for [`CATEGORY_TTL`] (dropped at once when this node writes a category),
    /// since lists, breadcrumbs and the menu all need it.
    pub async fn categories(&self) -> Result<Arc<Vec<Category>>> {
        if let Ok(cache) = self.categories.read()
            && let Some((at, tree)) = cache.as_ref()
            && at.elapsed() < CATEGORY_TTL
        {
            return Ok(Arc::clone(tree));
        }
        let tree = Arc::new(self.load_categories().await?);
        if let Ok(mut cache) = self.categories.write() {
            *cache = Some((Instant::now(), Arc::clone(&tree)));
        }
        Ok(tree)
    }

    /// Drops what this handle keeps in memory, so the next read sees the database.
    pub fn forget_cached(&self) {
        if let Ok(mut cache) = self.categories.write() {
            *cache = None;
        }
    }

    async fn load_categories(&self) -> Result<Vec<Category>> {
        let rows: Vec<CategoryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CATEGORY_COLS} FROM categories ORDER BY path"
        )))
        .fetch_all(&self.pool)
        .await?;
        let all: Vec<Category> = rows.into_iter().map(Category::from).collect();
        // Siblings go in menu order, each subtree right after its parent: sort by the chain
        // of (position, slug) from the root. The depth guard stops a corrupt cycle.
        let by_id: HashMap<i64, &Category> = all.iter().map(|c| (c.id, c)).collect();
        let chain = |c: &Category| {
            let mut keys = vec![(c.position, c.slug.clone())];
            let mut parent = c.parent_id;
            while let Some(node) = parent.and_then(|p| by_id.get(&p)) {
                if keys.len() > 32 {
                    break;
                }
                keys.push((node.position, node.slug.clone()));
                parent = node.parent_id;
            }
            keys.reverse();
            keys
        };
        let mut keyed: Vec<_> = all.iter().map(|c| (chain(c), c.clone())).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(keyed.into_iter().map(|(_, c)| c).collect())
    }

    pub async fn category_by_path(&self, path: &str) -> Result<Option<Category>> {
        let row: Option<CategoryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CATEGORY_COLS} FROM categories WHERE path = $1"
        )))
        .bind(path)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Category::from))
    }

    pub async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>> {
        let row: Option<TagRow> =
            sqlx::query_as("SELECT id, slug, name, special FROM tags WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Tag::from))
    }

    /// Special-topic tags, for the navigation menu.
    pub async fn special_tags(&self) -> Result<Vec<Tag>> {
        let rows: Vec<TagRow> = sqlx::query_as(
            "SELECT id, slug, name, special FROM tags WHERE special <> 0 ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Tag::from).collect())
    }

    pub async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>> {
        let row: Option<AuthorRow> =
            sqlx::query_as("SELECT id, slug, name, bio, avatar_url FROM authors WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Author::from))
    }

    pub async fn media_by_id(&self, id: i64) -> Result<Option<Media>> {
        let row: Option<MediaRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MEDIA_COLS} FROM media WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Media::try_from).transpose()
    }

    /// A published static page.
    pub async fn page_by_slug(&self, slug: &str) -> Result<Option<Page>> {
        let row: Option<PageRow> = sqlx::query_as(
            "SELECT id, slug, title, body_markdown, body_html, published, modified_at \
             FROM pages WHERE slug = $1 AND published <> 0",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Page {
                id: r.id,
                slug: r.slug,
                title: r.title,
                body_markdown: r.body_markdown,
                body_html: r.body_html,
                published: r.published != 0,
                modified_at: to_time(r.modified_at)?,
            })
        })
        .transpose()
    }

    /// The site settings; defaults for whatever was never saved.
    pub async fn settings(&self) -> Result<SiteSettings> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'site'")
                .fetch_optional(&self.pool)
                .await?;
        match value {
            None => Ok(SiteSettings::default()),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("site settings: {e}"))),
        }
    }

    /// Whether the database holds no content at all (so `--demo` may fill it).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM categories) \
             + (SELECT COUNT(*) FROM pages)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }
}

impl Store {
    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(())
    }
}
