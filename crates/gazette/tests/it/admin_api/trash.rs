//! The trash through the API: a deleted article disappears from everything readers reach
//! (its page, the Content API, feeds, search, the sitemap), is listed with `status=trashed`,
//! comes back as a draft, and is purged only from the trash; moves and the trash honour
//! `If-Match` (a stale revision is 409 and nothing changes).

use super::*;

use gazette_core::model::Status;

#[tokio::test]
async fn a_trashed_article_is_gone_for_readers_and_comes_back_as_a_draft() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "editor").await;
    let (id, _) = api.draft("Zanzibar ferry timetable").await;
    let published = api
        .post(&format!("/api/admin/v1/articles/{id}/publish"), &json!({}))
        .await;
    published.expect(200);
    let slug = published.json["slug"].as_str().unwrap().to_owned();
    let page = format!("/{slug}/");
    // Readers have it everywhere first.
    common::until(
        std::time::Duration::from_secs(10),
        "the article is public",
        || async { app.get(&page).await.status == StatusCode::OK },
    )
    .await;
    // The index follows the change log; a loaded machine may take a while.
    common::until(
        std::time::Duration::from_secs(30),
        "search finds the published article",
        || async {
            common::search_hits(&app, "q=Zanzibar")
                .await
                .contains(&page)
        },
    )
    .await;
    assert!(app.get("/feed/").await.body.contains(&page));
    assert!(app.get("/sitemap.xml").await.status == StatusCode::OK);

    // Delete: to the trash, with the revision read.
    let etag = published.header("etag").to_owned();
    let trashed = api
        .send(
            Method::DELETE,
            &format!("/api/admin/v1/articles/{id}"),
            api.request(Method::DELETE, &format!("/api/admin/v1/articles/{id}"))
                .header("if-match", &etag),
        )
        .await;
    trashed.expect(200);
    assert_eq!(trashed.json["status"], "trashed");
    assert_eq!(app.editable(id).await.status, Status::Trashed);

    // Gone for readers: the page, the Content API, feeds, search, sitemaps.
    common::until(
        std::time::Duration::from_secs(10),
        "the trashed article's page answers 404",
        || async { app.get(&page).await.status == StatusCode::NOT_FOUND },
    )
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/articles/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Each cache empties when the change log says so; none may keep it.
    let mut places: Vec<String> = ["/feed/", "/feed/atom/", "/feed.json", "/sitemap-news.xml"]
        .map(str::to_owned)
        .to_vec();
    places.extend(locs(&app.get("/sitemap.xml").await.body));
    for place in &places {
        common::until(
            std::time::Duration::from_secs(10),
            &format!("{place} still lists the trashed article"),
            || async { !app.get(place).await.body.contains(&page) },
        )
        .await;
    }
    common::until(
        std::time::Duration::from_secs(30),
        "search forgets the trashed article",
        || async { common::search_hits(&app, "q=Zanzibar").await.is_empty() },
    )
    .await;

    // Listed in the trash only.
    let all = api.get("/api/admin/v1/articles").await;
    all.expect(200);
    assert_eq!(all.json["total"], 0, "{}", all.json);
    let trash = api.get("/api/admin/v1/articles?status=trashed").await;
    trash.expect(200);
    assert_eq!(trash.json["items"][0]["id"], id);
    // A trashed article is not edited, nor moved on, until restored.
    let stale = trashed.header("etag").to_owned();
    api.patch(
        &format!("/api/admin/v1/articles/{id}"),
        &json!({"title": "Edited in the bin"}),
        Some(&stale),
    )
    .await
    .expect(422)
    .names("status");
    api.post(&format!("/api/admin/v1/articles/{id}/publish"), &json!({}))
        .await
        .expect(422)
        .names("status");
    // Restore: a draft again, still not public.
    let restored = api
        .post(&format!("/api/admin/v1/articles/{id}/restore"), &json!({}))
        .await;
    restored.expect(200);
    assert_eq!(restored.json["status"], "draft");
    assert_eq!(app.get(&page).await.status, StatusCode::NOT_FOUND);
    // A draft is not purged: only what is in the trash.
    api.post(&format!("/api/admin/v1/articles/{id}/purge"), &json!({}))
        .await
        .expect(422)
        .names("status");
    api.delete(&format!("/api/admin/v1/articles/{id}"))
        .await
        .expect(200);
    api.post(&format!("/api/admin/v1/articles/{id}/purge"), &json!({}))
        .await
        .expect(204);
    assert!(app.store.editable_article(id).await.unwrap().is_none());
    api.post(&format!("/api/admin/v1/articles/{id}/restore"), &json!({}))
        .await
        .expect(404);
    common::assert_audited(
        &app,
        &[
            "article.trashed",
            "article.untrashed",
            "article.delete",
            "article.published",
        ],
    )
    .await;
    super::contract::check_all(&app, &seen).await;
}

