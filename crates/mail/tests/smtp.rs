//! Mail really travels: over SMTP to a server on loopback (with AUTH from the URL), and into
//! the file outbox when no server is configured.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use gazette_mail::test_server::TestSmtp;
use gazette_mail::{Email, Mailer};

fn reset_mail() -> Email {
    Email {
        to: "Reader@Example.org".into(),
        subject: "Reset your password".into(),
        text: "Open this link to choose a new password:\n\
               http://127.0.0.1:8080/account/reset/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\
               .A line that starts with a dot survives.\n"
            .into(),
    }
}

#[tokio::test]
async fn a_message_arrives_over_smtp_with_auth() {
    let server = TestSmtp::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("smtp://news:s%40cret@127.0.0.1:{}", server.port);
    let mailer = Mailer::new(Some(&url), "Gazette <news@example.org>", dir.path()).unwrap();
    assert!(
        mailer.describe().contains("news:********@127.0.0.1"),
        "{}",
        mailer.describe()
    );
    mailer.send(&reset_mail()).await.unwrap();
    let got = server.wait_for(1).await.expect("the message arrived");
    assert_eq!(got.from, "news@example.org");
    assert_eq!(got.to, vec!["Reader@Example.org".to_owned()]);
    assert_eq!(
        got.header("Subject").as_deref(),
        Some("Reset your password")
    );
    assert!(got.header("To").unwrap().contains("Reader@Example.org"));
    let body = got.body();
    assert!(
        body.contains("http://127.0.0.1:8080/account/reset/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"),
        "{body}"
    );
    assert!(
        body.contains("\r\n.A line that starts with a dot survives."),
        "{body}"
    );
    // AUTH PLAIN carries "\0news\0s@cret" in base64.
    assert!(got.auth.unwrap().contains("AG5ld3MAc0BjcmV0"));
    // Nothing went to the outbox.
    assert!(mailer.outbox_dir().is_none());
}

#[tokio::test]
async fn without_smtp_mail_goes_to_the_outbox_as_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    let mailer = Mailer::new(None, "news@example.org", &outbox).unwrap();
    assert_eq!(mailer.outbox_dir().unwrap(), outbox);
    mailer.send(&reset_mail()).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().unwrap(), "eml");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("Subject: Reset your password"), "{text}");
    assert!(text.contains("/account/reset/0123456789abcdef"), "{text}");
}

#[tokio::test]
async fn an_unreachable_server_is_an_error_not_a_hang() {
    // A port nobody listens on: bind, learn the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        "news@example.org",
        dir.path(),
    )
    .unwrap();
    let err = mailer.send(&reset_mail()).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the SMTP server refused or failed"),
        "{err}"
    );
    let err = mailer
        .send(&Email {
            to: "nobody".into(),
            ..reset_mail()
        })
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "`nobody` is not a valid email address");
}

#[tokio::test]
async fn a_letter_arrives_with_both_parts_its_message_id_and_list_headers() {
    use gazette_mail::{Letter, Refusal};
    let server = TestSmtp::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::new(Some(&server.url()), "News <news@example.org>", dir.path()).unwrap();
    let long = format!("https://news.example/unsubscribe/42.{}", "a".repeat(32));
    let letter = Letter {
        to: "reader@example.org".into(),
        subject: "The digest: 7 December 2026".into(),
        text: "Plain text, with ünïcödé.\n".into(),
        html: Some("<p>HTML, with ünïcödé.</p>".into()),
        message_id: Some("digest-3-42@news.example".into()),
        headers: gazette_mail::digest::list_headers(
            "News",
            "news.example",
            &long,
            "news@example.org",
            "42.x",
        ),
    };
    let reply = mailer.send_letter(&letter).await.unwrap();
    assert!(reply.starts_with("250"), "{reply}");
    let got = server.wait_for(1).await.unwrap();
    assert_eq!(
        got.header("Message-ID").as_deref(),
        Some("<digest-3-42@news.example>")
    );
    assert_eq!(
        got.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert_eq!(
        got.header("List-Unsubscribe").unwrap().replace(' ', ""),
        format!("<{long}>,<mailto:news@example.org?subject=unsubscribe%2042.x>")
    );
    assert!(
        got.header("List-Id")
            .unwrap()
            .contains("<digest.news.example>")
    );
    assert!(
        got.header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative")
    );
    assert_eq!(
        got.part("text/plain").unwrap().trim_end(),
        "Plain text, with ünïcödé."
    );
    assert_eq!(
        got.part("text/html").unwrap().trim_end(),
        "<p>HTML, with ünïcödé.</p>"
    );

    // A header value with a line break is refused before anything is sent.
    let mut bad = letter.clone();
    bad.headers
        .push(("X-Test", "a\r\nBcc: x@evil.example".into()));
    assert!(mailer.send_letter(&bad).await.is_err());
    // Refusals carry their code and say whether to try again.
    server.refuse("gone@example.org", "550 5.1.1 no such user");
    server.refuse("busy@example.org", "451 4.7.1 try again later");
    for (to, code, refusal) in [
        ("gone@example.org", 550, Refusal::Permanent),
        ("busy@example.org", 451, Refusal::Temporary),
    ] {
        let mut refused = letter.clone();
        refused.to = to.into();
        let err = mailer.send_letter(&refused).await.unwrap_err();
        assert_eq!(
            (err.code(), err.refusal()),
            (Some(code), refusal),
            "{to}: {err}"
        );
    }
    assert_eq!(server.messages().len(), 1);
}
