//! Starting and stopping the site: open and migrate the database, load the theme, bind,
//! run the background workers, and on shutdown drain requests and flush view counts.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use gazette_search::Index;
use gazette_store::{ChangeCursor, Store};
use gazette_web::theme::Theme;
use gazette_web::{AppState, WebConfig};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::{Settings, redact_url};
use crate::pause::until_stopped;
use crate::{indexer, jobs};

/// Opens the configured database, creating the data directory for SQLite, and migrates it.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&settings.raw.data_dir).with_context(|| {
        format!(
            "cannot create the data directory {}",
            settings.raw.data_dir.display()
        )
    })?;
    let store = Store::connect(&settings.database_url, None)
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                redact_url(&settings.database_url)
            )
        })?;
    store
        .migrate()
        .await
        .context("cannot bring the database schema up to date")?;
    Ok(store)
}

/// The application state for `settings` over an open store.
pub fn app_state(settings: &Settings, store: Store) -> anyhow::Result<Arc<AppState>> {
    let theme = Theme::load(settings.theme_dir.as_deref()).context("cannot load the theme")?;
    let index_dir = indexer::index_dir(&settings.raw.data_dir);
    let search = Index::open(&index_dir).context("cannot open the search index")?;
    let mailer = gazette_mail::Mailer::new(
        Some(settings.raw.smtp_url.as_str()),
        settings.raw.mail_from.trim(),
        &settings.outbox_dir(),
    )
    .context("cannot set up mail")?;
    tracing::info!(via = %mailer.describe(), "account mail");
    tracing::info!(store = %settings.media.describe(), "pictures");
    Ok(AppState::new(
        store,
        Arc::new(search),
        theme,
        WebConfig {
            base_url: settings.base_url.clone(),
            media: settings.media.clone(),
            media_url: settings.media_url.clone(),
            page_cache_bytes: settings.raw.page_cache_mb * 1024 * 1024,
            trusted_proxies: settings.trusted_proxies.clone(),
            max_upload_bytes: usize::try_from(settings.raw.max_upload_mb * 1024 * 1024)
                .unwrap_or(usize::MAX),
            fetch_allow_private: settings.raw.fetch_allow_private,
        },
        Arc::new(mailer),
    ))
}

/// A running site, for tests and for `serve`.
pub struct Running {
    pub addr: SocketAddr,
    /// Where `/metrics` answers, when `metrics_listen` is set.
    pub metrics_addr: Option<SocketAddr>,
    pub state: Arc<AppState>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops accepting, lets requests finish, flushes view counts, closes the database.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.task.await.context("the server task failed")?
    }

    /// Waits until the server stops by itself (after a signal).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("the server task failed")?
    }
}

