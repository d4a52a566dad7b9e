//! What follows writing: revisions, bulk actions, corrections, SEO fields, the featured-image upload, assignment and deletion.

use super::*;

#[tokio::test]
async fn revisions_show_a_diff_and_restore_as_a_new_revision() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Versions", "line one\nline two", "save").await;
    save(&mut e, id, &[("body", "line one\nline 2")]).await;
    let revisions = app.store.revisions(id).await.unwrap();
    assert_eq!(revisions.len(), 2);
    let first = revisions[1].id;

    let page = e
        .get(&format!("/admin/articles/{id}/revisions?rev={first}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // The body's changed line (and the excerpt derived from it); unchanged lines stay.
    assert!(page.texts(".diff__del").contains(&"− line two".to_owned()));
    assert!(page.texts(".diff__add").contains(&"+ line 2".to_owned()));
    assert!(page.texts(".diff__same").contains(&"line one".to_owned()));
    assert!(!page.texts(".diff__del").contains(&"− line one".to_owned()));

    let csrf = csrf_of(&page);
    let page = e
        .post(
            &format!("/admin/articles/{id}/revisions/{first}/restore"),
            &[("csrf", &csrf)],
        )
        .await;
    page.assert_redirect(&format!("/admin/articles/{id}/edit?done=restored"));
    let a = app.editable(id).await;
    assert_eq!(a.input.body_markdown, "line one\nline two");
    assert_eq!(app.store.revisions(id).await.unwrap().len(), 3);
    assert_audited(&app, &["article.restore"]).await;

    // Autosave keeps the text as a revision but never changes the article.
    let csrf = csrf_of(&e.get(&format!("/admin/articles/{id}/edit")).await);
    let page = e
        .post(
            &format!("/admin/articles/{id}/autosave"),
            &[
                ("csrf", &csrf),
                ("title", "Versions"),
                ("body", "unsaved words"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("saved_at"));
    let a = app.editable(id).await;
    assert_eq!(a.input.body_markdown, "line one\nline two");
    let latest = &app.store.revisions(id).await.unwrap()[0];
    assert_eq!(
        (latest.autosave, latest.body_markdown.as_str()),
        (1, "unsaved words")
    );
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert!(edit.body.contains("An autosave from"));

    // The preview is the sanitised HTML.
    let page = e
        .post(
            "/admin/articles/preview",
            &[("csrf", &csrf), ("body", "**hi** <script>x</script>")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<strong>hi</strong>"));
    assert!(!page.body.contains("<script>"));
}

#[tokio::test]
async fn bulk_actions_check_every_article_on_its_own() {
    let app = app().start().await;
    let (mut a, mut e) = author_and_editor(&app).await;
    let mine1 = write(&mut a, "Mine one", "A.", "save").await;
    let mine2 = write(&mut a, "Mine two", "B.", "save").await;
    let theirs = write(&mut e, "Theirs", "C.", "save").await;

    let (m1, m2, t) = (mine1.to_string(), mine2.to_string(), theirs.to_string());
    let page = bulk(
        &mut a,
        &[
            ("bulk_action", "publish"),
            ("ids", &m1),
            ("ids", &m2),
            ("ids", &t),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let notice = page.texts("[role=status]").join(" ");
    assert!(
        notice.starts_with("2 published, 1 refused: “Theirs”"),
        "{notice}"
    );
    assert_eq!(app.editable(mine1).await.status, Status::Published);
    assert_eq!(app.editable(mine2).await.status, Status::Published);
    assert_eq!(app.editable(theirs).await.status, Status::Draft);

    // Moving to the trash needs no confirmation: it can be undone.
    let page = bulk(&mut e, &[("bulk_action", "trash"), ("ids", &t)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.texts("[role=status]")
            .join(" ")
            .starts_with("1 moved to the trash"),
        "{:?}",
        page.texts("[role=status]")
    );
    assert_eq!(app.editable(theirs).await.status, Status::Trashed);
    let list = e.get("/admin/articles").await;
    let tabs = list.texts(".status-tabs a");
    assert!(
        tabs.contains(&"All 2".to_owned()),
        "the trash is not in All: {tabs:?}"
    );
    assert!(tabs.contains(&"trash 1".to_owned()), "{tabs:?}");
    // The Trash offers restore and delete forever; deleting forever needs the box.
    let trash = e.get("/admin/articles?status=trashed").await;
    assert_eq!(
        trash.texts("select[name=bulk_action] option"),
        vec!["Restore as draft", "Delete forever"]
    );
    let page = bulk(&mut e, &[("bulk_action", "purge"), ("ids", &t)]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(app.store.editable_article(theirs).await.unwrap().is_some());
    let page = bulk(&mut e, &[("bulk_action", "restore"), ("ids", &t)]).await;
    assert!(
        page.texts("[role=status]")
            .join(" ")
            .starts_with("1 restored as drafts")
    );
    assert_eq!(app.editable(theirs).await.status, Status::Draft);
    // A draft is not purged: it goes through the trash first.
    let purge = [
        ("bulk_action", "purge"),
        ("confirm_delete", "yes"),
        ("ids", &t),
    ];
    let page = bulk(&mut e, &purge).await;
    assert!(
        page.texts("[role=status]")
            .join(" ")
            .starts_with("0 deleted for good, 1 refused")
    );
    bulk(&mut e, &[("bulk_action", "trash"), ("ids", &t)]).await;
    let page = bulk(&mut e, &purge).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.texts("[role=status]")
            .join(" ")
            .starts_with("1 deleted for good")
    );
    assert!(app.store.editable_article(theirs).await.unwrap().is_none());

    // Filters and counts.
    let list = e.get("/admin/articles?status=published").await;
    assert_eq!(list.texts(".article-table__title a").len(), 2);
    let tabs = list.texts(".status-tabs a");
    assert!(tabs.contains(&"All 2".to_owned()), "{tabs:?}");
    assert!(tabs.contains(&"published 2".to_owned()), "{tabs:?}");
    let list = e.get("/admin/articles?q=two").await;
    assert_eq!(list.texts(".article-table__title a"), vec!["Mine two"]);
    let list = a.get("/admin/articles?mine=1").await;
    assert_eq!(list.texts(".article-table__title a").len(), 2);
    let bad = e.get("/admin/articles?status=sideways").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_audited(&app, &["article.delete"]).await;
}

/// Sends the article list's bulk form (with the list's token).
async fn bulk(b: &mut Browser<'_>, form: &[(&str, &str)]) -> Page {
    b.submit("/admin/articles", "/admin/articles/bulk", form)
        .await
}

/// Adds a correction to article `id` (with the token of the article list).
async fn correct(b: &mut Browser<'_>, id: i64, correction: &str) -> Page {
    let action = format!("/admin/articles/{id}/corrections");
    b.submit("/admin/articles", &action, &[("correction", correction)])
        .await
}

#[tokio::test]
async fn corrections_are_dated_and_shown_to_readers() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Corrected story", "Facts.", "save").await;
    // A draft takes no corrections.
    let page = correct(&mut e, id, "Too early.").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    save(&mut e, id, &[("intent", "publish")]).await;
    let page = correct(&mut e, id, "An earlier version misspelt the mayor's name.").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_reader_sees(&app, "/corrected-story/", "misspelt the mayor").await;
    assert_audited(&app, &["article.correction"]).await;

    // A contributor may not add corrections.
    let mut c = signed_in(&app, "contributor").await;
    let page = correct(&mut c, id, "No.").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn seo_fields_and_filing_reach_the_reader_s_page() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let card = "uploads/2026/11/share-card.jpg";
    let media = add_jpeg(&app.store, card, (1200, 630), "Share card", Vec::new()).await;
    let author = add_author(&app.store, "ana-lima", "Ana Lima", "").await;
    let id = write(&mut e, "Shared widely", "Body text here.", "save").await;
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert!(
        edit.attrs("select[name=social_media_id] option", "value")
            .contains(&media.to_string())
    );
    let (m, au) = (media.to_string(), author.to_string());
    saved(
        &mut e,
        id,
        &[
            ("meta_description", "A short line for search engines."),
            ("social_media_id", m.as_str()),
            ("translator_ids", au.as_str()),
            ("kind", "translation"),
            ("source_outlet", "El Diario"),
            ("source_url", "https://eldiario.example/nota"),
            ("source_language", "es"),
            ("tags", "Harbour, Strikes, harbour"),
            ("intent", "publish"),
        ],
    )
    .await;
    let public = reader_sees(&app, "/shared-widely/", "Body text").await;
    assert_eq!(
        public.meta("description"),
        "A short line for search engines."
    );
    assert!(
        public
            .meta("og:image")
            .ends_with("/media/uploads/2026/11/share-card.jpg"),
        "{}",
        public.meta("og:image")
    );
    assert!(public.body.contains("El Diario"));
    assert!(public.body.contains("Ana Lima"));
    let a = app.editable(id).await;
    assert_eq!(a.input.tags, vec!["Harbour", "Strikes"]);
    // The list filters by credited byline.
    let other = write(&mut e, "Uncredited", "Text.", "save").await;
    assert!(other > id);
    let list = e.get(&format!("/admin/articles?author={author}")).await;
    assert_eq!(list.texts(".article-table__title a"), vec!["Shared widely"]);
    assert_eq!(
        e.get("/admin/articles")
            .await
            .texts(".article-table__title a")
            .len(),
        2
    );

    // A translation without its source is refused, naming the field.
    let page = save(&mut e, id, &[("kind", "reprint"), ("source_url", "")]).await;
    assert_form_error(&page, "A reprint needs the URL of the original");
}

/// A `multipart/form-data` body with text fields and one file.
fn multipart(fields: &[(&str, &str)], file: (&str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----gazette-test-boundary-7d1f";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    b: &mut Browser<'_>,
    id: i64,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Page {
    let (content_type, body) = multipart(fields, file);
    let req = b
        .app
        .client
        .post(b.app.url(&format!("/admin/articles/{id}/featured-image")))
        .header("content-type", content_type)
        .body(body);
    b.send(req).await
}

#[tokio::test]
async fn the_featured_image_upload_is_guarded_and_refuses_non_pictures() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let id = write(&mut e, "Pictured", "Text.", "save").await;
    let edit = e.get(&format!("/admin/articles/{id}/edit")).await;
    assert_eq!(
        edit.attrs("#featured-upload form", "enctype"),
        vec!["multipart/form-data"]
    );
    let csrf = csrf_of(&edit);

    // Not a picture: refused with a message on the editor, nothing set.
    let page = upload(
        &mut e,
        id,
        &[("csrf", &csrf), ("alt", "x")],
        ("notes.txt", b"just text"),
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert!(
        page.texts("#form-errors li")
            .join(" ")
            .starts_with("Featured image:")
    );
    assert_eq!(app.editable(id).await.input.featured_media_id, None);

    // No token, or someone else's article: refused.
    let page = upload(&mut e, id, &[("alt", "x")], ("a.png", b"\x89PNG")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut c = signed_in(&app, "contributor").await;
    let csrf_c = csrf_of(&c.get("/admin/articles").await);
    let page = upload(&mut c, id, &[("csrf", &csrf_c)], ("a.png", b"\x89PNG")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut s = signed_in(&app, "subscriber").await;
    let page = upload(&mut s, id, &[("csrf", "x")], ("a.png", b"\x89PNG")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn assignment_feeds_the_review_queue_filter() {
    let app = app().start().await;
    let mut e = signed_in(&app, "editor").await;
    let mut c = signed_in(&app, "contributor").await;
    let contributor = app
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "contributor@example.org")
        .unwrap()
        .id
        .to_string();
    let assigned = write(&mut e, "Translate me", "Texto.", "save").await;
    saved(
        &mut e,
        assigned,
        &[
            ("assigned_to", contributor.as_str()),
            ("assignment_note", "Translate by Friday"),
            ("intent", "review"),
        ],
    )
    .await;
    let other = write(&mut e, "Not assigned", "Other.", "review").await;
    assert_eq!(app.editable(other).await.status, Status::Review);

    let queue = e.get("/admin/review").await;
    assert_eq!(
        queue.texts(".article-table__title a"),
        vec!["Translate me", "Not assigned"]
    );
    let mine = c.get("/admin/review?assigned=me").await;
    assert_eq!(mine.status, StatusCode::OK);
    let rows = mine.texts(".article-table__title");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("Translate me") && rows[0].contains("Translate by Friday"),
        "{rows:?}"
    );
    // An unknown user id is refused by name.
    let page = save(&mut e, assigned, &[("assigned_to", "98765")]).await;
    assert_form_error(&page, "Assigned to: there is no user with id 98765");
}

/// Sends article `id`'s delete form (with the article list's token).
async fn delete(b: &mut Browser<'_>, id: i64, form: &[(&str, &str)]) -> Page {
    let action = format!("/admin/articles/{id}/delete");
    b.submit("/admin/articles", &action, form).await
}

#[tokio::test]
async fn deleting_goes_to_the_trash_and_purging_needs_a_confirmation() {
    let app = app().start().await;
    let (mut a, mut e) = author_and_editor(&app).await;
    let theirs = write(&mut e, "Keep me", "Text.", "publish").await;
    let mine = write(&mut a, "Delete me", "Text.", "save").await;

    let page = delete(&mut a, theirs, &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // Delete: into the trash, no confirmation needed (it can be undone).
    let page = delete(&mut a, mine, &[]).await;
    page.assert_redirect("/admin/articles?status=trashed&done=trashed");
    let kept = app.editable(mine).await;
    assert_eq!(kept.status, gazette_core::model::Status::Trashed);
    // Out of the main list, in the Trash.
    let list = a.get("/admin/articles").await;
    assert!(
        !list
            .texts(".article-table__title")
            .concat()
            .contains("Delete me"),
        "the trash is not in the main list"
    );
    let trash = a.get("/admin/articles?status=trashed&done=trashed").await;
    assert_eq!(trash.texts(".article-table__title"), vec!["Delete me"]);
    assert!(trash.texts("[role=status]")[0].starts_with("Moved to the trash"));
    // Purging: only with the box ticked. The buttons are on the article's edit page.
    let edit = format!("/admin/articles/{mine}/edit");
    let purge = format!("/admin/articles/{mine}/purge");
    let confirmed = [("confirm", "yes")];
    let page = a.submit(&edit, &purge, &[]).await;
    assert_form_error(&page, "Nothing deleted");
    assert!(app.store.editable_article(mine).await.unwrap().is_some());
    // Restoring brings it back as a draft.
    let restore = format!("/admin/articles/{mine}/restore");
    let page = a.submit(&edit, &restore, &[]).await;
    page.assert_redirect(&format!("/admin/articles/{mine}/edit?done=untrashed"));
    let back = app.editable(mine).await;
    assert_eq!(back.status, gazette_core::model::Status::Draft);
    // A draft is not purged: it must go through the trash first.
    let page = a.submit(&edit, &purge, &confirmed).await;
    assert_ne!(page.status, StatusCode::SEE_OTHER);
    assert!(app.store.editable_article(mine).await.unwrap().is_some());
    delete(&mut a, mine, &[]).await;
    let page = a.submit(&edit, &purge, &confirmed).await;
    page.assert_redirect("/admin/articles?status=trashed&done=deleted");
    assert!(app.store.editable_article(mine).await.unwrap().is_none());
    assert!(app.store.editable_article(theirs).await.unwrap().is_some());
    assert_eq!(
        a.get("/admin/articles?done=deleted")
            .await
            .texts("[role=status]"),
        vec!["Article deleted."]
    );
    assert_eq!(a.get(&edit).await.status, StatusCode::NOT_FOUND);
    common::assert_audited(
        &app,
        &["article.trashed", "article.untrashed", "article.delete"],
    )
    .await;
}
