//! Where an article is in its life: status changes (checked against core's workflow and
//! scheduling the publication job), corrections after publication, the trash (in, out, and
//! purged for good). Kept apart from the form saves because every one of them is an
//! audited, single-purpose write. Each status write may carry the revision the caller read:
//! a stale one is refused inside the same transaction and nothing is written.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::Status;
use gazette_core::workflow::transition_allowed;
use sqlx::{Any, Transaction};

use super::workflow::{invalid, missing};
use crate::audit::Actor;
use crate::jobs::{self, JobKind};
use crate::run::{execute, row, value_of};
use crate::write::WriteTx;
use crate::{Result, Store};

pub(super) async fn load_status(
    tx: &mut Transaction<'static, Any>,
    id: i64,
) -> Result<(Status, String)> {
    let row: Option<(String, String)> = row(
        &mut **tx,
        "SELECT status, slug FROM articles WHERE id = $1",
        &[id.into()],
    )
    .await?;
    let (status, slug) = row.ok_or_else(|| missing(id))?;
    Ok((status.parse()?, slug))
}

/// Moves article `id` from `from` (its status as read in `tx`) to `to`: the rules, the job,
/// the logs.
pub(super) async fn status_in(
    tx: &mut WriteTx,
    id: i64,
    (from, to): (Status, Status),
    publish_at: Option<i64>,
    at: i64,
    actor: &Actor,
) -> Result<()> {
    if !transition_allowed(from, to) {
        return Err(invalid(
            "status",
            format!("a {} article cannot become {}", from.as_str(), to.as_str()),
        ));
    }
    super::workflow::bump_revision(tx, id).await?;
    let key = id.to_string();
    let published_at = match to {
        Status::Scheduled => {
            let when = publish_at
                .ok_or_else(|| invalid("publish_at", "choose the date and time to publish at"))?;
            if when <= at {
                return Err(invalid(
                    "publish_at",
                    "the publication time is in the past; choose a later time or publish now",
                ));
            }
            jobs::enqueue(tx, JobKind::PublishArticle, &key, when, at).await?;
            Some(when)
        }
        _ => {
            jobs::cancel(tx, JobKind::PublishArticle, &key).await?;
            None
        }
    };
    // Publishing keeps the first publication time, except from scheduled, where
    // "publish now" replaces the planned time; back to draft or review forgets a
    // planned time. `Some(when)`: the publication time is set to `when`.
    let new_published_at = match (from, to) {
        (_, Status::Scheduled) => Some(published_at),
        (Status::Scheduled, Status::Published | Status::Draft | Status::Review) => {
            Some((to == Status::Published).then_some(at))
        }
        _ => None,
    };
    let (sql, args) = match (new_published_at, to) {
        (Some(when), _) => (
            "UPDATE articles SET status = $1, modified_at = $2, published_at = $3 WHERE id = $4",
            vec![to.as_str().into(), at.into(), when.into(), id.into()],
        ),
        (None, Status::Published) => (
            "UPDATE articles SET status = $1, modified_at = $2, \
             published_at = COALESCE(published_at, $2) WHERE id = $3",
            vec![to.as_str().into(), at.into(), id.into()],
        ),
        _ => (
            "UPDATE articles SET status = $1, modified_at = $2 WHERE id = $3",
            vec![to.as_str().into(), at.into(), id.into()],
        ),
    };
    execute(&mut ***tx, sql, &args).await?;
    tx.changed(ChangeEntity::Article, id, ChangeAction::Status)
        .await?;
    let detail = match published_at {
        Some(when) => format!("{} → {} at {when}", from.as_str(), to.as_str()),
        None => format!("{} → {}", from.as_str(), to.as_str()),
    };
    tx.logged(actor, AuditAction::ArticleStatus(to), id, &detail)
        .await
}

/// The status write of a move into the trash (`to` is `Trashed`: `trashed_at` is set) or
/// out of it (cleared), with its revision and log rows.
async fn trash_move(
    tx: &mut WriteTx,
    id: i64,
    to: Status,
    at: i64,
    actor: &Actor,
    action: AuditAction,
    detail: &str,
) -> Result<()> {
    super::workflow::bump_revision(tx, id).await?;
    execute(
        &mut ***tx,
        "UPDATE articles SET status = $1, trashed_at = $2, modified_at = $3 WHERE id = $4",
        &[
            to.as_str().into(),
            (to == Status::Trashed).then_some(at).into(),
            at.into(),
            id.into(),
        ],
    )
    .await?;
    tx.changed(ChangeEntity::Article, id, ChangeAction::Status)
        .await?;
    tx.logged(actor, action, id, detail).await
}

impl Store {
    /// Starts a write on article `id` that only an article in the trash may take (see
    /// [`Store::write_article`]); any other is refused with `refusal` of its status.
    async fn write_in_trash(
        &self,
        id: i64,
        expected: Option<i64>,
        at: i64,
        refusal: impl FnOnce(&str) -> String,
    ) -> Result<WriteTx> {
        let (tx, status, _) = self.write_article(id, expected, at).await?;
        if status != Status::Trashed {
            return Err(invalid("status", refusal(status.as_str())));
        }
        Ok(tx)
    }

    /// Moves article `id` to `to`. Scheduling needs `publish_at` (in the future) and
    /// enqueues the publication job; leaving `scheduled` cancels it. Publishing keeps
    /// the first publication time; an article published now gets `at`.
    pub async fn set_status(
        &self,
        id: i64,
        to: Status,
        publish_at: Option<i64>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        self.set_status_from(id, None, to, publish_at, at, actor)
            .await
    }

