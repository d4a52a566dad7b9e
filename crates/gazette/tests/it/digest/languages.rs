//! The digest speaks each subscriber's language (issue 16): a reader who subscribes to the
//! Russian edition gets the confirmation mail, the pages behind its links and the edition
//! itself in Russian (subject, headings, footer, `<html lang>`), while an English reader of
//! the same site keeps English; a refused address on the form is said in the site's
//! language.

use super::*;

async fn with_languages(app: &TestApp, main: &str) {
    let mut s = app.store.settings().await.unwrap();
    s.language = main.into();
    s.languages = vec!["az".into(), "ru".into(), "tr".into()];
    app.store.save_settings(&s).await.unwrap();
}

#[tokio::test]
async fn a_russian_subscriber_reads_every_mail_and_page_in_russian() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    with_languages(&app, "en").await;
    let mut ru = published("rynok-zerna", "Цены на зерно выросли", "Текст.");
    ru.language = "ru".into();
    app.store.create_article(&ru).await.unwrap();
    app.publish("grain-prices", "Grain prices rose", "Text.")
        .await;
    let site = app.store.settings().await.unwrap().name;

    let mut b = Browser::new(&app);
    let sent = subscribe(&mut b, "olga@example.org", &[("language", "ru")]).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let body = assert_mail(
        &wait_mail(&smtp, "olga@example.org", 1).await,
        &format!("Подтвердите подписку на дайджест {site}"),
        "Откройте эту ссылку и нажмите кнопку, чтобы подтвердить:",
    );
    let path = app.linked_path(&body, "/subscribe/confirm/");

    // The page behind the link, and the answer to its button, are Russian too.
    let page = b.get(&path).await;
    assert_eq!(page.attrs("html", "lang"), ["ru"]);
    assert!(page.body.contains("Подтвердите подписку"), "{}", page.body);
    let done = b.submit(&path, &path, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.attrs("html", "lang"), ["ru"]);
    assert_eq!(done.texts("h1"), ["Вы подписаны"]);
    assert_eq!(
        done.texts("#digest-message"),
        [format!(
            "Спасибо: olga@example.org будет получать дайджест {site}. В каждом выпуске есть ссылки, чтобы изменить настройки или отписаться."
        )]
    );

    // An English reader of the same site keeps English.
    confirmed(&app, &smtp, "ed@example.org").await;
    assert!(
        mails_to(&smtp, "ed@example.org")[0]
            .decoded_header("Subject")
            .unwrap()
            .starts_with("Confirm your subscription")
    );

    let report = gazette::digest::command::send(&app.settings, &app.store, None, |_, _, _| {})
        .await
        .unwrap();
    assert!(report.contains("sent, 0 failed"), "{report}");
    let digest = wait_mail(&smtp, "olga@example.org", 2).await;
    let subject = digest.decoded_header("Subject").unwrap();
    assert!(
        subject.starts_with(&format!("{site}: Ежедневный дайджест, ")),
        "{subject}"
    );
    let html = digest.part("text/html").unwrap();
    let why = format!("Вы получаете это письмо, потому что подписались на дайджест {site}.");
    assert_contains(
        &html,
        &[
            "<html lang=\"ru\">",
            "Цены на зерно выросли",
            ">Отписаться</a>",
            &why,
        ],
    );
    let text = digest.part("text/plain").unwrap();
    assert!(text.contains("\nОтписаться: http"), "{text}");
    assert!(!text.contains("Unsubscribe") && !html.contains("Unsubscribe"));
    let english = wait_mail(&smtp, "ed@example.org", 2).await;
    assert!(
        english
            .decoded_header("Subject")
            .unwrap()
            .contains("Daily digest, ")
    );
    assert!(
        english
            .part("text/plain")
            .unwrap()
            .contains("\nUnsubscribe: http")
    );

    // Leaving through the mail's one-click link: the answer is in Russian.
    let path = app.linked_path(&text.replace("Отписаться: ", "\n"), "/unsubscribe/");
    let left = app.post_form(&path, &[], &[]).await;
    assert_eq!(left.status, StatusCode::OK, "{}", left.body);
    assert_eq!(left.texts("h1"), ["Вы отписались"]);
}

#[tokio::test]
async fn a_refused_address_is_said_in_the_sites_language() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    with_languages(&app, "tr").await;
    let mut b = Browser::new(&app);
    let refused = subscribe(&mut b, "not an address", &[]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("E-posta adresinde boşluk, virgül veya parantez var."),
        "{}",
        refused.body
    );
    let wrong = subscribe(&mut b, "a@example.org", &[("frequency", "hourly")]).await;
    assert!(
        wrong
            .body
            .contains("Bülteni ne sıklıkla istediğinizi seçin: günlük veya haftalık."),
        "{}",
        wrong.body
    );
    assert!(smtp.messages().is_empty());
}
