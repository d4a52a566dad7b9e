//! Where an article is in its life: status changes (checked against core's workflow and
//! scheduling the publication job), corrections after publication, and deletion. Kept apart
//! from the form saves because every one of them is an audited, single-purpose write.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::Status;
use gazette_core::workflow::transition_allowed;
use sqlx::{Any, Transaction};

use super::workflow::{invalid, missing};
use crate::audit::{Actor, append_audit};
use crate::changes::append;
use crate::jobs::{self, JobKind};
use crate::{Result, Store};

pub(super) async fn load_status(
    tx: &mut Transaction<'static, Any>,
    id: i64,
) -> Result<(Status, String)> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT status, slug FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let (status, slug) = row.ok_or_else(|| missing(id))?;
    Ok((status.parse()?, slug))
}

/// Moves article `id` to `to` inside `tx`: the rules, the job, the logs.
pub(super) async fn status_in(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    to: Status,
    publish_at: Option<i64>,
    at: i64,
    actor: &Actor,
) -> Result<()> {
    let (from, _) = load_status(tx, id).await?;
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
    let query = match (new_published_at, to) {
        (Some(when), _) => sqlx::query(
            "UPDATE articles SET status = $1, modified_at = $2, published_at = $3 WHERE id = $4",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(when)
        .bind(id),
        (None, Status::Published) => sqlx::query(
            "UPDATE articles SET status = $1, modified_at = $2, \
             published_at = COALESCE(published_at, $2) WHERE id = $3",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(id),
        _ => sqlx::query("UPDATE articles SET status = $1, modified_at = $2 WHERE id = $3")
            .bind(to.as_str())
            .bind(at)
            .bind(id),
    };
    query.execute(&mut **tx).await?;
    append(tx, at, ChangeEntity::Article, id, ChangeAction::Status).await?;
    let detail = match published_at {
        Some(when) => format!("{} → {} at {when}", from.as_str(), to.as_str()),
        None => format!("{} → {}", from.as_str(), to.as_str()),
    };
    append_audit(
        tx,
        at,
        actor,
        AuditAction::ArticleStatus(to),
        Some(&key),
        &detail,
    )
    .await?;
    Ok(())
}

impl Store {
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
        let mut tx = self.begin_write().await?;
        status_in(&mut tx, id, to, publish_at, at, actor).await?;
        tx.commit().await?;
        Ok(())
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
        sqlx::query("INSERT INTO corrections (article_id, noted_at, text) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(at)
            .bind(note)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE articles SET modified_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        tx.logged(actor, AuditAction::ArticleCorrection, id, note)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an article for good, with its tags, credits, corrections, revisions,
    /// redirects and pending publication job.
    pub async fn delete_article(&self, id: i64, at: i64, actor: &Actor) -> Result<()> {
        let mut tx = self.write(at).await?;
        let title: Option<String> = sqlx::query_scalar("SELECT title FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        let title = title.ok_or_else(|| missing(id))?;
        let key = id.to_string();
        jobs::cancel(&mut tx, JobKind::PublishArticle, &key).await?;
        for table in [
            "article_tags",
            "article_credits",
            "corrections",
            "article_revisions",
            "redirects",
            "article_views_daily",
            "article_views_hourly",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE article_id = $1"
            )))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query("DELETE FROM articles WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        tx.logged(actor, AuditAction::ArticleDelete, id, &title)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
