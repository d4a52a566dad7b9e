//! View counts: a reader repeating the beacon counts once (also across nodes), and beacons
//! for ids that are not published articles cannot crowd out real views.

use reqwest::StatusCode;

use crate::common::{PHONE_UA, TestApp, app, first_article, serve};

const LAPTOP: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

async fn views_of(app: &TestApp, id: i64) -> u64 {
    app.store
        .summaries_by_ids(&[id], time::OffsetDateTime::now_utc())
        .await
        .unwrap()[0]
        .views
}

async fn beacon(app: &TestApp, id: i64, ua: &str) {
    let r = app
        .client
        .post(app.url(&format!("/views/{id}")))
        .header("user-agent", ua)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn one_reader_repeating_the_beacon_counts_once() {
    let app = app().demo(3).start().await;
    let (id, before) = first_article(&app).await;
    for _ in 0..20 {
        beacon(&app, id, PHONE_UA).await;
    }
    // The pixel is the same reader too.
    app.get_with_ua(&format!("/views/{id}"), PHONE_UA).await;
    // Another browser is another reader.
    beacon(&app, id, LAPTOP).await;
    beacon(&app, id, LAPTOP).await;
    app.state().views.flush(&app.store).await.unwrap();
    assert_eq!(views_of(&app, id).await, before + 2);
}

#[tokio::test]
async fn a_flood_of_made_up_ids_does_not_crowd_out_real_views() {
    let app = app().demo(3).start().await;
    let (id, before) = first_article(&app).await;
    // More distinct ids than the buffer holds, none of them an article.
    for junk in 1_000_000..1_060_000 {
        app.state()
            .views
            .record_reader(junk, "192.0.2.9", &format!("bot {junk}"));
    }
    beacon(&app, id, PHONE_UA).await;
    app.state().views.flush(&app.store).await.unwrap();
    assert_eq!(views_of(&app, id).await, before + 1);
}

#[tokio::test]
async fn an_article_published_after_start_is_counted_from_its_first_view() {
    let app = app().start().await;
    let id = app
        .store
        .create_article(&crate::common::published("fresh", "Fresh", "Body."))
        .await
        .unwrap();
    beacon(&app, id, PHONE_UA).await;
    app.state().views.flush(&app.store).await.unwrap();
    assert_eq!(views_of(&app, id).await, 1);
    // Now known as published: counted straight into the main buffer.
    beacon(&app, id, LAPTOP).await;
    app.state().views.flush(&app.store).await.unwrap();
    assert_eq!(views_of(&app, id).await, 2);
}

#[tokio::test]
async fn a_reader_whose_beacons_reach_two_nodes_counts_once() {
    let app = app().demo(3).start().await;
    let (id, before) = first_article(&app).await;
    // A second node on the same database, as behind a load balancer (its own search index).
    let own = tempfile::tempdir().unwrap();
    let mut settings = app.settings.clone();
    settings.raw.data_dir = own.path().to_path_buf();
    let (addr, other, client) = serve(&mut settings, &app.store, false).await;
    let beacon_to = |base: String, ua: &'static str| {
        let client = client.clone();
        async move {
            let r = client
                .post(format!("{base}/views/{id}"))
                .header("user-agent", ua)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::NO_CONTENT);
        }
    };
    beacon_to(app.url(""), PHONE_UA).await;
    beacon_to(format!("http://{addr}"), PHONE_UA).await;
    beacon_to(format!("http://{addr}"), LAPTOP).await;
    // Each node flushes its own buffer; the phone reached both.
    app.state().views.flush(&app.store).await.unwrap();
    other.state.views.flush(&app.store).await.unwrap();
    assert_eq!(views_of(&app, id).await, before + 2);
    // Again on the first node, after both flushed: still the same reader.
    beacon_to(app.url(""), LAPTOP).await;
    app.state().views.flush(&app.store).await.unwrap();
    assert_eq!(views_of(&app, id).await, before + 2);
}
