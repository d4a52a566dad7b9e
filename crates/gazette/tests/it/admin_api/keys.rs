//! API keys: made on the newsroom's screen (secret shown once, only a hash stored), listed
//! with their last use, revoked at once, expiring; a key never opens the HTML newsroom and a
//! session cookie never opens the API; the audit log names the key.

use super::*;

/// Presses the revoke button of API key `id` as `b`, with the token `csrf`.
async fn revoke(b: &mut Browser<'_>, csrf: &str, id: i64) -> common::Page {
    let revoke = format!("/admin/api-keys/{id}/revoke");
    b.post(&revoke, &[("csrf", csrf)]).await
}

#[tokio::test]
async fn a_key_works_until_revoked_and_the_audit_names_it() {
    let (app, seen) = start().await;
    let (key, mut b) = personal_key(&app, "editor").await;
    let api = Api::new(&app, &seen, key.clone());
    let (id, _) = api.draft("Filed by a script").await;
    // Only the hash is stored.
    let hash = gazette_web::auth::token_hash(&key);
    assert!(app.store.api_key_by_hash(&hash).await.unwrap().is_some());
    assert!(app.store.api_key_by_hash(&key).await.unwrap().is_none());
    // The list shows it, with its last use, and never the secret again.
    let list = b.get("/admin/api-keys").await;
    assert!(list.body.contains("editor script"));
    assert!(!list.body.contains(&key));
    let keys = app.store.api_keys(None).await.unwrap();
    assert!(keys[0].last_used_at.is_some(), "last use recorded");
    // The audit entry of the write names the key and its person.
    let audit = app.store.audit_log(20).await.unwrap();
    let created = audit
        .iter()
        .find(|e| e.action == "article.create" && e.entity_id == Some(id.to_string()))
        .unwrap();
    assert_eq!(created.api_key_name.as_deref(), Some("editor script"));
    assert_eq!(created.api_key_role.as_deref(), Some("editor"));
    assert!(created.user_id.is_some());
    // Revoked with one click: refused at once.
    let csrf = csrf_of(&list);
    let revoked = revoke(&mut b, &csrf, keys[0].id).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    api.get("/api/admin/v1/articles").await.expect(401);
    let a = api.get(&format!("/api/admin/v1/articles/{id}")).await;
    a.expect(401).says("revoked");
    assert!(a.header("www-authenticate").starts_with("Bearer"));
    common::assert_audited(&app, &["api_key.create", "api_key.revoke"]).await;
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn expired_unknown_and_missing_keys_are_refused() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "author").await;
    api.get("/api/admin/v1/articles").await.expect(200);
    // Expire it (as if its days had passed).
    app.store
        .execute_raw("UPDATE api_keys SET expires_at = 1")
        .await
        .unwrap();
    let a = api.get("/api/admin/v1/articles").await;
    a.expect(401).says("expired");
    api.with_key("gzk_0000")
        .get("/api/admin/v1/articles")
        .await
        .expect(401);
    let none = api
        .send(
            Method::GET,
            "/api/admin/v1/articles",
            app.client.get(app.url("/api/admin/v1/articles")),
        )
        .await;
    none.expect(401);
    // A disabled person's personal key stops with them.
    let contributor = as_role(&app, &seen, "contributor").await;
    app.store
        .execute_raw("UPDATE users SET disabled = 1 WHERE email = 'contributor@example.org'")
        .await
        .unwrap();
    contributor.get("/api/admin/v1/articles").await.expect(401);
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn a_key_never_opens_the_newsroom_nor_a_session_the_api() {
    let (app, seen) = start().await;
    let (key, b) = personal_key(&app, "admin").await;
    // The HTML newsroom ignores the key: sign in first.
    let page = app
        .client
        .get(app.url("/admin/articles"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert!(
        page.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/account/sign-in")
    );
    let post = app
        .client
        .post(app.url("/admin/articles"))
        .bearer_auth(&key)
        .form(&[("title", "Via key")])
        .send()
        .await
        .unwrap();
    assert!(post.status().is_client_error(), "{}", post.status());
    // The API ignores the session cookie: a key is needed.
    let api = Api::new(&app, &seen, String::new());
    let with_cookie = api
        .send(
            Method::POST,
            "/api/admin/v1/articles",
            app.client
                .post(app.url("/api/admin/v1/articles"))
                .header("cookie", b.cookie_header())
                .json(&json!({"title": "Via cookie"})),
        )
        .await;
    with_cookie.expect(401);
    let (_, total) = app
        .store
        .newsroom_articles(&Default::default())
        .await
        .unwrap();
    assert_eq!(total, 0, "nothing was written");
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn only_admins_make_integration_keys_and_see_every_key() {
    let (app, seen) = start().await;
    let mut admin = signed_in(&app, "admin").await;
    let wire = create_key(
        &mut admin,
        &[
            ("name", "Wire importer"),
            ("kind", "integration"),
            ("role", "contributor"),
            ("days", "30"),
        ],
    )
    .await;
    let api = Api::new(&app, &seen, wire);
    // An integration key acts with its role: a contributor drafts but never publishes.
    let (id, _) = api.draft("Wire copy").await;
    api.post(&format!("/api/admin/v1/articles/{id}/publish"), &json!({}))
        .await
        .expect(403);
    let keys = app.store.api_keys(None).await.unwrap();
    assert_eq!(keys[0].user_id, None);
    assert!(keys[0].expires_at.is_some());
    // An author may only make personal keys and sees only their own.
    let (_, mut author) = personal_key(&app, "author").await;
    let page = author.get("/admin/api-keys").await;
    assert!(!page.body.contains("Wire importer"));
    let csrf = csrf_of(&page);
    let refused = author
        .post(
            "/admin/api-keys",
            &[
                ("csrf", csrf.as_str()),
                ("name", "Sneaky"),
                ("kind", "integration"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Nor revoke someone else's.
    let other = revoke(&mut author, &csrf, keys[0].id).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(
        app.store
            .api_key(keys[0].id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_none()
    );
    // A key without a name is refused with a message.
    let unnamed = admin.get("/admin/api-keys").await;
    let csrf = csrf_of(&unnamed);
    let bad = admin
        .post(
            "/admin/api-keys",
            &[("csrf", csrf.as_str()), ("name", "  "), ("days", "-3")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Give the key a name"));
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn a_key_over_its_rate_waits_with_429_and_other_keys_do_not() {
    let (app, seen) = start().await;
    let slow = role_key(&app, "slow", Role::Editor, Some(1)).await;
    let fast = role_key(&app, "fast", Role::Editor, None).await;
    let api = Api::new(&app, &seen, slow);
    // One a second, counted over 10-second windows: at most ten calls in a row, then a wait.
    let mut limited = None;
    for _ in 0..21 {
        let a = api.get("/api/admin/v1/tags").await;
        if a.status == 429 {
            limited = Some(a);
            break;
        }
        a.expect(200);
    }
    let limited = limited.expect("the key was never limited");
    limited.expect(429);
    assert!(limited.header("retry-after").parse::<u64>().unwrap() >= 1);
    api.with_key(&fast)
        .get("/api/admin/v1/tags")
        .await
        .expect(200);
    super::contract::check_all(&app, &seen).await;
}
