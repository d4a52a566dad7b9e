//! Counting article views in memory. Each view is a map increment; a background task
//! flushes the map to the database every few seconds and at shutdown, so a crash loses at
//! most the views since the last flush and a busy page never waits on a write.
//!
//! Beacons are unauthenticated, so two things keep them honest without a database query
//! per beacon:
//! - only ids in the set of published articles (reloaded at flush) are buffered for the
//!   flush; an id not in it (an article published since the last load, or junk) goes to a
//!   small buffer of its own that the flush checks, so junk can never crowd out real views;
//! - a reader counts once per article per window: the counter keeps a keyed hash of client
//!   address, user agent and article id, with a random key that lives only in memory and
//!   changes each window, so nothing stored can be traced back to a reader.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gazette_store::{Store, StoreError, ViewBatch};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// At most this many distinct published articles are held between flushes.
const MAX_PENDING: usize = 50_000;
/// At most this many distinct ids not known to be published are held between flushes: a
/// flood of made-up ids fills only this.
const MAX_UNCHECKED: usize = 1_000;
/// A reader viewing an article again within this window is not counted again.
const READER_WINDOW: Duration = Duration::from_secs(30 * 60);
/// Readers remembered per window (16 bytes each). When full, further views in the window
/// are not counted: a flood of fake readers must not be able to raise counts at will.
const MAX_READERS: usize = 250_000;
/// The set of published ids is reloaded at least this often, and at any flush that has
/// ids it did not know.
const PUBLISHED_MAX_AGE: Duration = Duration::from_secs(300);

#[derive(Debug, Default)]
pub struct ViewCounter {
    /// Views of articles known to be published.
    pending: Mutex<ViewBatch>,
    /// Views of other ids, checked by the flush (the store counts published articles only).
    unchecked: Mutex<ViewBatch>,
    published: Mutex<Published>,
    readers: Mutex<Readers>,
}

#[derive(Debug, Default)]
struct Published {
    ids: HashSet<i64>,
    loaded_at: Option<Instant>,
}

/// The readers seen in the current window, as keyed digests.
#[derive(Debug, Default)]
struct Readers {
    key: [u8; 32],
    started: Option<Instant>,
    seen: HashSet<u128>,
}

impl Readers {
    /// Whether this reader's view of `article_id` is the first in the window (and so
    /// counts); remembers it.
    fn first_view(&mut self, article_id: i64, ip: &str, user_agent: &str) -> bool {
        if self.started.is_none_or(|t| t.elapsed() >= READER_WINDOW) {
            // A new key each window: digests of one window cannot be matched to the next.
            if getrandom::fill(&mut self.key).is_err() {
                tracing::warn!("no randomness for the view counter's key; keeping the old one");
            }
            self.started = Some(Instant::now());
            self.seen.clear();
        }
        let mut hash = Sha256::new();
        hash.update(self.key);
        // Lengths first, so that no two different (ip, user agent) pairs hash alike.
        hash.update((ip.len() as u64).to_le_bytes());
        hash.update(ip.as_bytes());
        hash.update((user_agent.len() as u64).to_le_bytes());
        hash.update(user_agent.as_bytes());
        hash.update(article_id.to_le_bytes());
        let digest = hash.finalize();
        let mut short = [0u8; 16];
        short.copy_from_slice(&digest[..16]);
        let short = u128::from_le_bytes(short);
        if self.seen.contains(&short) || self.seen.len() >= MAX_READERS {
            return false;
        }
        self.seen.insert(short)
    }
}

impl ViewCounter {
    /// A reader's view of `article_id`: counted once per reader (client address and user
    /// agent) and article in [`READER_WINDOW`].
    pub fn record_reader(&self, article_id: i64, ip: &str, user_agent: &str) {
        if !self.may_hold(article_id) {
            return;
        }
        let first = self
            .readers
            .lock()
            .is_ok_and(|mut r| r.first_view(article_id, ip, user_agent));
        if first {
            self.record(article_id);
        }
    }

    /// Counts one view of `article_id` (already known to be a reader's first): buffered
    /// for the flush if the article is published, else held for the flush to check while
    /// there is room.
    pub fn record(&self, article_id: i64) {
        let known = self
            .published
            .lock()
            .is_ok_and(|p| p.ids.contains(&article_id));
        let (buffer, max) = if known {
            (&self.pending, MAX_PENDING)
        } else {
            (&self.unchecked, MAX_UNCHECKED)
        };
        let Ok(mut buffer) = buffer.lock() else {
            return;
        };
        if buffer.len() >= max && !buffer.contains_key(&article_id) {
            return;
        }
        *buffer.entry(article_id).or_insert(0) += 1;
    }

