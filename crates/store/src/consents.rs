//! Readers' answers to the cookie notice, kept as evidence and counted for the admin.

use time::OffsetDateTime;

use crate::run::execute;
use crate::{Result, Store};

impl Store {
    /// Records a reader's answer to the cookie notice.
    pub async fn record_consent(
        &self,
        choice: &str,
        policy: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        let sql = "INSERT INTO consents (at, choice, policy) VALUES ($1, $2, $3)";
        let args = [at.unix_timestamp().into(), choice.into(), policy.into()];
        execute(&self.pool, sql, &args).await?;
        Ok(())
    }

    /// How many cookie-notice answers are on record.
    pub async fn consent_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM consents")
            .fetch_one(&self.pool)
            .await?)
    }
}
