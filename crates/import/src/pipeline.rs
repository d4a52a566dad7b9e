//! `gazette import wordpress`: brings a WordPress site's export into Gazette.
//!
//! Two passes over the file. The first reads it all without writing, so a malformed or
//! truncated export stops the import with its line and column before anything changes,
//! and collects the small things later steps need (authors, terms, attachments, which
//! post uses which picture). The second writes: terms and authors in one transaction,
//! pictures in batches, then posts and pages in batches of [`BATCH`], each batch one
//! transaction. Every imported object is recorded by its WordPress id, so a second run
//! skips everything already there (and says so), and a run that was interrupted
//! continues after its last committed batch. `--dry-run` does the same work without
//! writing anything.
//!
//! Attachments come from a local copy of `wp-content/uploads` (`--uploads`) or, with
//! `--download`, from their URLs in the export through `gazette-fetch` (so private
//! addresses are refused unless `fetch_allow_private` is set). A few download at once;
//! one that fails is reported as skipped with its reason and the import goes on.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use gazette_core::model::Status;
use gazette_core::{sanitize, slug};
use gazette_fetch::{FetchError, FetchPolicy, Fetched, Fetcher};
use crate::clean::{self, Resolver};
use crate::wxr::{Author, Item, Record, Taxonomy, Term, WxrReader};
use crate::{ImportError, input};
use gazette_store::{
    CategoryParent, ImportArticle, ImportAuthor, ImportBatch, ImportCategory, ImportMedia,
    ImportPage, ImportRedirect, ImportTag, NewAuthor, NewCategory, NewMedia, NewTag, PreparedBody,
    Store, StoreError, redirect_key,
};
use time::{OffsetDateTime, PrimitiveDateTime};

/// Posts and pages per transaction: large enough to be fast, small enough that an
/// interruption loses little.
pub const BATCH: usize = 500;
const MEDIA_BATCH: usize = 50;
const EXAMPLES: usize = 8;

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
}

#[derive(Debug, thiserror::Error)]
pub enum ImportCommandError {
    #[error(transparent)]
    Parse(#[from] ImportError),
    #[error(
        "the import could not be written (batches already committed are kept; a rerun continues after them)"
    )]
    Store(#[from] StoreError),
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
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub dry_run: bool,
    pub site: String,
    pub wxr_version: String,
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
    fn skip(&mut self, reason: impl Into<String>, example: impl FnOnce() -> String) {
        *self.skipped.entry(reason.into()).or_default() += 1;
        if self.skipped_examples.len() < EXAMPLES {
            self.skipped_examples.push(example());
        }
    }

    fn warn(&mut self, kind: impl Into<String>, example: impl FnOnce() -> String) {
        *self.warnings.entry(kind.into()).or_default() += 1;
        if self.warning_examples.len() < EXAMPLES {
            self.warning_examples.push(example());
        }
    }

    fn created(&mut self, kind: &'static str, n: u64) {
        if n > 0 {
            *self.created.entry(kind).or_default() += n;
        }
    }

    /// Whether the run changed (or would change) nothing in the database.
    pub fn changed_nothing(&self) -> bool {
        self.created.values().all(|n| *n == 0) && self.redirects == 0
    }

    /// The summary printed at the end of a run.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let verb = if self.dry_run {
            "would create"
        } else {
            "created"
        };
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
        if !self.skipped.is_empty() {
            let _ = writeln!(s, "Skipped:");
            for (reason, n) in &self.skipped {
                let _ = writeln!(s, "  {n} × {reason}");
            }
            for e in &self.skipped_examples {
                let _ = writeln!(s, "    e.g. {e}");
            }
        }
        if !self.unconverted.is_empty() {
            let _ = writeln!(
                s,
                "Content that could not be converted (kept as sanitised HTML or removed):"
            );
            for (what, n) in &self.unconverted {
                let _ = writeln!(s, "  {n} × {what}");
            }
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(s, "Warnings:");
            for (what, n) in &self.warnings {
                let _ = writeln!(s, "  {n} × {what}");
            }
            for e in &self.warning_examples {
                let _ = writeln!(s, "    e.g. {e}");
            }
        }
        s
    }
}

/// An attachment as the first pass saw it.
#[derive(Debug, Clone)]
struct Attachment {
    id: i64,
    title: String,
    alt: String,
    caption: String,
    /// Below `wp-content/uploads/`.
    relative: Option<String>,
    parent: i64,
    old_paths: Vec<String>,
    /// Where the file can be downloaded: `wp:attachment_url`, else the guid.
    url: Option<String>,
}

/// What the first pass learns.
#[derive(Default)]
struct Scan {
    site: String,
    wxr_version: String,
    hosts: Vec<String>,
    authors: Vec<Author>,
    /// Logins credited on items but not declared in the header.
    undeclared_logins: Vec<String>,
    categories: Vec<Term>,
    tags: Vec<Term>,
    attachments: Vec<Attachment>,
    /// Attachment id → the first post using it as its featured image.
    thumbnail_user: HashMap<i64, i64>,
    posts_and_pages: u64,
}

