//! The newsroom's site area end to end over HTTP, on SQLite and (with TEST_DATABASE_URL)
//! PostgreSQL: tags (rename with redirect, special topic, merge, delete), static pages
//! (create, preview, slug rules, redirects, delete), the navigation menu and the site
//! settings, each role's refusals, CSRF refusals, invalid input left unsaved, and the
//! audit rows every change leaves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::browser::{Browser, csrf_of, location, signed_in};
use common::{
    Page, TestApp, add_category, add_tag, app, assert_audit_count, assert_audited, audit_actions,
    published, search_finds,
};
use gazette_store::NewPage;
use reqwest::StatusCode;

mod menu_and_settings;
mod pages;

async fn article_with_tags(app: &TestApp, slug: &str, title: &str, tags: Vec<i64>) {
    let mut a = published(slug, title, "Body text of the article.");
    a.tag_ids = tags;
    app.store.create_article(&a).await.unwrap();
}

async fn static_page(app: &TestApp, slug: &str, title: &str) {
    app.store
        .create_page(&NewPage {
            slug: slug.into(),
            title: title.into(),
            body_markdown: format!("The {title} page."),
            modified_at: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
}

/// The session's CSRF token, from a page every signed-in person may open.
async fn token(b: &mut Browser<'_>) -> String {
    let page = b.get("/account/sessions").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    csrf_of(&page)
}

/// Sends tag `id`'s edit form, renaming it to `name` at `slug`.
async fn edit_tag(b: &mut Browser<'_>, id: i64, name: &str, slug: &str) -> Page {
    let edit = format!("/admin/tags/{id}");
    b.submit(&edit, &edit, &[("name", name), ("slug", slug)])
        .await
}

/// Posts the menu editor's rows with "Save menu".
async fn save_menu(b: &mut Browser<'_>, fields: &[(String, String)]) -> Page {
    let page = b.get("/admin/menu").await;
    let csrf = csrf_of(&page);
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str()), ("op", "save")];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.post("/admin/menu", &form).await
}

