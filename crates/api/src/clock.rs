//! When the published content last changed, for the `Last-Modified` of lists.
//!
//! The change log's newest `at` is not a cheap answer (the column has no index, and imports
//! date their entries in the past, so the newest entry is not the latest time), and a list
//! request must not scan the log. So the scan runs once per process; after that a new change
//! id (an index lookup) is stamped with the time this process first saw it. That is never
//! earlier than the change, and never goes backwards, which is all `If-Modified-Since` needs.
//! Scheduled pieces becoming visible are covered by the newest publication time that has come.
//! For a few seconds after a change is first seen its time keeps moving with the clock:
//! short-lived caches (the store keeps the category tree for two seconds) may still serve
//! the old content meanwhile, and that copy must not get the final date.

use std::sync::Mutex;
use std::time::Duration;

use gazette_store::{Store, StoreError};
use time::OffsetDateTime;

/// How long after a change is first seen reads may still miss it.
const SETTLE: Duration = Duration::from_secs(3);

/// The newest change id this process has seen, when it first saw it, and the time it
/// stands for.
#[derive(Debug, Clone, Copy)]
struct Seen {
    id: i64,
    first_seen: OffsetDateTime,
    at: Option<OffsetDateTime>,
}

#[derive(Debug, Default)]
pub struct ContentClock {
    seen: Mutex<Option<Seen>>,
}

impl ContentClock {
    /// Must be asked **before** the content is read: a change that lands in between then
    /// moves the time on for the next request, instead of being hidden behind a stale copy.
    pub async fn last_modified(
        &self,
        store: &Store,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        let last_id = store.last_change_id().await?;
        let known = self.seen.lock().ok().and_then(|seen| *seen);
        let seen = match known {
            Some(seen) if seen.id == last_id => {
                if now - seen.first_seen < SETTLE {
                    Seen {
                        at: Some(now),
                        ..seen
                    }
                } else {
                    seen
                }
            }
            Some(previous) => Seen {
                id: last_id,
                first_seen: now,
                at: Some(previous.at.map_or(now, |p| p.max(now))),
            },
            None => Seen {
                id: last_id,
                first_seen: now,
                at: store.newest_change_at(now).await?,
            },
        };
        if let Ok(mut slot) = self.seen.lock() {
            *slot = Some(seen);
        }
        let changed = seen.at;
        let published = store.newest_publication(now).await?;
        Ok(changed.max(published))
    }
}
