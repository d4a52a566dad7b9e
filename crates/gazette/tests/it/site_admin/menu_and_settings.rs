//! The header menu and the site settings as an admin saves them, and what readers and search see next.

use super::*;

#[tokio::test]
async fn a_saved_menu_shows_in_the_header_on_the_next_request() {
    let app = app().start().await;
    add_category(&app.store, None, "world", "World", 0).await;
    static_page(&app, "about", "About").await;
    add_tag(&app.store, "elections", "Elections").await;
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
        page.assert_refused(message);
        assert_eq!(page.count(".menu-row"), 6, "rows kept");
    }
    assert!(app.store.settings().await.unwrap().menu.is_empty());

    let page = save_menu(&mut b, &good).await;
    page.assert_redirect("/admin/menu?done=saved");
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
    for (select, value) in [
        ("kind_1", "category"),
        ("category_1", "world"),
        ("page_3", "about"),
        ("parent_2", "r2"),
    ] {
        assert_eq!(editor.selected(select), vec![value], "{select}");
    }

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
    page.assert_refused("Position: `first`");
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

    assert_audit_count(&app, "menu.update", 3).await;
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
        page.assert_refused(message);
        assert_eq!(
            page.attrs("input[name=tagline]", "value"),
            vec!["News from the shores"]
        );
    }
    assert_eq!(app.store.settings().await.unwrap().name, "Gazette");

    let page = b.submit("/admin/settings", "/admin/settings", &good).await;
    page.assert_redirect("/admin/settings?done=saved");
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
    assert_eq!(form.selected("privacy_page"), vec!["privacy"]);
    assert_eq!(form.selected("cookies_page"), vec![""]);
    assert_eq!(form.count("input[name=feed_full_content][checked]"), 1);
    // The site now speaks Azerbaijani, and so does the newsroom of a staff member who
    // has not chosen a language of their own.
    assert_eq!(
        form.texts(".notice[role=status]"),
        vec!["Tənzimləmələr saxlanıldı."]
    );
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

#[tokio::test]
async fn the_search_index_follows_tag_renames_and_merges() {
    let app = app().start().await;
    let walrus = add_tag(&app.store, "walrus", "Walrus").await;
    let narwhal = add_tag(&app.store, "narwhal", "Narwhal").await;
    article_with_tags(&app, "ice-report", "Ice report", vec![walrus]).await;
    article_with_tags(&app, "sea-report", "Sea report", vec![narwhal]).await;
    search_finds(&app, "q=walrus", "/ice-report/").await;
    let mut b = signed_in(&app, "editor").await;

    let page = super::edit_tag(&mut b, walrus, "Quokkaland", "quokkaland").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    // The rename is indexed.
    search_finds(&app, "q=quokkaland", "/ice-report/").await;

    // Merging narwhal into the renamed tag reindexes the moved article under its new tag.
    let page = b
        .submit(
            &format!("/admin/tags/{narwhal}"),
            &format!("/admin/tags/{narwhal}/merge"),
            &[("into", "quokkaland")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    search_finds(&app, "q=quokkaland", "/sea-report/").await;
}
