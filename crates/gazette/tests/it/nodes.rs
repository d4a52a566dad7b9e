//! Several `gazette serve` processes on one PostgreSQL schema, as an operator runs them
//! behind a load balancer: transactions that commit out of the order of their change ids are
//! seen by every node's search within a second, a node killed with SIGKILL during scheduled
//! publishing loses and repeats nothing and catches up when it comes back, and the setup link
//! of any node works on every node. PostgreSQL only (SQLite is one machine by design): the
//! tests say why and pass when `TEST_DATABASE_URL` is unset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::model::Status;
use gazette_store::{ChangeCursor, JobKind, Store};
use reqwest::StatusCode;
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::{self, TestApp, app, published};

/// Held by each test here for its whole run: three server processes per test are already
/// more than the two cores of the CI machine, and six at once would time the machine, not
/// Gazette.
static ONE_SITE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One `gazette serve` process with its own data directory (search index, media).
struct Node {
    child: tokio::process::Child,
    base: String,
    data: PathBuf,
    /// Everything it printed on stdout.
    said: Arc<Mutex<Vec<String>>>,
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Whether a PostgreSQL server is configured; when not, the reason the test passes is printed.
fn postgres_configured(test: &str) -> bool {
    let configured = common::postgres_url().is_some();
    if !configured {
        eprintln!(
            "{test}: skipped: several nodes share one PostgreSQL database; \
             set TEST_DATABASE_URL=postgres://USER@HOST/DB to run it"
        );
    }
    configured
}

/// What starting nodes of a site needs: its database (with the test's schema), its public
/// URL (the load balancer's, shared by all nodes), a client.
struct Site {
    database_url: String,
    base: String,
    client: reqwest::Client,
}

impl Site {
    fn of(app: &TestApp) -> Site {
        Site {
            database_url: app.settings.database_url.clone(),
            base: app.base.clone(),
            client: app.client.clone(),
        }
    }

    /// Starts `gazette serve` on a free port with `data` as its data directory, and waits
    /// until it says it is ready for traffic.
    async fn start(&self, data: &Path) -> Node {
        std::fs::create_dir_all(data).unwrap();
        let mut cmd = tokio::process::Command::from(common::gazette_command(data));
        cmd.arg("serve")
            .env("GAZETTE_DATA_DIR", data)
            .env("GAZETTE_DATABASE_URL", &self.database_url)
            .env("GAZETTE_LISTEN", "127.0.0.1:0")
            .env("GAZETTE_BASE_URL", &self.base)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = cmd.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("the node did not start within a minute")
            .unwrap()
            .expect("the node ended before it was serving");
        let addr = first
            .split_once("(listening on ")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(addr, _)| addr.to_owned())
            .unwrap_or_else(|| panic!("no address in the ready line: {first}"));
        let said = Arc::new(Mutex::new(vec![first]));
        let keep = Arc::clone(&said);
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                keep.lock().unwrap().push(line);
            }
        });
        let node = Node {
            child,
            base: format!("http://{addr}"),
            data: data.to_owned(),
            said,
        };
        common::until(
            Duration::from_secs(60),
            "the node never became ready",
            || async { get(&self.client, &node.url("/readyz")).await.0 == StatusCode::OK },
        )
        .await;
        node
    }

    async fn three_nodes(&self, dir: &Path) -> Vec<Node> {
        let mut nodes = vec![];
        for n in 0..3 {
            nodes.push(self.start(&dir.join(format!("node{n}"))).await);
        }
        nodes
    }
}

impl Node {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The path of the setup link the node printed at start, if it printed one.
    fn setup_path(&self) -> Option<String> {
        let said = self.said.lock().unwrap();
        said.iter()
            .find_map(|l| l.split_once("Admin setup: "))
            .and_then(|(_, link)| link.find("/account/setup/").map(|at| link[at..].to_owned()))
    }
}

async fn get(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    match client.get(url).send().await {
        Ok(r) => {
            let status = r.status();
            (status, r.text().await.unwrap_or_default())
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, String::new()),
    }
}

