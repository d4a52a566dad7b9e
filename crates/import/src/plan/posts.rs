//! Planning one post or page of the second pass: what Gazette status it gets (or why it
//! is skipped), its dates, slug, cleaned body, category, tags, byline, featured image and
//! every old address that should lead to it. Items come one at a time, so a post is
//! planned from lookups built after the terms, authors and pictures were written, and
//! never needs another post.

use std::collections::HashMap;

use gazette_core::lang::content_language;
use gazette_core::limits::{self, Field};
use gazette_core::model::Status;
use gazette_store::{ImportArticle, ImportBatch, ImportPage, PreparedBody};
use time::OffsetDateTime;

use crate::clean;
use crate::fields::{decode, gazette_slug, old_path, parse_date, title_text};
use crate::pictures::Pictures;
use crate::report::Report;
use crate::wxr::Item;

/// What a post needs from the steps before it: Gazette ids by WordPress slug or login.
pub(crate) struct PostContext<'a> {
    /// The exported site's hosts, to recognise its own links.
    pub(crate) hosts: &'a [String],
    /// Category nicename → category id.
    pub(crate) categories: &'a HashMap<String, i64>,
    /// Tag nicename → tag id.
    pub(crate) tags: &'a HashMap<String, i64>,
    /// Login → author id.
    pub(crate) authors: &'a HashMap<String, i64>,
    pub(crate) pictures: &'a Pictures,
    /// The language of posts that name none of their own: the export's, else the site's.
    pub(crate) language: &'a str,
}

/// Describes the item in a report line.
type Label<'a> = &'a dyn Fn() -> String;

fn unrendered(markdown: String) -> PreparedBody {
    PreparedBody {
        markdown,
        html: String::new(),
        words: 0,
        minutes: 0,
        excerpt: String::new(),
    }
}

/// The Gazette status of an item, or `None` when it is not imported (recorded as skipped).
fn status(item: &Item, label: Label<'_>, report: &mut Report) -> Option<Status> {
    let status = match item.status.as_str() {
        "publish" => Status::Published,
        "future" => Status::Scheduled,
        "draft" => Status::Draft,
        "pending" => Status::Review,
        "private" => Status::Unpublished,
        "trash" => {
            report.skip("items in the WordPress trash", label);
            return None;
        }
        "auto-draft" => {
            report.skip("automatic drafts (never saved by anyone)", label);
            return None;
        }
        "inherit" => {
            report.skip("revisions", label);
            return None;
        }
        other => {
            report.skip(format!("items with the unknown status `{other}`"), label);
            return None;
        }
    };
    if !item.password.is_empty() && status == Status::Published {
        report.warn(
            "password-protected items (imported unpublished: Gazette has no post passwords)",
            label,
        );
        return Some(Status::Unpublished);
    }
    Some(status)
}

/// `(published at, modified at)`, or `None` when a visible item has no usable date.
fn dates(
    item: &Item,
    status: Status,
    label: Label<'_>,
    report: &mut Report,
) -> Option<(Option<OffsetDateTime>, OffsetDateTime)> {
    let visible = matches!(status, Status::Published | Status::Scheduled);
    let published_at = match (parse_date(&item.post_date_gmt), parse_date(&item.post_date)) {
        (Some(t), _) => Some(t),
        (None, Some(t)) => {
            if visible {
                report.warn(
                    "items without a GMT date (the local date was taken as UTC)",
                    label,
                );
            }
            Some(t)
        }
        (None, None) => {
            if visible {
                report.skip("published items without a valid date", label);
                return None;
            }
            None
        }
    };
    let modified_at = parse_date(&item.modified_gmt)
        .or_else(|| parse_date(&item.modified))
        .or(published_at)
        .unwrap_or_else(OffsetDateTime::now_utc);
    Some((published_at, modified_at))
}

/// Every old address of the item (`/?p=12`, its permalink, its old slug), sorted and
/// without repeats.
fn old_paths(item: &Item, is_page: bool, slug: &str, hosts: &[String]) -> Vec<String> {
    let mut old_paths: Vec<String> = Vec::new();
    let id_path = if is_page {
        format!("/?page_id={}", item.id)
    } else {
        format!("/?p={}", item.id)
    };
    old_paths.push(id_path);
    old_paths.extend(old_path(&item.link, hosts));
    old_paths.extend(old_path(&item.guid, hosts));
    let decoded = decode(item.name.trim());
    if !decoded.is_empty() && decoded != slug {
        // Date permalinks (/2024/01/02/old/) are resolved through this one.
        old_paths.push(format!("/{decoded}/"));
    }
    old_paths.sort();
    old_paths.dedup();
    old_paths
}

