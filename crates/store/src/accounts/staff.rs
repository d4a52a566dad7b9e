//! Staff management: the newsroom's people (role, enabled or not, byline), with the guards
//! that keep a site administrable (never zero active admins, nobody disables themselves),
//! each change one transaction with its audit row.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::permissions::Role;
use gazette_core::slug;
use sqlx::{Any, Transaction};

use super::end_every_session;
use crate::Choice;
use crate::audit::Actor;
use crate::decode::Flag;
use crate::run::execute;
use crate::write::WriteTx;
use crate::{Result, Store, StoreError};

/// One member of staff as the staff screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// Still has to accept the invitation (no password yet).
    #[sqlx(try_from = "Flag")]
    pub pending: bool,
    #[sqlx(try_from = "Flag")]
    pub disabled: bool,
    pub last_sign_in: Option<i64>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub author_slug: Option<String>,
}

fn refuse(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::invalid("staff member", field, message)
}

struct Target {
    role: Role,
    disabled: bool,
    name: String,
}

async fn target(tx: &mut Transaction<'static, Any>, id: i64) -> Result<Target> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("SELECT role, disabled, name FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let (role, disabled, name) = row.ok_or_else(|| StoreError::missing("user", id))?;
    Ok(Target {
        role: role.parse()?,
        disabled: disabled != 0,
        name,
    })
}

/// Refuses (naming `field`) to take away `t`, user `id`, when they are the only active
/// admin. Other admins are counted inside the write transaction, so two admins demoting
/// each other at once cannot both succeed.
async fn keep_an_admin(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    t: &Target,
    field: &'static str,
) -> Result<()> {
    if t.role != Role::Admin || t.disabled {
        return Ok(());
    }
    let others: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 \
         AND password_hash IS NOT NULL AND id <> $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    if others == 0 {
        return Err(refuse(
            field,
            format!(
                "the site needs an active admin and {} is the only one; make someone \
                 else admin first",
                t.name
            ),
        ));
    }
    Ok(())
}

impl Store {
    /// Every member of staff (not subscribers), admins first, then by name.
    pub async fn staff_members(&self) -> Result<Vec<StaffMember>> {
        let staff = sqlx::query_as(
            "SELECT u.id, u.email, u.name, u.role, \
             CASE WHEN u.password_hash IS NULL THEN 1 ELSE 0 END AS pending, u.disabled, \
             (SELECT MAX(l.at) FROM audit_log l WHERE l.user_id = u.id \
              AND l.action = 'session.sign_in') AS last_sign_in, \
             u.author_id, a.name AS author_name, a.slug AS author_slug \
             FROM users u LEFT JOIN authors a ON a.id = u.author_id \
             WHERE u.role <> 'subscriber' \
             ORDER BY CASE u.role WHEN 'admin' THEN 0 WHEN 'editor' THEN 1 \
             WHEN 'author' THEN 2 ELSE 3 END, LOWER(u.name), u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(staff)
    }

    /// Gives user `id` the staff role `role`. Refuses to demote the last active admin.
    pub async fn set_role(&self, id: i64, role: Role, now: i64, actor: &Actor) -> Result<()> {
        if !role.is_staff() {
            return Err(refuse("role", format!("`{role}` is not a newsroom role")));
        }
        let mut tx = self.write(now).await?;
        let t = target(&mut tx, id).await?;
        if t.role == role {
            return Ok(());
        }
        keep_an_admin(&mut tx, id, &t, "role").await?;
        let sql = "UPDATE users SET role = $1 WHERE id = $2";
        execute(&mut **tx, sql, &[role.as_str().into(), id.into()]).await?;
        tx.logged(
            actor,
            AuditAction::UserRole,
            id,
            &format!("{} → {}", t.role, role),
        )
        .await?;
        tx.commit().await
    }

    /// Disables (ending every session at once) or enables user `id`. Refuses to disable
    /// oneself or the last active admin. Returns how many sessions ended.
    pub async fn set_disabled(
        &self,
        id: i64,
        disabled: bool,
        now: i64,
        actor: &Actor,
    ) -> Result<u64> {
        let mut tx = self.write(now).await?;
        let t = target(&mut tx, id).await?;
        if disabled && actor.user_id == Some(id) {
            return Err(refuse(
                "disabled",
                "you cannot disable your own account; ask another admin",
            ));
        }
        if disabled {
            keep_an_admin(&mut tx, id, &t, "disabled").await?;
        }
        if t.disabled == disabled {
            return Ok(0);
        }
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        let ended = if disabled {
            end_every_session(&mut tx, id).await?
        } else {
            0
        };
        let (action, detail) = if disabled {
            (AuditAction::UserDisable, format!("{ended} sessions ended"))
        } else {
            (AuditAction::UserEnable, String::new())
        };
        tx.logged(actor, action, id, &detail).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Links user `id` to the byline `author_id`, or unlinks with `None`.
    pub async fn link_author(
        &self,
        id: i64,
        author_id: Option<i64>,
        now: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.write(now).await?;
        target(&mut tx, id).await?;
        if let Some(aid) = author_id {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM authors WHERE id = $1")
                .bind(aid)
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::missing("author", aid));
            }
        }
        let detail = author_id.map_or_else(|| "unlinked".to_owned(), |a| format!("author {a}"));
        set_byline(&mut tx, id, author_id, actor, &detail).await?;
        tx.commit().await
    }

    /// Creates a byline named after user `id` (slug from the name, made unique with a
    /// number) and links it. Returns the author's id.
    pub async fn create_author_for(&self, id: i64, now: i64, actor: &Actor) -> Result<i64> {
        let mut tx = self.write(now).await?;
        let t = target(&mut tx, id).await?;
        let base = match slug::slugify(&t.name) {
            s if s.is_empty() => format!("author-{id}"),
            s => s,
        };
        let mut candidate = base.clone();
        let mut n = 2;
        loop {
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM authors WHERE slug = $1")
                .bind(&candidate)
                .fetch_optional(&mut **tx)
                .await?;
            if taken.is_none() {
                break;
            }
            candidate = format!("{base}-{n}");
            n += 1;
        }
        let author_id: i64 = sqlx::query_scalar(
            "INSERT INTO authors (slug, name, bio, created_at) VALUES ($1, $2, '', $3) RETURNING id",
        )
        .bind(&candidate)
        .bind(&t.name)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        tx.changed(ChangeEntity::Author, author_id, ChangeAction::Create)
            .await?;
        let detail = format!("new author {candidate}");
        set_byline(&mut tx, id, Some(author_id), actor, &detail).await?;
        tx.commit().await?;
        Ok(author_id)
    }
}

/// Points user `id` at the byline `author_id` (or none) and audits it with `detail`.
async fn set_byline(
    tx: &mut WriteTx,
    id: i64,
    author_id: Option<i64>,
    actor: &Actor,
    detail: &str,
) -> Result<()> {
    sqlx::query("UPDATE users SET author_id = $1 WHERE id = $2")
        .bind(author_id)
        .bind(id)
        .execute(&mut ***tx)
        .await?;
    tx.logged(actor, AuditAction::UserByline, id, detail).await
}

impl Store {
    /// Staff who can be assigned an article, by name.
    pub async fn staff_choices(&self) -> Result<Vec<Choice>> {
        Ok(sqlx::query_as(
            "SELECT id, name AS label, role AS extra FROM users \
             WHERE disabled = 0 AND role IN ('admin', 'editor', 'author', 'contributor') \
             ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
