//! `/api/admin/v1/pages`: static pages created and changed through the page editor's own
//! check and save (`pages::check_and_save`: the same validation, the guard that keeps the
//! legal pages reachable, and the cache invalidation).

use axum::http::StatusCode;
use axum::response::IntoResponse;
use gazette_core::permissions::{Action, Ownership};
use gazette_web::AppState;
use std::convert::identity;

use super::auth::Caller;
use super::body::JsonObject;
use super::dto::PageItem;
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};
use crate::pages::{PageForm, PageRefused, check_and_save};

const PAGE_FIELDS: &[&str] = &["title", "slug", "body", "published", "language"];

fn page_form(obj: &JsonObject, mut form: PageForm) -> Result<PageForm, AdminError> {
    let strings = [
        ("title", &mut form.title),
        ("slug", &mut form.slug),
        ("body", &mut form.body),
        ("language", &mut form.language),
    ];
    obj.strings_over(strings, identity)?;
    match obj.boolean("published")? {
        Some(true) => form.published = Some("on".to_owned()),
        Some(false) => form.published = None,
        None => {}
    }
    Ok(form)
}

async fn save(
    app: &AppState,
    caller: &Caller,
    current: Option<&gazette_core::model::Page>,
    mut form: PageForm,
    status: StatusCode,
) -> super::Answer {
    let id = check_and_save(app, &caller.actor, current, &mut form)
        .await
        .map_err(|refused| match refused {
            PageRefused::Invalid(errors) => AdminError::Fields(
                errors
                    .into_iter()
                    .map(|(field, message)| {
                        gazette_core::article_input::FieldError::new(field, message)
                    })
                    .collect(),
            ),
            PageRefused::Failed(e) => AdminError::Internal(e.to_string()),
        })?;
    let p = found(app.store.page_by_id(id).await?, "page", id)?;
    Ok(super::json_with(status, &PageItem::from(p)))
}

endpoint! {
    /// Create a static page.
    post "/api/admin/v1/pages", tag "pages",
    answers (201, "Created", PageItem), CreateErrors;
    fn create(app, caller, Body(body) super::dto::PageWrite) {
        caller.require(Action::ManagePages, Ownership::Other)?;
        let obj = body.read(PAGE_FIELDS)?;
        let form = page_form(&obj, PageForm::default())?;
        save(&app, &caller, None, form, StatusCode::CREATED).await
    }
}

endpoint! {
    /// Change a static page (only the fields sent).
    patch "/api/admin/v1/pages/{id}", tag "pages",
    answers (200, "Saved", PageItem), UpdateErrors;
    fn update(app, caller, Path(id) "The page's id", Body(body) super::dto::PageWrite) {
        caller.require(Action::ManagePages, Ownership::Other)?;
        let id = super::error::path_id(&id, "page")?;
        let current = found(app.store.page_by_id(id).await?, "page", id)?;
        let obj = body.read(PAGE_FIELDS)?;
        let base = PageForm {
            title: current.title.clone(),
            slug: current.slug.clone(),
            body: current.body_markdown.clone(),
            published: current.published.then(|| "on".to_owned()),
            language: current.language.clone(),
            ..PageForm::default()
        };
        let form = page_form(&obj, base)?;
        save(&app, &caller, Some(&current), form, StatusCode::OK).await
    }
}

endpoint! {
    /// Delete a static page (refused while the settings link it as a legal page).
    delete "/api/admin/v1/pages/{id}", tag "pages",
    answers (204, "Deleted; its address answers 404"), DeleteErrors;
    fn delete(app, caller, Path(id) "The page's id") {
        caller.require(Action::ManagePages, Ownership::Other)?;
        let id = super::error::path_id(&id, "page")?;
        app.store
            .delete_page(id, gazette_web::auth::now(), &caller.actor)
            .await?;
        app.invalidate().await;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}
