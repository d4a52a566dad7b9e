//! The first pass: reads the whole export without writing anything, so a malformed or
//! truncated file stops the import with its line and column before the database changes.
//! It keeps only the small things the later steps need (authors, terms, attachments,
//! which post uses which picture); posts themselves are read again, one at a time, by
//! the second pass, so memory stays bounded whatever the export's size.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::Ordering;

use crate::clean;
use crate::fields::{host_of, old_path, title_text};
use crate::wxr::{Author, Item, Record, Site, Taxonomy, Term, WxrReader};
use crate::{ImportError, input};

/// An attachment as the first pass saw it.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    pub id: i64,
    pub title: String,
    pub alt: String,
    pub caption: String,
    /// Below `wp-content/uploads/`.
    pub relative: Option<String>,
    pub parent: i64,
    pub old_paths: Vec<String>,
    /// Where the file can be downloaded: `wp:attachment_url`, else the guid.
    pub url: Option<String>,
}

/// What the first pass learns.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub site: String,
    pub wxr_version: String,
    /// The content language the channel declares (`<language>`), normalised; `None` when
    /// it declares none or something that is not a language tag.
    pub language: Option<String>,
    pub hosts: Vec<String>,
    pub authors: Vec<Author>,
    /// Logins credited on items but not declared in the header.
    pub undeclared_logins: Vec<String>,
    pub categories: Vec<Term>,
    pub tags: Vec<Term>,
    pub attachments: Vec<Attachment>,
    /// Attachment id → the first post using it as its featured image.
    pub thumbnail_user: HashMap<i64, i64>,
    pub posts_and_pages: u64,
}

/// The hosts the exported site answered on, for telling its own links from others'.
fn site_hosts(site: &Site) -> Vec<String> {
    [&site.base_site_url, &site.base_blog_url, &site.link]
        .iter()
        .filter_map(|u| host_of(u))
        .collect()
}

/// Reads the whole export once, checking it and collecting what later steps need.
/// `progress("Checking", done, total)` is called now and then.
pub fn scan(path: &Path, progress: &mut dyn FnMut(&str, u64, u64)) -> Result<Scan, ImportError> {
    let opened = input::open(path)?;
    let (size, read) = (opened.size, opened.read.clone());
    let mut reader = WxrReader::new(opened.reader);
    let mut collector = Collector::default();
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
            Record::Author(a) => collector.author(a),
            Record::Term(t) => collector.term(t),
            Record::Item(item) => collector.item(&item, reader.site()),
        }
    }
    progress("Checking", size, size);
    Ok(collector.finish(reader.site()))
}

/// The scan under way: what is known so far and what is needed to deduplicate.
#[derive(Default)]
struct Collector {
    out: Scan,
    /// Logins seen so far, declared in the header or credited on an item.
    declared: HashSet<String>,
    /// `(is category, WordPress id)` of the terms in the header.
    term_ids: HashSet<(bool, i64)>,
    /// `(is category, nicename, name)` of the terms items are filed under.
    item_terms: Vec<(bool, String, String)>,
}

impl Collector {
    fn author(&mut self, a: Author) {
        self.declared.insert(a.login.clone());
        self.out.authors.push(a);
    }

    fn term(&mut self, t: Term) {
        let is_cat = match t.taxonomy {
            Taxonomy::Category => true,
            Taxonomy::Tag => false,
            Taxonomy::Other => return,
        };
        // WXR 1.2 lists each term twice (wp:category and wp:term).
        if self.term_ids.insert((is_cat, t.id)) {
            if is_cat {
                self.out.categories.push(t);
            } else {
                self.out.tags.push(t);
            }
        }
    }

