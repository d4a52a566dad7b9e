//! The `gazette` command line: `serve`, `migrate`, `demo`, `import`, `reindex`, `config`,
//! `desk`, `user`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use gazette::config::{Config, Settings, redact_url};
use gazette::demo::{self, DemoOptions};
use gazette::server;
use gazette_media::MediaStore;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "Gazette: a news-digest publishing platform in one binary."
)]
struct Cli {
    /// Configuration file [default: ./gazette.toml when it exists]
    #[arg(long, global = true, env = "GAZETTE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Directory for the SQLite database and media [default: ./data]
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Database URL (sqlite://PATH or postgres://USER@HOST/DB) [default: SQLite in the data directory]
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site until Ctrl-C or SIGTERM.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Fill an empty database with the demo newsroom first.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Fill an empty database with a synthetic demo newsroom.
    Demo {
        /// Number of articles to generate.
        #[arg(long, default_value_t = 300)]
        articles: usize,
        /// Number of distinct generated pictures.
        #[arg(long, default_value_t = 24)]
        images: usize,
        /// Seed of the generator; the same seed gives the same newsroom.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Import content from another system.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Rebuild the search index from the database, with a progress bar. Run it with the
    /// server stopped (a running server keeps its index up to date by itself).
    Reindex,
    /// Print the effective configuration, secrets redacted.
    Config,
    /// Write a backup of the running site to FILE (.tar.gz): the database (a consistent
    /// copy on SQLite, pg_dump on PostgreSQL), every picture, and a manifest with
    /// checksums. Safe while the site serves and editors write.
    Backup {
        /// The archive to write.
        file: PathBuf,
    },
    /// Restore a backup into an empty data directory or database (stop the server
    /// first). Every checksum is verified before anything is written.
    Restore {
        /// The archive written by `gazette backup`.
        file: PathBuf,
        /// Replace the content already in the target.
        #[arg(long)]
        force: bool,
    },
    /// Pictures: move them between the data directory and S3-compatible object storage.
    Media {
        #[command(subcommand)]
        action: MediaAction,
    },
    /// The feed desk: fetch the sources now, import or export the source list (OPML).
    Desk {
        #[command(subcommand)]
        action: DeskAction,
    },
    /// Manage accounts: add, invite, list.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// The daily digest.
    Digest {
        #[command(subcommand)]
        action: DigestAction,
    },
}

#[derive(Subcommand)]
enum MediaAction {
    /// Copy every picture to the other store, keeping its URL: `--to s3` copies
    /// `{data_dir}/media` into the bucket of `--bucket` (or of `media_store`), `--to local`
    /// copies the bucket back. Files already there with the same size are skipped, so it
    /// can run again after an interruption; nothing is deleted.
    Migrate {
        /// s3 or local
        #[arg(long, value_name = "s3|local")]
        to: String,
        /// The bucket, s3://BUCKET[/PREFIX] [default: the media_store setting]
        #[arg(long, value_name = "s3://BUCKET[/PREFIX]")]
        bucket: Option<String>,
    },
}

#[derive(Subcommand)]
enum DigestAction {
    /// Compose the edition of a day if it does not exist yet and send it now, with a
    /// progress bar, beside a running server or without one. Running it again sends
    /// nothing twice.
    Send {
        /// The day, YYYY-MM-DD [default: today in `digest_time_zone`].
        #[arg(long, value_name = "YYYY-MM-DD")]
        edition: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account. Without --password-stdin, prints a one-time link where the
    /// person sets their password.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, editor, author, contributor or subscriber
        #[arg(long)]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a staff account and email them an invitation link (valid 7 days).
    Invite {
        #[arg(long)]
        email: String,
        /// admin, editor, author or contributor
        #[arg(long)]
        role: String,
        /// Their name; they can change it when they accept.
        #[arg(long)]
        name: Option<String>,
    },
    /// List every account.
    List,
    /// Make an Admin API key and print its secret (shown once): a personal key acting as
    /// --email, or an integration key acting with --role.
    ApiKey {
        #[arg(long)]
        name: String,
        /// admin, editor, author or contributor (integration keys)
        #[arg(long)]
        role: Option<String>,
        /// The staff member a personal key acts as.
        #[arg(long)]
        email: Option<String>,
        /// Days the key stays valid [default: no expiry]
        #[arg(long)]
        days: Option<i64>,
        /// Requests a second the key may make [default: 100]
        #[arg(long)]
        rate: Option<i64>,
    },
}

#[derive(Subcommand)]
enum DeskAction {
    /// Fetch every active source once now, with a line per source (new, changed and
    /// unchanged items, or the error in words). Safe beside a running server.
    Fetch,
    /// Follow the sources listed in an OPML file (exported from Feedly, Miniflux,
    /// Inoreader…); sources already followed are skipped.
    ImportOpml {
        /// The OPML file.
        file: PathBuf,
    },
    /// Write every source as OPML to FILE, or to standard output.
    ExportOpml {
        /// Where to write [default: standard output]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// Import a WordPress export (Tools → Export → All content): a WXR file, plain or
    /// gzipped. Safe to run again: what was imported before is skipped.
    Wordpress {
        /// The export file (.xml or .xml.gz).
        file: PathBuf,
        /// A copy of the old site's wp-content/uploads directory, to bring in attachments.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
        /// Download the attachments not found under --uploads (all of them without it)
        /// from their URLs in the export, a few at a time. Private and loopback addresses
        /// are refused unless `fetch_allow_private = true` is set.
        #[arg(long)]
        download: bool,
        /// Read the export and report what would be imported, without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

fn settings(cli: &Cli) -> anyhow::Result<Settings> {
    let mut config = Config::load(cli.config.as_deref())?;
    config.apply_env(std::env::vars())?;
    if let Some(data) = &cli.data {
        config.data_dir = data.clone();
    }
    if let Some(url) = &cli.database_url {
        config.database_url = url.clone();
    }
    if let Command::Serve {
        listen: Some(listen),
        ..
    } = &cli.command
    {
        config.listen = listen.clone();
    }
    Ok(config.resolve()?)
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&config.log))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_format == "json" {
        logs.json().init();
    } else {
        logs.init();
    }
}

/// Progress on stderr: a rewritten line on a terminal, occasional lines otherwise.
fn progress(label: &'static str) -> impl FnMut(usize, usize) {
    let tty = std::io::stderr().is_terminal();
    let mut last_tenth = usize::MAX;
    move |done, total| {
        let mut err = std::io::stderr();
        if tty {
            let _ = write!(
                err,
                "\r{label}: {done}/{total} ({}%)",
                done * 100 / total.max(1)
            );
            if done == total {
                let _ = writeln!(err);
            }
        } else if done * 10 / total.max(1) != last_tenth {
            last_tenth = done * 10 / total.max(1);
            let _ = writeln!(err, "{label}: {done}/{total}");
        }
    }
}

async fn run_demo(
    settings: &Settings,
    store: &gazette_store::Store,
    options: &DemoOptions,
) -> anyhow::Result<()> {
    eprintln!(
        "Generating the demo newsroom ({} articles, {} pictures)…",
        options.articles, options.images
    );
    let summary = demo::fill(
        store,
        &settings.media,
        options,
        progress("Writing articles"),
    )
    .await
    .context("the demo could not be written")?;
    store
        .optimize()
        .await
        .context("cannot refresh the database statistics")?;
    eprintln!(
        "Demo ready: {} articles ({} published), {} categories, {} authors, {} pictures.",
        summary.articles, summary.visible, summary.categories, summary.authors, summary.images
    );
    Ok(())
}

/// A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise.
fn progress_bar() -> impl FnMut(&str, u64, u64) {
    let tty = std::io::stderr().is_terminal();
    let mut last: Option<(String, u64)> = None;
    move |phase, done, total| {
        let pct = (done.min(total) * 100)
            .checked_div(total)
            .unwrap_or(100)
            .min(100);
        let step = if tty { pct } else { pct / 10 };
        if last.as_ref().is_some_and(|(p, s)| p == phase && *s == step) {
            return;
        }
        let new_phase = last.as_ref().is_none_or(|(p, _)| p != phase);
        last = Some((phase.to_owned(), step));
        let mut err = std::io::stderr();
        if tty {
            let filled = usize::try_from(pct * 30 / 100).unwrap_or(30);
            let _ = write!(
                err,
                "\r{phase:<10} [{}{}] {pct:>3}%",
                "#".repeat(filled),
                "-".repeat(30 - filled)
            );
            if pct == 100 {
                let _ = writeln!(err);
            }
        } else if new_phase || pct == 100 || step > 0 {
            let _ = writeln!(err, "{phase}: {pct}%");
        }
    }
}

async fn run_import(
    settings: &Settings,
    store: &gazette_store::Store,
    source: &ImportSource,
) -> anyhow::Result<()> {
    let ImportSource::Wordpress {
        file,
        uploads,
        download,
        dry_run,
    } = source;
    let options = gazette::import::WordpressOptions {
        file: file.clone(),
        uploads: uploads.clone(),
        download: *download,
        fetch: gazette_fetch::FetchPolicy {
            allow_private: settings.raw.fetch_allow_private,
            ..gazette_fetch::FetchPolicy::default()
        },
        dry_run: *dry_run,
        site_language: None,
    };
    let started = std::time::Instant::now();
    let mut bar = progress_bar();
    let report = gazette::import::import_wordpress(store, &settings.media, &options, &mut bar)
        .await
        .context("the WordPress import stopped")?;
    if !options.dry_run {
        store
            .optimize()
            .await
            .context("cannot refresh the database statistics")?;
    }
    print!("{}", report.render());
    if !options.dry_run {
        // Indexed now, so the server's first search after the import finds everything.
        let caught_up = gazette::indexer::catch_up_offline(
            store,
            &gazette::indexer::index_dir(&settings.raw.data_dir),
            &redact_url(&settings.database_url),
            |done, total| bar("Indexing", done, total),
        )
        .await
        .context("the articles were imported, but the search index was not brought up to date; run `gazette reindex`")?;
        match caught_up {
            gazette::indexer::CatchUp::Rebuilt(n) => {
                println!("Search index: built with {n} published articles.")
            }
            gazette::indexer::CatchUp::Applied(n) => {
                println!("Search index: up to date ({n} changes applied).")
            }
            gazette::indexer::CatchUp::InUse => {
                println!("Search index: the running server is indexing the new articles.")
            }
        }
    }
    println!("Took {:.1} s.", started.elapsed().as_secs_f64());
    Ok(())
}

async fn run_media(settings: &Settings, action: &MediaAction) -> anyhow::Result<()> {
    let MediaAction::Migrate { to, bucket } = action;
    let bucket = bucket
        .clone()
        .unwrap_or_else(|| settings.raw.media_store.clone());
    let env = |name: &str| std::env::var(name).ok();
    let s3 = match gazette_media::S3Settings::parse(&bucket, &env) {
        Ok(Some(s)) => MediaStore::s3(&s)?,
        Ok(None) => anyhow::bail!(
            "name the bucket: pass --bucket s3://BUCKET[/PREFIX] or set media_store, with AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for it"
        ),
        Err(e) => anyhow::bail!("{e}"),
    };
    let local = MediaStore::local(settings.media_dir());
    let (from, dest, setting) = match to.as_str() {
        "s3" => (&local, &s3, format!("media_store = \"{}\"", bucket.trim())),
        "local" => (&s3, &local, "media_store = \"\"".to_owned()),
        other => anyhow::bail!("--to is `{other}`: write --to s3 or --to local"),
    };
    eprintln!(
        "Copying pictures from {} to {}…",
        from.describe(),
        dest.describe()
    );
    let started = std::time::Instant::now();
    let mut bar = progress_bar();
    let done = gazette::media::copy_all(from, dest, &mut |n, total| bar("Copying", n, total))
        .await
        .context("the pictures were not all copied; run the command again to go on")?;
    println!(
        "Copied {} files ({:.1} MB) to {}; {} were already there with the same size. Took {:.1} s.",
        done.copied,
        done.bytes as f64 / 1e6,
        dest.describe(),
        done.already_there,
        started.elapsed().as_secs_f64()
    );
    println!(
        "Next: set {setting} (GAZETTE_MEDIA_STORE) on every node and restart them; {} is left as it was.",
        from.describe()
    );
    Ok(())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = settings(&cli)?;
    match &cli.command {
        Command::Config => {
            print!("{}", settings.describe());
            Ok(())
        }
        Command::Migrate => {
            init_logging(&settings.raw);
            server::open_store(&settings).await?.close().await;
            eprintln!("The database schema is up to date.");
            Ok(())
        }
        Command::Demo {
            articles,
            images,
            seed,
        } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let options = DemoOptions {
                articles: *articles,
                images: *images,
                seed: *seed,
            };
            let result = run_demo(&settings, &store, &options).await;
            store.close().await;
            result
        }
        Command::Import { source } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let result = run_import(&settings, &store, source).await;
            store.close().await;
            result
        }
        Command::Reindex => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let started = std::time::Instant::now();
            let mut bar = progress_bar();
            let result = gazette::indexer::reindex_offline(
                &store,
                &gazette::indexer::index_dir(&settings.raw.data_dir),
                &redact_url(&settings.database_url),
                |done, total| bar("Indexing", done, total),
            )
            .await;
            store.close().await;
            let n = result.context("the search index could not be rebuilt")?;
            println!(
                "Indexed {n} published articles in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Backup { file } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let target = gazette::backup::Target {
                settings: &settings,
                store: &store,
            };
            let started = std::time::Instant::now();
            let mut bar = progress_bar();
            let result = gazette::backup::create(&target, file, &mut bar).await;
            store.close().await;
            let manifest = result.context("the backup was not written")?;
            let c = &manifest.counts;
            println!(
                "Backed up {} articles, {} pages, {} pictures ({} files), {} accounts and {} redirects to {} in {:.1} s.",
                c.articles,
                c.pages,
                c.media,
                manifest.files.len() - 1,
                c.users,
                c.redirects,
                file.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Restore { file, force } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let target = gazette::backup::Target {
                settings: &settings,
                store: &store,
            };
            let mut bar = progress_bar();
            let result = gazette::backup::restore(&target, file, *force, &mut bar).await;
            store.close().await;
            let manifest = result.context("the restore did not complete")?;
            let c = &manifest.counts;
            println!(
                "Restored the backup of {} ({} articles, {} pages, {} pictures, {} accounts, {} redirects). \
                 Start the server; it rebuilds the search index by itself.",
                manifest.created_at, c.articles, c.pages, c.media, c.users, c.redirects
            );
            Ok(())
        }
        Command::Media { action } => {
            init_logging(&settings.raw);
            run_media(&settings, action).await
        }
        Command::Desk { action } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let result = run_desk(&settings, &store, action).await;
            store.close().await;
            result
        }
        Command::Digest {
            action: DigestAction::Send { edition },
        } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let mut bar = progress_bar();
            let result =
                gazette::digest::command::send(&settings, &store, edition.as_deref(), |l, d, t| {
                    bar(l, d, t)
                })
                .await;
            store.close().await;
            print!("{}", result?);
            Ok(())
        }
        Command::User { action } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            let result = run_user(&settings, &store, action).await;
            store.close().await;
            print!("{}", result?);
            Ok(())
        }
        Command::Serve { demo, .. } => {
            init_logging(&settings.raw);
            let store = server::open_store(&settings).await?;
            if *demo && store.is_empty().await? {
                run_demo(&settings, &store, &DemoOptions::default()).await?;
            }
            let state = server::app_state(&settings, store.clone())?;
            let setup = gazette_web::auth::setup_link(&store, &settings.base_url)
                .await
                .context("cannot create the admin setup link")?;
            let listener = tokio::net::TcpListener::bind(settings.listen)
                .await
                .with_context(|| format!("cannot listen on {}; is another program using it? Try --listen 127.0.0.1:8081", settings.listen))?;
            let running =
                server::start(&settings, state, listener, server::shutdown_signal()).await?;
            println!(
                "Gazette is serving {}/ (listening on {}). Press Ctrl-C to stop.",
                settings.base_url, running.addr
            );
            if let Some(link) = setup {
                // Written without println!, which panics when stdout was closed (a
                // supervisor that only read the first line).
                let mut out = std::io::stdout();
                let _ = writeln!(
                    out,
                    "No admin can sign in yet; this link works once, for 24 hours:\nAdmin setup: {link}"
                );
                let _ = out.flush();
            }
            running.wait().await?;
            tracing::info!("Gazette stopped cleanly");
            Ok(())
        }
    }
}

