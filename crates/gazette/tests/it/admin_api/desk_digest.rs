//! The feed desk's sources and the digest's editions through the API, with the permission
//! table of `/admin/desk` and `/admin/digest` (editors and admins): sources listed,
//! created, changed, stopped, fetched now and deleted with the form's checks; editions
//! listed, read, held, released and sent now; refusals name the field and write nothing.

use super::*;

use gazette_core::digest::prefs::Frequency;
use gazette_store::NewEdition;

#[tokio::test]
async fn desk_sources_are_managed_by_editors_with_the_forms_checks() {
    let (app, seen) = start().await;
    let (editor, author) = editor_and_author(&app, &seen).await;
    let list = "/api/admin/v1/desk/sources";
    // Authors do not run the desk.
    author.get(list).await.expect(403);
    author
        .post(
            list,
            &json!({"name": "Port news", "feed_url": "https://example.com/feed"}),
        )
        .await
        .expect(403);
    // Refusals name the field; nothing is added.
    for (body, field) in [
        (
            json!({"name": "Port news", "feed_url": "ftp://example.com/feed"}),
            "feed_url",
        ),
        (
            json!({"name": "", "feed_url": "https://example.com/feed"}),
            "name",
        ),
        (
            json!({"name": "Port news", "feed_url": "https://example.com/feed", "fetch_minutes": "15"}),
            "fetch_minutes",
        ),
        (
            json!({"name": "Port news", "feed_url": "https://example.com/feed", "fetch_minutes": 0}),
            "fetch_minutes",
        ),
        (
            json!({"name": "Port news", "feed_url": "https://example.com/feed", "feed_kind": "gopher"}),
            "feed_kind",
        ),
        (
            json!({"name": "Port news", "feed_url": "https://example.com/feed", "category_id": 4242}),
            "category_id",
        ),
        (
            json!({"name": "Port news", "feed_url": "https://example.com/feed", "css_selector": "<<<"}),
            "css_selector",
        ),
        (
            json!({"name": "Port news", "feed_url": "https://example.com/feed", "active": false}),
            "active",
        ),
    ] {
        editor.post(list, &body).await.expect(422).names(field);
    }
    assert!(
        app.store.desk_sources().await.unwrap().is_empty(),
        "nothing written"
    );
    let created = editor
        .post(
            list,
            &json!({"name": "Port news", "feed_url": "https://example.com/feed", "language": "az", "fetch_minutes": 30}),
        )
        .await;
    created.expect(201);
    let id = created.json["id"].as_i64().unwrap();
    assert_eq!(created.json["outlet"], "Port news");
    assert_eq!(created.json["fetch_minutes"], 30);
    assert_eq!(created.json["active"], true);
    // The same feed twice is refused by name.
    editor
        .post(
            list,
            &json!({"name": "Again", "feed_url": "https://example.com/feed"}),
        )
        .await
        .expect(422)
        .names("feed_url");
    let one = format!("{list}/{id}");
    editor.get(&one).await.expect(200);
    editor.get(&format!("{list}/999999")).await.expect(404);
    editor.get(&format!("{list}/nope")).await.expect(404);
    // Change and stop it; an inactive source is not fetched.
    let changed = editor
        .patch(
            &one,
            &json!({"outlet": "Port News Agency", "active": false}),
            None,
        )
        .await;
    changed.expect(200);
    assert_eq!(changed.json["outlet"], "Port News Agency");
    assert_eq!(changed.json["active"], false);
    editor
        .post(&format!("{one}/fetch"), &json!({}))
        .await
        .expect(422)
        .names("active");
    editor
        .patch(&one, &json!({"active": true}), None)
        .await
        .expect(200);
    editor
        .post(&format!("{one}/fetch"), &json!({}))
        .await
        .expect(202);
    author
        .post(&format!("{one}/fetch"), &json!({}))
        .await
        .expect(403);
    author.delete(&one).await.expect(403);
    editor.delete(&one).await.expect(204);
    editor.delete(&one).await.expect(404);
    assert!(app.store.desk_source(id).await.unwrap().is_none());
    common::assert_audited(
        &app,
        &[
            "desk_source.create",
            "desk_source.update",
            "desk_source.delete",
        ],
    )
    .await;
    super::contract::check_all(&app, &seen).await;
}

fn edition(date: &str, slot_at: i64) -> NewEdition {
    NewEdition {
        date: date.to_owned(),
        language: "en".to_owned(),
        frequency: Frequency::Daily,
        slot_at,
        since_at: slot_at - 86_400,
        items: Vec::new(),
        now: slot_at - 3_600,
    }
}

#[tokio::test]
async fn digest_editions_are_held_and_sent_by_editors_only() {
    let (app, seen) = start().await;
    let (editor, author) = editor_and_author(&app, &seen).await;
    // Tomorrow's edition, not due yet.
    let tomorrow = time::OffsetDateTime::now_utc().unix_timestamp() + 86_400;
    let next = app
        .store
        .create_edition(&edition("2099-01-02", tomorrow))
        .await
        .unwrap()
        .expect("composed");
    app.store
        .create_skipped_edition(&edition("2099-01-01", tomorrow - 86_400))
        .await
        .unwrap();
    let list = editor.get("/api/admin/v1/digest/editions").await;
    list.expect(200);
    assert_eq!(list.json["items"].as_array().unwrap().len(), 2);
    author
        .get("/api/admin/v1/digest/editions")
        .await
        .expect(403);
    let path = format!("/api/admin/v1/digest/editions/{}", next.id);
    let got = editor.get(&path).await;
    got.expect(200);
    assert_eq!(got.json["status"], "draft");
    // Hold and release.
    author
        .post(&format!("{path}/hold"), &json!({"held": true}))
        .await
        .expect(403);
    editor
        .post(&format!("{path}/hold"), &json!({"held": "yes"}))
        .await
        .expect(422)
        .names("held");
    editor
        .post(&format!("{path}/hold"), &json!({}))
        .await
        .expect(422)
        .names("held");
    assert_eq!(
        app.store
            .edition(next.id)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "draft"
    );
    let held = editor
        .post(&format!("{path}/hold"), &json!({"held": true}))
        .await;
    held.expect(200);
    assert_eq!(held.json["status"], "held");
    let released = editor
        .post(&format!("{path}/hold"), &json!({"held": false}))
        .await;
    released.expect(200);
    assert_eq!(released.json["status"], "draft");
    // A skipped edition can be neither held nor sent.
    let skipped = list.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["status"] == "skipped")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let skipped = format!("/api/admin/v1/digest/editions/{skipped}");
    for (what, body) in [("hold", json!({"held": true})), ("send", json!({}))] {
        let refused = editor.post(&format!("{skipped}/{what}"), &body).await;
        refused.expect(409);
    }
    // Send now: released to go at once.
    author
        .post(&format!("{path}/send"), &json!({}))
        .await
        .expect(403);
    let sent = editor.post(&format!("{path}/send"), &json!({})).await;
    sent.expect(200);
    let slot = time::OffsetDateTime::parse(
        sent.json["slot_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
    .unix_timestamp();
    assert!(slot <= time::OffsetDateTime::now_utc().unix_timestamp());
    editor
        .get("/api/admin/v1/digest/editions/999999")
        .await
        .expect(404);
    common::assert_audited(&app, &["digest.edit", "digest.send"]).await;
    super::contract::check_all(&app, &seen).await;
}
