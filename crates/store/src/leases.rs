//! Named leases (table `leases`): work that one holder at a time may do, whichever node or
//! process it runs in, such as a WordPress import into a site. Taking a lease is one
//! conditional upsert whose affected-row count decides the winner (as claiming a job is),
//! so it holds on PostgreSQL under concurrent transactions and on SQLite across processes.
//! A lease ends when released, or when it is not renewed before it expires, so a holder
//! that was killed frees it by itself.

use crate::run::{execute, row};
use crate::{Result, Store};

/// Who holds a lease that could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LeaseHolder {
    pub holder: String,
    pub taken_at: i64,
    pub expires_at: i64,
}

impl Store {
    /// Takes the lease `name` for `holder` until `now + ttl_secs` if it is free, expired or
    /// already `holder`'s; otherwise returns who holds it.
    pub async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        ttl_secs: i64,
    ) -> Result<Option<LeaseHolder>> {
        loop {
            let sql = "INSERT INTO leases (name, holder, taken_at, expires_at) \
                       VALUES ($1, $2, $3, $4) \
                       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
                       taken_at = excluded.taken_at, expires_at = excluded.expires_at \
                       WHERE leases.expires_at < $3 OR leases.holder = excluded.holder";
            let args = [
                name.into(),
                holder.into(),
                now.into(),
                (now + ttl_secs).into(),
            ];
            if execute(&self.pool, sql, &args).await? == 1 {
                return Ok(None);
            }
            let sql = "SELECT holder, taken_at, expires_at FROM leases WHERE name = $1";
            let current = row(&self.pool, sql, &[name.into()]).await?;
            // None: released between the two statements, so it may be free now.
            if current.is_some() {
                return Ok(current);
            }
        }
    }

    /// Extends `holder`'s lease to `now + ttl_secs`; false when it is no longer theirs
    /// (it expired and someone else took it).
    pub async fn renew_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        ttl_secs: i64,
    ) -> Result<bool> {
        let sql = "UPDATE leases SET expires_at = $1 WHERE name = $2 AND holder = $3";
        let args = [(now + ttl_secs).into(), name.into(), holder.into()];
        Ok(execute(&self.pool, sql, &args).await? == 1)
    }

    /// Ends `holder`'s lease, if it is still theirs.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<()> {
        let sql = "DELETE FROM leases WHERE name = $1 AND holder = $2";
        execute(&self.pool, sql, &[name.into(), holder.into()]).await?;
        Ok(())
    }
}