/// The article fields that come from looking things up: category, tags, byline and
/// featured image.
struct Links {
    category_id: Option<i64>,
    tag_ids: Vec<i64>,
    author_ids: Vec<i64>,
    featured_media_id: Option<i64>,
}

/// `text` as it fits `field`: content longer than the newsroom accepts could never be saved
/// back by an editor, so a long title or excerpt is shortened at a word, with a warning.
fn fit(field: Field, text: String, label: Label<'_>, report: &mut Report) -> String {
    match limits::check(field, &text) {
        Ok(()) => text,
        Err(too_long) => {
            report.warn(
                format!(
                    "{}s longer than {} characters (shortened)",
                    field, too_long.max
                ),
                label,
            );
            // The "…" that marks the cut counts too.
            gazette_core::text::excerpt(&text, too_long.max.saturating_sub(1))
        }
    }
}

impl PostContext<'_> {
    /// Turns one post or page into what the store writes (added to `pending`), or
    /// records why not.
    pub(crate) fn plan(&self, item: &Item, pending: &mut ImportBatch, report: &mut Report) {
        let is_page = item.post_type == "page";
        let kind = if is_page { "page" } else { "post" };
        let label = || format!("{kind} {} “{}”", item.id, title_text(&item.title));
        let Some(status) = status(item, &label, report) else {
            return;
        };
        let mut title = title_text(&item.title);
        if title.is_empty() {
            report.warn("items without a title (given one)", label);
            title = format!("Untitled {kind} {}", item.id);
        }
        let (title_field, body_field) = if is_page {
            (Field::PageTitle, Field::PageBody)
        } else {
            (Field::ArticleTitle, Field::ArticleBody)
        };
        let title = fit(title_field, title, &label, report);
        let Some((published_at, modified_at)) = dates(item, status, &label, report) else {
            return;
        };
        let slug = gazette_slug(&item.name, &title, &format!("{kind}-{}", item.id));
        let cleaned = clean::clean_body(&item.content, self.pictures);
        if let Err(too_long) = limits::check(body_field, &cleaned.html) {
            report.skip(
                format!(
                    "items longer than the editor accepts ({} characters; split them in \
                     WordPress and import again)",
                    too_long.max
                ),
                label,
            );
            return;
        }
        for (what, n) in &cleaned.unconverted {
            *report.unconverted.entry(what.clone()).or_default() += u64::from(*n);
        }
        if cleaned.old_upload_links > 0 {
            report.warn(
                "items linking to old uploads that were not imported (links kept as they were)",
                label,
            );
        }
        let old_paths = old_paths(item, is_page, &slug, self.hosts);
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
        let links = self.links(item, &label, report);
        let language = self.language_of(item);
        *report.languages.entry(language.clone()).or_default() += 1;
        pending.articles.push(ImportArticle {
            wp_id: item.id,
            wp_slug: item.name.clone(),
            slug,
            title,
            excerpt: fit(
                Field::ArticleExcerpt,
                title_text(&item.excerpt),
                &label,
                report,
            ),
            body: unrendered(cleaned.html),
            status,
            language,
            category_id: links.category_id,
            featured_media_id: links.featured_media_id,
            published_at,
            modified_at,
            tag_ids: links.tag_ids,
            author_ids: links.author_ids,
            old_paths,
        });
    }

    /// A post's language: the one a multilingual plugin (Polylang's `language` taxonomy)
    /// gave it, else the export's.
    fn language_of(&self, item: &Item) -> String {
        item.terms
            .iter()
            .filter(|t| t.domain == "language")
            .find_map(|t| content_language(&t.nicename))
            .unwrap_or_else(|| self.language.to_owned())
    }

    /// Looks up a post's category (the first one known), tags, author and featured image.
    fn links(&self, item: &Item, label: Label<'_>, report: &mut Report) -> Links {
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
                let found = self.pictures.featured.get(&wp).copied();
                if found.is_none() {
                    report.warn("posts whose featured image was not imported", || {
                        format!("post {} (attachment {wp})", item.id)
                    });
                }
                found
            });
        Links {
            category_id,
            tag_ids,
            author_ids,
            featured_media_id,
        }
    }
}
