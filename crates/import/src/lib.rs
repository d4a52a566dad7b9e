//! Importing other systems' content into Gazette, starting with WordPress: a streaming
//! reader for WordPress eXtended RSS (WXR 1.0–1.2, plain or gzipped), the cleanup that
//! turns WordPress post HTML into Gazette bodies, and the pipeline that brings a whole
//! export in: `scan` the file, `plan` what to create, bring in the `pictures`, `write`
//! batches through an [`ImportWriter`] and `report` what happened. The `gazette import`
//! command only supplies options, a progress display and the store.

pub mod clean;
mod error;
mod fields;
pub mod input;
mod pictures;
pub mod pipeline;
mod plan;
mod report;
mod scan;
mod write;
pub mod wxr;

pub use error::{ImportError, Position};
pub use pictures::PictureTarget;
pub use pipeline::{BATCH, PipelineError, WordpressOptions, import_wordpress};
pub use report::Report;
pub use write::{DryRun, ImportMap, ImportWriter};
