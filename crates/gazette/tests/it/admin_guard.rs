//! Every newsroom route, in one sweep: anonymous visitors are sent to sign in (or refused)
//! and subscribers get 403, for GETs and POSTs alike, on a site with content the handlers
//! could act on, and nothing is written. Each area's own tests check the finer role rules;
//! this one catches a route added without its guard. The routes come from the newsroom's
//! own table (`gazette_newsroom::route_table`), so a new route is swept as soon as it exists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app;
use common::browser::{csrf_of, signed_in};
use gazette_newsroom::Method;
use reqwest::StatusCode;

/// Every newsroom route of `method` from the router's own table, with `1` for each
/// `{id}`-like segment (the demo site has article, media, category, tag, page 1).
fn routes(method: Method) -> Vec<String> {
    let paths: Vec<String> = gazette_newsroom::route_table()
        .into_iter()
        .filter(|r| r.method == method)
        .map(|r| {
            r.path
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        "1"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    assert!(
        !paths.is_empty(),
        "no {} routes in the table",
        method.as_str()
    );
    paths
}

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
    let (get, post) = (routes(Method::Get), routes(Method::Post));
    assert!(get.iter().any(|p| p == "/admin/articles/1/edit"), "{get:?}");
    assert!(post.iter().any(|p| p == "/admin/staff/invite"), "{post:?}");

    for path in &get {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "anonymous GET {path}");
        assert!(
            page.header("location")
                .starts_with("/account/sign-in?next="),
            "anonymous GET {path} → {}",
            page.header("location")
        );
    }
    for path in &post {
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
    for path in &get {
        assert_eq!(
            reader.get(path).await.status,
            StatusCode::FORBIDDEN,
            "subscriber GET {path}"
        );
    }
    // The subscriber's own session token (from their sessions page), so the refusal is
    // the role's and not the token's.
    let csrf = csrf_of(&reader.get("/account/sessions").await);
    for path in &post {
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
