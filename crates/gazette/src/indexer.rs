//! Keeps the search index in step with the database. The index is derived data: at start
//! it catches up from the change log where it left off (its [`ChangeCursor`] position, kept in
//! a small marker file next to it), or is rebuilt when it is new, damaged, of an older schema,
//! or was built from another database; after that the follower applies every committed change
//! within a poll interval, whichever node wrote it and in whatever order transactions commit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::pause::until_stopped;
use gazette_core::changes::ChangeEntity;
use gazette_core::sanitize::html_to_text;
use gazette_search::{Index, OpenState, SearchDoc, SearchError};
use gazette_store::{
    Change, ChangeCursor, ChangePosition, IndexableArticle, Resume, Store, StoreError,
};
use gazette_web::AppState;
use tokio::sync::watch;

/// Articles read and written per step of a rebuild: each step is one index commit, which
/// costs a flush and an fsync, so steps are large (memory stays a few MB of text).
const BATCH: i64 = 2000;
/// From this many articles, a rebuild inside the server leaves it noticeably bigger
/// (glibc keeps the peak: about 200 MB after 100,000 articles, against 25 MB without).
const LARGE_REBUILD: u64 = 20_000;
/// Changes read per poll.
const CHANGES_PER_POLL: i64 = 1000;
/// How often the follower looks for new changes. Searches must find a change within a
/// second on every node, and applying it (an index commit) takes a good part of that on a
/// busy machine; an idle look is one indexed query that returns nothing.
const FOLLOW_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("the search index worker stopped unexpectedly: {0}")]
    Worker(#[from] tokio::task::JoinError),
}

type Result<T> = std::result::Result<T, IndexerError>;

/// Where a data directory keeps its index.
pub fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("search")
}

/// The index entry of an article.
pub fn doc(a: IndexableArticle) -> SearchDoc {
    SearchDoc {
        id: a.id,
        title: a.title,
        subtitle: a.subtitle,
        body: html_to_text(&a.body_html),
        tags: a.tags,
        authors: a.authors,
        category_path: a.category_path,
        language: a.language,
        published_at: a.published_at,
    }
}

