//! Subscribers: asking to subscribe (rate-limited per address and per IP, the same
//! outcome for the caller's page whether or not the address is known), confirming,
//! changing choices, leaving, exporting and deleting; and the site's signing key for the
//! links in digest mail.

use gazette_core::digest::prefs::{Choices, Frequency, Status, sections_to_text};
use serde::Serialize;
use sqlx::{Any, Transaction};

use super::events::event;
use crate::args::Arg;
use crate::decode::IdList;
use crate::run::{execute, row};
use crate::{Backend, Result, Store, StoreError};

/// A subscriber as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    /// Top-level category ids; empty for all.
    #[sqlx(try_from = "IdList")]
    pub sections: Vec<i64>,
    pub language: String,
    #[sqlx(try_from = "String")]
    pub frequency: Frequency,
    /// Signed into the subscriber's links; new for each new subscription.
    #[serde(skip)]
    pub nonce: String,
    pub consent_at: i64,
    pub consent_ip: String,
    pub consent_form: String,
    pub confirm_sent_at: Option<i64>,
    pub confirmed_at: Option<i64>,
    pub unsubscribed_at: Option<i64>,
    pub hard_bounces: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, email, status, sections, language, frequency, nonce, consent_at, \
    consent_ip, consent_form, confirm_sent_at, confirmed_at, unsubscribed_at, hard_bounces, \
    created_at, updated_at";

/// A request from a subscription form.
#[derive(Debug, Clone)]
pub struct SubscribeRequest {
    /// Already checked and normalised (`core::digest::address::check`).
    pub email: String,
    pub choices: Choices,
    pub ip: String,
    /// Which form it came from (`page`, `footer`, `article`), kept with the consent.
    pub form: String,
    /// A fresh random nonce, used if the subscription is new or starts anew.
    pub nonce: String,
    pub now: i64,
}

/// How many requests are allowed in a window.
#[derive(Debug, Clone, Copy)]
pub struct AttemptLimits {
    pub window: i64,
    pub per_address: i64,
    pub per_ip: i64,
    /// A confirmation (or reminder) mail to one address waits this long after the last.
    pub resend_after: i64,
}

/// What a request led to. Callers show the same page for every outcome but `Limited`, and
/// send a mail where one is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Send a confirmation link to this (pending) subscriber.
    Confirm(Subscriber),
    /// Already confirmed: send a reminder with the preferences link (the choices on the
    /// form are ignored, so nobody changes another person's choices by typing their address).
    Remind(Subscriber),
    /// A mail went to this address a moment ago: nothing more is sent.
    Quiet,
    /// Too many requests from this address or IP; the window frees at this time.
    Limited { retry_at: i64 },
}

/// Everything stored about one subscriber, for the download.
#[derive(Debug, Clone, Serialize)]
pub struct SubscriberExport {
    pub subscriber: Subscriber,
    /// (edition date, language, status, sent_at) of each digest sent or tried.
    pub deliveries: Vec<(String, String, String, Option<i64>)>,
}

async fn subscriber_in(
    tx: &mut Transaction<'static, Any>,
    email: &str,
) -> Result<Option<Subscriber>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM digest_subscribers WHERE email = $1"
    ));
    row(&mut **tx, sql, &[Arg::Text(email.to_owned())]).await
}

/// Requests since `since` whose `column` (`email` or `ip`) is `value`: count and oldest time.
async fn attempts_since(
    tx: &mut Transaction<'static, Any>,
    column: &'static str,
    value: &str,
    since: i64,
) -> Result<(i64, Option<i64>)> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*), MIN(at) FROM digest_attempts WHERE {column} = $1 AND at >= $2"
    )))
    .bind(value)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?)
}

/// The subscriber this transaction just wrote.
/// Binds what a request asks for and the consent it gives, as `$1` to `$6`: sections,
/// language, frequency, then the consent's time, address and form. Every write of a
/// subscription records these together, so they are bound in one place.
fn bind_consent<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    req: &SubscribeRequest,
    now: i64,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    query
        .bind(sections_to_text(&req.choices.sections))
        .bind(&req.choices.language)
        .bind(req.choices.frequency.as_str())
        .bind(now)
        .bind(&req.ip)
        .bind(&req.form)
}

