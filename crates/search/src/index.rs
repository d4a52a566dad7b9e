//! The index: schema, opening and recreating, writing, and searching with filters and pages.
//!
//! # What is stored
//! Postings carry every text field (with positions, for phrases). Besides the id, the doc store
//! keeps only what a result page shows and cannot get cheaper elsewhere: the title and the body
//! text for highlighting (LZ4-compressed, the body cut at [`MAX_STORED_BODY`]), and the analysis
//! mode. Storing the body costs disk (355 of 587 MB with 100,000 articles of ~600 words) but
//! next to no memory: blocks are read per hit ([`crate::storage`]) into a cache of a few blocks.
//! The alternative, fetching ten bodies from the database per result page, would add a round
//! trip to every search and make highlighting depend on a second component. Category and date
//! are indexed for filtering, the date is also a fast field for sorting; subtitle, tags and
//! authors are searched but never shown from here.
//!
//! # Durability and visibility
//! Each write call commits and reloads the reader before returning, so a publish is searchable
//! as soon as `upsert` returns. A crash loses at most the call in progress; the change-log
//! follower replays it. Layout on disk: `<dir>/v<SCHEMA_VERSION>/`; a new version starts in a
//! fresh directory and the old ones are removed.

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::INDEX_WRITER_LOCK;
use tantivy::directory::error::LockError;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{
    Directory, DocAddress, IndexReader, IndexSettings, IndexWriter, Order, ReloadPolicy, Searcher,
    TantivyDocument, TantivyError, Term,
};

use tantivy::indexer::{LogMergePolicy, NoMergePolicy};

use crate::analysis::{self, Mode};
use crate::highlight::Highlighter;
use crate::query::{MAX_EXPANSIONS, ParsedQuery};
use crate::storage::ReadDirectory;
use crate::{
    Hit, MAX_PER_PAGE, MAX_RESULT_WINDOW, SearchDoc, SearchError, SearchQuery, SearchResults, Sort,
};

/// Bump when the schema or the analysis changes: the index is then rebuilt from scratch.
const SCHEMA_VERSION: u32 = 2;
const ANALYZER: &str = "gazette";
/// Body text kept for snippets; longer bodies are searchable in full but snippets come from
/// their first part. Keeps both the store and the per-hit highlighting cost bounded.
pub(crate) const MAX_STORED_BODY: usize = 32 * 1024;
/// Indexing memory per writer thread; tantivy's minimum is 15 MB.
const WRITER_BYTES_PER_THREAD: usize = 24_000_000;

/// Field boosts: a match in the title outweighs one in the body.
const BOOST_TITLE: f32 = 3.0;
const BOOST_SUBTITLE: f32 = 2.0;
const BOOST_TAGS: f32 = 2.0;
const BOOST_AUTHORS: f32 = 1.5;
const BOOST_BODY: f32 = 1.0;

/// How [`Index::open`] found the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenState {
    /// An index of the current version was there and has been opened.
    Existing,
    /// There was none; an empty one was created. Run a reindex.
    Created,
    /// The one there was unreadable or of another schema; it was replaced by an empty one.
    /// Run a reindex. `reason` is for the log.
    Recreated { reason: String },
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    published_at: Field,
    category: Field,
    title: Field,
    subtitle: Field,
    body: Field,
    tags: Field,
    authors: Field,
    stored_title: Field,
    stored_body: Field,
    mode: Field,
    /// The article's language code as stored, for language editions' searches.
    language: Field,
}

impl Fields {
    fn searched(&self) -> [(Field, f32); 5] {
        [
            (self.title, BOOST_TITLE),
            (self.subtitle, BOOST_SUBTITLE),
            (self.tags, BOOST_TAGS),
            (self.authors, BOOST_AUTHORS),
            (self.body, BOOST_BODY),
        ]
    }
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | STORED),
        published_at: builder.add_i64_field("published_at", INDEXED | tantivy::schema::FAST),
        category: builder.add_facet_field("category", FacetOptions::default()),
        title: builder.add_text_field("title", text.clone()),
        subtitle: builder.add_text_field("subtitle", text.clone()),
        body: builder.add_text_field("body", text.clone()),
        tags: builder.add_text_field("tags", text.clone()),
        authors: builder.add_text_field("authors", text),
        stored_title: builder.add_text_field("title_text", STORED),
        stored_body: builder.add_text_field("body_text", STORED),
        mode: builder.add_u64_field("mode", STORED),
        language: builder.add_text_field("language", tantivy::schema::STRING),
    };
    (builder.build(), fields)
}