fn title_text(raw: &str) -> String {
    sanitize::html_to_text(&sanitize::clean_html(raw))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

/// A Gazette slug for a WordPress slug (maybe percent-encoded UTF-8), falling back to
/// the title, then to `fallback`.
fn gazette_slug(raw: &str, title: &str, fallback: &str) -> String {
    let decoded = decode(raw.trim());
    if slug::validate(&decoded).is_ok() {
        return decoded;
    }
    for candidate in [slug::slugify(&decoded), slug::slugify(title)] {
        if slug::validate(&candidate).is_ok() {
            return candidate;
        }
        // A word the site uses itself (`admin`, `feed`): keep it readable, add a number.
        let numbered = format!("{candidate}-2");
        if !candidate.is_empty() && slug::validate(&numbered).is_ok() {
            return numbered;
        }
    }
    fallback.to_owned()
}

/// The host of an absolute http(s) URL, lowercased.
fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The path (percent-decoded) and WordPress query of an old URL on the exported site,
/// as `redirects` stores it; `None` for URLs on other sites.
pub fn old_path(url: &str, hosts: &[String]) -> Option<String> {
    let url = url.trim();
    let rest = if url.starts_with('/') && !url.starts_with("//") {
        url
    } else {
        let host = host_of(url)?;
        if !hosts.contains(&host) {
            return None;
        }
        let after_scheme = url.split_once("://").map_or("", |(_, r)| r);
        let at = after_scheme.find(['/', '?']).unwrap_or(after_scheme.len());
        &after_scheme[at..]
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    redirect_key(path, query)
}

fn parse_date(s: &str) -> Option<OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let s = s.trim();
    if s.is_empty() || s.starts_with("0000") {
        return None;
    }
    PrimitiveDateTime::parse(s, fmt)
        .ok()
        .map(|t| t.assume_utc())
}

/// Reads the whole export once, checking it and collecting what later steps need.
fn scan(path: &Path, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<Scan, ImportError> {
    let opened = input::open(path)?;
    let (size, read) = (opened.size, opened.read.clone());
    let mut reader = WxrReader::new(opened.reader);
    let mut out = Scan::default();
    let mut declared: HashSet<String> = HashSet::new();
    let mut undeclared: Vec<String> = Vec::new();
    let mut term_ids: HashSet<(bool, i64)> = HashSet::new();
    let mut item_terms: Vec<(bool, String, String)> = Vec::new();
    let mut n = 0u64;
    loop {
        let record = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(input::with_position(path, e)),
        };
        n += 1;
        if n.is_multiple_of(256) {
            progress("Checking", read.load(Ordering::Relaxed), size);
        }
        match record {
            Record::Author(a) => {
                declared.insert(a.login.clone());
                out.authors.push(a);
            }
            Record::Term(t) => {
                let is_cat = match t.taxonomy {
                    Taxonomy::Category => true,
                    Taxonomy::Tag => false,
                    Taxonomy::Other => continue,
                };
                // WXR 1.2 lists each term twice (wp:category and wp:term).
                if term_ids.insert((is_cat, t.id)) {
                    if is_cat {
                        out.categories.push(t);
                    } else {
                        out.tags.push(t);
                    }
                }
            }
            Record::Item(item) => {
                if out.hosts.is_empty() {
                    let site = reader.site();
                    out.hosts = [&site.base_site_url, &site.base_blog_url, &site.link]
                        .iter()
                        .filter_map(|u| host_of(u))
                        .collect();
                }
                match item.post_type.as_str() {
                    "attachment" => out.attachments.push(attachment(&item, &out.hosts)),
                    "post" | "page" => {
                        out.posts_and_pages += 1;
                        if !item.creator.is_empty() && !declared.contains(&item.creator) {
                            declared.insert(item.creator.clone());
                            undeclared.push(item.creator.clone());
                        }
                        if item.post_type == "post"
                            && let Some(thumb) = item
                                .meta("_thumbnail_id")
                                .and_then(|v| v.trim().parse::<i64>().ok())
                        {
                            out.thumbnail_user.entry(thumb).or_insert(item.id);
                        }
                        for t in &item.terms {
                            let is_cat = match t.domain.as_str() {
                                "category" => true,
                                "post_tag" => false,
                                _ => continue,
                            };
                            item_terms.push((is_cat, t.nicename.clone(), t.name.clone()));
                        }
                    }
                    _ => {}
                }
                // Keep the list of undeclared terms small: dedupe as we go.
                if item_terms.len() > 4096 {
                    dedupe_terms(&mut item_terms, &out);
                }
            }
        }
    }
    progress("Checking", size, size);
    let site = reader.site();
    out.site = [&site.base_site_url, &site.base_blog_url, &site.link]
        .iter()
        .find(|u| !u.is_empty())
        .map(|u| u.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| "wordpress".to_owned());
    out.wxr_version = site.wxr_version.clone();
    if out.hosts.is_empty() {
        out.hosts = [&site.base_site_url, &site.base_blog_url, &site.link]
            .iter()
            .filter_map(|u| host_of(u))
            .collect();
    }
    out.undeclared_logins = undeclared;
    // Terms used by posts but missing from the header get made up from the post.
    dedupe_terms(&mut item_terms, &out);
    let mut next_id = -1;
    for (is_cat, nicename, name) in item_terms {
        let t = Term {
            taxonomy: if is_cat {
                Taxonomy::Category
            } else {
                Taxonomy::Tag
            },
            taxonomy_name: String::new(),
            // Negative ids cannot collide with WordPress's.
            id: next_id,
            slug: nicename,
            parent: String::new(),
            name,
            description: String::new(),
        };
        next_id -= 1;
        if is_cat {
            out.categories.push(t);
        } else {
            out.tags.push(t);
        }
    }
    Ok(out)
}

fn dedupe_terms(terms: &mut Vec<(bool, String, String)>, scan: &Scan) {
    let known: HashSet<(bool, &str)> = scan
        .categories
        .iter()
        .map(|t| (true, t.slug.as_str()))
        .chain(scan.tags.iter().map(|t| (false, t.slug.as_str())))
        .collect();
    let mut seen = HashSet::new();
    terms.retain(|(c, slug, _)| {
        !known.contains(&(*c, slug.as_str())) && seen.insert((*c, slug.clone()))
    });
}

fn attachment(item: &Item, hosts: &[String]) -> Attachment {
    let relative = item
        .meta("_wp_attached_file")
        .map(str::trim)
        .filter(|f| !f.is_empty() && !f.starts_with('/') && !f.split('/').any(|p| p == ".."))
        .map(str::to_owned)
        .or_else(|| clean::upload_relative(&item.attachment_url));
    let mut old_paths = Vec::new();
    old_paths.extend(old_path(&item.link, hosts));
    old_paths.push(format!("/?attachment_id={}", item.id));
    Attachment {
        id: item.id,
        title: title_text(&item.title),
        alt: item
            .meta("_wp_attachment_image_alt")
            .map(title_text)
            .unwrap_or_default(),
        caption: title_text(&item.excerpt),
        relative,
        parent: item.parent,
        old_paths,
        url: [&item.attachment_url, &item.guid]
            .into_iter()
            .map(|u| u.trim())
            .find(|u| {
                let lower = u.to_ascii_lowercase();
                lower.starts_with("http://") || lower.starts_with("https://")
            })
            .map(str::to_owned),
    }
}

/// Percent-encodes what a URL path cannot hold as is (spaces, `?`, `#`, non-ASCII).
fn url_path(p: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'%');
    percent_encoding::utf8_percent_encode(p, SET).to_string()
}

