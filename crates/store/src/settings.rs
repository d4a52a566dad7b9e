//! Site settings: one JSON value, read on every page and replaced whole by the admin.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::SiteSettings;
use time::OffsetDateTime;

use crate::audit::Actor;
use crate::write::WriteTx;
use crate::{Result, Store, StoreError};

/// The settings as read on `conn` (inside a write, or a connection of the pool).
pub(crate) async fn settings_in(conn: &mut sqlx::AnyConnection) -> Result<SiteSettings> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'site'")
        .fetch_optional(conn)
        .await?;
    match value {
        None => Ok(SiteSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("site settings: {e}"))),
    }
}

impl Store {
    /// The site settings; defaults for whatever was never saved.
    pub async fn settings(&self) -> Result<SiteSettings> {
        settings_in(&mut *self.pool.acquire().await?).await
    }

    pub async fn save_settings(&self, settings: &SiteSettings) -> Result<()> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        write_settings(&mut tx, settings).await?;
        tx.commit().await
    }

    /// Reads the settings, lets `change` edit them and saves them, all in one transaction
    /// (so a menu edit and a settings edit at the same moment do not undo each other).
    /// `action` names the audit entry (`settings.update`, `menu.update`).
    pub async fn update_settings(
        &self,
        at: i64,
        actor: &Actor,
        action: AuditAction,
        change: impl FnOnce(&mut SiteSettings),
    ) -> Result<SiteSettings> {
        let mut tx = self.write(at).await?;
        let mut settings = settings_in(&mut tx).await?;
        change(&mut settings);
        write_settings(&mut tx, &settings).await?;
        tx.audited(actor, action, None, "").await?;
        tx.commit().await?;
        Ok(settings)
    }
}

/// Stores `settings` as the one `site` row and logs the change, inside `tx`.
async fn write_settings(tx: &mut WriteTx, settings: &SiteSettings) -> Result<()> {
    let json = serde_json::to_string(settings)
        .map_err(|e| StoreError::Corrupt(format!("site settings: {e}")))?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('site', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(json)
    .execute(&mut ***tx)
    .await?;
    tx.changed(ChangeEntity::Settings, 0, ChangeAction::Update)
        .await
}
