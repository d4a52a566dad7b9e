//! Accounts as staff and operators meet them: newsroom refusals, invitations, the command line, and cookies and client addresses behind HTTPS and proxies.

use super::*;

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
        let page = b
            .invite(&[("email", "x@example.org"), ("role", "admin")])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
        assert!(page.body.contains("manage staff"), "{role}: {}", page.body);
    }
    assert!(user(&app, "x@example.org").await.is_none());
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
        .invite(&[("email", "t@example.org"), ("role", "owner")])
        .await;
    assert_eq!(bad_role.status, StatusCode::BAD_REQUEST);
    assert!(bad_role.texts("[role=alert]")[0].contains("`owner` is not a newsroom role"));
    let bad_email = boss
        .invite(&[("email", "t at example"), ("role", "author")])
        .await;
    assert_eq!(bad_email.status, StatusCode::BAD_REQUEST);
    assert!(user(&app, "t@example.org").await.is_none());

    let sent = boss.invite_as("Tom@Example.org", "contributor", "").await;
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
        .invite(&[("email", "tom@example.org"), ("role", "author")])
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.texts("[role=alert]")[0].contains("already has an account"));

    let mail = smtp.wait_for(1).await.expect("the invitation arrived");
    assert_eq!(mail.to, vec!["tom@example.org".to_owned()]);
    assert!(mail.header("Subject").unwrap().contains("invited"));
    assert!(mail.body().contains("Bo Boss invited you"));
    let path = app.linked_path(&mail.body(), "/account/invite/");

    let mut tom = Browser::new(&app);
    let no_name = with_password(&mut tom, &path, &[("name", " ")]).await;
    assert_eq!(no_name.status, StatusCode::BAD_REQUEST);
    let done = with_password(&mut tom, &path, &[("name", "Tom Translator")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    newsroom_as(&mut tom, "Tom Translator", "contributor").await;
    assert_eq!(
        Browser::new(&app).get(&path).await.status,
        StatusCode::BAD_REQUEST
    );

    let rows = app.store.audit_log(100).await.unwrap();
    let boss_id = user(&app, "boss@example.org").await.unwrap().id;
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
    let path = app.linked_path(&out, "/account/invite/");
    let mut b = Browser::new(&app);
    let done = with_password(&mut b, &path, &[("name", "Nia New")]).await;
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
    let path = app.linked_path(&body, "/account/invite/");
    let mut b = Browser::new(&app);
    let done = with_password(&mut b, &path, &[("name", "Tara Translator")]).await;
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
        let page = Browser::new(&app)
            .sign_in("editor@example.org", PASSWORD)
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{base_url}");
        let session = page.set_cookie("gazette_session");
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
        let page = Browser::new(&app)
            .submit_with(
                "/account/sign-in",
                "/account/sign-in",
                &[
                    ("email", "editor@example.org"),
                    ("password", "not the password"),
                ],
                &[("x-forwarded-for", "10.9.9.9, 198.51.100.23")],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        // The failure is counted against the client's address, not the proxy's.
        let failures = app
            .store
            .login_failures("editor@example.org", None, expected, 0)
            .await
            .unwrap();
        assert_eq!(failures.by_ip, 1, "trusted={trusted}");
    }
}
