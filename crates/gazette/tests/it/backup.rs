//! `gazette backup` and `gazette restore`: a backup taken while an editor keeps publishing
//! restores into an empty site that serves every article, picture, account and redirect
//! that existed when the backup started; a damaged or foreign archive and a target with
//! content are refused before anything is written. On SQLite, and on PostgreSQL (each
//! site in a database of its own) when `TEST_DATABASE_URL` is set.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common::s3::Bucket;
use crate::common::{postgres_url, published, serve};
use gazette::backup::{self, BackupError, Target};
use gazette::config::{Config, Settings};
use gazette::demo::{self, DemoOptions};
use gazette::server;
use gazette_core::permissions::Role;
use gazette_store::{Actor, NewUser, Store};

/// A site of its own: a data directory and, on PostgreSQL, a fresh database.
struct Site {
    settings: Settings,
    store: Store,
    database: Option<(String, String)>,
}

async fn site(dir: &Path) -> Site {
    let mut config = Config {
        data_dir: dir.to_path_buf(),
        listen: "127.0.0.1:0".into(),
        ..Config::default()
    };
    let mut database = None;
    if let Some(url) = postgres_url() {
        let name = format!(
            "gazette_backup_{}_{}",
            std::process::id(),
            fastrand::u64(..)
        );
        let admin = Store::connect(&url, None).await.unwrap();
        admin
            .execute_raw(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        admin.close().await;
        let (base, _) = url.rsplit_once('/').unwrap();
        config.database_url = format!("{base}/{name}");
        database = Some((url, name));
    }
    let settings = config.resolve().unwrap();
    let store = server::open_store(&settings).await.unwrap();
    Site {
        settings,
        store,
        database,
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let Some((url, name)) = self.database.take() else {
            return;
        };
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(admin) = Store::connect(&url, None).await {
                    let _ = admin
                        .execute_raw(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                    admin.close().await;
                }
            });
        })
        .join();
    }
}

fn target(site: &Site) -> Target<'_> {
    Target {
        settings: &site.settings,
        store: &site.store,
    }
}

