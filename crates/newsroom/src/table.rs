//! Where each newsroom route says what it needs. A route is registered together with the
//! action (and ownership) its role must allow, and a guard in front of the handler refuses
//! anonymous visitors and roles without it before any work is done. The same declarations
//! give [`crate::route_table`], so the guard test sweeps every route there is instead of a
//! list kept by hand. Checks that depend on the object (one's own article or another's)
//! stay in the handlers. A route that takes more than a small form says so as it is
//! registered ([`Routes::takes`]); the site's body limits and timeouts come from there.

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use gazette_core::permissions::{Action, Ownership};
use gazette_web::auth::CurrentUser;
use gazette_web::limits::{BodyLimit, RouteLimits};
use gazette_web::{AppState, Mounted, WebError};

/// The HTTP methods newsroom routes use (`Get` also answers HEAD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// The least a role must be allowed to reach a route at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub action: Action,
    pub ownership: Ownership,
}

/// One registered route: method, axum path pattern, what it needs and its body limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub need: Need,
    pub body: BodyLimit,
}

/// Collects routes with their needs. Without a state it only records the table (for
/// [`crate::route_table`]); with one it also puts the guard in front of each handler.
pub(crate) struct Routes {
    app: Option<Arc<AppState>>,
    router: Router<Arc<AppState>>,
    table: Vec<RouteInfo>,
}

impl Routes {
    pub(crate) fn new(app: Option<Arc<AppState>>) -> Self {
        Routes {
            app,
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn add(
        mut self,
        method: Method,
        path: &'static str,
        need: Need,
        route: MethodRouter<Arc<AppState>>,
    ) -> Self {
        let route = match &self.app {
            Some(app) => route.route_layer(from_fn_with_state((Arc::clone(app), need), guard)),
            None => route,
        };
        self.router = self.router.route(path, route);
        self.table.push(RouteInfo {
            method,
            path,
            need,
            body: BodyLimit::Form,
        });
        self
    }

    /// The route registered last takes bodies up to `limit` (otherwise a small form's).
    pub(crate) fn takes(mut self, limit: BodyLimit) -> Self {
        if let Some(last) = self.table.last_mut() {
            last.body = limit;
        }
        self
    }

    /// `GET path`, for roles allowed `action` on `ownership`.
    pub(crate) fn get<H, T>(
        self,
        path: &'static str,
        action: Action,
        ownership: Ownership,
        handler: H,
    ) -> Self
    where
        H: Handler<T, Arc<AppState>>,
        T: 'static,
    {
        let need = Need { action, ownership };
        self.add(Method::Get, path, need, axum::routing::get(handler))
    }

    /// `POST path`, for roles allowed `action` on `ownership`.
    pub(crate) fn post<H, T>(
        self,
        path: &'static str,
        action: Action,
        ownership: Ownership,
        handler: H,
    ) -> Self
    where
        H: Handler<T, Arc<AppState>>,
        T: 'static,
    {
        let need = Need { action, ownership };
        self.add(Method::Post, path, need, axum::routing::post(handler))
    }

    /// The router, with the body limits its routes declared.
    /// The router, with the body limits its routes declared and those of `more` routes
    /// mounted beside it (the Admin API's).
    pub(crate) fn into_mounted_with(self, more: Vec<(&'static str, BodyLimit)>) -> Mounted {
        Mounted {
            limits: RouteLimits::new(self.table.iter().map(|r| (r.path, r.body)).chain(more)),
            router: self.router,
        }
    }

    pub(crate) fn into_table(self) -> Vec<RouteInfo> {
        self.table
    }
}

/// Signs the visitor in (anonymous visitors go to sign in, as everywhere) and refuses a role
/// without the route's [`Need`] with the 403 page that names what is missing.
async fn guard(
    State((app, need)): State<(Arc<AppState>, Need)>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let user = match CurrentUser::from_request_parts(&mut parts, &app).await {
        Ok(user) => user,
        Err(refused) => return refused,
    };
    if let Err(refusal) = user.require(need.action, need.ownership) {
        return WebError::from(refusal).into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}
