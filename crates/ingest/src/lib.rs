//! The feed desk's pure half: everything Gazette does with what a source site sends,
//! without any I/O, so each step is unit-tested on fixtures and fuzzed. Fetching lives in
//! `gazette-fetch`, storing in `gazette-store`, scheduling in the binary.
//!
//! - [`parse_feed`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed (feed-rs) and Google News
//!   sitemaps, into one [`ParsedFeed`] with sanitised HTML;
//! - [`discover`]: the feeds a web page announces, and the usual paths to try;
//! - [`identity`]: the key that makes an item the same item on every fetch;
//! - [`extract`]: the article text of a fetched page (Readability or a CSS selector);
//! - [`opml`]: reading and writing source lists;
//! - [`robots`]: whether a site's robots.txt lets Gazette fetch a page.

pub mod discover;
mod error;
pub mod extract;
mod feed;
pub mod identity;
pub mod opml;
pub mod robots;
mod sitemap;
mod xml;

pub use error::ParseError;
pub use feed::{FeedItem, FeedKind, ParsedFeed, parse_feed};
