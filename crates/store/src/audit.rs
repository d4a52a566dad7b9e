//! The audit log: who did what to which thing, when and from where. Rows are appended in
//! the transaction of the action they record, so the log never claims an action that was
//! rolled back nor misses one that committed ([`crate::write::WriteTx::audited`] writes them).
//!
//! Actions are written through core's [`AuditAction`], which also names the kind of thing
//! each is about (the `entity` column); they are read back as the stored text, because
//! the log is shown and filtered as text and may hold names older builds wrote.

use gazette_core::audit::AuditAction;

use crate::run::rows;
use crate::{Result, Store};

/// Who is acting: a signed-in user, or nobody (anonymous requests, the command line), and,
/// for an Admin API request, the key it came with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub ip: String,
    pub api_key: Option<KeyActor>,
}

/// The API key behind an action, as the audit log keeps it: the key's id and name and the
/// role it acted as at the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyActor {
    pub id: i64,
    pub name: String,
    pub role: String,
}

impl Actor {
    /// The command line, run by whoever has shell access to the server.
    pub fn cli() -> Actor {
        Actor {
            user_id: None,
            ip: "cli".to_owned(),
            api_key: None,
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
    /// The API key the action was made with (its name and the role it acted as), if any.
    pub api_key_name: Option<String>,
    pub api_key_role: Option<String>,
}

/// The columns of an [`AuditEntry`] from `audit_log l`.
const ENTRY_COLS: &str = "l.id, l.at, l.user_id, l.action, l.entity, l.entity_id, l.detail, l.ip, \
     l.api_key_name, l.api_key_role";

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
        let mut tx = self.write(at).await?;
        tx.audited(actor, action, entity_id, detail).await?;
        tx.commit().await
    }

    /// The newest entries first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let sql = format!("SELECT {ENTRY_COLS} FROM audit_log l ORDER BY l.id DESC LIMIT $1");
        rows(&self.pool, sqlx::AssertSqlSafe(sql), &[limit.into()]).await
    }
}

/// An audit entry with the acting user's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditLine {
    #[sqlx(flatten)]
    pub entry: AuditEntry,
    pub user_name: Option<String>,
}

/// Which audit entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user_id: Option<i64>,
    pub action: Option<String>,
}

impl Store {
    /// One page of the audit log, newest first, and how many entries match in all.
    pub async fn audit_lines(
        &self,
        filter: &AuditFilter,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<AuditLine>, i64)> {
        // Unused filters compare a column with itself through a NULL parameter check, so
        // one statement serves every combination.
        let condition = "($1 IS NULL OR l.user_id = $1) AND ($2 IS NULL OR l.action = $2)";
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM audit_log l WHERE {condition}"
        )))
        .bind(filter.user_id)
        .bind(filter.action.as_deref())
        .fetch_one(&self.pool)
        .await?;
        let lines = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ENTRY_COLS}, u.name AS user_name \
             FROM audit_log l LEFT JOIN users u ON u.id = l.user_id WHERE {condition} ORDER BY l.id DESC LIMIT $3 OFFSET $4"
        )))
        .bind(filter.user_id)
        .bind(filter.action.as_deref())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok((lines, total))
    }

    /// The distinct actions in the audit log, for the filter.
    pub async fn audit_actions(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
