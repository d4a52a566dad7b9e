//! Errors of the web layer and how each becomes a response: a themed page with the right
//! status for readers, the cause in the log (never in the page) for server faults.

use axum::http::StatusCode;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// Not signed in where a session is needed (for requests that cannot be redirected).
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but the role or the form's token does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// The request body is over the limit; the message says the limit.
    #[error("{0}")]
    TooLarge(String),
    #[error(transparent)]
    Store(#[from] gazette_store::StoreError),
    #[error(transparent)]
    Theme(#[from] crate::theme::ThemeError),
    #[error(transparent)]
    Search(#[from] gazette_search::SearchError),
    #[error("{0}")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Store(_)
            | WebError::Theme(_)
            | WebError::Search(_)
            | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The sentence a reader sees.
    pub fn public_message(&self) -> String {
        match self {
            WebError::NotFound => "This page does not exist.".to_owned(),
            WebError::BadRequest(m)
            | WebError::Unauthorized(m)
            | WebError::Forbidden(m)
            | WebError::TooLarge(m) => m.clone(),
            WebError::Store(_)
            | WebError::Theme(_)
            | WebError::Search(_)
            | WebError::Internal(_) => {
                "Something went wrong on our side. Please try again in a moment.".to_owned()
            }
        }
    }
}
