//! `/admin/articles/{id}/revisions`: every saved version of an article, a line diff of
//! one against the current text (the `similar` crate), and restoring one (which is saved
//! as a new revision, so a restore can itself be undone).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::model::Status;
use gazette_core::permissions::{Action, Ownership};
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use super::when;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::{Screen, gone, see_other};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::keys;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevQuery {
    rev: Option<i64>,
}

#[derive(Serialize)]
struct RevRow {
    id: i64,
    at: String,
    by: String,
    autosave: bool,
    title: String,
    compare_url: String,
    selected: bool,
}

#[derive(Serialize)]
pub(crate) struct DiffLine {
    /// `add`, `del` or `same`.
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct RevisionsPage {
    id: i64,
    title: String,
    rows: Vec<RevRow>,
    compared: Option<i64>,
    diff: Vec<DiffLine>,
    can_restore: bool,
}

/// The line diff from `old` to `new`, unchanged runs included.
pub(crate) fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            kind: match c.tag() {
                ChangeTag::Delete => "del",
                ChangeTag::Insert => "add",
                ChangeTag::Equal => "same",
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

/// The text a revision is compared on: title, subtitle, excerpt, meta description, body.
fn as_text(title: &str, subtitle: &str, excerpt: &str, meta: &str, body: &str) -> String {
    format!(
        "Title: {title}\nSubtitle: {subtitle}\nExcerpt: {excerpt}\nMeta description: {meta}\n\n{body}\n"
    )
}

async fn guard(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<(gazette_store::EditableArticle, Ownership), WebError> {
    let article = match app.store.editable_article(id).await {
        Ok(Some(a)) => a,
        Ok(None) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let own = if article.owned_by(user.user.id) {
        Ownership::Own
    } else {
        Ownership::Other
    };
    user.require(Action::Edit, own)?;
    Ok((article, own))
}

/// `GET /admin/articles/{id}/revisions[?rev=N]`
pub async fn list(
    Staff { app, user }: Staff,
    Id(id): Id,
    Query(q): Query<RevQuery>,
) -> Result<Response, WebError> {
    let path = format!("/admin/articles/{id}/revisions");
    let (article, own) = guard(&app, &user, id).await?;
    let revisions = app.store.revisions(id).await?;
    let a = &article.input;
    let current = as_text(
        &a.title,
        &a.subtitle,
        &a.excerpt,
        &a.meta_description,
        &a.body_markdown,
    );
    let compared = q.rev.and_then(|r| revisions.iter().find(|x| x.id == r));
    let diff = compared
        .map(|r| {
            let old = as_text(
                &r.title,
                &r.subtitle,
                &r.excerpt,
                &r.meta_description,
                &r.body_markdown,
            );
            line_diff(&old, &current)
        })
        .unwrap_or_default();
    let live = matches!(article.status, Status::Published | Status::Scheduled);
    let data = RevisionsPage {
        id,
        title: a.title.clone(),
        compared: compared.map(|r| r.id),
        rows: revisions
            .iter()
            .map(|r| RevRow {
                id: r.id,
                at: when(r.at),
                by: r.user_name.clone().unwrap_or_else(|| "someone".into()),
                autosave: r.autosave == 1,
                title: r.title.clone(),
                compare_url: format!("/admin/articles/{id}/revisions?rev={}#diff", r.id),
                selected: Some(r.id) == q.rev,
            })
            .collect(),
        diff,
        can_restore: user.can(Action::Edit, own) && (!live || user.can(Action::Publish, own)),
    };
    Screen::keyed("admin/article_revisions.html", &path, keys::REVISIONS)
        .render(&app, &user, StatusCode::OK, None, data)
        .await
}

/// `POST /admin/articles/{id}/revisions/{rev}/restore`
pub async fn restore(
    Staff { app, user }: Staff,
    Id((id, rev)): Id<(i64, i64)>,
    CsrfForm(_): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let (article, own) = guard(&app, &user, id).await?;
    if matches!(article.status, Status::Published | Status::Scheduled) {
        user.require(Action::Publish, own)?;
    }
    match app
        .store
        .restore_revision(id, rev, now(), &user.actor())
        .await
    {
        Ok(()) => see_other(&format!("/admin/articles/{id}/edit?done=restored")),
        Err(e) => Err(gone(e)),
    }
}
