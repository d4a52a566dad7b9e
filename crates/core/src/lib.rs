//! Gazette's domain: the content model and the pure logic around it (slugs, reading time,
//! Markdown to safe HTML, excerpts, related articles, the newsroom's permission matrix) and
//! the rules every other crate follows: what readers may see, the editorial workflow, field
//! limits, derived article fields, the URL scheme and the names written to the change and
//! audit logs.
//! No I/O happens in this crate.

pub mod article_input;
pub mod audit;
pub mod bots;
pub mod changes;
pub mod collate;
pub mod derived;
pub mod desk_source;
pub mod digest;
pub mod editorial;
pub mod enum_names;
pub mod format;
pub mod lang;
pub mod limits;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod near_duplicates;
pub mod permissions;
pub mod problem;
pub mod related;
pub mod sanitize;
pub mod slug;
pub mod text;
pub mod urls;
pub mod visibility;
pub mod workflow;
