use super::*;

#[tokio::test]
async fn subscribe_from_the_footer_confirm_by_post_receive_the_edition_and_leave_in_one_click() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    app.publish("first-story", "The first story", "Body one.")
        .await;
    app.publish("second-story", "A second <story>", "Body two.")
        .await;

    // The footer and the end of every article carry the short form, leading to /subscribe.
    let home = app.get("/").await;
    assert_eq!(
        home.count("footer form.digest-short[action='/subscribe'] input[name=email]"),
        1
    );
    let article = app.get("/first-story/").await;
    assert_eq!(article.count("#article-digest-email"), 1);
    let prefilled = app
        .get("/subscribe?email=Reader%40Example.org&from=footer")
        .await;
    assert_eq!(
        prefilled.attrs("input[name=email]", "value"),
        vec!["Reader@Example.org"]
    );
    assert_eq!(prefilled.header("cache-control"), "no-store");

    let mut b = Browser::new(&app);
    let sent = subscribe(
        &mut b,
        "Reader@Example.org",
        &[("from", "footer"), ("frequency", "daily")],
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.count("#subscribe-sent"), 1);
    let mail = wait_mail(&smtp, "reader@example.org", 1).await;
    assert!(
        mail.header("Subject")
            .unwrap()
            .starts_with("Confirm your subscription")
    );
    let path = app.linked_path(&mail.body(), "/subscribe/confirm/");

    // A mail scanner opening the link confirms nothing: the page only shows a button.
    let scanned = app.get(&path).await;
    assert_eq!(scanned.status, StatusCode::OK);
    assert_eq!(
        scanned.count(&format!("form[method=post][action='{path}'] button")),
        1
    );
    let s = subscriber(&app, "reader@example.org").await.unwrap();
    assert_eq!(s.status, gazette_core::digest::prefs::Status::Pending);
    assert_eq!(
        (s.consent_form.as_str(), s.consent_ip.as_str()),
        ("footer", "127.0.0.1")
    );

    // The button confirms.
    let done = b.submit(&path, &path, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.texts("#digest-message")[0].contains("reader@example.org will get"));
    let s = subscriber(&app, "reader@example.org").await.unwrap();
    assert_eq!(s.status, gazette_core::digest::prefs::Status::Confirmed);

    // The same answer for an address that is already subscribed and one that is not.
    let known = subscribe(&mut b, "reader@example.org", &[]).await;
    let unknown = subscribe(&mut b, "newcomer@example.org", &[]).await;
    let said = |p: &Page, email: &str| p.texts("#subscribe-sent").join(" ").replace(email, "X");
    assert_eq!(
        said(&known, "reader@example.org"),
        said(&unknown, "newcomer@example.org")
    );
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    wait_mail(&smtp, "newcomer@example.org", 1).await;

    // The edition: composed and sent by the command, to the confirmed subscriber only.
    let report = gazette::digest::command::send(&app.settings, &app.store, None, |_, _, _| {})
        .await
        .unwrap();
    assert!(report.contains("1 sent, 0 failed"), "{report}");
    let digest = wait_mail(&smtp, "reader@example.org", 2).await;
    assert!(
        digest.header("Subject").unwrap().contains("Daily digest"),
        "{:?}",
        digest.header("Subject")
    );
    assert!(
        digest
            .header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative")
    );
    let text = digest.part("text/plain").unwrap();
    let html = digest.part("text/html").unwrap();
    for title in ["The first story", "A second <story>"] {
        assert!(text.contains(title), "{text}");
    }
    assert!(html.contains("A second &lt;story&gt;"), "{html}");
    assert!(html.contains(&format!("href=\"{}/first-story/\"", app.base)));
    assert!(!html.contains("<img"), "no tracking pixel");
    assert!(digest.data.len() < 100 * 1024);
    assert_eq!(
        digest.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let list_unsubscribe = digest.header("List-Unsubscribe").unwrap().replace(' ', "");
    let unsubscribe = list_unsubscribe
        .strip_prefix('<')
        .and_then(|l| l.split_once('>'))
        .map(|(url, _)| url.to_owned())
        .unwrap();
    assert!(
        unsubscribe.starts_with(&format!("{}/unsubscribe/", app.base)),
        "{list_unsubscribe}"
    );
    assert!(
        list_unsubscribe.contains(",<mailto:news@example.org?subject=unsubscribe"),
        "{list_unsubscribe}"
    );
    assert!(
        digest
            .header("List-Id")
            .unwrap()
            .ends_with("<digest.127.0.0.1>")
    );
    let edition = app.store.recent_editions(5).await.unwrap()[0].clone();
    assert_eq!(
        digest.header("Message-ID").unwrap(),
        format!("<digest-{}-{}@127.0.0.1>", edition.id, s.id)
    );

    // Running the command again sends nothing twice.
    let again = gazette::digest::command::send(&app.settings, &app.store, None, |_, _, _| {})
        .await
        .unwrap();
    assert!(again.contains("1 sent"), "{again}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mails_to(&smtp, "reader@example.org").len(), 2);

    // On the web: the archive lists the edition, its page shows the stories.
    let archive = app.get("/digest/").await;
    assert_eq!(archive.status, StatusCode::OK);
    let day = format!("/digest/{}/", edition.date);
    assert_eq!(
        archive.attrs(".digest-archive__list a", "href"),
        vec![day.clone()]
    );
    let page = app.get(&day).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts(".digest-edition__items a").len(), 2);
    assert_eq!(
        app.get("/digest/2001-01-01/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/digest/not-a-date/").await.status,
        StatusCode::NOT_FOUND
    );

    // One POST, as a mail provider sends it (no cookie, no CSRF token), unsubscribes.
    let gone = app
        .client
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::OK);
    let s = subscriber(&app, "reader@example.org").await.unwrap();
    assert_eq!(s.status, gazette_core::digest::prefs::Status::Unsubscribed);
}

