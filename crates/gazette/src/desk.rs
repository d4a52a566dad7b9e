//! The feed desk's fetch round for one source: fetch its feed through `gazette-fetch`
//! (conditionally, with the validators of the last answer), read it with
//! `gazette-ingest`, fetch and extract the full text of new items when the source asks
//! for it, and record the whole round in one store transaction, which also queues the
//! next fetch. Failures are recorded on the source in words with a growing backoff (or
//! the wait the server asked for), never raised: one broken source must not stop the
//! others. The job worker runs this for `fetch_source` jobs; `gazette desk fetch` runs it
//! for every active source at once, a few hosts in parallel. Either way a round holds its
//! host's lock in this process and its host's lease in the database (`leases`), so the
//! site is asked for one thing at a time however many nodes fetch.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gazette_fetch::{Answer, FetchError, FetchPolicy, Fetcher, Validators};
use gazette_ingest::robots::{self, Rules};
use gazette_ingest::{FeedItem, identity};
use gazette_store::{DeskSource, ItemInput, RoundCounts, RoundInput, Store, StoreError};
use tokio::sync::Semaphore;

/// Largest feed or page read (after decompression).
const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// Pages fetched for full text in one round of one source; the rest wait for the next.
const MAX_PAGES: usize = 25;
/// Longest wait after repeated failures.
const MAX_BACKOFF: i64 = 6 * 3600;
/// How long a site's robots.txt rules are kept.
const ROBOTS_TTL: Duration = Duration::from_secs(3600);
/// Hosts fetched at once by `gazette desk fetch`.
const PARALLEL_HOSTS: usize = 6;
/// A host's lease lasts this long unless renewed: a round renews it every
/// [`HOST_LEASE_RENEW`] however long it takes, so only a killed holder's lease runs out,
/// and then within seconds.
const HOST_LEASE_SECS: i64 = 20;
const HOST_LEASE_RENEW: Duration = Duration::from_secs(5);
/// How often a round waiting for another node's lease on its host looks again, and for
/// how long: longer than a lease, so a killed holder never makes a round give up.
const HOST_LEASE_POLL: Duration = Duration::from_millis(250);
const HOST_LEASE_WAIT: Duration = Duration::from_secs(45);

/// What a round did, for the job log and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Fetched(RoundCounts),
    NotModified,
    /// The error in words, as recorded on the source.
    Failed(String),
    Inactive,
    Missing,
}

impl Outcome {
    pub fn describe(&self) -> String {
        match self {
            Outcome::Fetched(c) => c.describe(),
            Outcome::NotModified => "not modified since the last fetch".into(),
            Outcome::Failed(e) => format!("error: {e}"),
            Outcome::Inactive => "inactive; skipped".into(),
            Outcome::Missing => "no longer exists; skipped".into(),
        }
    }
}

/// The desk's fetcher, shared by every round, and a lock per host so this process asks a
/// site for one thing at a time (its feed, then its pages), however many rounds run.
#[derive(Clone, Debug)]
pub struct Desk {
    fetcher: Fetcher,
    hosts: Arc<std::sync::Mutex<HostLocks>>,
    /// robots.txt rules by their address, with when they were read.
    robots: Arc<std::sync::Mutex<RobotsCache>>,
    /// Taken while a round or a host lease is written on SQLite: it has one write lock,
    /// and a write that waits for it behind others in this process would give up after
    /// the busy timeout; waiting here has none.
    writes: Arc<tokio::sync::Mutex<()>>,
    /// Who holds this desk's host leases (unique per desk, so two in one process differ).
    holder: String,
}

/// One lock per host name.
type HostLocks = HashMap<String, Arc<tokio::sync::Mutex<()>>>;
/// robots.txt rules by the file's address, with when they were read.
type RobotsCache = HashMap<String, (Instant, Arc<Rules>)>;

impl Desk {
    /// The desk the settings describe.
    pub fn from_settings(settings: &crate::config::Settings) -> Result<Desk, FetchError> {
        Desk::new(
            settings.raw.fetch_allow_private,
            &settings.base_url,
            Duration::from_secs(settings.raw.desk_fetch_timeout_seconds),
        )
    }

