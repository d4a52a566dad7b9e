//! Accounts end to end over HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
//! sign-in and out, rate limits, CSRF refusals, session revocation, password reset and
//! invitations through a real SMTP server on loopback, the first admin's setup link, the
//! role checks of `/admin`, and the audit rows each action leaves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::browser::{Browser, PASSWORD, add_user, csrf_of, location};
use common::{Page, app, assert_audit_count, assert_audited, assert_mail, user};
use gazette_mail::test_server::TestSmtp;
use gazette_store::{Actor, TokenKind};
use reqwest::StatusCode;

mod reset;
mod staff;

/// Opens the newsroom as `b` and asserts its header names `name` with `role`.
async fn newsroom_as(b: &mut Browser<'_>, name: &str, role: &str) -> Page {
    let admin = b.get("/admin").await;
    assert_eq!(admin.status, StatusCode::OK, "{}", admin.body);
    assert_eq!(admin.texts(".admin-whoami__name"), vec![name]);
    assert_eq!(admin.texts(".admin-whoami__role"), vec![role]);
    admin
}

/// Asserts `b`'s session still opens the newsroom; `why` names the case.
async fn assert_signed_in(b: &mut Browser<'_>, why: &str) {
    assert_eq!(b.get("/admin").await.status, StatusCode::OK, "{why}");
}

/// Asserts `b`'s session has ended: the newsroom sends it to sign in.
async fn assert_signed_out(b: &mut Browser<'_>, why: &str) {
    assert_eq!(b.get("/admin").await.status, StatusCode::SEE_OTHER, "{why}");
}

/// Sends the form at `path` (an invitation's or the setup link's) with `fields` and
/// [`PASSWORD`] typed twice.
async fn with_password(b: &mut Browser<'_>, path: &str, fields: &[(&str, &str)]) -> Page {
    let mut form = fields.to_vec();
    form.extend([("password", PASSWORD), ("confirm", PASSWORD)]);
    b.submit(path, path, &form).await
}

/// Signs in with the form an anonymous visitor of the newsroom is sent to.
async fn sign_in_for_admin(b: &mut Browser<'_>, email: &str, password: &str) -> Page {
    let fields = [("email", email), ("password", password), ("next", "/admin")];
    b.submit(
        "/account/sign-in?next=%2Fadmin",
        "/account/sign-in",
        &fields,
    )
    .await
}

#[tokio::test]
async fn sign_in_and_out_with_a_private_session_cookie() {
    let app = app().start().await;
    add_user(&app, "Editor@Example.org", "Edna Editor", "editor").await;
    let mut b = Browser::new(&app);

    // Anonymous: the newsroom sends you to sign in, and back afterwards.
    let page = b.get("/admin").await;
    page.assert_redirect("/account/sign-in?next=%2Fadmin");

    let form = b.get("/account/sign-in?next=%2Fadmin").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.header("cache-control"), "no-store");
    assert!(
        form.header("content-security-policy")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(form.header("x-content-type-options"), "nosniff");
    assert_eq!(form.attrs("input[name=next]", "value"), vec!["/admin"]);

    // Wrong password: refused with one message that does not say which part was wrong.
    let page = sign_in_for_admin(&mut b, "editor@example.org", "not it at all").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        page.texts("[role=alert]"),
        vec!["The email address or the password is not right."]
    );
    assert!(b.session().is_none());

    // Right password, email in another letter case.
    let page = sign_in_for_admin(&mut b, "EDITOR@example.ORG", PASSWORD).await;
    page.assert_redirect("/admin");
    let set_cookie = page.set_cookie("gazette_session");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain http test site: {set_cookie}"
    );
    let token = b.session().unwrap();
    assert_eq!(token.len(), 64);

    let admin = newsroom_as(&mut b, "Edna Editor", "editor").await;
    assert_eq!(admin.header("cache-control"), "no-store");
    // Editors do not manage staff: no invitation form.
    assert_eq!(admin.count("form[action='/admin/staff/invite']"), 0);

    // Only the digest of the token is stored.
    let hash = gazette_web::auth::token_hash(&token);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(app.store.session(&hash, now).await.unwrap().is_some());
    assert!(app.store.session(&token, now).await.unwrap().is_none());

    // Sign out: the cookie is cleared and the session is gone on the server too.
    let csrf = csrf_of(&admin);
    let page = b.post("/account/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(b.session().is_none());
    assert!(app.store.session(&hash, now).await.unwrap().is_none());
    b.cookies.insert("gazette_session".into(), token);
    assert_signed_out(&mut b, "the old cookie is dead").await;

    assert_audited(
        &app,
        &[
            "user.create",
            "session.sign_in_failed",
            "session.sign_in",
            "session.sign_out",
        ],
    )
    .await;
}

