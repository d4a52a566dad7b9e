//! Deciding what an import creates, before anything is written: which WordPress objects
//! are new (and which an earlier run already brought in, so a rerun skips them), the
//! Gazette slug each gets, how categories nest, and which old URLs must redirect where.
//! Planning is pure: it reads the scan and the ids already imported and fills a batch and
//! the report, so every decision can be tested on a few in-memory terms without a
//! database. Posts and pages, planned one at a time during the second pass, are in
//! [`posts`].

pub(crate) mod posts;
#[cfg(test)]
mod tests;

use gazette_core::urls;
use std::collections::HashMap;

use gazette_store::{
    CategoryParent, ImportAuthor, ImportBatch, ImportCategory, ImportRedirect, ImportTag,
    NewAuthor, NewCategory, NewTag,
};

use crate::fields::{decode, gazette_slug, title_text, url_path};
use crate::pictures::Pictures;
use crate::report::Report;
use crate::scan::Scan;
use crate::write::ImportMap;
use crate::wxr::{Author, Term};

const ORPHAN_CATEGORIES: &str = "categories whose parent is missing or circular (made top-level)";

/// A redirect to a fixed path.
fn redirect(old_path: String, target: String) -> ImportRedirect {
    ImportRedirect {
        old_path,
        target,
        article_id: None,
    }
}

/// Plans the categories not imported before, parents first, with the redirects from
/// their old addresses; returns `(wordpress slug, wordpress id)` of every category.
pub(crate) fn categories(
    scan: &Scan,
    existing: &ImportMap,
    batch: &mut ImportBatch,
    report: &mut Report,
) -> Vec<(String, i64)> {
    let by_slug: HashMap<&str, &Term> = scan
        .categories
        .iter()
        .map(|t| (t.slug.as_str(), t))
        .collect();
    let (order, paths) = order_categories(&scan.categories, &by_slug, report);
    for t in &scan.categories {
        if !t.parent.is_empty() && !by_slug.contains_key(t.parent.as_str()) {
            report.warn(ORPHAN_CATEGORIES, || {
                format!("category `{}` (parent `{}`)", t.slug, t.parent)
            });
        }
    }
    for (position, t) in order.iter().enumerate() {
        let Some((old, new)) = paths.get(&t.id) else {
            continue;
        };
        if existing.contains_key(&t.id) {
            report.existing("category");
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
        category(t, parent, old, new, position, batch);
    }
    scan.categories
        .iter()
        .map(|t| (t.slug.clone(), t.id))
        .collect()
}

/// Adds one category and the redirects from its old addresses (`old` and `new` are its
/// full paths below `/category/`).
fn category(
    t: &Term,
    parent: Option<CategoryParent>,
    old: &str,
    new: &str,
    position: usize,
    batch: &mut ImportBatch,
) {
    let slug = new.rsplit('/').next().unwrap_or(new).to_owned();
    let target = urls::category_path(new);
    for old_path in [
        format!("/category/{old}/"),
        format!("/category/{}/", decode(&t.slug)),
        format!("/?cat={}", t.id),
    ] {
        // Made-up categories (negative ids) had no WordPress id to link by.
        if t.id < 0 && old_path.starts_with("/?cat") {
            continue;
        }
        batch.redirects.push(redirect(old_path, target.clone()));
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

fn category_slug(t: &Term) -> String {
    gazette_slug(
        &t.slug,
        &t.name,
        &format!("category-{}", t.id.unsigned_abs()),
    )
}

/// Orders categories parents-first, resolving parents by their WordPress slug wherever
/// they appear in the file, and gives each its full old and new path (`parent/child`).
/// A category whose parent never comes (a cycle) becomes top-level.
fn order_categories<'s>(
    categories: &'s [Term],
    by_slug: &HashMap<&str, &'s Term>,
    report: &mut Report,
) -> (Vec<&'s Term>, HashMap<i64, (String, String)>) {
    let mut done: HashMap<i64, (String, String)> = HashMap::new();
    let mut order: Vec<&Term> = Vec::new();
    let mut remaining: Vec<&Term> = categories.iter().collect();
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
            let slug = category_slug(t);
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
                report.warn(ORPHAN_CATEGORIES, || format!("category `{}`", t.slug));
                done.insert(t.id, (decode(&t.slug), category_slug(t)));
                order.push(t);
                remaining.remove(0);
            }
        }
    }
    (order, done)
}

/// Plans the tags not imported before, with the redirects from their old addresses.
pub(crate) fn tags(
    scan: &Scan,
    existing: &ImportMap,
    batch: &mut ImportBatch,
    report: &mut Report,
) {
    for t in &scan.tags {
        if existing.contains_key(&t.id) {
            report.existing("tag");
            continue;
        }
        let slug = gazette_slug(&t.slug, &t.name, &format!("tag-{}", t.id.unsigned_abs()));
        let old = decode(&t.slug);
        if old != slug {
            batch
                .redirects
                .push(redirect(format!("/tag/{old}/"), urls::tag_path(&slug)));
        }
        batch
            .redirects
            .push(redirect(format!("/?tag={old}"), urls::tag_path(&slug)));
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
}

/// Plans the authors not imported before (including those only credited on posts, who
/// get made-up negative ids), with the redirects from their old addresses; returns
/// `login → wordpress id` of every author.
pub(crate) fn authors(
    scan: &Scan,
    existing: &ImportMap,
    batch: &mut ImportBatch,
    report: &mut Report,
) -> HashMap<String, i64> {
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
        if existing.contains_key(&a.id) {
            report.existing("author");
            continue;
        }
        author(a, batch);
    }
    login_to_wp
}

fn author(a: &Author, batch: &mut ImportBatch) {
    let full = title_text(&format!("{} {}", a.first_name, a.last_name));
    let name = [title_text(&a.display_name), full, title_text(&a.login)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "Unknown author".to_owned());
    let slug = gazette_slug(&a.login, &name, &format!("author-{}", a.id.unsigned_abs()));
    if decode(&a.login) != slug {
        batch.redirects.push(redirect(
            format!("/author/{}/", decode(&a.login)),
            urls::author_path(&slug),
        ));
    }
    if a.id > 0 {
        batch.redirects.push(redirect(
            format!("/?author={}", a.id),
            urls::author_path(&slug),
        ));
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

/// Plans where attachment pages and old upload URLs lead: to the post an attachment
/// belongs to (or features), else to the imported file itself.
pub(crate) fn attachment_redirects(
    scan: &Scan,
    imported_posts: &HashMap<i64, i64>,
    pictures: &Pictures,
    batch: &mut ImportBatch,
) {
    for a in &scan.attachments {
        let owner = [
            a.parent,
            scan.thumbnail_user.get(&a.id).copied().unwrap_or(0),
        ]
        .into_iter()
        .find_map(|wp| imported_posts.get(&wp).copied());
        let file = pictures
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
                (None, Some(file)) => batch.redirects.push(redirect(old.clone(), file.clone())),
                (None, None) => {}
            }
        }
        if let (Some(rel), Some(file)) = (&a.relative, &file) {
            batch
                .redirects
                .push(redirect(format!("/wp-content/uploads/{rel}"), file.clone()));
        }
    }
}
