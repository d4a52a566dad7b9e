//! The newsroom's site area end to end over HTTP, on SQLite and (with TEST_DATABASE_URL)
//! PostgreSQL: tags (rename with redirect, special topic, merge, delete), static pages
//! (create, preview, slug rules, redirects, delete), the navigation menu and the site
//! settings, each role's refusals, CSRF refusals, invalid input left unsaved, and the
//! audit rows every change leaves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, csrf_of, location, signed_in};
use common::{Page, TestApp, app, published};
use gazette_store::{NewCategory, NewPage, NewTag};
use reqwest::StatusCode;

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut rows = app.store.audit_log(1000).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.action).collect()
}

async fn tag(app: &TestApp, slug: &str, name: &str) -> i64 {
    app.store
        .create_tag(&NewTag {
            slug: slug.into(),
            name: name.into(),
            special: false,
        })
        .await
        .unwrap()
}

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

/// Posts the menu editor's rows with "Save menu".
async fn save_menu(b: &mut Browser<'_>, fields: &[(String, String)]) -> Page {
    let page = b.get("/admin/menu").await;
    let csrf = csrf_of(&page);
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str()), ("op", "save")];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.post("/admin/menu", &form).await
}

fn alert(page: &Page) -> String {
    page.texts("[role=alert]").join(" ")
}