    /// A desk fetching with the operator's private-network rule, `timeout` for each feed
    /// or page, and a User-Agent naming the site at `base_url`.
    pub fn new(allow_private: bool, base_url: &str, timeout: Duration) -> Result<Desk, FetchError> {
        let policy = FetchPolicy {
            allow_private,
            max_bytes: MAX_BYTES,
            timeout,
            max_redirects: 5,
            user_agent: FetchPolicy::user_agent_for(base_url),
        };
        Ok(Desk {
            fetcher: Fetcher::new(policy)?,
            hosts: Arc::default(),
            robots: Arc::default(),
            writes: Arc::default(),
            holder: format!("desk:{}", crate::jobs::node_id()),
        })
    }

    /// One round of source `id` at `now` (unix seconds).
    pub async fn fetch_source(
        &self,
        store: &Store,
        id: i64,
        now: i64,
    ) -> Result<Outcome, StoreError> {
        let Some(source) = store.desk_source(id).await? else {
            return Ok(Outcome::Missing);
        };
        if !source.active {
            return Ok(Outcome::Inactive);
        }
        self.round(store, &source, now).await
    }

    /// The lock of `url`'s host.
    fn host_lock(&self, url: &str) -> Arc<tokio::sync::Mutex<()>> {
        let host = host_of(url);
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Locks of hosts no round holds are dropped, so the map stays small.
        hosts.retain(|_, lock| Arc::strong_count(lock) > 1);
        hosts.entry(host).or_default().clone()
    }

    async fn round(
        &self,
        store: &Store,
        source: &DeskSource,
        now: i64,
    ) -> Result<Outcome, StoreError> {
        let host = self.host_lock(&source.settings.feed_url);
        let _one_at_a_time = host.lock().await;
        let lease = format!("desk-host:{}", host_of(&source.settings.feed_url));
        // Another node's round on this host: wait for its end, for a while.
        let waited = Instant::now();
        loop {
            let taken = {
                let _one_writer = self.one_writer(store).await;
                store
                    .take_lease(&lease, &self.holder, crate::unix_now(), HOST_LEASE_SECS)
                    .await?
            };
            let Some(other) = taken else { break };
            if waited.elapsed() > HOST_LEASE_WAIT {
                let why = format!(
                    "another node ({}) has been fetching from this site for over {} seconds; \
                     this source is tried again in a minute",
                    other.holder,
                    HOST_LEASE_WAIT.as_secs()
                );
                return self.fail(store, source, &why, 60, now).await;
            }
            tokio::time::sleep(HOST_LEASE_POLL).await;
        }
        let outcome = tokio::select! {
            outcome = self.round_holding_host(store, source, now) => outcome,
            never = self.keep_lease(store, &lease) => match never {},
        };
        // A lease left behind (the release failed) ends by itself.
        let released = {
            let _one_writer = self.one_writer(store).await;
            store.release_lease(&lease, &self.holder).await
        };
        if let Err(e) = released {
            tracing::warn!(error = %e, %lease, "a host lease was not released; it expires by itself");
        }
        outcome
    }

    /// Records a failure with the next backoff: the interval at first, doubling on each
    /// failure up to [`MAX_BACKOFF`], and never sooner than the server asked (`wait`).
    async fn fail(
        &self,
        store: &Store,
        source: &DeskSource,
        error: &str,
        wait: i64,
        now: i64,
    ) -> Result<Outcome, StoreError> {
        let backoff = next_backoff(source.backoff, source.settings.fetch_interval);
        let delay = backoff.max(wait);
        let _one_writer = self.one_writer(store).await;
        store
            .record_desk_failure(source.id, error, backoff, now + delay, now)
            .await?;
        Ok(Outcome::Failed(error.to_owned()))
    }

