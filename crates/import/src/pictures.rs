//! Bringing in the attachments: each new one is found under a local copy of
//! `wp-content/uploads` or, with `--download`, fetched from its URL through
//! `gazette-fetch` (so private addresses are refused unless allowed), then written to the
//! media directory with its variants by `gazette-media`, and recorded in batches. A few
//! downloads run ahead of the loop; one that fails is reported as skipped with its reason
//! and the import goes on. The result maps old upload paths and attachment ids to the new
//! files, which is what post bodies and featured images are rewritten with.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use gazette_fetch::{FetchError, Fetched, Fetcher};
use gazette_store::{ImportMedia, NewMedia};

use crate::clean::Resolver;
use crate::fields::url_path;
use crate::pipeline::{PipelineError, WordpressOptions};
use crate::report::Report;
use crate::scan::{Attachment, Scan};
use crate::write::{Committer, ImportMap, ImportWriter};

/// Pictures per transaction.
const MEDIA_BATCH: usize = 50;
/// Downloads running at once: enough to hide latency, few enough not to hammer the old
/// server.
const PARALLEL_DOWNLOADS: usize = 4;

/// Where pictures go: the media store and the widths of the variants to make.
#[derive(Debug, Clone, Copy)]
pub struct PictureTarget<'a> {
    pub store: &'a gazette_media::MediaStore,
    pub widths: &'a [u32],
}

/// The imported (or earlier imported) attachments, as post bodies refer to them.
#[derive(Debug, Default)]
pub(crate) struct Pictures {
    /// Path below `wp-content/uploads/` → path in the media directory.
    pub(crate) by_relative: HashMap<String, String>,
    /// Attachment id → (path in the media directory, alt text, caption).
    pub(crate) by_id: HashMap<i64, (String, String, String)>,
    /// Attachment id → media id, for pictures (featured images).
    pub(crate) featured: HashMap<i64, i64>,
}

impl Resolver for Pictures {
    fn upload(&self, relative: &str) -> Option<String> {
        self.by_relative
            .get(relative)
            .map(|p| format!("/media/{}", url_path(p)))
    }
    fn attachment(&self, id: i64) -> Option<(String, String, String)> {
        self.by_id
            .get(&id)
            .map(|(p, a, c)| (format!("/media/{}", url_path(p)), a.clone(), c.clone()))
    }
}

/// Where an attachment's file comes from.
enum Source {
    Local(PathBuf),
    Download(String),
}

type Download = tokio::task::JoinHandle<Result<Fetched, FetchError>>;

/// Downloads started ahead of the loop, in plan order, so the loop takes each result
/// when it reaches its attachment. Dropped early (the import stopped on an error), they
/// are cancelled rather than left running.
struct Downloads {
    fetcher: Option<Fetcher>,
    queue: VecDeque<String>,
    window: VecDeque<Download>,
}

impl Downloads {
    fn fill(&mut self) {
        let Some(fetcher) = &self.fetcher else { return };
        while self.window.len() < PARALLEL_DOWNLOADS {
            let Some(url) = self.queue.pop_front() else {
                return;
            };
            let fetcher = fetcher.clone();
            self.window
                .push_back(tokio::spawn(async move { fetcher.get(&url).await }));
        }
    }

    /// The next download's result, starting another; `None` when none was started.
    async fn next(
        &mut self,
    ) -> Option<Result<Result<Fetched, FetchError>, tokio::task::JoinError>> {
        let handle = self.window.pop_front()?;
        let result = handle.await;
        self.fill();
        Some(result)
    }
}

impl Drop for Downloads {
    fn drop(&mut self) {
        for handle in &self.window {
            handle.abort();
        }
    }
}

/// File names WordPress gives pictures: a download with such a name that is not a
/// picture is an error page, not the file.
fn picture_name(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp", ".gif"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn find_upload(dir: &Path, relative: &str) -> Option<PathBuf> {
    ["", "uploads", "wp-content/uploads"]
        .iter()
        .map(|sub| dir.join(sub).join(relative))
        .find(|p| p.is_file())
}

