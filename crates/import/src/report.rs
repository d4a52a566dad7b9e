//! What an import did, kept apart from the steps that fill it in so every step reports
//! the same way (a count per reason, the first few examples) and the binary only has to
//! print it. The rendered lines are what operators read after a migration and what the
//! tests compare, so their wording is part of the command's interface.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many examples of skipped items (and of warnings) the summary names.
const EXAMPLES: usize = 8;

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub dry_run: bool,
    pub site: String,
    pub wxr_version: String,
    /// The language given to posts that name none: the export's, else the site's.
    pub language: String,
    /// The site's language, when the caller knew it.
    pub site_language: Option<String>,
    /// Posts per content language.
    pub languages: BTreeMap<String, u64>,
    /// Per kind (`post`, `page`, `category`…): created in this run.
    pub created: BTreeMap<&'static str, u64>,
    /// Per kind: imported by an earlier run and left alone.
    pub existing: BTreeMap<&'static str, u64>,
    /// Why items were not imported, with counts.
    pub skipped: BTreeMap<String, u64>,
    pub skipped_examples: Vec<String>,
    pub warnings: BTreeMap<String, u64>,
    pub warning_examples: Vec<String>,
    /// HTML that could not be converted (kept sanitised or removed), with counts.
    pub unconverted: BTreeMap<String, u64>,
    pub redirects: u64,
    /// Attachments to download (`--download`), and how many arrived.
    pub download_planned: u64,
    pub downloaded: u64,
}

impl Report {
    pub(crate) fn skip(&mut self, reason: impl Into<String>, example: impl FnOnce() -> String) {
        *self.skipped.entry(reason.into()).or_default() += 1;
        if self.skipped_examples.len() < EXAMPLES {
            self.skipped_examples.push(example());
        }
    }

    pub(crate) fn warn(&mut self, kind: impl Into<String>, example: impl FnOnce() -> String) {
        *self.warnings.entry(kind.into()).or_default() += 1;
        if self.warning_examples.len() < EXAMPLES {
            self.warning_examples.push(example());
        }
    }

    pub(crate) fn created(&mut self, kind: &'static str, n: u64) {
        if n > 0 {
            *self.created.entry(kind).or_default() += n;
        }
    }

    /// Counts one object of `kind` that an earlier run imported.
    pub(crate) fn existing(&mut self, kind: &'static str) {
        *self.existing.entry(kind).or_default() += 1;
    }

    /// Whether the run changed (or would change) nothing in the database.
    pub fn changed_nothing(&self) -> bool {
        self.created.values().all(|n| *n == 0) && self.redirects == 0
    }

    /// The summary printed at the end of a run.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "WordPress import from {} (WXR {}){}",
            self.site,
            self.wxr_version,
            if self.dry_run {
                " — dry run, nothing was written"
            } else {
                ""
            }
        );
        if self.changed_nothing() {
            let _ = writeln!(
                s,
                "Nothing to do: everything in this export was imported before."
            );
        }
        self.render_counts(&mut s);
        if let Some(site) = self.site_language.as_deref()
            && self.language != site
            && self.languages.contains_key(&self.language)
        {
            let _ = writeln!(
                s,
                "The site's language is {site}; posts in other languages keep theirs. If the \
                 whole site is in {}, change its language under Site settings in the newsroom.",
                gazette_core::lang::language_name(&self.language).unwrap_or(&self.language)
            );
        }
        render_tally(&mut s, "Skipped:", &self.skipped, &self.skipped_examples);
        render_tally(
            &mut s,
            "Content that could not be converted (kept as sanitised HTML or removed):",
            &self.unconverted,
            &[],
        );
        render_tally(&mut s, "Warnings:", &self.warnings, &self.warning_examples);
        s
    }

    /// The lines per kind, redirects and downloads.
    fn render_counts(&self, s: &mut String) {
        let verb = if self.dry_run {
            "would create"
        } else {
            "created"
        };
        let kinds = [
            ("post", "posts"),
            ("page", "pages"),
            ("author", "authors"),
            ("category", "categories"),
            ("tag", "tags"),
            ("attachment", "attachments"),
        ];
        for (kind, label) in kinds {
            let c = self.created.get(kind).copied().unwrap_or(0);
            let e = self.existing.get(kind).copied().unwrap_or(0);
            if c + e > 0 {
                let _ = writeln!(
                    s,
                    "  {:<13} {verb} {c}, already imported {e}",
                    format!("{label}:")
                );
            }
        }
        let _ = writeln!(s, "  {:<13} {verb} {}", "redirects:", self.redirects);
        if !self.languages.is_empty() {
            let list: Vec<String> = self
                .languages
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect();
            let _ = writeln!(s, "  {:<13} posts in {}", "languages:", list.join(", "));
        }
        if self.download_planned > 0 {
            if self.dry_run {
                let _ = writeln!(
                    s,
                    "  {:<13} would download {} attachments from the old site (nothing was fetched)",
                    "downloads:", self.download_planned
                );
            } else {
                let _ = writeln!(
                    s,
                    "  {:<13} downloaded {} of {} attachments from the old site",
                    "downloads:", self.downloaded, self.download_planned
                );
            }
        }
    }
}

/// A heading, `n × what` per entry and the examples; nothing when there are no entries.
fn render_tally(
    s: &mut String,
    heading: &str,
    counts: &BTreeMap<String, u64>,
    examples: &[String],
) {
    if counts.is_empty() {
        return;
    }
    let _ = writeln!(s, "{heading}");
    for (what, n) in counts {
        let _ = writeln!(s, "  {n} × {what}");
    }
    for e in examples {
        let _ = writeln!(s, "    e.g. {e}");
    }
}
