//! What a careless or hostile client sends: two updates from one revision (one wins, the
//! other gets 409 and can resend without losing its text), oversized bodies, wrong types,
//! unknown fields, scripts, invalid UTF-8, wrong content types and bad pictures. Each is
//! refused with the field named and nothing written.

use super::*;

use std::io::Cursor;

use image::{ImageFormat, RgbImage};

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

async fn article_count(app: &TestApp) -> i64 {
    app.store
        .newsroom_articles(&Default::default())
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn two_concurrent_updates_one_wins_the_other_gets_409_and_loses_nothing() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "editor").await;
    let (id, etag) = api.draft("Budget vote").await;
    let path = format!("/api/admin/v1/articles/{id}");
    let (alice, bob) = (
        json!({"body": "Alice's version."}),
        json!({"body": "Bob's version."}),
    );
    let (a, b) = tokio::join!(
        api.patch(&path, &alice, Some(&etag)),
        api.patch(&path, &bob, Some(&etag)),
    );
    let (winner, loser, lost_body) = match (a.status, b.status) {
        (200, 409) => (a, b, "Bob's version."),
        (409, 200) => (b, a, "Alice's version."),
        other => panic!(
            "expected one 200 and one 409, got {other:?}: {} / {}",
            a.json, b.json
        ),
    };
    let current = winner.header("etag").to_owned();
    assert_ne!(current, etag);
    loser.expect(409);
    assert_eq!(
        loser.header("etag"),
        current,
        "the 409 says the current revision"
    );
    let message = loser.json["error"]["message"].as_str().unwrap();
    assert!(message.contains(current.trim_matches('"')), "{message}");
    let stored = app.editable(id).await;
    assert_eq!(
        stored.input.body_markdown,
        winner.json["body"].as_str().unwrap()
    );
    // The loser resends from the current revision: both texts were kept, nothing lost.
    let again = api
        .patch(&path, &json!({"body": lost_body}), Some(&current))
        .await;
    again.expect(200);
    let revisions = app.store.revisions(id).await.unwrap();
    let bodies: Vec<&str> = revisions.iter().map(|r| r.body_markdown.as_str()).collect();
    assert!(
        bodies.contains(&"Alice's version.") && bodies.contains(&"Bob's version."),
        "{bodies:?}"
    );
    // Without a revision: 428; with `revision` in the body it works like If-Match.
    api.patch(&path, &json!({"title": "No revision"}), None)
        .await
        .expect(428);
    let rev = again.json["revision"].as_i64().unwrap();
    api.patch(
        &path,
        &json!({"title": "With revision", "revision": rev}),
        None,
    )
    .await
    .expect(200);
    api.patch(&path, &json!({"title": "Stale", "revision": rev}), None)
        .await
        .expect(409);
    api.patch(&path, &json!({"title": "Bad tag"}), Some("yesterday"))
        .await
        .expect(422)
        .names("If-Match");
    assert_eq!(app.editable(id).await.input.title, "With revision");
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn hostile_bodies_are_refused_naming_the_field_and_nothing_is_written() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "admin").await;
    let new = "/api/admin/v1/articles";
    for (body, field) in [
        (json!({"title": 42}), "title"),
        (json!({"title": "T", "tags": "a,b"}), "tags"),
        (json!({"title": "T", "tags": [1]}), "tags"),
        (json!({"title": "T", "category_id": "news"}), "category_id"),
        (json!({"title": "T", "author_ids": [-1]}), "author_ids"),
        (json!({"title": "T", "is_admin": true}), "is_admin"),
        (json!({"title": ""}), "title"),
        (json!({"title": "T", "slug": "Not a slug!"}), "slug"),
        (json!({"title": "T", "kind": "rumour"}), "kind"),
        (json!({"title": "T", "kind": "reprint"}), "source_outlet"),
        (json!({"title": "x".repeat(301)}), "title"),
        (json!({"title": "T", "body_format": "docx"}), "body_format"),
        (json!({"title": "T", "category_id": 999}), "category_id"),
        (json!({"title": "T", "revision": 3}), "revision"),
    ] {
        api.post(new, &body).await.expect(422).names(field);
    }
    // Not JSON, not UTF-8, not an object, not declared as JSON.
    for (content_type, bytes, status) in [
        ("application/json", b"{\"title\": \"T\"".to_vec(), 400),
        (
            "application/json",
            b"{\"title\": \"\xff\xfe\"}".to_vec(),
            400,
        ),
        ("application/json", b"[1, 2]".to_vec(), 400),
        ("text/plain", b"{\"title\": \"T\"}".to_vec(), 415),
    ] {
        api.send(
            Method::POST,
            new,
            api.request(Method::POST, new)
                .header("content-type", content_type)
                .body(bytes),
        )
        .await
        .expect(status);
    }
    // Larger than the text limit (4 MB): 413 in the API's shape.
    let huge = format!(
        "{{\"title\": \"T\", \"body\": \"{}\"}}",
        "a".repeat(5 * 1024 * 1024)
    );
    api.send(
        Method::POST,
        new,
        api.request(Method::POST, new)
            .header("content-type", "application/json")
            .body(huge),
    )
    .await
    .expect(413);
    assert_eq!(article_count(&app).await, 0, "nothing was written");
    // A script in the body never reaches readers; in the title it stays text.
    let a = api
        .post(
            new,
            &json!({
                "title": "<script>alert(1)</script>Headline",
                "body": "Hello <script>alert(2)</script><img src=x onerror=alert(3)> world",
            }),
        )
        .await;
    a.expect(201);
    let html = a.json["body_html"].as_str().unwrap();
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );
    let h = api
        .post(
            new,
            &json!({"title": "HTML body", "body_format": "html", "body": "<p onclick=\"x()\">Hi<script>y()</script></p>"}),
        )
        .await;
    h.expect(201);
    assert!(!h.json["body"].as_str().unwrap().contains("script"));
    assert!(!h.json["body_html"].as_str().unwrap().contains("onclick"));
    // An update refused for one field changes nothing else.
    let id = a.json["id"].as_i64().unwrap();
    let etag = a.header("etag").to_owned();
    api.patch(
        &format!("/api/admin/v1/articles/{id}"),
        &json!({"subtitle": "New subtitle", "language": "en_GB!"}),
        Some(&etag),
    )
    .await
    .expect(422)
    .names("language");
    let kept = app.editable(id).await;
    assert_eq!(kept.input.subtitle, "");
    assert_eq!(kept.revision.to_string(), etag.trim_matches('"'));
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn uploads_go_through_the_library_with_its_limits() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "author").await;
    let upload = |bytes: Vec<u8>, name: &str, mime: &str, extra: &[(&str, &str)]| {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str(mime)
                .unwrap(),
        );
        for (k, v) in extra {
            form = form.text(k.to_string(), v.to_string());
        }
        api.request(Method::POST, "/api/admin/v1/media")
            .multipart(form)
    };
    let path = "/api/admin/v1/media";
    let ok = api
        .send(
            Method::POST,
            path,
            upload(
                png(64, 48),
                "river.png",
                "image/png",
                &[("alt", "A river"), ("caption", "The river at dawn")],
            ),
        )
        .await;
    ok.expect(201);
    assert_eq!(ok.json["width"], 64);
    assert_eq!(ok.json["alt"], "A river");
    assert_eq!(ok.json["caption"], "The river at dawn");
    // Not a picture: 415; too many pixels: 422; alt text too long: 422 naming it.
    api.send(
        Method::POST,
        path,
        upload(
            b"%PDF-1.4 hello".to_vec(),
            "doc.pdf",
            "application/pdf",
            &[],
        ),
    )
    .await
    .expect(415);
    api.send(
        Method::POST,
        path,
        upload(png(13_000, 2), "wide.png", "image/png", &[]),
    )
    .await
    .expect(422)
    .names("file");
    let long_alt = "a".repeat(600);
    api.send(
        Method::POST,
        path,
        upload(png(10, 10), "alt.png", "image/png", &[("alt", &long_alt)]),
    )
    .await
    .expect(422)
    .names("alt");
    // JSON instead of multipart: 415.
    api.post(path, &json!({"file": "x"})).await.expect(415);
    // Over the upload size (20 MB by default): 413.
    let big = vec![0u8; 21 * 1024 * 1024];
    api.send(Method::POST, path, upload(big, "big.png", "image/png", &[]))
        .await
        .expect(413);
    // Only the first picture is in.
    let media = app.store.media_choices(10).await.unwrap();
    assert_eq!(media.len(), 1);
    // Its texts change through the library's checks; another author may not touch them.
    let id = ok.json["id"].as_i64().unwrap();
    let one = format!("/api/admin/v1/media/{id}");
    async fn patch(api: &Api<'_>, path: &str, body: Value) -> Answer {
        let req = api.request(Method::PATCH, path).json(&body);
        api.send(Method::PATCH, path, req).await
    }
    let changed = patch(&api, &one, json!({"credit": "Photo: A. Writer"})).await;
    changed.expect(200);
    assert_eq!(changed.json["alt"], "A river", "fields not sent are kept");
    patch(&api, &one, json!({"alt": "x".repeat(600)}))
        .await
        .expect(422)
        .names("alt");
    let (other_key, _o) = personal_key(&app, "contributor").await;
    patch(&api.with_key(&other_key), &one, json!({"alt": "Mine now"}))
        .await
        .expect(403);
    let kept = app.store.media_by_id(id).await.unwrap().unwrap();
    assert_eq!(kept.alt, "A river");
    assert_eq!(kept.credit, "Photo: A. Writer");
    super::contract::check_all(&app, &seen).await;
}
