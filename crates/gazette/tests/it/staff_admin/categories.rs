//! Categories in the newsroom: moving subtrees with redirects, refusing bad input and deleting what is used, reordering.

use super::*;

/// Presses category `id`'s `button` (`delete`, `up` or `down`) on the category screen.
async fn category_button(b: &mut Browser<'_>, id: i64, button: &str) -> Page {
    let action = format!("/admin/categories/{id}/{button}");
    b.submit("/admin/categories", &action, &[]).await
}

/// Sends the new-category form with `fields`; asserts the answer is `status`.
async fn new_category(b: &mut Browser<'_>, status: StatusCode, fields: &[(&str, &str)]) -> Page {
    b.submit_on("/admin/categories", status, fields).await
}

/// Sends category `id`'s edit form with `fields`; asserts the answer is `status`.
async fn edit_category(
    b: &mut Browser<'_>,
    id: i64,
    status: StatusCode,
    fields: &[(&str, &str)],
) -> Page {
    b.submit_on(&format!("/admin/categories/{id}"), status, fields)
        .await
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
        let fields = [("name", name), ("parent", &parent_id), ("description", "")];
        new_category(&mut editor, StatusCode::SEE_OTHER, &fields).await;
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
    let fields = [
        ("name", "Europe"),
        ("slug", "eu"),
        ("parent", ""),
        ("description", "The EU"),
    ];
    edit_category(&mut editor, europe, StatusCode::SEE_OTHER, &fields).await;
    assert!(category_at(&app, "eu/france").await.is_some());
    assert!(category_at(&app, "world/europe/france").await.is_none());
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
    let fields = [("name", "Europe"), ("slug", "europe"), ("parent", "")];
    edit_category(&mut editor, europe, StatusCode::SEE_OTHER, &fields).await;
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
    let fields = [("name", "Europa"), ("slug", "europe"), ("parent", &france)];
    let page = edit_category(&mut editor, europe, StatusCode::BAD_REQUEST, &fields).await;
    page.assert_refused("“Europe” cannot go under “France”, which is inside it");
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Europa"]);
    let europe_id = europe.to_string();
    let fields = [
        ("name", "Europe"),
        ("slug", "europe"),
        ("parent", &europe_id),
    ];
    edit_category(&mut editor, europe, StatusCode::BAD_REQUEST, &fields).await;
    assert_eq!(audit_actions(&app).await.len(), before);
    assert!(category_at(&app, "europe/france").await.is_some());
}

#[tokio::test]
async fn category_forms_refuse_bad_input_and_deleting_what_is_used() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let refused = StatusCode::BAD_REQUEST;
    let page = new_category(&mut admin, refused, &[("name", "  "), ("slug", "")]).await;
    assert_eq!(page.alert(), "Name: give the category a name.");
    let fields = [
        ("name", "Sport"),
        ("slug", "Bad Slug!"),
        ("description", "Games"),
    ];
    let page = new_category(&mut admin, refused, &fields).await;
    let alert = page.alert();
    assert!(alert.starts_with("Slug `Bad Slug!`"), "{alert}");
    assert_eq!(page.attrs("input[name=name]", "value"), vec!["Sport"]);
    assert_eq!(page.texts("textarea[name=description]"), vec!["Games"]);
    let page = new_category(&mut admin, refused, &[("name", "Sport"), ("parent", "x")]).await;
    assert!(page.alert().starts_with("Parent `x`"));
    assert!(app.store.categories().await.unwrap().is_empty());

    // The slug comes from the name; a taken address is refused.
    let sport_id = add_category(&app.store, None, "sport", "Sport", 0).await;
    let page = new_category(&mut admin, refused, &[("name", "Sport")]).await;
    page.assert_refused("/category/sport/ is already used");
    let sport = sport_id.to_string();
    let fields = [("name", "Football Über"), ("parent", &sport)];
    new_category(&mut admin, StatusCode::SEE_OTHER, &fields).await;
    let football = category_id(&app, "sport/football-uber").await;
    let mut article = published("match", "Match", "Body.");
    article.category_id = Some(football);
    app.store.create_article(&article).await.unwrap();

    let page = category_button(&mut admin, sport_id, "delete").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.alert(),
        "Not deleted: “Sport” is still used by 1 subcategory; move them to another category first."
    );
    let page = category_button(&mut admin, football, "delete").await;
    page.assert_refused("still used by 1 article");
    assert_eq!(app.store.categories().await.unwrap().len(), 2);

    // An empty one goes.
    new_category(&mut admin, StatusCode::SEE_OTHER, &[("name", "Arts")]).await;
    let arts = category_id(&app, "arts").await;
    let page = category_button(&mut admin, arts, "delete").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(category_at(&app, "arts").await.is_none());
    assert_audit_count(&app, "category.delete", 1).await;
    assert_audit_count(&app, "category.create", 2).await;
}

#[tokio::test]
async fn categories_reorder_with_up_and_down() {
    let app = app().start().await;
    let mut editor = signed_in(&app, "editor").await;
    for name in ["Alpha", "Beta", "Gamma"] {
        new_category(&mut editor, StatusCode::SEE_OTHER, &[("name", name)]).await;
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
