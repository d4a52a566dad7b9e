//! The WordPress import from start to end, in the order its steps depend on each other.
//!
//! Two passes over the file. The first (`scan`) reads it all without writing. The second
//! writes: terms and authors in one transaction, pictures in batches (`pictures`), then
//! posts and pages in batches of [`BATCH`], each batch one transaction, and last the redirects of attachment pages, which need to know where
//! the posts went. Every imported object is recorded by its WordPress id, so a second run
//! skips everything already there (and says so), and a run that was interrupted
//! continues after its last committed batch. `--dry-run` does the same work through a
//! [`DryRun`] writer, which writes nothing.
//!
//! This module only sequences the steps and carries ids from one to the next; what to
//! create is decided in `plan` and how it is written in `write`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use gazette_fetch::{FetchError, FetchPolicy};
use gazette_store::StoreError;

use crate::fields::title_text;
use crate::pictures::{self, PictureTarget};
use crate::plan::{self, posts::PostContext};
use crate::report::Report;
use crate::scan::{Scan, scan};
use crate::write::{Committer, DryRun, ImportWriter};
use crate::wxr::{Record, WxrReader};
use crate::{ImportError, input};

/// Posts and pages per transaction: large enough to be fast, small enough that an
/// interruption loses little.
pub const BATCH: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct WordpressOptions {
    pub file: PathBuf,
    /// A local copy of `wp-content/uploads` (or the directory above it).
    pub uploads: Option<PathBuf>,
    /// Download the attachments not found under `uploads` from their URLs.
    pub download: bool,
    /// The rules downloads follow (private addresses, size, time).
    pub fetch: FetchPolicy,
    pub dry_run: bool,
    /// The site's language, given to posts when the export declares none (`en` if unset).
    pub site_language: Option<String>,
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Parse(#[from] ImportError),
    #[error(
        "the import could not be written (batches already committed are kept; a rerun continues after them)"
    )]
    Store(#[from] StoreError),
    #[error(
        "another import into this site is running ({holder}, since {since}); wait for it to finish. \
         If it was stopped, its lock frees itself within two minutes"
    )]
    AlreadyRunning { holder: String, since: String },
    #[error("cannot download attachments")]
    Fetch(#[from] FetchError),
    #[error("the uploads directory {} does not exist or is not a directory", .0.display())]
    NoUploads(PathBuf),
    #[error("cannot write the picture {}", path.display())]
    Media {
        path: PathBuf,
        #[source]
        source: gazette_media::MediaError,
    },
    #[error("cannot store the picture {path}")]
    Stored {
        path: String,
        #[source]
        source: gazette_media::MediaStoreError,
    },
}

