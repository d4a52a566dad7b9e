//! The audit log: who did what to which thing, when and from where. Rows are appended in
//! the transaction of the action they record, so the log never claims an action that was
//! rolled back nor misses one that committed.
//!
//! Actions are written through core's [`AuditAction`], which also names the kind of thing
//! each is about (the `entity` column); they are read back as the stored text, because
//! the log is shown and filtered as text and may hold names older builds wrote.

use gazette_core::audit::AuditAction;
use sqlx::{Any, Transaction};

use crate::{Result, Store};

/// Who is acting: a signed-in user, or nobody (anonymous requests, the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub ip: String,
}

impl Actor {
    /// The command line, run by whoever has shell access to the server.
    pub fn cli() -> Actor {
        Actor {
            user_id: None,
            ip: "cli".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
    pub ip: String,
}

pub(crate) async fn append_audit(
    tx: &mut Transaction<'static, Any>,
    at: i64,
    actor: &Actor,
    action: AuditAction,
    entity_id: Option<&str>,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail, ip) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(actor.user_id)
    .bind(action.as_str())
    .bind(action.entity())
    .bind(entity_id)
    .bind(detail)
    .bind(&actor.ip)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Records an action that has no other write of its own (e.g. a reset mail requested).
    pub async fn audit(
        &self,
        at: i64,
        actor: &Actor,
        action: AuditAction,
        entity_id: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        append_audit(&mut tx, at, actor, action, entity_id, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest entries first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        Ok(sqlx::query_as(
            "SELECT id, at, user_id, action, entity, entity_id, detail, ip FROM audit_log \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}
