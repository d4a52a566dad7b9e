//! `/admin/desk`: the feed desk (issue 14), for editors and admins (`ManageSources`).
//! The sources screen (health, add with a discovery step, edit, deactivate, OPML), and
//! the inbox of fetched items with its filters; both work without JavaScript.

pub mod opml;

pub use opml::{opml_of, sources_from_opml};
