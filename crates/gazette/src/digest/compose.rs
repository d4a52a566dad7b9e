//! Composing a day's editions: one per language and frequency that confirmed subscribers
//! want (weekly ones only on the weekly day), each from the articles in its language
//! published since the previous edition was composed, with the editors' picks first. An
//! edition with nothing new is recorded as skipped and not sent. Composing twice is
//! harmless: the store keeps the first edition of a date, language and frequency.

use gazette_core::digest::compose::select;
use gazette_core::digest::prefs::Frequency;
use gazette_store::{Edition, NewEdition, Store, StoreError};
use jiff::civil::Date;

use super::schedule::parse_job_key;

/// Composes the editions of `date` (slot `slot_at`, `weekly_day` when weekly editions are
/// due too) from what was published up to `now`; returns the editions made now.
pub async fn compose_now(
    store: &Store,
    date: Date,
    slot_at: i64,
    weekly_day: bool,
    now: i64,
) -> Result<Vec<Edition>, StoreError> {
    let picks = store.digest_picks().await?;
    let mut made = Vec::new();
    let mut used = Vec::new();
    for (language, frequency) in store.wanted_editions().await? {
        if frequency == Frequency::Weekly && !weekly_day {
            continue;
        }
        let period = if frequency == Frequency::Weekly {
            7 * 86_400
        } else {
            86_400
        };
        let since = store
            .last_edition_cutoff(&language, frequency)
            .await?
            .unwrap_or(slot_at.min(now) - period);
        // The seam for translations: when articles are linked to their translations, the
        // candidates become each story in this language where a version exists.
        let candidates = store.digest_candidates(&language, since, now).await?;
        let items = select(candidates, &picks);
        let new = NewEdition {
            date: date.to_string(),
            language,
            frequency,
            slot_at,
            since_at: since,
            items,
            now,
        };
        if new.items.is_empty() {
            store.create_skipped_edition(&new).await?;
            continue;
        }
        if let Some(edition) = store.create_edition(&new).await? {
            used.extend(
                edition
                    .items
                    .iter()
                    .filter(|i| i.pick)
                    .map(|i| i.article_id),
            );
            made.push(edition);
        }
    }
    store.clear_digest_picks(&used).await?;
    Ok(made)
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
