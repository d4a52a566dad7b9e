//! Accounts end to end over HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
//! sign-in and out, rate limits, CSRF refusals, session revocation, password reset and
//! invitations through a real SMTP server on loopback, the first admin's setup link, the
//! role checks of `/admin`, and the audit rows each action leaves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, PASSWORD, add_user, csrf_of, location};
use common::{Page, TestApp, app};
use gazette_mail::test_server::TestSmtp;
use gazette_store::{Actor, TokenKind};
use reqwest::StatusCode;

async fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut rows = app.store.audit_log(1000).await.unwrap();
    rows.reverse();
    rows.into_iter().map(|r| r.action).collect()
}

/// The link in a mail's body that starts with `prefix`.
fn link_in(body: &str, prefix: &str) -> String {
    body.split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} link in {body}"))
        .to_owned()
}

#[tokio::test]
async fn sign_in_and_out_with_a_private_session_cookie() {
    let app = app().start().await;
    add_user(&app, "Editor@Example.org", "Edna Editor", "editor").await;
    let mut b = Browser::new(&app);

    // Anonymous: the newsroom sends you to sign in, and back afterwards.
    let page = b.get("/admin").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&page), "/account/sign-in?next=%2Fadmin");

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
    let csrf = csrf_of(&form);
    let page = b
        .post(
            "/account/sign-in",
            &[
                ("csrf", &csrf),
                ("email", "editor@example.org"),
                ("password", "not it at all"),
                ("next", "/admin"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        page.texts("[role=alert]"),
        vec!["The email address or the password is not right."]
    );
    assert!(b.session().is_none());

    // Right password, email in another letter case.
    let page = b
        .post(
            "/account/sign-in",
            &[
                ("csrf", &csrf),
                ("email", "EDITOR@example.ORG"),
                ("password", PASSWORD),
                ("next", "/admin"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), "/admin");
    let set_cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("gazette_session="))
        .unwrap();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain http test site: {set_cookie}"
    );
    let token = b.session().unwrap();
    assert_eq!(token.len(), 64);

    let admin = b.get("/admin").await;
    assert_eq!(admin.status, StatusCode::OK);
    assert_eq!(admin.texts(".admin-whoami__name"), vec!["Edna Editor"]);
    assert_eq!(admin.texts(".admin-whoami__role"), vec!["editor"]);
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
    assert_eq!(
        b.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "the old cookie is dead"
    );

    let actions = audit_actions(&app).await;
    for expected in [
        "user.create",
        "session.sign_in_failed",
        "session.sign_in",
        "session.sign_out",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_address_with_a_retry_time() {
    let app = app().start().await;
    add_user(&app, "author@example.org", "Ann Author", "author").await;
    let mut b = Browser::new(&app);
    for _ in 0..5 {
        let page = b.sign_in("author@example.org", "wrong password!").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    // The sixth attempt is refused before the password is even checked, right or not.
    let page = b.sign_in("Author@example.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    let retry: i64 = page.header("retry-after").parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    let message = page.texts("[role=alert]").join(" ");
    assert!(message.contains("Too many failed sign-ins"), "{message}");
    assert!(message.contains("Try again in 15 minutes"), "{message}");
    assert!(b.session().is_none());

    // Another account is not affected.
    add_user(&app, "other@example.org", "Otto Other", "author").await;
    let page = b.sign_in("other@example.org", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    // Unknown addresses are counted too, so guessing them is limited the same way.
    let mut c = Browser::new(&app);
    for _ in 0..5 {
        assert_eq!(
            c.sign_in("ghost@example.org", "whatever it is")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        c.sign_in("ghost@example.org", "whatever it is")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );

    let failed = audit_actions(&app)
        .await
        .iter()
        .filter(|a| *a == "session.sign_in_failed")
        .count();
    assert_eq!(failed, 10);
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
    assert_eq!(
        b.get("/admin").await.status,
        StatusCode::OK,
        "still signed in"
    );
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
    assert!(
        app.store
            .user_by_email("new@example.org")
            .await
            .unwrap()
            .is_none()
    );

    // A cross-site post is refused by its Origin before any handler runs.
    let admin = b.get("/admin").await;
    let csrf = csrf_of(&admin);
    let req = app
        .client
        .post(app.url("/account/sign-out"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", csrf.as_str())]);
    let page = b.send(req).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        b.get("/admin").await.status,
        StatusCode::OK,
        "still signed in"
    );
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
    assert_eq!(
        phone.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "phone signed out"
    );
    assert_eq!(laptop.get("/admin").await.status, StatusCode::OK);

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
    assert_eq!(laptop.get("/admin").await.status, StatusCode::OK);

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
    assert_eq!(
        tablet.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "tablet signed out"
    );
    assert_eq!(laptop.get("/admin").await.status, StatusCode::OK);
    assert_eq!(
        laptop
            .get("/account/sessions")
            .await
            .count(".session-list__item"),
        1
    );

    let actions = audit_actions(&app).await;
    assert!(
        actions.contains(&"session.revoke".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"session.revoke_others".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn password_reset_mail_arrives_over_smtp_and_its_link_works_once() {
    let smtp = TestSmtp::start().await.unwrap();
    let url = smtp.url();
    let app = app()
        .configure(move |c, _| {
            c.smtp_url = url;
            c.mail_from = "Newsroom <news@example.org>".into();
        })
        .start()
        .await;
    add_user(&app, "reader@example.org", "Rhea Reporter", "author").await;
    let mut old = Browser::new(&app);
    assert_eq!(
        old.sign_in("reader@example.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // Unknown and known addresses get the same answer; only the known one gets mail.
    let mut b = Browser::new(&app);
    let unknown = b
        .submit(
            "/account/reset",
            "/account/reset",
            &[("email", "nobody@example.org")],
        )
        .await;
    let known = b
        .submit(
            "/account/reset",
            "/account/reset",
            &[("email", "Reader@example.org")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(known.status, StatusCode::OK);
    let said = |p: &Page| p.texts("#reset-sent").join(" ");
    assert_eq!(
        said(&unknown).replace("nobody@example.org", "X"),
        said(&known).replace("Reader@example.org", "X")
    );
    let mail = smtp.wait_for(1).await.expect("the reset mail arrived");
    assert_eq!(mail.to, vec!["reader@example.org".to_owned()]);
    assert_eq!(mail.from, "news@example.org");
    assert!(
        mail.header("Subject")
            .unwrap()
            .starts_with("Reset your password")
    );
    let link = link_in(&mail.body(), &format!("{}/account/reset/", app.base));
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    // Asking again at once sends nothing more: the first link still works.
    let again = b
        .submit(
            "/account/reset",
            "/account/reset",
            &[("email", "reader@example.org")],
        )
        .await;
    assert_eq!(said(&again), said(&known).replace("Reader@", "reader@"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        smtp.messages().len(),
        1,
        "no mail for the unknown address nor for the repeat"
    );

    // A bad address is refused with a reason.
    let bad = b
        .submit(
            "/account/reset",
            "/account/reset",
            &[("email", "not-an-address")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.texts("[role=alert]")[0].contains("email address"));

    // The link opens a form; mismatched passwords are refused with the reason.
    let form = b.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("reader@example.org"));
    let mismatch = b
        .submit(
            &path,
            &path,
            &[
                ("password", "new password 1"),
                ("confirm", "new password 2"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert!(mismatch.texts("[role=alert]")[0].contains("do not match"));

    // The right form signs in with the new password and ends the old sessions.
    let done = b
        .submit(
            &path,
            &path,
            &[
                ("password", "new password 1"),
                ("confirm", "new password 1"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/admin");
    assert_eq!(b.get("/admin").await.status, StatusCode::OK);
    assert_eq!(
        old.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "old session ended"
    );
    let mut c = Browser::new(&app);
    assert_eq!(
        c.sign_in("reader@example.org", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        c.sign_in("reader@example.org", "new password 1")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // Used once: the link is dead, for GET and POST alike.
    let mut d = Browser::new(&app);
    let reused = d.get(&path).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert!(reused.body.contains("already"), "{}", reused.body);
    d.get("/account/sign-in").await;
    let csrf = d.cookies.get("gazette_csrf").unwrap().clone();
    let reposted = d
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("password", "third password"),
                ("confirm", "third password"),
            ],
        )
        .await;
    assert_eq!(reposted.status, StatusCode::BAD_REQUEST);

    // Forged tokens are refused.
    let forged = d.get(&format!("/account/reset/{}", "ab".repeat(32))).await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        d.get("/account/reset/short").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        d.get("/account/nonsense/abc").await.status,
        StatusCode::NOT_FOUND
    );

    // Expired tokens are refused.
    let user = app
        .store
        .user_by_email("reader@example.org")
        .await
        .unwrap()
        .unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let expired = "cd".repeat(32);
    app.store
        .create_token(
            &gazette_web::auth::token_hash(&expired),
            TokenKind::Reset,
            user.id,
            now - 7200,
            now - 3600,
            &Actor::cli(),
        )
        .await
        .unwrap();
    let page = d.get(&format!("/account/reset/{expired}")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("expired"), "{}", page.body);

    // The token is stored only as its digest.
    let token = path.rsplit('/').next().unwrap();
    assert!(
        app.store
            .token_user(token, TokenKind::Reset, 0)
            .await
            .unwrap()
            .is_none()
    );

    let actions = audit_actions(&app).await;
    assert!(actions.contains(&"token.reset".to_owned()), "{actions:?}");
    assert!(
        actions.contains(&"reset.complete".to_owned()),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_reset_token_cannot_be_spent_twice_even_at_once() {
    let app = app().start().await;
    add_user(&app, "x@example.org", "Xan", "author").await;
    let user = app
        .store
        .user_by_email("x@example.org")
        .await
        .unwrap()
        .unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let hash = gazette_web::auth::token_hash("race");
    app.store
        .create_token(
            &hash,
            TokenKind::Reset,
            user.id,
            now,
            now + 3600,
            &Actor::cli(),
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = app.store.clone();
        let hash = hash.clone();
        tasks.push(tokio::spawn(async move {
            store
                .redeem_token(
                    &hash,
                    TokenKind::Reset,
                    now,
                    &gazette_store::Redemption {
                        password_hash: &format!("hash-{i}"),
                        name: None,
                        email: None,
                    },
                    "",
                )
                .await
                .unwrap()
                .is_some()
        }));
    }
    let mut won = 0;
    for t in tasks {
        won += usize::from(t.await.unwrap());
    }
    assert_eq!(won, 1);
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    let app = app().start().await;
    let link = gazette_web::auth::setup_link(&app.store, &app.base)
        .await
        .unwrap()
        .unwrap();
    // Refreshing (a restart) replaces the link: the older one stops working.
    let first_path = link.strip_prefix(&app.base).unwrap().to_owned();
    let link = gazette_web::auth::setup_link(&app.store, &app.base)
        .await
        .unwrap()
        .unwrap();
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    assert!(path.starts_with("/account/setup/"));
    let mut b = Browser::new(&app);
    assert_eq!(b.get(&first_path).await.status, StatusCode::BAD_REQUEST);

    let form = b.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attrs("input[name=email]", "value"), vec![""]);
    let bad = b
        .submit(
            &path,
            &path,
            &[
                ("name", "Ada"),
                ("email", "nope"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let done = b
        .submit(
            &path,
            &path,
            &[
                ("name", "Ada Admin"),
                ("email", "Ada@Example.org"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let admin = b.get("/admin").await;
    assert_eq!(admin.texts(".admin-whoami__name"), vec!["Ada Admin"]);
    assert_eq!(admin.texts(".admin-whoami__role"), vec!["admin"]);
    assert_eq!(admin.count("form[action='/admin/staff/invite']"), 1);

    // Once an admin exists there is no new link, and the used one is dead.
    assert!(
        gazette_web::auth::setup_link(&app.store, &app.base)
            .await
            .unwrap()
            .is_none()
    );
    let mut c = Browser::new(&app);
    assert_eq!(c.get(&path).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        c.sign_in("ada@example.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        audit_actions(&app)
            .await
            .contains(&"setup.complete".to_owned())
    );
}

#[tokio::test]
async fn the_newsroom_refuses_anonymous_and_under_privileged_people() {
    let app = app().start().await;
    for (email, role) in [
        ("s@example.org", "subscriber"),
        ("c@example.org", "contributor"),
        ("a@example.org", "author"),
        ("e@example.org", "editor"),
    ] {
        add_user(&app, email, role, role).await;
    }
    // Anonymous: GET is sent to sign in, a POST is refused outright.
    let anonymous = app
        .post_form(
            "/admin/staff/invite",
            &[("email", "x@example.org"), ("role", "admin")],
            &[],
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    // A subscriber may sign in (for their account) but not enter the newsroom.
    let mut s = Browser::new(&app);
    let page = s.sign_in("s@example.org", PASSWORD).await;
    assert_eq!(location(&page), "/", "subscribers land on the site");
    let refused = s.get("/admin").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .body
            .contains("Your role (subscriber) does not allow you to open the newsroom"),
        "{}",
        refused.body
    );
    assert_eq!(s.get("/account/sessions").await.status, StatusCode::OK);

    // Staff below admin enter, but cannot invite.
    for (email, role) in [
        ("c@example.org", "contributor"),
        ("a@example.org", "author"),
        ("e@example.org", "editor"),
    ] {
        let mut b = Browser::new(&app);
        assert_eq!(
            b.sign_in(email, PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let admin = b.get("/admin").await;
        assert_eq!(admin.status, StatusCode::OK, "{role}");
        let csrf = csrf_of(&admin);
        let page = b
            .post(
                "/admin/staff/invite",
                &[
                    ("csrf", &csrf),
                    ("email", "x@example.org"),
                    ("role", "admin"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
        assert!(page.body.contains("manage staff"), "{role}: {}", page.body);
    }
    assert!(
        app.store
            .user_by_email("x@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_admin_invites_staff_by_mail_and_the_link_sets_name_and_password() {
    let smtp = TestSmtp::start().await.unwrap();
    let url = smtp.url();
    let app = app().configure(move |c, _| c.smtp_url = url).start().await;
    add_user(&app, "boss@example.org", "Bo Boss", "admin").await;
    let mut boss = Browser::new(&app);
    boss.sign_in("boss@example.org", PASSWORD).await;

    // Bad input is refused with reasons and nothing is written.
    let bad_role = boss
        .submit(
            "/admin",
            "/admin/staff/invite",
            &[("email", "t@example.org"), ("role", "owner")],
        )
        .await;
    assert_eq!(bad_role.status, StatusCode::BAD_REQUEST);
    assert!(bad_role.texts("[role=alert]")[0].contains("`owner` is not a newsroom role"));
    let bad_email = boss
        .submit(
            "/admin",
            "/admin/staff/invite",
            &[("email", "t at example"), ("role", "author")],
        )
        .await;
    assert_eq!(bad_email.status, StatusCode::BAD_REQUEST);
    assert!(
        app.store
            .user_by_email("t@example.org")
            .await
            .unwrap()
            .is_none()
    );

    let sent = boss
        .submit(
            "/admin",
            "/admin/staff/invite",
            &[
                ("email", "Tom@Example.org"),
                ("role", "contributor"),
                ("name", ""),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(
        sent.texts("[role=status]")
            .join(" ")
            .contains("Invitation sent to Tom@Example.org as contributor")
    );
    assert!(
        sent.texts(".staff-list li")
            .iter()
            .any(|t| t.contains("tom@example.org") && t.contains("invitation pending"))
    );
    let again = boss
        .submit(
            "/admin",
            "/admin/staff/invite",
            &[("email", "tom@example.org"), ("role", "author")],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.texts("[role=alert]")[0].contains("already has an account"));

    let mail = smtp.wait_for(1).await.expect("the invitation arrived");
    assert_eq!(mail.to, vec!["tom@example.org".to_owned()]);
    assert!(mail.header("Subject").unwrap().contains("invited"));
    assert!(mail.body().contains("Bo Boss invited you"));
    let link = link_in(&mail.body(), &format!("{}/account/invite/", app.base));
    let path = link.strip_prefix(&app.base).unwrap().to_owned();

    let mut tom = Browser::new(&app);
    let no_name = tom
        .submit(
            &path,
            &path,
            &[("name", " "), ("password", PASSWORD), ("confirm", PASSWORD)],
        )
        .await;
    assert_eq!(no_name.status, StatusCode::BAD_REQUEST);
    let done = tom
        .submit(
            &path,
            &path,
            &[
                ("name", "Tom Translator"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let admin = tom.get("/admin").await;
    assert_eq!(admin.texts(".admin-whoami__name"), vec!["Tom Translator"]);
    assert_eq!(admin.texts(".admin-whoami__role"), vec!["contributor"]);
    assert_eq!(
        Browser::new(&app).get(&path).await.status,
        StatusCode::BAD_REQUEST
    );

    let rows = app.store.audit_log(100).await.unwrap();
    let boss_id = app
        .store
        .user_by_email("boss@example.org")
        .await
        .unwrap()
        .unwrap()
        .id;
    let create = rows
        .iter()
        .find(|r| r.action == "user.create" && r.detail.starts_with("tom@example.org"))
        .unwrap();
    assert_eq!(
        create.user_id,
        Some(boss_id),
        "the inviting admin is recorded"
    );
    assert!(rows.iter().any(|r| r.action == "invite.complete"));
}

#[tokio::test]
async fn the_command_line_adds_and_lists_accounts() {
    let app = app().start().await;
    let out = gazette::users::add(
        &app.settings,
        &app.store,
        "New@Example.org",
        "Nia New",
        "editor",
        None,
    )
    .await
    .unwrap();
    assert!(
        out.contains("Created new@example.org (Nia New) as editor."),
        "{out}"
    );
    let link = link_in(&out, &format!("{}/account/invite/", app.base));
    let mut b = Browser::new(&app);
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let done = b
        .submit(
            &path,
            &path,
            &[
                ("name", "Nia New"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);

    let err = gazette::users::add(
        &app.settings,
        &app.store,
        "x@example.org",
        "X",
        "owner",
        None,
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--role: `owner` is not a valid role"),
        "{err}"
    );
    let err = gazette::users::add(
        &app.settings,
        &app.store,
        "new@example.org",
        "Again",
        "author",
        None,
    )
    .await
    .unwrap_err();
    assert!(format!("{err:#}").contains("already taken"), "{err:#}");
    let err = gazette::users::add(
        &app.settings,
        &app.store,
        "y@example.org",
        "Y",
        "author",
        Some("short"),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("too short"), "{err}");

    let list = gazette::users::list(&app.store).await.unwrap();
    assert!(
        list.lines()
            .any(|l| l.starts_with("new@example.org") && l.ends_with("active")),
        "{list}"
    );
}

#[tokio::test]
async fn the_command_line_invites_staff_through_the_file_outbox() {
    let app = app().start().await;
    // No smtp_url: the mail is written to {data_dir}/outbox as an .eml file.
    let mailer = gazette_mail::Mailer::new(
        None,
        &app.settings.raw.mail_from,
        &app.settings.outbox_dir(),
    )
    .unwrap();
    let out = gazette::users::invite(
        &app.settings,
        &app.store,
        &mailer,
        "Trans@Example.org",
        Some("Tara Translator"),
        "contributor",
    )
    .await
    .unwrap();
    assert!(
        out.starts_with("Invitation sent to trans@example.org as contributor via file outbox"),
        "{out}"
    );
    let files: Vec<_> = std::fs::read_dir(app.settings.outbox_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("To: trans@example.org"), "{eml}");
    // The body may be quoted-printable: undo soft line breaks before looking for the link.
    let body = eml.replace("=\r\n", "").replace("=\n", "");
    let link = link_in(&body, &format!("{}/account/invite/", app.base));
    let mut b = Browser::new(&app);
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    let done = b
        .submit(
            &path,
            &path,
            &[
                ("name", "Tara Translator"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    let err = gazette::users::invite(
        &app.settings,
        &app.store,
        &mailer,
        "sub@example.org",
        None,
        "subscriber",
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("invitations are for staff"),
        "{err}"
    );
}

#[tokio::test]
async fn behind_https_the_session_cookie_is_secure_and_over_http_it_is_not() {
    for (base_url, secure) in [("https://news.example", true), ("", false)] {
        let app = app()
            .configure(move |c, _| {
                if !base_url.is_empty() {
                    c.base_url = base_url.to_owned();
                }
            })
            .start()
            .await;
        add_user(&app, "editor@example.org", "Edna Editor", "editor").await;
        let mut b = Browser::new(&app);
        let page = b.get("/account/sign-in").await;
        let csrf = csrf_of(&page);
        let req = app
            .client
            .post(app.url("/account/sign-in"))
            .header("cookie", b.cookie_header())
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "editor@example.org"),
                ("password", PASSWORD),
            ]);
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{base_url}");
        let session = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("gazette_session="))
            .expect("a session cookie");
        assert!(session.contains("HttpOnly"), "{session}");
        assert!(session.contains("SameSite=Lax"), "{session}");
        assert_eq!(
            session.contains("; Secure"),
            secure,
            "{base_url}: {session}"
        );
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_the_clients() {
    for (trusted, expected) in [(true, "198.51.100.23"), (false, "127.0.0.1")] {
        let app = app()
            .configure(move |c, _| {
                if trusted {
                    c.trusted_proxies = vec!["127.0.0.0/8".to_owned()];
                }
            })
            .start()
            .await;
        add_user(&app, "editor@example.org", "Edna Editor", "editor").await;
        let mut b = Browser::new(&app);
        let page = b.get("/account/sign-in").await;
        let csrf = csrf_of(&page);
        let r = app
            .client
            .post(app.url("/account/sign-in"))
            .header("cookie", b.cookie_header())
            .header("x-forwarded-for", "10.9.9.9, 198.51.100.23")
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "editor@example.org"),
                ("password", "not the password"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        // The failure is counted against the client's address, not the proxy's.
        let failures = app
            .store
            .login_failures("editor@example.org", None, expected, 0)
            .await
            .unwrap();
        assert_eq!(failures.by_ip, 1, "trusted={trusted}");
    }
}
