//! `gazette desk import-opml | fetch | export-opml` as an operator runs them, and the
//! durability of a fetch round: `gazette desk fetch`, or `gazette serve` fetching from its
//! job queue, killed with SIGKILL in the middle of a round leaves every source either fully
//! recorded or untouched (one transaction per source), and the next round completes it
//! without duplicating a single item. SQLite (the commands open the site's own database;
//! the server tests cover PostgreSQL).

use std::process::Stdio;

use crate::common::gazette_command as gazette;
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use gazette_store::{InboxFilter, Store};

const ITEMS: usize = 20;
const SOURCES: usize = 30;

/// A feed of [`ITEMS`] items, answered after a pause so a round takes a while.
async fn slow_feed(Path(n): Path<String>) -> impl IntoResponse {
    tokio::time::sleep(Duration::from_millis(150)).await;
    let n = n.trim_end_matches(".xml");
    let items: String = (0..ITEMS)
        .map(|i| format!("<item><title>Story {i} of outlet {n}</title><guid>{n}-{i}</guid><description>Lead {i}.</description></item>"))
        .collect();
    (
        [(header::CONTENT_TYPE, "application/rss+xml")],
        format!("<rss version=\"2.0\"><channel><title>Outlet {n}</title>{items}</channel></rss>"),
    )
}

async fn counts(store: &Store) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for s in store.desk_sources().await.unwrap() {
        let filter = InboxFilter {
            source_id: Some(s.id),
            ..InboxFilter::default()
        };
        out.push((
            s.settings.name,
            store.desk_inbox(&filter, 1, 0).await.unwrap().total,
        ));
    }
    out
}

/// Serves [`SOURCES`] slow feeds on loopback; returns the address.
async fn slow_outlets() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().route("/feed/{n}", axum::routing::get(slow_feed));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// After a kill: at least five sources complete, not all, and none half-written.
async fn assert_whole_sources(store: &Store) {
    let after_kill = counts(store).await;
    let done = after_kill
        .iter()
        .filter(|(_, n)| *n == ITEMS as i64)
        .count();
    assert!(done >= 5, "{after_kill:?}");
    assert!(
        done < SOURCES,
        "the round was killed before its end: {after_kill:?}"
    );
    for (name, n) in &after_kill {
        assert!(
            *n == 0 || *n == ITEMS as i64,
            "{name} was half-written: {n} items"
        );
    }
}

async fn a_few_fetched(store: &Store) {
    crate::common::until(Duration::from_secs(30), "a few sources fetched", || async {
        counts(store).await.iter().filter(|(_, n)| *n > 0).count() >= 5
    })
    .await;
}

/// A site directory allowed to fetch from loopback, with an OPML list of [`SOURCES`]
/// slow feeds at `addr` written next to it (not imported yet).
fn site_with_opml(addr: std::net::SocketAddr) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gazette.toml"),
        "fetch_allow_private = true\n",
    )
    .unwrap();
    let outlines: String = (0..SOURCES)
        .map(|n| format!("<outline text=\"Outlet {n:02}\" xmlUrl=\"http://{addr}/feed/{n}.xml\"/>"))
        .collect();
    std::fs::write(
        dir.path().join("sources.opml"),
        format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"Region\">{outlines}</outline></body></opml>"),
    )
    .unwrap();
    dir
}

/// The site's own database, opened beside the commands.
async fn site_store(dir: &tempfile::TempDir) -> Store {
    let url = format!("sqlite://{}", dir.path().join("data/gazette.db").display());
    Store::connect(&url, None).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_while_fetching_loses_nothing_and_duplicates_nothing() {
    let dir = site_with_opml(slow_outlets().await);
    let imported = gazette(dir.path())
        .args(["desk", "import-opml", "sources.opml"])
        .output()
        .unwrap();
    assert!(imported.status.success());
    let store = site_store(&dir).await;
    let serve = || {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        gazette(dir.path())
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut server = serve();
    a_few_fetched(&store).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    assert_whole_sources(&store).await;

    // A new server takes the rest over (the dead one's job in hand once its lease ends).
    let mut server = serve();
    crate::common::until(Duration::from_secs(120), "every source fetched", || async {
        counts(&store).await.iter().all(|(_, n)| *n > 0)
    })
    .await;
    server.kill().unwrap();
    server.wait().unwrap();
    let after = counts(&store).await;
    assert!(
        after.iter().all(|(_, n)| *n == ITEMS as i64),
        "nothing lost, nothing twice: {after:?}"
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_fetch_round_loses_nothing_and_duplicates_nothing() {
    let addr = slow_outlets().await;
    let dir = site_with_opml(addr);
    let imported = gazette(dir.path())
        .args(["desk", "import-opml", "sources.opml"])
        .output()
        .unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(
        String::from_utf8_lossy(&imported.stdout)
            .contains(&format!("Imported {SOURCES} new sources"))
    );
    let again = gazette(dir.path())
        .args(["desk", "import-opml", "sources.opml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains(&format!(
        "Imported 0 new sources ({SOURCES} already followed)"
    )));

    let store = site_store(&dir).await;

    // One host: its sources are fetched one at a time, so killing after a few leaves
    // the rest unfetched.
    let mut round = gazette(dir.path())
        .args(["desk", "fetch"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    a_few_fetched(&store).await;
    round.kill().unwrap();
    round.wait().unwrap();
    assert_whole_sources(&store).await;

    let finished = gazette(dir.path())
        .args(["desk", "fetch"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&finished.stdout);
    assert!(
        finished.status.success(),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );
    assert!(
        out.contains(&format!("Outlet 00: 0 new, 0 changed, {ITEMS} unchanged")),
        "{out}"
    );
    assert!(
        out.contains(&format!("Outlet 29: {ITEMS} new, 0 changed, 0 unchanged")),
        "{out}"
    );
    assert!(
        out.contains(&format!("Fetched {SOURCES} sources (0 with errors)")),
        "{out}"
    );
    let total: i64 = counts(&store).await.iter().map(|(_, n)| n).sum();
    assert_eq!(
        total,
        (SOURCES * ITEMS) as i64,
        "nothing lost, nothing twice"
    );

    let exported = gazette(dir.path())
        .args(["desk", "export-opml"])
        .output()
        .unwrap();
    let opml = String::from_utf8_lossy(&exported.stdout);
    assert_eq!(opml.matches("<outline ").count(), SOURCES, "{opml}");
    assert!(opml.contains(&format!("xmlUrl=\"http://{addr}/feed/7.xml\"")));
    store.close().await;
}
