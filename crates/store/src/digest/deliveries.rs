//! The delivery ledger: one row per (edition, subscriber), written in one transaction
//! before the first message goes out, so each subscriber gets each edition once:
//!
//! - `queued` rows are claimed in batches by a conditional UPDATE (`claimed`, with the
//!   claimer's name and a lease), like the job queue; two nodes never claim one row.
//! - Just before handing a message to the mail server the row becomes `sending`; after the
//!   server's answer it becomes `sent` (with the reply), `deferred` (a 4xx reply: tried
//!   again from `next_at`, up to [`MAX_ATTEMPTS`]) or `failed` (a permanent 5xx).
//! - A `claimed` row whose lease ran out was never tried: it goes back to `queued`. A
//!   `sending` row whose lease ran out may or may not have reached the server (its node
//!   died mid-send): it becomes `uncertain` and is never resent by itself; an editor may
//!   resend those rows.
//! - A subscriber whose address fails permanently [`SUPPRESS_AFTER`] times is `suppressed`.

use serde::Serialize;

use gazette_core::audit::AuditAction;

use super::events::event;
use crate::audit::Actor;
use crate::run::{execute, value};
use crate::{Result, Store};

/// Tries of one message before a row that keeps getting 4xx replies is `failed`.
pub const MAX_ATTEMPTS: i64 = 5;
/// Permanent failures (5xx) of one address, over all editions, before it is suppressed.
pub const SUPPRESS_AFTER: i64 = 2;

/// A row claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub edition_id: i64,
    pub subscriber_id: i64,
    pub email: String,
    pub attempts: i64,
}

/// The mail server's answer to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent {
        reply: String,
    },
    /// Temporary refusal (4xx) or no answer: try again at `retry_at`.
    Deferred {
        code: Option<i64>,
        reply: String,
        retry_at: i64,
    },
    /// Permanent refusal (5xx) or a message that cannot be built.
    Failed {
        code: Option<i64>,
        reply: String,
    },
    /// Nothing to send this subscriber (no item in their sections).
    Empty,
}

/// Rows of an edition by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryCounts {
    pub queued: i64,
    pub claimed: i64,
    pub sending: i64,
    pub deferred: i64,
    pub sent: i64,
    pub failed: i64,
    pub uncertain: i64,
    pub empty: i64,
}

impl DeliveryCounts {
    pub fn total(&self) -> i64 {
        self.queued
            + self.claimed
            + self.sending
            + self.deferred
            + self.sent
            + self.failed
            + self.uncertain
            + self.empty
    }

    /// Rows that still have to be sent or settled.
    pub fn open(&self) -> i64 {
        self.queued + self.claimed + self.sending + self.deferred
    }
}

impl Store {
    /// Writes the ledger of edition `edition_id` (one row per confirmed subscriber of its
    /// language and frequency) and marks it `sending`, in one transaction. Does nothing to
    /// an edition already sending or sent (its ledger exists); returns the rows written.
    /// Refuses (0 rows, `false`) a held or skipped edition.
    pub async fn start_sending(&self, edition_id: i64, now: i64) -> Result<(bool, u64)> {
        let mut tx = self.write(now).await?;
        let sql = "UPDATE digest_editions SET status = 'sending', started_at = $1 \
                   WHERE id = $2 AND status = 'draft'";
        let started = execute(&mut **tx, sql, &[now.into(), edition_id.into()]).await? == 1;
        if !started {
            let sql = "SELECT status FROM digest_editions WHERE id = $1";
            let status: Option<String> = value(&mut **tx, sql, &[edition_id.into()]).await?;
            tx.commit().await?;
            return Ok((matches!(status.as_deref(), Some("sending" | "sent")), 0));
        }
        let rows = sqlx::query(
            "INSERT INTO digest_deliveries (edition_id, subscriber_id, email, status, next_at) \
             SELECT e.id, s.id, s.email, 'queued', 0 FROM digest_editions e \
             JOIN digest_subscribers s ON s.language = e.language AND s.frequency = e.frequency \
             WHERE e.id = $1 AND s.status = 'confirmed' \
             ON CONFLICT (edition_id, subscriber_id) DO NOTHING",
        )
        .bind(edition_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((true, rows))
    }

    /// Claims up to `limit` rows of `edition_id` due at `now` for `holder` until `lease_until`.
    pub async fn claim_deliveries(
        &self,
        edition_id: i64,
        holder: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<Claimed>> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "UPDATE digest_deliveries SET status = 'claimed', lease_holder = $1, lease_until = $2 \
             WHERE edition_id = $3 AND status IN ('queued', 'deferred') AND next_at <= $4 \
             AND subscriber_id IN (SELECT subscriber_id FROM digest_deliveries \
               WHERE edition_id = $3 AND status IN ('queued', 'deferred') AND next_at <= $4 \
               ORDER BY subscriber_id LIMIT $5) \
             RETURNING subscriber_id, email, attempts",
        )
        .bind(holder)
        .bind(lease_until)
        .bind(edition_id)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<Claimed> = rows
            .into_iter()
            .map(|(subscriber_id, email, attempts)| Claimed {
                edition_id,
                subscriber_id,
                email,
                attempts,
            })
            .collect();
        out.sort_by_key(|c| c.subscriber_id);
        Ok(out)
    }