async fn written_subscriber(tx: &mut Transaction<'static, Any>, email: &str) -> Result<Subscriber> {
    subscriber_in(tx, email).await?.ok_or_else(|| {
        StoreError::Corrupt(format!("digest subscriber {email} vanished while written"))
    })
}

impl Store {
    /// The key that signs the digest's links: the one stored, or `candidate` (random bytes,
    /// hex) stored now if there is none yet. Kept in the database so every node and every
    /// restart signs alike.
    pub async fn signing_key(&self, candidate: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('signing_key', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(candidate)
        .execute(&self.pool)
        .await?;
        let key: String =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'signing_key'")
                .fetch_one(&self.pool)
                .await?;
        Ok(key)
    }

    /// Records a subscription request and says what to send, in one transaction.
    pub async fn subscribe(
        &self,
        req: &SubscribeRequest,
        limits: AttemptLimits,
    ) -> Result<SubscribeOutcome> {
        let now = req.now;
        let mut tx = self.write(now).await?;
        if self.backend() == Backend::Postgres {
            // Two requests for one address at once would both count under the limit.
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(15, hashtext($1))) AS locked")
                .bind(&req.email)
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query("DELETE FROM digest_attempts WHERE at < $1")
            .bind(now - limits.window.max(86_400))
            .execute(&mut **tx)
            .await?;
        let since = now - limits.window;
        let (by_email, oldest_email) = attempts_since(&mut tx, "email", &req.email, since).await?;
        let (by_ip, oldest_ip) = attempts_since(&mut tx, "ip", &req.ip, since).await?;
        if by_email >= limits.per_address || by_ip >= limits.per_ip {
            let oldest = if by_email >= limits.per_address {
                oldest_email
            } else {
                oldest_ip
            };
            tx.commit().await?;
            return Ok(SubscribeOutcome::Limited {
                retry_at: oldest.unwrap_or(now) + limits.window,
            });
        }
        sqlx::query("INSERT INTO digest_attempts (email, ip, at) VALUES ($1, $2, $3)")
            .bind(&req.email)
            .bind(&req.ip)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        let existing = subscriber_in(&mut tx, &req.email).await?;
        let recently_mailed = |s: &Subscriber| {
            s.confirm_sent_at
                .is_some_and(|at| at > now - limits.resend_after)
        };
        let outcome = match existing {
            Some(s) if s.status == Status::Confirmed => {
                if recently_mailed(&s) {
                    SubscribeOutcome::Quiet
                } else {
                    SubscribeOutcome::Remind(s)
                }
            }
            Some(s) if s.status == Status::Pending => {
                // Choices and consent as asked last; the same link still confirms.
                bind_consent(
                    sqlx::query(
                        "UPDATE digest_subscribers SET sections = $1, language = $2, \
                         frequency = $3, consent_at = $4, consent_ip = $5, consent_form = $6, \
                         updated_at = $4 WHERE id = $7",
                    ),
                    req,
                    now,
                )
                .bind(s.id)
                .execute(&mut **tx)
                .await?;
                if recently_mailed(&s) {
                    SubscribeOutcome::Quiet
                } else {
                    let s = written_subscriber(&mut tx, &req.email).await?;
                    SubscribeOutcome::Confirm(s)
                }
            }
            Some(s) => {
                // Left or suppressed before: a new subscription, with a new consent and nonce.
                bind_consent(
                    sqlx::query(
                        "UPDATE digest_subscribers SET status = 'pending', sections = $1, \
                         language = $2, frequency = $3, consent_at = $4, consent_ip = $5, \
                         consent_form = $6, nonce = $7, confirm_sent_at = NULL, \
                         confirmed_at = NULL, unsubscribed_at = NULL, hard_bounces = 0, \
                         updated_at = $4 WHERE id = $8",
                    ),
                    req,
                    now,
                )
                .bind(&req.nonce)
                .bind(s.id)
                .execute(&mut **tx)
                .await?;
                event(&mut tx, "subscribed", now).await?;
                let s = written_subscriber(&mut tx, &req.email).await?;
                SubscribeOutcome::Confirm(s)
            }
            None => {
                bind_consent(
                    sqlx::query(
                        "INSERT INTO digest_subscribers (sections, language, frequency, \
                         consent_at, consent_ip, consent_form, nonce, email, status, created_at, \
                         updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $4, $4)",
                    ),
                    req,
                    now,
                )
                .bind(&req.nonce)
                .bind(&req.email)
                .execute(&mut **tx)
                .await?;
                event(&mut tx, "subscribed", now).await?;
                let s = written_subscriber(&mut tx, &req.email).await?;
                SubscribeOutcome::Confirm(s)
            }
        };
        if let SubscribeOutcome::Confirm(s) | SubscribeOutcome::Remind(s) = &outcome {
            sqlx::query("UPDATE digest_subscribers SET confirm_sent_at = $1 WHERE id = $2")
                .bind(now)
                .bind(s.id)
                .execute(&mut **tx)
                .await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn subscriber(&self, id: i64) -> Result<Option<Subscriber>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM digest_subscribers WHERE id = $1"
        ));
        row(&self.pool, sql, &[Arg::Int(id)]).await
    }

