//! The newsroom's staff, audit log and category screens over real HTTP, on SQLite and
//! (with TEST_DATABASE_URL) PostgreSQL: who may open them, the guards that keep the site
//! administrable, sessions ending on disable, role changes applying at once, category
//! moves rewriting paths and redirecting old URLs, refusals that write nothing, and the
//! audit rows every change leaves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::time::Duration;

use common::browser::{Browser, PASSWORD, add_user, csrf_of, location, signed_in};
use common::{
    Page, TestApp, add_category, app, assert_audit_count, audit_actions, published, user,
};
use reqwest::StatusCode;

mod categories;

async fn user_id(app: &TestApp, email: &str) -> i64 {
    user(app, email).await.unwrap().id
}

/// Adds a member of staff (see [`add_user`]); returns their id.
async fn add_staff(app: &TestApp, email: &str, name: &str, role: &str) -> i64 {
    add_user(app, email, name, role).await;
    user_id(app, email).await
}

/// Posts `form` to `action` with the CSRF token of `/admin` (valid on every screen).
async fn post_as(b: &mut Browser<'_>, action: &str, form: &[(&str, &str)]) -> Page {
    b.submit("/admin", action, form).await
}

/// Asks, as `b`, for user `id`'s role to become `role`.
async fn set_role(b: &mut Browser<'_>, id: i64, role: &str) -> Page {
    post_as(b, &format!("/admin/staff/{id}/role"), &[("role", role)]).await
}

/// Asks, as `b`, for user `id`'s byline to be `author` (an author's id, `new` or none).
async fn set_byline(b: &mut Browser<'_>, id: i64, author: &str) -> Page {
    post_as(
        b,
        &format!("/admin/staff/{id}/byline"),
        &[("author", author)],
    )
    .await
}

/// `path` once it answers `status` (cached pages follow the change log within a moment);
/// fails after three seconds.
async fn settled(app: &TestApp, path: &str, status: StatusCode) -> Page {
    for _ in 0..30 {
        let page = app.get(path).await;
        if page.status == status {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = app.get(path).await;
    assert_eq!(page.status, status, "{path}");
    page
}

/// The id of the category at `path` now, if there is one (the store's cache forgotten
/// first: the tests look right after a write).
async fn category_at(app: &TestApp, path: &str) -> Option<i64> {
    app.store.forget_cached();
    app.store
        .category_by_path(path)
        .await
        .unwrap()
        .map(|c| c.id)
}

async fn category_id(app: &TestApp, path: &str) -> i64 {
    let id = category_at(app, path).await;
    id.unwrap_or_else(|| panic!("no category at {path}"))
}

#[tokio::test]
async fn only_admins_reach_staff_and_audit_and_only_editors_up_manage_categories() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    for path in ["/admin/staff", "/admin/audit", "/admin/categories"] {
        assert_eq!(admin.get(path).await.status, StatusCode::OK, "admin {path}");
    }
    let target = user_id(&app, "admin@example.org").await;
    for role in ["editor", "author", "contributor", "subscriber"] {
        let mut b = signed_in(&app, role).await;
        for path in ["/admin/staff", "/admin/audit"] {
            let page = b.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} {path}");
        }
        // Posting with a valid token of their own session is refused too, and changes nothing.
        let csrf = csrf_of(&b.get("/account/sessions").await);
        let page = b
            .post(
                &format!("/admin/staff/{target}/role"),
                &[("csrf", &csrf), ("role", "contributor")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} role change");
        let page = b
            .post(
                &format!("/admin/staff/{target}/disable"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} disable");
        let categories = b.get("/admin/categories").await.status;
        let created = b
            .post(
                "/admin/categories",
                &[("csrf", &csrf), ("name", &format!("By {role}"))],
            )
            .await
            .status;
        if role == "editor" {
            assert_eq!(categories, StatusCode::OK);
            assert_eq!(created, StatusCode::SEE_OTHER);
        } else {
            assert_eq!(categories, StatusCode::FORBIDDEN, "{role} categories");
            assert_eq!(created, StatusCode::FORBIDDEN, "{role} create category");
            // Every other category action refuses them too.
            let id = category_id(&app, "by-editor").await;
            let edit = format!("/admin/categories/{id}");
            assert_eq!(
                b.get(&edit).await.status,
                StatusCode::FORBIDDEN,
                "{role} edit"
            );
            for action in [
                edit.clone(),
                format!("{edit}/up"),
                format!("{edit}/down"),
                format!("{edit}/delete"),
            ] {
                let page = b
                    .post(&action, &[("csrf", &csrf), ("name", "Taken over")])
                    .await;
                assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} {action}");
            }
        }
    }
    let me = app.store.user_by_id(target).await.unwrap().unwrap();
    assert_eq!(me.role.as_str(), "admin");
    assert!(!me.disabled);
    let names: Vec<String> = app
        .store
        .categories()
        .await
        .unwrap()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(names, vec!["By editor"]);
    // The navigation offers each only what they may open.
    let nav = admin.get("/admin").await.texts(".admin-nav a");
    assert!(nav.contains(&"Staff".to_owned()) && nav.contains(&"Audit log".to_owned()));
}

#[tokio::test]
async fn the_staff_table_shows_people_and_the_last_admin_cannot_be_demoted_or_disabled() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    add_user(&app, "ed@example.org", "Ed Itor", "editor").await;
    // An invitation still pending.
    admin
        .invite_as("new@example.org", "author", "New Person")
        .await;

    let page = admin.get("/admin/staff").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.texts(".staff-row__name"),
        vec!["admin person", "Ed Itor", "New Person"]
    );
    assert_eq!(
        page.texts(".staff-row__status"),
        vec!["active", "active", "invitation pending"]
    );
    assert!(
        page.texts(".staff-row__seen")[0].contains("UTC"),
        "admin signed in"
    );
    assert_eq!(page.texts(".staff-row__seen")[1], "never");
    // No "Disable" for oneself; "Resend" only for the pending invitation.
    assert_eq!(page.count("form[action$='/disable']"), 2);
    assert_eq!(page.count("form[action$='/resend']"), 1);

    let me = user_id(&app, "admin@example.org").await;
    let before = audit_actions(&app).await.len();
    let page = set_role(&mut admin, me, "editor").await;
    page.assert_refused("The site needs an active admin and admin person is the only one");
    let page = post_as(&mut admin, &format!("/admin/staff/{me}/disable"), &[]).await;
    page.assert_refused("cannot disable your own account");
    assert_eq!(audit_actions(&app).await.len(), before, "nothing recorded");
    assert_eq!(
        app.store
            .user_by_id(me)
            .await
            .unwrap()
            .unwrap()
            .role
            .as_str(),
        "admin"
    );
    // A bad role is refused with a message naming it.
    let ed = user_id(&app, "ed@example.org").await;
    let page = set_role(&mut admin, ed, "owner").await;
    page.assert_refused("`owner` is not a newsroom role");

    // With a second active admin, the first may step down.
    let page = set_role(&mut admin, ed, "admin").await;
    page.assert_redirect("/admin/staff?done=role");
    let page = set_role(&mut admin, me, "editor").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    // …and is then no longer allowed here.
    assert_eq!(
        admin.get("/admin/staff").await.status,
        StatusCode::FORBIDDEN
    );
    assert_audit_count(&app, "user.role", 2).await;
}

