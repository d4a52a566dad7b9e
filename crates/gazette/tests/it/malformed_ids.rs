//! Issue 19: an id in a newsroom address that is not a number (`/admin/tags/xyz`) is "no
//! such page", the themed 404 like an id that names nothing, never the bare 400 of a path
//! that failed to parse. Every route with an id in the newsroom's table is swept, GET and
//! POST, as an admin (so nothing but the id can refuse the request).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::app;
use common::browser::{csrf_of, signed_in};
use gazette_newsroom::Method;
use reqwest::StatusCode;

/// Every route of the table with an id, each `{…}` segment replaced by `bad`.
fn malformed(bad: &str) -> Vec<(Method, String)> {
    gazette_newsroom::route_table()
        .into_iter()
        .filter(|r| r.path.contains('{'))
        .map(|r| {
            let path = r
                .path
                .split('/')
                .map(|s| if s.starts_with('{') { bad } else { s })
                .collect::<Vec<_>>()
                .join("/");
            (r.method, path)
        })
        .collect()
}

#[tokio::test]
async fn a_malformed_id_in_a_newsroom_address_is_the_themed_404() {
    let app = app().demo(3).start().await;
    let mut admin = signed_in(&app, "admin").await;
    let csrf = csrf_of(&admin.get("/admin/pages/new").await);
    let routes = malformed("abc");
    for wanted in [
        (Method::Get, "/admin/articles/abc/edit"),
        (Method::Get, "/admin/tags/abc"),
        (Method::Post, "/admin/tags/abc"),
        (Method::Post, "/admin/articles/abc/revisions/abc/restore"),
        (Method::Post, "/admin/staff/abc/role"),
    ] {
        assert!(
            routes.iter().any(|(m, p)| (*m, p.as_str()) == wanted),
            "{wanted:?} not in {routes:?}"
        );
    }
    for (method, path) in routes.iter().chain(&malformed("12x")) {
        let page = match method {
            Method::Get => admin.get(path).await,
            Method::Post => admin.post(path, &[("csrf", csrf.as_str())]).await,
        };
        let what = format!("{} {path}", method.as_str());
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{what}: {}", page.body);
        // The site's own 404 page: its search form, not indexed.
        assert!(
            page.count("form[action=\"/search\"]") >= 1,
            "{what}: {}",
            page.body
        );
        assert_eq!(page.meta("robots"), "noindex", "{what}");
    }
    // A well-formed id that names nothing answers the same page.
    let page = admin.get("/admin/tags/999999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.count("form[action=\"/search\"]") >= 1);
}
