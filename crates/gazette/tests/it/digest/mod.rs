//! The Daily Digest end to end over a real SMTP server on loopback (SQLite, or PostgreSQL
//! with `TEST_DATABASE_URL`): subscribing from the footer's form, double opt-in where a GET
//! of the link confirms nothing, the edition with both parts and the list headers, one-click
//! unsubscribe, `gazette digest send` twice sending nothing twice, and bad input refused
//! with a reason.

mod crash;
mod languages;
mod newsroom;
mod subscribe;

use gazette_mail::test_server::{Received, TestSmtp};
use reqwest::StatusCode;

use crate::common::browser::Browser;
use crate::common::*;

/// A site that mails through `smtp`. Its scheduled send time is twelve hours away, so the
/// server's own digest worker never composes an edition while a test runs, whatever the
/// time of day.
async fn mailing_app(smtp: &TestSmtp) -> TestApp {
    let url = smtp.url();
    let hour = (time::OffsetDateTime::now_utc().hour() + 12) % 24;
    app()
        .configure(move |c, _| {
            c.smtp_url = url;
            c.mail_from = "The Daily <news@example.org>".into();
            c.digest_send_time = format!("{hour:02}:00");
            c.digest_skip_after_hours = 1;
        })
        .start()
        .await
}

/// The subscriber with `email`, if any.
async fn subscriber(app: &TestApp, email: &str) -> Option<gazette_store::Subscriber> {
    app.store.subscriber_by_email(email).await.unwrap()
}

/// The messages the server got for `to`.
fn mails_to(smtp: &TestSmtp, to: &str) -> Vec<Received> {
    smtp.messages()
        .into_iter()
        .filter(|m| m.to.iter().any(|t| t == to))
        .collect()
}

/// Waits until `to` has `n` messages, and returns the last.
async fn wait_mail(smtp: &TestSmtp, to: &str, n: usize) -> Received {
    for _ in 0..200 {
        let got = mails_to(smtp, to);
        if got.len() >= n {
            return got[n - 1].clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("mail {n} to {to} never arrived; got {:?}", smtp.messages());
}

/// Subscribes `email` from the /subscribe page with `extra` fields.
async fn subscribe(b: &mut Browser<'_>, email: &str, extra: &[(&str, &str)]) -> Page {
    let mut form = vec![("email", email)];
    form.extend_from_slice(extra);
    b.submit("/subscribe", "/subscribe", &form).await
}

/// Subscribes and confirms `email` through the mailed link; returns the confirmation page.
async fn confirmed(app: &TestApp, smtp: &TestSmtp, email: &str) -> Page {
    let mut b = Browser::new(app);
    let page = subscribe(&mut b, email, &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let before = mails_to(smtp, email).len();
    let mail = wait_mail(smtp, email, before.max(1)).await;
    let path = app.linked_path(&mail.body(), "/subscribe/confirm/");
    let done = b.submit(&path, &path, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done
}