    /// The subscriber with this (normalised) address.
    pub async fn subscriber_by_email(&self, email: &str) -> Result<Option<Subscriber>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM digest_subscribers WHERE email = $1"
        ));
        let email = Arg::Text(email.trim().to_lowercase());
        row(&self.pool, sql, &[email]).await
    }

    /// Confirms a pending subscription (true), or does nothing (false: already confirmed,
    /// left or suppressed).
    pub async fn confirm_subscriber(&self, id: i64, now: i64) -> Result<bool> {
        let mut tx = self.write(now).await?;
        let sql = "UPDATE digest_subscribers SET status = 'confirmed', confirmed_at = $1, \
                   updated_at = $1 WHERE id = $2 AND status = 'pending'";
        let done = execute(&mut **tx, sql, &[now.into(), id.into()]).await? == 1;
        if done {
            event(&mut tx, "confirmed", now).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Changes a subscriber's sections, language and frequency.
    pub async fn update_choices(&self, id: i64, choices: &Choices, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE digest_subscribers SET sections = $1, language = $2, frequency = $3, \
             updated_at = $4 WHERE id = $5",
        )
        .bind(sections_to_text(&choices.sections))
        .bind(&choices.language)
        .bind(choices.frequency.as_str())
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Ends a subscription (true), or does nothing if it had already ended (false). Queued
    /// deliveries to the address are dropped in the same transaction.
    pub async fn unsubscribe(&self, id: i64, now: i64) -> Result<bool> {
        let mut tx = self.write(now).await?;
        let sql = "UPDATE digest_subscribers SET status = 'unsubscribed', unsubscribed_at = $1, \
                   updated_at = $1 WHERE id = $2 AND status IN ('pending', 'confirmed')";
        let done = execute(&mut **tx, sql, &[now.into(), id.into()]).await? == 1;
        if done {
            let sql = "DELETE FROM digest_deliveries WHERE subscriber_id = $1 \
                       AND status IN ('queued', 'deferred')";
            execute(&mut **tx, sql, &[id.into()]).await?;
            event(&mut tx, "unsubscribed", now).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Everything stored about a subscriber.
    pub async fn export_subscriber(&self, id: i64) -> Result<Option<SubscriberExport>> {
        let Some(subscriber) = self.subscriber(id).await? else {
            return Ok(None);
        };
        let deliveries = sqlx::query_as(
            "SELECT e.edition_date, e.language, d.status, d.sent_at FROM digest_deliveries d \
             JOIN digest_editions e ON e.id = d.edition_id WHERE d.subscriber_id = $1 \
             ORDER BY e.edition_date, e.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(SubscriberExport {
            subscriber,
            deliveries,
        }))
    }

    /// Deletes a subscriber and their delivery rows; only an anonymous `deleted` count stays.
    pub async fn delete_subscriber(&self, id: i64, now: i64) -> Result<bool> {
        let mut tx = self.write(now).await?;
        sqlx::query("DELETE FROM digest_deliveries WHERE subscriber_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        let email: Option<String> =
            sqlx::query_scalar("DELETE FROM digest_subscribers WHERE id = $1 RETURNING email")
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some(email) = &email {
            sqlx::query("DELETE FROM digest_attempts WHERE email = $1")
                .bind(email)
                .execute(&mut **tx)
                .await?;
            event(&mut tx, "deleted", now).await?;
        }
        tx.commit().await?;
        Ok(email.is_some())
    }
}
