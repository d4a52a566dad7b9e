//! `next` after sign-in: only a path that stays on this site as a browser reads it.

use reqwest::StatusCode;

use crate::common::app;
use crate::common::browser::{Browser, PASSWORD, add_user, csrf_of, location};

/// `next` values that lead a browser off the site (browsers drop tab/LF/CR, trim controls
/// and spaces, and read `\` as `/`), or that cannot be a header value.
const HOSTILE: &[&str] = &[
    "/\t/evil.example",
    "/\n/evil",
    "/\\evil",
    "//evil",
    "https://evil",
    " //evil",
    "/\r\nSet-Cookie:x",
    "javascript:alert(1)",
    "\u{0}//evil",
];

#[tokio::test]
async fn sign_in_follows_only_same_site_paths_and_never_fails_on_next() {
    let app = app().start().await;
    add_user(&app, "editor@example.org", "Edna Editor", "editor").await;
    let cases = HOSTILE.iter().map(|h| (*h, "/admin")).chain([
        ("/admin/articles?x=1", "/admin/articles?x=1"),
        ("/account/sessions", "/account/sessions"),
    ]);
    for (next, expected) in cases {
        let mut b = Browser::new(&app);
        // The form, opened with `next` in its address (percent-encoded as a link would be).
        let encoded: String = next.bytes().map(|b| format!("%{b:02X}")).collect();
        let form = b.get(&format!("/account/sign-in?next={encoded}")).await;
        assert_eq!(form.status, StatusCode::OK, "{next:?}: {}", form.body);
        let csrf = csrf_of(&form);
        // The attacker controls the posted field too, so post the raw value.
        let page = b
            .post(
                "/account/sign-in",
                &[
                    ("csrf", csrf.as_str()),
                    ("email", "editor@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{next:?}: {}",
            page.body
        );
        assert_eq!(location(&page), expected, "{next:?}");
        // Signed in, the sign-in page redirects at once: the same rule.
        let again = b.get(&format!("/account/sign-in?next={encoded}")).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&again), expected, "{next:?}");
    }
}

#[tokio::test]
async fn percent_encoded_hostile_next_in_the_address_is_ignored() {
    let app = app().start().await;
    add_user(&app, "editor@example.org", "Edna Editor", "editor").await;
    // As typed in the issue: the query string decodes to control characters and `\`.
    for query in [
        "/%09/evil.example",
        "/%0a/evil",
        "/%5cevil",
        "/%0d%0aSet-Cookie:x",
        "%20//evil",
    ] {
        let mut b = Browser::new(&app);
        let form = b.get(&format!("/account/sign-in?next={query}")).await;
        assert_eq!(form.status, StatusCode::OK, "{query}: {}", form.body);
        // The form carries no `next` then.
        assert!(
            form.attrs("input[name=next]", "value").is_empty(),
            "{query}: {:?}",
            form.attrs("input[name=next]", "value")
        );
        let page = b
            .submit(
                &format!("/account/sign-in?next={query}"),
                "/account/sign-in",
                &[("email", "editor@example.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{query}");
        assert_eq!(location(&page), "/admin", "{query}");
        let again = b.get(&format!("/account/sign-in?next={query}")).await;
        assert_eq!(location(&again), "/admin", "{query}");
    }
}
