//! Feeds (RSS 2.0, Atom, JSON Feed) and sitemaps (index, monthly, Google News), written
//! from plain data so the formats can be tested without a server.
//!
//! XML is written by hand rather than with an XML library: the documents have a fixed shape,
//! and all that matters is escaping text and dropping characters XML 1.0 forbids, which
//! [`xml::text`] does in a few lines.

pub mod feeds;
pub mod sitemaps;
pub mod xml;
