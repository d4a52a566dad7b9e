//! The feed desk's tables (`desk_sources`, `desk_items`, `desk_item_versions`, migration
//! 0009; story clusters and alerts, 0015): the outlets the newsroom follows, what they published, and what an item said
//! before it changed. Sources are kept here, their fetch rounds recorded (one transaction
//! per source and round, so a crash mid-round loses and duplicates nothing), and the
//! inbox read back with its filters.

mod alerts;
mod items;
mod rounds;
mod sources;
mod stories;

pub use alerts::{DeskAlert, MAX_ALERT_CHARS, MAX_ALERTS};
pub use items::{DeskItem, DeskItemRow, DeskItemVersion, InboxFilter, InboxPage, RawPage};
pub use rounds::{ItemInput, RoundCounts, RoundInput};
pub use sources::{DeskSource, SourceHealth, SourceInput};
pub use stories::StoryMember;

/// Inbox rows per page.
pub const INBOX_PAGE: i64 = 50;
