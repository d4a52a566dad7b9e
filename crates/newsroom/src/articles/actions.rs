//! The editor's actions besides saving: live preview, autosave, corrections, the trash and
//! the featured-image upload. Each checks the role against the article's ownership on the
//! server, like the editor itself.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gazette_core::permissions::{Action, Ownership};
use gazette_core::{limits, markdown};
use gazette_store::EditableArticle;
use serde::Serialize;

use super::editor::{Form, can_save, load, load_allowed, ownership, render, store_refusal};
use super::form::{self, FieldError};
use super::when;
use crate::button::Button;
use crate::id::Id;
use crate::see_other;
use crate::staff_request::Staff;
use gazette_core::problem::Problem;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};

/// `POST /admin/articles/preview`: the body's Markdown as the sanitised HTML readers
/// would get, for the live preview.
pub async fn preview(CsrfForm(posted): CsrfForm<Fields>) -> Result<Response, WebError> {
    let markdown = posted.get("body");
    if markdown.len() > form::BODY_MAX * 4 {
        return Ok((
            StatusCode::PAYLOAD_TOO_LARGE,
            "The body is too long to preview.",
        )
            .into_response());
    }
    let html = markdown::render(markdown).html;
    let mut response = Html(html).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[derive(Serialize)]
struct AutosaveAnswer {
    saved_at: Option<String>,
    error: Option<String>,
}

/// `POST /admin/articles/{id}/autosave`: keeps the editor's text as an autosave revision
/// (never changing the article, so nothing goes live by itself). Answers JSON.
pub async fn autosave(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    load_allowed(&app, &user, id, Action::Edit).await?;
    let (input, errors) = form::read_article(&posted);
    // An empty title is fine for a draft in progress; only limits refuse an autosave.
    if let Some(e) = errors.iter().find(|e| e.over_limit) {
        let answer = AutosaveAnswer {
            saved_at: None,
            error: Some(e.message.clone()),
        };
        return Ok((StatusCode::BAD_REQUEST, Json(answer)).into_response());
    }
    let at = now();
    match app
        .store
        .autosave_article(id, &input, at, &user.actor())
        .await
    {
        Ok(()) => Ok(Json(AutosaveAnswer {
            saved_at: Some(when(at)),
            error: None,
        })
        .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/articles/{id}/corrections`: a dated correction on a published article.
pub async fn correction(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let article = load_allowed(&app, &user, id, Action::AddCorrection).await?;
    let note = posted.get("correction").trim();
    let problem = if note.is_empty() {
        Some((
            "The correction is empty: say what was wrong and what is right now.".to_owned(),
            Problem::new("problem-correction-empty"),
        ))
    } else if let Err(e) = limits::check(limits::Field::Correction, note) {
        Some((
            format!("The correction is too long: at most {} characters.", e.max),
            Problem::new("problem-correction-too-long").number("max", e.max),
        ))
    } else {
        None
    };
    let fe = match problem {
        Some((message, p)) => FieldError::because("correction", message, p),
        None => match app
            .store
            .add_correction(id, note, now(), &user.actor())
            .await
        {
            Ok(()) => return see_other(&format!("/admin/articles/{id}/edit?done=corrected")),
            Err(e) => match store_refusal(&e) {
                Some(fe) => fe,
                None => return Err(e.into()),
            },
        },
    };
    refuse(&app, &user, &article, fe).await
}

/// The editor again for `article`, refused with one field error (status 400).
async fn refuse(
    app: &AppState,
    user: &CurrentUser,
    article: &EditableArticle,
    error: FieldError,
) -> Result<Response, WebError> {
    let form = Form {
        article: Some(article),
        input: &article.input,
        publish_at: "",
        errors: vec![error],
    };
    render(app, user, form, StatusCode::BAD_REQUEST, None).await
}

/// `POST /admin/articles/{id}/delete` moves the article to the trash (readers lose it at
/// once; it can be restored), the same store write as the Admin API's `DELETE`;
/// `POST /admin/articles/{id}/restore` (`RESTORE`) takes it out of the trash as a draft.
pub async fn trash<const RESTORE: bool>(
    Button { app, user, id }: Button,
) -> Result<Response, WebError> {
    load_allowed(&app, &user, id, Action::Delete).await?;
    let (actor, at) = (user.actor(), now());
    if RESTORE {
        app.store.untrash_article(id, None, at, &actor).await?;
        see_other(&format!("/admin/articles/{id}/edit?done=untrashed"))
    } else {
        app.store.trash_article(id, None, at, &actor).await?;
        see_other("/admin/articles?status=trashed&done=trashed")
    }
}

/// `POST /admin/articles/{id}/purge`: deletes an article in the trash for good, once the
/// box saying so is ticked.
pub async fn purge(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let article = load_allowed(&app, &user, id, Action::Delete).await?;
    if posted.get("confirm") != "yes" {
        let error = FieldError {
            over_limit: false,
            problem: None,
            field: "confirm",
            message: "Nothing deleted: tick “Yes, delete this article for good” to confirm.".into(),
        };
        return refuse(&app, &user, &article, error).await;
    }
    app.store
        .purge_article(id, None, now(), &user.actor())
        .await?;
    see_other("/admin/articles?status=trashed&done=deleted")
}

/// `POST /admin/articles/{id}/featured-image` (multipart: `csrf`, `alt`, `file`): uploads
/// a picture through the media library and makes it the article's featured image.
/// Registered as taking uploads (`BodyLimit::Upload`), so it takes pictures of the
/// configured upload size.
pub async fn featured_image(
    Staff { app, user }: Staff,
    Id(id): Id,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let unreadable = |detail: String| {
        WebError::BadRequest(format!(
            "The upload could not be read ({detail}). Choose the picture again and send the form once more."
        ))
    };
    // Roles that may never do this are refused before the upload is read.
    user.require(Action::Edit, Ownership::Own)?;
    let mut multipart = multipart.map_err(|e| unreadable(e.body_text()))?;
    let (mut csrf, mut alt, mut file) = (String::new(), String::new(), None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(unreadable(e.body_text())),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "csrf" | "alt" => {
                let value = field.text().await.map_err(|e| unreadable(e.body_text()))?;
                if name == "csrf" {
                    csrf = value;
                } else {
                    alt = value.chars().take(500).collect();
                }
            }
            "file" => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => file = Some((file_name, b)),
                    Err(e) => return Err(unreadable(e.body_text())),
                }
            }
            _ => {}
        }
    }
    if !user.csrf_ok(&csrf) {
        return Err(WebError::csrf());
    }
    let article = load(&app, id).await?;
    let own = ownership(&user, Some(&article));
    user.require(Action::Edit, own)?;
    if !can_save(&user, article.status, own) {
        user.require(Action::Publish, own)?;
    }
    user.require(Action::ManageMedia, Ownership::Own)?;
    let refusal = match file {
        Some((name, bytes)) if !bytes.is_empty() => {
            match crate::media::save_upload(&app, user.user.role, &user.actor(), &name, bytes, &alt)
                .await
            {
                Ok(media_id) => {
                    return match app
                        .store
                        .set_featured_media(id, media_id, now(), &user.actor())
                        .await
                    {
                        Ok(()) => see_other(&format!("/admin/articles/{id}/edit?done=image")),
                        Err(e) => Err(e.into()),
                    };
                }
                Err(refused) => (refused.0, refused.2),
            }
        }
        _ => (
            "No picture was chosen: choose a JPEG, PNG, WebP or GIF file.".to_owned(),
            Problem::new("problem-upload-none"),
        ),
    };
    let error = FieldError::because(
        "featured_image",
        format!("Featured image: {}", refusal.0),
        Problem::new("problem-featured-image").said("why", refusal.1),
    );
    refuse(&app, &user, &article, error).await
}