/// Demo articles and pictures, an account, and redirects from an imported export.
async fn fill(site: &Site) {
    let options = DemoOptions {
        articles: 30,
        images: 3,
        seed: 5,
    };
    demo::fill(&site.store, &site.settings.media, &options, |_, _| {})
        .await
        .unwrap();
    let user = NewUser {
        email: "editor@example.com".into(),
        name: "Eda Editor".into(),
        role: Role::Editor,
        password_hash: None,
        author_id: None,
    };
    site.store
        .create_user(&user, 1_700_000_000, &Actor::cli())
        .await
        .unwrap();
    let export = crate::common::wxr_export(
        Some("tr"),
        &[("eski", "Eski yazı", None), ("yeni", "Yeni yazı", None)],
    );
    let file = site.settings.raw.data_dir.join("export.xml");
    std::fs::write(&file, export).unwrap();
    let options = gazette::import::WordpressOptions {
        file,
        ..Default::default()
    };
    gazette::import::import_wordpress(
        &site.store,
        &site.settings.media,
        &options,
        &mut |_, _, _| {},
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_backup_taken_under_writes_restores_into_an_empty_site() {
    let src_dir = tempfile::tempdir().unwrap();
    let source = site(src_dir.path()).await;
    fill(&source).await;
    let before = source.store.content_counts().await.unwrap();
    assert!(
        before.media > 0 && before.redirects > 0 && before.users > 0,
        "{before:?}"
    );
    let paths_before = crate::common::sitemap_paths(&source.store).await;
    assert!(paths_before.len() >= 30, "{paths_before:?}");

    // An editor publishes as fast as the database lets them while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (store, stop) = (source.store.clone(), stop.clone());
        async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let slug = format!("live-{n}");
                store
                    .create_article(&published(&slug, &format!("Live {n}"), "Breaking."))
                    .await
                    .unwrap();
                n += 1;
            }
            n
        }
    });
    let archive = src_dir.path().join("site.tar.gz");
    let mut phases = Vec::new();
    let manifest = backup::create(&target(&source), &archive, &mut |phase, _, _| {
        phases.push(phase.to_owned())
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let written_during = writer.await.unwrap();
    assert!(written_during > 0, "the editor never got to write");
    assert!(phases.contains(&"Media".to_owned()), "{phases:?}");
    assert!(manifest.counts.articles >= before.articles, "{manifest:?}");
    assert_eq!(
        manifest.files.len() as i64 - 1,
        count_files(&source.settings.media_dir()) as i64,
        "every picture file and the database are in the archive"
    );

    let dst_dir = tempfile::tempdir().unwrap();
    let restored = site(dst_dir.path()).await;
    backup::restore(&target(&restored), &archive, false, &mut |_, _, _| {})
        .await
        .unwrap();
    let store = Store::connect(&restored.settings.database_url, None)
        .await
        .unwrap();
    let counts = store.content_counts().await.unwrap();
    assert!(counts.articles >= before.articles, "{counts:?}");
    assert_eq!(
        (counts.pages, counts.media, counts.users, counts.redirects),
        (before.pages, before.media, before.users, before.redirects)
    );

    // The restored site serves them over HTTP.
    let mut settings = restored.settings.clone();
    let (_, running, client) = serve(&mut settings, &store, false).await;
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{}{path}", settings.base_url);
        async move { client.get(url).send().await.unwrap() }
    };
    for path in &paths_before {
        let page = get(path.clone()).await;
        assert_eq!(page.status(), 200, "article {path} after the restore");
    }
    for file in list_files(&restored.settings.media_dir()) {
        let res = get(format!("/media/{file}")).await;
        assert_eq!(res.status(), 200, "picture {file}");
    }
    let user = store.user_by_email("editor@example.com").await.unwrap();
    assert_eq!(user.map(|u| u.name).as_deref(), Some("Eda Editor"));
    let old = get("/?p=100".to_owned()).await;
    assert_eq!(
        old.status(),
        301,
        "an imported post's old address still redirects"
    );
    running.stop().await.unwrap();
    store.close().await;

    // The restored site is not empty: a second restore is refused unless forced.
    let again = site_again(&restored).await;
    let err = backup::restore(&target(&again), &archive, false, &mut |_, _, _| {})
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::NotEmpty(_)), "{err}");
    assert!(err.to_string().contains("--force"), "{err}");
    backup::restore(&target(&again), &archive, true, &mut |_, _, _| {})
        .await
        .unwrap();
}

/// A site whose pictures are in a bucket backs up and restores into a site on another
/// bucket: the archive holds every object, the restore puts each back byte for byte, the
/// restored site serves them, and neither data directory receives a picture.
#[tokio::test]
async fn a_site_on_object_storage_backs_up_and_restores_into_another_bucket() {
    let (from, to) = (Bucket::new(), Bucket::new());
    let src_dir = tempfile::tempdir().unwrap();
    let mut source = site(src_dir.path()).await;
    source.settings.media = from.store();
    fill(&source).await;
    let stored = from.store().list().await.unwrap();
    assert!(stored.len() > 3, "{stored:?}");
    let archive = src_dir.path().join("site.tar.gz");
    let manifest = backup::create(&target(&source), &archive, &mut |_, _, _| {})
        .await
        .unwrap();
    assert_eq!(
        manifest.files.len() - 1,
        stored.len(),
        "every object is archived"
    );

    let dst_dir = tempfile::tempdir().unwrap();
    let mut restored = site(dst_dir.path()).await;
    restored.settings.media = to.store();
    backup::restore(&target(&restored), &archive, false, &mut |_, _, _| {})
        .await
        .unwrap();
    let back = to.store().list().await.unwrap();
    let keys = |l: &[gazette_media::ObjectInfo]| -> Vec<(String, u64)> {
        l.iter().map(|o| (o.key.clone(), o.size)).collect()
    };
    assert_eq!(keys(&back), keys(&stored));
    for o in &stored {
        assert_eq!(
            to.store().get(&o.key).await.unwrap(),
            from.store().get(&o.key).await.unwrap(),
            "{}",
            o.key
        );
    }
    assert_eq!(count_files(&source.settings.media_dir()), 0);
    assert_eq!(count_files(&restored.settings.media_dir()), 0);

    let store = Store::connect(&restored.settings.database_url, None)
        .await
        .unwrap();
    let mut settings = restored.settings.clone();
    let (_, running, client) = serve(&mut settings, &store, false).await;
    for o in &stored {
        let res = client
            .get(format!("{}/media/{}", settings.base_url, o.key))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", o.key);
        assert_eq!(res.bytes().await.unwrap().len() as u64, o.size, "{}", o.key);
    }
    running.stop().await.unwrap();
    store.close().await;

    // The restored bucket is not empty: a second restore there is refused unless forced.
    let mut again = site_again(&restored).await;
    again.settings.media = to.store();
    let err = backup::restore(&target(&again), &archive, false, &mut |_, _, _| {})
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains(&to.setting()),
        "names the bucket: {err}"
    );
}