/// Imports the attachments not imported before; `progress("Downloading", done, total)`
/// is called after each download.
pub(crate) async fn import<W: ImportWriter>(
    scan: &Scan,
    committer: &Committer<'_, W>,
    target: PictureTarget<'_>,
    options: &WordpressOptions,
    report: &mut Report,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Pictures, PipelineError> {
    let existing = committer.imported("attachment").await?;
    let mut out = Pictures::default();
    let plan = choose_sources(scan, &existing, options, report, &mut out);
    let queue: VecDeque<String> = plan
        .iter()
        .filter_map(|(_, _, s)| match s {
            Source::Download(url) => Some(url.clone()),
            Source::Local(_) => None,
        })
        .collect();
    let planned = queue.len() as u64;
    report.download_planned = planned;
    // A dry run fetches nothing: it only says how many it would.
    let fetcher = if planned > 0 && !options.dry_run {
        Some(Fetcher::new(options.fetch.clone())?)
    } else {
        None
    };
    let mut downloads = Downloads {
        fetcher,
        queue,
        window: VecDeque::new(),
    };
    downloads.fill();
    let mut fetched_so_far = 0u64;

    let mut batch = committer.batch();
    let mut info: HashMap<i64, (String, String, String)> = HashMap::new();
    let mut not_pictures: HashSet<i64> = HashSet::new();
    for (a, rel, source) in &plan {
        let (a, rel) = (*a, *rel);
        let bytes = match source {
            Source::Local(file) => match std::fs::read(file) {
                Ok(b) => b,
                Err(e) => {
                    report.skip("attachments whose file cannot be read", || {
                        format!("{}: {e}", file.display())
                    });
                    continue;
                }
            },
            Source::Download(_) if options.dry_run => Vec::new(),
            Source::Download(url) => {
                let Some(result) = downloads.next().await else {
                    continue;
                };
                fetched_so_far += 1;
                progress("Downloading", fetched_so_far, planned);
                match checked_download(a, rel, url, result, report) {
                    Some(bytes) => bytes,
                    None => continue,
                }
            }
        };
        let path = format!("wp/{rel}");
        let (media, picture) =
            write_file(a, rel, &path, &bytes, target, options.dry_run, report).await?;
        if !picture && !options.dry_run {
            not_pictures.insert(a.id);
        }
        out.by_relative.insert(rel.to_owned(), path.clone());
        info.insert(a.id, (path, a.alt.clone(), a.caption.clone()));
        batch.media.push(ImportMedia { wp_id: a.id, media });
        if batch.media.len() >= MEDIA_BATCH {
            let full = std::mem::replace(&mut batch, committer.batch());
            for ((_, wp), id) in committer.commit(full, report).await? {
                out.featured.insert(wp, id);
            }
        }
    }
    for ((_, wp), id) in committer.commit(batch, report).await? {
        out.featured.insert(wp, id);
    }
    // Only pictures can be featured images.
    out.featured.retain(|wp, _| !not_pictures.contains(wp));
    out.by_id.extend(info);
    Ok(out)
}

/// Decides where each new attachment comes from before fetching anything; attachments
/// imported before go straight into `out`, those that cannot be had are skipped.
fn choose_sources<'s>(
    scan: &'s Scan,
    existing: &ImportMap,
    options: &WordpressOptions,
    report: &mut Report,
    out: &mut Pictures,
) -> Vec<(&'s Attachment, &'s str, Source)> {
    let mut plan = Vec::new();
    for a in &scan.attachments {
        if let Some((id, path)) = existing.get(&a.id) {
            report.existing("attachment");
            if let Some(rel) = &a.relative {
                out.by_relative.insert(rel.clone(), path.clone());
            }
            out.by_id
                .insert(a.id, (path.clone(), a.alt.clone(), a.caption.clone()));
            out.featured.insert(a.id, *id);
            continue;
        }
        let Some(rel) = &a.relative else {
            report.skip("attachments without a file name", || {
                format!("attachment {} “{}”", a.id, a.title)
            });
            continue;
        };
        let local = options.uploads.as_ref().and_then(|d| find_upload(d, rel));
        let source = match (local, options.download, &options.uploads) {
            (Some(path), _, _) => Source::Local(path),
            (None, true, _) => match &a.url {
                Some(url) => Source::Download(url.clone()),
                None => {
                    report.skip(
                        "attachments without an http(s) URL to download from",
                        || format!("attachment {} `{rel}`", a.id),
                    );
                    continue;
                }
            },
            (None, false, None) => {
                report.skip(
                    "attachments not copied: no --uploads DIR given (nor --download)",
                    || format!("attachment {} `{rel}`", a.id),
                );
                continue;
            }
            (None, false, Some(_)) => {
                report.skip(
                    "attachments whose file is not in the uploads directory (add --download to fetch them)",
                    || format!("attachment {} `{rel}`", a.id),
                );
                continue;
            }
        };
        plan.push((a, rel.as_str(), source));
    }
    plan
}

