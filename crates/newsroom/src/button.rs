//! A button on one item (delete, send, revoke, move up): a posted form with nothing in it
//! but its CSRF token, at a path naming the item. Read as one extractor so each such handler
//! says so in one line instead of three.

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use gazette_web::AppState;
use gazette_web::auth::CurrentUser;
use gazette_web::form::CsrfForm;
use serde::Deserialize;

use crate::id::Id;
use crate::staff_request::Staff;

/// `Button { app, user, id }: Button`: read and refused in the order the three extractors it
/// replaces were, [`Staff`], [`Id`], then [`CsrfForm`] (whatever fields come with the token
/// are ignored).
pub(crate) struct Button {
    pub app: Arc<AppState>,
    pub user: CurrentUser,
    pub id: i64,
}

/// The button's form: only the token, which [`CsrfForm`] checks; other fields are ignored.
#[derive(Deserialize)]
struct NoFields {}

impl FromRequest<Arc<AppState>> for Button {
    type Rejection = Response;

    async fn from_request(request: Request, state: &Arc<AppState>) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let Staff { app, user } = Staff::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Id(id) = Id::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let CsrfForm(NoFields {}) =
            CsrfForm::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Button { app, user, id })
    }
}