/// Rebuilds the whole index from the database; `progress(done, total)` after each batch.
/// Returns the number of articles indexed.
pub async fn rebuild(
    store: &Store,
    index: &Arc<Index>,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64> {
    let total = u64::try_from(store.count_indexable().await?).unwrap_or(0);
    progress(0, total);
    run_blocking(index, |i| i.clear()).await?;
    let (mut after, mut done) = (0, 0u64);
    loop {
        let batch = store.indexable_after(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        done += batch.len() as u64;
        let docs: Vec<SearchDoc> = batch.into_iter().map(doc).collect();
        run_blocking(index, move |i| i.upsert(&docs)).await?;
        progress(done.min(total), total.max(done));
    }
    run_blocking(index, |i| i.compact()).await?;
    progress(done, total.max(done));
    Ok(done)
}

/// Applies changes to the index: changed articles are indexed again (or removed when no
/// longer published), and renamed categories, tags and authors reindex their articles.
pub async fn apply(store: &Store, index: &Arc<Index>, changes: &[Change]) -> Result<()> {
    let (mut ids, mut categories, mut authors, mut tags) = (vec![], vec![], vec![], vec![]);
    for c in changes {
        match &c.entity {
            ChangeEntity::Article => ids.push(c.entity_id),
            ChangeEntity::Category => categories.push(c.entity_id),
            ChangeEntity::Author => authors.push(c.entity_id),
            ChangeEntity::Tag => tags.push(c.entity_id),
            // Not in any article's index entry.
            ChangeEntity::Media
            | ChangeEntity::Page
            | ChangeEntity::Redirect
            | ChangeEntity::Settings => {}
            ChangeEntity::Other(name) => {
                tracing::debug!(change = c.id, entity = %name, "search index skips an unknown change");
            }
        }
    }
    // A new category, tag or author has no articles yet; only renames and moves matter, and
    // for those the article list is the cheap way to find out.
    ids.extend(
        store
            .articles_touching(&categories, &authors, &tags)
            .await?,
    );
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(BATCH as usize) {
        let found = store.indexable_by_ids(chunk).await?;
        let gone: Vec<i64> = chunk
            .iter()
            .copied()
            .filter(|id| !found.iter().any(|a| a.id == *id))
            .collect();
        let docs: Vec<SearchDoc> = found.into_iter().map(doc).collect();
        run_blocking(index, move |i| {
            i.delete(&gone)?;
            i.upsert(&docs)
        })
        .await?;
    }
    Ok(())
}

async fn run_blocking<T: Send + 'static>(
    index: &Arc<Index>,
    f: impl FnOnce(&Index) -> std::result::Result<T, SearchError> + Send + 'static,
) -> Result<T> {
    let index = Arc::clone(index);
    Ok(tokio::task::spawn_blocking(move || f(&index)).await??)
}

/// The marker: which database the index was built from, and its place in the change log.
struct Marker {
    path: PathBuf,
    database: String,
}

impl Marker {
    fn new(dir: &Path, database: &str) -> Marker {
        Marker {
            path: dir.join("applied-change"),
            database: database.to_owned(),
        }
    }

    /// The position after the last applied change, if the index was built from this
    /// database (an unreadable marker reads as none, and the index is rebuilt).
    fn read(&self) -> Option<ChangePosition> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let (id, database) = text.split_once('\n')?;
        (database.trim_end() == self.database)
            .then(|| id.trim().parse().ok())
            .flatten()
    }

    fn write(&self, position: ChangePosition) {
        let tmp = self.path.with_extension("tmp");
        let written = std::fs::write(&tmp, format!("{position}\n{}\n", self.database))
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            tracing::warn!(error = %e, path = %self.path.display(), "cannot record the search index position; it will be rebuilt at the next start");
        }
    }
}

/// Follows the change log for the search index until `stop` changes: first catches up, or
/// rebuilds when the index cannot be trusted, then applies new changes as they come.
/// `database` identifies the database (its URL without secrets) so that an index built from
/// another one is rebuilt.
pub async fn follow(
    state: Arc<AppState>,
    index_dir: PathBuf,
    database: String,
    mut stop: watch::Receiver<bool>,
) {
    let marker = Marker::new(&index_dir, &database);
    let trusted = matches!(state.search.open_state(), OpenState::Existing);
    let start = match marker.read().filter(|_| trusted) {
        Some(position) => ChangeCursor::resume(&state.store, position).await,
        None => ChangeCursor::at_end(&state.store)
            .await
            .map(|head| Resume::Stale { head }),
    };
    let mut cursor = match start {
        Ok(Resume::From(cursor)) => cursor,
        Ok(Resume::Stale { head }) => {
            state.search_rebuilding.store(true, Ordering::Relaxed);
            tracing::info!("building the search index");
            let started = std::time::Instant::now();
            let built = rebuild(&state.store, &state.search, |_, _| {}).await;
            state.search_rebuilding.store(false, Ordering::Relaxed);
            match built {
                Ok(n) => {
                    tracing::info!(
                        articles = n,
                        seconds = started.elapsed().as_secs_f32(),
                        "search index built"
                    );
                    if n >= LARGE_REBUILD {
                        tracing::info!(
                            "the server keeps the memory a rebuild took until it restarts; \
                             on large sites run `gazette reindex` before `gazette serve` instead"
                        );
                    }
                    // Changes settled after `head` was taken are applied again: harmless,
                    // an article is indexed from its current state.
                    marker.write(head.position());
                    head
                }
                Err(e) => {
                    tracing::error!(error = %e, "the search index could not be built; run `gazette reindex`");
                    return;
                }
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the change log; search will not follow changes");
            return;
        }
    };
    state
        .search_applied
        .store(cursor.position().id, Ordering::Relaxed);
    let mut tick = tokio::time::interval(FOLLOW_EVERY);
    loop {
        match cursor.peek(&state.store, CHANGES_PER_POLL).await {
            Ok(changes) if !changes.is_empty() => {
                // A search cuts scheduled articles off by the store's kept answer to "is
                // anything scheduled?": drop it before a new article becomes searchable.
                state.store.forget_cached();
                match apply(&state.store, &state.search, &changes).await {
                    Ok(()) => {
                        cursor.advance(&changes);
                        marker.write(cursor.position());
                        let newest = changes.iter().map(|c| c.id).max().unwrap_or(0);
                        state.search_applied.fetch_max(newest, Ordering::Relaxed);
                        // More may be waiting: read again without sleeping.
                        if changes.len() as i64 == CHANGES_PER_POLL {
                            continue;
                        }
                        state.search_caught_up.store(true, Ordering::Relaxed);
                    }
                    Err(e) => tracing::warn!(error = %e, "search index not updated; will retry"),
                }
            }
            Ok(_) => state.search_caught_up.store(true, Ordering::Relaxed),
            Err(e) => tracing::warn!(error = %e, "cannot read the change log; will retry"),
        }
        if !until_stopped(tick.tick(), &mut stop).await {
            return;
        }
    }
}

/// What [`catch_up_offline`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// The index could not be trusted (new, damaged, another database): built anew with
    /// this many articles.
    Rebuilt(u64),
    /// This many changes of the change log applied to the existing index.
    Applied(u64),
    /// A running server holds the index; it follows the changes itself.
    InUse,
}

