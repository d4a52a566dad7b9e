//! Counting article views in memory. Each view is a map increment; a background task
//! flushes the map to the database every few seconds and at shutdown, so a crash loses at
//! most the views since the last flush and a busy page never waits on a write.

use std::collections::HashMap;
use std::sync::Mutex;

use gazette_store::{Store, StoreError, ViewBatch};
use time::OffsetDateTime;

/// At most this many distinct articles are held between flushes, so a flood of beacons
/// for made-up ids cannot grow memory without bound.
const MAX_PENDING: usize = 50_000;

#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<ViewBatch>,
}

impl ViewCounter {
    pub fn record(&self, article_id: i64) {
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        if pending.len() >= MAX_PENDING && !pending.contains_key(&article_id) {
            return;
        }
        *pending.entry(article_id).or_insert(0) += 1;
    }

    fn take(&self) -> ViewBatch {
        self.pending
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }

    /// Writes the pending counts; on failure they are kept for the next attempt.
    pub async fn flush(&self, store: &Store) -> Result<usize, StoreError> {
        let batch = self.take();
        if batch.is_empty() {
            return Ok(0);
        }
        let n = batch.len();
        match store.add_views(&batch, OffsetDateTime::now_utc()).await {
            Ok(()) => Ok(n),
            Err(e) => {
                if let Ok(mut pending) = self.pending.lock() {
                    merge(&mut pending, batch);
                }
                Err(e)
            }
        }
    }

    pub fn pending(&self) -> usize {
        self.pending.lock().map(|p| p.len()).unwrap_or(0)
    }
}

fn merge(into: &mut HashMap<i64, u64>, from: ViewBatch) {
    for (id, n) in from {
        *into.entry(id).or_insert(0) += n;
    }
}