#[tokio::test]
async fn disabling_ends_sessions_at_once_and_enabling_lets_them_back() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let mut editor = signed_in(&app, "editor").await;
    assert_eq!(editor.get("/admin").await.status, StatusCode::OK);
    let ed = user_id(&app, "editor@example.org").await;

    let page = post_as(&mut admin, &format!("/admin/staff/{ed}/disable"), &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = admin.get(location(&page)).await;
    assert_eq!(
        page.texts(".notice[role=status]"),
        vec!["Account disabled; their sessions have ended."]
    );
    assert!(
        page.texts(".staff-row__status")
            .contains(&"disabled".to_owned())
    );

    // The editor's very next request is anonymous, and signing in again fails.
    let page = editor.get("/admin").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(location(&page).starts_with("/account/sign-in"));
    let mut again = Browser::new(&app);
    let page = again.sign_in("editor@example.org", PASSWORD).await;
    assert_ne!(page.status, StatusCode::SEE_OTHER);
    assert!(app.store.sessions_of(ed, 0).await.unwrap().is_empty());

    let page = post_as(&mut admin, &format!("/admin/staff/{ed}/enable"), &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = again.sign_in("editor@example.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let rows = app.store.audit_log(100).await.unwrap();
    let disable = rows.iter().find(|r| r.action == "user.disable").unwrap();
    assert_eq!(disable.detail, "1 sessions ended");
    assert_eq!(disable.entity_id.as_deref(), Some(ed.to_string().as_str()));
    assert!(rows.iter().any(|r| r.action == "user.enable"));
}

#[tokio::test]
async fn a_role_change_applies_on_the_next_request() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let mut author = signed_in(&app, "author").await;
    assert_eq!(
        author.get("/admin/categories").await.status,
        StatusCode::FORBIDDEN
    );
    let id = user_id(&app, "author@example.org").await;
    let page = set_role(&mut admin, id, "editor").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(author.get("/admin/categories").await.status, StatusCode::OK);
    assert_eq!(
        author.get("/admin").await.texts(".admin-bar__role"),
        vec!["editor"]
    );
}

#[tokio::test]
async fn staff_forms_refuse_missing_or_wrong_csrf() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let ed = add_staff(&app, "ed@example.org", "Ed Itor", "editor").await;
    for form in [
        vec![("role", "author")],
        vec![("csrf", "not-the-token"), ("role", "author")],
    ] {
        let page = admin.post(&format!("/admin/staff/{ed}/role"), &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    let page = admin
        .post(&format!("/admin/staff/{ed}/disable"), &[("csrf", "nope")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = admin
        .post("/admin/categories", &[("csrf", "nope"), ("name", "Sneaky")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let user = app.store.user_by_id(ed).await.unwrap().unwrap();
    assert_eq!(user.role.as_str(), "editor");
    assert!(!user.disabled);
    assert!(app.store.categories().await.unwrap().is_empty());
    assert!(
        !audit_actions(&app)
            .await
            .iter()
            .any(|a| a == "user.role" || a == "user.disable" || a == "category.create")
    );
}

#[tokio::test]
async fn bylines_link_and_invitations_resend() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let id = add_staff(&app, "writer@example.org", "Wanda Writer", "author").await;
    let page = set_byline(&mut admin, id, "new").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = admin.get("/admin/staff").await;
    assert_eq!(page.texts(".staff-row__byline"), vec!["Wanda Writer"]);
    assert_eq!(
        page.attrs(".staff-row__byline", "href"),
        vec!["/author/wanda-writer/"]
    );
    let author_id = app
        .store
        .user_by_id(id)
        .await
        .unwrap()
        .unwrap()
        .author_id
        .unwrap();
    // Link an existing byline to someone else, then unlink it again.
    let me = user_id(&app, "admin@example.org").await;
    let aid = author_id.to_string();
    let page = set_byline(&mut admin, me, &aid).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.user_by_id(me).await.unwrap().unwrap().author_id,
        Some(author_id)
    );
    let page = set_byline(&mut admin, me, "").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.user_by_id(me).await.unwrap().unwrap().author_id,
        None
    );
    let page = post_as(
        &mut admin,
        &format!("/admin/staff/{me}/byline"),
        &[("author", "987654")],
    )
    .await;
    page.assert_refused("There is no author 987654");

    // Resending: only for a pending invitation; each sends a fresh link.
    let page = admin
        .invite(&[("email", "late@example.org"), ("role", "contributor")])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let late = user_id(&app, "late@example.org").await;
    let page = post_as(&mut admin, &format!("/admin/staff/{late}/resend"), &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let outbox = app.dir.path().join("outbox");
    let invitations = std::fs::read_dir(&outbox)
        .unwrap()
        .filter(|f| {
            std::fs::read_to_string(f.as_ref().unwrap().path())
                .unwrap()
                .contains("late@example.org")
        })
        .count();
    assert_eq!(invitations, 2);
    let page = post_as(&mut admin, &format!("/admin/staff/{id}/resend"), &[]).await;
    page.assert_refused("already accepted");
    assert_audit_count(&app, "user.byline", 3).await;
    assert_audit_count(&app, "token.invite", 2).await;
}

#[tokio::test]
async fn the_audit_log_pages_and_filters() {
    let app = app().start().await;
    let mut admin = signed_in(&app, "admin").await;
    let me = user_id(&app, "admin@example.org").await;
    for n in 0..55 {
        let name = format!("Section {n}");
        let page = admin
            .submit("/admin/categories", "/admin/categories", &[("name", &name)])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    let page = admin.get("/admin/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count(".audit-row"), 50);
    // Newest first: the last category made.
    assert_eq!(page.texts(".audit-row__action")[0], "category.create");
    assert_eq!(page.texts(".audit-row__detail")[0], "/category/section-54/");
    assert_eq!(page.texts(".audit-row__who")[0], "admin person");
    assert_eq!(page.texts(".audit-row__ip")[0], "127.0.0.1");
    let older = page.attrs("a[rel=next]", "href");
    assert_eq!(older, vec!["/admin/audit?page=2"]);
    let page2 = admin.get(&older[0]).await;
    assert_eq!(
        page2.count(".audit-row"),
        7,
        "55 creations, the account's creation and its sign-in"
    );
    assert_eq!(
        page2.texts(".audit-row__action")[5..],
        ["session.sign_in", "user.create"]
    );

    let page = admin.get("/admin/audit?action=session.sign_in").await;
    assert_eq!(page.texts(".audit-row__action"), vec!["session.sign_in"]);
    let page = admin
        .get(&format!(
            "/admin/audit?user={me}&action=category.create&page=2"
        ))
        .await;
    assert_eq!(page.count(".audit-row"), 5);
    let page = admin.get("/admin/audit?user=someone").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.alert().contains("`someone` is not a user id"));
}