#[tokio::test]
async fn damaged_and_foreign_archives_are_refused_before_anything_is_written() {
    let src_dir = tempfile::tempdir().unwrap();
    let source = site(src_dir.path()).await;
    fill(&source).await;
    let archive = src_dir.path().join("site.tar.gz");
    backup::create(&target(&source), &archive, &mut |_, _, _| {})
        .await
        .unwrap();

    // One byte changed inside a picture: the checksum names it.
    let mut entries = read_entries(&archive);
    let damaged = src_dir.path().join("damaged.tar.gz");
    let (_, picture) = entries
        .iter_mut()
        .find(|(name, _)| name.starts_with("media/"))
        .unwrap();
    let middle = picture.len() / 2;
    picture[middle] ^= 0xff;
    write_entries(&damaged, &entries, None);
    // An entry that climbs out of the data directory.
    let hostile = src_dir.path().join("hostile.tar.gz");
    write_entries(
        &hostile,
        &read_entries(&archive),
        Some("media/../../escape.txt"),
    );
    let not_gzip = src_dir.path().join("notes.tar.gz");
    std::fs::write(&not_gzip, "just some text").unwrap();

    let dst_dir = tempfile::tempdir().unwrap();
    let restored = site(dst_dir.path()).await;
    for (file, expected) in [
        (&damaged, "does not match its checksum"),
        (&hostile, "outside its folders"),
        (&not_gzip, "not a readable .tar.gz"),
    ] {
        let err = backup::restore(&target(&restored), file, false, &mut |_, _, _| {})
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{}: {err}",
            file.display()
        );
        assert_eq!(
            count_files(&restored.settings.media_dir()),
            0,
            "nothing extracted"
        );
        assert_eq!(
            restored.store.content_counts().await.unwrap(),
            Default::default(),
            "nothing restored"
        );
    }
    assert!(!dst_dir.path().join("escape.txt").exists());
    assert!(!src_dir.path().join("escape.txt").exists());
}

/// A second handle on a restored site (the restore closed the first one's store).
async fn site_again(site: &Site) -> Site {
    Site {
        settings: site.settings.clone(),
        store: server::open_store(&site.settings).await.unwrap(),
        database: None,
    }
}

fn list_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out
}

fn count_files(dir: &Path) -> usize {
    list_files(dir).len()
}

/// Every entry of an archive, in order, with its bytes.
fn read_entries(archive: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let file = std::fs::File::open(archive).unwrap();
    let mut input = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    for entry in input.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.push((name, data));
    }
    out
}

/// Writes `entries` as a .tar.gz, after an entry whose raw name is `raw_first` when given
/// (the tar crate refuses to write `..` through its checked API; a hostile archive would).
fn write_entries(to: &Path, entries: &[(String, Vec<u8>)], raw_first: Option<&str>) {
    let out = std::fs::File::create(to).unwrap();
    let gz = flate2::write::GzEncoder::new(out, flate2::Compression::fast());
    let mut builder = tar::Builder::new(gz);
    if let Some(name) = raw_first {
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_size(5);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, &b"owned"[..]).unwrap();
    }
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, name, data.as_slice())
            .unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap();
}