    /// [`Store::set_status`], refused with [`crate::StoreError::Stale`] (nothing written)
    /// when `expected` is given and the article is no longer at that revision.
    pub async fn set_status_from(
        &self,
        id: i64,
        expected: Option<i64>,
        to: Status,
        publish_at: Option<i64>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let (mut tx, from, _) = self.write_article(id, expected, at).await?;
        status_in(&mut tx, id, (from, to), publish_at, at, actor).await?;
        tx.commit().await
    }

    /// Moves article `id` to the trash: readers, feeds, search and sitemaps lose it at once
    /// (it is no longer `published`), its pending publication job is cancelled, and it
    /// stays restorable until purged. `expected` as in [`Store::set_status_from`].
    pub async fn trash_article(
        &self,
        id: i64,
        expected: Option<i64>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let (mut tx, from, _) = self.write_article(id, expected, at).await?;
        if from == Status::Trashed {
            return Err(invalid("status", "the article is already in the trash"));
        }
        jobs::cancel(&mut tx, JobKind::PublishArticle, &id.to_string()).await?;
        // Nor does the digest carry it: no longer an editors' pick, out of editions not
        // sent yet (sent editions hide it when read, see `edition_from`).
        for sql in [
            "DELETE FROM digest_picks WHERE article_id = $1",
            "DELETE FROM digest_items WHERE article_id = $1 AND edition_id IN \
             (SELECT id FROM digest_editions WHERE status IN ('draft', 'held'))",
        ] {
            execute(&mut **tx, sql, &[id.into()]).await?;
        }
        let detail = format!("{} → trash", from.as_str());
        let action = AuditAction::ArticleStatus(Status::Trashed);
        trash_move(&mut tx, id, Status::Trashed, at, actor, action, &detail).await?;
        tx.commit().await
    }

    /// Takes article `id` out of the trash as a draft: nothing goes back to readers until
    /// someone who may publishes it again (its first publication time is kept).
    pub async fn untrash_article(
        &self,
        id: i64,
        expected: Option<i64>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self
            .write_in_trash(id, expected, at, |status| {
                format!("the article is {status}, not in the trash")
            })
            .await?;
        let (to, action) = (Status::Draft, AuditAction::ArticleUntrash);
        trash_move(&mut tx, id, to, at, actor, action, "trash → draft").await?;
        tx.commit().await
    }

    /// Deletes a trashed article for good (see [`Store::delete_article`]); anything not in
    /// the trash is refused, so nothing is purged by a slip.
    pub async fn purge_article(
        &self,
        id: i64,
        expected: Option<i64>,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self
            .write_in_trash(id, expected, at, |status| {
                format!(
                    "only an article in the trash can be deleted for good; this one is {status}"
                )
            })
            .await?;
        delete_in(&mut tx, id, actor).await?;
        tx.commit().await
    }

    /// Appends a dated correction to a published article.
    pub async fn add_correction(&self, id: i64, note: &str, at: i64, actor: &Actor) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(invalid(
                "correction",
                "the correction is empty; say what was corrected",
            ));
        }
        let mut tx = self.write(at).await?;
        let (status, _) = load_status(&mut tx, id).await?;
        if status != Status::Published {
            return Err(invalid(
                "correction",
                "only a published article takes corrections; edit the text instead",
            ));
        }
        execute(
            &mut **tx,
            "INSERT INTO corrections (article_id, noted_at, text) VALUES ($1, $2, $3)",
            &[id.into(), at.into(), note.into()],
        )
        .await?;
        let sql = "UPDATE articles SET modified_at = $1 WHERE id = $2";
        execute(&mut **tx, sql, &[at.into(), id.into()]).await?;
        tx.logged(actor, AuditAction::ArticleCorrection, id, note)
            .await?;
        tx.commit().await
    }

    /// Deletes an article for good, whatever its status, with its tags, credits,
    /// corrections, revisions, redirects and pending publication job. The newsroom and the
    /// Admin API go through the trash ([`Store::purge_article`]); this is for tests and tools.
    pub async fn delete_article(&self, id: i64, at: i64, actor: &Actor) -> Result<()> {
        let mut tx = self.write(at).await?;
        delete_in(&mut tx, id, actor).await?;
        tx.commit().await
    }
}

/// Deletes article `id` and everything that hangs on it inside `tx`, with its log rows.
async fn delete_in(tx: &mut WriteTx, id: i64, actor: &Actor) -> Result<()> {
    let sql = "SELECT title FROM articles WHERE id = $1";
    let title: String = value_of(&mut ***tx, sql, "article", id).await?;
    let key = id.to_string();
    jobs::cancel(tx, JobKind::PublishArticle, &key).await?;
    for table in [
        "article_tags",
        "article_credits",
        "corrections",
        "article_revisions",
        "redirects",
        "article_views_daily",
        "article_views_hourly",
    ] {
        let sql = format!("DELETE FROM {table} WHERE article_id = $1");
        execute(&mut ***tx, sqlx::AssertSqlSafe(sql), &[id.into()]).await?;
    }
    execute(
        &mut ***tx,
        "DELETE FROM articles WHERE id = $1",
        &[id.into()],
    )
    .await?;
    tx.logged(actor, AuditAction::ArticleDelete, id, &title)
        .await
}