    /// Marks a claimed row `sending` just before its message is handed over; false when the
    /// claim was lost (its lease ran out and another holder has it), so it must not be sent.
    pub async fn begin_delivery(&self, c: &Claimed, holder: &str, now: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE digest_deliveries SET status = 'sending', attempts = attempts + 1, next_at = $1 \
             WHERE edition_id = $2 AND subscriber_id = $3 AND status = 'claimed' AND lease_holder = $4",
        )
        .bind(now)
        .bind(c.edition_id)
        .bind(c.subscriber_id)
        .bind(holder)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Records the server's answer for a row this holder is sending. A permanent failure
    /// counts against the address and suppresses it at [`SUPPRESS_AFTER`].
    pub async fn finish_delivery(
        &self,
        c: &Claimed,
        holder: &str,
        outcome: &DeliveryOutcome,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write(now).await?;
        let (status, code, reply, next_at, sent_at) = match outcome {
            DeliveryOutcome::Sent { reply } => ("sent", Some(250), reply.as_str(), now, Some(now)),
            DeliveryOutcome::Empty => ("empty", None, "", now, None),
            DeliveryOutcome::Failed { code, reply } => ("failed", *code, reply.as_str(), now, None),
            DeliveryOutcome::Deferred {
                code,
                reply,
                retry_at,
            } => {
                // Attempts were counted by begin_delivery; give up after the last one.
                if c.attempts + 1 >= MAX_ATTEMPTS {
                    ("failed", *code, reply.as_str(), now, None)
                } else {
                    ("deferred", *code, reply.as_str(), *retry_at, None)
                }
            }
        };
        let reply: String = reply.chars().take(500).collect();
        let changed = sqlx::query(
            "UPDATE digest_deliveries SET status = $1, code = $2, reply = $3, next_at = $4, \
             sent_at = $5, lease_holder = NULL, lease_until = NULL \
             WHERE edition_id = $6 AND subscriber_id = $7 AND status = 'sending' AND lease_holder = $8",
        )
        .bind(status)
        .bind(code)
        .bind(&reply)
        .bind(next_at)
        .bind(sent_at)
        .bind(c.edition_id)
        .bind(c.subscriber_id)
        .bind(holder)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if changed == 1 && status == "failed" && code.is_some_and(|c| (500..600).contains(&c)) {
            let status: Option<String> = sqlx::query_scalar(
                "UPDATE digest_subscribers SET hard_bounces = hard_bounces + 1, \
                 status = CASE WHEN hard_bounces + 1 >= $1 THEN 'suppressed' ELSE status END, \
                 updated_at = $2 WHERE id = $3 RETURNING status",
            )
            .bind(SUPPRESS_AFTER)
            .bind(now)
            .bind(c.subscriber_id)
            .fetch_optional(&mut **tx)
            .await?;
            if status.as_deref() == Some("suppressed") {
                event(&mut tx, "suppressed", now).await?;
            }
        }
        tx.commit().await
    }

