//! `POST /api/admin/v1/media`: a picture into the library through the library's own upload
//! pipeline (`media::save_upload`: the same type sniffing, size and pixel limits, variants
//! and de-duplication), then its caption through the library's own store write.

use std::sync::Arc;

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::limits;
use gazette_core::permissions::{Action, Ownership};
use gazette_web::AppState;

use super::auth::Caller;
use super::dto::MediaItem;
use super::error::AdminError;
use crate::media::{Refusal, UploadRefused, save_upload};

fn unreadable(detail: &str) -> AdminError {
    AdminError::BadBody(format!(
        "The upload could not be read as multipart/form-data ({detail}). Send the picture in a `file` part."
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
        (status = 400, description = "Not a multipart form", body = gazette_api::error::ErrorBody),
        (status = 401, description = "No usable key", body = gazette_api::error::ErrorBody),
        (status = 403, description = "The key's role may not upload", body = gazette_api::error::ErrorBody),
        (status = 413, description = "Over the site's upload size", body = gazette_api::error::ErrorBody),
        (status = 415, description = "Not a JPEG, PNG, WebP or GIF picture", body = gazette_api::error::ErrorBody),
        (status = 422, description = "Too many pixels, damaged, no `file`, or alt/caption too long", body = gazette_api::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn upload(
    State(app): State<Arc<AppState>>,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AdminError> {
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
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(AdminError::TooLarge(format!(
                    "The upload is larger than the {} this site accepts. Make the picture smaller.",
                    gazette_web::limits::describe_bytes(app.config.max_upload_bytes)
                )));
            }
            Err(e) => return Err(unreadable(&e.body_text())),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "alt" | "caption" => {
                let value = field.text().await.map_err(|e| unreadable(&e.body_text()))?;
                if name == "alt" {
                    alt = value;
                } else {
                    caption = gazette_core::text::clean_input(&value).trim().to_owned();
                }
            }
            "file" => {
                let file_name = field.file_name().unwrap_or("upload").to_owned();
                match field.bytes().await {
                    Ok(b) => file = Some((file_name, b)),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(AdminError::TooLarge(format!(
                            "The upload is larger than the {} this site accepts. Make the picture smaller.",
                            gazette_web::limits::describe_bytes(app.config.max_upload_bytes)
                        )));
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
    if limits::check(limits::Field::MediaCaption, &caption).is_err() {
        return Err(AdminError::field(
            "caption",
            format!(
                "`caption` is too long: at most {} characters.",
                limits::MEDIA_CAPTION_MAX
            ),
        ));
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AdminError::field(
            "file",
            "No picture was sent: put a JPEG, PNG, WebP or GIF file in the `file` part.",
        ));
    };
    let id = save_upload(&app, caller.role, &caller.actor, &file_name, bytes, &alt)
        .await
        .map_err(|UploadRefused(message, kind)| match kind {
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
        let current = app
            .store
            .media_by_id(id)
            .await?
            .ok_or_else(|| AdminError::no_such("picture", id))?;
        app.store
            .update_media_text(id, &current.alt, &caption, &current.credit, &caller.actor)
            .await?;
    }
    let m = app
        .store
        .media_by_id(id)
        .await?
        .ok_or_else(|| AdminError::no_such("picture", id))?;
    let item = MediaItem {
        id: m.id,
        url: format!("{}/media/{}", app.config.base_url, m.path),
        mime: m.mime,
        width: m.width,
        height: m.height,
        alt: m.alt,
        caption: m.caption,
    };
    let mut response = (StatusCode::CREATED, Json(item)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