async fn run_desk(
    settings: &Settings,
    store: &gazette_store::Store,
    action: &DeskAction,
) -> anyhow::Result<()> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let actor = gazette_store::Actor {
        user_id: None,
        ip: "command line".to_owned(),
        api_key: None,
    };
    match action {
        DeskAction::Fetch => {
            let desk = gazette::desk::Desk::from_settings(settings)
                .context("cannot set up the feed desk's fetcher")?;
            let started = std::time::Instant::now();
            let mut bar = progress_bar();
            let results = gazette::desk::fetch_all(&desk, store, now, &mut |done, total| {
                bar("Fetching", done, total)
            })
            .await
            .context("cannot read the desk's sources")?;
            if results.is_empty() {
                println!(
                    "No active sources; add some with `gazette desk import-opml FILE` or at /admin/desk/sources."
                );
                return Ok(());
            }
            let mut failed = 0;
            for (source, outcome) in &results {
                let line = match outcome {
                    Ok(o) => {
                        if matches!(o, gazette::desk::Outcome::Failed(_)) {
                            failed += 1;
                        }
                        o.describe()
                    }
                    Err(e) => {
                        failed += 1;
                        format!("error: the round was not saved: {e}")
                    }
                };
                println!("{}: {line}", source.settings.name);
            }
            println!(
                "Fetched {} sources ({failed} with errors) in {:.1} s.",
                results.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        DeskAction::ImportOpml { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let sources = gazette_newsroom::desk::sources_from_opml(&text).with_context(|| {
                format!("{} is not an OPML file Gazette can read", file.display())
            })?;
            let added = store
                .import_desk_sources(&sources, &actor, now)
                .await
                .context("the sources were not imported")?;
            println!(
                "Imported {added} new sources ({} already followed); a running server fetches them now, or run `gazette desk fetch`.",
                sources.len() - added
            );
            Ok(())
        }
        DeskAction::ExportOpml { file } => {
            let sources = store
                .desk_sources()
                .await
                .context("cannot read the desk's sources")?;
            let doc = gazette_newsroom::desk::opml_of("Gazette desk sources", &sources);
            match file {
                Some(path) => {
                    std::fs::write(path, doc)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("Wrote {} sources to {}.", sources.len(), path.display());
                }
                None => print!("{doc}"),
            }
            Ok(())
        }
    }
}

async fn run_user(
    settings: &Settings,
    store: &gazette_store::Store,
    action: &UserAction,
) -> anyhow::Result<String> {
    match action {
        UserAction::Add {
            email,
            name,
            role,
            password_stdin,
        } => {
            let password = if *password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .context("cannot read the password from standard input")?;
                Some(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            gazette::users::add(settings, store, email, name, role, password.as_deref()).await
        }
        UserAction::ApiKey {
            name,
            role,
            email,
            days,
            rate,
        } => {
            gazette::users::api_key(store, name, role.as_deref(), email.as_deref(), *days, *rate)
                .await
        }
        UserAction::Invite { email, role, name } => {
            let mailer = gazette_mail::Mailer::new(
                Some(settings.raw.smtp_url.as_str()),
                settings.raw.mail_from.trim(),
                &settings.outbox_dir(),
            )
            .context("cannot set up mail")?;
            gazette::users::invite(settings, store, &mailer, email, name.as_deref(), role).await
        }
        UserAction::List => gazette::users::list(store).await,
    }
}

/// Keeps glibc's allocator from growing the process for as long as it runs:
/// - two malloc arenas instead of its default of eight per core: every thread that allocates
///   (tokio's workers, the blocking pool, sqlx's SQLite threads) otherwise gets arenas of its
///   own, which fragment under a steady mix of requests (`bench/soak.sh`: +45 % between the
///   first and the fourth minute; with two arenas within 2 %);
/// - the mmap threshold held at its default of 128 KiB: glibc raises it each time a large
///   block is freed, up to 32 MiB, after which the search index writer's buffers and large
///   pages come from the heap, whose holes are rarely given back (10-minute soak at 5,000
///   articles: +3.8 % after the first minute with the moving threshold, +0.6 % held).
///
/// `MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_` set by the operator win.
#[allow(unsafe_code)]
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MMAP_THRESHOLD: libc::c_int = 128 * 1024;
        // SAFETY: mallopt only changes tuning parameters of the allocator; it is called
        // first thing in main, before any other thread exists.
        unsafe {
            if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
                libc::mallopt(libc::M_ARENA_MAX, 2);
            }
            if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    tune_malloc();
    let cli = Cli::parse();
    // One TLS crypto provider (ring) for every HTTPS client in the process.
    gazette_fetch::install_crypto_provider();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
