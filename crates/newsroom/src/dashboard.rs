//! `GET /admin`: the newsroom's overview: who is signed in, for editors and admins the
//! publications scheduled next, and for admins the staff list with the invitation form.

use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership};

use crate::staff_request::Staff;
use crate::table::Routes;
use gazette_web::WebError;

pub(crate) fn routes(r: Routes) -> Routes {
    r.get("/admin", Action::EnterNewsroom, Ownership::Other, index)
        .get("/admin/", Action::EnterNewsroom, Ownership::Other, index)
}

/// Staff only; subscribers get 403.
async fn index(Staff { app, user }: Staff) -> Result<Response, WebError> {
    super::staff::render(&app, &user, StatusCode::OK, None, None, "", "author").await
}
