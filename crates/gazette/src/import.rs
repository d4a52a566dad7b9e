//! `gazette import wordpress`: the command's options and its entry point. The pipeline
//! itself (reading the export, deciding what to create, fetching pictures, writing
//! batches) lives in `gazette-import`; this module only supplies what the binary knows and
//! that crate must not: the picture widths the web theme serves.

use std::path::Path;

use gazette_store::Store;

pub use gazette_import::pipeline::{BATCH, ImportCommandError, Report, WordpressOptions};

/// Runs the import into `store`, writing pictures under `media_dir`. `progress(phase,
/// done, total)` is called now and then.
pub async fn import_wordpress(
    store: &Store,
    media_dir: &Path,
    options: &WordpressOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, ImportCommandError> {
    gazette_import::pipeline::import_wordpress(
        store,
        media_dir,
        gazette_web::IMAGE_WIDTHS,
        options,
        progress,
    )
    .await
}
