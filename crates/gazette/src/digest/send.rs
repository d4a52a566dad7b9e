//! Sending an edition through its ledger (see `gazette_store`'s deliveries): write the
//! rows, then claim a batch, mark each row `sending`, hand its message to the mail server
//! and record the answer, until no row is due. Every message is built for its subscriber:
//! their sections, their signed preferences and one-click unsubscribe links, and a
//! Message-ID made from the edition and subscriber ids, so a copy resent by an editor is
//! recognisably the same message.
//!
//! Temporary refusals (421, 450, 451, other 4xx, or no answer) defer the row with backoff
//! and slow the whole sender down for a moment; permanent ones (5xx) fail it, and an address
//! that fails permanently `SUPPRESS_AFTER` times is suppressed (see the store).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;

use gazette_core::digest::compose::for_sections;
use gazette_core::digest::prefs::{Frequency, Status};
use gazette_core::digest::token;
use gazette_mail::digest::{DigestView, letter, list_headers};
use gazette_mail::{Mailer, Refusal};
use gazette_store::{Claimed, DeliveryCounts, DeliveryOutcome, Edition, Store, StoreError};
use gazette_web::i18n::Catalogues;
use gazette_web::mails::MailWords;

/// Rows claimed at once.
const BATCH: i64 = 50;
/// Messages handed to the mail server at once, over the transport's pooled connections.
/// A server answers a message only after its final `.` line, which lettre writes on its
/// own and without TCP_NODELAY, so the client's stack holds it until the server's delayed
/// ACK (40 ms on Linux): one message at a time caps a sender near 25 a second on any
/// network. Several in flight overlap those waits. A sender killed mid-wave leaves at most
/// this many rows `uncertain`.
pub const IN_FLIGHT: usize = 8;
/// How long a claim lasts without renewal. The sender renews its rows' lease before each
/// wave of messages (which has the mail transport's 20 s timeout at most), so only a sender that
/// died lets it run out: then its untried rows return to the queue and those it had in
/// hand become `uncertain`, within this time.
pub const LEASE_SECS: i64 = 30;
/// How often the lease is renewed while sending (well within [`LEASE_SECS`], even with a
/// message that takes the transport's whole 20 s timeout).
const RENEW_EVERY: Duration = Duration::from_secs(5);
/// How often progress is reported.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);
/// Longest pause after temporary refusals.
const MAX_PAUSE: Duration = Duration::from_secs(30);

/// Waits after the `attempts`-th temporary refusal of one message: 1, 2, 4 … 60 minutes.
pub fn retry_delay(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    (60 * 2_i64.pow(exp)).min(3600)
}

/// Sends editions; one per process is enough (rows are claimed, so several processes and
/// nodes may run at once).
pub struct Sender {
    pub store: Store,
    pub mailer: Arc<Mailer>,
    pub base_url: String,
    pub site_name: String,
    pub key: Vec<u8>,
    /// Who claims rows: unique per process (see `jobs::node_id`).
    pub holder: String,
    /// Address of the `mailto:` unsubscribe (the sender's address).
    pub unsubscribe_mailto: String,
    /// Messages per second at most; 0 for no limit.
    pub per_second: u64,
    /// The theme's catalogues and the site's language: each message's words are in the
    /// subscriber's edition language.
    pub catalogues: Arc<Catalogues>,
    pub site_language: String,
}

/// The address part of a `mail_from` value (`Name <a@b>` or `a@b`).
pub fn address_of(from: &str) -> String {
    from.rsplit_once('<')
        .map_or(from, |(_, rest)| rest.trim_end_matches('>'))
        .trim()
        .to_owned()
}

fn host_of(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    host.rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(h, _)| h)
}

impl Sender {
    /// The message of `edition` for the subscriber of row `c`, or `None` when there is
    /// nothing to send them (left meanwhile, or no item in their sections).
    async fn message(
        &self,
        edition: &Edition,
        c: &Claimed,
    ) -> Result<Option<gazette_mail::Letter>, StoreError> {
        let Some(s) = self.store.subscriber(c.subscriber_id).await? else {
            return Ok(None);
        };
        if s.status != Status::Confirmed {
            return Ok(None);
        }
        let items = for_sections(&edition.items, &s.sections);
        if items.is_empty() {
            return Ok(None);
        }
        let links = token::links(&self.base_url, &self.key, s.id, &s.nonce);
        let said = MailWords::new(&self.catalogues, Some(&s.language), &self.site_language);
        let title = said.digest_title(edition.frequency == Frequency::Weekly, &edition.date);
        let words = said.digest(&self.site_name);
        let web_url = format!("{}/digest/{}/", self.base_url, edition.date);
        let view = DigestView {
            words: &words,
            site_name: &self.site_name,
            base_url: &self.base_url,
            title: &title,
            note: &edition.note,
            items: &items,
            web_url: &web_url,
            preferences_url: &links.preferences,
            unsubscribe_url: &links.unsubscribe,
        };
        let host = host_of(&self.base_url);
        let headers = list_headers(
            &self.site_name,
            host,
            &links.unsubscribe,
            &self.unsubscribe_mailto,
            &links.token,
        );
        let message_id = format!("digest-{}-{}@{host}", edition.id, s.id);
        Ok(Some(letter(&view, &s.email, message_id, headers)))
    }

