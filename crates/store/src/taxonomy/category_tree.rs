//! The category tree as the site reads it on every page: cached for a moment, looked up by
//! path, counted for the API, and seeded without the admin's checks.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_core::changes::ChangeEntity;
use gazette_core::model::Category;
use gazette_core::visibility::VISIBLE_SQL as VISIBLE;
use sqlx::{Any, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use crate::rows::CategoryRow;
use crate::write::{check_slug, unique};
use crate::{Result, Store, StoreError};

/// How long another node's category edits may take to show here.
const CATEGORY_TTL: Duration = Duration::from_secs(2);

const CATEGORY_COLS: &str = "id, parent_id, slug, name, description, path, position";

#[derive(Debug, Clone)]
pub struct NewCategory {
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
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

    /// Creates a category below `parent_id`; its path is the parent's path plus its slug.
    pub async fn create_category(&self, new: &NewCategory) -> Result<i64> {
        check_slug("category", &new.slug)?;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let path = child_path(&mut tx, new.parent_id, &new.slug).await?;
        let id = insert_category(&mut tx, new.parent_id, new, &path)
            .await
            .map_err(unique("category", "path", &path))?;
        let id = tx.commit_created(ChangeEntity::Category, id).await?;
        self.forget_cached();
        Ok(id)
    }
}

/// The path of a category with `slug` below `parent_id` (the top level when `None`).
pub(crate) async fn child_path(
    tx: &mut Transaction<'static, Any>,
    parent_id: Option<i64>,
    slug: &str,
) -> Result<String> {
    let Some(pid) = parent_id else {
        return Ok(slug.to_owned());
    };
    let parent: Option<String> = sqlx::query_scalar("SELECT path FROM categories WHERE id = $1")
        .bind(pid)
        .fetch_optional(&mut **tx)
        .await?;
    let parent = parent.ok_or_else(|| StoreError::missing("parent category", pid))?;
    Ok(format!("{parent}/{slug}"))
}

/// Inserts `new` below `parent_id` at `path` (`new.parent_id` is not read: the import
/// places its categories itself); callers map a taken path to their own error.
pub(crate) async fn insert_category(
    tx: &mut Transaction<'static, Any>,
    parent_id: Option<i64>,
    new: &NewCategory,
    path: &str,
) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (parent_id, slug, name, description, path, position) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(parent_id)
    .bind(&new.slug)
    .bind(&new.name)
    .bind(&new.description)
    .bind(path)
    .bind(new.position)
    .fetch_one(&mut **tx)
    .await
}