/// The bytes of a finished download, or `None` (recorded as skipped) when it failed or
/// brought back something that is plainly not the picture.
fn checked_download(
    a: &Attachment,
    rel: &str,
    url: &str,
    result: Result<Result<Fetched, FetchError>, tokio::task::JoinError>,
    report: &mut Report,
) -> Option<Vec<u8>> {
    let fetched = match result {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => {
            report.skip(
                format!("attachments not downloaded: {}", e.reason()),
                || format!("attachment {} `{rel}`: {e}", a.id),
            );
            return None;
        }
        Err(e) => {
            report.skip("attachments not downloaded: the download failed", || {
                format!("attachment {} {url}: {e}", a.id)
            });
            return None;
        }
    };
    let html = fetched.content_type.as_deref().is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("text/html")
    });
    if gazette_media::sniff(&fetched.bytes).is_none() && (html || picture_name(rel)) {
        report.skip(
            "attachments not downloaded: the server sent something that is not a picture",
            || {
                format!(
                    "attachment {} {url}: got {}",
                    a.id,
                    fetched.content_type.as_deref().unwrap_or("no content type")
                )
            },
        );
        return None;
    }
    report.downloaded += 1;
    Some(fetched.bytes)
}

/// Writes the file and its variants (not in a dry run) and describes it for the store;
/// also says whether it is a picture (JPEG, PNG or WebP) with variants.
async fn write_file(
    a: &Attachment,
    rel: &str,
    path: &str,
    bytes: &[u8],
    target: PictureTarget<'_>,
    dry_run: bool,
    report: &mut Report,
) -> Result<(NewMedia, bool), PipelineError> {
    let picture =
        if dry_run {
            None
        } else {
            let (picture, files) = gazette_media::import_files(bytes, path, target.widths)
                .map_err(|source| PipelineError::Media {
                    path: PathBuf::from(path),
                    source,
                })?;
            // The variants first, the original last: a rerun after a crash finds the row
            // missing and writes the same files again.
            target
                .store
                .put_all(files)
                .await
                .map_err(|source| PipelineError::Stored {
                    path: path.to_owned(),
                    source,
                })?;
            picture
        };
    if picture.is_none() && !dry_run {
        report.warn(
            "attachments that are not JPEG, PNG or WebP pictures (copied, no variants)",
            || format!("attachment {} `{rel}`", a.id),
        );
    }
    let is_picture = picture.is_some();
    let (mime, width, height, variant_widths) = match picture {
        Some(p) => (p.mime.to_owned(), p.width, p.height, p.variant_widths),
        None => ("application/octet-stream".to_owned(), 0, 0, Vec::new()),
    };
    let media = NewMedia {
        path: path.to_owned(),
        mime,
        width,
        height,
        alt: if a.alt.is_empty() {
            a.title.clone()
        } else {
            a.alt.clone()
        },
        caption: a.caption.clone(),
        credit: String::new(),
        variant_widths,
    };
    Ok((media, is_picture))
}