#[tokio::test]
async fn every_site_screen_checks_the_role_and_the_csrf_token() {
    let app = app().start().await;
    let tag_id = add_tag(&app.store, "oil", "Oil").await;
    static_page(&app, "about", "About").await;
    let page_id = app.store.all_pages().await.unwrap()[0].id;
    let screens = [
        "/admin/tags".to_owned(),
        format!("/admin/tags/{tag_id}"),
        "/admin/pages".to_owned(),
        "/admin/pages/new".to_owned(),
        format!("/admin/pages/{page_id}"),
        "/admin/menu".to_owned(),
        "/admin/settings".to_owned(),
    ];
    let posts = [
        (
            format!("/admin/tags/{tag_id}"),
            vec![("name", "Hacked"), ("slug", "hacked")],
        ),
        (
            format!("/admin/tags/{tag_id}/special"),
            vec![("special", "1")],
        ),
        (format!("/admin/tags/{tag_id}/merge"), vec![("into", "oil")]),
        (
            format!("/admin/tags/{tag_id}/delete"),
            vec![("confirm", "1")],
        ),
        (
            "/admin/pages/new".to_owned(),
            vec![("title", "Hacked"), ("slug", "hacked"), ("published", "1")],
        ),
        (
            format!("/admin/pages/{page_id}"),
            vec![("title", "Hacked"), ("slug", "about")],
        ),
        (
            format!("/admin/pages/{page_id}/delete"),
            vec![("confirm", "1")],
        ),
        ("/admin/pages/preview".to_owned(), vec![("body", "x")]),
        (
            "/admin/menu".to_owned(),
            vec![
                ("op", "save"),
                ("label_0", "Hacked"),
                ("kind_0", "url"),
                ("url_0", "/x/"),
            ],
        ),
        (
            "/admin/settings".to_owned(),
            vec![("name", "Hacked"), ("language", "en")],
        ),
    ];

    // Anonymous visitors are sent to sign in.
    let mut anon = Browser::new(&app);
    for path in &screens {
        let page = anon.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(location(&page).starts_with("/account/sign-in"), "{path}");
    }

    // Authors, contributors and subscribers may open none of it, nor post to it.
    for role in ["author", "contributor", "subscriber"] {
        let mut b = signed_in(&app, role).await;
        for path in &screens {
            let page = b.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} GET {path}");
        }
        let csrf = token(&mut b).await;
        for (path, fields) in &posts {
            let mut form = vec![("csrf", csrf.as_str())];
            form.extend(fields.iter().copied());
            let page = b.post(path, &form).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} POST {path}");
        }
    }

    // An editor manages tags, pages and the menu, but not the settings.
    let mut editor = signed_in(&app, "editor").await;
    for path in &screens[..6] {
        let page = editor.get(path).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "editor GET {path}: {}",
            page.body
        );
    }
    let page = editor.get("/admin/settings").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("change site settings"), "{}", page.body);
    let csrf = token(&mut editor).await;
    let page = editor
        .post(
            "/admin/settings",
            &[("csrf", &csrf), ("name", "Hacked"), ("language", "en")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let nav = editor.get("/admin/tags").await.texts(".admin-nav a");
    assert!(
        nav.contains(&"Tags".to_owned()) && nav.contains(&"Menu".to_owned()),
        "{nav:?}"
    );
    assert!(!nav.contains(&"Settings".to_owned()), "{nav:?}");

    // Missing or wrong CSRF tokens are refused for those who may act.
    let mut admin = signed_in(&app, "admin").await;
    for b in [&mut editor, &mut admin] {
        for (path, fields) in &posts {
            let page = b.post(path, fields).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "no token: POST {path}");
            let mut form = vec![("csrf", "forged")];
            form.extend(fields.iter().copied());
            let page = b.post(path, &form).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "forged token: POST {path}"
            );
        }
    }

    // Nothing of it was written.
    let t = app.store.tag_by_slug("oil").await.unwrap().unwrap();
    assert_eq!((t.name.as_str(), t.special), ("Oil", false));
    assert_eq!(app.store.all_pages().await.unwrap().len(), 1);
    let settings = app.store.settings().await.unwrap();
    assert_eq!(settings.name, "Gazette");
    assert!(settings.menu.is_empty());
    let actions = audit_actions(&app).await;
    assert!(
        !actions.iter().any(|a| a.starts_with("tag.")
            || a.starts_with("page.")
            || a.starts_with("menu.")
            || a.starts_with("settings.")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn renaming_a_tag_updates_its_links_and_redirects_the_old_address() {
    let app = app().start().await;
    let oil = add_tag(&app.store, "oil", "Oil").await;
    add_tag(&app.store, "gas", "Gas").await;
    article_with_tags(&app, "pipeline-opens", "Pipeline opens", vec![oil]).await;
    let mut b = signed_in(&app, "editor").await;

    // The list shows the tag with its article count, and finds it by name.
    let list = b.get("/admin/tags?q=OI").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.texts("tr[data-tag=oil] .tag-count"), vec!["1"]);
    assert_eq!(list.count("tr[data-tag=gas]"), 0);
    // The reader's page is cached before the rename.
    let before = app.get("/pipeline-opens/").await;
    assert_eq!(before.attrs("a[rel=tag]", "href"), vec!["/tag/oil/"]);

    let page = edit_tag(&mut b, oil, "Crude oil", "crude-oil").await;
    page.assert_redirect(&format!("/admin/tags/{oil}?done=saved"));
    let after = app.get("/pipeline-opens/").await;
    assert_eq!(after.attrs("a[rel=tag]", "href"), vec!["/tag/crude-oil/"]);
    assert_eq!(after.texts("a[rel=tag]"), vec!["Crude oil"]);
    let old = app.get("/tag/oil/").await;
    old.assert_moved("/tag/crude-oil/");
    assert_eq!(app.get("/tag/crude-oil/").await.status, StatusCode::OK);

    // A second rename sends the first address straight to the newest one.
    let page = edit_tag(&mut b, oil, "Petroleum", "petroleum").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&app.get("/tag/oil/").await), "/tag/petroleum/");
    assert_eq!(
        location(&app.get("/tag/crude-oil/").await),
        "/tag/petroleum/"
    );

    // Refusals: values kept, status 400, the field named, nothing written.
    let page = edit_tag(&mut b, oil, "  ", "x").await;
    page.assert_refused("Name:");
    let page = edit_tag(&mut b, oil, "Fuel", "gas").await;
    page.assert_refused("another tag already uses `gas`");
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Fuel"]);
    let page = edit_tag(&mut b, oil, "Fuel", "Bad Slug").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.alert().starts_with("Slug:"), "{}", page.alert());
    let t = app.store.tag_by_slug("petroleum").await.unwrap().unwrap();
    assert_eq!(t.name, "Petroleum");

    // Marking it as a special topic puts it in the (automatic) menu as a pill.
    let home = app.get("/").await;
    assert_eq!(home.count(".menu__item--special"), 0);
    let page = b
        .submit(
            "/admin/tags",
            &format!("/admin/tags/{oil}/special"),
            &[("special", "1"), ("back", "/admin/tags?page=1")],
        )
        .await;
    page.assert_redirect("/admin/tags?page=1&done=special");
    let home = app.get("/").await;
    assert_eq!(home.texts(".menu__item--special a"), vec!["Petroleum"]);
    assert_eq!(
        b.get("/admin/tags")
            .await
            .texts("tr[data-tag=petroleum] .pill"),
        vec!["Special"]
    );

    assert_audit_count(&app, "tag.update", 3).await;
}

