//! The change log: one row per write, appended in the writer's transaction so that
//! followers never see a change that was rolled back, and [`ChangeCursor`], the one way
//! followers (page caches, search indexes, on every node) read it without missing a change.
//!
//! Entities and actions are written and read through core's [`ChangeEntity`] and
//! [`ChangeAction`], so writer and followers cannot disagree on a name.
//!
//! # Why not "id > last seen"
//! On PostgreSQL a change's id is handed out when the row is inserted, not when its
//! transaction commits. When a long transaction takes id 101 and a short one takes 102 and
//! commits first, a follower that has read 102 would never look at 101 again.
//!
//! # The technique: read only what can no longer gain company, in (tx, id) order
//! Every row records the transaction that wrote it (`tx`, PostgreSQL's 64-bit
//! `pg_current_xact_id()`, which never wraps). A reader's snapshot knows `xmin`, the oldest
//! transaction still running: every transaction below it has committed or rolled back, so the
//! set of visible rows with `tx < xmin` is final, and a transaction that writes later gets a
//! number at or above `xmin`. The cursor therefore reads rows with `tx < xmin` after its
//! position in `(tx, id)` order, and its position (the last row read) only moves forward over
//! rows that are settled: nothing is skipped, nothing is read twice, and the position is two
//! numbers that a node can keep on disk and resume from after any time down. Rejected
//! alternatives: remembering skipped ids and waiting for them needs a timeout to decide that
//! one was rolled back, and a transaction longer than the timeout is then missed for good;
//! LISTEN/NOTIFY loses what is sent while a node is down, so at best it could wake followers
//! (polling a few times a second already meets the one-second promise).
//!
//! The cost: a write transaction that stays open holds back every follower until it ends
//! (changes committed meanwhile are seen right after it). Gazette's writes are short; the
//! order is that of the transactions' first write, which for followers that re-read the
//! current state of what changed (all of ours) is as good as commit order.
//!
//! On SQLite one transaction writes at a time and ids are handed out under its lock, so ids
//! already follow commit order; `tx` is always 0 there and the same queries work.
//!
//! Changes are never pruned, so a position is never too old; a position beyond the end of
//! the log (the database was replaced) is reported by [`ChangeCursor::resume`] so that the
//! follower rebuilds what it derives.

use std::fmt;
use std::str::FromStr;

use gazette_core::changes::{ChangeAction, ChangeEntity};
use sqlx::{Any, Transaction};

use crate::run::{execute, row, rows, value};
use crate::{Backend, Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub at: i64,
    /// What the change is about; a name this build does not know reads as `Other`.
    pub entity: ChangeEntity,
    pub entity_id: i64,
    pub action: ChangeAction,
    /// Where this change is in the order followers read the log.
    pub position: ChangePosition,
}

/// A place in the change log: the writing transaction and the id of a change (both 0 before
/// the first change). Ordered the way [`ChangeCursor`] reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChangePosition {
    pub tx: i64,
    pub id: i64,
}

impl fmt::Display for ChangePosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.tx, self.id)
    }
}

/// A position text is not `TX:ID` (or a bare id, as kept before positions had two parts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a change log position: {0:?} (expected two numbers, TX:ID)")]
pub struct BadPosition(String);

impl FromStr for ChangePosition {
    type Err = BadPosition;

    /// `TX:ID`, as written by `Display`; a bare id is a position written before this
    /// format, whose changes all have transaction 0.
    fn from_str(s: &str) -> std::result::Result<ChangePosition, BadPosition> {
        let bad = || BadPosition(s.chars().take(80).collect());
        let number = |t: &str| t.trim().parse::<i64>().ok().filter(|n| *n >= 0);
        match s.split_once(':') {
            Some((tx, id)) => Ok(ChangePosition {
                tx: number(tx).ok_or_else(bad)?,
                id: number(id).ok_or_else(bad)?,
            }),
            None => Ok(ChangePosition {
                tx: 0,
                id: number(s).ok_or_else(bad)?,
            }),
        }
    }
}

/// How a saved position relates to the log now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    /// Follow on from the saved position.
    From(ChangeCursor),
    /// The position is beyond the end of the log: it was taken on another database (or one
    /// since replaced). What was derived from it must be rebuilt, then followed from `head`.
    Stale { head: ChangeCursor },
}

/// A follower's read position in the change log; see the module comment for why it never
/// misses a committed change and never returns one twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeCursor {
    position: ChangePosition,
}

impl ChangeCursor {
    /// A cursor that will read every change from the start of the log.
    pub fn from_start() -> ChangeCursor {
        ChangeCursor {
            position: ChangePosition::default(),
        }
    }

    /// A cursor after every change that is settled now: it will read only later ones (and
    /// those of transactions still running).
    pub async fn at_end(store: &Store) -> Result<ChangeCursor> {
        Ok(ChangeCursor {
            position: store.change_head().await?,
        })
    }

    /// Picks up from a position saved earlier, or says it cannot be trusted.
    pub async fn resume(store: &Store, position: ChangePosition) -> Result<Resume> {
        let head = store.change_head().await?;
        Ok(if position <= head {
            Resume::From(ChangeCursor { position })
        } else {
            Resume::Stale {
                head: ChangeCursor { position: head },
            }
        })
    }

    /// Where the cursor is: after the last change it has passed.
    pub fn position(&self) -> ChangePosition {
        self.position
    }

