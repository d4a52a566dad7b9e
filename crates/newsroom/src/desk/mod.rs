//! `/admin/desk`: the feed desk (issue 14), for editors and admins (`ManageSources`).
//! The sources screen (health, add with a discovery step, edit, deactivate, OPML), and
//! the inbox of fetched items with its filters, from which an item becomes a translation
//! or reprint draft; all of it works without JavaScript.

mod discover;
mod inbox;
pub mod opml;
pub(crate) mod sources;

pub use opml::{opml_of, sources_from_opml};

use crate::table::Routes;

pub(crate) fn routes(r: Routes) -> Routes {
    inbox::routes(sources::routes(r))
}