    /// Settles rows whose lease ran out at `now`: never-tried claims go back to the queue,
    /// rows that were being sent become `uncertain`. Returns (requeued, uncertain).
    pub async fn recover_deliveries(&self, now: i64) -> Result<(u64, u64)> {
        let requeued = sqlx::query(
            "UPDATE digest_deliveries SET status = 'queued', lease_holder = NULL, lease_until = NULL \
             WHERE status = 'claimed' AND lease_until < $1",
        )
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let uncertain = sqlx::query(
            "UPDATE digest_deliveries SET status = 'uncertain', \
             reply = 'the sender stopped while handing this message over; it may or may not have arrived' \
             WHERE status = 'sending' AND lease_until < $1",
        )
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok((requeued, uncertain))
    }

    /// Extends the lease of every row `holder` has claimed or is sending to `until`; the
    /// sender calls it before each message, so its claims lapse only when it stops.
    pub async fn renew_deliveries(&self, holder: &str, until: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE digest_deliveries SET lease_until = $1 \
             WHERE lease_holder = $2 AND status IN ('claimed', 'sending')",
        )
        .bind(until)
        .bind(holder)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// Gives back the rows `holder` claimed but has not started (a clean stop).
    pub async fn release_deliveries(&self, holder: &str) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE digest_deliveries SET status = 'queued', lease_holder = NULL, lease_until = NULL \
             WHERE status = 'claimed' AND lease_holder = $1",
        )
        .bind(holder)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// Puts an edition's uncertain rows back in the queue (an editor's decision to resend);
    /// returns how many.
    pub async fn resend_uncertain(&self, edition_id: i64, now: i64, actor: &Actor) -> Result<u64> {
        let mut tx = self.write(now).await?;
        let n = sqlx::query(
            "UPDATE digest_deliveries SET status = 'queued', lease_holder = NULL, lease_until = NULL, next_at = 0 \
             WHERE edition_id = $1 AND status = 'uncertain'",
        )
        .bind(edition_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n > 0 {
            let sql =
                "UPDATE digest_editions SET status = 'sending', finished_at = NULL WHERE id = $1";
            execute(&mut **tx, sql, &[edition_id.into()]).await?;
            tx.logged(
                actor,
                AuditAction::DigestResend,
                edition_id,
                &format!("{n} uncertain deliveries queued again"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The uncertain rows of an edition: (subscriber id, email).
    pub async fn uncertain_deliveries(&self, edition_id: i64) -> Result<Vec<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT subscriber_id, email FROM digest_deliveries WHERE edition_id = $1 \
             AND status = 'uncertain' ORDER BY subscriber_id",
        )
        .bind(edition_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn delivery_counts(&self, edition_id: i64) -> Result<DeliveryCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM digest_deliveries WHERE edition_id = $1 GROUP BY status",
        )
        .bind(edition_id)
        .fetch_all(&self.pool)
        .await?;
        let mut c = DeliveryCounts::default();
        for (status, n) in rows {
            match status.as_str() {
                "queued" => c.queued = n,
                "claimed" => c.claimed = n,
                "sending" => c.sending = n,
                "deferred" => c.deferred = n,
                "sent" => c.sent = n,
                "failed" => c.failed = n,
                "uncertain" => c.uncertain = n,
                "empty" => c.empty = n,
                _ => {}
            }
        }
        Ok(c)
    }

    /// The earliest time a deferred row of the edition may be tried again.
    pub async fn next_retry(&self, edition_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(next_at) FROM digest_deliveries WHERE edition_id = $1 AND status IN ('queued', 'deferred')",
        )
        .bind(edition_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Marks a sending edition `sent` once no row is open; true if it is (now) sent.
    pub async fn finish_edition_if_done(&self, edition_id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE digest_editions SET status = 'sent', finished_at = $1 WHERE id = $2 \
             AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM digest_deliveries \
             WHERE edition_id = $2 AND status IN ('queued', 'claimed', 'sending', 'deferred'))",
        )
        .bind(now)
        .bind(edition_id)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        Ok(done)
    }

    /// Editions with open rows (sending), oldest first, for the workers.
    pub async fn sending_editions(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM digest_editions WHERE status = 'sending' ORDER BY slot_at, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