/// Brings a data directory's index up to date without a server, so that the next start
/// answers searches at once (`gazette import` calls it after writing): applies the change
/// log from the index's position, or rebuilds it when it cannot be trusted.
/// `progress(done, total)` as for [`rebuild`] (for applied changes, total = done).
pub async fn catch_up_offline(
    store: &Store,
    index_dir: &Path,
    database: &str,
    mut progress: impl FnMut(u64, u64),
) -> Result<CatchUp> {
    let index = match Index::open(index_dir) {
        Ok(index) => Arc::new(index),
        Err(SearchError::Locked { .. }) => return Ok(CatchUp::InUse),
        Err(e) => return Err(e.into()),
    };
    let marker = Marker::new(index_dir, database);
    let trusted = matches!(index.open_state(), OpenState::Existing);
    let start = match marker.read().filter(|_| trusted) {
        Some(position) => ChangeCursor::resume(store, position).await?,
        None => Resume::Stale {
            head: ChangeCursor::at_end(store).await?,
        },
    };
    match start {
        Resume::Stale { head } => {
            let n = rebuild(store, &index, progress).await?;
            marker.write(head.position());
            Ok(CatchUp::Rebuilt(n))
        }
        Resume::From(mut cursor) => {
            let mut applied = 0u64;
            loop {
                let changes = cursor.peek(store, CHANGES_PER_POLL).await?;
                if changes.is_empty() {
                    break;
                }
                apply(store, &index, &changes).await?;
                cursor.advance(&changes);
                marker.write(cursor.position());
                applied += changes.len() as u64;
                progress(applied, applied);
            }
            Ok(CatchUp::Applied(applied))
        }
    }
}

/// Rebuilds the index of a stopped site (`gazette reindex`) and records its position.
pub async fn reindex_offline(
    store: &Store,
    index_dir: &Path,
    database: &str,
    progress: impl FnMut(u64, u64),
) -> Result<u64> {
    let index = Arc::new(Index::open(index_dir)?);
    let head = ChangeCursor::at_end(store).await?;
    let n = rebuild(store, &index, progress).await?;
    Marker::new(index_dir, database).write(head.position());
    Ok(n)
}