#[tokio::test]
async fn moves_and_the_trash_refuse_a_stale_revision_and_change_nothing() {
    let (app, seen) = start().await;
    let api = as_role(&app, &seen, "editor").await;
    let (id, first) = api.draft("Harbour dues").await;
    // Someone else saves in between: the first ETag is stale.
    let saved = api
        .patch(
            &format!("/api/admin/v1/articles/{id}"),
            &json!({"subtitle": "Revised"}),
            Some(&first),
        )
        .await;
    saved.expect(200);
    let current = saved.header("etag").to_owned();
    assert_ne!(current, first);
    let with_tag = |method: Method, what: &str, tag: &str| {
        let path = format!("/api/admin/v1/articles/{id}{what}");
        let req = api
            .request(method.clone(), &path)
            .header("if-match", tag)
            .json(&json!({}));
        (method, path, req)
    };
    for (method, what) in [
        (Method::POST, "/submit"),
        (Method::POST, "/publish"),
        (Method::POST, "/schedule"),
        (Method::DELETE, ""),
    ] {
        let (m, path, req) = with_tag(method, what, &first);
        let a = api.send(m, &path, req).await;
        a.expect(409);
        assert_eq!(a.header("etag"), current, "{path}");
        assert_eq!(app.editable(id).await.status, Status::Draft, "{path}");
    }
    // A malformed If-Match is named.
    let (m, path, req) = with_tag(Method::POST, "/submit", "yesterday");
    api.send(m, &path, req).await.expect(422).names("If-Match");
    // The current one goes through; schedule takes `revision` in the body too.
    let (m, path, req) = with_tag(Method::POST, "/submit", &current);
    let submitted = api.send(m, &path, req).await;
    submitted.expect(200);
    assert_eq!(submitted.json["status"], "review");
    let at = (time::OffsetDateTime::now_utc() + time::Duration::days(1))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    api.post(
        &format!("/api/admin/v1/articles/{id}/schedule"),
        &json!({"publish_at": at, "revision": 1}),
    )
    .await
    .expect(409);
    assert_eq!(app.editable(id).await.status, Status::Review);
    let revision = submitted.json["revision"].as_i64().unwrap();
    api.post(
        &format!("/api/admin/v1/articles/{id}/schedule"),
        &json!({"publish_at": at, "revision": revision}),
    )
    .await
    .expect(200);
    // Trashing a scheduled article cancels its publication.
    api.delete(&format!("/api/admin/v1/articles/{id}"))
        .await
        .expect(200);
    assert!(
        app.store.pending_publication(id).await.unwrap().is_empty(),
        "the publication job is cancelled"
    );
    super::contract::check_all(&app, &seen).await;
}

/// The paths of a sitemap's `<loc>` entries.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
        .map(|url| {
            let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
            after_scheme
                .find('/')
                .map_or("/".to_owned(), |i| after_scheme[i..].to_owned())
        })
        .collect()
}
