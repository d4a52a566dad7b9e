//! Desk sources: adding, editing and deactivating the outlets the newsroom follows, and
//! their health for the sources screen. Adding or re-activating a source queues its first
//! fetch in the same transaction, so a source never exists without its job.

use gazette_core::audit::AuditAction;
use gazette_core::desk_source::{self, SourceFields};

use crate::args::{Arg, bind_args};
use crate::audit::Actor;
use crate::decode::Flag;
use crate::jobs::{JobKind, cancel, enqueue};
use crate::run::{execute, execute_on, row, rows, value_of};
use crate::write::WriteTx;
use crate::{Result, Store, StoreError};

/// A source's settings as an editor enters them (checked by [`SourceInput::check`]).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SourceInput {
    pub name: String,
    /// The outlet named in attribution lines ("Translated from Minval.az").
    pub outlet: String,
    pub home_url: String,
    pub feed_url: String,
    /// `rss`, `atom`, `json` or `sitemap` (gazette-ingest's `FeedKind`).
    pub feed_kind: String,
    pub language: String,
    pub category_id: Option<i64>,
    pub fetch_interval: i64,
    #[sqlx(try_from = "Flag")]
    pub full_text: bool,
    pub css_selector: String,
    pub retention_days: i64,
}

impl SourceInput {
    /// A source for `feed_url` with the defaults (15 minutes, 90 days, no full text).
    pub fn new(name: &str, feed_url: &str, feed_kind: &str) -> SourceInput {
        SourceInput {
            name: name.to_owned(),
            outlet: name.to_owned(),
            home_url: String::new(),
            feed_url: feed_url.to_owned(),
            feed_kind: feed_kind.to_owned(),
            language: String::new(),
            category_id: None,
            fetch_interval: 900,
            full_text: false,
            css_selector: String::new(),
            retention_days: 90,
        }
    }

    /// The settings as the core's rules see them.
    pub fn fields(&self) -> SourceFields<'_> {
        SourceFields {
            name: &self.name,
            outlet: &self.outlet,
            home_url: &self.home_url,
            feed_url: &self.feed_url,
            feed_kind: &self.feed_kind,
            fetch_interval: self.fetch_interval,
            retention_days: self.retention_days,
        }
    }

    /// The first rule of [`gazette_core::desk_source`] the settings break, as the store's
    /// refusal.
    fn check(&self) -> Result<()> {
        match desk_source::check(&self.fields()).first() {
            Some(e) => Err(StoreError::invalid("source", e.field(), e.to_string())),
            None => Ok(()),
        }
    }
}

/// A source as stored, with its fetch state.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeskSource {
    pub id: i64,
    /// What the editors set (and edit).
    #[sqlx(flatten)]
    pub settings: SourceInput,
    #[sqlx(try_from = "Flag")]
    pub active: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetch_at: Option<i64>,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    /// What the last successful round did, in words ("3 new, 1 changed, 40 unchanged").
    pub last_outcome: String,
    pub next_fetch_at: i64,
    pub backoff: i64,
    pub created_at: i64,
}

pub(crate) const SOURCE_COLS: &str = "id, name, outlet, home_url, feed_url, feed_kind, language, \
     category_id, fetch_interval, full_text, css_selector, active, retention_days, etag, \
     last_modified, last_fetch_at, last_success_at, last_error, last_outcome, next_fetch_at, \
     backoff, created_at";

/// How a source has been doing, for the sources screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct SourceHealth {
    pub source_id: i64,
    /// Items first seen in the last 7 days.
    pub items_week: i64,
    /// When the newest item was first seen.
    pub newest_item_at: Option<i64>,
    pub items_total: i64,
}

impl SourceHealth {
    /// Items per day over the last week.
    pub fn per_day(&self) -> f64 {
        self.items_week as f64 / 7.0
    }

    /// Hours since the last new item when a usually busy source (several items a day)
    /// has been silent for more than four times its usual gap, else `None`.
    pub fn quiet_hours(&self, now: i64) -> Option<i64> {
        let newest = self.newest_item_at?;
        let per_day = self.per_day();
        if per_day < 2.0 {
            return None;
        }
        let usual_gap = 86_400.0 / per_day;
        let silent = now - newest;
        (silent as f64 > (4.0 * usual_gap).max(3.0 * 3600.0)).then_some(silent / 3600)
    }
}

fn duplicate_feed(e: StoreError, url: &str) -> StoreError {
    match e {
        StoreError::Sql(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            StoreError::Duplicate {
                entity: "source",
                field: "feed URL",
                value: url.to_owned(),
            }
        }
        other => other,
    }
}