/// The search index. Cheap to share (`Arc<Index>`): searches run in parallel, writes queue.
pub struct Index {
    index: tantivy::Index,
    reader: IndexReader,
    /// `None` only after a failed [`Index::compact`]; the next write makes a new one.
    writer: Mutex<Option<IndexWriter>>,
    writer_threads: usize,
    path: PathBuf,
    fields: Fields,
    state: OpenState,
}

impl Index {
    /// Opens the index in `dir` (created if missing). An index of an older version, or one that
    /// cannot be read, is replaced by an empty one: see [`Index::open_state`]. Fails with
    /// [`SearchError::Locked`] if another process writes it.
    pub fn open(dir: &Path) -> Result<Index, SearchError> {
        let path = dir.join(format!("v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&path).map_err(|source| SearchError::Io {
            path: path.clone(),
            source,
        })?;
        remove_old_versions(dir);
        let (schema, fields) = schema();
        let directory = open_directory(&path)?;
        let (index, state) = if !tantivy::Index::exists(&directory).map_err(TantivyError::from)? {
            let index = tantivy::Index::create(directory, schema, IndexSettings::default())?;
            (index, OpenState::Created)
        } else {
            match tantivy::Index::open(directory) {
                Ok(index) if index.schema() == schema => (index, OpenState::Existing),
                Ok(_) => recreate(&path, schema, "its schema differs from this version's")?,
                Err(
                    error @ (TantivyError::DataCorruption(_)
                    | TantivyError::IncompatibleIndex(_)
                    | TantivyError::SchemaError(_)
                    | TantivyError::DeserializeError(_)
                    | TantivyError::OpenReadError(_)),
                ) => recreate(&path, schema, &error.to_string())?,
                Err(error) => return Err(error.into()),
            }
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        Index::from_tantivy(index, fields, state, threads, &path)
    }

    /// A throwaway index in memory, for tests.
    pub fn in_memory() -> Result<Index, SearchError> {
        let (schema, fields) = schema();
        let index = tantivy::Index::create_in_ram(schema);
        Index::from_tantivy(index, fields, OpenState::Created, 1, Path::new(":memory:"))
    }

    fn from_tantivy(
        index: tantivy::Index,
        fields: Fields,
        state: OpenState,
        threads: usize,
        path: &Path,
    ) -> Result<Index, SearchError> {
        index
            .tokenizers()
            .register(ANALYZER, analysis::index_analyzer());
        let writer = make_writer(&index, threads, path)?;
        let reader = index
            .reader_builder()
            // We reload after our own commits; nobody else writes this directory.
            .reload_policy(ReloadPolicy::Manual)
            // Hits are spread over the whole store, so a big block cache would rarely hit;
            // each block is 16 KiB decompressed, per segment.
            .doc_store_cache_num_blocks(8)
            .try_into()?;
        Ok(Index {
            index,
            reader,
            writer: Mutex::new(Some(writer)),
            writer_threads: threads,
            path: path.to_owned(),
            fields,
            state,
        })
    }

    /// How the index was found on opening; anything but [`OpenState::Existing`] means the index
    /// is empty and the caller should reindex.
    pub fn open_state(&self) -> &OpenState {
        &self.state
    }

    /// Adds the articles, replacing any with the same id, and makes them searchable before
    /// returning. One commit per call: pass batches (say 1,000) when reindexing.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        self.with_writer(|writer| {
            let added = docs.iter().try_for_each(|doc| {
                writer.delete_term(self.id_term(doc.id));
                writer.add_document(self.document(doc)).map(drop)
            });
            self.finish(writer, added)
        })
    }

    /// Removes the articles with these ids (unknown ids are ignored).
    pub fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.with_writer(|writer| {
            for &id in ids {
                writer.delete_term(self.id_term(id));
            }
            self.finish(writer, Ok(()))
        })
    }

    /// Removes every article (the first step of a reindex).
    pub fn clear(&self) -> Result<(), SearchError> {
        self.with_writer(|writer| {
            let cleared = writer.delete_all_documents().map(drop);
            self.finish(writer, cleared)
        })
    }

    /// Merges the index into one segment, then makes it visible. Searches get faster (one term
    /// lookup per field instead of one per segment: about a third off the median with 100,000
    /// articles) and deleted entries are purged. Call it after a reindex; it takes about a fifth
    /// of the reindex's time, and other writes wait for it.
    pub fn compact(&self) -> Result<(), SearchError> {
        let mut slot = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(writer) = slot.take() {
            // Merges started by the merge policy hold segments that this merge needs.
            writer.wait_merging_threads()?;
        }
        let mut writer = make_writer(&self.index, self.writer_threads, &self.path)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let segments = self.index.searchable_segment_ids()?;
        let merged = if segments.len() > 1 {
            writer.merge(&segments).wait().map(drop)
        } else {
            Ok(())
        };
        writer.set_merge_policy(Box::<LogMergePolicy>::default());
        *slot = Some(writer);
        drop(slot);
        merged?;
        self.reader.reload()?;
        Ok(())
    }

    /// Number of articles in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index has no articles.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs a reader's search. Any text, page or filter is accepted; nothing to search for
    /// (no words left after parsing, or `from` after `to`) gives no results.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        metrics::counter!(crate::QUERIES_METRIC).increment(1);
        let hint = q
            .language
            .as_deref()
            .map_or(Mode::Default, Mode::for_language);
        let mut parsed = ParsedQuery::parse(&q.text, hint);
        if parsed.is_empty() || matches!((q.from, q.to), (Some(from), Some(to)) if from > to) {
            return Ok(SearchResults::default());
        }
        let searcher = self.reader.searcher();
        parsed.expand(|pattern| self.terms_matching(&searcher, pattern))?;
        parsed.drop_absent(|term| self.holds(&searcher, term))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = parsed
            .to_query(&self.fields.searched())
            .into_iter()
            .map(|clause| (Occur::Must, clause))
            .collect();
        if let Some(facet) = q.category_path.as_deref().and_then(category_facet) {
            let term = Term::from_facet(self.fields.category, &facet);
            clauses.push(filter(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if let Some(language) = &q.only_language {
            let term = Term::from_field_text(self.fields.language, language);
            clauses.push(filter(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |value: Option<i64>| {
                value.map_or(Bound::Unbounded, |v| {
                    Bound::Included(Term::from_field_i64(self.fields.published_at, v))
                })
            };
            clauses.push(filter(RangeQuery::new(bound(q.from), bound(q.to))));
        }
        // A lone word's terms stay a plain union, which tantivy scores with block-max WAND
        // (skipping blocks that cannot reach the top ten); under a Must every match would be
        // scored. See `lone_word_top`.
        let lone_word = clauses.len() == 1 && parsed.is_one_word();
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.remove(0).1
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let per_page = match q.per_page {
            0 => 10,
            n => n.min(MAX_PER_PAGE),
        } as usize;
        let offset = u64::from(q.page.max(1) - 1) * per_page as u64;
        if offset + per_page as u64 > MAX_RESULT_WINDOW {
            let total = searcher.search(query.as_ref(), &Count)? as u64;
            return Ok(SearchResults {
                total,
                hits: Vec::new(),
            });
        }
        let top = TopDocs::with_limit(per_page).and_offset(offset as usize);
        let (total, docs): (usize, Vec<(f32, DocAddress)>) = match q.sort {
            Sort::Relevance if lone_word => self.lone_word_top(
                &searcher,
                &parsed,
                query.as_ref(),
                offset as usize,
                per_page,
            )?,
            Sort::Relevance => searcher.search(query.as_ref(), &(Count, top.order_by_score()))?,
            Sort::Newest => {
                let by_date = top.order_by_fast_field::<i64>("published_at", Order::Desc);
                let (total, docs) = searcher.search(query.as_ref(), &(Count, by_date))?;
                (total, docs.into_iter().map(|(_, doc)| (0.0, doc)).collect())
            }
        };

        let mut highlighter = Highlighter::new(&parsed);
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
            };
            let mode = Mode::from_code(
                doc.get_first(self.fields.mode)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default(),
            );
            hits.push(Hit {
                id: doc
                    .get_first(self.fields.id)
                    .and_then(|v| v.as_i64())
                    .unwrap_or_default(),
                score,
                title_html: highlighter.title_html(text(self.fields.stored_title), mode),
                snippet_html: highlighter.snippet_html(text(self.fields.stored_body), mode),
            });
        }
        Ok(SearchResults {
            total: total as u64,
            hits,
        })
    }

    /// The count and the page of a lone word ranked by relevance: with block-max WAND, the
    /// exact form first through [`crate::exact_first`] when the word has other forms, and
    /// counted apart (beside a counting collector every match would be scored).
    fn lone_word_top(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        query: &dyn Query,
        offset: usize,
        per_page: usize,
    ) -> Result<(usize, Vec<(f32, DocAddress)>), SearchError> {
        let top = TopDocs::with_limit(per_page).and_offset(offset);
        let Some((scored, exact)) = parsed.lone_word_parts(&self.fields.searched()) else {
            let docs = searcher.search(query, &top.order_by_score())?;
            return Ok((searcher.search(query, &Count)?, docs));
        };
        let docs = match crate::exact_first::top(searcher, &scored, &exact, offset + per_page)? {
            Some(docs) => docs.into_iter().skip(offset).collect(),
            None => searcher.search(query, &top.order_by_score())?,
        };
        // The bonus adds no document: the union of the terms counts the same, for less.
        Ok((searcher.search(&scored, &Count)?, docs))
    }

    /// The terms of the searched fields that match `pattern` (a [`QueryWord::letters`]
    /// pattern), at most [`MAX_EXPANSIONS`].
    /// Whether any document has `term` in a searched field.
    fn holds(&self, searcher: &Searcher, term: &str) -> Result<bool, SearchError> {
        for (field, _) in self.fields.searched() {
            if searcher.doc_freq(&Term::from_field_text(field, term))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn terms_matching(
        &self,
        searcher: &Searcher,
        pattern: &str,
    ) -> Result<Vec<String>, SearchError> {
        // Our patterns are letters and character classes; one that does not compile (or whose
        // automaton would be too large) simply expands to nothing.
        let Ok(regex) = tantivy_fst::Regex::new(pattern) else {
            return Ok(Vec::new());
        };
        let mut found = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            for (field, _) in self.fields.searched() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .search(&regex)
                    .into_stream()
                    .map_err(TantivyError::from)?;
                while stream.advance() {
                    if let Ok(term) = std::str::from_utf8(stream.key()) {
                        found.insert(term.to_owned());
                    }
                    if found.len() >= MAX_EXPANSIONS {
                        return Ok(found.into_iter().collect());
                    }
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    /// Runs `write` with the writer, one write at a time.
    fn with_writer(
        &self,
        write: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError>,
    ) -> Result<(), SearchError> {
        // A panic while holding the lock leaves nothing half-done that a commit or rollback
        // would not settle, so a poisoned lock is safe to take over.
        let mut slot = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let writer = match slot.take() {
            Some(writer) => writer,
            None => make_writer(&self.index, self.writer_threads, &self.path)?,
        };
        write(slot.insert(writer))
    }

    /// Commits (or, after a failure, rolls back) and makes the result visible.
    fn finish(
        &self,
        writer: &mut IndexWriter,
        staged: Result<(), TantivyError>,
    ) -> Result<(), SearchError> {
        let committed = staged.and_then(|()| writer.commit().map(drop));
        if let Err(error) = committed {
            // Drop the half-staged batch so that the next commit does not publish it; the
            // caller retries. A failing rollback has nothing more to tell than `error`.
            let _ = writer.rollback();
            return Err(error.into());
        }
        self.reader.reload()?;
        Ok(())
    }

    fn id_term(&self, id: i64) -> Term {
        Term::from_field_i64(self.fields.id, id)
    }

    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mode = Mode::for_language(&doc.language);
        let mut d = TantivyDocument::new();
        d.add_i64(f.id, doc.id);
        d.add_i64(f.published_at, doc.published_at);
        if let Some(facet) = category_facet(&doc.category_path) {
            d.add_facet(f.category, facet);
        }
        d.add_text(f.title, mode.mark(&doc.title));
        d.add_text(f.subtitle, mode.mark(&doc.subtitle));
        d.add_text(f.body, mode.mark(&doc.body));
        for tag in &doc.tags {
            d.add_text(f.tags, mode.mark(tag));
        }
        for author in &doc.authors {
            d.add_text(f.authors, mode.mark(author));
        }
        d.add_text(f.stored_title, &doc.title);
        d.add_text(
            f.stored_body,
            &doc.body[..doc.body.floor_char_boundary(MAX_STORED_BODY)],
        );
        d.add_u64(f.mode, mode.code());
        d.add_text(f.language, &doc.language);
        d
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("directory", &self.index.directory())
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

fn make_writer(
    index: &tantivy::Index,
    threads: usize,
    path: &Path,
) -> Result<IndexWriter, SearchError> {
    index
        .writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)
        .map_err(|error| match error {
            TantivyError::LockFailure(LockError::LockBusy, _) => SearchError::Locked {
                path: path.to_owned(),
            },
            other => other.into(),
        })
}

/// A must-match clause that does not change scores.
fn filter(query: impl Query) -> (Occur, Box<dyn Query>) {
    (
        Occur::Must,
        Box::new(ConstScoreQuery::new(Box::new(query), 0.0)),
    )
}

/// "news/economy", "/news/economy/" → the facet `/news/economy`; nothing left → `None`.
fn category_facet(path: &str) -> Option<Facet> {
    let segments: Vec<String> = path
        .split('/')
        .map(|s| s.trim().chars().filter(|c| !c.is_control()).collect())
        .filter(|s: &String| !s.is_empty())
        .collect();
    (!segments.is_empty()).then(|| Facet::from_path(segments))
}

/// Replaces the index in `path` with an empty one, unless another process writes it.
fn recreate(
    path: &Path,
    schema: Schema,
    reason: &str,
) -> Result<(tantivy::Index, OpenState), SearchError> {
    {
        let directory = open_directory(path)?;
        let _lock = directory
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|error| match error {
                LockError::LockBusy => SearchError::Locked {
                    path: path.to_owned(),
                },
                LockError::IoError(source) => SearchError::Io {
                    path: path.to_owned(),
                    source: std::io::Error::new(source.kind(), source.to_string()),
                },
            })?;
    }
    let io = |source| SearchError::Io {
        path: path.to_owned(),
        source,
    };
    std::fs::remove_dir_all(path).map_err(io)?;
    std::fs::create_dir_all(path).map_err(io)?;
    let directory = open_directory(path)?;
    let index = tantivy::Index::create(directory, schema, IndexSettings::default())?;
    Ok((
        index,
        OpenState::Recreated {
            reason: format!("the index in {} was unusable: {reason}", path.display()),
        },
    ))
}

fn open_directory(path: &Path) -> Result<ReadDirectory, SearchError> {
    Ok(ReadDirectory::open(path)?)
}

/// Best effort: directories of other schema versions are dead weight.
fn remove_old_versions(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let current = format!("v{SCHEMA_VERSION}");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_version = name.len() > 1
            && name.starts_with('v')
            && name[1..].bytes().all(|b| b.is_ascii_digit());
        if is_version && name != current {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

// Shared across the server's tasks.
const _: () = {
    const fn check<T: Send + Sync>() {}
    check::<Index>();
};
