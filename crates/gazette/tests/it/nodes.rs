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
use gazette_store::{ChangeCursor, Store};
use reqwest::StatusCode;
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::common::s3::Bucket;
use crate::common::{self, TestApp, app};

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

/// Where the nodes of a site keep pictures.
enum Media {
    /// Each node its own `{data_dir}/media`: a picture exists only where it was uploaded.
    OwnDirectory,
    /// One directory every node mounts as its `{data_dir}/media` (as an NFS share would be).
    SharedDirectory(PathBuf),
    /// One S3-compatible bucket (`media_store = "s3://…"`).
    Bucket(Bucket),
}

/// What starting nodes of a site needs: its database (with the test's schema), its public
/// URL (the load balancer's, shared by all nodes), a client, where pictures go.
struct Site {
    database_url: String,
    base: String,
    client: reqwest::Client,
    media: Media,
}

impl Site {
    fn of(app: &TestApp) -> Site {
        Site {
            database_url: app.settings.database_url.clone(),
            base: app.base.clone(),
            client: app.client.clone(),
            media: Media::OwnDirectory,
        }
    }

    /// A `gazette` command for this site with `data` as its data directory.
    fn command(&self, data: &Path) -> tokio::process::Command {
        std::fs::create_dir_all(data).unwrap();
        let mut cmd = tokio::process::Command::from(common::gazette_command(data));
        cmd.env("GAZETTE_DATA_DIR", data)
            .env("GAZETTE_DATABASE_URL", &self.database_url);
        match &self.media {
            Media::OwnDirectory => {}
            Media::SharedDirectory(shared) => {
                std::fs::create_dir_all(shared).unwrap();
                let link = data.join("media");
                if !link.exists() {
                    std::os::unix::fs::symlink(shared, &link).unwrap();
                }
            }
            Media::Bucket(bucket) => {
                cmd.env("GAZETTE_MEDIA_STORE", bucket.setting());
                for (k, v) in bucket.env() {
                    cmd.env(k, v);
                }
            }
        }
        cmd
    }