/// The settings columns of `desk_sources`, in the order of [`input_args`].
const INPUT_COLS: &str = "name, outlet, home_url, feed_url, feed_kind, language, category_id, \
     fetch_interval, full_text, css_selector, retention_days";

/// The values of [`INPUT_COLS`], bound as `$1` to `$11`.
fn input_args(input: &SourceInput) -> Vec<Arg> {
    let text = |s: &str| Arg::Text(s.trim().to_owned());
    vec![
        text(&input.name),
        text(&input.outlet),
        text(&input.home_url),
        text(&input.feed_url),
        text(&input.feed_kind),
        text(&input.language),
        Arg::OptInt(input.category_id),
        Arg::Int(input.fetch_interval),
        Arg::Int(i64::from(input.full_text)),
        text(&input.css_selector),
        Arg::Int(input.retention_days),
    ]
}

/// Inserts a source due at once with its first fetch job and audit row; `None` when
/// `skip_known` and its feed is already followed.
async fn insert_source(
    tx: &mut WriteTx,
    input: &SourceInput,
    actor: &Actor,
    now: i64,
    skip_known: bool,
) -> Result<Option<i64>> {
    let conflict = if skip_known {
        " ON CONFLICT (feed_url) DO NOTHING"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO desk_sources ({INPUT_COLS}, next_fetch_at, created_at) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12){conflict} RETURNING id"
    );
    let id: Option<i64> = bind_args!(
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)),
        &input_args(input)
    )
    .bind(now)
    .fetch_optional(&mut ***tx)
    .await
    .map_err(|e| duplicate_feed(e.into(), input.feed_url.trim()))?;
    if let Some(id) = id {
        enqueue(tx, JobKind::FetchSource, &id.to_string(), now, now).await?;
        tx.logged(actor, AuditAction::DeskSourceCreate, id, input.name.trim())
            .await?;
    }
    Ok(id)
}

impl Store {
    /// Adds a source and queues its first fetch now; returns its id.
    pub async fn add_desk_source(
        &self,
        input: &SourceInput,
        actor: &Actor,
        now: i64,
    ) -> Result<i64> {
        input.check()?;
        let mut tx = self.write(now).await?;
        let id = insert_source(&mut tx, input, actor, now, false)
            .await?
            .ok_or_else(|| StoreError::Corrupt("no id returned".into()))?;
        tx.commit().await?;
        Ok(id)
    }

