//! Static pages: written, previewed, moved (with redirects) and deleted.

use super::*;

#[tokio::test]
async fn static_pages_are_written_previewed_moved_and_deleted() {
    let app = app().start().await;
    app.publish("markets", "Markets", "x").await;
    let mut b = signed_in(&app, "editor").await;
    let new = "/admin/pages/new";
    let about = [
        ("title", "About us"),
        ("slug", "about-us"),
        ("body", "We are **small**."),
    ];

    // Preview: the rendered body, nothing written.
    let page = b
        .submit(new, new, &[&about[..], &[("op", "preview")]].concat())
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
        page.assert_refused(message);
        assert_eq!(page.texts("textarea[name=body]"), vec!["kept body"]);
    }
    assert!(app.store.all_pages().await.unwrap().is_empty());

    // Created and published: visible at /slug/.
    let form = [&about[..], &[("published", "1"), ("op", "save")]].concat();
    let page = b.submit_on(new, StatusCode::SEE_OTHER, &form).await;
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
    let draft = [("title", "Draft"), ("slug", "draft-page"), ("body", "soon")];
    b.submit_on(new, StatusCode::SEE_OTHER, &draft).await;
    assert_eq!(app.get("/draft-page/").await.status, StatusCode::NOT_FOUND);

    // Moving a published page redirects its old address.
    let edit = format!("/admin/pages/{id}");
    let moved = [
        ("title", "About"),
        ("slug", "about"),
        ("body", "Moved."),
        ("published", "1"),
    ];
    b.submit_on(&edit, StatusCode::SEE_OTHER, &moved).await;
    let old = app.get("/about-us/").await;
    old.assert_moved("/about/");
    assert!(app.get("/about/").await.body.contains("Moved."));

    // Deleting needs the box ticked; then the address is gone.
    let delete = format!("/admin/pages/{id}/delete");
    let page = b.submit(&edit, &delete, &[]).await;
    page.assert_refused("tick the box");
    let page = b.submit(&edit, &delete, &[("confirm", "1")]).await;
    page.assert_redirect("/admin/pages?done=deleted");
    assert_eq!(app.get("/about/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/about-us/").await.status, StatusCode::NOT_FOUND);

    // The privacy page cannot be deleted, renamed or unpublished while the settings use it.
    static_page(&app, "privacy", "Privacy").await;
    let privacy = app.store.page_by_slug("privacy").await.unwrap().unwrap().id;
    let edit = format!("/admin/pages/{privacy}");
    let page = b
        .submit(&edit, &format!("{edit}/delete"), &[("confirm", "1")])
        .await;
    page.assert_refused("privacy page");
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
    page.assert_refused("privacy page");
    assert_eq!(app.get("/privacy/").await.status, StatusCode::OK);

    assert_audited(&app, &["page.create", "page.update", "page.delete"]).await;
    assert_eq!(
        b.get("/admin/pages")
            .await
            .texts("tr[data-page=privacy] .pill"),
        vec!["privacy page"]
    );
}
