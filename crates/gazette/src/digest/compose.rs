//! The `compose_digest` job: composes the day's editions at `digest_prepare_minutes`
//! before their slot (the store's `compose_digest` does the work, so the newsroom's preview
//! and `gazette digest send` compose alike).

use gazette_store::{Edition, Store, StoreError};
use jiff::civil::Date;

use super::schedule::parse_job_key;

/// Composes the editions of `date` (see `Store::compose_digest`).
pub async fn compose_now(
    store: &Store,
    date: Date,
    slot_at: i64,
    weekly_day: bool,
    now: i64,
) -> Result<Vec<Edition>, StoreError> {
    store
        .compose_digest(&date.to_string(), slot_at, weekly_day, now)
        .await
}

/// Runs a `compose_digest` job: the key names the date, slot and whether it is the weekly
/// day. Returns what was done, for the job log.
pub async fn compose_job(store: &Store, key: &str, now: i64) -> Result<String, String> {
    let (date, slot, weekly) =
        parse_job_key(key).ok_or_else(|| format!("job key `{key}` is not DATE@SLOT@d|w"))?;
    let made = compose_now(store, date, slot, weekly, now)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "{} digest edition(s) composed for {date}",
        made.len()
    ))
}
