//! Gazette's storage: one set of SQL over SQLite and PostgreSQL through sqlx's `Any` driver.
//!
//! Times are stored as unix seconds and flags as 0/1 integers because `Any` decodes neither
//! timestamps nor booleans on both backends; every write runs in one transaction that also
//! appends to the `changes` log, which page caches and search indexes follow.

#[path = "accounts/mod.rs"]
mod accounts;
#[path = "articles/query.rs"]
mod api;
mod audit;
mod bulk;
#[path = "taxonomy/categories.rs"]
mod categories_admin;
mod changes;
mod connect;
#[path = "articles/workflow.rs"]
mod editorial;
mod error;
mod import;
#[path = "articles/index.rs"]
mod indexing;
mod jobs;
mod like;
#[path = "media.rs"]
mod media_library;
mod migrate;
#[path = "articles/read.rs"]
mod reader;
mod redirects;
mod rows;
mod schema;
#[path = "pages.rs"]
mod site_admin;
#[path = "accounts/staff.rs"]
mod staff;
#[path = "articles/syndication.rs"]
mod syndication;
mod taxonomy;
#[path = "articles/views.rs"]
mod views;
mod write;

pub use accounts::{Failures, NewUser, Redemption, Session, TokenKind, User, normalize_email};
pub use api::{ArticleQuery, PageEntry};
pub use audit::{Actor, AuditEntry};
pub use categories_admin::{CategoryFields, CategoryUse};
pub use changes::Change;
pub use connect::{Backend, Store};
pub use editorial::{
    ArticleInput, ArticleListFilter, ArticleRow, Choice, EditableArticle, MediaChoice, Revision,
};
pub use error::StoreError;
pub use import::{
    CategoryParent, ImportArticle, ImportAuthor, ImportBatch, ImportCategory, ImportMedia,
    ImportPage, ImportRedirect, ImportTag, ImportedIds, PreparedBody, REDIRECT_QUERY_KEYS,
    redirect_key,
};
pub use indexing::IndexableArticle;
pub use jobs::{Job, JobKind, MAX_ATTEMPTS, PendingPublication, Published};
pub use media_library::{
    Deletion, MediaEntry, MediaListing, MediaQuery, MediaUsage, NewUpload, Recorded,
};
pub use reader::{ArticleFilter, Listing, ReadWindow};
pub use schema::{SchemaOutline, TableOutline};
pub use site_admin::{PageInput, TagList, TagUsage};
pub use staff::{AuditFilter, AuditLine, StaffMember};
pub use syndication::SitemapEntry;
pub use views::ViewBatch;
pub use write::{NewArticle, NewAuthor, NewCategory, NewMedia, NewPage, NewTag};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