    /// The next settled changes, in order, at most `limit`, without moving the cursor (so
    /// a follower can apply them first and then [`advance`](Self::advance)).
    pub async fn peek(&self, store: &Store, limit: i64) -> Result<Vec<Change>> {
        store.settled_changes_after(self.position, limit).await
    }

    /// Moves past `changes` (as returned by [`peek`](Self::peek)).
    pub fn advance(&mut self, changes: &[Change]) {
        if let Some(last) = changes.last() {
            self.position = self.position.max(last.position);
        }
    }

    /// When the oldest change that has committed but is held back (behind a transaction
    /// still open) was written, if any: for a warning when a forgotten transaction keeps
    /// every node's caches and search behind. Always `None` on SQLite.
    pub async fn held_back_since(&self, store: &Store) -> Result<Option<i64>> {
        store.unsettled_since(self.position).await
    }

    /// Reads the next changes and moves past them.
    pub async fn next(&mut self, store: &Store, limit: i64) -> Result<Vec<Change>> {
        let changes = self.peek(store, limit).await?;
        self.advance(&changes);
        Ok(changes)
    }
}

pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    at: i64,
    entity: ChangeEntity,
    entity_id: i64,
    action: ChangeAction,
) -> Result<()> {
    let sql = "INSERT INTO changes (at, entity, entity_id, action) VALUES ($1, $2, $3, $4)";
    let args = [
        at.into(),
        entity.as_str().into(),
        entity_id.into(),
        action.as_str().into(),
    ];
    execute(&mut **tx, sql, &args).await?;
    Ok(())
}

/// The rows of changes no running transaction can add to: on PostgreSQL those of
/// transactions older than the reading statement's snapshot's `xmin`.
fn settled(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "1 = 1",
        Backend::Postgres => "tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
    }
}

type ChangeRow = (i64, i64, String, i64, String, i64);

fn change((id, at, entity, entity_id, action, tx): ChangeRow) -> Change {
    Change {
        id,
        at,
        entity: ChangeEntity::from_stored(&entity),
        entity_id,
        action: ChangeAction::from_stored(&action),
        position: ChangePosition { tx, id },
    }
}

impl Store {
    /// Changes with an id above `after_id`, by id, at most `limit`. For tests and tools
    /// that look at what one write logged; followers use [`ChangeCursor`], since ids do not
    /// follow commit order on PostgreSQL.
    pub async fn changes_since(&self, after_id: i64, limit: i64) -> Result<Vec<Change>> {
        let sql = "SELECT id, at, entity, entity_id, action, tx FROM changes WHERE id > $1 \
                   ORDER BY id LIMIT $2";
        let found: Vec<ChangeRow> = rows(&self.pool, sql, &[after_id.into(), limit.into()]).await?;
        Ok(found.into_iter().map(change).collect())
    }

    async fn settled_changes_after(
        &self,
        after: ChangePosition,
        limit: i64,
    ) -> Result<Vec<Change>> {
        let sql = format!(
            "SELECT id, at, entity, entity_id, action, tx FROM changes \
             WHERE (tx, id) > ($1, $2) AND {} ORDER BY tx, id LIMIT $3",
            settled(self.backend())
        );
        let args = [after.tx.into(), after.id.into(), limit.into()];
        let found: Vec<ChangeRow> = rows(&self.pool, sqlx::AssertSqlSafe(sql), &args).await?;
        Ok(found.into_iter().map(change).collect())
    }

    async fn unsettled_since(&self, after: ChangePosition) -> Result<Option<i64>> {
        if self.backend() == Backend::Sqlite {
            return Ok(None);
        }
        let sql = format!(
            "SELECT MIN(at) FROM changes WHERE (tx, id) > ($1, $2) AND NOT ({})",
            settled(self.backend())
        );
        // MIN over no rows is one row holding NULL.
        let args = [after.tx.into(), after.id.into()];
        let min: Option<Option<i64>> = value(&self.pool, sqlx::AssertSqlSafe(sql), &args).await?;
        Ok(min.flatten())
    }

    /// The position of the last settled change, or the start when there is none.
    async fn change_head(&self) -> Result<ChangePosition> {
        let sql = format!(
            "SELECT tx, id FROM changes WHERE {} ORDER BY tx DESC, id DESC LIMIT 1",
            settled(self.backend())
        );
        let head: Option<(i64, i64)> = row(&self.pool, sqlx::AssertSqlSafe(sql), &[]).await?;
        Ok(
            head.map_or_else(ChangePosition::default, |(tx, id)| ChangePosition {
                tx,
                id,
            }),
        )
    }

    /// After a PostgreSQL database is restored into another server, transaction numbers
    /// start again below those its changes recorded, and new changes would sort before old
    /// ones. When the log holds a number from the future, every row is put back to 0 (the
    /// whole log is history by then: it orders by id, and new changes follow it). Run at
    /// start, before any follower.
    pub(crate) async fn settle_restored_change_log(&self) -> Result<()> {
        if self.backend() == Backend::Postgres {
            let sql = "UPDATE changes SET tx = 0 WHERE EXISTS (SELECT 1 FROM changes \
                       WHERE tx > pg_current_xact_id()::text::bigint)";
            execute(&self.pool, sql, &[]).await?;
        }
        Ok(())
    }

    /// The id of the newest change, 0 when there is none.
    pub async fn last_change_id(&self) -> Result<i64> {
        // MAX over no rows is one row holding NULL.
        let id: Option<Option<i64>> = value(&self.pool, "SELECT MAX(id) FROM changes", &[]).await?;
        Ok(id.flatten().unwrap_or(0))
    }
}
