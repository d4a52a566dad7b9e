//! `GET /admin`: the newsroom's overview: who is signed in, for editors and admins the
//! publications scheduled next, and for admins the staff list with the invitation form.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use gazette_core::permissions::{Action, Ownership};

use gazette_web::AppState;
use gazette_web::auth::CurrentUser;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin", get(index))
        .route("/admin/", get(index))
}

/// Staff only; subscribers get 403.
async fn index(State(app): State<Arc<AppState>>, user: CurrentUser) -> Response {
    if let Err(refused) = super::allowed(
        &app,
        &user,
        "/admin",
        Action::EnterNewsroom,
        Ownership::Other,
    )
    .await
    {
        return refused;
    }
    super::staff::render(&app, &user, StatusCode::OK, None, None, "", "author").await
}
