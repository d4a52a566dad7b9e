//! Password reset by mail over a real SMTP server, single-use tokens raced in parallel, and the first admin's setup link.

use super::*;

/// Asks for a password reset link for `email` with the form at `/account/reset`.
async fn ask_reset(b: &mut Browser<'_>, email: &str) -> Page {
    b.submit("/account/reset", "/account/reset", &[("email", email)])
        .await
}

/// An app that sends the newsroom's mail through `smtp`.
async fn mailing_newsroom(smtp: &TestSmtp) -> crate::common::TestApp {
    let url = smtp.url();
    app()
        .configure(move |c, _| {
            c.smtp_url = url;
            c.mail_from = "Newsroom <news@example.org>".into();
        })
        .start()
        .await
}

#[tokio::test]
async fn password_reset_mail_arrives_over_smtp_and_its_link_works_once() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_newsroom(&smtp).await;
    add_user(&app, "reader@example.org", "Rhea Reporter", "author").await;
    let mut old = Browser::new(&app);
    assert_eq!(
        old.sign_in("reader@example.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // Unknown and known addresses get the same answer; only the known one gets mail.
    let mut b = Browser::new(&app);
    let unknown = ask_reset(&mut b, "nobody@example.org").await;
    let known = ask_reset(&mut b, "Reader@example.org").await;
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
    let path = app.linked_path(&mail.body(), "/account/reset/");
    // Asking again at once sends nothing more: the first link still works.
    let again = ask_reset(&mut b, "reader@example.org").await;
    assert_eq!(said(&again), said(&known).replace("Reader@", "reader@"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        smtp.messages().len(),
        1,
        "no mail for the unknown address nor for the repeat"
    );

    // A bad address is refused with a reason.
    let bad = ask_reset(&mut b, "not-an-address").await;
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
    done.assert_redirect("/admin");
    assert_signed_in(&mut b, "the new password signed in").await;
    assert_signed_out(&mut old, "old session ended").await;
    let mut c = Browser::new(&app);
    for (password, status) in [
        (PASSWORD, StatusCode::UNAUTHORIZED),
        ("new password 1", StatusCode::SEE_OTHER),
    ] {
        let page = c.sign_in("reader@example.org", password).await;
        assert_eq!(page.status, status, "{password}");
    }

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
    let forged = format!("/account/reset/{}", "ab".repeat(32));
    for (path, status) in [
        (forged.as_str(), StatusCode::BAD_REQUEST),
        ("/account/reset/short", StatusCode::BAD_REQUEST),
        ("/account/nonsense/abc", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(d.get(path).await.status, status, "{path}");
    }

    // Expired tokens are refused.
    let user = user(&app, "reader@example.org").await.unwrap();
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
    // The page names its address without the secret (canonical link, current path).
    assert!(!page.body.contains(&expired), "{}", page.body);
    assert!(page.body.contains("/account/reset/"), "{}", page.body);

    // The token is stored only as its digest.
    let token = path.rsplit('/').next().unwrap();
    assert!(
        app.store
            .token_user(token, TokenKind::Reset, 0)
            .await
            .unwrap()
            .is_none()
    );

    assert_audited(&app, &["token.reset", "reset.complete"]).await;
}

#[tokio::test]
async fn a_reset_token_cannot_be_spent_twice_even_at_once() {
    let app = app().start().await;
    add_user(&app, "x@example.org", "Xan", "author").await;
    let user = user(&app, "x@example.org").await.unwrap();
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
    // Another node starting (or a restart) prints a new link; the older one keeps working
    // until one of them is used: the operator may have copied either.
    let first_path = link.strip_prefix(&app.base).unwrap().to_owned();
    let link = gazette_web::auth::setup_link(&app.store, &app.base)
        .await
        .unwrap()
        .unwrap();
    let path = link.strip_prefix(&app.base).unwrap().to_owned();
    assert!(path.starts_with("/account/setup/"));
    assert_ne!(path, first_path);
    let mut b = Browser::new(&app);
    assert_eq!(b.get(&first_path).await.status, StatusCode::OK);
    // Someone else holds the other link's form, opened while it was still valid.
    let mut mallory = Browser::new(&app);
    let held = mallory.get(&first_path).await;
    assert_eq!(held.status, StatusCode::OK);
    let held_csrf = csrf_of(&held);

    let form = b.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attrs("input[name=email]", "value"), vec![""]);
    let bad = with_password(&mut b, &path, &[("name", "Ada"), ("email", "nope")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let done = with_password(
        &mut b,
        &path,
        &[("name", "Ada Admin"), ("email", "Ada@Example.org")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let admin = newsroom_as(&mut b, "Ada Admin", "admin").await;
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
    // The other node's link died with the one used: it cannot take the account over.
    assert_eq!(c.get(&first_path).await.status, StatusCode::BAD_REQUEST);
    let hijack = mallory
        .post(
            &first_path,
            &[
                ("csrf", held_csrf.as_str()),
                ("name", "Mallory"),
                ("email", "mallory@example.org"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(hijack.status, StatusCode::BAD_REQUEST, "{}", hijack.body);
    assert_eq!(
        mallory
            .sign_in("mallory@example.org", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        c.sign_in("ada@example.org", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_audited(&app, &["setup.complete"]).await;
}

#[tokio::test]
async fn the_reset_mail_is_in_the_language_the_person_chose_for_the_newsroom() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_newsroom(&smtp).await;
    add_user(&app, "olga@example.org", "Olga", "author").await;
    let olga = crate::common::user(&app, "olga@example.org").await.unwrap();
    app.store
        .set_ui_language(olga.id, Some("ru"))
        .await
        .unwrap();
    let site = app.store.settings().await.unwrap().name;

    let mut b = Browser::new(&app);
    assert_eq!(
        ask_reset(&mut b, "olga@example.org").await.status,
        StatusCode::OK
    );
    let body = assert_mail(
        &smtp.wait_for(1).await.expect("the reset mail arrived"),
        &format!("Сброс пароля на {site}"),
        "Откройте эту ссылку в течение часа, чтобы задать новый пароль:",
    );
    // The link is the same whatever the language.
    app.linked_path(&body, "/account/reset/");
}
