//! The ids in newsroom paths (`/admin/tags/{id}`, `/admin/articles/{id}/revisions/{rev}/…`).
//! axum's `Path` answers a segment that is not a number with a bare, unthemed 400; an id
//! that cannot name anything is simply "no such page", so [`Id`] answers the themed 404
//! instead, the same page as a well-formed id that names nothing.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use gazette_web::WebError;
use serde::de::DeserializeOwned;

/// The path's id segment(s): `Id(id): Id` for one, `Id((id, rev)): Id<(i64, i64)>` for two.
pub(crate) struct Id<T = i64>(pub T);

impl<S, T> FromRequestParts<S> for Id<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| Id(id))
            .map_err(|_| WebError::NotFound)
    }
}
