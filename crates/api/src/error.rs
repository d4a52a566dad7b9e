//! The API's one error shape, `{"error": {"code", "message", "parameter"}}`, and how each
//! failure maps to a status: bad input is a 400 naming the parameter and the expected form,
//! a missing thing a 404, a server fault a 500 whose cause goes to the log, never the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// What went wrong with a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query or path parameter is malformed or out of range.
    #[error("{message}")]
    BadParameter {
        parameter: &'static str,
        message: String,
    },
    /// The query string as a whole cannot be read (e.g. a parameter given twice).
    #[error("{0}")]
    BadQuery(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error(transparent)]
    Store(#[from] gazette_store::StoreError),
    #[error(transparent)]
    Search(#[from] gazette_search::SearchError),
    #[error("{0}")]
    Internal(String),
}

/// Every error response: one object under `error`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `bad_parameter`, `bad_query`, `not_found`,
    /// `method_not_allowed` or `internal`.
    #[schema(example = "bad_parameter")]
    pub code: &'static str,
    /// What is wrong and what to do, for people.
    #[schema(example = "`page` must be a whole number from 1 to 100000 (got `-1`).")]
    pub message: String,
    /// The query or path parameter at fault, for `bad_parameter`; otherwise null.
    #[schema(required = true)]
    pub parameter: Option<&'static str>,
}

/// A 400 for `parameter`, saying what was expected and echoing (a bounded part of) the value.
pub fn bad(parameter: &'static str, expected: &str, got: &str) -> ApiError {
    let mut shown: String = got.chars().take(40).collect();
    if got.chars().count() > 40 {
        shown.push('…');
    }
    ApiError::BadParameter {
        parameter,
        message: format!("`{parameter}` must be {expected} (got `{shown}`)."),
    }
}

impl ApiError {
    /// A 404 for an unknown slug, quoting (the start of) what was asked for.
    pub fn no_such(what: &str, slug: &str) -> ApiError {
        let slug: String = slug.chars().take(80).collect();
        ApiError::NotFound(format!("There is no {what} with the slug `{slug}`."))
    }

    fn parts(&self) -> (StatusCode, &'static str, Option<&'static str>) {
        match self {
            ApiError::BadParameter { parameter, .. } => {
                (StatusCode::BAD_REQUEST, "bad_parameter", Some(parameter))
            }
            ApiError::BadQuery(_) => (StatusCode::BAD_REQUEST, "bad_query", None),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found", None),
            ApiError::MethodNotAllowed(_) => {
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None)
            }
            ApiError::Store(_) | ApiError::Search(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", None)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, parameter) = self.parts();
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "API request failed");
            "Something went wrong on our side. Please try again in a moment.".to_owned()
        } else {
            self.to_string()
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message,
                parameter,
            },
        };
        let mut response = (status, Json(body)).into_response();
        // Errors are not cached: the next request may well succeed.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if status == StatusCode::METHOD_NOT_ALLOWED {
            response.headers_mut().insert(
                header::ALLOW,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            );
        }
        response
    }
}