#[tokio::test]
async fn bad_addresses_bots_and_bad_links_are_refused_with_a_reason() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    let mut b = Browser::new(&app);
    let cases = [
        ("a@b.c\r\nBcc: x@evil.example", "line break"),
        ("not-an-address", "is not an email address"),
        ("two@example.org, three@example.org", "one address"),
    ];
    for (email, reason) in cases {
        let page = subscribe(&mut b, email, &[]).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{email:?}");
        assert!(page.alert().contains(reason), "{email:?}: {}", page.alert());
    }
    let long = format!("{}@example.org", "a".repeat(300));
    let page = subscribe(&mut b, &long, &[]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.alert().contains("too long"), "{}", page.alert());
    // A whole form over the limit gets the 413 page.
    let huge = "a".repeat(100 * 1024);
    let page = subscribe(&mut b, &huge, &[]).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Choices that do not exist.
    let page = subscribe(&mut b, "ok@example.org", &[("frequency", "hourly")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.alert().contains("daily or weekly"));
    let page = subscribe(&mut b, "ok@example.org", &[("section", "999999")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.alert().contains("section"));
    // The honeypot: the usual answer, nothing stored, nothing mailed.
    let page = subscribe(
        &mut b,
        "bot@example.org",
        &[("website", "http://spam.example")],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("#subscribe-sent"), 1);
    // Without the form's token: refused.
    let forged = app
        .client
        .post(app.url("/subscribe"))
        .form(&[("email", "forged@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(subscriber(&app, "bot@example.org").await.is_none());
    assert!(subscriber(&app, "forged@example.org").await.is_none());
    assert!(smtp.messages().is_empty(), "{:?}", smtp.messages());

    // Links that were not signed by this site.
    for path in [
        "/unsubscribe/1.0123456789abcdef0123456789abcdef",
        "/unsubscribe/garbage",
        "/subscribe/confirm/1.0123456789abcdef0123456789abcdef",
        "/subscribe/preferences/99.0123456789abcdef0123456789abcdef",
    ] {
        let page = app.get_expecting(path, StatusCode::BAD_REQUEST).await;
        assert!(page.body.contains("not valid"), "{path}");
    }

    // Too many requests for one address: 429 saying when to try again.
    let mut last = None;
    for _ in 0..6 {
        last = Some(subscribe(&mut b, "eager@example.org", &[]).await);
    }
    let last = last.unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!last.header("retry-after").is_empty());
    assert!(last.alert().contains("Try again in"));
    // Only one confirmation mail went out for all those requests.
    wait_mail(&smtp, "eager@example.org", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mails_to(&smtp, "eager@example.org").len(), 1);
}

#[tokio::test]
async fn preferences_change_download_and_delete_by_the_signed_link() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    let done = confirmed(&app, &smtp, "prefs@example.org").await;
    let prefs = done.attrs(".account__aside a", "href")[0].clone();
    assert!(prefs.contains("/subscribe/preferences/"), "{prefs}");
    let mut b = Browser::new(&app);
    let page = b.get(&prefs).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.attrs("input[name=frequency][checked]", "value"),
        vec!["daily"]
    );
    let saved = b.submit(&prefs, &prefs, &[("frequency", "weekly")]).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.count("#preferences-saved"), 1);
    let s = subscriber(&app, "prefs@example.org").await.unwrap();
    assert_eq!(s.frequency, gazette_core::digest::prefs::Frequency::Weekly);

    let data = app.get(&format!("{prefs}/data.json")).await;
    assert_eq!(data.status, StatusCode::OK);
    assert!(data.header("content-disposition").starts_with("attachment"));
    let json: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    assert_eq!(json["subscriber"]["email"], "prefs@example.org");
    assert_eq!(json["subscriber"]["consent_form"], "page");
    assert!(
        json["subscriber"].get("nonce").is_none(),
        "the link secret is not exported"
    );

    let deleted = b.submit(&prefs, &format!("{prefs}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    assert!(subscriber(&app, "prefs@example.org").await.is_none());
    // The link is dead now.
    assert_eq!(app.get(&prefs).await.status, StatusCode::BAD_REQUEST);
}
