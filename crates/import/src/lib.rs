//! Importing other systems' content into Gazette, starting with WordPress: a streaming
//! reader for WordPress eXtended RSS (WXR 1.0–1.2, plain or gzipped) and the cleanup that
//! turns WordPress post HTML into Gazette bodies. Pure logic: no database and no network;
//! the `gazette import` command wires these to the store and the media library.

pub mod clean;
mod error;
pub mod input;
pub mod pipeline;
pub mod wxr;

pub use error::{ImportError, Position};
