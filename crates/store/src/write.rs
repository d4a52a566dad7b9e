//! What every write shares: the transaction that carries its change-log and audit rows
//! ([`WriteTx`]), and the checks and error mappings that the aggregates' inserts use so a
//! duplicate slug or an over-long field is refused the same way everywhere.

use std::ops::{Deref, DerefMut};

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::limits::TooLong;
use gazette_core::slug;
use sqlx::{Any, Transaction};

use crate::audit::Actor;
use crate::changes::append;
use crate::run::execute;
use crate::{Result, Store, StoreError};

/// A write in progress: the transaction plus the time of the write, so that the change-log
/// and audit rows it records carry the same time and commit (or roll back) with it.
///
/// It dereferences to the transaction, so queries run on `&mut **tx` and helpers that take
/// `&mut Transaction` are passed `&mut tx`. Dropping it without [`WriteTx::commit`] rolls
/// everything back, log rows included.
pub(crate) struct WriteTx {
    tx: Transaction<'static, Any>,
    at: i64,
}

impl Store {
    /// Starts a write at `at` (unix seconds), taking the write lock as
    /// [`Store::begin_write`] does.
    pub(crate) async fn write(&self, at: i64) -> Result<WriteTx> {
        Ok(WriteTx {
            tx: self.begin_write().await?,
            at,
        })
    }
}

impl WriteTx {
    /// Records in the change log that `entity` `id` was created, updated or deleted; page
    /// caches and the search index follow these rows.
    pub(crate) async fn changed(
        &mut self,
        entity: ChangeEntity,
        id: i64,
        action: ChangeAction,
    ) -> Result<()> {
        append(&mut self.tx, self.at, entity, id, action).await
    }

    /// Records in the audit log that `actor` did `action` (to `entity_id`, with `detail`).
    pub(crate) async fn audited(
        &mut self,
        actor: &Actor,
        action: AuditAction,
        entity_id: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        let key = actor.api_key.as_ref();
        let args = [
            self.at.into(),
            actor.user_id.into(),
            action.as_str().into(),
            action.entity().into(),
            entity_id.into(),
            detail.into(),
            (&actor.ip).into(),
            key.map(|k| k.id).into(),
            key.map(|k| k.name.as_str()).into(),
            key.map(|k| k.role.as_str()).into(),
        ];
        let sql = "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail, ip, \
                   api_key_id, api_key_name, api_key_role) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        execute(&mut *self.tx, sql, &args).await?;
        Ok(())
    }

    /// Records `actor`'s `action` on the subject `id` in the audit log and, where the action
    /// has one (see [`change_for`]), its change in the change log on the same id.
    pub(crate) async fn logged(
        &mut self,
        actor: &Actor,
        action: AuditAction,
        id: i64,
        detail: &str,
    ) -> Result<()> {
        if let Some((entity, change)) = change_for(action) {
            self.changed(entity, id, change).await?;
        }
        self.audited(actor, action, Some(&id.to_string()), detail)
            .await
    }

    /// Commits the write together with its log rows.
    pub(crate) async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Records that `entity` `id` was created and commits: the end of every plain insert.
    pub(crate) async fn commit_created(mut self, entity: ChangeEntity, id: i64) -> Result<i64> {
        self.changed(entity, id, ChangeAction::Create).await?;
        self.commit().await?;
        Ok(id)
    }
}

/// The change that a newsroom action records on its subject, so that the audit row and the
/// change-log row (which caches and the search index follow) always agree. `None` for
/// actions that change nothing readers see (accounts, sessions) and for those that record
/// their changes themselves (a status move, a category's move or reorder, the settings).
fn change_for(action: AuditAction) -> Option<(ChangeEntity, ChangeAction)> {
    use AuditAction as A;
    use ChangeAction::{Correction, Create, Delete, Status, Update};
    use ChangeEntity::{Article, Category, Media, Page, Tag};
    Some(match action {
        A::ArticleCreate => (Article, Create),
        A::ArticleEdit | A::ArticleRestore | A::ArticleFeaturedImage => (Article, Update),
        A::ArticleCorrection => (Article, Correction),
        A::ArticleDelete => (Article, Delete),
        A::PublishScheduled => (Article, Status),
        A::CategoryCreate => (Category, Create),
        A::CategoryDelete => (Category, Delete),
        // A merge is an update of the tag merged into, which now lists every moved article.
        A::TagUpdate | A::TagMerge => (Tag, Update),
        A::TagDelete => (Tag, Delete),
        A::PageCreate => (Page, Create),
        A::PageUpdate => (Page, Update),
        A::PageDelete => (Page, Delete),
        A::MediaUpload => (Media, Create),
        A::MediaUpdate => (Media, Update),
        A::MediaDelete => (Media, Delete),
        A::ArticleStatus(_)
        | A::ArticleUntrash
        | A::DeskSourceDelete
        | A::CategoryUpdate
        | A::CategoryReorder
        | A::SettingsUpdate
        | A::MenuUpdate
        | A::UserCreate
        | A::UserPassword
        | A::UserRole
        | A::UserDisable
        | A::UserEnable
        | A::UserByline
        | A::DeskSourceCreate
        | A::DeskSourceUpdate
        | A::TokenSetup
        | A::TokenReset
        | A::TokenInvite
        | A::SetupComplete
        | A::ResetComplete
        | A::InviteComplete
        | A::SessionSignIn
        | A::SessionSignInFailed
        | A::SessionSignOut
        | A::SessionRevoke
        | A::SessionRevokeOthers
        | A::DigestEdit
        | A::DigestSend
        | A::DigestResend
        | A::DigestPick
        | A::ApiKeyCreate
        | A::ApiKeyRevoke => return None,
    })
}

impl Deref for WriteTx {
    type Target = Transaction<'static, Any>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

pub(crate) fn check_slug(entity: &'static str, value: &str) -> Result<()> {
    slug::validate(value).map_err(|e| StoreError::invalid(entity, "slug", e.to_string()))
}

/// Refuses a blank title: every article and page needs one.
pub(crate) fn check_title(entity: &'static str, title: &str) -> Result<()> {
    if title.trim().is_empty() {
        return Err(StoreError::invalid(
            entity,
            "title",
            format!("the title is empty; every {entity} needs one"),
        ));
    }
    Ok(())
}

/// Maps a unique-constraint failure to a `Duplicate` error naming the value.
pub(crate) fn unique(
    entity: &'static str,
    field: &'static str,
    value: &str,
) -> impl FnOnce(sqlx::Error) -> StoreError {
    let value = value.to_owned();
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate {
            entity,
            field,
            value,
        },
        _ => StoreError::Sql(e),
    }
}

/// Articles and pages share the `/{slug}/` namespace, so a slug may be used by only one.
pub(crate) async fn slug_free_for(
    tx: &mut Transaction<'static, Any>,
    entity: &'static str,
    slug: &str,
) -> Result<()> {
    let other = if entity == "page" {
        "articles"
    } else {
        "pages"
    };
    let taken: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {other} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_one(&mut **tx)
    .await?;
    if taken > 0 {
        return Err(StoreError::Duplicate {
            entity,
            field: "slug",
            value: slug.to_owned(),
        });
    }
    Ok(())
}

/// A value over core's limit, refused like any other invalid field.
pub(crate) fn too_long(entity: &'static str) -> impl Fn(TooLong) -> StoreError {
    move |e| StoreError::invalid(entity, e.field.name(), e.to_string())
}
