//! Every newsroom route, in one sweep: anonymous visitors are sent to sign in (or refused)
//! and subscribers get 403, for GETs and POSTs alike, on a site with content the handlers
//! could act on, and nothing is written. Each area's own tests check the finer role rules;
//! this one catches a route added without its guard. Keep ROUTES in step with
//! crates/web/src/routes/admin/.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::app;
use common::browser::{csrf_of, signed_in};
use reqwest::StatusCode;

const GET: &[&str] = &[
    "/admin",
    "/admin/articles",
    "/admin/articles/new",
    "/admin/articles/1/edit",
    "/admin/articles/1/revisions",
    "/admin/review",
    "/admin/media",
    "/admin/media/1",
    "/admin/categories",
    "/admin/categories/1",
    "/admin/tags",
    "/admin/tags/1",
    "/admin/pages",
    "/admin/pages/new",
    "/admin/pages/1",
    "/admin/menu",
    "/admin/settings",
    "/admin/staff",
    "/admin/audit",
];

const POST: &[&str] = &[
    "/admin/articles",
    "/admin/articles/bulk",
    "/admin/articles/preview",
    "/admin/articles/1",
    "/admin/articles/1/autosave",
    "/admin/articles/1/corrections",
    "/admin/articles/1/delete",
    "/admin/articles/1/featured-image",
    "/admin/articles/1/revisions/1/restore",
    "/admin/media/upload",
    "/admin/media/1",
    "/admin/media/1/delete",
    "/admin/categories",
    "/admin/categories/1",
    "/admin/categories/1/delete",
    "/admin/categories/1/up",
    "/admin/categories/1/down",
    "/admin/tags/1",
    "/admin/tags/1/delete",
    "/admin/tags/1/merge",
    "/admin/tags/1/special",
    "/admin/pages/new",
    "/admin/pages/preview",
    "/admin/pages/1",
    "/admin/pages/1/delete",
    "/admin/menu",
    "/admin/settings",
    "/admin/staff/invite",
    "/admin/staff/1/role",
    "/admin/staff/1/disable",
    "/admin/staff/1/enable",
    "/admin/staff/1/resend",
    "/admin/staff/1/byline",
];

/// Plausible fields for any of the forms, so a missing guard would have something to do.
const FIELDS: &[(&str, &str)] = &[
    ("title", "Taken over"),
    ("name", "Taken over"),
    ("slug", "taken-over"),
    ("body", "Taken over."),
    ("intent", "publish"),
    ("action", "delete"),
    ("ids", "1"),
    ("role", "admin"),
    ("email", "intruder@example.org"),
    ("confirm", "yes"),
    ("into", "2"),
];

#[tokio::test]
async fn anonymous_visitors_and_subscribers_are_refused_on_every_newsroom_route() {
    let app = app().demo(12).start().await;
    let changes = app.store.last_change_id().await.unwrap();

    for path in GET {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "anonymous GET {path}");
        assert!(
            page.header("location")
                .starts_with("/account/sign-in?next="),
            "anonymous GET {path} → {}",
            page.header("location")
        );
    }
    for path in POST {
        let status = app
            .client
            .post(app.url(path))
            .form(FIELDS)
            .send()
            .await
            .unwrap()
            .status();
        assert!(
            matches!(
                status,
                StatusCode::SEE_OTHER | StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            ),
            "anonymous POST {path}: {status}"
        );
    }

    let mut reader = signed_in(&app, "subscriber").await;
    for path in GET {
        assert_eq!(
            reader.get(path).await.status,
            StatusCode::FORBIDDEN,
            "subscriber GET {path}"
        );
    }
    // The subscriber's own session token (from their sessions page), so the refusal is
    // the role's and not the token's.
    let csrf = csrf_of(&reader.get("/account/sessions").await);
    for path in POST {
        let mut fields = FIELDS.to_vec();
        fields.push(("csrf", csrf.as_str()));
        let page = reader.post(path, &fields).await;
        assert!(
            matches!(page.status, StatusCode::FORBIDDEN),
            "subscriber POST {path}: {}",
            page.status
        );
    }

    // Signing in wrote its own rows; nothing else changed the content.
    let after = app.store.changes_since(changes, 1000).await.unwrap();
    assert!(
        after.is_empty(),
        "refused requests changed content: {after:?}"
    );
}
