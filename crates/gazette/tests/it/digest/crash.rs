//! The crash test: a server killed with SIGKILL in the middle of sending an edition
//! to 10,000 subscribers, then started again. The SMTP server's log must show every
//! subscriber received the edition exactly once, except rows the ledger marks uncertain
//! (begun but not known to be finished when the sender died), which are counted and listed.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::*;

const SUBSCRIBERS: usize = 10_000;
const EDITION: &str = "2026-12-10";

/// A `gazette` child process on the stopped test site's database and `smtp`.
fn gazette(settings: &gazette::config::Settings, smtp: &TestSmtp) -> tokio::process::Command {
    let dir = std::path::Path::new(&settings.raw.data_dir);
    let mut cmd = tokio::process::Command::from(crate::common::gazette_command(dir));
    cmd.env("GAZETTE_DATA_DIR", &settings.raw.data_dir)
        .env("GAZETTE_DATABASE_URL", &settings.database_url)
        .env("GAZETTE_BASE_URL", &settings.base_url)
        .env("GAZETTE_SMTP_URL", smtp.url())
        .env("GAZETTE_MAIL_FROM", "The Daily <news@example.org>")
        .env("GAZETTE_DIGEST_SEND_PER_SECOND", "0")
        // Twelve hours away: the servers compose nothing of their own while the test runs.
        .env("GAZETTE_DIGEST_SEND_TIME", &settings.raw.digest_send_time)
        .stdin(Stdio::null());
    cmd
}

/// `gazette serve` on a port of its own choosing (nothing here requests pages), its log
/// in the data directory.
fn serve(
    settings: &gazette::config::Settings,
    smtp: &TestSmtp,
    log: &str,
) -> tokio::process::Child {
    let log =
        std::fs::File::create(std::path::Path::new(&settings.raw.data_dir).join(log)).unwrap();
    gazette(settings, smtp)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

/// What the child server logged to `file`.
fn log(settings: &gazette::config::Settings, file: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(&settings.raw.data_dir).join(file))
        .unwrap_or_default()
}

/// Polls `state` every `every_ms` until it is `Ok`, while `server` (logging to `file`) keeps
/// running; fails with what `state` says is missing after `limit_s`, or with the log if the
/// server ends first.
async fn while_serving<F, Fut>(
    server: &mut tokio::process::Child,
    settings: &gazette::config::Settings,
    file: &str,
    limit_s: u64,
    every_ms: u64,
    mut state: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let start = Instant::now();
    while let Err(missing) = state().await {
        assert!(
            start.elapsed() < Duration::from_secs(limit_s),
            "{missing} in {limit_s} s"
        );
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server logging to {file} ended: {}",
            log(settings, file)
        );
        tokio::time::sleep(Duration::from_millis(every_ms)).await;
    }
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
async fn a_server_killed_mid_send_resumes_and_nobody_gets_the_edition_twice() {
    let smtp = TestSmtp::start().await.unwrap();
    let app = mailing_app(&smtp).await;
    app.publish("news", "The news", "Body.").await;
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
    let reopened = app.stop_and_reopen().await;
    let store = &reopened.store;
    // The edition is composed and due now; the servers below send it as their worker would.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let date: jiff::civil::Date = EDITION.parse().unwrap();
    let editions = gazette::digest::compose_now(store, date, now, false, now)
        .await
        .unwrap();
    assert_eq!(editions.len(), 1, "{editions:?}");
    let edition_id = editions[0].id;

    let started = Instant::now();
    let mut first = serve(&settings, &smtp, "first.log");
    let kill_at = SUBSCRIBERS / 4;
    let sent_a_quarter = || async {
        match smtp.count() {
            n if n >= kill_at => Ok(()),
            n => Err(format!("the first server sent only {n} digests")),
        }
    };
    while_serving(&mut first, &settings, "first.log", 300, 20, sent_a_quarter).await;
    first.start_kill().unwrap(); // SIGKILL
    first.wait().await.unwrap();
    let at_kill = smtp.count();
    assert!(
        at_kill < SUBSCRIBERS,
        "the kill came too late to test anything"
    );

    // Started again: it sends every row nobody holds, and once the dead server's leases
    // run out, settles its rows (requeued if not begun, uncertain if begun).
    let mut second = serve(&settings, &smtp, "second.log");
    let all_sent = || async {
        match store.edition(edition_id).await.unwrap().unwrap().status {
            gazette_store::EditionStatus::Sent => Ok(()),
            status => Err(format!(
                "the edition is still {status:?} after {} digests",
                smtp.count()
            )),
        }
    };
    while_serving(&mut second, &settings, "second.log", 400, 200, all_sent).await;
    second.start_kill().unwrap();
    second.wait().await.unwrap();
    let elapsed = started.elapsed();

    // The operator's command reports the uncertain rows by address.
    let last = gazette(&settings, &smtp)
        .args(["digest", "send", "--edition", EDITION])
        .output()
        .await
        .unwrap();
    let report = String::from_utf8_lossy(&last.stdout).into_owned();
    assert!(
        last.status.success(),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );

    let by = digests_by_address(&smtp);
    let twice: Vec<_> = by.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "got the edition twice: {twice:?}");
    let counts = store.delivery_counts(edition_id).await.unwrap();
    let uncertain = store.uncertain_deliveries(edition_id).await.unwrap();
    // At most the messages the killed server had in hand are uncertain.
    assert!(
        uncertain.len() <= gazette::digest::send::IN_FLIGHT,
        "{uncertain:?}"
    );
    assert_eq!(
        counts.sent as usize + uncertain.len(),
        SUBSCRIBERS,
        "{counts:?}\n{report}"
    );
    // Everyone but an uncertain row's subscriber got it, and the uncertain one at most once.
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
        "crash test: {SUBSCRIBERS} subscribers, server killed after {at_kill} digests, {} sent, {} uncertain, {:.1} s in all",
        counts.sent,
        uncertain.len(),
        elapsed.as_secs_f64()
    );
}
