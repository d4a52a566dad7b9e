//! Each role through the API, against the newsroom's permission table: what it may do to
//! its own article and to someone else's, and the workflow's moves.

use super::*;

use gazette_core::model::Status;
use gazette_core::permissions::{Action, Ownership, Role, allows};

fn code(allowed: bool, ok: u16) -> u16 {
    if allowed { ok } else { 403 }
}

#[tokio::test]
async fn every_role_may_do_what_the_newsroom_allows_and_nothing_more() {
    let (app, seen) = start().await;
    // The editor writes the "other" article every role is tried on.
    let editor = as_role(&app, &seen, "editor").await;
    for role in [Role::Admin, Role::Author, Role::Contributor] {
        let api = as_role(&app, &seen, role.as_str()).await;
        // Their own draft: create, read, edit, submit.
        let (own, etag) = api.draft(&format!("{role} original")).await;
        api.get(&format!("/api/admin/v1/articles/{own}"))
            .await
            .expect(200);
        api.patch(
            &format!("/api/admin/v1/articles/{own}"),
            &json!({"subtitle": "Now with a subtitle"}),
            Some(&etag),
        )
        .await
        .expect(200);
        api.post(&format!("/api/admin/v1/articles/{own}/submit"), &json!({}))
            .await
            .expect(200);
        // Publishing their own: as the table says.
        let may_publish = allows(role, Action::Publish, Ownership::Own);
        api.post(&format!("/api/admin/v1/articles/{own}/publish"), &json!({}))
            .await
            .expect(code(may_publish, 200));
        // Someone else's article.
        let (other, other_etag) = editor.draft(&format!("editor piece for {role}")).await;
        let may_edit_other = allows(role, Action::Edit, Ownership::Other);
        api.get(&format!("/api/admin/v1/articles/{other}"))
            .await
            .expect(code(may_edit_other, 200));
        api.patch(
            &format!("/api/admin/v1/articles/{other}"),
            &json!({"title": "Taken over"}),
            Some(&other_etag),
        )
        .await
        .expect(code(may_edit_other, 200));
        api.delete(&format!("/api/admin/v1/articles/{other}"))
            .await
            .expect(code(allows(role, Action::Delete, Ownership::Other), 200));
        if !may_edit_other {
            let kept = app.editable(other).await;
            assert_eq!(
                kept.input.title,
                format!("editor piece for {role}"),
                "nothing written"
            );
        }
        // Pages are for those who manage them.
        api.get("/api/admin/v1/pages").await.expect(code(
            allows(role, Action::ManagePages, Ownership::Other),
            200,
        ));
        // Everyone on staff reads the lists.
        for path in [
            "/api/admin/v1/articles?status=draft",
            "/api/admin/v1/categories",
            "/api/admin/v1/tags",
            "/api/admin/v1/authors",
        ] {
            api.get(path).await.expect(200);
        }
    }
    // A subscriber cannot even make a key (the newsroom is closed to them).
    let mut sub = signed_in(&app, "subscriber").await;
    assert_ne!(sub.get("/admin/api-keys").await.status, StatusCode::OK);
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn the_workflow_moves_as_in_the_editor() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "author").await;
    let (id, _) = api.draft("Weekend translation").await;
    let path = |what: &str| format!("/api/admin/v1/articles/{id}/{what}");
    // Not published yet: it cannot be taken down.
    api.post(&path("unpublish"), &json!({}))
        .await
        .expect(422)
        .names("status");
    // Scheduling needs a future time, in RFC 3339.
    api.post(&path("schedule"), &json!({}))
        .await
        .expect(422)
        .names("publish_at");
    api.post(&path("schedule"), &json!({"publish_at": "tomorrow"}))
        .await
        .expect(422)
        .names("publish_at");
    api.post(
        &path("schedule"),
        &json!({"publish_at": "2001-01-01T00:00:00Z"}),
    )
    .await
    .expect(422)
    .names("publish_at");
    let at = time::OffsetDateTime::now_utc() + time::Duration::days(2);
    let at = at
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let s = api
        .post(&path("schedule"), &json!({"publish_at": at}))
        .await;
    s.expect(200);
    assert_eq!(s.json["status"], "scheduled");
    assert_eq!(s.json["published_at"], at);
    let p = api.post(&path("publish"), &json!({})).await;
    p.expect(200);
    assert_eq!(p.json["status"], "published");
    assert_eq!(app.editable(id).await.status, Status::Published);
    // Readers get it (through the Content API, whose cache follows the change log).
    let slug = p.json["slug"].as_str().unwrap().to_owned();
    common::until(
        std::time::Duration::from_secs(5),
        "the article is public",
        || async {
            app.fetch(&format!("/api/v1/articles/{slug}"), &[])
                .await
                .status()
                == 200
        },
    )
    .await;
    api.post(&path("draft"), &json!({}))
        .await
        .expect(422)
        .names("status");
    api.post(&path("unpublish"), &json!({})).await.expect(200);
    api.post(&path("draft"), &json!({})).await.expect(200);
    let revs = api.get(&path("revisions")).await;
    revs.expect(200);
    assert!(!revs.json["items"].as_array().unwrap().is_empty());
    // The list filters by status, author, category and language.
    let drafts = api
        .get("/api/admin/v1/articles?status=draft&language=en")
        .await;
    drafts.expect(200);
    assert_eq!(drafts.json["total"], 1);
    for (query, parameter) in [
        ("status=limbo", "status"),
        ("per_page=0", "per_page"),
        ("colour=red", "colour"),
    ] {
        api.get(&format!("/api/admin/v1/articles?{query}"))
            .await
            .expect(422)
            .names(parameter);
    }
    api.get("/api/admin/v1/articles/999999").await.expect(404);
    api.get("/api/admin/v1/articles/abc").await.expect(404);
    // Deleting their own: to the trash.
    let trashed = api.delete(&format!("/api/admin/v1/articles/{id}")).await;
    trashed.expect(200);
    assert_eq!(trashed.json["status"], "trashed");
    common::assert_audited(&app, &["article.create", "article.trashed"]).await;
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn categories_are_managed_by_editors_only_with_the_newsroom_checks() {
    let (app, seen) = start().await;
    let (editor, author) = editor_and_author(&app, &seen).await;
    let path = "/api/admin/v1/categories";
    author
        .post(path, &json!({"name": "World"}))
        .await
        .expect(403);
    let world = editor.post(path, &json!({"name": "World"})).await;
    world.expect(201);
    assert_eq!(world.json["slug"], "world");
    let id = world.json["id"].as_i64().unwrap();
    let europe = editor
        .post(path, &json!({"name": "Europe", "parent_id": id}))
        .await;
    europe.expect(201);
    assert_eq!(europe.json["path"], "world/europe");
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "X", "slug": "No Good"}), "slug"),
        (json!({"name": "x".repeat(101)}), "name"),
        (json!({"name": "World"}), "slug"),
    ] {
        editor.post(path, &body).await.expect(422).names(field);
    }
    editor
        .post(path, &json!({"name": "X", "parent_id": 9999}))
        .await
        .expect(422);
    let renamed = editor
        .patch(&format!("{path}/{id}"), &json!({"name": "The World"}), None)
        .await;
    renamed.expect(200);
    assert_eq!(renamed.json["name"], "The World");
    assert_eq!(renamed.json["slug"], "world");
    // Not while it has a subcategory.
    editor.delete(&format!("{path}/{id}")).await.expect(422);
    editor
        .delete(&format!("{path}/{}", europe.json["id"]))
        .await
        .expect(204);
    author.delete(&format!("{path}/{id}")).await.expect(403);
    editor.delete(&format!("{path}/{id}")).await.expect(204);
    editor.delete(&format!("{path}/{id}")).await.expect(404);
    common::assert_audited(&app, &["category.create", "category.delete"]).await;
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn pages_are_written_through_the_page_editors_checks() {
    let (app, seen) = start().await;
    let (editor, author) = editor_and_author(&app, &seen).await;
    let path = "/api/admin/v1/pages";
    author
        .post(path, &json!({"title": "About"}))
        .await
        .expect(403);
    for (body, field) in [
        (json!({"title": ""}), "title"),
        (json!({"title": "About", "slug": "About Us"}), "slug"),
        (json!({"title": "About", "published": "yes"}), "published"),
    ] {
        editor.post(path, &body).await.expect(422).names(field);
    }
    let about = editor
        .post(
            path,
            &json!({"title": "About us", "body": "Who we are <script>x()</script>"}),
        )
        .await;
    about.expect(201);
    assert_eq!(about.json["slug"], "about-us");
    assert_eq!(about.json["published"], false);
    let id = about.json["id"].as_i64().unwrap();
    let published = editor
        .patch(&format!("{path}/{id}"), &json!({"published": true}), None)
        .await;
    published.expect(200);
    assert_eq!(published.json["published"], true);
    let page = app.store.page_by_id(id).await.unwrap().unwrap();
    assert!(!page.body_html.contains("<script"), "{}", page.body_html);
    editor.get(path).await.expect(200);
    super::contract::check_all(&app, &seen).await;
}
