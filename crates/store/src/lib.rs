//! Gazette's storage: one set of SQL over SQLite and PostgreSQL through sqlx's `Any` driver.
//!
//! Times are stored as unix seconds and flags as 0/1 integers because `Any` decodes neither
//! timestamps nor booleans on both backends; every write runs in one transaction that also
//! appends to the `changes` log, which page caches and search indexes follow.

// The aggregates: each holds one group of tables with its rows, reads and writes.
mod accounts;
mod api_keys;
mod api_rate;
mod articles;
mod audit;
mod authors;
mod changes;
mod consents;
mod desk;
mod digest;
mod import;
mod jobs;
mod leases;
mod media;
mod pages;
mod redirects;
mod settings;
mod taxonomy;

// Infrastructure shared by the aggregates.
mod args;
mod bulk;
mod connect;
mod decode;
mod error;
mod like;
mod migrate;
mod rows;
mod run;
mod schema;
mod snapshot;
#[cfg(feature = "testing")]
pub mod testing;
mod write;

pub use accounts::{
    Failures, NewUser, Redemption, Session, StaffMember, TokenKind, User, normalize_email,
};
pub use api_keys::{ApiKey, NewApiKey};
pub use articles::{
    ArticleFilter, ArticleInput, ArticleListFilter, ArticleListRow, ArticleQuery, EditableArticle,
    IndexableArticle, LanguageEdition, Listing, NewArticle, ReadWindow, Revision, SitemapEntry,
    Version, ViewBatch, ViewMark,
};
pub use audit::{Actor, AuditEntry, AuditFilter, AuditLine, KeyActor};
pub use authors::{Choice, NewAuthor};
pub use changes::{BadPosition, Change, ChangeCursor, ChangePosition, Resume};
pub use connect::{Backend, Store};
pub use desk::{
    DeskAlert, DeskItem, DeskItemRow, DeskItemVersion, DeskSource, INBOX_PAGE, InboxFilter,
    InboxPage, ItemInput, MAX_ALERT_CHARS, MAX_ALERTS, RawPage, RoundCounts, RoundInput,
    SourceHealth, SourceInput, StoryMember,
};
pub use digest::{
    AttemptLimits, Claimed, DayNumbers, DeliveryCounts, DeliveryOutcome, Edition, EditionStatus,
    NewEdition, SubscribeOutcome, SubscribeRequest, Subscriber, SubscriberExport,
};
pub use error::StoreError;
pub use import::{
    CategoryParent, ImportArticle, ImportAuthor, ImportBatch, ImportCategory, ImportMedia,
    ImportPage, ImportRedirect, ImportTag, ImportedIds, PreparedBody, REDIRECT_QUERY_KEYS,
    redirect_key,
};
pub use jobs::{Job, JobKind, MAX_ATTEMPTS, PendingPublication, Published};
pub use leases::LeaseHolder;
pub use media::{
    Deletion, MediaChoice, MediaEntry, MediaListing, MediaQuery, MediaUsage, NewMedia, NewUpload,
    Recorded,
};
pub use pages::{NewPage, PageEntry, PageInput};
pub use schema::{SchemaOutline, TableOutline};
pub use snapshot::ContentCounts;
pub use taxonomy::{CategoryFields, CategoryUse, NewCategory, NewTag, TagList, TagUsage};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
