//! Managing the category tree from the newsroom: create, rename, move (rewriting the
//! materialised `path` of the category and its whole subtree in one transaction and
//! leaving redirects from the old URLs), reorder among siblings, delete when unused.
//! Every change appends to the change log (caches follow) and to the audit log.

use std::collections::HashMap;

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::limits::{self, Field};
use gazette_core::model::Category;
use gazette_core::urls;
use sqlx::{Any, Transaction};

use super::category_tree::{NewCategory, insert_category};
use crate::audit::Actor;
use crate::write::{check_slug, unique};
use crate::{Result, Store, StoreError, redirects};

/// A category with how much uses it, for the tree list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryUse {
    pub category: Category,
    /// Articles filed directly in it, whatever their status.
    pub articles: i64,
    pub children: i64,
}

/// What the category form sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryFields {
    pub name: String,
    pub slug: String,
    pub parent_id: Option<i64>,
    pub description: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::invalid("category", field, message)
}

fn missing(id: i64) -> StoreError {
    StoreError::missing("category", id)
}

#[derive(sqlx::FromRow)]
struct Node {
    parent_id: Option<i64>,
    name: String,
    path: String,
}

async fn node(tx: &mut Transaction<'static, Any>, id: i64) -> Result<Option<Node>> {
    Ok(
        sqlx::query_as("SELECT parent_id, name, path FROM categories WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// The position after the last child of `parent` (`None`: the top level).
async fn next_position(tx: &mut Transaction<'static, Any>, parent: Option<i64>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM categories \
         WHERE parent_id = $1 OR ($1 IS NULL AND parent_id IS NULL)",
    )
    .bind(parent)
    .fetch_one(&mut **tx)
    .await?)
}

fn check_fields(f: &CategoryFields) -> Result<()> {
    if f.name.trim().is_empty() {
        return Err(invalid(
            "name",
            "the name is empty; give the category a name",
        ));
    }
    if let Err(e) = limits::check(Field::CategoryName, &f.name) {
        return Err(invalid(
            "name",
            format!("the name is longer than {} characters", e.max),
        ));
    }
    if let Err(e) = limits::check(Field::CategoryDescription, &f.description) {
        return Err(invalid(
            "description",
            format!("the description is longer than {} characters", e.max),
        ));
    }
    check_slug("category", &f.slug)
}

/// The path a category with `slug` gets under `parent` (`None`: top level).
async fn path_under(
    tx: &mut Transaction<'static, Any>,
    parent: Option<i64>,
    slug: &str,
) -> Result<String> {
    match parent {
        None => Ok(slug.to_owned()),
        Some(pid) => {
            let parent = node(tx, pid)
                .await?
                .ok_or_else(|| invalid("parent", format!("there is no category {pid}")))?;
            Ok(format!("{}/{slug}", parent.path))
        }
    }
}

fn url(path: &str) -> String {
    urls::category_path(path)
}

/// The category page and its feeds: each old one redirects to its new address.
const FOLLOWED_SUFFIXES: [&str; 4] = urls::LIST_SUFFIXES;

impl Store {
    /// The tree (parents before children, siblings in order) with usage counts.
    pub async fn category_uses(&self) -> Result<Vec<CategoryUse>> {
        self.forget_cached();
        let tree = self.categories().await?;
        let articles: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT category_id, COUNT(*) FROM articles WHERE category_id IS NOT NULL \
             GROUP BY category_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let articles: HashMap<i64, i64> = articles.into_iter().collect();
        let mut children: HashMap<i64, i64> = HashMap::new();
        for c in tree.iter() {
            if let Some(p) = c.parent_id {
                *children.entry(p).or_default() += 1;
            }
        }
        Ok(tree
            .iter()
            .map(|c| CategoryUse {
                articles: articles.get(&c.id).copied().unwrap_or(0),
                children: children.get(&c.id).copied().unwrap_or(0),
                category: c.clone(),
            })
            .collect())
    }

    /// Creates a category at the end of its siblings. Returns its id.
    pub async fn add_category(&self, f: &CategoryFields, now: i64, actor: &Actor) -> Result<i64> {
        check_fields(f)?;
        let mut tx = self.write(now).await?;
        let path = path_under(&mut tx, f.parent_id, &f.slug).await?;
        let position = next_position(&mut tx, f.parent_id).await?;
        let new = NewCategory {
            parent_id: f.parent_id,
            slug: f.slug.clone(),
            name: f.name.trim().to_owned(),
            description: f.description.trim().to_owned(),
            position,
        };
        let id = insert_category(&mut tx, f.parent_id, &new, &path)
            .await
            .map_err(unique("category", "address", &url(&path)))?;
        tx.logged(actor, AuditAction::CategoryCreate, id, &url(&path))
            .await?;
        tx.commit().await?;
        self.forget_cached();
        Ok(id)
    }

    /// Renames, re-slugs or moves category `id`. A new path rewrites the paths of the whole
    /// subtree and leaves a permanent redirect from each old URL. A parent inside the
    /// category's own subtree is refused.
    pub async fn update_category(
        &self,
        id: i64,
        f: &CategoryFields,
        now: i64,
        actor: &Actor,
    ) -> Result<()> {
        check_fields(f)?;
        let mut tx = self.write(now).await?;
        let old = node(&mut tx, id).await?.ok_or_else(|| missing(id))?;
        if let Some(pid) = f.parent_id {
            let parent = node(&mut tx, pid)
                .await?
                .ok_or_else(|| invalid("parent", format!("there is no category {pid}")))?;
            if pid == id || parent.path.starts_with(&format!("{}/", old.path)) {
                return Err(invalid(
                    "parent",
                    format!(
                        "“{}” cannot go under “{}”, which is inside it; pick a parent outside it",
                        old.name, parent.name
                    ),
                ));
            }
        }
        let new_path = path_under(&mut tx, f.parent_id, &f.slug).await?;
        let moved = new_path != old.path;
        let mut subtree: Vec<(i64, String)> = Vec::new();
        if moved {
            // The tree is small; filtering here avoids LIKE escaping and SUBSTR's
            // differing argument types between the backends.
            let prefix = format!("{}/", old.path);
            let all: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, path FROM categories ORDER BY path")
                    .fetch_all(&mut **tx)
                    .await?;
            subtree = all
                .into_iter()
                .filter(|(_, p)| p.starts_with(&prefix))
                .collect();
        }
        let position: Option<i64> = if f.parent_id == old.parent_id {
            None
        } else {
            Some(next_position(&mut tx, f.parent_id).await?)
        };
        // Paths are UNIQUE: move the subtree out of the way first (a temporary prefix no
        // slug can produce), then into place, so swapping names never collides midway.
        let mut renamed = vec![(id, old.path.clone(), new_path.clone())];
        for (cid, path) in &subtree {
            let rest = path.strip_prefix(&old.path).unwrap_or(path);
            renamed.push((*cid, path.clone(), format!("{new_path}{rest}")));
        }
        if moved {
            for (cid, _, _) in &renamed {
                sqlx::query("UPDATE categories SET path = '~moving/' || path WHERE id = $1")
                    .bind(cid)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        for (cid, _, path) in &renamed {
            if !moved && *cid != id {
                continue;
            }
            sqlx::query("UPDATE categories SET path = $1 WHERE id = $2")
                .bind(path)
                .bind(cid)
                .execute(&mut **tx)
                .await
                .map_err(unique("category", "address", &url(path)))?;
        }
        sqlx::query(
            "UPDATE categories SET name = $1, slug = $2, parent_id = $3, description = $4, \
             position = COALESCE($5, position) WHERE id = $6",
        )
        .bind(f.name.trim())
        .bind(&f.slug)
        .bind(f.parent_id)
        .bind(f.description.trim())
        .bind(position)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if moved {
            for (cid, from_path, to_path) in &renamed {
                for suffix in FOLLOWED_SUFFIXES {
                    let from = format!("{}{suffix}", url(from_path));
                    let to = format!("{}{suffix}", url(to_path));
                    redirects::record(&mut tx, &from, &to, redirects::Owner::None, now).await?;
                }
                tx.changed(ChangeEntity::Category, *cid, ChangeAction::Update)
                    .await?;
            }
            tx.changed(ChangeEntity::Redirect, 0, ChangeAction::Create)
                .await?;
        } else {
            tx.changed(ChangeEntity::Category, id, ChangeAction::Update)
                .await?;
        }
        let detail = if moved {
            format!("{} → {}", url(&old.path), url(&new_path))
        } else {
            format!("“{}” → “{}”", old.name, f.name.trim())
        };
        tx.logged(actor, AuditAction::CategoryUpdate, id, &detail)
            .await?;
        tx.commit().await?;
        self.forget_cached();
        Ok(())
    }

    /// Moves category `id` one place up or down among its siblings (positions are
    /// renumbered 0, 1, 2 … on the way, so equal positions from imports resolve).
    /// Returns false when it is already first (or last).
    pub async fn move_category(&self, id: i64, up: bool, now: i64, actor: &Actor) -> Result<bool> {
        let mut tx = self.write(now).await?;
        let me = node(&mut tx, id).await?.ok_or_else(|| missing(id))?;
        let siblings: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM categories WHERE parent_id = $1 OR ($1 IS NULL AND parent_id IS NULL) \
             ORDER BY position, slug",
        )
        .bind(me.parent_id)
        .fetch_all(&mut **tx)
        .await?;
        let Some(at) = siblings.iter().position(|&s| s == id) else {
            return Err(missing(id));
        };
        let other = if up {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|&o| o < siblings.len())
        };
        let Some(other) = other else {
            return Ok(false);
        };
        let mut order = siblings.clone();
        order.swap(at, other);
        for (pos, sid) in order.iter().enumerate() {
            sqlx::query("UPDATE categories SET position = $1 WHERE id = $2")
                .bind(i64::try_from(pos).unwrap_or(i64::MAX))
                .bind(sid)
                .execute(&mut **tx)
                .await?;
            tx.changed(ChangeEntity::Category, *sid, ChangeAction::Update)
                .await?;
        }
        tx.logged(
            actor,
            AuditAction::CategoryReorder,
            id,
            if up { "up" } else { "down" },
        )
        .await?;
        tx.commit().await?;
        self.forget_cached();
        Ok(true)
    }

    /// Deletes category `id` when no article and no subcategory uses it; otherwise says
    /// how many do.
    pub async fn delete_category(&self, id: i64, now: i64, actor: &Actor) -> Result<()> {
        let mut tx = self.write(now).await?;
        let me = node(&mut tx, id).await?.ok_or_else(|| missing(id))?;
        let articles: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE category_id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        let children: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE parent_id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        if articles > 0 || children > 0 {
            let mut uses = Vec::new();
            if articles > 0 {
                uses.push(format!(
                    "{articles} article{}",
                    if articles == 1 { "" } else { "s" }
                ));
            }
            if children > 0 {
                uses.push(format!(
                    "{children} subcategor{}",
                    if children == 1 { "y" } else { "ies" }
                ));
            }
            return Err(invalid(
                "delete",
                format!(
                    "“{}” is still used by {}; move them to another category first",
                    me.name,
                    uses.join(" and ")
                ),
            ));
        }
        sqlx::query("DELETE FROM categories WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        tx.logged(actor, AuditAction::CategoryDelete, id, &url(&me.path))
            .await?;
        tx.commit().await?;
        self.forget_cached();
        Ok(())
    }
}