    fn item(&mut self, item: &Item, site: &Site) {
        let out = &mut self.out;
        if out.hosts.is_empty() {
            out.hosts = site_hosts(site);
        }
        match item.post_type.as_str() {
            "attachment" => out.attachments.push(attachment(item, &out.hosts)),
            "post" | "page" => {
                out.posts_and_pages += 1;
                if !item.creator.is_empty() && !self.declared.contains(&item.creator) {
                    self.declared.insert(item.creator.clone());
                    out.undeclared_logins.push(item.creator.clone());
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
                    self.item_terms
                        .push((is_cat, t.nicename.clone(), t.name.clone()));
                }
            }
            _ => {}
        }
        // Keep the list of undeclared terms small: dedupe as we go.
        if self.item_terms.len() > 4096 {
            dedupe_terms(&mut self.item_terms, &self.out);
        }
    }

    fn finish(mut self, site: &Site) -> Scan {
        let out = &mut self.out;
        out.site = [&site.base_site_url, &site.base_blog_url, &site.link]
            .iter()
            .find(|u| !u.is_empty())
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| "wordpress".to_owned());
        out.wxr_version = site.wxr_version.clone();
        out.language = gazette_core::lang::content_language(&site.language);
        if out.hosts.is_empty() {
            out.hosts = site_hosts(site);
        }
        // Terms used by posts but missing from the header get made up from the post.
        dedupe_terms(&mut self.item_terms, out);
        let mut next_id = -1;
        for (is_cat, nicename, name) in self.item_terms {
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
        self.out
    }
}

/// Drops the item terms the header declares, and repeats.
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::wxr::ItemTerm;

    fn term(taxonomy: Taxonomy, id: i64, slug: &str) -> Term {
        Term {
            taxonomy,
            taxonomy_name: String::new(),
            id,
            slug: slug.to_owned(),
            parent: String::new(),
            name: slug.to_owned(),
            description: String::new(),
        }
    }

    fn post(id: i64, creator: &str, terms: &[(&str, &str)]) -> Item {
        Item {
            id,
            creator: creator.to_owned(),
            post_type: "post".to_owned(),
            terms: terms
                .iter()
                .map(|(domain, nicename)| ItemTerm {
                    domain: (*domain).to_owned(),
                    nicename: (*nicename).to_owned(),
                    name: nicename.to_uppercase(),
                })
                .collect(),
            ..Item::default()
        }
    }

    #[test]
    fn repeated_terms_and_logins_are_kept_once_and_missing_terms_are_made_up() {
        let site = Site {
            link: "https://Old.example/".to_owned(),
            wxr_version: "1.2".to_owned(),
            ..Site::default()
        };
        let mut c = Collector::default();
        c.author(Author {
            id: 1,
            login: "ana".to_owned(),
            ..Author::default()
        });
        // WXR 1.2 writes every term twice.
        for _ in 0..2 {
            c.term(term(Taxonomy::Category, 5, "news"));
            c.term(term(Taxonomy::Tag, 6, "grain"));
        }
        c.item(
            &post(10, "ana", &[("category", "news"), ("category", "sport")]),
            &site,
        );
        c.item(
            &post(11, "guest", &[("category", "sport"), ("post_tag", "grain")]),
            &site,
        );
        c.item(
            &post(12, "guest", &[("post_tag", "oil"), ("post_format", "x")]),
            &site,
        );
        let scan = c.finish(&site);

        let categories: Vec<(i64, &str)> = scan
            .categories
            .iter()
            .map(|t| (t.id, t.slug.as_str()))
            .collect();
        assert_eq!(categories, [(5, "news"), (-1, "sport")]);
        let tags: Vec<(i64, &str)> = scan.tags.iter().map(|t| (t.id, t.slug.as_str())).collect();
        assert_eq!(tags, [(6, "grain"), (-2, "oil")]);
        assert_eq!(scan.undeclared_logins, ["guest"]);
        assert_eq!(scan.posts_and_pages, 3);
        assert_eq!(scan.site, "https://Old.example");
        assert_eq!(scan.hosts, ["old.example"]);
    }
}
