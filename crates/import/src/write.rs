//! Applying a plan: the pipeline hands whole batches to an [`ImportWriter`] and learns
//! back the ids they got, which is all it needs from a database.
//!
//! Where things live, and why: the batch types ([`ImportBatch`] and its parts) stay in
//! `gazette-store`, next to the one transaction that writes them, and this crate depends
//! on the store for them. The trait is defined here, by the code that uses it, and
//! implemented here for [`Store`] (a thin wrapper over `Store::import_batch` and
//! `Store::import_map`), so the store knows nothing about WordPress pipelines and the
//! graph stays one way: binary → import → store → core. The other implementation is
//! [`DryRun`], which answers reads from the real writer but writes nothing, so
//! `--dry-run` walks exactly the same path as a real run.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};

use gazette_core::urls;
use gazette_store::{ImportBatch, ImportedIds, PreparedBody, Store, StoreError};

use crate::report::Report;

/// `wp_id → (gazette id, recorded slug or path)` of what earlier runs imported.
pub type ImportMap = HashMap<i64, (i64, String)>;

/// Where an import goes.
pub trait ImportWriter {
    /// What earlier runs brought in from `site` for `kind` (`author`, `category`, `tag`,
    /// `attachment`, `post`, `page`).
    fn imported(
        &self,
        site: &str,
        kind: &str,
    ) -> impl Future<Output = Result<ImportMap, StoreError>> + Send;

    /// Writes one batch, all or nothing; returns the ids given and what was created.
    fn write_batch(
        &self,
        batch: &ImportBatch,
    ) -> impl Future<Output = Result<ImportedIds, StoreError>> + Send;
}

impl ImportWriter for Store {
    fn imported(
        &self,
        site: &str,
        kind: &str,
    ) -> impl Future<Output = Result<ImportMap, StoreError>> + Send {
        self.import_map(site, kind)
    }

    fn write_batch(
        &self,
        batch: &ImportBatch,
    ) -> impl Future<Output = Result<ImportedIds, StoreError>> + Send {
        self.import_batch(batch)
    }
}

/// A writer that reads through `inner` and writes nothing: every object in a batch gets
/// a made-up negative id, and the counts are what a real write would report.
pub struct DryRun<'a, W> {
    inner: &'a W,
    /// The next id handed out; negative, so it can never be a real one.
    fake_id: AtomicI64,
}

impl<'a, W> DryRun<'a, W> {
    pub fn new(inner: &'a W) -> DryRun<'a, W> {
        DryRun {
            inner,
            fake_id: AtomicI64::new(-1),
        }
    }

    /// What writing `batch` would give, without writing it.
    fn pretend(&self, batch: &ImportBatch) -> ImportedIds {
        let mut out = ImportedIds::default();
        let kinds: [(&'static str, Vec<i64>); 6] = [
            (
                "category",
                batch.categories.iter().map(|c| c.wp_id).collect(),
            ),
            ("tag", batch.tags.iter().map(|t| t.wp_id).collect()),
            ("author", batch.authors.iter().map(|a| a.wp_id).collect()),
            ("attachment", batch.media.iter().map(|m| m.wp_id).collect()),
            ("post", batch.articles.iter().map(|a| a.wp_id).collect()),
            ("page", batch.pages.iter().map(|p| p.wp_id).collect()),
        ];
        for (kind, wp_ids) in kinds {
            if !wp_ids.is_empty() {
                out.created.insert(kind, wp_ids.len() as u64);
            }
            for wp in wp_ids {
                let id = self.fake_id.fetch_sub(1, Ordering::Relaxed);
                out.ids.insert((kind, wp), id);
            }
        }
        // An article or page's old paths redirect unless one is its new address.
        let moved = |paths: &[String], slug: &str| {
            paths
                .iter()
                .filter(|p| **p != urls::article_path(slug))
                .count()
        };
        out.redirects = batch
            .articles
            .iter()
            .map(|a| moved(&a.old_paths, &a.slug))
            .chain(batch.pages.iter().map(|p| moved(&p.old_paths, &p.slug)))
            .sum::<usize>() as u64
            + batch
                .redirects
                .iter()
                .filter(|r| r.old_path != r.target)
                .count() as u64;
        out
    }
}

impl<W: ImportWriter> ImportWriter for DryRun<'_, W> {
    fn imported(
        &self,
        site: &str,
        kind: &str,
    ) -> impl Future<Output = Result<ImportMap, StoreError>> + Send {
        self.inner.imported(site, kind)
    }

    fn write_batch(
        &self,
        batch: &ImportBatch,
    ) -> impl Future<Output = Result<ImportedIds, StoreError>> + Send {
        std::future::ready(Ok(self.pretend(batch)))
    }
}

/// Writes batches for one site and records in the report what each did.
pub(crate) struct Committer<'a, W> {
    pub(crate) writer: &'a W,
    pub(crate) site: String,
}

impl<W: ImportWriter> Committer<'_, W> {
    /// An empty batch for this site.
    pub(crate) fn batch(&self) -> ImportBatch {
        ImportBatch {
            site: self.site.clone(),
            ..ImportBatch::default()
        }
    }

    pub(crate) async fn imported(&self, kind: &str) -> Result<ImportMap, StoreError> {
        self.writer.imported(&self.site, kind).await
    }

    /// Writes a batch; returns `(kind, wp_id) → gazette id`.
    pub(crate) async fn commit(
        &self,
        batch: ImportBatch,
        report: &mut Report,
    ) -> Result<HashMap<(&'static str, i64), i64>, StoreError> {
        if batch.is_empty() {
            return Ok(HashMap::new());
        }
        let done = self.writer.write_batch(&batch).await?;
        for (kind, n) in &done.created {
            report.created(kind, *n);
        }
        report.redirects += done.redirects;
        for (kind, wanted, given) in &done.renamed {
            report.warn(
                "slugs already taken on this site (a number was added; the old URL redirects)",
                || format!("{kind} `{wanted}` became `{given}`"),
            );
        }
        Ok(done.ids)
    }

    /// Renders the bodies of a batch of posts and pages in parallel, then writes it;
    /// returns `post wp_id → article id`.
    pub(crate) async fn commit_posts(
        &self,
        mut batch: ImportBatch,
        report: &mut Report,
    ) -> Result<HashMap<i64, i64>, StoreError> {
        if batch.articles.is_empty() && batch.pages.is_empty() {
            return Ok(HashMap::new());
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = batch.articles.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            for part in batch.articles.chunks_mut(chunk) {
                s.spawn(move || {
                    for a in part {
                        a.body = PreparedBody::new(std::mem::take(&mut a.body.markdown));
                    }
                });
            }
        });
        for p in &mut batch.pages {
            p.body = PreparedBody::new(std::mem::take(&mut p.body.markdown));
        }
        let ids = self.commit(batch, report).await?;
        Ok(ids
            .into_iter()
            .filter(|((kind, _), _)| *kind == "post")
            .map(|((_, wp), id)| (wp, id))
            .collect())
    }
}
