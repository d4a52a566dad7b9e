//! Gazette's domain: the content model and the pure logic around it (slugs, reading time,
//! Markdown to safe HTML, excerpts, related articles, the newsroom's permission matrix).
//! No I/O happens in this crate.

pub mod bots;
pub mod format;
pub mod lang;
pub mod markdown;
pub mod model;
pub mod permissions;
pub mod related;
pub mod sanitize;
pub mod slug;
pub mod text;
