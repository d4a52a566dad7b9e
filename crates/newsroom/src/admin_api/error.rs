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
    /// A known path asked with a method it does not take.
    MethodNotAllowed(String),
    /// The thing is in a state where this cannot be done (an edition already sent).
    Conflict(String),
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
        "feed URL" => "feed_url",
        "home URL" => "home_url",
        "feed kind" => "feed_kind",
        "fetch interval" => "fetch_minutes",
        "retention" => "retention_days",
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
            StoreError::Duplicate {
                entity,
                field,
                value,
            } => {
                let field = api_field(field);
                AdminError::field(
                    field,
                    format!(
                        "`{field}`: `{value}` is already used by another {entity}; choose another."
                    ),
                )
            }
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
                AdminError::Conflict(m) => (StatusCode::CONFLICT, "conflict", None, m.clone()),
                AdminError::MethodNotAllowed(m) => (
                    StatusCode::METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    None,
                    m.clone(),
                ),
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

/// `row`, or the 404 saying there is no `what` with the id `id`.
pub(super) fn found<T>(row: Option<T>, what: &str, id: i64) -> Result<T, AdminError> {
    row.ok_or_else(|| AdminError::no_such(what, id))
}

/// Refuses the first of `names` that is not one of `allowed` (shown cut to 40 characters),
/// with the message `say(shown, allowed)` gives.
pub(super) fn known_names<'a>(
    mut names: impl Iterator<Item = &'a String>,
    allowed: &[&str],
    say: impl Fn(&str, &str) -> String,
) -> Result<(), AdminError> {
    match names.find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => {
            let shown: String = unknown.chars().take(40).collect();
            let message = say(&shown, &allowed.join(", "));
            Err(AdminError::UnknownField(shown, message))
        }
        None => Ok(()),
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

/// The error responses of each kind of endpoint, for the OpenAPI document: each endpoint
/// names its set (`responses((status = 200, …), MoveErrors)`) instead of repeating the
/// lines. 401, 429 and 500, which every endpoint may answer, are added to all of them by
/// the document's modifier ([`sets::COMMON`]). Never built: only their `IntoResponses`
/// impls are read.
pub mod sets {
    use std::collections::BTreeMap;

    use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

    /// One documented error: its status and what it means for that kind of endpoint.
    type Documented = (u16, &'static str);

    const BAD_BODY: Documented = (400, "Not JSON, or not UTF-8");
    const FORBIDDEN: Documented = (403, "The key's role may not do this");
    const NOT_FOUND: Documented = (404, "No such thing, or a malformed id");
    const NO_ARTICLE: Documented = (404, "No such article");
    const TOO_LARGE: Documented = (413, "Body too large");
    const NOT_JSON: Documented = (415, "Not `application/json`");
    const INVALID: Documented = (422, "A field is refused; `parameter` names it");
    const MOVE_FORBIDDEN: Documented = (403, "The key's role may not make this move");

    /// What every endpoint may answer, whatever its kind.
    pub const COMMON: [Documented; 3] = [
        (401, "No usable key: missing, unknown, revoked or expired"),
        (
            429,
            "Over the key's rate; `Retry-After` says when to try again",
        ),
        (500, "Our fault; try again later"),
    ];

    /// An error response: the one error shape, `ErrorBody`, as JSON.
    pub fn response(description: &str) -> Response {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
    }

    fn responses(documented: &[Documented]) -> BTreeMap<String, RefOr<Response>> {
        documented
            .iter()
            .map(|(status, description)| (status.to_string(), response(description).into()))
            .collect()
    }

    /// A set of documented errors, named by the endpoints that answer them.
    macro_rules! set {
        ($(#[$doc:meta])* $name:ident = [$($error:expr),+ $(,)?]) => {
            $(#[$doc])*
            pub struct $name;

            impl utoipa::IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    responses(&[$($error),+])
                }
            }
        };
    }

    set!(
        /// A read any staff key may make; other roles are refused.
        StaffErrors = [(403, "The key's role is not staff")]
    );
    set!(
        /// A read of one thing: the key's role may not see it, or it does not exist.
        ReadErrors = [FORBIDDEN, NOT_FOUND]
    );
    set!(
        /// A list with query parameters.
        ListErrors = [
            FORBIDDEN,
            (422, "A parameter is refused; `parameter` names it")
        ]
    );
    set!(
        /// A create with a JSON body.
        CreateErrors = [BAD_BODY, FORBIDDEN, TOO_LARGE, NOT_JSON, INVALID]
    );
    set!(
        /// A change with a JSON body to a thing that exists.
        UpdateErrors = [BAD_BODY, FORBIDDEN, NOT_FOUND, TOO_LARGE, NOT_JSON, INVALID]
    );
    set!(
        /// A change of an article's fields, made from a revision.
        RevisedUpdateErrors = [
            BAD_BODY,
            FORBIDDEN,
            NO_ARTICLE,
            (
                409,
                "Stale: the article changed since that revision (the message and `ETag` give the current one); nothing written"
            ),
            TOO_LARGE,
            NOT_JSON,
            INVALID,
            (428, "No revision given"),
        ]
    );
    set!(
        /// A workflow move without a body (submit, publish, trash…), made from a revision
        /// when `If-Match` is sent.
        MoveErrors = [
            MOVE_FORBIDDEN,
            NO_ARTICLE,
            (
                409,
                "Stale: the article changed since the `If-Match` revision; nothing changed"
            ),
            (
                422,
                "Not a move the workflow allows from the article's status (`parameter`: `status`)"
            ),
        ]
    );
    set!(
        /// A workflow move with a JSON body (schedule).
        MoveBodyErrors = [
            BAD_BODY,
            MOVE_FORBIDDEN,
            NO_ARTICLE,
            (
                409,
                "Stale: the article changed since that revision; nothing changed"
            ),
            TOO_LARGE,
            NOT_JSON,
            (
                422,
                "A field is refused or the move is not allowed; `parameter` names it"
            ),
        ]
    );
    set!(
        /// A deletion: refused when the thing is in use or the role may not.
        DeleteErrors = [
            FORBIDDEN,
            NOT_FOUND,
            (422, "Refused: the message says why and what to do first"),
        ]
    );
    set!(
        /// A multipart upload.
        UploadErrors = [
            (400, "The multipart body cannot be read"),
            (403, "The key's role may not upload"),
            (413, "The file is over the upload limit"),
            (
                415,
                "Not `multipart/form-data`, or not a picture format the library takes"
            ),
            (
                422,
                "A field or the picture is refused; `parameter` names it"
            ),
        ]
    );
    set!(
        /// An action on a thing that exists, possible only in some of its states (fetch
        /// now, hold, send now).
        ActionErrors = [
            BAD_BODY,
            FORBIDDEN,
            NOT_FOUND,
            (
                409,
                "Not possible any more: the thing moved on (an edition already going out)"
            ),
            NOT_JSON,
            (
                422,
                "Not possible in the thing's state, or a field is refused; the message says why"
            ),
        ]
    );
}
