//! The editorial workflow end to end over HTTP, on SQLite and (with TEST_DATABASE_URL)
//! PostgreSQL: who may write, submit, publish, schedule and delete which article; CSRF
//! refusals; hostile input refused with a message and nothing written; slug changes that
//! keep old links working; scheduling with exactly one pending job; revisions and
//! restore; bulk actions with mixed permissions; audit rows; the reader's page following
//! a published edit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::browser::{Browser, csrf_of, location, signed_in};
use common::{Page, TestApp, app};
use gazette_core::model::Status;
use reqwest::StatusCode;

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

async fn status_of(app: &TestApp, id: i64) -> Status {
    app.store
        .editable_article(id)
        .await
        .unwrap()
        .unwrap()
        .status
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

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut rows = app.store.audit_log(1000).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.action).collect()
}

/// Waits (up to 5 s) until the reader's page at `path` contains `text`.
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
    assert_eq!(status_of(&app, id).await, Status::Draft);
    let edit = c
        .get(&format!("/admin/articles/{id}/edit?done=created"))
        .await;
    assert_eq!(edit.texts("[role=status]"), vec!["Draft created."]);
    // Only the buttons a contributor may use are offered.
    let intents = edit.attrs(".editor__publish button[name=intent]", "value");
    assert_eq!(intents, vec!["save", "review"]);

    // Publishing anyway is refused on the server, and nothing changes.
    let before = app.store.editable_article(id).await.unwrap().unwrap();
    let page = save(&mut c, id, &[("intent", "publish"), ("title", "Changed")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body.contains("does not allow you to publish"),
        "{}",
        page.body
    );
    let after = app.store.editable_article(id).await.unwrap().unwrap();
    assert_eq!(after.status, Status::Draft);
    assert_eq!(after.input.title, before.input.title);

    // Submitting for review works.
    let page = save(&mut c, id, &[("intent", "review")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        location(&page),
        format!("/admin/articles/{id}/edit?done=review")
    );
    assert_eq!(status_of(&app, id).await, Status::Review);

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
    assert!(
        audit_actions(&app)
            .await
            .contains(&"article.review".to_owned())
    );
}

#[tokio::test]
async fn an_author_publishes_their_own_only_and_an_editor_anyone_s() {
    let app = app().start().await;
    let mut a = signed_in(&app, "author").await;
    let mut e = signed_in(&app, "editor").await;

    let own = write(&mut a, "Own story", "Mine.", "publish").await;
    assert_eq!(status_of(&app, own).await, Status::Published);
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
    assert_eq!(status_of(&app, theirs).await, Status::Draft);

    // The editor edits and publishes the author's article and their own.
    let page = save(
        &mut e,
        own,
        &[("subtitle", "Edited by the desk"), ("intent", "save")],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = save(&mut e, theirs, &[("intent", "publish")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(status_of(&app, theirs).await, Status::Published);

    // Unpublish takes it off the site.
    let page = save(&mut e, theirs, &[("intent", "unpublish")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        reader_sees(&app, "/editor-draft/", "Not the author")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let actions = audit_actions(&app).await;
    for wanted in [
        "article.create",
        "article.edit",
        "article.published",
        "article.unpublished",
    ] {
        assert!(
            actions.contains(&wanted.to_owned()),
            "{wanted} in {actions:?}"
        );
    }
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
    let a = app.store.editable_article(id).await.unwrap().unwrap();
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
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{fields:?}");
        let alert = page.texts("#form-errors li").join(" ");
        assert!(alert.contains(message), "{fields:?}: {alert}");
        // The typed values come back.
        if let Some((_, v)) = fields.iter().find(|(k, _)| *k == "slug") {
            assert_eq!(page.attrs("input[name=slug]", "value"), vec![v.to_string()]);
        }
    }
    // A 100 KB title is stopped before it is even read.
    let huge = "t".repeat(100 * 1024);
    let page = save(&mut e, id, &[("title", huge.as_str())]).await;
    assert!(page.status.is_client_error(), "{}", page.status);

    let a = app.store.editable_article(id).await.unwrap().unwrap();
    assert_eq!(a.input.title, "Calm title");
    assert_eq!(a.status, Status::Draft);
    assert_eq!(app.store.revisions(id).await.unwrap().len(), revisions);
    assert!(app.store.pending_publication(id).await.unwrap().is_empty());

    // A script in the body never reaches readers.
    let page = save(
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
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let public = reader_sees(&app, "/calm-title/", "there").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("<script>alert"), "script in page");
    assert!(!public.body.contains("onerror"), "handler in page");
    assert!(public.body.contains("<strong>there</strong>"));

    // Control characters pasted or forged into a field are dropped, never stored: they
    // would make the feeds invalid XML.
    let page = save(
        &mut e,
        id,
        &[
            ("title", "Calm\u{1} title\u{b}"),
            ("body", "Line\u{1b}[31m\r\nnext"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let a = app.store.editable_article(id).await.unwrap().unwrap();
    assert_eq!(a.input.title, "Calm title");
    assert_eq!(a.input.body_markdown, "Line[31m\nnext");
}

#[tokio::test]
async fn a_published_slug_change_redirects_and_the_reader_sees_the_edit() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Old name", "First version.", "publish").await;
    assert_eq!(
        reader_sees(&app, "/old-name/", "First version")
            .await
            .status,
        StatusCode::OK
    );

    let page = save(
        &mut e,
        id,
        &[("slug", "new-name"), ("body", "Second version.")],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let moved = redirected(&app, "/old-name/").await;
    assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(moved.header("location"), "/new-name/");
    let page = reader_sees(&app, "/new-name/", "Second version").await;
    assert!(page.body.contains("Second version"), "{}", page.body);

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
    assert_eq!(
        reader_sees(&app, "/old-name/", "Second version")
            .await
            .status,
        StatusCode::OK
    );
    let moved = redirected(&app, "/newest-name/").await;
    assert_eq!(moved.header("location"), "/old-name/");

    // A draft's slug change leaves no redirect behind.
    let draft = write(&mut e, "Draft name", "Draft.", "save").await;
    save(&mut e, draft, &[("slug", "draft-renamed")]).await;
    assert_eq!(app.get("/draft-name/").await.status, StatusCode::NOT_FOUND);

    // A slug used by another article is refused.
    let page = save(&mut e, draft, &[("slug", "old-name")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.texts("#form-errors li")
            .join(" ")
            .contains("already used")
    );
}

#[tokio::test]
async fn scheduling_keeps_exactly_one_pending_job() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Tomorrow's news", "Later.", "save").await;

    let page = save(
        &mut e,
        id,
        &[("intent", "schedule"), ("publish_at", "2099-05-01T09:30")],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(status_of(&app, id).await, Status::Scheduled);
    assert_eq!(
        app.store.pending_publication(id).await.unwrap(),
        vec![4_081_311_000]
    );
    assert_eq!(
        app.get("/tomorrows-news/").await.status,
        StatusCode::NOT_FOUND
    );

    // Rescheduling with the browser's offset (UTC+2 sends -120) replaces the job.
    let page = save(
        &mut e,
        id,
        &[
            ("intent", "schedule"),
            ("publish_at", "2099-05-02T09:30"),
            ("tz_offset", "-120"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
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
    let page = save(&mut e, id, &[("intent", "draft")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(status_of(&app, id).await, Status::Draft);
    assert!(app.store.pending_publication(id).await.unwrap().is_empty());
    assert!(
        audit_actions(&app)
            .await
            .contains(&"article.scheduled".to_owned())
    );
}

#[tokio::test]
async fn revisions_show_a_diff_and_restore_as_a_new_revision() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Versions", "line one\nline two", "save").await;
    save(&mut e, id, &[("body", "line one\nline 2")]).await;
    let revisions = app.store.revisions(id).await.unwrap();
    assert_eq!(revisions.len(), 2);
    let first = revisions[1].id;

    let page = e
        .get(&format!("/admin/articles/{id}/revisions?rev={first}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // The body's changed line (and the excerpt derived from it); unchanged lines stay.
    assert!(page.texts(".diff__del").contains(&"− line two".to_owned()));
    assert!(page.texts(".diff__add").contains(&"+ line 2".to_owned()));
    assert!(page.texts(".diff__same").contains(&"line one".to_owned()));
    assert!(!page.texts(".diff__del").contains(&"− line one".to_owned()));

    let csrf = csrf_of(&page);
    let page = e
        .post(
            &format!("/admin/articles/{id}/revisions/{first}/restore"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&page),
        format!("/admin/articles/{id}/edit?done=restored")
    );
    let a = app.store.editable_article(id).await.unwrap().unwrap();
    assert_eq!(a.input.body_markdown, "line one\nline two");
    assert_eq!(app.store.revisions(id).await.unwrap().len(), 3);
    assert!(
        audit_actions(&app)
            .await
            .contains(&"article.restore".to_owned())
    );

    // Autosave keeps the text as a revision but never changes the article.
    let csrf = csrf_of(&e.get(&format!("/admin/articles/{id}/edit")).await);
    let page = e
        .post(
            &format!("/admin/articles/{id}/autosave"),
            &[
                ("csrf", &csrf),
                ("title", "Versions"),
                ("body", "unsaved words"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("saved_at"));
    let a = app.store.editable_article(id).await.unwrap().unwrap();
    assert_eq!(a.input.body_markdown, "line one\nline two");
    let latest = &app.store.revisions(id).await.unwrap()[0];
    assert_eq!(
        (latest.autosave, latest.body_markdown.as_str()),
        (1, "unsaved words")
    );
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert!(edit.body.contains("An autosave from"));

    // The preview is the sanitised HTML.
    let page = e
        .post(
            "/admin/articles/preview",
            &[("csrf", &csrf), ("body", "**hi** <script>x</script>")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<strong>hi</strong>"));
    assert!(!page.body.contains("<script>"));
}

#[tokio::test]
async fn bulk_actions_check_every_article_on_its_own() {
    let app = app().start().await;
    let mut a = signed_in(&app, "author").await;
    let mut e = signed_in(&app, "editor").await;
    let mine1 = write(&mut a, "Mine one", "A.", "save").await;
    let mine2 = write(&mut a, "Mine two", "B.", "save").await;
    let theirs = write(&mut e, "Theirs", "C.", "save").await;

    let list = a.get("/admin/articles").await;
    let csrf = csrf_of(&list);
    let (m1, m2, t) = (mine1.to_string(), mine2.to_string(), theirs.to_string());
    let page = a
        .post(
            "/admin/articles/bulk",
            &[
                ("csrf", &csrf),
                ("bulk_action", "publish"),
                ("ids", &m1),
                ("ids", &m2),
                ("ids", &t),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let notice = page.texts("[role=status]").join(" ");
    assert!(
        notice.starts_with("2 published, 1 refused: “Theirs”"),
        "{notice}"
    );
    assert_eq!(status_of(&app, mine1).await, Status::Published);
    assert_eq!(status_of(&app, mine2).await, Status::Published);
    assert_eq!(status_of(&app, theirs).await, Status::Draft);

    // Delete needs the confirmation box.
    let csrf_e = csrf_of(&e.get("/admin/articles").await);
    let page = e
        .post(
            "/admin/articles/bulk",
            &[("csrf", &csrf_e), ("bulk_action", "delete"), ("ids", &t)],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(app.store.editable_article(theirs).await.unwrap().is_some());
    let page = e
        .post(
            "/admin/articles/bulk",
            &[
                ("csrf", &csrf_e),
                ("bulk_action", "delete"),
                ("confirm_delete", "yes"),
                ("ids", &t),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.texts("[role=status]")
            .join(" ")
            .starts_with("1 deleted")
    );
    assert!(app.store.editable_article(theirs).await.unwrap().is_none());

    // Filters and counts.
    let list = e.get("/admin/articles?status=published").await;
    assert_eq!(list.texts(".article-table__title a").len(), 2);
    let tabs = list.texts(".status-tabs a");
    assert!(tabs.contains(&"All 2".to_owned()), "{tabs:?}");
    assert!(tabs.contains(&"published 2".to_owned()), "{tabs:?}");
    let list = e.get("/admin/articles?q=two").await;
    assert_eq!(list.texts(".article-table__title a"), vec!["Mine two"]);
    let list = a.get("/admin/articles?mine=1").await;
    assert_eq!(list.texts(".article-table__title a").len(), 2);
    let bad = e.get("/admin/articles?status=sideways").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        audit_actions(&app)
            .await
            .contains(&"article.delete".to_owned())
    );
}

#[tokio::test]
async fn corrections_are_dated_and_shown_to_readers() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Corrected story", "Facts.", "save").await;
    let csrf = csrf_of(&e.get(&format!("/admin/articles/{id}/edit")).await);
    // A draft takes no corrections.
    let page = e
        .post(
            &format!("/admin/articles/{id}/corrections"),
            &[("csrf", &csrf), ("correction", "Too early.")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    save(&mut e, id, &[("intent", "publish")]).await;
    let page = e
        .post(
            &format!("/admin/articles/{id}/corrections"),
            &[
                ("csrf", &csrf),
                (
                    "correction",
                    "An earlier version misspelt the mayor's name.",
                ),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let public = reader_sees(&app, "/corrected-story/", "misspelt the mayor").await;
    assert!(public.body.contains("misspelt the mayor"));
    assert!(
        audit_actions(&app)
            .await
            .contains(&"article.correction".to_owned())
    );

    // A contributor may not add corrections.
    let mut c = signed_in(&app, "contributor").await;
    let csrf = csrf_of(&c.get("/admin/articles").await);
    let page = c
        .post(
            &format!("/admin/articles/{id}/corrections"),
            &[("csrf", &csrf), ("correction", "No.")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn seo_fields_and_filing_reach_the_reader_s_page() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let media = app
        .store
        .create_media(&gazette_store::NewMedia {
            path: "uploads/2026/11/share-card.jpg".into(),
            mime: "image/jpeg".into(),
            width: 1200,
            height: 630,
            alt: "Share card".into(),
            caption: String::new(),
            credit: String::new(),
            variant_widths: Vec::new(),
        })
        .await
        .unwrap();
    let author = app
        .store
        .create_author(&gazette_store::NewAuthor {
            slug: "ana-lima".into(),
            name: "Ana Lima".into(),
            bio: String::new(),
            avatar_url: None,
        })
        .await
        .unwrap();
    let id = write(&mut e, "Shared widely", "Body text here.", "save").await;
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert!(
        edit.attrs("select[name=social_media_id] option", "value")
            .contains(&media.to_string())
    );
    let (m, au) = (media.to_string(), author.to_string());
    let page = save(
        &mut e,
        id,
        &[
            ("meta_description", "A short line for search engines."),
            ("social_media_id", m.as_str()),
            ("translator_ids", au.as_str()),
            ("kind", "translation"),
            ("source_outlet", "El Diario"),
            ("source_url", "https://eldiario.example/nota"),
            ("source_language", "es"),
            ("tags", "Harbour, Strikes, harbour"),
            ("intent", "publish"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let public = reader_sees(&app, "/shared-widely/", "Body text").await;
    assert_eq!(
        public.meta("description"),
        "A short line for search engines."
    );
    assert!(
        public
            .meta("og:image")
            .ends_with("/media/uploads/2026/11/share-card.jpg"),
        "{}",
        public.meta("og:image")
    );
    assert!(public.body.contains("El Diario"));
    assert!(public.body.contains("Ana Lima"));
    let a = app.store.editable_article(id).await.unwrap().unwrap();
    assert_eq!(a.input.tags, vec!["Harbour", "Strikes"]);
    // The list filters by credited byline.
    let other = write(&mut e, "Uncredited", "Text.", "save").await;
    assert!(other > id);
    let list = e.get(&format!("/admin/articles?author={author}")).await;
    assert_eq!(list.texts(".article-table__title a"), vec!["Shared widely"]);
    assert_eq!(
        e.get("/admin/articles")
            .await
            .texts(".article-table__title a")
            .len(),
        2
    );

    // A translation without its source is refused, naming the field.
    let page = save(&mut e, id, &[("kind", "reprint"), ("source_url", "")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.texts("#form-errors li")
            .join(" ")
            .contains("A reprint needs the URL of the original")
    );
}

/// A `multipart/form-data` body with text fields and one file.
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----gazette-test-boundary-7d1f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    b: &mut Browser<'_>,
    id: i64,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Page {
    let (content_type, body) = multipart(fields, file);
    let req = b
        .app
        .client
        .post(b.app.url(&format!("/admin/articles/{id}/featured-image")))
        .header("content-type", content_type)
        .body(body);
    b.send(req).await
}

#[tokio::test]
async fn the_featured_image_upload_is_guarded_and_refuses_non_pictures() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Pictured", "Text.", "save").await;
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert_eq!(
        edit.attrs("#featured-upload form", "enctype"),
        vec!["multipart/form-data"]
    );
    let csrf = csrf_of(&edit);

    // Not a picture: refused with a message on the editor, nothing set.
    let page = upload(
        &mut e,
        id,
        &[("csrf", &csrf), ("alt", "x")],
        ("notes.txt", b"just text"),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert!(
        page.texts("#form-errors li")
            .join(" ")
            .starts_with("Featured image:")
    );
    assert_eq!(
        app.store
            .editable_article(id)
            .await
            .unwrap()
            .unwrap()
            .input
            .featured_media_id,
        None
    );

    // No token, or someone else's article: refused.
    let page = upload(&mut e, id, &[("alt", "x")], ("a.png", b"\x89PNG")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut c = signed_in(&app, "contributor").await;
    let csrf_c = csrf_of(&c.get("/admin/articles").await);
    let page = upload(&mut c, id, &[("csrf", &csrf_c)], ("a.png", b"\x89PNG")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut s = signed_in(&app, "subscriber").await;
    let page = upload(&mut s, id, &[("csrf", "x")], ("a.png", b"\x89PNG")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn assignment_feeds_the_review_queue_filter() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let mut c = signed_in(&app, "contributor").await;
    let contributor = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "contributor@example.org")
        .unwrap()
        .id
        .to_string();
    let assigned = write(&mut e, "Translate me", "Texto.", "save").await;
    let page = save(
        &mut e,
        assigned,
        &[
            ("assigned_to", contributor.as_str()),
            ("assignment_note", "Translate by Friday"),
            ("intent", "review"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let other = write(&mut e, "Not assigned", "Other.", "review").await;
    assert_eq!(status_of(&app, other).await, Status::Review);

    let queue = e.get("/admin/review").await;
    assert_eq!(
        queue.texts(".article-table__title a"),
        vec!["Translate me", "Not assigned"]
    );
    let mine = c.get("/admin/review?assigned=me").await;
    assert_eq!(mine.status, StatusCode::OK);
    let rows = mine.texts(".article-table__title");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("Translate me") && rows[0].contains("Translate by Friday"),
        "{rows:?}"
    );
    // An unknown user id is refused by name.
    let page = save(&mut e, assigned, &[("assigned_to", "98765")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.texts("#form-errors li")
            .join(" ")
            .contains("Assigned to: there is no user with id 98765")
    );
}

#[tokio::test]
async fn deleting_needs_the_right_and_a_confirmation() {
    let app = app().start().await;
    let mut a = signed_in(&app, "author").await;
    let mut e = signed_in(&app, "editor").await;
    let theirs = write(&mut e, "Keep me", "Text.", "publish").await;
    let mine = write(&mut a, "Delete me", "Text.", "save").await;

    let csrf = csrf_of(&a.get("/admin/articles").await);
    let page = a
        .post(
            &format!("/admin/articles/{theirs}/delete"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = a
        .post(
            &format!("/admin/articles/{mine}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.texts("#form-errors li")
            .join(" ")
            .contains("Nothing deleted")
    );
    assert!(app.store.editable_article(mine).await.unwrap().is_some());

    let page = a
        .post(
            &format!("/admin/articles/{mine}/delete"),
            &[("csrf", &csrf), ("confirm", "yes")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/admin/articles?done=deleted");
    assert!(app.store.editable_article(mine).await.unwrap().is_none());
    assert!(app.store.editable_article(theirs).await.unwrap().is_some());
    assert_eq!(
        a.get("/admin/articles?done=deleted")
            .await
            .texts("[role=status]"),
        vec!["Article deleted."]
    );
    assert_eq!(
        a.get(&format!("/admin/articles/{mine}/edit")).await.status,
        StatusCode::NOT_FOUND
    );
}