    /// Whether a view of `article_id` would be kept: a published article, or room left
    /// for unchecked ids. Checked before a reader is remembered, so junk does not fill the
    /// set of readers.
    fn may_hold(&self, article_id: i64) -> bool {
        if self
            .published
            .lock()
            .is_ok_and(|p| p.ids.contains(&article_id))
        {
            return true;
        }
        self.unchecked
            .lock()
            .is_ok_and(|u| u.len() < MAX_UNCHECKED || u.contains_key(&article_id))
    }

    /// Loads the ids of published articles.
    pub async fn load_published(&self, store: &Store) -> Result<(), StoreError> {
        let ids = store.published_article_ids().await?;
        if let Ok(mut published) = self.published.lock() {
            published.ids = ids.into_iter().collect();
            published.loaded_at = Some(Instant::now());
        }
        Ok(())
    }

    fn take(&self) -> ViewBatch {
        let mut batch = take(&self.pending);
        merge(&mut batch, take(&self.unchecked));
        batch
    }

    /// Writes the pending counts; on failure they are kept for the next attempt. Then
    /// reloads the published ids when they are old or views came for ids they lack (a
    /// failed reload keeps the old set).
    pub async fn flush(&self, store: &Store) -> Result<usize, StoreError> {
        let stale = self
            .published
            .lock()
            .map(|p| p.loaded_at.is_none_or(|t| t.elapsed() >= PUBLISHED_MAX_AGE))
            .unwrap_or(true);
        let unknown_seen = self
            .unchecked
            .lock()
            .map(|u| !u.is_empty())
            .unwrap_or(false);
        let batch = self.take();
        let n = batch.len();
        let written = if batch.is_empty() {
            Ok(0)
        } else {
            match store.add_views(&batch, OffsetDateTime::now_utc()).await {
                Ok(()) => Ok(n),
                Err(e) => {
                    if let Ok(mut pending) = self.pending.lock() {
                        merge(&mut pending, batch);
                    }
                    Err(e)
                }
            }
        };
        if (stale || unknown_seen)
            && let Err(e) = self.load_published(store).await
        {
            tracing::warn!(error = %e, "published articles not reloaded for view counting");
        }
        written
    }

    /// Distinct ids waiting for the flush.
    pub fn pending(&self) -> usize {
        let len = |m: &Mutex<ViewBatch>| m.lock().map(|p| p.len()).unwrap_or(0);
        len(&self.pending) + len(&self.unchecked)
    }
}

fn take(buffer: &Mutex<ViewBatch>) -> ViewBatch {
    buffer
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default()
}

fn merge(into: &mut HashMap<i64, u64>, from: ViewBatch) {
    for (id, n) in from {
        *into.entry(id).or_insert(0) += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_counts_once_per_article_in_a_window() {
        let mut readers = Readers::default();
        assert!(readers.first_view(1, "192.0.2.1", "Firefox"));
        assert!(!readers.first_view(1, "192.0.2.1", "Firefox"));
        assert!(readers.first_view(2, "192.0.2.1", "Firefox"));
        assert!(readers.first_view(1, "192.0.2.2", "Firefox"));
        assert!(readers.first_view(1, "192.0.2.1", "Safari"));
        // Field boundaries matter: ("ab", "c") is not ("a", "bc").
        assert!(readers.first_view(1, "ab", "c"));
        assert!(readers.first_view(1, "a", "bc"));
        // A new window forgets everyone.
        readers.started = Some(Instant::now() - READER_WINDOW);
        assert!(readers.first_view(1, "192.0.2.1", "Firefox"));
    }

    #[test]
    fn unknown_ids_fill_only_their_own_small_buffer() {
        let counter = ViewCounter::default();
        if let Ok(mut p) = counter.published.lock() {
            p.ids.insert(7);
        }
        for junk in 1_000..1_000 + 2 * MAX_UNCHECKED as i64 {
            counter.record_reader(junk, "192.0.2.1", "Firefox");
        }
        counter.record_reader(7, "192.0.2.1", "Firefox");
        let batch = counter.take();
        assert_eq!(batch.len(), MAX_UNCHECKED + 1);
        assert_eq!(batch.get(&7), Some(&1));
    }
}
