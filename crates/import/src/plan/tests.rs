//! The planning decisions on small in-memory exports: no file, no database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::future::Future;

use gazette_core::model::Status;
use gazette_store::{CategoryParent, ImportBatch, ImportRedirect};

use super::posts::PostContext;
use super::*;
use crate::pictures::Pictures;
use crate::write::{DryRun, ImportWriter};
use crate::wxr::{Item, ItemTerm, Taxonomy};

fn term(taxonomy: Taxonomy, id: i64, slug: &str, parent: &str) -> Term {
    Term {
        taxonomy,
        taxonomy_name: String::new(),
        id,
        slug: slug.to_owned(),
        parent: parent.to_owned(),
        name: slug.to_uppercase(),
        description: String::new(),
    }
}

fn category(id: i64, slug: &str, parent: &str) -> Term {
    term(Taxonomy::Category, id, slug, parent)
}

fn tag(id: i64, slug: &str) -> Term {
    term(Taxonomy::Tag, id, slug, "")
}

fn author(id: i64, login: &str, display_name: &str) -> Author {
    Author {
        id,
        login: login.to_owned(),
        display_name: display_name.to_owned(),
        ..Author::default()
    }
}

fn imported(pairs: &[(i64, i64)]) -> ImportMap {
    pairs
        .iter()
        .map(|(wp, id)| (*wp, (*id, String::new())))
        .collect()
}

fn has_redirect(batch: &ImportBatch, old: &str, target: &str) -> bool {
    batch.redirects.contains(&ImportRedirect {
        old_path: old.to_owned(),
        target: target.to_owned(),
        article_id: None,
    })
}

/// Asserts the batch redirects each old path to its target.
fn assert_redirects(batch: &ImportBatch, pairs: &[(&str, &str)]) {
    for (old, target) in pairs {
        assert!(has_redirect(batch, old, target), "{old} -> {target}");
    }
}

/// Plans the categories of an export holding only `terms`, none imported before.
fn plan_categories(terms: Vec<Term>) -> (ImportBatch, Report) {
    let scan = Scan {
        categories: terms,
        ..Scan::default()
    };
    let mut batch = ImportBatch::default();
    let mut report = Report::default();
    categories(&scan, &ImportMap::new(), &mut batch, &mut report);
    (batch, report)
}

