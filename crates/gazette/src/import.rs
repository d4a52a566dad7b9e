//! `gazette import wordpress`: the command's entry point. The pipeline itself (reading
//! the export, deciding what to create, fetching pictures, writing batches) lives in
//! `gazette-import`; this module supplies what only the binary knows: the store to write
//! to, the site's language and the picture widths the web theme serves. The flags are parsed in `main.rs`,
//! which also draws the progress bar and prints the report.

use std::path::Path;

use gazette_import::PictureTarget;
use gazette_store::Store;

pub use gazette_import::{BATCH, PipelineError as ImportCommandError, Report, WordpressOptions};

/// Runs the import into `store`, writing pictures under `media_dir`. `progress(phase,
/// done, total)` is called now and then.
pub async fn import_wordpress(
    store: &Store,
    media_dir: &Path,
    options: &WordpressOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, ImportCommandError> {
    // Posts of an export that declares no language get the site's.
    let mut options = options.clone();
    if options.site_language.is_none() {
        options.site_language = Some(store.settings().await?.language);
    }
    let pictures = PictureTarget {
        dir: media_dir,
        widths: gazette_web::IMAGE_WIDTHS,
    };
    gazette_import::import_wordpress(store, pictures, &options, progress).await
}
