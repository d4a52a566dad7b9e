//! The library's guards: hostile file names, size limits, duplicates, ownership by role, pictures in use, CSRF, search and GIFs.

use super::*;

#[tokio::test]
async fn hostile_file_names_cannot_leave_the_media_directory() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let long = format!("{}.png", "n".repeat(500));
    let names = [
        "../../etc/passwd.jpg",
        "..\\..\\x.png",
        long.as_str(),
        "صورة الميناء.png",
        "/absolute/path.png",
    ];
    for (i, name) in names.iter().enumerate() {
        let id = upload(&mut b, name, png(100, 80, u8::try_from(i).unwrap())).await;
        let entry = app.store.media_entry(id).await.unwrap().unwrap();
        let path = &entry.media.path;
        assert!(
            path.starts_with("uploads/")
                && !path.contains("..")
                && !path.contains('\\')
                && path
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"/-.".contains(&c)),
            "{name:?} stored at {path}"
        );
        assert!(
            entry.original_name.chars().all(|c| !c.is_control())
                && entry.original_name.chars().count() <= 80,
            "{:?}",
            entry.original_name
        );
    }
    // Control characters in a file name: multer refuses such part headers outright (a
    // browser never sends them raw); either way nothing lands anywhere.
    for (i, name) in ["a\u{1}b\u{7f}c.png", "nul\0byte.png"].iter().enumerate() {
        let page = upload_with(
            &mut b,
            &[(name, png(90, 70, 200 + u8::try_from(i).unwrap()))],
            "",
            None,
        )
        .await;
        match page.status {
            StatusCode::BAD_REQUEST => assert!(
                page.body.contains("The upload could not be read")
                    && page.body.contains("rename the file"),
                "{}",
                page.body
            ),
            StatusCode::SEE_OTHER => {}
            other => panic!("{name:?}: {other}"),
        }
    }
    for e in library(&app).await {
        assert!(
            e.original_name.chars().all(|c| !c.is_control()),
            "{:?}",
            e.original_name
        );
        assert!(
            e.media
                .path
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"/-.".contains(&c))
        );
    }
    assert_eq!(pictures_outside_media(&app), Vec::<String>::new());
    assert!(!app.dir.path().join("etc").exists());
    assert!(!media_dir(&app).join("../../etc/passwd.jpg").exists());
    assert!(!media_dir(&app).join("../x.png").exists());
    for f in files_below(&media_dir(&app)) {
        assert!(f.starts_with("uploads/"), "{f}");
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_gets_a_413_page_naming_the_limit() {
    let app = app().configure(|c, _| c.max_upload_mb = 1).start().await;
    let mut b = signed_in(&app, "editor").await;
    // 1.6 MB after a PNG header: refused by its declared length, before anything is read.
    let mut big = png(8, 8, 1);
    big.extend((0..1_600_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let page = upload_with(&mut b, &[("huge.png", big)], "", None).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", page.body);
    assert!(page.body.contains("larger than the 1 MB"), "{}", page.body);
    assert!(library(&app).await.is_empty());
    assert!(files_below(&media_dir(&app)).is_empty());

    // The same without a declared length (a streamed body): cut off at the limit, same page.
    let csrf = csrf_of(&b.get("/admin/media").await);
    let boundary = "XmediaBoundaryX";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"stream.png\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = std::iter::once(Ok(head.into_bytes()))
        .chain((0..24).map(|_| Ok(vec![7u8; 64 * 1024])))
        .chain(std::iter::once(Ok(tail.into_bytes())))
        .collect();
    let req = app
        .client
        .post(app.url("/admin/media/upload"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(reqwest::Body::wrap_stream(futures_util_stream(chunks)));
    let page = b.send(req).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", page.body);
    assert!(page.body.contains("larger than the 1 MB"));
    assert!(library(&app).await.is_empty());

    // Other forms keep the small limit.
    let filler = "x".repeat(70 * 1024);
    let page = b
        .post(
            "/account/sign-in",
            &[("email", "a@b.c"), ("password", &filler)],
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("64 KB"), "{}", page.body);

    // Just under the limit works.
    let id = upload(&mut b, "fine.png", png(200, 100, 9)).await;
    assert!(id > 0);
}

#[tokio::test]
async fn the_same_bytes_twice_make_one_entry() {
    let app = app().start().await;
    let mut b = signed_in(&app, "author").await;
    let bytes = png(600, 300, 5);
    let first = upload(&mut b, "one.png", bytes.clone()).await;
    let files = files_below(&media_dir(&app));
    let second = upload(&mut b, "two.png", bytes).await;
    assert_eq!(first, second);
    assert_eq!(library(&app).await.len(), 1);
    assert_eq!(files_below(&media_dir(&app)), files);
}

#[tokio::test]
async fn roles_own_their_uploads_and_editors_manage_all() {
    let app = app().start().await;
    let mut editor = signed_in(&app, "editor").await;
    let mut contributor = signed_in(&app, "contributor").await;
    let editors = upload(&mut editor, "editors.png", png(200, 100, 1)).await;
    let theirs = upload(&mut contributor, "mine.png", png(200, 100, 2)).await;

    // The contributor sees the editor's picture but may neither edit nor delete it.
    let page = contributor.get(&format!("/admin/media/{editors}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("form[action$=\"/delete\"]"), 0);
    let csrf = csrf_of(&contributor.get("/admin/media").await);
    let page = contributor
        .post(
            &format!("/admin/media/{editors}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = contributor
        .post(
            &format!("/admin/media/{editors}"),
            &[("csrf", &csrf), ("alt", "vandalised")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .media_entry(editors)
            .await
            .unwrap()
            .unwrap()
            .media
            .alt,
        ""
    );

    // "Only mine" lists the contributor's own upload.
    let page = contributor.get("/admin/media?mine=1").await;
    assert_eq!(page.texts(".media-card__name"), vec!["mine.png"]);

    // The contributor may edit and delete their own; the editor anyone's.
    let page = edit_media(&mut contributor, theirs, &[("alt", "My own picture")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = contributor.get("/admin/media?q=own+picture").await;
    assert_eq!(page.texts(".media-card__name"), vec!["mine.png"]);
    let page = delete_media(&mut editor, theirs).await;
    page.assert_redirect("/admin/media?done=deleted");
    assert!(app.store.media_entry(theirs).await.unwrap().is_none());
    let page = edit_media(&mut contributor, editors, &[]).await;
    // The edit page has no form for them, so the token comes from the read-only page's
    // sign-out form; the POST is refused all the same.
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // A subscriber is kept out of the library entirely; anonymous visitors sign in first.
    add_user(&app, "reader@example.org", "Reader", "subscriber").await;
    let mut reader = Browser::new(&app);
    reader
        .sign_in("reader@example.org", common::browser::PASSWORD)
        .await;
    assert_eq!(
        reader.get("/admin/media").await.status,
        StatusCode::FORBIDDEN
    );
    let page = upload_with(
        &mut reader,
        &[("x.png", png(10, 10, 1))],
        "",
        Some("whatever"),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut anonymous = Browser::new(&app);
    let page = anonymous.get("/admin/media").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(location(&page).starts_with("/account/sign-in"));
    let page = anonymous.get(&format!("/admin/media/{editors}")).await;
    assert!(location(&page).starts_with("/account/sign-in"));
    assert_eq!(library(&app).await.len(), 1);
}

#[tokio::test]
async fn a_picture_in_use_is_not_deleted_and_the_page_says_where() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let featured = upload(&mut b, "featured.png", png(600, 300, 1)).await;
    let inline = upload(&mut b, "inline.png", png(600, 300, 2)).await;
    let inline_path = app
        .store
        .media_entry(inline)
        .await
        .unwrap()
        .unwrap()
        .media
        .path;
    let mut article = published("port-story", "The port reopens", "Text.");
    article.featured_media_id = Some(featured);
    app.store.create_article(&article).await.unwrap();
    let stem = inline_path.trim_end_matches(".png");
    app.store
        .create_article(&published(
            "gallery",
            "Gallery of the week",
            &format!("Look: ![boats](/media/{stem}-480.png)"),
        ))
        .await
        .unwrap();
    // The social image (link previews) is chosen in the editor's "Search and sharing".
    let social = upload(&mut b, "social.png", png(1200, 630, 4)).await;
    app.store
        .execute_raw(&format!(
            "UPDATE articles SET social_media_id = {social} WHERE slug = 'port-story'"
        ))
        .await
        .unwrap();
    let before = files_below(&media_dir(&app));

    for (id, title, how) in [
        (featured, "The port reopens", "featured image"),
        (social, "The port reopens", "social image"),
        (inline, "Gallery of the week", "body"),
    ] {
        let page = delete_media(&mut b, id).await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
        let refusal = page.texts("#delete-refused").join(" ");
        assert!(
            refusal.contains(&format!("Article “{title}” ({how})")),
            "{refusal}"
        );
        assert!(app.store.media_entry(id).await.unwrap().is_some());
    }
    assert_eq!(files_below(&media_dir(&app)), before);

    // Unused, it goes, files and all, with an audit entry.
    let spare = upload(&mut b, "spare.png", png(600, 300, 3)).await;
    let page = delete_media(&mut b, spare).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(files_below(&media_dir(&app)), before);
    let audit = app.store.audit_log(10).await.unwrap();
    assert_eq!(audit[0].action, "media.delete");
}

#[tokio::test]
async fn forms_without_the_csrf_token_and_bad_fields_are_refused() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let id = upload(&mut b, "p.png", png(200, 100, 1)).await;

    // Upload with a wrong token: 403, nothing stored.
    let page = upload_with(&mut b, &[("q.png", png(200, 100, 2))], "", Some("forged")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(library(&app).await.len(), 1);
    // Edit and delete without a token.
    let page = b.post(&format!("/admin/media/{id}"), &[("alt", "x")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b.post(&format!("/admin/media/{id}/delete"), &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b
        .post(
            &format!("/admin/media/{id}"),
            &[("csrf", "forged"), ("alt", "x")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b
        .post(&format!("/admin/media/{id}/delete"), &[("csrf", "forged")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(app.store.media_entry(id).await.unwrap().is_some());

    // Too long alt text: 400 naming the field, values kept, nothing written.
    let long_alt = "a".repeat(501);
    let page = edit_media(
        &mut b,
        id,
        &[("alt", &long_alt), ("caption", "Kept caption")],
    )
    .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.texts("#alt-error")[0].starts_with("Alt text is 501 characters long"),
        "{}",
        page.body
    );
    assert_eq!(page.texts("textarea[name=caption]"), vec!["Kept caption"]);
    let m = app.store.media_entry(id).await.unwrap().unwrap().media;
    assert_eq!((m.alt.as_str(), m.caption.as_str()), ("", ""));

    // Unknown ids are 404s.
    for path in ["/admin/media/999999", "/admin/media/abc"] {
        assert_eq!(b.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn the_library_searches_every_text_field_and_pages_through_results() {
    let app = app().start().await;
    let mut b = signed_in(&app, "editor").await;
    let editor = app
        .store
        .media_library(&MediaQuery::default())
        .await
        .unwrap();
    assert_eq!(editor.total, 0);
    let actor = gazette_store::Actor {
        user_id: None,
        ip: "test".into(),
        api_key: None,
    };
    for i in 0..30u32 {
        let new = gazette_store::NewUpload {
            path: format!("uploads/2026/11/{i:016x}-pic-{i}.jpg"),
            mime: "image/jpeg".into(),
            width: 800,
            height: 600,
            variant_widths: vec![480],
            webp_widths: Vec::new(),
            file_size: 123_456,
            sha256: format!("{i:064x}"),
            original_name: if i == 7 {
                "Storm_over_50%_of_the_coast.jpg".into()
            } else {
                format!("pic-{i}.jpg")
            },
            alt: if i == 3 {
                "Fishing boats at the quay".into()
            } else {
                String::new()
            },
        };
        app.store.record_upload(&new, &actor).await.unwrap();
    }

    let page = b.get("/admin/media").await;
    assert_eq!(page.count(".media-card"), 24);
    assert!(page.texts(".media-count")[0].contains("30 pictures"));
    assert_eq!(
        page.attrs("a[rel=next]", "href"),
        vec!["/admin/media?page=2"]
    );
    assert!(page.attrs("a[rel=prev]", "href").is_empty());
    let page = b.get("/admin/media?page=2").await;
    assert_eq!(page.count(".media-card"), 6);
    assert_eq!(page.attrs("a[rel=prev]", "href"), vec!["/admin/media"]);
    let page = b.get("/admin/media?page=99").await;
    assert_eq!(page.count(".media-card"), 0);
    let page = b.get("/admin/media?page=-3").await;
    assert_eq!(page.count(".media-card"), 24);

    // Alt text, original name (with LIKE's wildcards taken literally), case-insensitive.
    let page = b.get("/admin/media?q=FISHING+boats").await;
    assert_eq!(page.texts(".media-card__name"), vec!["pic-3.jpg"]);
    let page = b.get("/admin/media?q=50%25_of").await;
    assert_eq!(
        page.texts(".media-card__name"),
        vec!["Storm_over_50%_of_the_coast.jpg"]
    );
    let page = b.get("/admin/media?q=50%25%25").await;
    assert_eq!(page.count(".media-card"), 0);

    // Caption and credit, once set.
    let id = app
        .store
        .media_id_by_sha256(&format!("{:064x}", 12))
        .await
        .unwrap()
        .unwrap();
    app.store
        .update_media_text(id, "", "Flooded square", "Photo: Ana Ruiz", &actor)
        .await
        .unwrap();
    assert_eq!(
        b.get("/admin/media?q=flooded")
            .await
            .texts(".media-card__name"),
        vec!["pic-12.jpg"]
    );
    assert_eq!(
        b.get("/admin/media?q=ana+ruiz")
            .await
            .texts(".media-card__name"),
        vec!["pic-12.jpg"]
    );
    let page = b.get("/admin/media?q=nothing-like-this").await;
    assert!(page.body.contains("No picture matches"));
}

#[tokio::test]
async fn a_gif_keeps_its_original_and_gets_webp_variants_only() {
    let app = app().start().await;
    let mut b = signed_in(&app, "author").await;
    let img = RgbaImage::from_fn(1000, 500, |x, _| Rgba([(x % 256) as u8, 40, 90, 255]));
    let mut gif = Cursor::new(Vec::new());
    img.write_to(&mut gif, ImageFormat::Gif).unwrap();
    let id = upload(&mut b, "anim.gif", gif.into_inner()).await;
    let m = app.store.media_entry(id).await.unwrap().unwrap().media;
    assert_eq!(m.mime, "image/gif");
    assert!(m.variant_widths.is_empty());
    assert_eq!(m.webp_widths, vec![480, 720, 960]);
    let stem = m.path.trim_end_matches(".gif");
    // The library's thumbnail is the 480 px WebP, not the full GIF.
    let page = b.get("/admin/media").await;
    assert_eq!(
        page.attrs(".media-card__thumb", "src"),
        vec![format!("/media/{stem}-480.webp")]
    );
    let mut article = published("gif-story", "A moving picture", "Body.");
    article.featured_media_id = Some(id);
    app.store.create_article(&article).await.unwrap();
    let page = app.get("/gif-story/").await;
    assert_eq!(
        page.attrs(".article__figure picture source", "srcset"),
        vec![format!(
            "/media/{stem}-480.webp 480w, /media/{stem}-720.webp 720w, /media/{stem}-960.webp 960w"
        )]
    );
    assert_eq!(
        page.attrs(".article__figure picture img", "src"),
        vec![format!("/media/{}", m.path)]
    );
}
