//! What every newsroom handler takes first: the app and the signed-in person, read as one
//! extractor so each handler names them in one line instead of two.

use std::sync::Arc;

use axum::extract::{FromRequestParts, State};
use gazette_web::AppState;
use gazette_web::auth::CurrentUser;

/// `Staff { app, user }: Staff`: the app state and the [`CurrentUser`], refused as
/// [`CurrentUser`] refuses (anonymous visitors are sent to sign in). The route's guard has
/// already checked the role by the time a handler runs.
#[derive(FromRequestParts)]
#[from_request(state(Arc<AppState>))]
pub(crate) struct Staff {
    #[from_request(via(State))]
    pub app: Arc<AppState>,
    pub user: CurrentUser,
}
