//! Errors of the web layer and how each becomes a response: a themed page with the right
//! status for readers, the cause in the log (never in the page) for server faults.
//!
//! A handler returns `Result<_, WebError>` and uses `?`. The themed page needs the site and
//! the request's path, which `IntoResponse` cannot see, so the error rides in the response's
//! extensions to [`render_layer`] (innermost in the router, inside the page cache), which
//! renders it exactly as [`crate::error_page`] does.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The sentence of a 403 for a form whose CSRF token is missing or not this session's.
pub const CSRF_REFUSED: &str = "The form's security token is missing or out of date. Go back, reload the page and submit it again.";

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
    /// The request clashes with the current state (a name taken, a file in use).
    #[error("{0}")]
    Conflict(String),
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
            WebError::Conflict(_) => StatusCode::CONFLICT,
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
            | WebError::TooLarge(m)
            | WebError::Conflict(m) => m.clone(),
            WebError::Store(_)
            | WebError::Theme(_)
            | WebError::Search(_)
            | WebError::Internal(_) => {
                "Something went wrong on our side. Please try again in a moment.".to_owned()
            }
        }
    }
}

impl WebError {
    /// [`WebError::public_message`] in the interface language `lang`: the fixed sentences
    /// (not found, server fault, stale form) from the catalogues; a handler's own sentence
    /// as it wrote it.
    pub fn message_in(&self, cats: &crate::i18n::Catalogues, lang: &str) -> String {
        use crate::i18n::keys;
        match self {
            WebError::NotFound => cats.text(lang, keys::ERROR_NOT_FOUND),
            WebError::Forbidden(m) if m == CSRF_REFUSED => cats.text(lang, keys::ERROR_CSRF),
            WebError::Store(_)
            | WebError::Theme(_)
            | WebError::Search(_)
            | WebError::Internal(_) => cats.text(lang, keys::ERROR_SERVER),
            _ => self.public_message(),
        }
    }
}

impl From<crate::auth::Forbidden> for WebError {
    fn from(refusal: crate::auth::Forbidden) -> Self {
        WebError::Forbidden(refusal.message())
    }
}

impl WebError {
    /// The 403 for a form whose CSRF token is missing or out of date.
    pub fn csrf() -> Self {
        WebError::Forbidden(CSRF_REFUSED.to_owned())
    }
}

/// A [`WebError`] on its way to [`render_layer`].
#[derive(Clone)]
struct Unrendered(Arc<WebError>);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Unrendered(Arc::new(self)));
        response
    }
}

/// Renders a [`WebError`] a handler returned as the themed error page for the request's
/// path. The status and headers set on the way out (`Retry-After`, cookies) are kept.
pub(crate) async fn render_layer(
    State(app): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let edition = request
        .extensions()
        .get::<crate::edition::Edition>()
        .cloned();
    let mut response = next.run(request).await;
    let Some(Unrendered(error)) = response.extensions_mut().remove::<Unrendered>() else {
        return response;
    };
    let lang = edition.and_then(|e| e.code().map(str::to_owned));
    let mut page = crate::routes::render_error(&app, &path, lang.as_deref(), &error).await;
    *page.status_mut() = response.status();
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    page
}
