//! `POST /api/admin/v1/media`: a picture into the library through the library's own upload
//! pipeline (`media::save_upload`: the same type sniffing, size and pixel limits, variants
//! and de-duplication), then its caption through the library's own store write; and
//! `PATCH /api/admin/v1/media/{id}`: alt text, caption and credit, checked as the library's
//! edit screen checks them.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use gazette_core::permissions::{Action, Ownership};
use gazette_web::AppState;

use super::auth::Caller;
use super::dto::MediaItem;
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};
use crate::media::{
    MAX_ALT, MAX_CAPTION, MAX_CREDIT, Refusal, UploadRefused, check_text, save_upload,
};

fn unreadable(detail: &str) -> AdminError {
    AdminError::BadBody(format!(
        "The upload could not be read as multipart/form-data ({detail}). Send the picture in a `file` part."
    ))
}

/// The upload went past the site's size limit, read in parts or as the file's bytes.
fn too_large(app: &AppState) -> AdminError {
    AdminError::TooLarge(format!(
        "The upload is larger than the {} this site accepts. Make the picture smaller.",
        gazette_web::limits::describe_bytes(app.config.max_upload_bytes)
    ))
}

/// Upload a picture.
#[utoipa::path(
    post,
    path = "/api/admin/v1/media",
    tag = "media",
    request_body(content = super::dto::MediaUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "In the library (the same bytes uploaded twice give the same entry)", body = MediaItem),
        UploadErrors,
    ),
)]
pub async fn upload(
    State(app): super::App,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> super::Answer {
    caller.require(Action::ManageMedia, Ownership::Own)?;
    let mut multipart = multipart.map_err(|e| {
        if e.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE || e.status() == StatusCode::BAD_REQUEST {
            AdminError::UnsupportedMediaType(
                "Send the picture as multipart/form-data with a `file` part (and optional `alt` and `caption`)."
                    .to_owned(),
            )
        } else {
            unreadable(&e.body_text())
        }
    })?;
    let (mut alt, mut caption, mut file) = (String::new(), String::new(), None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(&app)),
            Err(e) => return Err(unreadable(&e.body_text())),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "alt" | "caption" => {
                let value = field.text().await.map_err(|e| unreadable(&e.body_text()))?;
                if name == "alt" {
                    alt = value;
                } else {
                    caption = value.trim().to_owned();
                }
            }
            "file" => {
                let file_name = field.file_name().unwrap_or("upload").to_owned();
                match field.bytes().await {
                    Ok(b) => file = Some((file_name, b)),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(too_large(&app));
                    }
                    Err(e) => return Err(unreadable(&e.body_text())),
                }
            }
            other => {
                return Err(AdminError::UnknownField(
                    other.chars().take(40).collect(),
                    format!(
                        "`{}` is not a part of an upload; the parts are file, alt and caption. Nothing was written.",
                        other.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
    }
    if let Some(problem) = check_text("Caption", &caption, MAX_CAPTION) {
        return Err(AdminError::field("caption", problem));
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AdminError::field(
            "file",
            "No picture was sent: put a JPEG, PNG, WebP or GIF file in the `file` part.",
        ));
    };
    let id = save_upload(&app, caller.role, &caller.actor, &file_name, bytes, &alt)
        .await
        .map_err(|UploadRefused(message, kind, _)| match kind {
            Refusal::Forbidden => AdminError::Forbidden(message),
            Refusal::TooLarge => AdminError::TooLarge(message),
            Refusal::NotAPicture => AdminError::UnsupportedMediaType(message),
            Refusal::Unacceptable if message.contains("Alt text") => {
                AdminError::field("alt", message)
            }
            Refusal::Unacceptable => AdminError::field("file", message),
            Refusal::Server => AdminError::Internal(message),
        })?;
    if !caption.is_empty() {
        let current = found(app.store.media_by_id(id).await?, "picture", id)?;
        app.store
            .update_media_text(id, &current.alt, &caption, &current.credit, &caller.actor)
            .await?;
    }
    item_response(&app, id, StatusCode::CREATED).await
}

async fn item_response(app: &AppState, id: i64, status: StatusCode) -> super::Answer {
    let m = found(app.store.media_by_id(id).await?, "picture", id)?;
    let item = MediaItem {
        id: m.id,
        url: format!("{}/media/{}", app.config.base_url, m.path),
        mime: m.mime,
        width: m.width,
        height: m.height,
        alt: m.alt,
        caption: m.caption,
    };
    Ok(super::json_with(status, &item))
}

endpoint! {
    /// Change a picture's alt text, caption or credit (only the fields sent).
    patch "/api/admin/v1/media/{id}", tag "media",
    answers (200, "Saved", MediaItem), UpdateErrors;
    fn update(app, caller, Path(id) "The picture's id", Body(body) super::dto::MediaWrite) {
        let id = super::error::path_id(&id, "picture")?;
        let entry = found(app.store.media_entry(id).await?, "picture", id)?;
        let own = match caller.user_id {
            Some(user) if entry.uploaded_by == Some(user) => Ownership::Own,
            _ => Ownership::Other,
        };
        caller.require(Action::ManageMedia, own)?;
        let obj = body.read(&["alt", "caption", "credit"])?;
        let mut values = [
            ("alt", "Alt text", MAX_ALT, entry.media.alt.clone()),
            (
                "caption",
                "Caption",
                MAX_CAPTION,
                entry.media.caption.clone(),
            ),
            ("credit", "Credit", MAX_CREDIT, entry.media.credit.clone()),
        ];
        let mut problems = Vec::new();
        for (field, label, max, value) in &mut values {
            if let Some(v) = obj.string(field)? {
                *value = v.trim().to_owned();
            }
            if let Some(problem) = check_text(label, value, *max) {
                problems.push(gazette_core::article_input::FieldError::new(field, problem));
            }
        }
        if !problems.is_empty() {
            return Err(AdminError::Fields(problems));
        }
        let [(_, _, _, alt), (_, _, _, caption), (_, _, _, credit)] = values;
        app.store
            .update_media_text(id, &alt, &caption, &credit, &caller.actor)
            .await?;
        item_response(&app, id, StatusCode::OK).await
    }
}
