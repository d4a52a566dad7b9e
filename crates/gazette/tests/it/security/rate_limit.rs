//! The sign-in limit counts a guess before checking it, so parallel guesses cannot slip
//! past it.

use reqwest::StatusCode;

use crate::common::app;
use crate::common::browser::{Browser, add_user, csrf_of};

/// Wrong passwords checked per account in the window (`MAX_FAILURES` in the account routes).
const LIMIT: usize = 5;

/// The editor's sign-in form submitted with `password`.
async fn sign_in(b: &mut Browser<'_>, password: &str) -> crate::common::Page {
    b.submit(
        "/account/sign-in",
        "/account/sign-in",
        &[("email", "editor@example.org"), ("password", password)],
    )
    .await
}

#[tokio::test]
async fn forty_parallel_wrong_guesses_get_at_most_the_limit_checked() {
    let app = app().start().await;
    add_user(&app, "editor@example.org", "Edna Editor", "editor").await;
    let mut b = Browser::new(&app);
    let form = b.get("/account/sign-in").await;
    let csrf = csrf_of(&form);
    let cookie = b.cookie_header();
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..40 {
        let request = app
            .client
            .post(app.url("/account/sign-in"))
            .header("cookie", cookie.clone())
            .form(&[
                ("csrf", csrf.clone()),
                ("email", "editor@example.org".to_owned()),
                ("password", format!("guess number {i}")),
            ]);
        guesses.spawn(async move { request.send().await.unwrap().status() });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(status) = guesses.join_next().await {
        match status.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("a guess was answered {other}"),
        }
    }
    assert!(
        checked <= LIMIT,
        "{checked} guesses were checked against the password, the limit is {LIMIT}"
    );
    assert_eq!(checked + refused, 40);
    // The right password is refused too until the window passes.
    let page = sign_in(&mut b, crate::common::browser::PASSWORD).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_successful_sign_in_clears_the_accounts_count() {
    let app = app().start().await;
    add_user(&app, "editor@example.org", "Edna Editor", "editor").await;
    let mut b = Browser::new(&app);
    for round in 0..2 {
        for _ in 0..LIMIT - 1 {
            let page = sign_in(&mut b, "wrong").await;
            assert_eq!(page.status, StatusCode::UNAUTHORIZED, "round {round}");
        }
        let page = sign_in(&mut b, crate::common::browser::PASSWORD).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "round {round}");
        b.cookies.remove("gazette_session");
    }
}
