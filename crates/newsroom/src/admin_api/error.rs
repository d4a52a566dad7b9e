//! The Admin API's errors, in the Content API's one shape
//! (`{"error": {"code", "message", "parameter"}}`, see `gazette_api::error`), with the
//! statuses a writing API needs besides the reading one's: 401 without a usable key, 403
//! for a role without the permission, 409 for a stale update (the message and the `ETag`
//! header give the current revision), 413, 415, 422 naming the field, 428 without a
//! revision to update from, 429 over the key's rate.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::article_input::FieldError;
use gazette_core::permissions::{Action, Role};
use gazette_store::StoreError;
use serde::Serialize;

#[derive(Debug)]
pub enum AdminError {
    Unauthorized(String),
    Forbidden(String),
    NotFound(String),
    /// The body cannot be read as JSON at all (or not as UTF-8).
    BadBody(String),
    /// One or more fields are refused; the first is named as the `parameter`.
    Fields(Vec<FieldError>),
    /// A field refused whose name is not one of ours (an unknown field).
    UnknownField(String, String),
    Stale {
        current: i64,
        message: String,
    },
    PreconditionRequired(String),
    TooLarge(String),
    UnsupportedMediaType(String),
    RateLimited {
        retry_after: u64,
    },
    Internal(String),
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'static str,
    message: &'a str,
    parameter: Option<&'a str>,
}

impl AdminError {
    /// A 403 naming the permission `role` lacks.
    pub fn forbidden(role: Role, action: Action) -> AdminError {
        AdminError::Forbidden(format!(
            "This key acts as {} {}, which may not {}. Use a key of a role that may, or ask an editor.",
            if matches!(role, Role::Admin | Role::Editor | Role::Author) {
                "an"
            } else {
                "a"
            },
            role.as_str(),
            action.describe()
        ))
    }

    /// A 422 for one field.
    pub fn field(field: &'static str, message: impl Into<String>) -> AdminError {
        AdminError::Fields(vec![FieldError::new(field, message)])
    }

    pub fn no_such(what: &str, id: i64) -> AdminError {
        AdminError::NotFound(format!("There is no {what} with the id {id}."))
    }
}

/// The API's name of a field the store names for the editor's form.
fn api_field(store_field: &'static str) -> &'static str {
    match store_field {
        "category" => "category_id",
        "featured_image" => "featured_media_id",
        "social_image" => "social_media_id",
        "credits" => "author_ids",
        "source" => "source_url",
        "address" => "slug",
        other => other,
    }
}

/// A store failure: refusals of the caller's values become 422s naming the field, a
/// missing thing a 404, a stale revision a 409; anything else is ours (500).
impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid { field, message, .. } => {
                let field = api_field(field);
                AdminError::field(field, format!("`{field}`: {message}."))
            }
            StoreError::Duplicate { field, value, .. } => AdminError::field(
                api_field(field),
                format!("The address `{value}` is already used; choose another `slug`."),
            ),
            StoreError::Missing { entity, value, .. } => {
                AdminError::NotFound(format!("There is no {entity} {value}."))
            }
            StoreError::Stale {
                entity,
                id,
                expected,
                current,
            } => AdminError::Stale {
                current,
                message: format!(
                    "The {entity} {id} has changed since revision {expected}: it is at revision {current} now. \
                     Nothing was written. Fetch it again, apply your change to the current text and send it with If-Match: \"{current}\"."
                ),
            },
            other => AdminError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let (status, code, parameter, message): (StatusCode, &str, Option<String>, String) =
            match &self {
                AdminError::Unauthorized(m) => {
                    (StatusCode::UNAUTHORIZED, "unauthorized", None, m.clone())
                }
                AdminError::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", None, m.clone()),
                AdminError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", None, m.clone()),
                AdminError::BadBody(m) => (StatusCode::BAD_REQUEST, "bad_body", None, m.clone()),
                AdminError::Fields(errors) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_field",
                    errors.first().map(|e| e.field.to_owned()),
                    errors
                        .iter()
                        .map(|e| e.message.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                AdminError::UnknownField(field, m) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unknown_field",
                    Some(field.clone()),
                    m.clone(),
                ),
                AdminError::Stale { message, .. } => {
                    (StatusCode::CONFLICT, "stale", None, message.clone())
                }
                AdminError::PreconditionRequired(m) => (
                    StatusCode::PRECONDITION_REQUIRED,
                    "revision_required",
                    None,
                    m.clone(),
                ),
                AdminError::TooLarge(m) => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "too_large", None, m.clone())
                }
                AdminError::UnsupportedMediaType(m) => (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    None,
                    m.clone(),
                ),
                AdminError::RateLimited { retry_after } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    None,
                    format!(
                        "This key has made too many requests. Wait {retry_after} s and try again, or spread the work over time."
                    ),
                ),
                AdminError::Internal(cause) => {
                    tracing::error!(error = %cause, "Admin API request failed");
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal",
                        None,
                        "Something went wrong on our side. Please try again in a moment."
                            .to_owned(),
                    )
                }
            };
        let body = Body {
            error: Detail {
                code,
                message: &message,
                parameter: parameter.as_deref(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match &self {
            AdminError::Unauthorized(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"gazette-admin\""),
                );
            }
            AdminError::Stale { current, .. } => {
                if let Ok(v) = HeaderValue::from_str(&format!("\"{current}\"")) {
                    headers.insert(header::ETAG, v);
                }
            }
            AdminError::RateLimited { retry_after } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
            }
            _ => {}
        }
        response
    }
}

/// The id in an API path (`/articles/{id}`), or a 404 naming `what` when the segment cannot
/// be one: the same answer as a well-formed id that names nothing.
pub(super) fn path_id(raw: &str, what: &str) -> Result<i64, AdminError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        AdminError::NotFound(format!(
            "There is no {what} with the id `{}`.",
            raw.chars().take(40).collect::<String>()
        ))
    })
}
