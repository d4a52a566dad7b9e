//! `gazette import wordpress`: the command's entry point. The pipeline itself (reading
//! the export, deciding what to create, fetching pictures, writing batches) lives in
//! `gazette-import`; this module supplies what only the binary knows: the store to write
//! to, the site's language, the picture widths the web theme serves, and the lease that
//! lets one import at a time write into a site. The flags are parsed in `main.rs`, which
//! also draws the progress bar and prints the report.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use gazette_import::PictureTarget;
use gazette_store::Store;
use time::OffsetDateTime;

pub use gazette_import::{BATCH, PipelineError as ImportCommandError, Report, WordpressOptions};

/// The lease that keeps two imports from writing into one site at once (on SQLite the
/// second would not see the first's uncommitted posts and would create each again).
const LEASE: &str = "import";
/// How long the lease outlives its last renewal: a killed import frees it after this.
const LEASE_SECS: i64 = 120;

/// Runs the import into `store`, writing pictures into `media`. `progress(phase,
/// done, total)` is called now and then.
pub async fn import_wordpress(
    store: &Store,
    media: &gazette_media::MediaStore,
    options: &WordpressOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, ImportCommandError> {
    // Posts of an export that declares no language get the site's.
    let mut options = options.clone();
    if options.site_language.is_none() {
        options.site_language = Some(store.settings().await?.language);
    }
    let pictures = PictureTarget {
        store: media,
        widths: gazette_web::IMAGE_WIDTHS,
    };
    if options.dry_run {
        return gazette_import::import_wordpress(store, pictures, &options, progress).await;
    }
    let holder = holder_name();
    if let Some(held) = store
        .take_lease(LEASE, &holder, crate::unix_now(), LEASE_SECS)
        .await?
    {
        return Err(ImportCommandError::AlreadyRunning {
            holder: held.holder,
            since: OffsetDateTime::from_unix_timestamp(held.taken_at)
                .map(|t| format!("{} {:02}:{:02} UTC", t.date(), t.hour(), t.minute()))
                .unwrap_or_default(),
        });
    }
    let renewer = tokio::spawn({
        let (store, holder) = (store.clone(), holder.clone());
        async move {
            loop {
                tokio::time::sleep(Duration::from_secs(LEASE_SECS as u64 / 4)).await;
                if let Err(e) = store
                    .renew_lease(LEASE, &holder, crate::unix_now(), LEASE_SECS)
                    .await
                {
                    tracing::warn!("could not renew the import's lease: {e}");
                }
            }
        }
    });
    let result = gazette_import::import_wordpress(store, pictures, &options, progress).await;
    renewer.abort();
    let released = store.release_lease(LEASE, &holder).await;
    let report = result?;
    released?;
    Ok(report)
}

/// Names this run for whoever finds the import lease taken: process, machine, and a
/// number that tells two runs of one process apart (the tests run several).
fn holder_name() -> String {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this machine".to_owned());
    let run = RUNS.fetch_add(1, Ordering::Relaxed) + 1;
    format!("process {} on {host}, run {run}", std::process::id())
}
