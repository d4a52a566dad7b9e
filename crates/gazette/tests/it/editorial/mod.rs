//! The editorial workflow end to end over HTTP, on SQLite and (with TEST_DATABASE_URL)
//! PostgreSQL: who may write, submit, publish, schedule and delete which article; CSRF
//! refusals; hostile input refused with a message and nothing written; slug changes that
//! keep old links working; scheduling with exactly one pending job; revisions and
//! restore; bulk actions with mixed permissions; audit rows; the reader's page following
//! a published edit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::time::Duration;

use common::browser::{Browser, csrf_of, location, signed_in};
use common::{Page, TestApp, add_author, add_jpeg, app, assert_audited};
use gazette_core::model::Status;
use reqwest::StatusCode;

mod history;

/// An author and an editor, signed in: one may change only their own articles, the other
/// anyone's.
async fn author_and_editor(app: &TestApp) -> (Browser<'_>, Browser<'_>) {
    let author = signed_in(app, "author").await;
    (author, signed_in(app, "editor").await)
}

/// Creates an article through the editor as `b`; returns its id.
async fn write(b: &mut Browser<'_>, title: &str, body: &str, intent: &str) -> i64 {
    let page = b
        .submit(
            "/admin/articles/new",
            "/admin/articles",
            &[("title", title), ("body", body), ("intent", intent)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    id_in(location(&page))
}

fn id_in(location: &str) -> i64 {
    location
        .strip_prefix("/admin/articles/")
        .and_then(|r| r.split('/').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no article id in {location}"))
}

/// Posts the editor's form for article `id` with `fields` replacing the stored values.
async fn save(b: &mut Browser<'_>, id: i64, fields: &[(&str, &str)]) -> Page {
    let edit = b.get(&format!("/admin/articles/{id}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    let csrf = csrf_of(&edit);
    let title = edit.attrs("input[name=title]", "value").remove(0);
    let slug = edit.attrs("input[name=slug]", "value").remove(0);
    let body = edit.texts("textarea[name=body]").pop().unwrap_or_default();
    let mut form: Vec<(&str, &str)> = vec![
        ("csrf", csrf.as_str()),
        ("title", title.as_str()),
        ("slug", slug.as_str()),
        ("body", body.as_str()),
    ];
    for (k, v) in fields {
        form.retain(|(name, _)| name != k);
        form.push((k, v));
    }
    b.post(&format!("/admin/articles/{id}"), &form).await
}

/// [`save`], asserting the editor took the form (303).
async fn saved(b: &mut Browser<'_>, id: i64, fields: &[(&str, &str)]) -> Page {
    let page = save(b, id, fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page
}

/// `path` once it answers 301 (a cached copy of the old page may serve a moment longer:
/// the page cache follows the change log).
async fn redirected(app: &TestApp, path: &str) -> Page {
    let mut page = app.get(path).await;
    for _ in 0..50 {
        if page.status == StatusCode::MOVED_PERMANENTLY {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        page = app.get(path).await;
    }
    page
}

/// Asserts the article form was refused (400) with an error that says `message`.
#[track_caller]
fn assert_form_error(page: &Page, message: &str) {
    assert_eq!(
        page.status,
        StatusCode::BAD_REQUEST,
        "{message}: {}",
        page.body
    );
    let errors = page.texts("#form-errors li").join(" ");
    assert!(errors.contains(message), "{message}: {errors}");
}

/// Waits (up to 5 s) until the reader's page at `path` contains `text`.
async fn reader_sees(app: &TestApp, path: &str, text: &str) -> Page {
    let mut page = app.get(path).await;
    for _ in 0..50 {
        if page.status == StatusCode::OK && page.body.contains(text) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        page = app.get(path).await;
    }
    page
}

/// Asserts the reader's page at `path` comes to show `text` (see [`reader_sees`]).
async fn assert_reader_sees(app: &TestApp, path: &str, text: &str) -> Page {
    let page = reader_sees(app, path, text).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    assert!(page.body.contains(text), "{text} not in {}", page.body);
    page
}

#[tokio::test]
async fn a_contributor_writes_and_submits_but_cannot_publish() {
    let app = app().start().await;
    let mut c = signed_in(&app, "contributor").await;

    let id = write(
        &mut c,
        "Harbour strike ends",
        "The strike is *over*.",
        "save",
    )
    .await;
    assert_eq!(app.editable(id).await.status, Status::Draft);
    let edit = c
        .get(&format!("/admin/articles/{id}/edit?done=created"))
        .await;
    assert_eq!(edit.texts("[role=status]"), vec!["Draft created."]);
    // Only the buttons a contributor may use are offered.
    let intents = edit.attrs(".editor__publish button[name=intent]", "value");
    assert_eq!(intents, vec!["save", "review"]);

    // Publishing anyway is refused on the server, and nothing changes.
    let before = app.editable(id).await;
    let page = save(&mut c, id, &[("intent", "publish"), ("title", "Changed")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body.contains("does not allow you to publish"),
        "{}",
        page.body
    );
    let after = app.editable(id).await;
    assert_eq!(after.status, Status::Draft);
    assert_eq!(after.input.title, before.input.title);

    // Submitting for review works.
    let page = save(&mut c, id, &[("intent", "review")]).await;
    page.assert_redirect(&format!("/admin/articles/{id}/edit?done=review"));
    assert_eq!(app.editable(id).await.status, Status::Review);

    // It shows in the review queue for an editor.
    let mut e = signed_in(&app, "editor").await;
    let queue = e.get("/admin/review").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(
        queue.texts(".article-table__title a"),
        vec!["Harbour strike ends"]
    );
    assert!(
        queue
            .texts(".admin-nav a")
            .contains(&"Review queue".to_owned())
    );

    // The contributor cannot open another person's article.
    let other = write(&mut e, "Editor's piece", "Text.", "save").await;
    let page = c.get(&format!("/admin/articles/{other}/edit")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_audited(&app, &["article.review"]).await;
}

#[tokio::test]
async fn an_author_publishes_their_own_only_and_an_editor_anyone_s() {
    let app = app().start().await;
    let (mut a, mut e) = author_and_editor(&app).await;

    let own = write(&mut a, "Own story", "Mine.", "publish").await;
    assert_eq!(app.editable(own).await.status, Status::Published);
    let page = app.get("/own-story/").await;
    assert_eq!(page.status, StatusCode::OK);

    let theirs = write(&mut e, "Editor draft", "Not the author's.", "save").await;
    let page = a.get(&format!("/admin/articles/{theirs}/edit")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let csrf = csrf_of(&a.get("/admin/articles").await);
    let page = a
        .post(
            &format!("/admin/articles/{theirs}"),
            &[
                ("csrf", &csrf),
                ("title", "Hijacked"),
                ("intent", "publish"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.editable(theirs).await.status, Status::Draft);

    // The editor edits and publishes the author's article and their own.
    saved(
        &mut e,
        own,
        &[("subtitle", "Edited by the desk"), ("intent", "save")],
    )
    .await;
    saved(&mut e, theirs, &[("intent", "publish")]).await;
    assert_eq!(app.editable(theirs).await.status, Status::Published);

    // Unpublish takes it off the site.
    saved(&mut e, theirs, &[("intent", "unpublish")]).await;
    assert_eq!(
        reader_sees(&app, "/editor-draft/", "Not the author")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_audited(
        &app,
        &[
            "article.create",
            "article.edit",
            "article.published",
            "article.unpublished",
        ],
    )
    .await;
}

#[tokio::test]
async fn subscribers_anonymous_visitors_and_bad_tokens_are_refused_everywhere() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Guarded", "Body.", "save").await;
    let gets = [
        "/admin/articles".to_owned(),
        "/admin/articles/new".to_owned(),
        "/admin/review".to_owned(),
        format!("/admin/articles/{id}/edit"),
        format!("/admin/articles/{id}/revisions"),
    ];
    let posts = [
        "/admin/articles".to_owned(),
        "/admin/articles/bulk".to_owned(),
        "/admin/articles/preview".to_owned(),
        format!("/admin/articles/{id}"),
        format!("/admin/articles/{id}/autosave"),
        format!("/admin/articles/{id}/corrections"),
        format!("/admin/articles/{id}/delete"),
        format!("/admin/articles/{id}/revisions/1/restore"),
    ];
    let mut anon = Browser::new(&app);
    for path in &gets {
        let page = anon.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(location(&page).starts_with("/account/sign-in"), "{path}");
    }
    for path in &posts {
        let page = anon.post(path, &[("title", "x")]).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let mut s = signed_in(&app, "subscriber").await;
    let csrf = csrf_of(&s.get("/account/sessions").await);
    for path in &gets {
        assert_eq!(s.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in &posts {
        let page = s
            .post(
                path,
                &[
                    ("csrf", &csrf),
                    ("title", "x"),
                    ("confirm", "yes"),
                    ("ids", &id.to_string()),
                    ("bulk_action", "delete"),
                    ("confirm_delete", "yes"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Missing or wrong CSRF token: 403 for the editor too, nothing written.
    for token in ["", "0000"] {
        for path in &posts {
            let page = e
                .post(
                    path,
                    &[
                        ("csrf", token),
                        ("title", "Forged"),
                        ("confirm", "yes"),
                        ("intent", "publish"),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path} with `{token}`");
        }
    }
    let a = app.editable(id).await;
    assert_eq!(a.input.title, "Guarded");
    assert_eq!(a.status, Status::Draft);
}

#[tokio::test]
async fn hostile_input_is_refused_with_a_message_and_nothing_written() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Calm title", "Calm body.", "save").await;
    let revisions = app.store.revisions(id).await.unwrap().len();

    let long_title = "x".repeat(400);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[("title", "  ")], "The title is empty"),
        (&[("title", long_title.as_str())], "The title is too long"),
        (
            &[("slug", "Not A Slug!")],
            "The address (slug) `Not A Slug!` is not valid",
        ),
        (
            &[("category_id", "999")],
            "there is no category with id 999",
        ),
        (
            &[("intent", "schedule"), ("publish_at", "next tuesday")],
            "The publication time `next tuesday` is not a date",
        ),
        (
            &[("intent", "schedule"), ("publish_at", "2001-01-01T10:00")],
            "The publication time is in the past",
        ),
    ];
    for (fields, message) in cases {
        let page = save(&mut e, id, fields).await;
        assert_form_error(&page, message);
        // The typed values come back.
        if let Some((_, v)) = fields.iter().find(|(k, _)| *k == "slug") {
            assert_eq!(page.attrs("input[name=slug]", "value"), vec![v.to_string()]);
        }
    }
    // A 100 KB title is stopped before it is even read.
    let huge = "t".repeat(100 * 1024);
    let page = save(&mut e, id, &[("title", huge.as_str())]).await;
    assert!(page.status.is_client_error(), "{}", page.status);

    let a = app.editable(id).await;
    assert_eq!(a.input.title, "Calm title");
    assert_eq!(a.status, Status::Draft);
    assert_eq!(app.store.revisions(id).await.unwrap().len(), revisions);
    assert!(app.store.pending_publication(id).await.unwrap().is_empty());

    // A script in the body never reaches readers.
    saved(
        &mut e,
        id,
        &[
            (
                "body",
                "Hello <script>alert(1)</script> <img src=x onerror=alert(2)> **there**",
            ),
            ("intent", "publish"),
        ],
    )
    .await;
    let public = assert_reader_sees(&app, "/calm-title/", "there").await;
    assert!(!public.body.contains("<script>alert"), "script in page");
    assert!(!public.body.contains("onerror"), "handler in page");
    assert!(public.body.contains("<strong>there</strong>"));

    // Control characters pasted or forged into a field are dropped, never stored: they
    // would make the feeds invalid XML.
    saved(
        &mut e,
        id,
        &[
            ("title", "Calm\u{1} title\u{b}"),
            ("body", "Line\u{1b}[31m\r\nnext"),
        ],
    )
    .await;
    let a = app.editable(id).await;
    assert_eq!(a.input.title, "Calm title");
    assert_eq!(a.input.body_markdown, "Line[31m\nnext");
}

#[tokio::test]
async fn a_published_slug_change_redirects_and_the_reader_sees_the_edit() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Old name", "First version.", "publish").await;
    assert_reader_sees(&app, "/old-name/", "First version").await;

    saved(
        &mut e,
        id,
        &[("slug", "new-name"), ("body", "Second version.")],
    )
    .await;
    let moved = redirected(&app, "/old-name/").await;
    moved.assert_moved("/new-name/");
    assert_reader_sees(&app, "/new-name/", "Second version").await;

    // A second rename: both old addresses lead straight to the newest (no chain of hops),
    // and going back to an old name makes that address live again.
    save(&mut e, id, &[("slug", "newest-name")]).await;
    reader_sees(&app, "/newest-name/", "Second version").await;
    for old in ["/old-name/", "/new-name/"] {
        let moved = redirected(&app, old).await;
        assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(moved.header("location"), "/newest-name/", "{old}");
    }
    save(&mut e, id, &[("slug", "old-name")]).await;
    assert_reader_sees(&app, "/old-name/", "Second version").await;
    let moved = redirected(&app, "/newest-name/").await;
    assert_eq!(moved.header("location"), "/old-name/");

    // A draft's slug change leaves no redirect behind.
    let draft = write(&mut e, "Draft name", "Draft.", "save").await;
    save(&mut e, draft, &[("slug", "draft-renamed")]).await;
    assert_eq!(app.get("/draft-name/").await.status, StatusCode::NOT_FOUND);

    // A slug used by another article is refused.
    let page = save(&mut e, draft, &[("slug", "old-name")]).await;
    assert_form_error(&page, "already used");
}

#[tokio::test]
async fn scheduling_keeps_exactly_one_pending_job() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Tomorrow's news", "Later.", "save").await;

    saved(
        &mut e,
        id,
        &[("intent", "schedule"), ("publish_at", "2099-05-01T09:30")],
    )
    .await;
    assert_eq!(app.editable(id).await.status, Status::Scheduled);
    assert_eq!(
        app.store.pending_publication(id).await.unwrap(),
        vec![4_081_311_000]
    );
    assert_eq!(
        app.get("/tomorrows-news/").await.status,
        StatusCode::NOT_FOUND
    );

    // Rescheduling with the browser's offset (UTC+2 sends -120) replaces the job.
    saved(
        &mut e,
        id,
        &[
            ("intent", "schedule"),
            ("publish_at", "2099-05-02T09:30"),
            ("tz_offset", "-120"),
        ],
    )
    .await;
    assert_eq!(
        app.store.pending_publication(id).await.unwrap(),
        vec![4_081_311_000 + 86_400 - 7200]
    );
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert_eq!(
        edit.attrs("input[name=publish_at]", "value"),
        vec!["2099-05-02T07:30"]
    );

    // Back to draft cancels it.
    saved(&mut e, id, &[("intent", "draft")]).await;
    assert_eq!(app.editable(id).await.status, Status::Draft);
    assert!(app.store.pending_publication(id).await.unwrap().is_empty());
    assert_audited(&app, &["article.scheduled"]).await;
}