#[test]
fn a_rerun_plans_only_what_was_not_imported_before() {
    let scan = Scan {
        categories: vec![category(1, "news", ""), category(2, "world", "news")],
        tags: vec![tag(10, "grain"), tag(11, "oil")],
        authors: vec![author(5, "ana", "Ana"), author(6, "bo", "Bo")],
        ..Scan::default()
    };
    let mut batch = ImportBatch::default();
    let mut report = Report::default();
    categories(&scan, &imported(&[(1, 100)]), &mut batch, &mut report);
    tags(
        &scan,
        &imported(&[(10, 200), (11, 201)]),
        &mut batch,
        &mut report,
    );
    let logins = authors(&scan, &imported(&[(5, 300)]), &mut batch, &mut report);

    // Only the child category is new, and it hangs under the Gazette id of its parent.
    assert_eq!(batch.categories.len(), 1);
    assert_eq!(batch.categories[0].wp_id, 2);
    assert_eq!(
        batch.categories[0].parent,
        Some(CategoryParent::Gazette(100))
    );
    assert!(has_redirect(
        &batch,
        "/category/news/world/",
        "/category/news/world/"
    ));
    assert!(batch.tags.is_empty());
    assert_eq!(batch.authors.len(), 1);
    assert_eq!(batch.authors[0].wp_id, 6);
    // Every author keeps its WordPress id for the byline lookup, imported or not.
    assert_eq!(logins.get("ana"), Some(&5));
    assert_eq!(logins.get("bo"), Some(&6));
    assert_eq!(report.existing.get("category"), Some(&1));
    assert_eq!(report.existing.get("tag"), Some(&2));
    assert_eq!(report.existing.get("author"), Some(&1));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn a_category_whose_parent_is_missing_becomes_top_level_with_a_warning() {
    let (batch, report) = plan_categories(vec![category(3, "world", "gone")]);
    assert_eq!(batch.categories.len(), 1);
    assert_eq!(batch.categories[0].parent, None);
    assert_eq!(batch.categories[0].category.slug, "world");
    assert_redirects(
        &batch,
        &[
            ("/category/world/", "/category/world/"),
            ("/?cat=3", "/category/world/"),
        ],
    );
    assert_eq!(report.warnings.get(ORPHAN_CATEGORIES), Some(&1));
    assert_eq!(
        report.warning_examples,
        ["category `world` (parent `gone`)"]
    );
}

#[test]
fn circular_categories_are_broken_at_the_first_and_parents_come_first() {
    // `b` is listed before its parent `a`; `x` and `y` are each other's parent.
    let (batch, report) = plan_categories(vec![
        category(2, "b", "a"),
        category(1, "a", ""),
        category(3, "x", "y"),
        category(4, "y", "x"),
    ]);
    let planned: Vec<(i64, Option<CategoryParent>, i64)> = batch
        .categories
        .iter()
        .map(|c| (c.wp_id, c.parent, c.category.position))
        .collect();
    assert_eq!(
        planned,
        [
            (1, None, 0),
            (2, Some(CategoryParent::Imported(1)), 1),
            (3, None, 2),
            (4, Some(CategoryParent::Imported(3)), 3),
        ]
    );
    assert!(has_redirect(&batch, "/category/x/y/", "/category/x/y/"));
    assert_eq!(report.warnings.get(ORPHAN_CATEGORIES), Some(&1));
}

#[test]
fn same_slugs_under_different_parents_stay_apart_and_reserved_slugs_are_numbered() {
    let scan = Scan {
        categories: vec![
            category(1, "news", ""),
            category(2, "sport", ""),
            category(3, "world", "news"),
            category(4, "world", "sport"),
        ],
        tags: vec![tag(10, "admin"), tag(11, "%d0%b7%d0%b5%d1%80%d0%bd%d0%be")],
        ..Scan::default()
    };
    let mut batch = ImportBatch::default();
    let mut report = Report::default();
    let slugs = categories(&scan, &ImportMap::new(), &mut batch, &mut report);
    assert_eq!(slugs.len(), 4);
    assert_redirects(
        &batch,
        &[
            ("/category/news/world/", "/category/news/world/"),
            ("/category/sport/world/", "/category/sport/world/"),
            ("/?cat=3", "/category/news/world/"),
            ("/?cat=4", "/category/sport/world/"),
        ],
    );

    tags(&scan, &ImportMap::new(), &mut batch, &mut report);
    let tag_slugs: Vec<&str> = batch.tags.iter().map(|t| t.tag.slug.as_str()).collect();
    assert_eq!(tag_slugs, ["admin-2", "zerno"]);
    assert_redirects(
        &batch,
        &[
            ("/tag/admin/", "/tag/admin-2/"),
            ("/tag/зерно/", "/tag/zerno/"),
            ("/?tag=admin", "/tag/admin-2/"),
        ],
    );
}

#[test]
fn authors_only_credited_on_posts_are_made_up_from_their_login() {
    let scan = Scan {
        authors: vec![author(7, "ana", "")],
        undeclared_logins: vec!["guest".to_owned()],
        ..Scan::default()
    };
    let mut batch = ImportBatch::default();
    let mut report = Report::default();
    let logins = authors(&scan, &ImportMap::new(), &mut batch, &mut report);
    assert_eq!(logins.get("guest"), Some(&-1));
    let planned: Vec<(i64, &str, &str)> = batch
        .authors
        .iter()
        .map(|a| (a.wp_id, a.author.slug.as_str(), a.author.name.as_str()))
        .collect();
    // An empty display name falls back to the login.
    assert_eq!(planned, [(7, "ana", "ana"), (-1, "guest", "guest")]);
    // Only real WordPress ids get a `/?author=` redirect.
    assert!(has_redirect(&batch, "/?author=7", "/author/ana/"));
    assert!(!batch.redirects.iter().any(|r| r.old_path == "/?author=-1"));
    assert_eq!(report.warnings.values().sum::<u64>(), 1);
}

fn post(id: i64, status: &str) -> Item {
    Item {
        id,
        title: format!("Post <b>{id}</b>"),
        link: format!("https://old.example/2024/01/02/post-{id}/"),
        creator: "ana".to_owned(),
        content: "Hello".to_owned(),
        post_date: "2024-01-02 03:04:05".to_owned(),
        post_date_gmt: "2024-01-02 01:04:05".to_owned(),
        name: format!("post-{id}"),
        status: status.to_owned(),
        post_type: "post".to_owned(),
        terms: vec![
            ItemTerm {
                domain: "category".to_owned(),
                nicename: "news".to_owned(),
                name: "News".to_owned(),
            },
            ItemTerm {
                domain: "post_tag".to_owned(),
                nicename: "grain".to_owned(),
                name: "Grain".to_owned(),
            },
        ],
        ..Item::default()
    }
}

fn plan_posts(items: &[Item]) -> (ImportBatch, Report) {
    let hosts = vec!["old.example".to_owned()];
    let categories = HashMap::from([("news".to_owned(), 100)]);
    let tags = HashMap::from([("grain".to_owned(), 200)]);
    let authors = HashMap::from([("ana".to_owned(), 300)]);
    let pictures = Pictures::default();
    let context = PostContext {
        hosts: &hosts,
        categories: &categories,
        tags: &tags,
        authors: &authors,
        pictures: &pictures,
        language: "en",
    };
    let mut batch = ImportBatch::default();
    let mut report = Report::default();
    for item in items {
        context.plan(item, &mut batch, &mut report);
    }
    (batch, report)
}

#[test]
fn a_post_gets_its_links_and_every_old_address() {
    let (batch, report) = plan_posts(&[post(12, "publish")]);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let [a] = batch.articles.as_slice() else {
        panic!("{:?}", batch.articles);
    };
    assert_eq!(a.title, "Post 12");
    assert_eq!(a.status, Status::Published);
    assert_eq!(a.category_id, Some(100));
    assert_eq!(a.tag_ids, [200]);
    assert_eq!(a.author_ids, [300]);
    assert_eq!(
        a.published_at.map(time::OffsetDateTime::unix_timestamp),
        Some(1_704_157_445)
    );
    assert_eq!(a.old_paths, ["/2024/01/02/post-12/", "/?p=12"]);
}

#[test]
fn posts_that_cannot_be_imported_are_skipped_with_their_reason() {
    let mut undated = post(3, "publish");
    undated.post_date.clear();
    undated.post_date_gmt = "0000-00-00 00:00:00".to_owned();
    let mut undated_draft = undated.clone();
    undated_draft.id = 4;
    undated_draft.status = "draft".to_owned();
    let mut locked = post(5, "publish");
    locked.password = "secret".to_owned();
    let (batch, report) = plan_posts(&[
        post(1, "trash"),
        post(2, "inherit"),
        undated,
        undated_draft,
        locked,
    ]);
    assert_eq!(report.skipped.get("items in the WordPress trash"), Some(&1));
    assert_eq!(report.skipped.get("revisions"), Some(&1));
    assert_eq!(
        report.skipped.get("published items without a valid date"),
        Some(&1)
    );
    let planned: Vec<(i64, Status)> = batch.articles.iter().map(|a| (a.wp_id, a.status)).collect();
    // A draft needs no date; a password-protected post is kept from readers.
    assert_eq!(planned, [(4, Status::Draft), (5, Status::Unpublished)]);
    assert_eq!(report.warnings.values().sum::<u64>(), 1);
}

#[test]
fn a_dry_run_counts_what_a_write_would_create_and_gives_distinct_fake_ids() {
    struct Nothing;
    impl ImportWriter for Nothing {
        fn imported(
            &self,
            _: &str,
            _: &str,
        ) -> impl Future<Output = Result<ImportMap, gazette_store::StoreError>> + Send {
            std::future::ready(Ok(ImportMap::new()))
        }
        fn write_batch(
            &self,
            _: &ImportBatch,
        ) -> impl Future<Output = Result<gazette_store::ImportedIds, gazette_store::StoreError>> + Send
        {
            std::future::ready(Err(gazette_store::StoreError::Invalid {
                entity: "batch",
                field: "all",
                message: "a dry run must not write".to_owned(),
            }))
        }
    }
    let (mut batch, _) = plan_posts(&[post(1, "publish"), post(2, "draft")]);
    batch.redirects.push(ImportRedirect {
        old_path: "/same/".to_owned(),
        target: "/same/".to_owned(),
        article_id: None,
    });
    let dry = DryRun::new(&Nothing);
    let first = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(dry.write_batch(&batch))
        .unwrap();
    assert_eq!(first.created.get("post"), Some(&2));
    // Two old addresses per post; a redirect to itself is not one.
    assert_eq!(first.redirects, 4);
    let mut ids: Vec<i64> = first.ids.values().copied().collect();
    ids.sort_unstable();
    assert_eq!(ids, [-2, -1]);
}

#[test]
fn content_longer_than_the_editor_accepts_is_shortened_or_refused() {
    use gazette_core::limits::{ARTICLE_BODY_MAX, ARTICLE_EXCERPT_MAX, ARTICLE_TITLE_MAX};
    let mut long_title = post(1, "publish");
    long_title.title = "word ".repeat(ARTICLE_TITLE_MAX);
    long_title.excerpt = "lead ".repeat(ARTICLE_EXCERPT_MAX);
    let mut long_body = post(2, "publish");
    long_body.content = "x".repeat(ARTICLE_BODY_MAX + 1);
    let mut long_page = post(3, "publish");
    long_page.post_type = "page".to_owned();
    long_page.title = "é".repeat(500);
    let (batch, report) = plan_posts(&[long_title, long_body, long_page]);
    let [a] = batch.articles.as_slice() else {
        panic!(
            "only the post that fits after shortening: {:?}",
            batch.articles
        );
    };
    assert!(
        a.title.chars().count() <= ARTICLE_TITLE_MAX,
        "{}",
        a.title.len()
    );
    assert!(a.title.starts_with("word word") && a.title.ends_with('…'));
    assert!(a.excerpt.chars().count() <= ARTICLE_EXCERPT_MAX);
    assert_eq!(
        report
            .warnings
            .get("titles longer than 300 characters (shortened)"),
        Some(&1)
    );
    assert_eq!(
        report
            .warnings
            .get("excerpts longer than 1000 characters (shortened)"),
        Some(&1)
    );
    assert_eq!(
        report
            .warnings
            .get("titles longer than 200 characters (shortened)"),
        Some(&1),
        "pages have their own limit: {:?}",
        report.warnings
    );
    assert_eq!(batch.pages[0].title.chars().count(), 200);
    let skipped: Vec<_> = report.skipped.keys().collect();
    assert_eq!(
        skipped,
        [
            "items longer than the editor accepts (500000 characters; split them in WordPress and import again)"
        ]
    );
}