#[tokio::test]
async fn the_tag_list_pages_through_thousands_of_tags() {
    let app = app().start().await;
    for i in 0..120 {
        add_tag(
            &app.store,
            &format!("topic-{i:03}"),
            &format!("Topic {i:03}"),
        )
        .await;
    }
    let mut b = signed_in(&app, "editor").await;
    let first = b.get("/admin/tags").await;
    assert_eq!(first.count(".tag-table tbody tr"), 50);
    assert!(first.texts("#tags-count")[0].starts_with("120 tags"));
    assert_eq!(
        first.attrs("a[rel=next]", "href"),
        vec!["/admin/tags?page=2"]
    );
    let last = b.get("/admin/tags?page=3").await;
    assert_eq!(last.count(".tag-table tbody tr"), 20);
    assert_eq!(last.count("a[rel=next]"), 0);
    let found = b.get("/admin/tags?q=topic-11").await;
    assert_eq!(found.count(".tag-table tbody tr"), 10);
    // LIKE wildcards are taken literally.
    assert_eq!(
        b.get("/admin/tags?q=%25")
            .await
            .count(".tag-table tbody tr"),
        0
    );
}

#[tokio::test]
async fn merging_keeps_the_articles_once_and_redirects_the_merged_tag() {
    let app = app().start().await;
    let a = add_tag(&app.store, "grain", "Grain").await;
    let b_id = add_tag(&app.store, "wheat", "Wheat").await;
    article_with_tags(&app, "harvest", "Harvest is in", vec![a, b_id]).await;
    article_with_tags(&app, "silos", "Silos fill up", vec![a]).await;
    let mut b = signed_in(&app, "admin").await;
    let edit = format!("/admin/tags/{a}");
    let merge = format!("/admin/tags/{a}/merge");

    // Refused: into itself, into nothing.
    let page = b.submit(&edit, &merge, &[("into", "grain")]).await;
    page.assert_refused("cannot be merged into itself");
    let page = b.submit(&edit, &merge, &[("into", "barley")]).await;
    page.assert_refused("no tag with the slug `barley`");
    assert!(app.store.tag_by_slug("grain").await.unwrap().is_some());

    let page = b.submit(&edit, &merge, &[("into", "wheat")]).await;
    page.assert_redirect(&format!("/admin/tags/{b_id}?done=merged"));
    assert!(app.store.tag_by_slug("grain").await.unwrap().is_none());
    let harvest = app.get("/harvest/").await;
    assert_eq!(harvest.attrs("a[rel=tag]", "href"), vec!["/tag/wheat/"]);
    let silos = app.get("/silos/").await;
    assert_eq!(silos.attrs("a[rel=tag]", "href"), vec!["/tag/wheat/"]);
    let listing = app.get("/tag/wheat/").await;
    assert!(listing.body.contains("Harvest is in") && listing.body.contains("Silos fill up"));
    let old = app.get("/tag/grain/").await;
    old.assert_moved("/tag/wheat/");
    let tag_page = b.get(&format!("/admin/tags/{b_id}")).await;
    assert!(tag_page.body.contains("On 2 articles"), "{}", tag_page.body);

    // Deleting a tag in use needs confirmation, then removes it from its articles.
    let edit = format!("/admin/tags/{b_id}");
    let delete = format!("/admin/tags/{b_id}/delete");
    let page = b.submit(&edit, &delete, &[]).await;
    page.assert_refused("on 2 articles;");
    assert!(app.store.tag_by_slug("wheat").await.unwrap().is_some());
    let page = b.submit(&edit, &delete, &[("confirm", "1")]).await;
    page.assert_redirect("/admin/tags?done=deleted");
    assert!(app.store.tag_by_slug("wheat").await.unwrap().is_none());
    assert_eq!(app.get("/harvest/").await.count("a[rel=tag]"), 0);
    assert_eq!(app.get("/tag/grain/").await.status, StatusCode::NOT_FOUND);

    assert_audited(&app, &["tag.merge", "tag.delete"]).await;
}