    /// On SQLite, this process's one writer at a time (see `writes`): rounds and the
    /// host leases both write, and a statement waiting behind the others' transactions
    /// would fail after the busy timeout.
    async fn one_writer(&self, store: &Store) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match store.backend() {
            gazette_store::Backend::Sqlite => Some(self.writes.lock().await),
            gazette_store::Backend::Postgres => None,
        }
    }

    /// Renews this desk's lease `lease` until dropped (when the round ends).
    async fn keep_lease(&self, store: &Store, lease: &str) -> std::convert::Infallible {
        let mut tick = tokio::time::interval(HOST_LEASE_RENEW);
        tick.tick().await;
        loop {
            tick.tick().await;
            let renewed = {
                let _one_writer = self.one_writer(store).await;
                store
                    .renew_lease(lease, &self.holder, crate::unix_now(), HOST_LEASE_SECS)
                    .await
            };
            match renewed {
                Ok(true) => {}
                Ok(false) => tracing::warn!(%lease, "a host lease ran out during a round"),
                Err(e) => tracing::warn!(error = %e, %lease, "a host lease was not renewed"),
            }
        }
    }

    async fn round_holding_host(
        &self,
        store: &Store,
        source: &DeskSource,
        now: i64,
    ) -> Result<Outcome, StoreError> {
        let validators = Validators {
            etag: source.etag.clone(),
            last_modified: source.last_modified.clone(),
        };
        let answer = match self
            .fetcher
            .get_if_changed(&source.settings.feed_url, &validators)
            .await
        {
            Ok(a) => a,
            Err(e) => {
                let wait = match &e {
                    FetchError::Throttled {
                        retry_after: Some(d),
                        ..
                    } => i64::try_from(d.as_secs()).unwrap_or(MAX_BACKOFF),
                    _ => 0,
                };
                return self.fail(store, source, &e.to_string(), wait, now).await;
            }
        };
        let (fetched, next_validators) = match answer {
            Answer::NotModified => {
                store
                    .record_desk_unchanged(source.id, now + source.settings.fetch_interval, now)
                    .await?;
                return Ok(Outcome::NotModified);
            }
            Answer::Fetched(f, v) => (f, v),
        };
        let feed = match gazette_ingest::parse_feed(&fetched.bytes, &fetched.url) {
            Ok(feed) => feed,
            Err(e) => return self.fail(store, source, &e.to_string(), 0, now).await,
        };
        let known = if source.settings.full_text {
            store.desk_item_keys(source.id).await?
        } else {
            Default::default()
        };
        let mut pages = 0;
        let mut items = Vec::with_capacity(feed.items.len());
        for item in &feed.items {
            let mut input = item_input(item, source, feed.language.as_deref());
            if source.settings.full_text
                && item.needs_full_text()
                && !known.contains(&item.key)
                && pages < MAX_PAGES
                && let Some(url) = &item.url
            {
                pages += 1;
                if let Some((html, raw)) = self.full_text(url, &source.settings.css_selector).await
                {
                    input.content_html = html;
                    input.raw_html = Some(raw);
                }
            }
            items.push(input);
        }
        let round = RoundInput {
            items,
            etag: next_validators.etag,
            last_modified: next_validators.last_modified,
            next_fetch_at: now + source.settings.fetch_interval,
            feed_kind: feed.kind.as_str().to_owned(),
        };
        let _one_writer = self.one_writer(store).await;
        Ok(Outcome::Fetched(
            store.record_desk_round(source.id, &round, now).await?,
        ))
    }

    /// The robots.txt rules that govern `url`, read at most once an hour per site; a
    /// missing or unreachable file allows everything.
    async fn robots(&self, url: &str) -> Arc<Rules> {
        let Some(address) = robots::robots_url(url) else {
            return Arc::new(Rules::none());
        };
        let cached = {
            let cache = self
                .robots
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            cache
                .get(&address)
                .filter(|(at, _)| at.elapsed() < ROBOTS_TTL)
                .map(|(_, r)| r.clone())
        };
        if let Some(rules) = cached {
            return rules;
        }
        let rules = Arc::new(match self.fetcher.get(&address).await {
            Ok(file) => Rules::parse(&file.bytes),
            Err(_) => Rules::none(),
        });
        let mut cache = self
            .robots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.retain(|_, (at, _)| at.elapsed() < ROBOTS_TTL);
        cache.insert(address, (Instant::now(), rules.clone()));
        rules
    }

    /// The extracted text and the raw page of `url`; `None` when the page cannot be had
    /// or the site's robots.txt refuses it (the item keeps its summary; the raw page
    /// allows a later re-extraction).
    async fn full_text(&self, url: &str, selector: &str) -> Option<(String, String)> {
        if !self.robots(url).await.allows(url) {
            tracing::info!(%url, "desk: robots.txt refuses the page; the summary stays");
            return None;
        }
        let page = match self.fetcher.get(url).await {
            Ok(p) => p,
            Err(e) => {
                tracing::info!(%url, error = %e, "desk: page not fetched for full text");
                return None;
            }
        };
        let raw = String::from_utf8_lossy(&page.bytes).into_owned();
        let selector = Some(selector).filter(|s| !s.trim().is_empty());
        match gazette_ingest::extract::extract(&raw, &page.url, selector) {
            Ok(x) => Some((x.html, raw)),
            Err(e) => {
                tracing::info!(%url, error = %e, "desk: no text extracted");
                Some((String::new(), raw))
            }
        }
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

fn next_backoff(previous: i64, interval: i64) -> i64 {
    if previous <= 0 {
        interval.min(MAX_BACKOFF)
    } else {
        previous
            .saturating_mul(2)
            .clamp(interval.min(MAX_BACKOFF), MAX_BACKOFF)
    }
}

fn item_input(item: &FeedItem, source: &DeskSource, feed_language: Option<&str>) -> ItemInput {
    let content = item.content_html.clone().unwrap_or_default();
    let language = Some(source.settings.language.as_str())
        .filter(|l| !l.is_empty())
        .or(item.language.as_deref())
        .or(feed_language)
        .unwrap_or("")
        .trim()
        .to_lowercase();
    ItemInput {
        key: item.key.clone(),
        url: item.url.clone(),
        title: if item.title.is_empty() {
            "(untitled)".into()
        } else {
            item.title.clone()
        },
        summary_html: item.summary_html.clone(),
        content_hash: identity::content_hash(&item.title, &item.summary_html, &content),
        content_html: content,
        raw_html: None,
        author: item.author.clone(),
        language,
        published_at: item.published_at,
    }
}

/// A round of every active source now, a few hosts at a time and one request at a time
/// per host; `progress(done, total)` after each source. Results in source order.
pub async fn fetch_all(
    desk: &Desk,
    store: &Store,
    now: i64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<(DeskSource, Result<Outcome, StoreError>)>, StoreError> {
    let sources: Vec<DeskSource> = store
        .desk_sources()
        .await?
        .into_iter()
        .filter(|s| s.active)
        .collect();
    let total = sources.len() as u64;
    let mut by_host: BTreeMap<String, Vec<(usize, DeskSource)>> = BTreeMap::new();
    for (i, s) in sources.into_iter().enumerate() {
        by_host
            .entry(host_of(&s.settings.feed_url))
            .or_default()
            .push((i, s));
    }
    let gate = Arc::new(Semaphore::new(PARALLEL_HOSTS));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for (_, group) in by_host {
        let (desk, store, gate, tx) = (desk.clone(), store.clone(), gate.clone(), tx.clone());
        tokio::spawn(async move {
            let Ok(_permit) = gate.acquire_owned().await else {
                return;
            };
            for (i, source) in group {
                let outcome = desk.round(&store, &source, now).await;
                if tx.send((i, source, outcome)).is_err() {
                    return;
                }
            }
        });
    }
    drop(tx);
    let mut results = Vec::new();
    progress(0, total);
    while let Some(r) = rx.recv().await {
        results.push(r);
        progress(results.len() as u64, total);
    }
    results.sort_by_key(|(i, _, _)| *i);
    Ok(results.into_iter().map(|(_, s, o)| (s, o)).collect())
}

#[cfg(test)]
mod tests {
    use super::next_backoff;

    #[test]
    fn backoff_starts_at_the_interval_doubles_and_is_capped() {
        assert_eq!(next_backoff(0, 900), 900);
        assert_eq!(next_backoff(900, 900), 1800);
        assert_eq!(next_backoff(20_000, 900), 6 * 3600);
        assert_eq!(next_backoff(0, 7 * 86_400), 6 * 3600);
    }
}
