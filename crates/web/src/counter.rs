//! Counting article views in memory. Each view is a buffered mark; a background task
//! flushes the buffer to the database every few seconds and at shutdown, so a crash loses
//! at most the views since the last flush and a busy page never waits on a write.
//!
//! Beacons are unauthenticated, so two things keep them honest without a database query
//! per beacon:
//! - only ids in the set of published articles (reloaded at flush) are buffered freely; an
//!   id not in it (an article published since the last load, or junk) has a small quota of
//!   its own, so junk can never crowd out real views;
//! - a reader counts once per article per window, whichever node the beacons reach: the
//!   counter hashes client address, user agent and article id with the window's key, which
//!   every node gets from the database, and the flush counts only digests no node has
//!   written yet ([`gazette_store::ViewMark`]). Keys and digests are deleted with their
//!   window, so nothing kept can be traced back to a reader. A node that cannot get the
//!   window's key uses one of its own, counting readers once per node until it can.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gazette_store::{Store, StoreError, ViewMark};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// At most this many first views are held between flushes.
const MAX_PENDING: usize = 100_000;
/// At most this many distinct ids not known to be published are held between flushes: a
/// flood of made-up ids fills only this.
const MAX_UNCHECKED: usize = 1_000;
/// A reader viewing an article again within one window is not counted again. Windows are
/// aligned to Unix time, so every node agrees on them.
const WINDOW_SECS: i64 = 30 * 60;
/// Readers this node remembers per window (16 bytes each). When full, further views in
/// the window are not counted: a flood of fake readers must not raise counts at will.
const MAX_READERS: usize = 250_000;
/// The set of published ids is reloaded at least this often, and at any flush that has
/// ids it did not know.
const PUBLISHED_MAX_AGE: Duration = Duration::from_secs(300);

#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<Pending>,
    published: Mutex<Published>,
    readers: Mutex<Readers>,
}

/// First views waiting for the flush.
#[derive(Debug, Default)]
struct Pending {
    marks: Vec<Mark>,
    /// Ids among `marks` not known to be published.
    unchecked: HashSet<i64>,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    article_id: i64,
    window_start: i64,
    digest: u128,
}

#[derive(Debug, Default)]
struct Published {
    ids: HashSet<i64>,
    loaded_at: Option<Instant>,
}

/// The windows' keys, and the readers this node has seen in the current window.
#[derive(Debug, Default)]
struct Readers {
    /// Key material per window start: the shared key from the database, or this node's own.
    keys: HashMap<i64, String>,
    window_start: i64,
    seen: HashSet<u128>,
}

/// The start of the window holding `unix_seconds`.
fn window_of(unix_seconds: i64) -> i64 {
    unix_seconds - unix_seconds.rem_euclid(WINDOW_SECS)
}

/// A fresh random key, in hex (as the database keeps it): a token like a session's.
fn random_key() -> String {
    crate::auth::new_token().unwrap_or_else(|e| {
        tracing::warn!(error = %e, "no randomness for a view window's key; using the clock");
        format!("{:x}", OffsetDateTime::now_utc().unix_timestamp_nanos())
    })
}

impl Readers {
    /// This reader's first view of `article_id` in the window of `now` (then remembered),
    /// as a mark; `None` for a repeat.
    fn first_view(
        &mut self,
        now: i64,
        article_id: i64,
        ip: &str,
        user_agent: &str,
    ) -> Option<Mark> {
        let window_start = window_of(now);
        if window_start != self.window_start {
            self.window_start = window_start;
            self.seen.clear();
            self.keys.retain(|w, _| *w >= window_start);
        }
        let key = self.keys.entry(window_start).or_insert_with(random_key);
        let mut hash = Sha256::new();
        hash.update(key.as_bytes());
        // Lengths first, so that no two different (ip, user agent) pairs hash alike.
        hash.update((ip.len() as u64).to_le_bytes());
        hash.update(ip.as_bytes());
        hash.update((user_agent.len() as u64).to_le_bytes());
        hash.update(user_agent.as_bytes());
        hash.update(article_id.to_le_bytes());
        let digest = hash.finalize();
        let mut short = [0u8; 16];
        short.copy_from_slice(&digest[..16]);
        let digest = u128::from_le_bytes(short);
        if self.seen.len() >= MAX_READERS || !self.seen.insert(digest) {
            return None;
        }
        Some(Mark {
            article_id,
            window_start,
            digest,
        })
    }

    /// The windows (current and next) whose shared key this node does not hold yet.
    fn missing_keys(&self, now: i64) -> Vec<i64> {
        let current = window_of(now);
        [current, current + WINDOW_SECS]
            .into_iter()
            .filter(|w| !self.keys.contains_key(w))
            .collect()
    }
}

impl ViewCounter {
    /// A reader's view of `article_id`: counted once per reader (client address and user
    /// agent) and article in a window.
    pub fn record_reader(&self, article_id: i64, ip: &str, user_agent: &str) {
        let known = self
            .published
            .lock()
            .is_ok_and(|p| p.ids.contains(&article_id));
        // Checked before a reader is remembered, so junk does not fill the set of readers.
        if !known && !self.room_for_unchecked(article_id) {
            return;
        }
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let Some(mark) = self
            .readers
            .lock()
            .ok()
            .and_then(|mut r| r.first_view(now, article_id, ip, user_agent))
        else {
            return;
        };
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        if pending.marks.len() >= MAX_PENDING {
            return;
        }
        if !known {
            pending.unchecked.insert(article_id);
        }
        pending.marks.push(mark);
    }

    fn room_for_unchecked(&self, article_id: i64) -> bool {
        self.pending
            .lock()
            .is_ok_and(|p| p.unchecked.len() < MAX_UNCHECKED || p.unchecked.contains(&article_id))
    }