/// Signs in as `email` with a wrong `password` `times` times, each refused with a 401.
async fn fail_sign_ins(b: &mut Browser<'_>, email: &str, password: &str, times: usize) {
    for attempt in 1..=times {
        let page = b.sign_in(email, password).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_address_with_a_retry_time() {
    let app = app().start().await;
    add_user(&app, "author@example.org", "Ann Author", "author").await;
    let mut b = Browser::new(&app);
    fail_sign_ins(&mut b, "author@example.org", "wrong password!", 5).await;
    // The sixth attempt is refused before the password is even checked, right or not.
    let page = b.sign_in("Author@example.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    let retry: i64 = page.header("retry-after").parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    let message = page.alert();
    assert!(message.contains("Too many failed sign-ins"), "{message}");
    assert!(message.contains("Try again in 15 minutes"), "{message}");
    assert!(b.session().is_none());

    // Another account is not affected.
    add_user(&app, "other@example.org", "Otto Other", "author").await;
    let page = b.sign_in("other@example.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    // Unknown addresses are counted too, so guessing them is limited the same way.
    let mut c = Browser::new(&app);
    fail_sign_ins(&mut c, "ghost@example.org", "whatever it is", 5).await;
    assert_eq!(
        c.sign_in("ghost@example.org", "whatever it is")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );

    assert_audit_count(&app, "session.sign_in_failed", 10).await;
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused() {
    let app = app().start().await;
    add_user(&app, "admin@example.org", "Ada Admin", "admin").await;
    let mut b = Browser::new(&app);

    // Sign-in without a token, and with a forged one.
    b.get("/account/sign-in").await;
    let missing = b
        .post(
            "/account/sign-in",
            &[("email", "admin@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("security token"), "{}", missing.body);
    let forged = b
        .post(
            "/account/sign-in",
            &[
                ("csrf", &"0".repeat(64)),
                ("email", "admin@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(b.session().is_none());

    // Signed in: a state-changing form with a forged token changes nothing.
    assert_eq!(
        b.sign_in("admin@example.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let page = b
        .post("/account/sign-out", &[("csrf", &"f".repeat(64))])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_signed_in(&mut b, "still signed in").await;
    let page = b
        .post(
            "/admin/staff/invite",
            &[
                ("csrf", "nope"),
                ("email", "new@example.org"),
                ("role", "author"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(user(&app, "new@example.org").await.is_none());

    // A cross-site post is refused by its Origin before any handler runs.
    let page = b
        .submit_with(
            "/admin",
            "/account/sign-out",
            &[],
            &[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_signed_in(&mut b, "still signed in").await;
}

#[tokio::test]
async fn sessions_are_listed_and_revoking_takes_effect_at_once() {
    let app = app().start().await;
    add_user(&app, "c@example.org", "Cora Contributor", "contributor").await;
    let mut phone = Browser::new(&app);
    phone.user_agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile";
    let mut laptop = Browser::new(&app);
    let mut tablet = Browser::new(&app);
    for b in [&mut phone, &mut laptop, &mut tablet] {
        assert_eq!(
            b.sign_in("c@example.org", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let list = laptop.get("/account/sessions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.count(".session-list__item"), 3);
    assert!(
        list.texts(".session-list__agent")
            .iter()
            .any(|t| t.contains("Pixel 8"))
    );
    assert_eq!(list.count(".session-list__item.is-current"), 1);
    assert!(list.texts(".session-list__meta")[0].contains("127.0.0.1"));

    // End the phone's session from the laptop.
    let phone_hash = gazette_web::auth::token_hash(&phone.session().unwrap());
    let csrf = csrf_of(&list);
    let page = laptop
        .post(
            "/account/sessions/revoke",
            &[("csrf", &csrf), ("session", &phone_hash)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_signed_out(&mut phone, "phone signed out").await;
    assert_signed_in(&mut laptop, "laptop still signed in").await;

    // A session id of someone else's account ends nothing.
    add_user(&app, "e@example.org", "Eve Editor", "editor").await;
    let mut eve = Browser::new(&app);
    eve.sign_in("e@example.org", PASSWORD).await;
    let laptop_hash = gazette_web::auth::token_hash(&laptop.session().unwrap());
    let eve_page = eve.get("/account/sessions").await;
    eve.post(
        "/account/sessions/revoke",
        &[("csrf", &csrf_of(&eve_page)), ("session", &laptop_hash)],
    )
    .await;
    assert_signed_in(&mut laptop, "laptop still signed in").await;

    // Sign out everywhere else.
    let list = laptop.get("/account/sessions").await;
    assert_eq!(list.count(".session-list__item"), 2);
    let page = laptop
        .post(
            "/account/sessions/revoke-others",
            &[("csrf", &csrf_of(&list))],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_signed_out(&mut tablet, "tablet signed out").await;
    assert_signed_in(&mut laptop, "laptop still signed in").await;
    assert_eq!(
        laptop
            .get("/account/sessions")
            .await
            .count(".session-list__item"),
        1
    );

    assert_audited(&app, &["session.revoke", "session.revoke_others"]).await;
}
