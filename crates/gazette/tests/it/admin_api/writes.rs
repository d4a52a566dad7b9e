//! Tag writes (rename, special topic, merge, delete) and page deletion with the newsroom's
//! permission (`ManageTaxonomy`, `ManagePages`); authors read in full; JSON errors for a
//! wrong method (405) and an unknown path (404); hostile bodies on the new endpoints; and
//! the audit screen naming the key that acted.

use super::*;

#[tokio::test]
async fn tags_are_renamed_merged_and_deleted_as_in_the_newsroom() {
    let (app, seen) = start().await;
    let (editor, author) = editor_and_author(&app, &seen).await;
    let ferries = common::add_tag(&app.store, "ferries", "Ferries").await;
    let boats = common::add_tag(&app.store, "boats", "Boats").await;
    let path = |id: i64| format!("/api/admin/v1/tags/{id}");
    // The role table: an author may not manage tags; nothing changes.
    author
        .patch(&path(ferries), &json!({"name": "Taken"}), None)
        .await
        .expect(403);
    author.delete(&path(ferries)).await.expect(403);
    author
        .post(
            &format!("{}/merge", path(ferries)),
            &json!({"into_id": boats}),
        )
        .await
        .expect(403);
    assert_eq!(
        app.store.tag_usage(ferries).await.unwrap().unwrap().name,
        "Ferries"
    );
    // Rename with a new slug: the old address redirects.
    let renamed = editor
        .patch(
            &path(ferries),
            &json!({"name": "Ferry lines", "slug": "ferry-lines", "special": true}),
            None,
        )
        .await;
    renamed.expect(200);
    assert_eq!(renamed.json["slug"], "ferry-lines");
    assert_eq!(renamed.json["special"], true);
    let old = app.get("/tag/ferries/").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    // Refusals name the field and write nothing.
    for (body, field) in [
        (json!({"name": "  "}), "name"),
        (json!({"slug": "Not A Slug!"}), "slug"),
        (json!({"slug": "boats"}), "slug"),
        (json!({"special": "yes"}), "special"),
        (json!({"colour": "red"}), "colour"),
    ] {
        editor
            .patch(&path(ferries), &body, None)
            .await
            .expect(422)
            .names(field);
    }
    let kept = app.store.tag_usage(ferries).await.unwrap().unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.slug.as_str()),
        ("Ferry lines", "ferry-lines")
    );
    // Merge: into itself or into nothing is refused; into another tag works.
    let merge = format!("{}/merge", path(ferries));
    for into in [json!(ferries), json!(999_999), json!("boats")] {
        editor
            .post(&merge, &json!({ "into_id": into }))
            .await
            .expect(422)
            .names("into_id");
    }
    let merged = editor.post(&merge, &json!({ "into_id": boats })).await;
    merged.expect(200);
    assert_eq!(merged.json["id"], boats);
    assert!(app.store.tag_usage(ferries).await.unwrap().is_none());
    editor.get(&path(ferries)).await.expect(405);
    // Delete.
    editor.delete(&path(boats)).await.expect(204);
    editor.delete(&path(boats)).await.expect(404);
    editor.delete("/api/admin/v1/tags/boats").await.expect(404);
    common::assert_audited(&app, &["tag.update", "tag.merge", "tag.delete"]).await;
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn pages_are_deleted_by_those_who_manage_them_unless_they_are_legal_pages() {
    let (app, seen) = start().await;
    let admin = as_role(&app, &seen, "admin").await;
    let author = as_role(&app, &seen, "author").await;
    let created = admin
        .post(
            "/api/admin/v1/pages",
            &json!({"title": "Ferry help desk", "body": "Call us.", "published": true}),
        )
        .await;
    created.expect(201);
    let id = created.json["id"].as_i64().unwrap();
    let path = format!("/api/admin/v1/pages/{id}");
    author.delete(&path).await.expect(403);
    assert!(app.store.page_by_id(id).await.unwrap().is_some());
    admin.delete(&path).await.expect(204);
    assert!(app.store.page_by_id(id).await.unwrap().is_none());
    admin.delete(&path).await.expect(404);
    // The privacy page is named in the settings: refused, with the setting named.
    let privacy = app.store.settings().await.unwrap().privacy_page;
    if let Some(page) = app.store.page_by_slug(&privacy).await.unwrap() {
        admin
            .delete(&format!("/api/admin/v1/pages/{}", page.id))
            .await
            .expect(422)
            .names("privacy_page");
        assert!(app.store.page_by_id(page.id).await.unwrap().is_some());
    }
    common::assert_audited(&app, &["page.create", "page.delete"]).await;
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn authors_are_listed_in_full() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "contributor").await;
    common::add_author(
        &app.store,
        "leyla-aliyeva",
        "Leyla Aliyeva",
        "Covers the Caspian ports.",
    )
    .await;
    let list = api.get("/api/admin/v1/authors").await;
    list.expect(200);
    let leyla = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "leyla-aliyeva")
        .cloned()
        .expect("the author is listed");
    assert_eq!(leyla["name"], "Leyla Aliyeva");
    assert_eq!(leyla["bio"], "Covers the Caspian ports.");
    assert_eq!(leyla["articles"], 0);
    assert!(
        leyla["url"]
            .as_str()
            .unwrap()
            .ends_with("/author/leyla-aliyeva/")
    );
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn wrong_methods_and_unknown_paths_answer_in_the_one_json_shape() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "editor").await;
    let put = api
        .send(
            Method::PUT,
            "/api/admin/v1/articles",
            api.request(Method::PUT, "/api/admin/v1/articles"),
        )
        .await;
    put.expect(405);
    assert_eq!(put.json["error"]["code"], "method_not_allowed");
    assert!(put.header("allow").contains("GET") && put.header("allow").contains("POST"));
    api.delete("/api/admin/v1/categories").await.expect(405);
    let missing = api.get("/api/admin/v1/newsletters").await;
    missing.expect(404);
    assert_eq!(missing.json["error"]["code"], "not_found");
    api.get("/api/admin/v1/articles/1/nothing/here")
        .await
        .expect(404);
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn hostile_bodies_on_tag_writes_are_refused_and_write_nothing() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "editor").await;
    let id = common::add_tag(&app.store, "harbours", "Harbours").await;
    let path = format!("/api/admin/v1/tags/{id}");
    let raw = |body: Vec<u8>, content_type: &str| {
        api.request(Method::PATCH, &path)
            .header("content-type", content_type)
            .body(body)
    };
    // Invalid UTF-8.
    let a = api
        .send(
            Method::PATCH,
            &path,
            raw(b"{\"name\": \"\xff\xfe\"}".to_vec(), "application/json"),
        )
        .await;
    a.expect(400);
    // Not JSON at all, a JSON array, the wrong content type.
    for (body, content_type, status) in [
        (&b"name=x"[..], "application/json", 400),
        (b"[1,2]", "application/json", 400),
        (b"{\"name\":\"x\"}", "text/plain", 415),
    ] {
        let sent = raw(body.to_vec(), content_type);
        api.send(Method::PATCH, &path, sent).await.expect(status);
    }
    // Huge: far over any limit.
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
    let big = api
        .send(
            Method::PATCH,
            &path,
            raw(huge.into_bytes(), "application/json"),
        )
        .await;
    assert!(matches!(big.status, 413 | 422), "{}", big.json);
    // Over the name limit.
    api.patch(&path, &json!({"name": "x".repeat(500)}), None)
        .await
        .expect(422)
        .names("name");
    // Script in the name: kept as text, never as markup.
    let scripted = api
        .patch(
            &path,
            &json!({"name": "<script>alert(1)</script>", "slug": "scripted"}),
            None,
        )
        .await;
    if scripted.status == 200 {
        let page = app.get("/tag/scripted/").await;
        assert!(!page.body.contains("<script>alert(1)</script>"));
    }
    let kept = app.store.tag_usage(id).await.unwrap().unwrap();
    assert!(
        kept.slug == "harbours" || kept.slug == "scripted",
        "{}",
        kept.slug
    );
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn the_audit_screen_names_the_key_and_the_role_it_acted_as() {
    let (app, seen) = start().await;
    let secret = role_key(&app, "Wire importer", Role::Author, None).await;
    let api = Api::new(&app, &seen, secret);
    api.draft("Wire copy: port strike").await;
    // The audit row carries the key, not a note in the address column.
    let (lines, _) = app
        .store
        .audit_lines(&Default::default(), 0, 50)
        .await
        .unwrap();
    let line = lines
        .iter()
        .find(|l| l.entry.action == "article.create")
        .expect("the create is audited");
    assert_eq!(line.entry.api_key_name.as_deref(), Some("Wire importer"));
    assert_eq!(line.entry.api_key_role.as_deref(), Some("author"));
    assert!(
        !line.entry.ip.contains("Wire importer"),
        "{}",
        line.entry.ip
    );
    let mut admin = signed_in(&app, "admin").await;
    let page = admin.get("/admin/audit?action=article.create").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.texts(".audit-row__who"),
        vec!["key Wire importer (acting as author)"]
    );
    super::contract::check_all(&app, &seen).await;
}
