//! `/api/admin/v1/tags/{id}`: what the newsroom's tag screen does (rename, mark as a special
//! topic, merge into another tag, delete), with its own name and slug check
//! (`crate::tags::renamed`) and the same store writes, which leave redirects from old
//! addresses. Tags are created by the articles that carry them, as in the newsroom.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::TagUsage;
use gazette_web::AppState;
use gazette_web::auth::now;

use super::dto::TagItem;
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};
use crate::tags::check_name;

fn tag_id(raw: &str) -> Result<i64, AdminError> {
    super::error::path_id(raw, "tag")
}

async fn load(app: &AppState, id: i64) -> Result<TagUsage, AdminError> {
    found(app.store.tag_usage(id).await?, "tag", id)
}

async fn answer(app: &AppState, id: i64) -> super::Answer {
    Ok(super::json(&TagItem::from(load(app, id).await?)))
}

endpoint! {
    /// Rename a tag or mark it as a special topic (only the fields sent change).
    patch "/api/admin/v1/tags/{id}", tag "taxonomy",
    answers (200, "Saved; a new slug leaves a redirect from the old address", TagItem),
    UpdateErrors;
    fn update(app, caller, Path(id) "The tag's id", Body(body) super::dto::TagWrite) {
        caller.require(Action::ManageTaxonomy, Ownership::Other)?;
        let tag = load(&app, tag_id(&id)?).await?;
        let obj = body.read(&["name", "slug", "special"])?;
        // A new name without a slug keeps the slug (the newsroom's form always sends it).
        let name = obj.string("name")?.unwrap_or_else(|| tag.name.clone());
        let slug = obj.string("slug")?.unwrap_or_else(|| tag.slug.clone());
        let (name, slug) = check_name(&name, &slug).map_err(|message| {
            let field = if message.starts_with("Slug") {
                "slug"
            } else {
                "name"
            };
            AdminError::field(field, message)
        })?;
        let special = obj.boolean("special")?.unwrap_or(tag.special != 0);
        app.store
            .update_tag(tag.id, name, &slug, special, now(), &caller.actor)
            .await?;
        app.invalidate().await;
        answer(&app, tag.id).await
    }
}

endpoint! {
    /// Merge a tag into another: its articles carry the other one, it is deleted, and its
    /// address redirects to the other's.
    post "/api/admin/v1/tags/{id}/merge", tag "taxonomy",
    answers (200, "Merged: the tag that stays", TagItem), UpdateErrors;
    fn merge(app, caller, Path(id) "The tag merged away", Body(body) super::dto::TagMerge) {
        caller.require(Action::ManageTaxonomy, Ownership::Other)?;
        let tag = load(&app, tag_id(&id)?).await?;
        let obj = body.read(&["into_id"])?;
        let into = obj.id("into_id")?.flatten().ok_or_else(|| {
            AdminError::field("into_id", "`into_id`: give the id of the tag that stays.")
        })?;
        if into == tag.id {
            return Err(AdminError::field(
                "into_id",
                "`into_id`: a tag cannot be merged into itself; give another tag's id.",
            ));
        }
        if app.store.tag_usage(into).await?.is_none() {
            return Err(AdminError::field(
                "into_id",
                format!("`into_id`: there is no tag with the id {into}."),
            ));
        }
        app.store
            .merge_tags(tag.id, into, now(), &caller.actor)
            .await?;
        app.invalidate().await;
        answer(&app, into).await
    }
}

endpoint! {
    /// Delete a tag; it is taken off every article that carries it.
    delete "/api/admin/v1/tags/{id}", tag "taxonomy",
    answers (204, "Deleted"), DeleteErrors;
    fn delete(app, caller, Path(id) "The tag's id") {
        caller.require(Action::ManageTaxonomy, Ownership::Other)?;
        let tag = load(&app, tag_id(&id)?).await?;
        app.store.delete_tag(tag.id, now(), &caller.actor).await?;
        app.invalidate().await;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}
