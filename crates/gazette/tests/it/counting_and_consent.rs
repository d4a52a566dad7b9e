//! View counting (beacon, pixel, bots, flush on shutdown) and the cookie notice's record.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{PHONE_UA, Page, TestApp, app, first_article};
use gazette_store::Store;
use reqwest::StatusCode;

/// A browser's view beacon: an empty POST to `path` as `ua`.
async fn send_beacon(app: &common::TestApp, path: &str, ua: &str) -> StatusCode {
    common::Page::send(app.client.post(app.url(path)), &[("user-agent", ua)])
        .await
        .status
}

async fn views_of(store: &Store, id: i64) -> u64 {
    store
        .summaries_by_ids(&[id], time::OffsetDateTime::now_utc())
        .await
        .unwrap()[0]
        .views
}

#[tokio::test]
async fn beacons_count_readers_not_bots_and_are_flushed_at_shutdown() {
    let app = app().demo(10).start().await;
    let (id, before) = first_article(&app).await;
    let beacon = format!("/views/{id}");
    for _ in 0..3 {
        assert_eq!(
            send_beacon(&app, &beacon, PHONE_UA).await,
            StatusCode::NO_CONTENT
        );
    }
    // Without JavaScript the page loads a pixel.
    let pixel = app.get_with_ua(&beacon, PHONE_UA).await;
    assert_eq!(pixel.header("content-type"), "image/gif");
    // Crawlers and scripts are not readers.
    for ua in [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.0",
        "",
    ] {
        send_beacon(&app, &beacon, ua).await;
    }
    // Garbage ids are harmless.
    for junk in ["/views/abc", "/views/-5", "/views/99999999"] {
        assert_eq!(
            send_beacon(&app, junk, PHONE_UA).await,
            StatusCode::NO_CONTENT,
            "{junk}"
        );
    }
    // Nothing is written per request...
    assert_eq!(views_of(&app.store, id).await, before);
    // ...and everything is written when the server stops: one reader (the three beacons
    // and the pixel came from one browser) counts once.
    let reopened = app.stop_and_reopen().await;
    assert_eq!(views_of(&reopened.store, id).await, before + 1);
}

#[tokio::test]
async fn flushing_during_service_adds_to_totals_and_the_daily_window() {
    let app = app().demo(10).start().await;
    let (id, before) = first_article(&app).await;
    // Five readers (five browsers; one browser repeating would count once).
    for n in 0..5 {
        send_beacon(
            &app,
            &format!("/views/{id}"),
            &format!("{PHONE_UA} reader/{n}"),
        )
        .await;
    }
    let flushed = app.state().views.flush(&app.store).await.unwrap();
    assert_eq!(flushed, 1);
    assert_eq!(views_of(&app.store, id).await, before + 5);
    assert_eq!(app.state().views.pending(), 0);
}

/// Sends the cookie notice's `choice`, with the request `header`.
async fn consent(app: &TestApp, choice: &str, header: (&str, &str)) -> Page {
    app.post_form("/consent", &[("choice", choice)], &[header])
        .await
}

#[tokio::test]
async fn the_cookie_notice_records_consent_and_sets_a_cookie() {
    let app = app().start().await;
    let r = consent(&app, "accept", ("accept", "application/json")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let cookie = r.header("set-cookie");
    assert!(cookie.starts_with("gazette_consent=accept:"), "{cookie}");
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    // Without JavaScript the form posts and returns to the page.
    let referer = format!("{}/about/", app.base);
    let r = consent(&app, "essential", ("referer", referer.as_str())).await;
    r.assert_redirect("/about/");
    // An off-site referer is not followed.
    let r = consent(&app, "essential", ("referer", "https://evil.example/")).await;
    assert_eq!(r.header("location"), "/");
    assert_eq!(app.store.consent_count().await.unwrap(), 3);
    for bad in [
        vec![("choice", "yes please")],
        vec![],
        vec![("other", "accept")],
    ] {
        let r = app.post_form("/consent", &bad, &[]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("`accept` or `essential`"), "{}", r.body);
    }
    assert_eq!(
        app.store.consent_count().await.unwrap(),
        3,
        "refused answers are not recorded"
    );
}

#[tokio::test]
async fn most_read_ranks_the_last_24_hours_and_the_last_7_days_separately() {
    use gazette_store::{ReadWindow, ViewBatch};
    use time::{Duration, OffsetDateTime};
    let app = app().demo(10).start().await;
    let now = OffsetDateTime::now_utc();
    let list = app
        .store
        .list_articles(&gazette_store::ArticleFilter::All, now, 3, 0)
        .await
        .unwrap();
    let (old_hit, today_hit, stale) = (list.items[0].id, list.items[1].id, list.items[2].id);
    // Start from no recent views (the demo invents some).
    app.store
        .execute_raw("DELETE FROM article_views_hourly")
        .await
        .unwrap();
    let batch = |pairs: &[(i64, u64)]| pairs.iter().copied().collect::<ViewBatch>();
    // Read a lot three days ago, a little today; something else read long ago.
    app.store
        .add_views(&batch(&[(old_hit, 500)]), now - Duration::days(3))
        .await
        .unwrap();
    app.store
        .add_views(
            &batch(&[(today_hit, 40), (old_hit, 2)]),
            now - Duration::hours(1),
        )
        .await
        .unwrap();
    app.store
        .add_views(&batch(&[(stale, 9000)]), now - Duration::days(12))
        .await
        .unwrap();
    let ids =
        |v: Vec<gazette_core::model::ArticleSummary>| v.iter().map(|a| a.id).collect::<Vec<_>>();
    let day = ids(app.store.most_read(now, ReadWindow::Day, 5).await.unwrap());
    let week = ids(app.store.most_read(now, ReadWindow::Week, 5).await.unwrap());
    assert_eq!(day, [today_hit, old_hit]);
    assert_eq!(
        week,
        [old_hit, today_hit],
        "twelve-day-old views are outside the week"
    );
    // The home page shows both lists, under their own headings.
    let home = app.get("/").await;
    assert_eq!(
        home.texts(".most-read-window"),
        ["Last 24 hours", "Last 7 days"]
    );
    let first_titles = home.texts(".most-read .ranked li:first-child .mini__title");
    assert_eq!(first_titles.len(), 2);
    assert_ne!(
        first_titles[0], first_titles[1],
        "the two windows rank differently"
    );
}