/// Binds `listener` and serves until `signal` completes or [`Running::stop`] is called.
pub async fn start(
    settings: &Settings,
    state: Arc<AppState>,
    listener: TcpListener,
    signal: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let addr = listener
        .local_addr()
        .context("the listening socket has no address")?;
    let (stop, mut stopped) = watch::channel(false);
    // Without a metrics address nothing is recorded: the counters' macros are no-ops.
    let metrics_addr = if settings.raw.metrics_listen.is_empty() {
        None
    } else {
        Some(
            crate::metrics::serve(
                &settings.raw.metrics_listen,
                Arc::clone(&state),
                stop.subscribe(),
            )
            .await?,
        )
    };
    let flush_every = Duration::from_secs(settings.raw.view_flush_seconds);
    let header_read_timeout = Duration::from_secs(settings.raw.header_read_timeout_seconds);
    let mut router = gazette_web::router(
        Arc::clone(&state),
        gazette_newsroom::router(Arc::clone(&state)),
    );
    if metrics_addr.is_some() {
        router = router.layer(axum::middleware::from_fn(gazette_web::metrics::track));
    }
    let router = gazette_web::with_editions(Arc::clone(&state), router);
    let metrics_on = metrics_addr.is_some();
    // Beacons count only published articles; without the set they would wait for a flush.
    if let Err(e) = state.views.prepare(&state.store).await {
        tracing::warn!(error = %e, "view counting not prepared (published articles, window keys); the first flush retries");
    }
    let worker_state = Arc::clone(&state);
    let mut flusher_stop = stop.subscribe();
    let flusher = tokio::spawn(async move {
        let mut tick = tokio::time::interval(flush_every);
        tick.tick().await;
        while until_stopped(tick.tick(), &mut flusher_stop).await {
            if let Err(e) = worker_state.views.flush(&worker_state.store).await {
                tracing::warn!(error = %e, "view counts not flushed; will retry");
            }
        }
    });
    let follower = tokio::spawn(follow_changes(Arc::clone(&state), stop.subscribe()));
    let planner = tokio::spawn(refresh_planner_statistics(
        state.store.clone(),
        stop.subscribe(),
    ));
    let search_follower = tokio::spawn(indexer::follow(
        Arc::clone(&state),
        indexer::index_dir(&settings.raw.data_dir),
        redact_url(&settings.database_url),
        stop.subscribe(),
    ));
    // Scheduled publishing and other queued work; the claim makes each job run once
    // across nodes. Its own stop channel: it is stopped after the server drains, on a
    // signal as on `Running::stop`.
    let (stop_worker, worker_stopped) = watch::channel(false);
    let desk = crate::desk::Desk::from_settings(settings)
        .context("cannot set up the feed desk's fetcher")?;
    let job_worker = tokio::spawn(jobs::work(
        state.store.clone(),
        desk,
        jobs::node_id(),
        worker_stopped.clone(),
    ));
    // The daily digest: composition is queued as a job above, sending runs here.
    let digest_worker = tokio::spawn(crate::digest::worker::work(
        Arc::clone(&state),
        crate::digest::worker::DigestWorker {
            schedule: settings.digest.clone(),
            mail_from: settings.raw.mail_from.clone(),
            holder: jobs::node_id(),
        },
        worker_stopped.clone(),
    ));
    let serve_state = Arc::clone(&state);
    let task = tokio::spawn(async move {
        let shutdown = async move {
            tokio::select! {
                () = signal => {}
                _ = stopped.changed() => {}
            }
            tracing::info!("shutting down: finishing requests in flight");
        };
        serve(
            listener,
            router,
            Arc::clone(&serve_state),
            metrics_on,
            header_read_timeout,
            shutdown,
        )
        .await;
        flusher.abort();
        follower.abort();
        search_follower.abort();
        planner.abort();
        // Let the worker finish the job in hand (it stops between jobs), so no claim is
        // left dangling on a clean shutdown.
        let _ = stop_worker.send(true);
        let _ = job_worker.await;
        let _ = digest_worker.await;
        let flushed = serve_state.views.flush(&serve_state.store).await;
        if let Err(e) = &flushed {
            tracing::error!(error = %e, "view counts could not be saved at shutdown");
        }
        serve_state.store.close().await;
        Ok(())
    });
    Ok(Running {
        addr,
        metrics_addr,
        state,
        stop,
        task,
    })
}

/// Serves HTTP/1.1 on `listener` until `shutdown` completes, then lets the requests in
/// flight finish (idle connections close at once).
///
/// Its own loop rather than `axum::serve`, which gives no way to bound the time a client
/// takes to send its headers: without that, a client sending a byte every few seconds
/// holds a connection (and a task) forever. hyper closes a connection whose headers are
/// not complete within `header_read_timeout`, on each request of a kept-alive connection.
///
/// A fresh page of the page cache is answered before the router (`PageCache::hit`): most
/// of a news site's requests are those, and the middleware stack would cost them more
/// than the answer itself.
async fn serve(
    listener: TcpListener,
    router: axum::Router,
    state: Arc<AppState>,
    metrics_on: bool,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt as _;

    // Each connection holds a receiver: `closing` tells them to finish, and the loop
    // waits until every receiver is gone.
    let (closing, close_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let state = Arc::clone(&state);
        let service = tower::service_fn(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                use futures_util::future::Either;
                if let Some(response) = state.cache.hit(&request, metrics_on) {
                    return Either::Left(std::future::ready(Ok(response)));
                }
                // The peer address feeds sign-in rate limits and the session list.
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                Either::Right(router.clone().oneshot(request))
            },
        );
        let mut close = close_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout);
            let connection = builder
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
                .with_upgrades();
            let mut connection = std::pin::pin!(connection);
            let mut finishing = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(error = %e, %peer, "connection ended");
                        }
                        break;
                    }
                    changed = close.changed(), if !finishing => {
                        finishing = true;
                        if changed.is_ok() {
                            connection.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
            drop(close);
        });
    }
    drop(listener);
    let _ = closing.send(true);
    drop(close_rx);
    closing.closed().await;
}

