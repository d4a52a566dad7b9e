//! Gazette's full-text index of published articles, on tantivy.
//!
//! The index is derived data: the database is the source of truth, every node keeps its own
//! index on local disk and updates it from the change log ([`Index::upsert`], [`Index::delete`]),
//! and `gazette reindex` rebuilds it ([`Index::clear`], batches of [`Index::upsert`], then
//! [`Index::compact`]).
//! [`Index::open`] never asks an operator to repair anything: an index written by an older
//! schema, or damaged, is recreated empty and [`Index::open_state`] says that a reindex is due.
//!
//! * [`analysis`] — how words become terms: exact, folded (Turkic-correct) and stemmed
//!   (English, Russian) forms stacked in one field; the folding rule is stated there.
//! * [`query`] — the reader's query language (words, quoted phrases), parsed by hand so that
//!   no input fails.
//! * [`index`] — schema, storage, filters, sorting, pagination.
//! * [`highlight`] — `<mark>`-highlighted, HTML-escaped titles and snippets.
//! * [`storage`] — index files read with `pread`, so that the server's RSS stays small.

mod analysis;
mod azerbaijani;
mod exact_first;
mod highlight;
mod index;
mod query;
mod storage;
#[cfg(test)]
mod tests;

pub use index::{Index, OpenState};

/// The counter of searches run (reader's site and API), for the operators' metrics.
pub const QUERIES_METRIC: &str = "gazette_search_queries_total";

/// Longest query a caller should accept (in characters): nobody types more, and longer ones
/// cost time for nothing. The site's page and the API refuse longer ones with a 400.
pub const MAX_QUERY_CHARS: usize = 300;
/// Largest accepted `per_page`; larger values are lowered to it.
pub const MAX_PER_PAGE: u32 = 50;
/// Results past this rank are not served (their page comes back empty, `total` stays right):
/// deep pages cost memory for nothing a reader needs. Refining the query is the way on.
pub const MAX_RESULT_WINDOW: u64 = 10_000;

/// An article as the index sees it. Replace it whole on every change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// The article id; one index entry per id.
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    /// Plain text (no markup) of the body.
    pub body: String,
    pub tags: Vec<String>,
    /// Display names of the authors (and translators).
    pub authors: Vec<String>,
    /// Category slugs from the root, separated by `/`: "news/economy".
    pub category_path: String,
    /// BCP 47 tag of the article's language ("en", "ru", "az", "tr-TR"); decides casing rules.
    pub language: String,
    /// Publication time, unix seconds UTC.
    pub published_at: i64,
}

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest `published_at` first.
    Newest,
}

/// A reader's search. Every field accepts any value: out-of-range ones are clamped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// What the reader typed: words, and phrases in double quotes.
    pub text: String,
    /// Only this category and its subcategories ("news" includes "news/economy").
    pub category_path: Option<String>,
    /// Only articles published at or after this time (unix seconds).
    pub from: Option<i64>,
    /// Only articles published at or before this time (unix seconds).
    pub to: Option<i64>,
    pub sort: Sort,
    /// The reader's interface language (BCP 47), a hint for the query's language: it decides
    /// how `I` is lowercased and which stemmer applies to Latin words. `None`: English rules.
    pub language: Option<String>,
    /// Only articles whose language code is exactly this (a language edition's search).
    pub only_language: Option<String>,
    /// 1-based; 0 is read as 1.
    pub page: u32,
    /// 0 is read as 10; more than [`MAX_PER_PAGE`] is read as [`MAX_PER_PAGE`].
    pub per_page: u32,
}

/// One page of results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// All matching articles, not only this page's.
    pub total: u64,
    pub hits: Vec<Hit>,
}

/// One matching article.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub id: i64,
    /// Relevance score (higher is better); 0 when sorted by [`Sort::Newest`].
    pub score: f32,
    /// The title, HTML-escaped, with matched words in `<mark>`.
    pub title_html: String,
    /// A passage of the body around the best matches, HTML-escaped, matches in `<mark>`,
    /// with "…" where it was cut; the body's start when only other fields matched.
    pub snippet_html: String,
}

/// What can go wrong. Reader input never causes an error; these are operational problems.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Another process (or another `Index` in this one) is writing this directory.
    #[error(
        "the search index at {path} is in use by another process (a running gazette server or \
         reindex?); stop it, or give this process its own index directory"
    )]
    Locked { path: std::path::PathBuf },
    /// The directory cannot be created, read or written.
    #[error(
        "cannot use the search index directory {path}: {source}; check that it exists, is \
         writable by this user and the disk is not full"
    )]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// The search engine failed while reading or writing the index.
    #[error(
        "search index failure: {0}; if it persists, stop the server, delete the index directory \
         and run `gazette reindex`"
    )]
    Engine(#[from] tantivy::TantivyError),
}
