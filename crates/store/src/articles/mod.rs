//! The article aggregate: an article's row, its reads (site, API, feeds, search index,
//! editor) and its writes, kept together so a change to the `articles` table has one place
//! to look.
//!
//! The row types shared by several of these files live here; each submodule holds one
//! audience's reads or one kind of write.

mod editor;
mod index;
mod lifecycle;
mod query;
mod read;
mod syndication;
mod translations;
mod views;
pub(crate) mod workflow;
mod write;

pub use editor::{ArticleListFilter, ArticleListRow, EditableArticle, Revision};
pub use index::IndexableArticle;
pub use query::ArticleQuery;
pub use query::LanguageEdition;
pub use read::{ArticleFilter, Listing, ReadWindow};
pub use syndication::SitemapEntry;
pub use translations::Version;
pub(crate) use translations::edition_sql;
pub use views::{ViewBatch, ViewMark};
pub use workflow::ArticleInput;
pub(crate) use workflow::insert_draft;
pub use write::NewArticle;

/// Columns of `articles a` that a list item needs.
pub(crate) const SUMMARY_COLS: &str = "a.id, a.slug, a.title, a.subtitle, a.excerpt, a.kind, \
     a.language, a.category_id, a.featured_media_id, a.published_at, a.reading_minutes, a.views";

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub kind: String,
    pub language: String,
    pub category_id: Option<i64>,
    pub featured_media_id: Option<i64>,
    pub published_at: Option<i64>,
    pub reading_minutes: i64,
    pub views: i64,
}

/// A whole `articles` row: a list item's columns (`SUMMARY_COLS`) and the rest
/// (`RECORD_COLS`), from which the reader's article page and the editor's form are built;
/// not to be confused with [`ArticleListRow`], one line of the newsroom's list.
#[derive(sqlx::FromRow)]
pub(crate) struct ArticleRecord {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub body_markdown: String,
    pub body_html: String,
    pub status: String,
    pub source_outlet: Option<String>,
    pub source_url: Option<String>,
    pub source_language: Option<String>,
    pub source_published_at: Option<i64>,
    pub modified_at: i64,
    pub word_count: i64,
}

/// Columns of `articles a` that an [`ArticleRecord`] needs besides `SUMMARY_COLS`.
pub(crate) const RECORD_COLS: &str = "a.body_markdown, a.body_html, a.status, \
     a.source_outlet, a.source_url, a.source_language, a.source_published_at, a.modified_at, \
     a.word_count";