    /// Starts `gazette serve` on a free port with `data` as its data directory, and waits
    /// until it says it is ready for traffic.
    async fn start(&self, data: &Path) -> Node {
        let mut cmd = self.command(data);
        cmd.arg("serve")
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
    let first = app.publish("first", "First story", "Body.").await;
    let second = app.publish("second", "Second story", "Body.").await;
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
    assert_eq!(
        last_update(&app.store, first).await,
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
    let (first_id, second_id) = (
        last_update(&app.store, first).await,
        last_update(&app.store, second).await,
    );
    assert!(
        first_id < second_id,
        "the test needs the late commit to hold the lower id: {first_id:?}, {second_id:?}"
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

/// The id of the change log's last update of the entity `id`, if it has one yet.
async fn last_update(store: &Store, id: i64) -> Option<i64> {
    let changes = store.changes_since(0, 1000).await.unwrap();
    changes
        .iter()
        .rev()
        .find(|c| c.entity_id == id && c.action == ChangeAction::Update)
        .map(|c| c.id)
}

/// Creates `n` articles scheduled `secs` from now, with their publication jobs.
async fn schedule_many(store: &Store, n: usize, secs: i64) -> Vec<i64> {
    let at = now() + secs;
    let mut ids = vec![];
    for i in 0..n {
        let slug = format!("scheduled-{i}");
        let title = format!("Scheduled story tok{i}");
        ids.push(crate::jobs::schedule_at(store, &slug, &title, at).await);
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

/// A picture uploaded through one node (the Admin API of node A) is served by the other
/// two, byte for byte, with its variants: generated once, by node A, and stored where every
/// node reads. Run with one bucket, and with one directory shared by the nodes.
async fn a_picture_uploaded_on_one_node_is_served_by_the_others(media: Media) {
    let _alone = ONE_SITE_AT_A_TIME.lock().await;
    let app = app().start().await;
    let (key, _browser) = crate::admin_api::personal_key(&app, "editor").await;
    let mut site = Site::of(&app);
    site.media = media;
    let dir = tempfile::tempdir().unwrap();
    let reopened = app.stop_and_reopen().await;
    let store = reopened.store.clone();
    let nodes = site.three_nodes(dir.path()).await;

    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(1200, 700, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    })
    .write_to(&mut png, image::ImageFormat::Png)
    .unwrap();
    let form = reqwest::multipart::Form::new().text("alt", "Harbour").part(
        "file",
        reqwest::multipart::Part::bytes(png.into_inner())
            .file_name("harbour.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let r = site
        .client
        .post(nodes[0].url("/api/admin/v1/media"))
        .bearer_auth(&key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let m = store.media_by_id(id).await.unwrap().unwrap();
    assert_eq!(m.variant_widths, vec![480, 720, 960]);
    let stem = m.path.trim_end_matches(".png");
    let files = [
        m.path.clone(),
        format!("{stem}-480.png"),
        format!("{stem}-960.webp"),
    ];
    for file in &files {
        let url = |n: &Node| n.url(&format!("/media/{file}"));
        let first = site.client.get(url(&nodes[0])).send().await.unwrap();
        assert_eq!(
            first.status(),
            StatusCode::OK,
            "{file} on the node that took it"
        );
        let bytes = first.bytes().await.unwrap();
        for node in &nodes[1..] {
            let r = site.client.get(url(node)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{file} on {}", node.base);
            assert_eq!(r.bytes().await.unwrap(), bytes, "{file} on {}", node.base);
        }
    }
    // The variants exist once, where every node reads, not in a node's own directory.
    if matches!(site.media, Media::Bucket(_)) {
        for n in &nodes {
            assert!(!n.data.join("media").exists(), "{}", n.data.display());
        }
    }
    for mut node in nodes {
        node.child.start_kill().unwrap();
        node.child.wait().await.unwrap();
    }
    drop(reopened);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_uploaded_on_one_node_is_served_by_the_others_from_a_bucket() {
    if !postgres_configured("a_picture_uploaded_on_one_node_is_served_by_the_others_from_a_bucket")
    {
        return;
    }
    a_picture_uploaded_on_one_node_is_served_by_the_others(Media::Bucket(Bucket::new())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_uploaded_on_one_node_is_served_by_the_others_from_a_shared_directory() {
    if !postgres_configured(
        "a_picture_uploaded_on_one_node_is_served_by_the_others_from_a_shared_directory",
    ) {
        return;
    }
    let shared = tempfile::tempdir().unwrap();
    a_picture_uploaded_on_one_node_is_served_by_the_others(Media::SharedDirectory(
        shared.path().join("media"),
    ))
    .await;
}

/// `gazette import wordpress` killed with SIGKILL midway, then run again: every post and
/// picture of the export exists exactly once, and the media store holds exactly the files
/// of the recorded pictures (those stored before the kill are written again under the same
/// keys, never beside them).
/// When the import is killed: once some picture files are stored but before their rows are
/// committed, or once some posts are committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KillAt {
    Pictures,
    Posts,
}

async fn an_import_killed_midway_loses_and_repeats_nothing(media: Media, kill_at: KillAt) {
    let _alone = ONE_SITE_AT_A_TIME.lock().await;
    let app = app().start().await;
    let mut site = Site::of(&app);
    site.media = media;
    let data = app.dir.path().join("importer");
    let uploads = crate::import::uploads_dir(&app);
    let export = crate::import::data(crate::import::EXPORT);
    // Only the importer writes: the test's own server (and its search indexer) is stopped.
    let reopened = app.stop_and_reopen().await;
    let db = reopened.store.clone();
    let import = |site: &Site| {
        let mut cmd = site.command(&data);
        cmd.args(["import", "wordpress"])
            .arg(&export)
            .arg("--uploads")
            .arg(&uploads)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        cmd
    };
    let mut child = import(&site).spawn().unwrap();
    let pid = child.id().unwrap_or(0);
    let files_of = |site: &Site| match &site.media {
        Media::Bucket(b) => b.store(),
        Media::SharedDirectory(d) => gazette_media::MediaStore::local(d),
        Media::OwnDirectory => gazette_media::MediaStore::local(data.join("media")),
    };
    let files = files_of(&site);
    // Killed midway through the pictures or through the posts.
    let started = Instant::now();
    let at_kill = loop {
        let c = db.content_counts().await.unwrap();
        let reached = match kill_at {
            KillAt::Pictures => c.media == 0 && !files.list().await.unwrap().is_empty(),
            KillAt::Posts => c.articles > 0,
        };
        if reached {
            break c;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the import wrote nothing within a minute"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended early"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    child.start_kill().unwrap(); // SIGKILL
    child.wait().await.unwrap();
    let after_kill = db.content_counts().await.unwrap();
    let files_at_kill = files.list().await.unwrap().len();

    // Its lease outlives it (two minutes): a new run says which import holds it.
    let refused = import(&site).output().await.unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains(&format!("process {pid} ")), "{said}");
    // Two minutes later the lease is free; the test moves the clock rather than wait.
    db.execute_raw("UPDATE leases SET expires_at = 0 WHERE name = 'import'")
        .await
        .unwrap();
    let again = import(&site).output().await.unwrap();
    let report = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(
        again.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // Exactly what one uninterrupted import gives: 50 pictures and every post, once.
    let counts = db.content_counts().await.unwrap();
    assert_eq!(counts.media, 50, "{report}");
    let slugs: Vec<String> = sqlx_slugs(&db).await;
    let unique: std::collections::HashSet<&String> = slugs.iter().collect();
    assert_eq!(unique.len(), slugs.len(), "no post twice");
    assert!(counts.articles > after_kill.articles, "{report}");
    let reference = reference_import().await;
    assert_eq!(counts.articles, reference.articles, "{report}");
    assert_eq!(counts.pages, reference.pages, "{report}");
    assert_eq!(counts.redirects, reference.redirects, "{report}");

    if kill_at == KillAt::Posts {
        assert!(
            after_kill.articles < reference.articles,
            "killed before the end"
        );
    }
    // The store holds exactly the recorded pictures' files.
    let store = files;
    let mut stored: Vec<String> = store
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    stored.sort();
    let mut recorded = Vec::new();
    for e in db
        .media_library(&gazette_store::MediaQuery {
            text: String::new(),
            uploaded_by: None,
            page: 1,
            per_page: 500,
        })
        .await
        .unwrap()
        .entries
    {
        let m = e.media;
        recorded.extend(
            gazette_media::stored_keys(&m.path, &m.variant_widths, &m.webp_widths).unwrap(),
        );
    }
    recorded.sort();
    assert_eq!(stored, recorded);
    eprintln!(
        "import killed ({kill_at:?}) with {files_at_kill} files stored, after {} pictures and {} posts ({} and {} once it was dead); \
         the rerun finished with {} pictures and {} posts",
        at_kill.media,
        at_kill.articles,
        after_kill.media,
        after_kill.articles,
        counts.media,
        counts.articles
    );
}

/// Every published article's path, sorted.
async fn sqlx_slugs(store: &Store) -> Vec<String> {
    let mut slugs = common::sitemap_paths(store).await;
    slugs.sort();
    slugs
}

/// The counts one uninterrupted import of the shipped export gives, in a site of its own.
async fn reference_import() -> gazette_store::ContentCounts {
    let app = app().start().await;
    let uploads = crate::import::uploads_dir(&app);
    crate::import::import_shipped(&app, &uploads).await;
    // Stopped before it is dropped, so its search indexer is not cut off mid-write.
    let reopened = app.stop_and_reopen().await;
    reopened.store.content_counts().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_among_its_pictures_loses_and_repeats_nothing_with_a_bucket() {
    an_import_killed_midway_loses_and_repeats_nothing(
        Media::Bucket(Bucket::new()),
        KillAt::Pictures,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_among_its_posts_loses_and_repeats_nothing_in_the_data_directory() {
    an_import_killed_midway_loses_and_repeats_nothing(Media::OwnDirectory, KillAt::Posts).await;
}