fn find_upload(dir: &Path, relative: &str) -> Option<PathBuf> {
    ["", "uploads", "wp-content/uploads"]
        .iter()
        .map(|sub| dir.join(sub).join(relative))
        .find(|p| p.is_file())
}

/// Runs the import. `progress(phase, done, total)` is called now and then.
pub async fn import_wordpress(
    store: &Store,
    media_dir: &Path,
    image_widths: &[u32],
    options: &WordpressOptions,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, ImportCommandError> {
    if let Some(dir) = &options.uploads
        && !dir.is_dir()
    {
        return Err(ImportCommandError::NoUploads(dir.clone()));
    }
    let scan = scan(&options.file, progress)?;
    let mut report = Report {
        dry_run: options.dry_run,
        site: scan.site.clone(),
        wxr_version: scan.wxr_version.clone(),
        ..Report::default()
    };
    let mut writer = Writer {
        store,
        dry_run: options.dry_run,
        site: scan.site.clone(),
        fake_id: -1,
    };

    // Terms and authors: one transaction.
    let mut batch = writer.batch();
    let mut category_map = store.import_map(&scan.site, "category").await?;
    let mut tag_map = store.import_map(&scan.site, "tag").await?;
    let mut author_map = store.import_map(&scan.site, "author").await?;
    let categories = plan_categories(&scan, &category_map, &mut batch, &mut report);
    for t in &scan.tags {
        if tag_map.contains_key(&t.id) {
            *report.existing.entry("tag").or_default() += 1;
            continue;
        }
        let slug = gazette_slug(&t.slug, &t.name, &format!("tag-{}", t.id.unsigned_abs()));
        let old = decode(&t.slug);
        if old != slug {
            batch.redirects.push(ImportRedirect {
                old_path: format!("/tag/{old}/"),
                target: format!("/tag/{slug}/"),
                article_id: None,
            });
        }
        batch.redirects.push(ImportRedirect {
            old_path: format!("/?tag={old}"),
            target: format!("/tag/{slug}/"),
            article_id: None,
        });
        let name = title_text(&t.name);
        batch.tags.push(ImportTag {
            wp_id: t.id,
            wp_slug: t.slug.clone(),
            tag: NewTag {
                name: if name.is_empty() { slug.clone() } else { name },
                slug,
                special: false,
            },
        });
    }
    let mut authors: Vec<Author> = scan.authors.clone();
    for (i, login) in scan.undeclared_logins.iter().enumerate() {
        report.warn(
            "posts credit an author missing from the export's author list (created from the login)",
            || format!("author `{login}`"),
        );
        authors.push(Author {
            id: -1 - i64::try_from(i).unwrap_or(0),
            login: login.clone(),
            display_name: login.clone(),
            ..Author::default()
        });
    }
    let mut login_to_wp: HashMap<String, i64> = HashMap::new();
    for a in &authors {
        login_to_wp.insert(a.login.clone(), a.id);
        if author_map.contains_key(&a.id) {
            *report.existing.entry("author").or_default() += 1;
            continue;
        }
        let full = title_text(&format!("{} {}", a.first_name, a.last_name));
        let name = [title_text(&a.display_name), full, title_text(&a.login)]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| "Unknown author".to_owned());
        let slug = gazette_slug(&a.login, &name, &format!("author-{}", a.id.unsigned_abs()));
        if decode(&a.login) != slug {
            batch.redirects.push(ImportRedirect {
                old_path: format!("/author/{}/", decode(&a.login)),
                target: format!("/author/{slug}/"),
                article_id: None,
            });
        }
        if a.id > 0 {
            batch.redirects.push(ImportRedirect {
                old_path: format!("/?author={}", a.id),
                target: format!("/author/{slug}/"),
                article_id: None,
            });
        }
        batch.authors.push(ImportAuthor {
            wp_id: a.id,
            login: a.login.clone(),
            email: a.email.clone(),
            author: NewAuthor {
                slug,
                name,
                bio: String::new(),
                avatar_url: None,
            },
        });
    }
    let ids = writer.commit(batch, &mut report).await?;
    for ((kind, wp), id) in ids {
        let entry = (id, String::new());
        match kind {
            "category" => category_map.insert(wp, entry),
            "tag" => tag_map.insert(wp, entry),
            "author" => author_map.insert(wp, entry),
            _ => None,
        };
    }
    let category_by_slug: HashMap<&str, i64> = categories
        .iter()
        .filter_map(|(slug, wp)| category_map.get(wp).map(|(id, _)| (slug.as_str(), *id)))
        .collect();
    let tag_by_slug: HashMap<&str, i64> = scan
        .tags
        .iter()
        .filter_map(|t| tag_map.get(&t.id).map(|(id, _)| (t.slug.as_str(), *id)))
        .collect();
    let author_by_login: HashMap<&str, i64> = login_to_wp
        .iter()
        .filter_map(|(login, wp)| author_map.get(wp).map(|(id, _)| (login.as_str(), *id)))
        .collect();

    // Pictures.
    let media = import_media(
        &scan,
        &mut writer,
        media_dir,
        image_widths,
        options,
        &mut report,
        progress,
    )
    .await?;

    // Posts and pages.
    let post_map = store.import_map(&scan.site, "post").await?;
    let page_map = store.import_map(&scan.site, "page").await?;
    let context = PostContext {
        hosts: &scan.hosts,
        categories: &category_by_slug,
        tags: &tag_by_slug,
        authors: &author_by_login,
        media: &media,
        featured: &media.featured,
    };
    let opened = input::open(&options.file)?;
    let (size, read) = (opened.size, opened.read.clone());
    let mut reader = WxrReader::new(opened.reader);
    let mut pending = Pending::default();
    let mut imported_posts: HashMap<i64, i64> =
        post_map.iter().map(|(wp, (id, _))| (*wp, *id)).collect();
    let mut seen = 0u64;
    loop {
        let record = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            // The file changed between the passes.
            Err(e) => return Err(input::with_position(&options.file, e).into()),
        };
        let Record::Item(item) = record else { continue };
        match item.post_type.as_str() {
            "attachment" => continue,
            "post" | "page" => {}
            other => {
                report.skip(format!("items of type `{other}` (not imported)"), || {
                    format!("{other} {} “{}”", item.id, title_text(&item.title))
                });
                continue;
            }
        }
        seen += 1;
        if seen.is_multiple_of(64) {
            progress("Importing", read.load(Ordering::Relaxed), size);
        }
        let is_page = item.post_type == "page";
        let map = if is_page { &page_map } else { &post_map };
        if map.contains_key(&item.id) {
            *report
                .existing
                .entry(if is_page { "page" } else { "post" })
                .or_default() += 1;
            continue;
        }
        context.plan(&item, &mut pending, &mut report);
        if pending.len() >= BATCH {
            let ids = writer.commit_posts(&mut pending, &mut report).await?;
            imported_posts.extend(ids);
        }
    }
    let ids = writer.commit_posts(&mut pending, &mut report).await?;
    imported_posts.extend(ids);
    progress("Importing", size, size);

    // Attachment pages lead to the post they belong to.
    let mut batch = writer.batch();
    for a in &scan.attachments {
        let owner = [
            a.parent,
            scan.thumbnail_user.get(&a.id).copied().unwrap_or(0),
        ]
        .into_iter()
        .find_map(|wp| imported_posts.get(&wp).copied());
        let file = media
            .by_id
            .get(&a.id)
            .map(|(p, _, _)| format!("/media/{}", url_path(p)));
        for old in &a.old_paths {
            match (owner, &file) {
                (Some(article), _) => batch.redirects.push(ImportRedirect {
                    old_path: old.clone(),
                    target: "/".into(),
                    article_id: Some(article),
                }),
                (None, Some(file)) => batch.redirects.push(ImportRedirect {
                    old_path: old.clone(),
                    target: file.clone(),
                    article_id: None,
                }),
                (None, None) => {}
            }
        }
        if let (Some(rel), Some(file)) = (&a.relative, &file) {
            batch.redirects.push(ImportRedirect {
                old_path: format!("/wp-content/uploads/{rel}"),
                target: file.clone(),
                article_id: None,
            });
        }
    }
    writer.commit(batch, &mut report).await?;
    Ok(report)
}