    /// Sends row `c` if it is still ours to send and records the answer; true when the
    /// mail server refused it for now.
    async fn deliver(&self, edition: &Edition, c: &Claimed) -> Result<bool, StoreError> {
        let edition_id = edition.id;
        if !self
            .store
            .begin_delivery(c, &self.holder, crate::unix_now())
            .await?
        {
            return Ok(false);
        }
        let outcome = match self.message(edition, c).await? {
            None => DeliveryOutcome::Empty,
            Some(letter) => match self.mailer.send_letter(&letter).await {
                Ok(reply) => DeliveryOutcome::Sent { reply },
                Err(e) => {
                    let code = e.code().map(i64::from);
                    let reply = e.to_string();
                    match e.refusal() {
                        Refusal::Permanent => {
                            tracing::warn!(edition = edition_id, to = %c.email, error = %reply, "digest refused for good");
                            DeliveryOutcome::Failed { code, reply }
                        }
                        Refusal::Temporary => {
                            tracing::warn!(edition = edition_id, to = %c.email, error = %reply, "digest deferred");
                            DeliveryOutcome::Deferred {
                                code,
                                reply,
                                retry_at: crate::unix_now() + retry_delay(c.attempts + 1),
                            }
                        }
                    }
                }
            },
        };
        let deferred = matches!(outcome, DeliveryOutcome::Deferred { .. });
        self.store
            .finish_delivery(c, &self.holder, &outcome, crate::unix_now())
            .await?;
        Ok(deferred)
    }

    /// Writes the ledger of `edition_id` if it is a draft (or continues one that is
    /// sending), then sends every row that is due, calling `progress` after each. Returns
    /// the counts when no row is due any more (deferred rows wait for their time; rows
    /// another process holds are left to it). A held or skipped edition sends nothing.
    pub async fn send_edition(
        &self,
        edition_id: i64,
        mut progress: impl FnMut(&DeliveryCounts),
        stop: impl Fn() -> bool,
    ) -> Result<DeliveryCounts, StoreError> {
        let (sending, written) = self
            .store
            .start_sending(edition_id, crate::unix_now())
            .await?;
        if written > 0 {
            tracing::info!(
                edition = edition_id,
                rows = written,
                "digest ledger written"
            );
        }
        let Some(edition) = self.store.edition(edition_id).await? else {
            return Ok(DeliveryCounts::default());
        };
        if !sending {
            return self.store.delivery_counts(edition_id).await;
        }
        let gap =
            (self.per_second > 0).then(|| Duration::from_secs_f64(1.0 / self.per_second as f64));
        let mut pause = Duration::ZERO;
        let mut renewed = None;
        let mut reported: Option<Instant> = None;
        loop {
            let t = crate::unix_now();
            self.store.recover_deliveries(t).await?;
            let claimed = self
                .store
                .claim_deliveries(edition_id, &self.holder, t, t + LEASE_SECS, BATCH)
                .await?;
            if claimed.is_empty() {
                break;
            }
            for wave in claimed.chunks(IN_FLIGHT) {
                if stop() {
                    self.store.release_deliveries(&self.holder).await?;
                    return self.store.delivery_counts(edition_id).await;
                }
                if renewed.is_none_or(|at: Instant| at.elapsed() >= RENEW_EVERY) {
                    self.store
                        .renew_deliveries(&self.holder, crate::unix_now() + LEASE_SECS)
                        .await?;
                    renewed = Some(Instant::now());
                }
                let began = Instant::now();
                // Every message of the wave finishes (and is recorded) before an error of
                // one is returned, so no row is left `sending` by a sender that lives on.
                let results = join_all(wave.iter().map(|c| self.deliver(&edition, c))).await;
                let mut deferred = false;
                for result in results {
                    deferred |= result?;
                }
                pause = if deferred {
                    (pause * 2).max(Duration::from_millis(500)).min(MAX_PAUSE)
                } else {
                    Duration::ZERO
                };
                if reported.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
                    progress(&self.store.delivery_counts(edition_id).await?);
                    reported = Some(Instant::now());
                }
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                } else if let Some(gap) = gap {
                    let wave_len = u32::try_from(wave.len()).unwrap_or(u32::MAX);
                    tokio::time::sleep((gap * wave_len).saturating_sub(began.elapsed())).await;
                }
            }
        }
        if self
            .store
            .finish_edition_if_done(edition_id, crate::unix_now())
            .await?
        {
            tracing::info!(edition = edition_id, "digest edition sent");
        }
        let counts = self.store.delivery_counts(edition_id).await?;
        progress(&counts);
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_hosts_drop_their_port() {
        assert_eq!(retry_delay(1), 60);
        assert_eq!(retry_delay(2), 120);
        assert_eq!(retry_delay(10), 3600);
        assert_eq!(host_of("https://news.example"), "news.example");
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1");
        assert_eq!(address_of("News <news@example.org>"), "news@example.org");
        assert_eq!(address_of("news@example.org"), "news@example.org");
    }
}