/// Runs the import into `writer` (through a [`DryRun`] with `options.dry_run`), writing
/// pictures to `pictures`. `progress(phase, done, total)` is called now and then.
pub async fn import_wordpress<W: ImportWriter>(
    writer: &W,
    pictures: PictureTarget<'_>,
    options: &WordpressOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, PipelineError> {
    if let Some(dir) = &options.uploads
        && !dir.is_dir()
    {
        return Err(PipelineError::NoUploads(dir.clone()));
    }
    let scan = scan(&options.file, progress)?;
    if options.dry_run {
        run(&DryRun::new(writer), &scan, pictures, options, progress).await
    } else {
        run(writer, &scan, pictures, options, progress).await
    }
}

/// The second pass, after a successful scan.
async fn run<W: ImportWriter>(
    writer: &W,
    scan: &Scan,
    target: PictureTarget<'_>,
    options: &WordpressOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, PipelineError> {
    let mut report = Report {
        dry_run: options.dry_run,
        site: scan.site.clone(),
        wxr_version: scan.wxr_version.clone(),
        language: scan
            .language
            .clone()
            .or_else(|| options.site_language.clone())
            .unwrap_or_else(|| "en".to_owned()),
        site_language: options.site_language.clone(),
        ..Report::default()
    };
    let committer = Committer {
        writer,
        site: scan.site.clone(),
    };
    let ids = terms_and_authors(scan, &committer, &mut report).await?;
    let pictures =
        pictures::import(scan, &committer, target, options, &mut report, progress).await?;
    let language = report.language.clone();
    let context = PostContext {
        hosts: &scan.hosts,
        categories: &ids.categories,
        tags: &ids.tags,
        authors: &ids.authors,
        pictures: &pictures,
        language: &language,
    };
    let posts = posts_and_pages(&options.file, &context, &committer, &mut report, progress).await?;
    let mut batch = committer.batch();
    plan::attachment_redirects(scan, &posts, &pictures, &mut batch);
    committer.commit(batch, &mut report).await?;
    Ok(report)
}

/// Gazette ids of the terms and authors, by what posts call them.
struct TermIds {
    /// Category nicename → category id.
    categories: HashMap<String, i64>,
    /// Tag nicename → tag id.
    tags: HashMap<String, i64>,
    /// Login → author id.
    authors: HashMap<String, i64>,
}

/// Plans and writes the categories, tags and authors in one transaction.
async fn terms_and_authors<W: ImportWriter>(
    scan: &Scan,
    committer: &Committer<'_, W>,
    report: &mut Report,
) -> Result<TermIds, PipelineError> {
    let mut batch = committer.batch();
    let mut category_map = committer.imported("category").await?;
    let mut tag_map = committer.imported("tag").await?;
    let mut author_map = committer.imported("author").await?;
    let categories = plan::categories(scan, &category_map, &mut batch, report);
    plan::tags(scan, &tag_map, &mut batch, report);
    let logins = plan::authors(scan, &author_map, &mut batch, report);
    for ((kind, wp), id) in committer.commit(batch, report).await? {
        let entry = (id, String::new());
        match kind {
            "category" => category_map.insert(wp, entry),
            "tag" => tag_map.insert(wp, entry),
            "author" => author_map.insert(wp, entry),
            _ => None,
        };
    }
    let by_wp = |pairs: Vec<(String, i64)>, map: &HashMap<i64, (i64, String)>| {
        pairs
            .into_iter()
            .filter_map(|(name, wp)| map.get(&wp).map(|(id, _)| (name, *id)))
            .collect::<HashMap<String, i64>>()
    };
    let tags = scan.tags.iter().map(|t| (t.slug.clone(), t.id)).collect();
    Ok(TermIds {
        categories: by_wp(categories, &category_map),
        tags: by_wp(tags, &tag_map),
        authors: by_wp(logins.into_iter().collect(), &author_map),
    })
}

/// The second read of the file: plans each post and page not imported before and writes
/// them in batches of [`BATCH`]; returns `post wp_id → article id` of every imported post.
async fn posts_and_pages<W: ImportWriter>(
    file: &Path,
    context: &PostContext<'_>,
    committer: &Committer<'_, W>,
    report: &mut Report,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<HashMap<i64, i64>, PipelineError> {
    let post_map = committer.imported("post").await?;
    let page_map = committer.imported("page").await?;
    let opened = input::open(file)?;
    let (size, read) = (opened.size, opened.read.clone());
    let mut reader = WxrReader::new(opened.reader);
    let mut pending = committer.batch();
    let mut imported: HashMap<i64, i64> = post_map.iter().map(|(wp, (id, _))| (*wp, *id)).collect();
    let mut seen = 0u64;
    loop {
        let record = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            // The file changed between the passes.
            Err(e) => return Err(input::with_position(file, e).into()),
        };
        let Record::Item(item) = record else { continue };
        let is_page = match item.post_type.as_str() {
            "attachment" => continue,
            "post" => false,
            "page" => true,
            other => {
                report.skip(format!("items of type `{other}` (not imported)"), || {
                    format!("{other} {} “{}”", item.id, title_text(&item.title))
                });
                continue;
            }
        };
        seen += 1;
        if seen.is_multiple_of(64) {
            progress("Importing", read.load(Ordering::Relaxed), size);
        }
        let map = if is_page { &page_map } else { &post_map };
        if map.contains_key(&item.id) {
            report.existing(if is_page { "page" } else { "post" });
            continue;
        }
        context.plan(&item, &mut pending, report);
        if pending.articles.len() + pending.pages.len() >= BATCH {
            let full = std::mem::replace(&mut pending, committer.batch());
            imported.extend(committer.commit_posts(full, report).await?);
        }
    }
    imported.extend(committer.commit_posts(pending, report).await?);
    progress("Importing", size, size);
    Ok(imported)
}
