//! Counted moments of the digest (subscribed, confirmed, unsubscribed, deleted,
//! suppressed), without the subscriber, for the newsroom's numbers per day.

use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::run::{execute, rows};
use crate::{Result, Store};

pub(crate) async fn event(tx: &mut Transaction<'static, Any>, kind: &str, at: i64) -> Result<()> {
    let sql = "INSERT INTO digest_events (kind, at) VALUES ($1, $2)";
    execute(&mut **tx, sql, &[kind.into(), at.into()]).await?;
    Ok(())
}

/// One UTC day's numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayNumbers {
    /// Midnight UTC starting the day, unix seconds.
    pub day: i64,
    pub subscribed: i64,
    pub confirmed: i64,
    pub unsubscribed: i64,
    pub sent: i64,
    pub failed: i64,
}

impl Store {
    /// Numbers per UTC day for the `days` days up to and including the one of `now`, newest first.
    pub async fn digest_numbers(&self, now: i64, days: i64) -> Result<Vec<DayNumbers>> {
        let today = now - now.rem_euclid(86_400);
        let from = today - (days - 1) * 86_400;
        let sql = "SELECT kind, at FROM digest_events WHERE at >= $1";
        let events: Vec<(String, i64)> = rows(&self.pool, sql, &[from.into()]).await?;
        let sql = "SELECT status, COALESCE(sent_at, next_at) FROM digest_deliveries \
                   WHERE status IN ('sent', 'failed') AND COALESCE(sent_at, next_at) >= $1";
        let sends: Vec<(String, i64)> = rows(&self.pool, sql, &[from.into()]).await?;
        let mut out: Vec<DayNumbers> = (0..days)
            .map(|i| DayNumbers {
                day: today - i * 86_400,
                ..DayNumbers::default()
            })
            .collect();
        let slot = |at: i64| usize::try_from((today - (at - at.rem_euclid(86_400))) / 86_400).ok();
        for (kind, at) in events {
            if let Some(d) = slot(at).and_then(|i| out.get_mut(i)) {
                match kind.as_str() {
                    "subscribed" => d.subscribed += 1,
                    "confirmed" => d.confirmed += 1,
                    "unsubscribed" => d.unsubscribed += 1,
                    _ => {}
                }
            }
        }
        for (status, at) in sends {
            if let Some(d) = slot(at).and_then(|i| out.get_mut(i)) {
                if status == "sent" {
                    d.sent += 1;
                } else {
                    d.failed += 1;
                }
            }
        }
        Ok(out)
    }

    /// Subscribers by status: (status, count).
    pub async fn subscriber_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT status, COUNT(*) FROM digest_subscribers GROUP BY status ORDER BY status",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
