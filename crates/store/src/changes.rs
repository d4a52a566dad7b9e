//! The change log: one row per write, appended in the writer's transaction so that
//! followers never see a change that was rolled back, nor miss one that committed.
//!
//! Entities and actions are written and read through core's [`ChangeEntity`] and
//! [`ChangeAction`], so writer and followers cannot disagree on a name.

use gazette_core::changes::{ChangeAction, ChangeEntity};
use sqlx::{Any, Transaction};

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub at: i64,
    /// What the change is about; a name this build does not know reads as `Other`.
    pub entity: ChangeEntity,
    pub entity_id: i64,
    pub action: ChangeAction,
}

pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    at: i64,
    entity: ChangeEntity,
    entity_id: i64,
    action: ChangeAction,
) -> Result<()> {
    sqlx::query("INSERT INTO changes (at, entity, entity_id, action) VALUES ($1, $2, $3, $4)")
        .bind(at)
        .bind(entity.as_str())
        .bind(entity_id)
        .bind(action.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Changes after `after_id`, oldest first, at most `limit`.
    pub async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<Change>> {
        let rows: Vec<(i64, i64, String, i64, String)> = sqlx::query_as(
            "SELECT id, at, entity, entity_id, action FROM changes WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, at, entity, entity_id, action)| Change {
                id,
                at,
                entity: ChangeEntity::from_stored(&entity),
                entity_id,
                action: ChangeAction::from_stored(&action),
            })
            .collect())
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
