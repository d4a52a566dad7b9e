//! The change log: one row per write, appended in the writer's transaction so that
//! followers never see a change that was rolled back, nor miss one that committed.

use sqlx::{Any, Transaction};

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub id: i64,
    pub at: i64,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
}

pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    at: i64,
    entity: &str,
    entity_id: i64,
    action: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO changes (at, entity, entity_id, action) VALUES ($1, $2, $3, $4)")
        .bind(at)
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Changes after `after_id`, oldest first, at most `limit`.
    pub async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<Change>> {
        Ok(sqlx::query_as(
            "SELECT id, at, entity, entity_id, action FROM changes WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Store {
    /// The id of the newest change, 0 when there is none.
    pub async fn last_change_id(&self) -> Result<i64> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM changes")
            .fetch_one(&self.pool)
            .await?;
        Ok(id.unwrap_or(0))
    }
}