/// Orders categories parents-first, resolving parents by their WordPress slug wherever
/// they appear in the file; returns `(wordpress slug, wordpress id)` of every category.
fn plan_categories(
    scan: &Scan,
    existing: &HashMap<i64, (i64, String)>,
    batch: &mut ImportBatch,
    report: &mut Report,
) -> Vec<(String, i64)> {
    let by_slug: HashMap<&str, &Term> = scan
        .categories
        .iter()
        .map(|t| (t.slug.as_str(), t))
        .collect();
    // Gazette slug and full old/new paths, computed parents-first.
    let mut done: HashMap<i64, (String, String)> = HashMap::new();
    let mut order: Vec<&Term> = Vec::new();
    let mut remaining: Vec<&Term> = scan.categories.iter().collect();
    while !remaining.is_empty() {
        let before = remaining.len();
        remaining.retain(|t| {
            let parent = (!t.parent.is_empty())
                .then(|| by_slug.get(t.parent.as_str()))
                .flatten()
                .filter(|p| p.id != t.id);
            let ready = match parent {
                None => true,
                Some(p) => done.contains_key(&p.id),
            };
            if !ready {
                return true;
            }
            let slug = gazette_slug(
                &t.slug,
                &t.name,
                &format!("category-{}", t.id.unsigned_abs()),
            );
            let (old, new) = match parent.and_then(|p| done.get(&p.id)) {
                Some((pold, pnew)) => (
                    format!("{pold}/{}", decode(&t.slug)),
                    format!("{pnew}/{slug}"),
                ),
                None => (decode(&t.slug), slug.clone()),
            };
            done.insert(t.id, (old, new));
            order.push(t);
            false
        });
        if remaining.len() == before {
            // A cycle: break it by making the first one a top-level category.
            if let Some(t) = remaining.first() {
                report.warn(
                    "categories whose parent is missing or circular (made top-level)",
                    || format!("category `{}`", t.slug),
                );
                let slug = gazette_slug(
                    &t.slug,
                    &t.name,
                    &format!("category-{}", t.id.unsigned_abs()),
                );
                done.insert(t.id, (decode(&t.slug), slug));
                order.push(t);
                remaining.remove(0);
            }
        }
    }
    for t in &scan.categories {
        if !t.parent.is_empty() && !by_slug.contains_key(t.parent.as_str()) {
            report.warn(
                "categories whose parent is missing or circular (made top-level)",
                || format!("category `{}` (parent `{}`)", t.slug, t.parent),
            );
        }
    }
    for (position, t) in order.iter().enumerate() {
        let Some((old, new)) = done.get(&t.id) else {
            continue;
        };
        if existing.contains_key(&t.id) {
            *report.existing.entry("category").or_default() += 1;
            continue;
        }
        let parent = by_slug
            .get(t.parent.as_str())
            .filter(|p| p.id != t.id && !t.parent.is_empty())
            .map(|p| match existing.get(&p.id) {
                Some((gid, _)) => CategoryParent::Gazette(*gid),
                None => CategoryParent::Imported(p.id),
            });
        // A cycle-broken category has no parent even if its slug resolves.
        let parent = if new.contains('/') { parent } else { None };
        let slug = new.rsplit('/').next().unwrap_or(new).to_owned();
        let target = format!("/category/{new}/");
        for old_path in [
            format!("/category/{old}/"),
            format!("/category/{}/", decode(&t.slug)),
            format!("/?cat={}", t.id),
        ] {
            if t.id < 0 && old_path.starts_with("/?cat") {
                continue;
            }
            batch.redirects.push(ImportRedirect {
                old_path,
                target: target.clone(),
                article_id: None,
            });
        }
        let name = title_text(&t.name);
        batch.categories.push(ImportCategory {
            wp_id: t.id,
            wp_slug: t.slug.clone(),
            parent,
            category: NewCategory {
                parent_id: None,
                name: if name.is_empty() { slug.clone() } else { name },
                slug,
                description: title_text(&t.description),
                position: i64::try_from(position).unwrap_or(0),
            },
        });
    }
    scan.categories
        .iter()
        .map(|t| (t.slug.clone(), t.id))
        .collect()
}