    /// Adds every source of an import whose feed URL is not followed yet, in one
    /// transaction; returns how many were added.
    pub async fn import_desk_sources(
        &self,
        inputs: &[SourceInput],
        actor: &Actor,
        now: i64,
    ) -> Result<usize> {
        for input in inputs {
            input.check()?;
        }
        let mut tx = self.write(now).await?;
        let mut added = 0;
        for input in inputs {
            if insert_source(&mut tx, input, actor, now, true)
                .await?
                .is_some()
            {
                added += 1;
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Saves an edited source. A changed feed address forgets the conditional-GET state
    /// and is fetched at once.
    pub async fn update_desk_source(
        &self,
        id: i64,
        input: &SourceInput,
        actor: &Actor,
        now: i64,
    ) -> Result<()> {
        input.check()?;
        let before = self
            .desk_source(id)
            .await?
            .ok_or_else(|| StoreError::missing("source", id))?;
        let moved = before.settings.feed_url != input.feed_url.trim();
        let mut tx = self.write(now).await?;
        let sql = format!(
            "UPDATE desk_sources SET ({INPUT_COLS}) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             WHERE id = $12"
        );
        bind_args!(sqlx::query(sqlx::AssertSqlSafe(sql)), &input_args(input))
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(|e| duplicate_feed(e.into(), input.feed_url.trim()))?;
        if moved {
            let sql = "UPDATE desk_sources SET etag = NULL, last_modified = NULL, backoff = 0, \
                 next_fetch_at = $1 WHERE id = $2";
            execute(&mut **tx, sql, &[now.into(), id.into()]).await?;
            if before.active {
                enqueue(&mut tx, JobKind::FetchSource, &id.to_string(), now, now).await?;
            }
        }
        tx.logged(actor, AuditAction::DeskSourceUpdate, id, input.name.trim())
            .await?;
        tx.commit().await
    }

    /// Stops or restarts fetching a source. Its items stay; re-activating fetches at once.
    pub async fn set_desk_source_active(
        &self,
        id: i64,
        active: bool,
        actor: &Actor,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write(now).await?;
        let sql =
            "UPDATE desk_sources SET active = $1, backoff = 0, next_fetch_at = $2 WHERE id = $3";
        let args = [i64::from(active).into(), now.into(), id.into()];
        execute_on(&mut **tx, sql, &args, "source", id).await?;
        if active {
            enqueue(&mut tx, JobKind::FetchSource, &id.to_string(), now, now).await?;
        } else {
            cancel(&mut tx, JobKind::FetchSource, &id.to_string()).await?;
        }
        let detail = if active { "activated" } else { "deactivated" };
        tx.logged(actor, AuditAction::DeskSourceUpdate, id, detail)
            .await?;
        tx.commit().await
    }

    /// Deletes a source with its items and their versions (articles made from them stay)
    /// and its pending fetch.
    pub async fn delete_desk_source(&self, id: i64, actor: &Actor, now: i64) -> Result<()> {
        let mut tx = self.write(now).await?;
        let sql = "SELECT name FROM desk_sources WHERE id = $1";
        let name: String = value_of(&mut **tx, sql, "source", id).await?;
        cancel(&mut tx, JobKind::FetchSource, &id.to_string()).await?;
        for sql in [
            "DELETE FROM desk_item_versions WHERE item_id IN \
             (SELECT id FROM desk_items WHERE source_id = $1)",
            "DELETE FROM desk_items WHERE source_id = $1",
            "DELETE FROM desk_sources WHERE id = $1",
        ] {
            execute(&mut **tx, sql, &[id.into()]).await?;
        }
        tx.logged(actor, AuditAction::DeskSourceDelete, id, &name)
            .await?;
        tx.commit().await
    }

    /// Queues a fetch of an active source now (the desk worker runs it within seconds);
    /// an inactive source is refused: activate it first.
    pub async fn fetch_desk_source_now(&self, id: i64, actor: &Actor, now: i64) -> Result<()> {
        let mut tx = self.write(now).await?;
        let sql = "SELECT active FROM desk_sources WHERE id = $1";
        let active: i64 = value_of(&mut **tx, sql, "source", id).await?;
        if active == 0 {
            return Err(StoreError::invalid(
                "source",
                "active",
                "the source is inactive; activate it to fetch it",
            ));
        }
        let sql = "UPDATE desk_sources SET next_fetch_at = $1 WHERE id = $2";
        execute(&mut **tx, sql, &[now.into(), id.into()]).await?;
        enqueue(&mut tx, JobKind::FetchSource, &id.to_string(), now, now).await?;
        tx.logged(actor, AuditAction::DeskSourceUpdate, id, "fetch now")
            .await?;
        tx.commit().await
    }

    pub async fn desk_source(&self, id: i64) -> Result<Option<DeskSource>> {
        let sql = format!("SELECT {SOURCE_COLS} FROM desk_sources WHERE id = $1");
        row(&self.pool, sqlx::AssertSqlSafe(sql), &[id.into()]).await
    }

    /// Every source, active ones first, by name.
    pub async fn desk_sources(&self) -> Result<Vec<DeskSource>> {
        let sql =
            format!("SELECT {SOURCE_COLS} FROM desk_sources ORDER BY active DESC, LOWER(name), id");
        rows(&self.pool, sqlx::AssertSqlSafe(sql), &[]).await
    }

    /// Item counts per source: the last week's, the newest item's time, the total.
    pub async fn desk_source_health(&self, now: i64) -> Result<Vec<SourceHealth>> {
        let sql = "SELECT source_id, \
                   COALESCE(SUM(CASE WHEN fetched_at >= $1 THEN 1 ELSE 0 END), 0) AS items_week, \
                   MAX(fetched_at) AS newest_item_at, COUNT(*) AS items_total \
                   FROM desk_items GROUP BY source_id";
        rows(&self.pool, sql, &[(now - 7 * 86_400).into()]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_only_when_a_busy_source_goes_silent() {
        let busy = SourceHealth {
            source_id: 1,
            items_week: 70,
            newest_item_at: Some(0),
            items_total: 70,
        };
        // Ten a day: an item every 2.4 hours, so silence counts after 9.6 hours.
        assert_eq!(busy.quiet_hours(5 * 3600), None);
        assert_eq!(busy.quiet_hours(12 * 3600), Some(12));
        let slow = SourceHealth {
            items_week: 3,
            ..busy
        };
        assert_eq!(slow.quiet_hours(48 * 3600), None);
    }
}
