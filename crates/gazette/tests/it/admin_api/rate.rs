//! The rate limit is one counter per key per window in the database: fifty requests sent
//! at once with a key allowed twenty a window let exactly twenty through, whatever their
//! order, and the rest wait with 429 and `Retry-After`; other keys are not affected.

use super::*;

use gazette_newsroom::admin_api::auth::RATE_WINDOW_SECONDS;
#[tokio::test]
async fn fifty_parallel_requests_cannot_race_past_the_limit() {
    let (app, seen) = start().await;
    // Two a second over 10-second windows: twenty a window.
    let limited = role_key(&app, "racer", Role::Editor, Some(2)).await;
    let other = role_key(&app, "bystander", Role::Editor, Some(2)).await;
    let limit = 2 * RATE_WINDOW_SECONDS as usize;
    // Start early in a window so that all fifty fall into the same one.
    loop {
        let now = time::OffsetDateTime::now_utc();
        if now.unix_timestamp().rem_euclid(RATE_WINDOW_SECONDS) < 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let api = Api::new(&app, &seen, limited);
    let answers =
        futures_util::future::join_all((0..50).map(|_| api.get("/api/admin/v1/tags"))).await;
    let ok = answers.iter().filter(|a| a.status == 200).count();
    let waited: Vec<&Answer> = answers.iter().filter(|a| a.status == 429).collect();
    assert_eq!(
        ok,
        limit,
        "statuses: {:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(waited.len(), 50 - limit);
    for a in waited {
        a.expect(429);
        assert_eq!(a.json["error"]["code"], "rate_limited");
        let retry: i64 = a.header("retry-after").parse().unwrap();
        assert!((1..=RATE_WINDOW_SECONDS).contains(&retry), "{retry}");
    }
    // Another key has its own count.
    api.with_key(&other)
        .get("/api/admin/v1/tags")
        .await
        .expect(200);
    super::contract::check_all(&app, &seen).await;
}