struct MediaResult {
    by_relative: HashMap<String, String>,
    by_id: HashMap<i64, (String, String, String)>,
    /// Attachment id → media id, for pictures (featured images).
    featured: HashMap<i64, i64>,
}

impl Resolver for MediaResult {
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

/// Downloads running at once: enough to hide latency, few enough not to hammer the old
/// server.
const PARALLEL_DOWNLOADS: usize = 4;

type Download = tokio::task::JoinHandle<Result<Fetched, FetchError>>;

/// Downloads started ahead of the loop. Dropped early (the import stopped on an error),
/// they are cancelled rather than left running.
#[derive(Default)]
struct Window(VecDeque<Download>);

impl Drop for Window {
    fn drop(&mut self) {
        for handle in &self.0 {
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

async fn import_media(
    scan: &Scan,
    writer: &mut Writer<'_>,
    media_dir: &Path,
    image_widths: &[u32],
    options: &WordpressOptions,
    report: &mut Report,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<MediaResult, ImportCommandError> {
    let existing = writer.store.import_map(&scan.site, "attachment").await?;
    let mut out = MediaResult {
        by_relative: HashMap::new(),
        by_id: HashMap::new(),
        featured: HashMap::new(),
    };
    // Decide where each new attachment comes from before fetching anything.
    let mut plan: Vec<(&Attachment, &str, Source)> = Vec::new();
    for a in &scan.attachments {
        if let Some((id, path)) = existing.get(&a.id) {
            *report.existing.entry("attachment").or_default() += 1;
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
        plan.push((a, rel, source));
    }
    let downloads = plan
        .iter()
        .filter(|(_, _, s)| matches!(s, Source::Download(_)))
        .count() as u64;
    report.download_planned = downloads;
    // A dry run fetches nothing: it only says how many it would.
    let fetcher = if downloads > 0 && !writer.dry_run {
        Some(Fetcher::new(options.fetch.clone())?)
    } else {
        None
    };
    let mut queue = plan.iter().filter_map(|(_, _, s)| match s {
        Source::Download(url) => Some(url.clone()),
        Source::Local(_) => None,
    });
    // Downloads run ahead of the loop in a window, in plan order, so the loop takes
    // each result when it reaches its attachment.
    let mut window = Window::default();
    let mut fill = |window: &mut Window| {
        let Some(fetcher) = &fetcher else { return };
        while window.0.len() < PARALLEL_DOWNLOADS {
            let Some(url) = queue.next() else { return };
            let fetcher = fetcher.clone();
            window
                .0
                .push_back(tokio::spawn(async move { fetcher.get(&url).await }));
        }
    };
    fill(&mut window);
    let mut fetched_so_far = 0u64;

    let mut batch = writer.batch();
    let mut info: HashMap<i64, (String, String, String)> = HashMap::new();
    let mut not_pictures: HashSet<i64> = HashSet::new();
    for (a, rel, source) in &plan {
        let (a, rel) = (*a, *rel);
        let path = format!("wp/{rel}");
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
            Source::Download(_) if writer.dry_run => Vec::new(),
            Source::Download(url) => {
                let Some(handle) = window.0.pop_front() else {
                    continue;
                };
                let result = handle.await;
                fill(&mut window);
                fetched_so_far += 1;
                progress("Downloading", fetched_so_far, downloads);
                let fetched = match result {
                    Ok(Ok(f)) => f,
                    Ok(Err(e)) => {
                        report.skip(
                            format!("attachments not downloaded: {}", e.reason()),
                            || format!("attachment {} `{rel}`: {e}", a.id),
                        );
                        continue;
                    }
                    Err(e) => {
                        report.skip("attachments not downloaded: the download failed", || {
                            format!("attachment {} {url}: {e}", a.id)
                        });
                        continue;
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
                    continue;
                }
                report.downloaded += 1;
                fetched.bytes
            }
        };
        let picture = if writer.dry_run {
            None
        } else {
            let dest = media_dir.join(&path);
            gazette_media::import_picture(&bytes, &dest, image_widths).map_err(
                |source| ImportCommandError::Media {
                    path: dest.clone(),
                    source,
                },
            )?
        };
        if picture.is_none() && !writer.dry_run {
            report.warn(
                "attachments that are not JPEG, PNG or WebP pictures (copied, no variants)",
                || format!("attachment {} `{rel}`", a.id),
            );
        }
        let (mime, width, height, variant_widths) = match &picture {
            Some(p) => (
                p.mime.to_owned(),
                p.width,
                p.height,
                p.variant_widths.clone(),
            ),
            None => ("application/octet-stream".to_owned(), 0, 0, Vec::new()),
        };
        out.by_relative.insert(rel.to_owned(), path.clone());
        info.insert(a.id, (path.clone(), a.alt.clone(), a.caption.clone()));
        batch.media.push(ImportMedia {
            wp_id: a.id,
            media: NewMedia {
                path,
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
            },
        });
        if picture.is_none() && !writer.dry_run {
            not_pictures.insert(a.id);
        }
        if batch.media.len() >= MEDIA_BATCH {
            let full = std::mem::replace(&mut batch, writer.batch());
            for ((_, wp), id) in writer.commit(full, report).await? {
                out.featured.insert(wp, id);
            }
        }
    }
    for ((_, wp), id) in writer.commit(batch, report).await? {
        out.featured.insert(wp, id);
    }
    // Only pictures can be featured images.
    out.featured.retain(|wp, _| !not_pictures.contains(wp));
    for (id, v) in info {
        out.by_id.insert(id, v);
    }
    Ok(out)
}

struct PostContext<'a> {
    hosts: &'a [String],
    categories: &'a HashMap<&'a str, i64>,
    tags: &'a HashMap<&'a str, i64>,
    authors: &'a HashMap<&'a str, i64>,
    media: &'a MediaResult,
    featured: &'a HashMap<i64, i64>,
}

#[derive(Default)]
struct Pending {
    articles: Vec<ImportArticle>,
    pages: Vec<ImportPage>,
}

impl Pending {
    fn len(&self) -> usize {
        self.articles.len() + self.pages.len()
    }
}

fn unrendered(markdown: String) -> PreparedBody {
    PreparedBody {
        markdown,
        html: String::new(),
        words: 0,
        minutes: 0,
        excerpt: String::new(),
    }
}

impl PostContext<'_> {
    /// Turns one post or page into what the store writes, or records why not.
    fn plan(&self, item: &Item, pending: &mut Pending, report: &mut Report) {
        let is_page = item.post_type == "page";
        let kind = if is_page { "page" } else { "post" };
        let mut title = title_text(&item.title);
        let label = || format!("{kind} {} “{}”", item.id, title_text(&item.title));
        let status = match item.status.as_str() {
            "publish" => Status::Published,
            "future" => Status::Scheduled,
            "draft" => Status::Draft,
            "pending" => Status::Review,
            "private" => Status::Unpublished,
            "trash" => return report.skip("items in the WordPress trash", label),
            "auto-draft" => return report.skip("automatic drafts (never saved by anyone)", label),
            "inherit" => return report.skip("revisions", label),
            other => {
                return report.skip(format!("items with the unknown status `{other}`"), label);
            }
        };
        let status = if !item.password.is_empty() && status == Status::Published {
            report.warn(
                "password-protected items (imported unpublished: Gazette has no post passwords)",
                label,
            );
            Status::Unpublished
        } else {
            status
        };
        if title.is_empty() {
            report.warn("items without a title (given one)", label);
            title = format!("Untitled {kind} {}", item.id);
        }
        let gmt = parse_date(&item.post_date_gmt);
        let local = parse_date(&item.post_date);
        let published_at = match (gmt, local) {
            (Some(t), _) => Some(t),
            (None, Some(t)) => {
                if matches!(status, Status::Published | Status::Scheduled) {
                    report.warn(
                        "items without a GMT date (the local date was taken as UTC)",
                        label,
                    );
                }
                Some(t)
            }
            (None, None) => {
                if matches!(status, Status::Published | Status::Scheduled) {
                    return report.skip("published items without a valid date", label);
                }
                None
            }
        };
        let modified_at = parse_date(&item.modified_gmt)
            .or_else(|| parse_date(&item.modified))
            .or(published_at)
            .unwrap_or_else(OffsetDateTime::now_utc);
        let slug = gazette_slug(&item.name, &title, &format!("{kind}-{}", item.id));
        let cleaned = clean::clean_body(&item.content, self.media);
        if !cleaned.unconverted.is_empty() {
            for (what, n) in &cleaned.unconverted {
                *report.unconverted.entry(what.clone()).or_default() += u64::from(*n);
            }
        }
        if cleaned.old_upload_links > 0 {
            report.warn(
                "items linking to old uploads that were not imported (links kept as they were)",
                label,
            );
        }
        let mut old_paths: Vec<String> = Vec::new();
        let id_path = if is_page {
            format!("/?page_id={}", item.id)
        } else {
            format!("/?p={}", item.id)
        };
        old_paths.push(id_path);
        old_paths.extend(old_path(&item.link, self.hosts));
        old_paths.extend(old_path(&item.guid, self.hosts));
        let decoded = decode(item.name.trim());
        if !decoded.is_empty() && decoded != slug {
            // Date permalinks (/2024/01/02/old/) are resolved through this one.
            old_paths.push(format!("/{decoded}/"));
        }
        old_paths.sort();
        old_paths.dedup();
        if is_page {
            if status == Status::Scheduled {
                report.warn("scheduled pages (imported unpublished)", label);
            }
            pending.pages.push(ImportPage {
                wp_id: item.id,
                wp_slug: item.name.clone(),
                slug,
                title,
                body: unrendered(cleaned.html),
                published: status == Status::Published,
                modified_at,
                old_paths,
            });
            return;
        }
        let mut categories = item
            .terms
            .iter()
            .filter(|t| t.domain == "category")
            .filter_map(|t| self.categories.get(t.nicename.as_str()).copied());
        let category_id = categories.next();
        if categories.next().is_some() {
            report.warn(
                "posts filed under several categories (the first became their category)",
                label,
            );
        }
        let mut tag_ids: Vec<i64> = item
            .terms
            .iter()
            .filter(|t| t.domain == "post_tag")
            .filter_map(|t| self.tags.get(t.nicename.as_str()).copied())
            .collect();
        tag_ids.sort_unstable();
        tag_ids.dedup();
        let author_ids: Vec<i64> = self
            .authors
            .get(item.creator.as_str())
            .copied()
            .into_iter()
            .collect();
        if author_ids.is_empty() {
            report.warn(
                "posts without a known author (imported without a byline)",
                label,
            );
        }
        let featured_media_id = item
            .meta("_thumbnail_id")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .and_then(|wp| {
                let found = self.featured.get(&wp).copied();
                if found.is_none() {
                    report.warn("posts whose featured image was not imported", || {
                        format!("post {} (attachment {wp})", item.id)
                    });
                }
                found
            });
        pending.articles.push(ImportArticle {
            wp_id: item.id,
            wp_slug: item.name.clone(),
            slug,
            title,
            excerpt: title_text(&item.excerpt),
            body: unrendered(cleaned.html),
            status,
            language: "en".into(),
            category_id,
            featured_media_id,
            published_at,
            modified_at,
            tag_ids,
            author_ids,
            old_paths,
        });
    }
}

struct Writer<'a> {
    store: &'a Store,
    dry_run: bool,
    site: String,
    /// Ids handed out in a dry run, where nothing is written.
    fake_id: i64,
}

impl Writer<'_> {
    fn batch(&self) -> ImportBatch {
        ImportBatch {
            site: self.site.clone(),
            ..ImportBatch::default()
        }
    }

    /// Writes a batch (or pretends to); returns `(kind, wp_id) → gazette id`.
    async fn commit(
        &mut self,
        batch: ImportBatch,
        report: &mut Report,
    ) -> Result<HashMap<(&'static str, i64), i64>, ImportCommandError> {
        if batch.is_empty() {
            return Ok(HashMap::new());
        }
        if self.dry_run {
            let mut ids = HashMap::new();
            let mut fake = |kind: &'static str, wp: i64, ids: &mut HashMap<_, _>| {
                ids.insert((kind, wp), self.fake_id);
                self.fake_id -= 1;
            };
            for c in &batch.categories {
                fake("category", c.wp_id, &mut ids);
            }
            for t in &batch.tags {
                fake("tag", t.wp_id, &mut ids);
            }
            for a in &batch.authors {
                fake("author", a.wp_id, &mut ids);
            }
            for m in &batch.media {
                fake("attachment", m.wp_id, &mut ids);
            }
            for a in &batch.articles {
                fake("post", a.wp_id, &mut ids);
            }
            for p in &batch.pages {
                fake("page", p.wp_id, &mut ids);
            }
            report.created("category", batch.categories.len() as u64);
            report.created("tag", batch.tags.len() as u64);
            report.created("author", batch.authors.len() as u64);
            report.created("attachment", batch.media.len() as u64);
            report.created("post", batch.articles.len() as u64);
            report.created("page", batch.pages.len() as u64);
            let moved = |paths: &[String], slug: &str| {
                paths.iter().filter(|p| **p != format!("/{slug}/")).count()
            };
            report.redirects += batch
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
            return Ok(ids);
        }
        let done = self.store.import_batch(&batch).await?;
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

    /// Renders the pending bodies in parallel, then writes them as one batch.
    async fn commit_posts(
        &mut self,
        pending: &mut Pending,
        report: &mut Report,
    ) -> Result<HashMap<i64, i64>, ImportCommandError> {
        if pending.len() == 0 {
            return Ok(HashMap::new());
        }
        let mut batch = self.batch();
        batch.articles = std::mem::take(&mut pending.articles);
        batch.pages = std::mem::take(&mut pending.pages);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_become_normalised_paths() {
        let hosts = vec!["old.example".to_owned()];
        assert_eq!(
            old_path("https://old.example/?p=12", &hosts).as_deref(),
            Some("/?p=12")
        );
        assert_eq!(
            old_path("http://OLD.example/2024/01/%d0%bf%d1%80/#c", &hosts).as_deref(),
            Some("/2024/01/пр/")
        );
        assert_eq!(old_path("https://other.example/a/", &hosts), None);
        assert_eq!(old_path("https://old.example/", &hosts), None);
        assert_eq!(
            old_path("/wp-content/uploads/a.png", &hosts).as_deref(),
            Some("/wp-content/uploads/a.png")
        );
        assert_eq!(old_path("//evil.example/x", &hosts), None);
        assert_eq!(
            redirect_key("", Some("utm=1&page_id=3")).as_deref(),
            Some("/?page_id=3")
        );
        assert_eq!(redirect_key("/", Some("s=x")), None);
    }

    #[test]
    fn slugs_are_decoded_and_made_valid() {
        assert_eq!(gazette_slug("hello-world", "T", "x"), "hello-world");
        assert_eq!(
            gazette_slug("%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82", "T", "x"),
            "privet"
        );
        assert_eq!(
            gazette_slug("", "Grain prices rise", "x"),
            "grain-prices-rise"
        );
        assert_eq!(gazette_slug("%e6%9d%b1", "東京", "post-9"), "post-9");
        assert_eq!(
            gazette_slug("Caps_And_Underscores", "T", "x"),
            "caps-and-underscores"
        );
        assert_eq!(gazette_slug("admin", "Admin", "x"), "admin-2");
    }
}