#[tokio::test]
async fn every_site_screen_checks_the_role_and_the_csrf_token() {
    let app = app().start().await;
    let tag_id = tag(&app, "oil", "Oil").await;
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
    let oil = tag(&app, "oil", "Oil").await;
    tag(&app, "gas", "Gas").await;
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

    let edit = format!("/admin/tags/{oil}");
    let page = b
        .submit(
            &edit,
            &edit,
            &[("name", "Crude oil"), ("slug", "crude-oil")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), format!("/admin/tags/{oil}?done=saved"));
    let after = app.get("/pipeline-opens/").await;
    assert_eq!(after.attrs("a[rel=tag]", "href"), vec!["/tag/crude-oil/"]);
    assert_eq!(after.texts("a[rel=tag]"), vec!["Crude oil"]);
    let old = app.get("/tag/oil/").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(location(&old), "/tag/crude-oil/");
    assert_eq!(app.get("/tag/crude-oil/").await.status, StatusCode::OK);

    // A second rename sends the first address straight to the newest one.
    let page = b
        .submit(
            &edit,
            &edit,
            &[("name", "Petroleum"), ("slug", "petroleum")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&app.get("/tag/oil/").await), "/tag/petroleum/");
    assert_eq!(
        location(&app.get("/tag/crude-oil/").await),
        "/tag/petroleum/"
    );

    // Refusals: values kept, status 400, the field named, nothing written.
    let page = b
        .submit(&edit, &edit, &[("name", "  "), ("slug", "x")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(alert(&page).contains("Name:"), "{}", alert(&page));
    let page = b
        .submit(&edit, &edit, &[("name", "Fuel"), ("slug", "gas")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        alert(&page).contains("another tag already uses `gas`"),
        "{}",
        alert(&page)
    );
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Fuel"]);
    let page = b
        .submit(&edit, &edit, &[("name", "Fuel"), ("slug", "Bad Slug")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(alert(&page).starts_with("Slug:"), "{}", alert(&page));
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
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/admin/tags?page=1&done=special");
    let home = app.get("/").await;
    assert_eq!(home.texts(".menu__item--special a"), vec!["Petroleum"]);
    assert_eq!(
        b.get("/admin/tags")
            .await
            .texts("tr[data-tag=petroleum] .pill"),
        vec!["Special"]
    );

    let actions = audit_actions(&app).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "tag.update").count(),
        3,
        "{actions:?}"
    );
}

#[tokio::test]
async fn the_tag_list_pages_through_thousands_of_tags() {
    let app = app().start().await;
    for i in 0..120 {
        tag(&app, &format!("topic-{i:03}"), &format!("Topic {i:03}")).await;
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
    let a = tag(&app, "grain", "Grain").await;
    let b_id = tag(&app, "wheat", "Wheat").await;
    article_with_tags(&app, "harvest", "Harvest is in", vec![a, b_id]).await;
    article_with_tags(&app, "silos", "Silos fill up", vec![a]).await;
    let mut b = signed_in(&app, "admin").await;
    let edit = format!("/admin/tags/{a}");
    let merge = format!("/admin/tags/{a}/merge");

    // Refused: into itself, into nothing.
    let page = b.submit(&edit, &merge, &[("into", "grain")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        alert(&page).contains("cannot be merged into itself"),
        "{}",
        alert(&page)
    );
    let page = b.submit(&edit, &merge, &[("into", "barley")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        alert(&page).contains("no tag with the slug `barley`"),
        "{}",
        alert(&page)
    );
    assert!(app.store.tag_by_slug("grain").await.unwrap().is_some());

    let page = b.submit(&edit, &merge, &[("into", "wheat")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), format!("/admin/tags/{b_id}?done=merged"));
    assert!(app.store.tag_by_slug("grain").await.unwrap().is_none());
    let harvest = app.get("/harvest/").await;
    assert_eq!(harvest.attrs("a[rel=tag]", "href"), vec!["/tag/wheat/"]);
    let silos = app.get("/silos/").await;
    assert_eq!(silos.attrs("a[rel=tag]", "href"), vec!["/tag/wheat/"]);
    let listing = app.get("/tag/wheat/").await;
    assert!(listing.body.contains("Harvest is in") && listing.body.contains("Silos fill up"));
    let old = app.get("/tag/grain/").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(location(&old), "/tag/wheat/");
    let tag_page = b.get(&format!("/admin/tags/{b_id}")).await;
    assert!(tag_page.body.contains("On 2 articles"), "{}", tag_page.body);

    // Deleting a tag in use needs confirmation, then removes it from its articles.
    let edit = format!("/admin/tags/{b_id}");
    let delete = format!("/admin/tags/{b_id}/delete");
    let page = b.submit(&edit, &delete, &[]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(alert(&page).contains("on 2 article(s)"), "{}", alert(&page));
    assert!(app.store.tag_by_slug("wheat").await.unwrap().is_some());
    let page = b.submit(&edit, &delete, &[("confirm", "1")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/admin/tags?done=deleted");
    assert!(app.store.tag_by_slug("wheat").await.unwrap().is_none());
    assert_eq!(app.get("/harvest/").await.count("a[rel=tag]"), 0);
    assert_eq!(app.get("/tag/grain/").await.status, StatusCode::NOT_FOUND);

    let actions = audit_actions(&app).await;
    assert!(actions.contains(&"tag.merge".to_owned()), "{actions:?}");
    assert!(actions.contains(&"tag.delete".to_owned()), "{actions:?}");
}

#[tokio::test]
async fn static_pages_are_written_previewed_moved_and_deleted() {
    let app = app().start().await;
    app.store
        .create_article(&published("markets", "Markets", "x"))
        .await
        .unwrap();
    let mut b = signed_in(&app, "editor").await;
    let new = "/admin/pages/new";

    // Preview: the rendered body, nothing written.
    let page = b
        .submit(
            new,
            new,
            &[
                ("title", "About us"),
                ("slug", "about-us"),
                ("body", "We are **small**."),
                ("op", "preview"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("[data-preview-target] strong"), vec!["small"]);
    assert_eq!(page.attrs("input[name=title]", "value"), vec!["About us"]);
    assert!(app.store.all_pages().await.unwrap().is_empty());
    let csrf = csrf_of(&page);
    let fragment = b
        .post(
            "/admin/pages/preview",
            &[("csrf", &csrf), ("body", "# Hi\n\n<script>x()</script>")],
        )
        .await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(fragment.body.contains(">Hi</h"), "{}", fragment.body);
    assert!(!fragment.body.contains("<script"), "{}", fragment.body);

    // Refusals: each names its field; values kept; nothing written.
    for (fields, message) in [
        (vec![("title", ""), ("slug", "x")], "Title:"),
        (
            vec![("title", "Markets"), ("slug", "markets")],
            "/markets/ is already the address",
        ),
        (
            vec![("title", "Admin"), ("slug", "admin")],
            "used by the site itself",
        ),
        (vec![("title", "Bad"), ("slug", "Bad Slug")], "Slug:"),
    ] {
        let mut form = fields.clone();
        form.push(("body", "kept body"));
        form.push(("published", "1"));
        let page = b.submit(new, new, &form).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{fields:?}");
        assert!(
            alert(&page).contains(message),
            "{fields:?}: {}",
            alert(&page)
        );
        assert_eq!(page.texts("textarea[name=body]"), vec!["kept body"]);
    }
    assert!(app.store.all_pages().await.unwrap().is_empty());

    // Created and published: visible at /slug/.
    let page = b
        .submit(
            new,
            new,
            &[
                ("title", "About us"),
                ("slug", "about-us"),
                ("body", "We are **small**."),
                ("published", "1"),
                ("op", "save"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let id = app.store.all_pages().await.unwrap()[0].id;
    assert_eq!(location(&page), format!("/admin/pages/{id}?done=created"));
    let public = app.get("/about-us/").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public.body.contains("<strong>small</strong>"),
        "{}",
        public.body
    );
    // An article cannot take the page's address either (the store refuses).
    assert!(
        app.store
            .create_article(&published("about-us", "Clash", "x"))
            .await
            .is_err()
    );

    // Unpublished: readers get 404.
    let page = b
        .submit(
            new,
            new,
            &[("title", "Draft"), ("slug", "draft-page"), ("body", "soon")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/draft-page/").await.status, StatusCode::NOT_FOUND);

    // Moving a published page redirects its old address.
    let edit = format!("/admin/pages/{id}");
    let page = b
        .submit(
            &edit,
            &edit,
            &[
                ("title", "About"),
                ("slug", "about"),
                ("body", "Moved."),
                ("published", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let old = app.get("/about-us/").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(location(&old), "/about/");
    assert!(app.get("/about/").await.body.contains("Moved."));

    // Deleting needs the box ticked; then the address is gone.
    let delete = format!("/admin/pages/{id}/delete");
    let page = b.submit(&edit, &delete, &[]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(alert(&page).contains("tick the box"), "{}", alert(&page));
    let page = b.submit(&edit, &delete, &[("confirm", "1")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/admin/pages?done=deleted");
    assert_eq!(app.get("/about/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/about-us/").await.status, StatusCode::NOT_FOUND);

    // The privacy page cannot be deleted, renamed or unpublished while the settings use it.
    static_page(&app, "privacy", "Privacy").await;
    let privacy = app.store.page_by_slug("privacy").await.unwrap().unwrap().id;
    let edit = format!("/admin/pages/{privacy}");
    let page = b
        .submit(&edit, &format!("{edit}/delete"), &[("confirm", "1")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(alert(&page).contains("privacy page"), "{}", alert(&page));
    let page = b
        .submit(
            &edit,
            &edit,
            &[
                ("title", "Privacy"),
                ("slug", "privacy-policy"),
                ("published", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(alert(&page).contains("privacy page"), "{}", alert(&page));
    assert_eq!(app.get("/privacy/").await.status, StatusCode::OK);

    let actions = audit_actions(&app).await;
    for a in ["page.create", "page.update", "page.delete"] {
        assert!(actions.contains(&a.to_owned()), "{a}: {actions:?}");
    }
    assert_eq!(
        b.get("/admin/pages")
            .await
            .texts("tr[data-page=privacy] .pill"),
        vec!["privacy page"]
    );
}

#[tokio::test]
async fn a_saved_menu_shows_in_the_header_on_the_next_request() {
    let app = app().start().await;
    app.store
        .create_category(&NewCategory {
            parent_id: None,
            slug: "world".into(),
            name: "World".into(),
            description: String::new(),
            position: 0,
        })
        .await
        .unwrap();
    static_page(&app, "about", "About").await;
    tag(&app, "elections", "Elections").await;
    let mut b = signed_in(&app, "editor").await;

    // Without a saved menu the editor starts from the automatic one.
    let editor = b.get("/admin/menu").await;
    assert_eq!(editor.status, StatusCode::OK);
    assert_eq!(editor.count("#menu-automatic"), 1);
    assert_eq!(editor.attrs("input[name=label_0]", "value"), vec!["World"]);
    // The header is cached before the change.
    let home = app.get("/").await;
    assert_eq!(home.texts(".menu__link"), vec!["World"]);

    // Buttons change the rows without saving.
    let page = b
        .submit(
            "/admin/menu",
            "/admin/menu",
            &[
                ("key_0", "a"),
                ("label_0", "World"),
                ("kind_0", "category"),
                ("category_0", "world"),
                ("op", "add"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count(".menu-row"), 2);
    assert!(app.store.settings().await.unwrap().menu.is_empty());

    let row = |i: usize,
               key: &'static str,
               label: &'static str,
               kind: &'static str,
               field: &'static str,
               value: &'static str,
               parent: &'static str| {
        vec![
            (format!("key_{i}"), key.to_owned()),
            (format!("label_{i}"), label.to_owned()),
            (format!("kind_{i}"), kind.to_owned()),
            (format!("{field}_{i}"), value.to_owned()),
            (format!("parent_{i}"), parent.to_owned()),
        ]
    };
    let good: Vec<(String, String)> = [
        row(0, "a", "Home", "url", "url", "/", ""),
        row(1, "b", "World", "category", "category", "world", ""),
        row(2, "c", "Elections", "tag", "tag", "elections", "b"),
        row(3, "d", "About", "page", "page", "about", ""),
        row(
            4,
            "e",
            "Partner",
            "url",
            "url",
            "https://partner.example/news",
            "",
        ),
    ]
    .concat();
    // Invalid rows: 400, each named, nothing saved.
    for (bad, message) in [
        (
            row(5, "f", "Evil", "url", "url", "javascript:alert(1)", ""),
            "Row 6 (“Evil”): URL:",
        ),
        (
            row(5, "f", "", "url", "url", "/x/", ""),
            "Row 6: Label is required",
        ),
        (
            row(5, "f", "L".repeat(61).leak(), "url", "url", "/x/", ""),
            "at most 60 characters",
        ),
        (
            row(5, "f", "Ghost", "tag", "tag", "ghost", ""),
            "no tag with the slug `ghost`",
        ),
        (
            row(5, "f", "Gone", "page", "page", "gone", ""),
            "Page: choose an existing page",
        ),
        (
            row(5, "f", "Deep", "url", "url", "/deep/", "c"),
            "nest one level only",
        ),
    ] {
        let mut fields = good.clone();
        fields.extend(bad);
        let page = save_menu(&mut b, &fields).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{message}");
        assert!(
            alert(&page).contains(message),
            "{message}: {}",
            alert(&page)
        );
        assert_eq!(page.count(".menu-row"), 6, "rows kept");
    }
    assert!(app.store.settings().await.unwrap().menu.is_empty());

    let page = save_menu(&mut b, &good).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), "/admin/menu?done=saved");
    let home = app.get("/").await;
    assert_eq!(
        home.texts(".menu__link"),
        vec!["Home", "World", "About", "Partner"]
    );
    assert_eq!(
        home.attrs(".menu__link", "href"),
        vec![
            "/",
            "/category/world/",
            "/about/",
            "https://partner.example/news"
        ]
    );
    assert_eq!(
        home.attrs(".submenu__list a", "href"),
        vec!["/category/world/", "/tag/elections/"]
    );

    // The editor shows the saved menu with its targets recognised.
    let editor = b.get("/admin/menu").await;
    assert_eq!(editor.count("#menu-automatic"), 0);
    assert_eq!(
        editor.attrs("input[name=tag_2]", "value"),
        vec!["elections"]
    );
    assert_eq!(editor.count(".menu-row--child"), 1);
    assert_eq!(
        editor.attrs("select[name=kind_1] option[selected]", "value"),
        vec!["category"]
    );
    assert_eq!(
        editor.attrs("select[name=category_1] option[selected]", "value"),
        vec!["world"]
    );
    assert_eq!(
        editor.attrs("select[name=page_3] option[selected]", "value"),
        vec!["about"]
    );
    assert_eq!(
        editor.attrs("select[name=parent_2] option[selected]", "value"),
        vec!["r2"]
    );

    // Up/down buttons reorder siblings; a bad position is refused with the rows kept.
    let mut fields = good.clone();
    fields.push(("op".into(), "up:d".into()));
    let page = b
        .submit(
            "/admin/menu",
            "/admin/menu",
            &fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let labels: Vec<String> = page.attrs(".menu-row input[name^=label_]", "value");
    assert_eq!(labels, ["Home", "About", "World", "Elections", "Partner"]);
    let mut fields = good.clone();
    fields.push(("pos_1".into(), "first".into()));
    let page = save_menu(&mut b, &fields).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        alert(&page).contains("Position: `first`"),
        "{}",
        alert(&page)
    );
    assert_eq!(page.count(".menu-row"), 5);

    // A top-level link to a tag shows as a special topic while the tag is marked so.
    let mut fields = good.clone();
    fields.extend(row(5, "f", "Vote 2026", "tag", "tag", "elections", ""));
    let page = save_menu(&mut b, &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/").await.count(".menu__item--special"), 0);
    let elections = app
        .store
        .tag_by_slug("elections")
        .await
        .unwrap()
        .unwrap()
        .id;
    let page = b
        .submit(
            "/admin/tags",
            &format!("/admin/tags/{elections}/special"),
            &[("special", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/").await.texts(".menu__item--special .menu__link"),
        vec!["Vote 2026"]
    );

    // Back to the automatic menu.
    let page = b
        .submit("/admin/menu", "/admin/menu", &[("op", "automatic")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/").await.texts(".menu__link"),
        vec!["World", "Elections"]
    );

    let actions = audit_actions(&app).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "menu.update").count(),
        3,
        "{actions:?}"
    );
}

#[tokio::test]
async fn settings_change_the_site_and_refuse_bad_values() {
    let app = app().start().await;
    static_page(&app, "privacy", "Privacy").await;
    static_page(&app, "terms", "Terms").await;
    let mut b = signed_in(&app, "admin").await;
    let form = b.get("/admin/settings").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attrs("input[name=name]", "value"), vec!["Gazette"]);
    // The header is cached before the change.
    assert_eq!(
        app.get("/").await.texts(".site-header .brand__name"),
        vec!["Gazette"]
    );

    let good = [
        ("name", "Caspian Digest"),
        ("tagline", "News from the shores"),
        ("about", "An independent digest."),
        ("contact_email", "desk@caspian.example"),
        ("language", "az"),
        ("social_name_0", "Mastodon"),
        ("social_url_0", "https://social.example/@caspian"),
        ("social_name_1", ""),
        ("social_url_1", ""),
        ("privacy_page", "privacy"),
        ("terms_page", "terms"),
        ("cookies_page", ""),
        ("feed_full_content", "1"),
    ];
    let with = |field: &'static str, value: &'static str| {
        good.iter()
            .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
            .collect::<Vec<_>>()
    };
    for (form, message) in [
        (with("name", "  "), "Site name:"),
        (with("contact_email", "desk at caspian"), "Contact email:"),
        (with("language", "english!"), "Language:"),
        (
            with("social_url_0", "javascript:alert(1)"),
            "Social link 1: URL:",
        ),
        (with("social_name_0", ""), "Social link 1: Network:"),
        (
            with("privacy_page", "nowhere"),
            "Privacy page: there is no page with the slug `nowhere`",
        ),
    ] {
        let page = b.submit("/admin/settings", "/admin/settings", &form).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{message}");
        assert!(
            alert(&page).contains(message),
            "{message}: {}",
            alert(&page)
        );
        assert_eq!(
            page.attrs("input[name=tagline]", "value"),
            vec!["News from the shores"]
        );
    }
    assert_eq!(app.store.settings().await.unwrap().name, "Gazette");

    let page = b.submit("/admin/settings", "/admin/settings", &good).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), "/admin/settings?done=saved");
    let home = app.get("/").await;
    assert_eq!(
        home.texts(".site-header .brand__name"),
        vec!["Caspian Digest"]
    );
    assert!(home.body.contains("https://social.example/@caspian"));
    let s = app.store.settings().await.unwrap();
    assert_eq!(
        (s.language.as_str(), s.cookies_page.as_str(), s.social.len()),
        ("az", "", 1)
    );
    // A saved menu is left alone by the settings form.
    assert!(s.menu.is_empty());
    let form = b.get("/admin/settings?done=saved").await;
    assert_eq!(
        form.attrs("select[name=privacy_page] option[selected]", "value"),
        vec!["privacy"]
    );
    assert_eq!(
        form.attrs("select[name=cookies_page] option[selected]", "value"),
        vec![""]
    );
    assert_eq!(form.count("input[name=feed_full_content][checked]"), 1);
    assert_eq!(form.texts(".notice[role=status]"), vec!["Settings saved."]);
    assert_eq!(
        form.attrs("input[name=social_url_0]", "value"),
        vec!["https://social.example/@caspian"]
    );

    let entries = app.store.audit_log(100).await.unwrap();
    let saved: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "settings.update")
        .collect();
    assert_eq!(saved.len(), 1);
    assert!(saved[0].user_id.is_some());
}

/// Waits until a site search for `query` lists `href` (the index follows the change log).
async fn search_finds(app: &TestApp, query: &str, href: &str) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        let page = app.get(&format!("/search?q={query}")).await;
        if page
            .attrs(".search-results .result__title a", "href")
            .iter()
            .any(|h| h == href)
        {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn the_search_index_follows_tag_renames_and_merges() {
    let app = app().start().await;
    let walrus = tag(&app, "walrus", "Walrus").await;
    let narwhal = tag(&app, "narwhal", "Narwhal").await;
    article_with_tags(&app, "ice-report", "Ice report", vec![walrus]).await;
    article_with_tags(&app, "sea-report", "Sea report", vec![narwhal]).await;
    assert!(search_finds(&app, "walrus", "/ice-report/").await);
    let mut b = signed_in(&app, "editor").await;

    let edit = format!("/admin/tags/{walrus}");
    let page = b
        .submit(
            &edit,
            &edit,
            &[("name", "Quokkaland"), ("slug", "quokkaland")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        search_finds(&app, "quokkaland", "/ice-report/").await,
        "rename not indexed"
    );

    // Merging narwhal into the renamed tag reindexes the moved article under its new tag.
    let page = b
        .submit(
            &format!("/admin/tags/{narwhal}"),
            &format!("/admin/tags/{narwhal}/merge"),
            &[("into", "quokkaland")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        search_finds(&app, "quokkaland", "/sea-report/").await,
        "merge not indexed"
    );
}
