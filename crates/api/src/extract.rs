//! Extractors whose rejections are API errors: axum's own answer a malformed query string
//! or path with a plain-text body, which would break the promise of one JSON error shape.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The query string, deserialised into `T` (whose fields are all optional strings, checked
/// one by one by the handler so each error can name its parameter).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::try_from_uri(&parts.uri)
            .map(|Query(v)| ApiQuery(v))
            .map_err(|e| {
                // serde speaks of fields; the caller sent parameters.
                let text = e.body_text();
                let detail = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text)
                    .replace("unknown field", "unknown parameter")
                    .replace("duplicate field", "parameter given twice:");
                ApiError::BadQuery(format!(
                    "The query string cannot be used: {detail}. The parameters of each endpoint \
                     are listed in /api/openapi.json; give each at most once, percent-encoded \
                     as UTF-8."
                ))
            })
    }
}

/// One path segment (a slug), percent-decoded.
pub struct ApiSlug(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ApiSlug {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(s)| ApiSlug(s))
            .map_err(|_| ApiError::BadParameter {
                parameter: "slug",
                message: "`slug` must be percent-encoded UTF-8.".to_owned(),
            })
    }
}
