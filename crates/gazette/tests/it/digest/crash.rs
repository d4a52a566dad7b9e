use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::*;

/// Subscribers in the crash test (the 10,000 is for the benchmark session; this
/// size keeps the test within a minute or two on the CI machine).
const SUBSCRIBERS: usize = 1_000;

/// `gazette digest send --edition DATE` against the stopped site's database and `smtp`.
fn digest_send(settings: &gazette::config::Settings, smtp: &TestSmtp) -> tokio::process::Command {
    let dir = std::path::Path::new(&settings.raw.data_dir);
    let mut cmd = tokio::process::Command::from(crate::common::gazette_command(dir));
    cmd.args(["digest", "send", "--edition", "2026-12-10"])
        .env("GAZETTE_DATA_DIR", &settings.raw.data_dir)
        .env("GAZETTE_DATABASE_URL", &settings.database_url)
        .env("GAZETTE_BASE_URL", &settings.base_url)
        .env("GAZETTE_SMTP_URL", smtp.url())
        .env("GAZETTE_MAIL_FROM", "The Daily <news@example.org>")
        .env("GAZETTE_DIGEST_SEND_PER_SECOND", "0")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}

/// Digests each address received (confirmation mails aside).
fn digests_by_address(smtp: &TestSmtp) -> HashMap<String, usize> {
    let mut by = HashMap::new();
    for m in smtp.messages() {
        if m.header("List-Id").is_some() {
            for to in m.to {
                *by.entry(to).or_insert(0) += 1;
            }
        }
    }
    by
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sender_killed_mid_send_resumes_and_nobody_gets_the_edition_twice() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    app.store
        .create_article(&published("news", "The news", "Body."))
        .await
        .unwrap();
    app.store
        .execute_raw(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SUBSCRIBERS}) \
             INSERT INTO digest_subscribers (email, status, sections, language, frequency, nonce, \
             consent_at, consent_ip, consent_form, created_at, updated_at) \
             SELECT 'r' || i || '@example.org', 'confirmed', '', 'en', 'daily', 'n' || i, 0, '', \
             'test', 0, 0 FROM n"
        ))
        .await
        .unwrap();
    let settings = app.settings.clone();
    // No server runs beside the command: only the killed sender and its successor send.
    let reopened = app.stop_and_reopen().await;

    let started = Instant::now();
    let mut first = digest_send(&settings, &smtp).spawn().unwrap();
    let kill_at = SUBSCRIBERS / 4;
    while digests_by_address(&smtp).len() < kill_at {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the first sender is too slow"
        );
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first sender ended before it was killed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.start_kill().unwrap(); // SIGKILL
    first.wait().await.unwrap();
    let at_kill = digests_by_address(&smtp).len();

    // Started again at once: it sends every row nobody holds, and leaves the dead sender's.
    let again = digest_send(&settings, &smtp).output().await.unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    // Once the dead sender's lease has run out, a third run settles its rows.
    tokio::time::sleep(Duration::from_secs(
        gazette::digest::send::LEASE_SECS as u64 + 1,
    ))
    .await;
    let last = digest_send(&settings, &smtp).output().await.unwrap();
    let report = String::from_utf8_lossy(&last.stdout).into_owned();
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );

    let by = digests_by_address(&smtp);
    let twice: Vec<_> = by.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "got the edition twice: {twice:?}");
    let store = &reopened.store;
    let edition = store.editions_of("2026-12-10").await.unwrap()[0].clone();
    let counts = store.delivery_counts(edition.id).await.unwrap();
    let uncertain = store.uncertain_deliveries(edition.id).await.unwrap();
    // At most the one message the killed sender had in hand is uncertain.
    assert!(uncertain.len() <= 1, "{uncertain:?}");
    assert_eq!(
        counts.sent as usize + uncertain.len(),
        SUBSCRIBERS,
        "{counts:?}\n{report}"
    );
    assert_eq!(
        by.len(),
        counts.sent as usize + uncertain.iter().filter(|(_, e)| by.contains_key(e)).count()
    );
    for (_, email) in &uncertain {
        assert!(
            report.contains(email.as_str()),
            "the report lists the uncertain row: {report}"
        );
    }
    eprintln!(
        "crash test: {SUBSCRIBERS} subscribers, killed after {at_kill} digests, {} sent, {} uncertain, {:.1} s in all",
        counts.sent,
        uncertain.len(),
        started.elapsed().as_secs_f64()
    );
}