/// How long until every node finds each `(word, href)`, at most `limit` (then it fails).
/// Each node is asked in its own task, so one slow answer does not delay the others' times.
async fn until_every_node_finds(
    client: &reqwest::Client,
    nodes: &[Node],
    wanted: &[(&str, &str)],
    limit: Duration,
) -> Vec<Duration> {
    let started = Instant::now();
    let wanted: Vec<(String, String)> = wanted
        .iter()
        .map(|(w, h)| ((*w).to_owned(), (*h).to_owned()))
        .collect();
    let tasks: Vec<_> = nodes
        .iter()
        .map(|node| {
            let (client, base, wanted) = (client.clone(), node.base.clone(), wanted.clone());
            tokio::spawn(async move {
                loop {
                    let mut all = true;
                    for (word, href) in &wanted {
                        let url = format!("{base}/search?q={word}");
                        let (status, body) = get(&client, &url).await;
                        all &=
                            status == StatusCode::OK && body.contains(&format!("href=\"{href}\""));
                    }
                    if all {
                        return Some(started.elapsed());
                    }
                    if started.elapsed() > limit {
                        return None;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();
    let mut took = vec![];
    for (task, node) in tasks.into_iter().zip(nodes) {
        match task.await.unwrap() {
            Some(t) => took.push(t),
            None => panic!("after {limit:?} {} still misses {wanted:?}", node.base),
        }
    }
    took
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_nodes_see_transactions_that_commit_out_of_order_within_a_second() {
    if !postgres_configured("three_nodes_see_transactions_that_commit_out_of_order") {
        return;
    }
    let _alone = ONE_SITE_AT_A_TIME.lock().await;
    let app = app().start().await;
    let first = app
        .store
        .create_article(&published("first", "First story", "Body."))
        .await
        .unwrap();
    let second = app
        .store
        .create_article(&published("second", "Second story", "Body."))
        .await
        .unwrap();
    let site = Site::of(&app);
    let nodes = site.three_nodes(app.dir.path()).await;
    until_every_node_finds(
        &app.client,
        &nodes,
        &[("first", "/first/"), ("second", "/second/")],
        Duration::from_secs(30),
    )
    .await;

    // The test follows the log too, to tell when the database lets anyone read the changes.
    let mut watcher = ChangeCursor::at_end(&app.store).await.unwrap();
    // The long transaction takes the lower change id, the short one the higher id and
    // commits first; every node reads the log in between.
    let long = app
        .store
        .hold_write(
            &format!("UPDATE articles SET title = 'Zebracorn migration' WHERE id = {first}"),
            ChangeEntity::Article,
            first,
        )
        .await
        .unwrap();
    let short = app
        .store
        .hold_write(
            &format!("UPDATE articles SET title = 'Quokkafish census' WHERE id = {second}"),
            ChangeEntity::Article,
            second,
        )
        .await
        .unwrap();
    short.commit().await.unwrap();
    let ids = app.store.changes_since(0, 1000).await.unwrap();
    let id_of = |entity: i64| {
        ids.iter()
            .rev()
            .find(|c| c.entity_id == entity && c.action == ChangeAction::Update)
            .map(|c| c.id)
    };
    assert_eq!(
        id_of(first),
        None,
        "the long transaction is not visible yet"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    long.commit().await.unwrap();
    let committed = Instant::now();
    // Other transactions open on the server (other tests' in CI) hold every follower back
    // until they end; the promise is about the nodes, so their time counts from when the
    // changes can be read.
    let mut settled = vec![];
    while settled.len() < 2 {
        settled.extend(watcher.next(&app.store, 100).await.unwrap());
        assert!(
            committed.elapsed() < Duration::from_secs(10),
            "the changes never became readable: {settled:?}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let held_back = committed.elapsed();
    let ids = app.store.changes_since(0, 1000).await.unwrap();
    let id_of = |entity: i64| {
        ids.iter()
            .rev()
            .find(|c| c.entity_id == entity && c.action == ChangeAction::Update)
            .map(|c| c.id)
    };
    assert!(
        id_of(first) < id_of(second),
        "the test needs the late commit to hold the lower id: {ids:?}"
    );

    let took = until_every_node_finds(
        &app.client,
        &nodes,
        &[("zebracorn", "/first/"), ("quokkafish", "/second/")],
        Duration::from_secs(10),
    )
    .await;
    eprintln!(
        "three nodes: both out-of-order changes searchable after {took:?} \
         (readable {held_back:?} after the late commit)"
    );
    for t in &took {
        assert!(
            *t < Duration::from_secs(1),
            "a node took {t:?} to see the changes: {took:?}"
        );
    }

    // The setup link printed by the first node works on the others, though they started
    // later and printed their own.
    let path = nodes[0].setup_path().expect("no setup link printed");
    for node in &nodes {
        let (status, body) = get(&app.client, &node.url(&path)).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", node.base);
    }
}

/// Creates `n` articles scheduled `secs` from now, with their publication jobs.
async fn schedule_many(store: &Store, n: usize, secs: i64) -> Vec<i64> {
    let at = now() + secs;
    let mut ids = vec![];
    for i in 0..n {
        let mut new = published(
            &format!("scheduled-{i}"),
            &format!("Scheduled story tok{i}"),
            "Scheduled body text.",
        );
        new.status = Status::Scheduled;
        new.published_at = Some(OffsetDateTime::from_unix_timestamp(at).unwrap());
        let id = store.create_article(&new).await.unwrap();
        store
            .enqueue_job(JobKind::PublishArticle, &id.to_string(), at, now())
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

/// How many times each article was published by the scheduler (its status change log).
async fn publications(store: &Store) -> HashMap<i64, usize> {
    let mut by = HashMap::new();
    for c in store.changes_since(0, 100_000).await.unwrap() {
        if c.entity == ChangeEntity::Article && c.action == ChangeAction::Status {
            *by.entry(c.entity_id).or_insert(0) += 1;
        }
    }
    by
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_during_scheduled_publishing_loses_and_repeats_nothing() {
    if !postgres_configured("a_node_killed_during_scheduled_publishing") {
        return;
    }
    let _alone = ONE_SITE_AT_A_TIME.lock().await;
    const ARTICLES: usize = 120;
    let app = app().start().await;
    // The test's own in-process server would publish too: only the three nodes may.
    let site = Site::of(&app);
    let dir = tempfile::tempdir().unwrap();
    let reopened = app.stop_and_reopen().await;
    let store = reopened.store.clone();
    let mut nodes = site.three_nodes(dir.path()).await;
    let ids = schedule_many(&store, ARTICLES, 2).await;

    // The node killed is one caught holding claimed jobs (node ids carry the process id).
    let started = Instant::now();
    let victim = loop {
        let holders = store.job_holders().await.unwrap();
        let found = nodes.iter().position(|n| {
            let pid = n.child.id().unwrap_or(0);
            holders.iter().any(|h| h.contains(&format!(":{pid}:")))
        });
        if let Some(i) = found {
            break i;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no node claimed a job"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    let mut killed = nodes.remove(victim);
    let pid = killed.child.id().unwrap_or(0);
    killed.child.start_kill().unwrap(); // SIGKILL
    killed.child.wait().await.unwrap();
    let at_kill = publications(&store).await.len();
    let in_hand = store
        .job_holders()
        .await
        .unwrap()
        .iter()
        .filter(|h| h.contains(&format!(":{pid}:")))
        .count();

    // Everything is published, by the survivors (jobs the dead node held come free when
    // their lease runs out).
    let limit = Duration::from_secs(120);
    while publications(&store).await.len() < ARTICLES {
        assert!(
            started.elapsed() < limit,
            "only {} of {ARTICLES} published after {limit:?}",
            publications(&store).await.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let all_done = started.elapsed();

    // The killed node comes back on its own data directory and catches up: its search finds
    // what was published while it was down.
    let back = site.start(&killed.data).await;
    nodes.push(back);
    let (last_word, last) = (
        format!("tok{}", ARTICLES - 1),
        format!("/scheduled-{}/", ARTICLES - 1),
    );
    until_every_node_finds(
        &site.client,
        &nodes,
        &[("tok0", "/scheduled-0/"), (&last_word, &last)],
        Duration::from_secs(10),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;

    let by = publications(&store).await;
    let repeated: Vec<_> = by.iter().filter(|(_, n)| **n != 1).collect();
    assert!(
        repeated.is_empty(),
        "published more than once: {repeated:?}"
    );
    for id in &ids {
        assert!(by.contains_key(id), "article {id} was never published");
    }
    let audited = store
        .audit_log(10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "publish (scheduled)")
        .count();
    assert_eq!(audited, ARTICLES);
    assert!(store.pending_jobs().await.unwrap().is_empty());
    eprintln!(
        "three nodes: killed one after {at_kill} of {ARTICLES} publications, holding \
         {in_hand} claimed jobs; all published once after {all_done:?}"
    );
    // The nodes stop before the schema goes.
    for mut node in nodes {
        node.child.start_kill().unwrap();
        node.child.wait().await.unwrap();
    }
    drop(reopened);
}