/// How often this node looks for changes made by any node.
const FOLLOW_EVERY: Duration = Duration::from_millis(250);

/// Follows the `changes` log: after any write, by this node or another, cached pages and
/// settings are dropped so readers see the change within [`FOLLOW_EVERY`].
async fn follow_changes(state: Arc<AppState>, mut stop: watch::Receiver<bool>) {
    let mut cursor = match ChangeCursor::at_end(&state.store).await {
        Ok(cursor) => cursor,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the change log; pages will only expire by age");
            return;
        }
    };
    let mut tick = tokio::time::interval(FOLLOW_EVERY);
    let mut polls: u64 = 0;
    while until_stopped(tick.tick(), &mut stop).await {
        match cursor.next(&state.store, 1000).await {
            Ok(changes) => {
                if !changes.is_empty() {
                    state.invalidate().await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot read the change log; will retry"),
        }
        polls += 1;
        if polls.is_multiple_of(HELD_BACK_CHECK_EVERY) {
            warn_when_held_back(&state.store, &cursor).await;
        }
    }
}

/// Polls between two looks for changes held back by an open transaction (half a minute).
const HELD_BACK_CHECK_EVERY: u64 = 120;
/// From this age a held-back change is worth a warning.
const HELD_BACK_WARN_SECONDS: i64 = 30;

/// Warns when committed changes have waited long behind a write transaction that is still
/// open somewhere on the database server: until it ends, no node shows them (see
/// `gazette_store::ChangeCursor`).
async fn warn_when_held_back(store: &Store, cursor: &ChangeCursor) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match cursor.held_back_since(store).await {
        Ok(Some(at)) if now - at >= HELD_BACK_WARN_SECONDS => tracing::warn!(
            seconds = now - at,
            "changes committed this long ago wait behind a write transaction still open on the \
             database server; no node shows them until it ends. Find it with: SELECT pid, \
             xact_start, state, query FROM pg_stat_activity WHERE backend_xid IS NOT NULL \
             ORDER BY xact_start"
        ),
        Ok(_) => {}
        Err(e) => tracing::debug!(error = %e, "held-back changes not checked"),
    }
}

/// How often the query planner's statistics are refreshed while serving.
const PLANNER_STATISTICS_EVERY: Duration = Duration::from_secs(3600);

/// The first refresh waits this long: `ANALYZE` reads every index of the database, which
/// at 100,000 articles took the first page a second longer when they started together, and
/// the import and the demo have just refreshed the statistics anyway.
const PLANNER_STATISTICS_AFTER_START: Duration = Duration::from_secs(60);

/// Refreshes the database's planner statistics a minute after start and then hourly, so
/// index choices follow the data as the archive grows.
async fn refresh_planner_statistics(store: Store, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + PLANNER_STATISTICS_AFTER_START,
        PLANNER_STATISTICS_EVERY,
    );
    while until_stopped(tick.tick(), &mut stop).await {
        if let Err(e) = store.optimize().await {
            tracing::warn!(error = %e, "planner statistics not refreshed; will retry");
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    // The handlers are installed now, not when the future is first polled: a supervisor
    // may send SIGTERM as soon as the ready line is printed, before the server task has
    // run, and an unhandled SIGTERM kills the process without saving view counts.
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        )
    };
    async move {
        #[cfg(unix)]
        match signals {
            (Ok(mut term), Ok(mut interrupt)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = interrupt.recv() => {}
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM and Ctrl-C; stop the server with SIGKILL");
                std::future::pending::<()>().await;
            }
        }
        #[cfg(not(unix))]
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    }
}
