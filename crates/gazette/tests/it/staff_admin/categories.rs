//! Categories in the newsroom: moving subtrees with redirects, refusing bad input and deleting what is used, reordering.

use super::*;

/// Presses category `id`'s `button` (`delete`, `up` or `down`) on the category screen.
async fn category_button(b: &mut Browser<'_>, id: i64, button: &str) -> Page {
    let action = format!("/admin/categories/{id}/{button}");
    b.submit("/admin/categories", &action, &[]).await
}

#[tokio::test]
async fn categories_move_with_their_subtree_and_old_urls_redirect() {
    let app = app().start().await;
    let mut editor = signed_in(&app, "editor").await;
    for (name, parent) in [
        ("World", ""),
        ("Europe", "world"),
        ("France", "world/europe"),
    ] {
        let parent_id = if parent.is_empty() {
            String::new()
        } else {
            category_id(&app, parent).await.to_string()
        };
        let page = editor
            .submit(
                "/admin/categories",
                "/admin/categories",
                &[("name", name), ("parent", &parent_id), ("description", "")],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    let france = category_id(&app, "world/europe/france").await;
    let mut article = published("paris-news", "Paris news", "Body.");
    article.category_id = Some(france);
    app.store.create_article(&article).await.unwrap();
    let page = editor.get("/admin/categories").await;
    assert_eq!(
        page.texts(".category-row__url"),
        vec![
            "/category/world/",
            "/category/world/europe/",
            "/category/world/europe/france/"
        ]
    );
    assert_eq!(page.texts(".category-row__count"), vec!["0", "0", "1"]);
    assert_eq!(
        app.get("/category/world/europe/france/").await.status,
        StatusCode::OK
    );

    // Move Europe to the top level, renaming its slug on the way.
    let europe = category_id(&app, "world/europe").await;
    let edit = format!("/admin/categories/{europe}");
    let page = editor
        .submit(
            &edit,
            &edit,
            &[
                ("name", "Europe"),
                ("slug", "eu"),
                ("parent", ""),
                ("description", "The EU"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    app.store.forget_cached();
    assert!(
        app.store
            .category_by_path("eu/france")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        app.store
            .category_by_path("world/europe/france")
            .await
            .unwrap()
            .is_none()
    );
    for (old, new) in [
        ("/category/world/europe/", "/category/eu/"),
        ("/category/world/europe/france/", "/category/eu/france/"),
    ] {
        let page = settled(&app, old, StatusCode::MOVED_PERMANENTLY).await;
        assert_eq!(location(&page), new);
        assert_eq!(app.get(new).await.status, StatusCode::OK, "{new}");
    }
    // The category's feeds follow it.
    let page = app.get("/category/world/europe/france/feed/").await;
    page.assert_moved("/category/eu/france/feed/");
    // Moving again keeps the first old URL one hop from the current one.
    let page = editor
        .submit(
            &edit,
            &edit,
            &[("name", "Europe"), ("slug", "europe"), ("parent", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let mut page = settled(
        &app,
        "/category/world/europe/france/",
        StatusCode::MOVED_PERMANENTLY,
    )
    .await;
    for _ in 0..30 {
        if location(&page) == "/category/europe/france/" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        page = app.get("/category/world/europe/france/").await;
    }
    assert_eq!(location(&page), "/category/europe/france/");

    // A cycle is refused, the form keeps what was typed, nothing changes.
    let before = audit_actions(&app).await.len();
    let france = france.to_string();
    let page = editor
        .submit(
            &edit,
            &edit,
            &[("name", "Europa"), ("slug", "europe"), ("parent", &france)],
        )
        .await;
    page.assert_refused("“Europe” cannot go under “France”, which is inside it");
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Europa"]);
    let europe_id = europe.to_string();
    let page = editor
        .submit(
            &edit,
            &edit,
            &[
                ("name", "Europe"),
                ("slug", "europe"),
                ("parent", &europe_id),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(audit_actions(&app).await.len(), before);
    app.store.forget_cached();
    assert!(
        app.store
            .category_by_path("europe/france")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn category_forms_refuse_bad_input_and_deleting_what_is_used() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let page = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "  "), ("slug", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.alert(), "Name: give the category a name.");
    let page = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[
                ("name", "Sport"),
                ("slug", "Bad Slug!"),
                ("description", "Games"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.alert().starts_with("Slug `Bad Slug!`"),
        "{}",
        page.alert()
    );
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Sport"]);
    assert_eq!(page.texts("textarea[name=description]"), vec!["Games"]);
    let page = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "Sport"), ("parent", "x")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.alert().starts_with("Parent `x`"));
    assert!(app.store.categories().await.unwrap().is_empty());

    // The slug comes from the name; a taken address is refused.
    let sport_id = add_category(&app.store, None, "sport", "Sport", 0).await;
    let page = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "Sport")],
        )
        .await;
    page.assert_refused("/category/sport/ is already used");
    let page = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "Football Über"), ("parent", &sport_id.to_string())],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    app.store.forget_cached();
    let football = app
        .store
        .category_by_path("sport/football-uber")
        .await
        .unwrap()
        .unwrap();
    let mut article = published("match", "Match", "Body.");
    article.category_id = Some(football.id);
    app.store.create_article(&article).await.unwrap();

    let page = category_button(&mut admin, sport_id, "delete").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.alert(),
        "Not deleted: “Sport” is still used by 1 subcategory; move them to another category first."
    );
    let page = category_button(&mut admin, football.id, "delete").await;
    page.assert_refused("still used by 1 article");
    assert_eq!(app.store.categories().await.unwrap().len(), 2);

    // An empty one goes.
    let page = admin
        .submit(
            "/admin/categories",
            "/admin/categories",
            &[("name", "Arts")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let arts = category_id(&app, "arts").await;
    let page = category_button(&mut admin, arts, "delete").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    app.store.forget_cached();
    assert!(app.store.category_by_path("arts").await.unwrap().is_none());
    assert_audit_count(&app, "category.delete", 1).await;
    assert_audit_count(&app, "category.create", 2).await;
}

#[tokio::test]
async fn categories_reorder_with_up_and_down() {
    let app = app().start().await;
    let mut editor = signed_in(&app, "editor").await;
    for name in ["Alpha", "Beta", "Gamma"] {
        let page = editor
            .submit("/admin/categories", "/admin/categories", &[("name", name)])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    let names = |p: &Page| p.texts(".category-row__name a");
    assert_eq!(
        names(&editor.get("/admin/categories").await),
        vec!["Alpha", "Beta", "Gamma"]
    );
    let gamma = category_id(&app, "gamma").await;
    let page = category_button(&mut editor, gamma, "up").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        names(&editor.get("/admin/categories").await),
        vec!["Alpha", "Gamma", "Beta"]
    );
    let alpha = category_id(&app, "alpha").await;
    category_button(&mut editor, alpha, "down").await;
    let page = editor.get("/admin/categories").await;
    assert_eq!(names(&page), vec!["Gamma", "Alpha", "Beta"]);
    // The first cannot go up: its button is off, and posting anyway changes nothing.
    assert_eq!(
        page.count(&format!(
            "form[action='/admin/categories/{gamma}/up'] button[disabled]"
        )),
        1
    );
    category_button(&mut editor, gamma, "up").await;
    assert_eq!(
        names(&editor.get("/admin/categories").await),
        vec!["Gamma", "Alpha", "Beta"]
    );
    assert_audit_count(&app, "category.reorder", 2).await;
}
