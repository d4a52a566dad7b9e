//! The Admin API's rate limit, kept in the database so every node counts against the same
//! number: one row per key per fixed window, raised by a single atomic upsert that returns
//! the new count. Parallel requests (on one node or many) each get a distinct count, so no
//! more than the limit are let through in a window however they race.

use crate::run::{execute, value};
use crate::{Result, Store};

impl Store {
    /// Counts one request of key `key_id` in the window starting at `window_start` (unix
    /// seconds) and returns how many that window holds now, this one included. The first
    /// request of a window clears the key's older windows.
    pub async fn count_api_request(&self, key_id: i64, window_start: i64) -> Result<i64> {
        let sql = "INSERT INTO api_rate_windows (key_id, window_start, requests) VALUES ($1, $2, 1) \
                   ON CONFLICT (key_id, window_start) \
                   DO UPDATE SET requests = api_rate_windows.requests + 1 \
                   RETURNING requests";
        let args = [key_id.into(), window_start.into()];
        let count: i64 = value(&self.pool, sql, &args)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        if count == 1 {
            let sql = "DELETE FROM api_rate_windows WHERE key_id = $1 AND window_start < $2";
            execute(&self.pool, sql, &args).await?;
        }
        Ok(count)
    }
}