    /// Loads what counting needs before the first beacon: the published ids and the
    /// shared keys of the current and next windows.
    pub async fn prepare(&self, store: &Store) -> Result<(), StoreError> {
        self.load_published(store).await?;
        self.fetch_keys(store).await
    }

    /// Loads the ids of published articles.
    async fn load_published(&self, store: &Store) -> Result<(), StoreError> {
        let ids = store.published_article_ids().await?;
        if let Ok(mut published) = self.published.lock() {
            published.ids = ids.into_iter().collect();
            published.loaded_at = Some(Instant::now());
        }
        Ok(())
    }

    /// Gets the shared keys of the current and next windows that this node lacks (the
    /// next one ahead of time, so the change of window needs no query). Keys and marks of
    /// windows before the previous one are deleted on the way.
    async fn fetch_keys(&self, store: &Store) -> Result<(), StoreError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let missing = self
            .readers
            .lock()
            .map(|r| r.missing_keys(now))
            .unwrap_or_default();
        for window_start in missing {
            let key = store
                .view_window_key(window_start, &random_key(), window_of(now) - WINDOW_SECS)
                .await?;
            if let Ok(mut readers) = self.readers.lock() {
                // A key this node made up for the window in the meantime stays: changing
                // keys within a window would count its readers twice.
                readers.keys.entry(window_start).or_insert(key);
            }
        }
        Ok(())
    }

    /// Writes the pending first views (on failure they are kept for the next attempt) and
    /// returns how many articles got views. Then fetches missing window keys, and reloads
    /// the published ids when they are old or views came for ids they lack (a failed
    /// reload keeps the old set).
    pub async fn flush(&self, store: &Store) -> Result<usize, StoreError> {
        let stale = self
            .published
            .lock()
            .map(|p| p.loaded_at.is_none_or(|t| t.elapsed() >= PUBLISHED_MAX_AGE))
            .unwrap_or(true);
        let taken = self
            .pending
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default();
        let unknown_seen = !taken.unchecked.is_empty();
        let marks: Vec<ViewMark> = taken
            .marks
            .iter()
            .map(|m| ViewMark {
                article_id: m.article_id,
                window_start: m.window_start,
                digest: format!("{:032x}", m.digest),
            })
            .collect();
        let written = store
            .add_reader_views(&marks, OffsetDateTime::now_utc())
            .await;
        if written.is_err()
            && let Ok(mut pending) = self.pending.lock()
        {
            let room = MAX_PENDING.saturating_sub(pending.marks.len());
            pending.marks.extend(taken.marks.into_iter().take(room));
            pending.unchecked.extend(taken.unchecked);
        }
        if let Err(e) = self.fetch_keys(store).await {
            tracing::warn!(error = %e, "view window keys not fetched; counting per node until they are");
        }
        if (stale || unknown_seen)
            && let Err(e) = self.load_published(store).await
        {
            tracing::warn!(error = %e, "published articles not reloaded for view counting");
        }
        written
    }

    /// First views waiting for the flush.
    pub fn pending(&self) -> usize {
        self.pending.lock().map(|p| p.marks.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_reader_counts_once_per_article_in_a_window() {
        let mut readers = Readers::default();
        let mut first = |now, id, ip, ua| readers.first_view(now, id, ip, ua).is_some();
        assert!(first(NOW, 1, "192.0.2.1", "Firefox"));
        assert!(!first(NOW + 60, 1, "192.0.2.1", "Firefox"));
        assert!(first(NOW, 2, "192.0.2.1", "Firefox"));
        assert!(first(NOW, 1, "192.0.2.2", "Firefox"));
        assert!(first(NOW, 1, "192.0.2.1", "Safari"));
        // Field boundaries matter: ("ab", "c") is not ("a", "bc").
        assert!(first(NOW, 1, "ab", "c"));
        assert!(first(NOW, 1, "a", "bc"));
        // The next window counts everyone again.
        assert!(first(
            window_of(NOW) + WINDOW_SECS,
            1,
            "192.0.2.1",
            "Firefox"
        ));
    }

    #[test]
    fn nodes_sharing_a_window_key_make_the_same_mark() {
        let (mut a, mut b) = (Readers::default(), Readers::default());
        for r in [&mut a, &mut b] {
            r.keys.insert(window_of(NOW), "shared".into());
        }
        let mark_a = a.first_view(NOW, 7, "192.0.2.1", "Firefox").unwrap();
        let mark_b = b.first_view(NOW + 5, 7, "192.0.2.1", "Firefox").unwrap();
        assert_eq!(mark_a.digest, mark_b.digest);
        // Without the shared key each node makes up its own, and the marks differ.
        let mut c = Readers::default();
        let mark_c = c.first_view(NOW, 7, "192.0.2.1", "Firefox").unwrap();
        assert_ne!(mark_a.digest, mark_c.digest);
        assert_eq!(c.missing_keys(NOW), vec![window_of(NOW) + WINDOW_SECS]);
    }

    #[test]
    fn unknown_ids_fill_only_their_own_small_quota() {
        let counter = ViewCounter::default();
        if let Ok(mut p) = counter.published.lock() {
            p.ids.insert(7);
        }
        for junk in 1_000..1_000 + 2 * MAX_UNCHECKED as i64 {
            counter.record_reader(junk, "192.0.2.1", "Firefox");
        }
        counter.record_reader(7, "192.0.2.1", "Firefox");
        let pending = counter.pending.lock().unwrap();
        assert_eq!(pending.marks.len(), MAX_UNCHECKED + 1);
        assert!(pending.marks.iter().any(|m| m.article_id == 7));
    }
}
