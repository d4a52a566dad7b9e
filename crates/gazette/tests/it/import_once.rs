//! One import at a time into a site: two imports of one export started together leave
//! every post once (one of them says another import is running), and a lease left by a
//! killed import stops a new one only until it expires.

use crate::common::{TestApp, app, wxr_export as export};
use gazette::import::{ImportCommandError, Report};
use time::OffsetDateTime;

async fn run(app: &TestApp, file: &std::path::Path) -> Result<Report, ImportCommandError> {
    crate::import::import(app, file, None, false).await
}

fn write_export(app: &TestApp, posts: usize) -> std::path::PathBuf {
    let slugs: Vec<(String, String)> = (0..posts)
        .map(|i| (format!("post-{i}"), format!("Post number {i}")))
        .collect();
    let list: Vec<(&str, &str, Option<&str>)> = slugs
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str(), None))
        .collect();
    let file = app.dir.path().join("export.xml");
    std::fs::write(&file, export(None, &list)).unwrap();
    file
}

async fn article_count(app: &TestApp) -> i64 {
    app.store.count_indexable().await.unwrap()
}

#[tokio::test]
async fn two_imports_at_once_write_each_post_once() {
    let app = app().start().await;
    let file = write_export(&app, 600);
    let (a, b) = tokio::join!(run(&app, &file), run(&app, &file));
    // Usually the second finds the lease taken; on a busy machine the first may finish
    // before the second starts, which must then find every post already imported. Either
    // way each post exists once (the refusal's wording is pinned down by the next test).
    match (a, b) {
        (Ok(done), Err(refused)) | (Err(refused), Ok(done)) => {
            assert_eq!(done.created.get("post"), Some(&600), "{}", done.render());
            let message = refused.to_string();
            assert!(
                matches!(refused, ImportCommandError::AlreadyRunning { .. }),
                "{message}"
            );
            assert!(
                message.contains("another import into this site is running"),
                "{message}"
            );
            assert!(message.contains("process "), "names the holder: {message}");
        }
        (Ok(a), Ok(b)) => {
            let created = |r: &Report| r.created.get("post").copied().unwrap_or(0);
            let existing = |r: &Report| r.existing.get("post").copied().unwrap_or(0);
            assert_eq!(
                created(&a) + created(&b),
                600,
                "{}\n{}",
                a.render(),
                b.render()
            );
            assert_eq!(
                existing(&a) + existing(&b),
                600,
                "the later run skipped them all"
            );
        }
        (a, b) => panic!("expected an import and a refusal or a skip, got {a:?} and {b:?}"),
    }
    assert_eq!(article_count(&app).await, 600);
    // The lease is released: a rerun is allowed and finds everything imported.
    let again = run(&app, &file).await.unwrap();
    assert!(again.changed_nothing(), "{}", again.render());
    assert_eq!(article_count(&app).await, 600);
}

#[tokio::test]
async fn a_killed_imports_lease_stops_others_only_until_it_expires() {
    let app = app().start().await;
    let file = write_export(&app, 3);
    let now = OffsetDateTime::now_utc().unix_timestamp();
    // A live import elsewhere: refused, naming it.
    assert_eq!(
        app.store
            .take_lease("import", "process 7 on other-node, run 1", now, 120)
            .await
            .unwrap(),
        None
    );
    let err = run(&app, &file).await.unwrap_err();
    assert!(err.to_string().contains("process 7 on other-node"), "{err}");
    assert_eq!(
        article_count(&app).await,
        0,
        "nothing written while refused"
    );
    // The same lease, not renewed for longer than it lasts: the import goes ahead.
    app.store
        .release_lease("import", "process 7 on other-node, run 1")
        .await
        .unwrap();
    app.store
        .take_lease("import", "process 7 on other-node, run 1", now - 600, 120)
        .await
        .unwrap();
    let report = run(&app, &file).await.unwrap();
    assert_eq!(report.created.get("post"), Some(&3), "{}", report.render());
    assert_eq!(article_count(&app).await, 3);
}
