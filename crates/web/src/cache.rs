//! The page cache and conditional GET.
//!
//! Anonymous readers' HTML (and later feeds and API documents) is rendered once, stored with
//! its gzip and brotli forms, and served from memory until the next change in the `changes`
//! log makes it stale. Memory is bounded by a byte budget. Every cacheable response
//! carries an ETag and Last-Modified, and a matching `If-None-Match`/`If-Modified-Since`
//! gets 304 without a body. Signed-in staff (a session cookie) bypass the cache.
//!
//! A change does not empty the cache: it bumps a generation, and pages of older generations
//! (or older than [`FRESH_FOR`]) are *stale*. Each page is rendered by one request at a time:
//! the first request to find it stale or missing renders it, while concurrent requests for it
//! get the stale copy at once, or, when there is none, wait for that render. So a newsroom
//! publishing every second costs one render per page per change, however many readers ask,
//! and readers never queue behind a render of a page they could be served.
//!
//! A fresh page is answered before the router and its middleware ([`PageCache::hit`],
//! called by the server for every request): the page keeps one header block per encoding,
//! the security headers the layers would add included, built when it is stored, so a hit
//! costs a lookup by the request's own path and a copy of that block.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::state::AppState;

/// Cookie that marks a signed-in staff member, whose pages are never cached.
pub const SESSION_COOKIE: &str = "gazette_session";

/// Bodies larger than this are served but not cached.
const MAX_CACHED_BODY: usize = 2 * 1024 * 1024;
/// Even without a change, pages are rendered afresh this often (scheduled times pass).
const FRESH_FOR: Duration = Duration::from_secs(60);
/// A stale page older than this is dropped rather than served while it is rendered again.
const KEPT_FOR: Duration = Duration::from_secs(600);
/// The longest a request waits for another request's render of the page it wants.
const WAIT_FOR_RENDER: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct CachedPage {
    status: StatusCode,
    etag: HeaderValue,
    last_modified: HeaderValue,
    /// Each encoding's body with the whole header block of its answer.
    identity: Encoded,
    gzip: Option<Encoded>,
    brotli: Option<Encoded>,
    /// The headers of a 304.
    unchanged: HeaderMap,
}

#[derive(Debug)]
struct Encoded {
    headers: HeaderMap,
    body: Bytes,
}

/// A cached page and when it was rendered.
struct Entry {
    page: Arc<CachedPage>,
    /// The cache generation when its render started.
    generation: u64,
    rendered: Instant,
    /// The route template that rendered it, for the request metrics of hits.
    route: Option<String>,
}

pub struct PageCache {
    pages: moka::sync::Cache<String, Arc<Entry>>,
    /// The headers the middleware adds to every answer (`headers::fixed`).
    fixed: HeaderMap,
    /// Bumped on every invalidation: entries of older generations are stale.
    generation: AtomicU64,
    /// Keys being rendered now; a closed channel tells the waiters the render is over.
    rendering: Mutex<HashMap<String, tokio::sync::watch::Receiver<()>>>,
}

/// What a request that did not find a fresh page does.
enum Turn<'a> {
    /// Render it, holding the key until the guard drops.
    Render(Rendering<'a>),
    /// Another request renders it; this receiver closes when it is done.
    Wait(tokio::sync::watch::Receiver<()>),
}

/// The claim of one request on rendering a key; dropping it (also on panic or cancellation)
/// releases the key and wakes the waiters.
struct Rendering<'a> {
    cache: &'a PageCache,
    key: String,
    _done: tokio::sync::watch::Sender<()>,
}

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        self.cache.rendering_keys().remove(&self.key);
    }
}

impl PageCache {
    /// A cache of at most `budget_bytes` whose answers carry `fixed` headers.
    pub fn new(budget_bytes: u64, fixed: HeaderMap) -> PageCache {
        PageCache {
            pages: moka::sync::Cache::builder()
                .max_capacity(budget_bytes)
                .weigher(|key: &String, entry: &Arc<Entry>| {
                    let page = &entry.page;
                    let bodies: usize = [
                        Some(&page.identity),
                        page.gzip.as_ref(),
                        page.brotli.as_ref(),
                    ]
                    .into_iter()
                    .flatten()
                    .map(|e| e.body.len() + 512)
                    .sum();
                    u32::try_from(key.len() + bodies).unwrap_or(u32::MAX)
                })
                .time_to_live(KEPT_FOR)
                .build(),
            fixed,
            generation: AtomicU64::new(0),
            rendering: Mutex::new(HashMap::new()),
        }
    }

    /// Makes every cached page stale: the next request for each renders it again.
    pub fn invalidate_all(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn rendering_keys(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, tokio::sync::watch::Receiver<()>>> {
        // The map is only ever inserted into or removed from; a panic cannot leave it torn.
        self.rendering
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The render of `key` by the caller, or the receiver of the one under way.
    fn take_turn(&self, key: &str) -> Turn<'_> {
        let mut keys = self.rendering_keys();
        if let Some(done) = keys.get(key) {
            return Turn::Wait(done.clone());
        }
        let (tx, rx) = tokio::sync::watch::channel(());
        keys.insert(key.to_owned(), rx);
        Turn::Render(Rendering {
            cache: self,
            key: key.to_owned(),
            _done: tx,
        })
    }

    fn is_fresh(&self, entry: &Entry) -> bool {
        entry.generation == self.generation.load(Ordering::SeqCst)
            && entry.rendered.elapsed() < FRESH_FOR
    }

    pub fn entry_count(&self) -> u64 {
        self.pages.run_pending_tasks();
        self.pages.entry_count()
    }
}

fn http_date(t: OffsetDateTime) -> String {
    let fmt = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(fmt)
        .unwrap_or_default()
}

fn parse_http_date(s: &str) -> Option<OffsetDateTime> {
    let fmt = format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(s.trim(), fmt)
        .ok()
        .map(|t| t.assume_utc())
}

fn etag_of(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("W/\"{hex}\"")).unwrap_or(HeaderValue::from_static("W/\"0\""))
}

fn compress(body: &[u8]) -> (Bytes, Bytes) {
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4),
        flate2::Compression::new(6),
    );
    let gzip = gz
        .write_all(body)
        .and_then(|()| gz.finish())
        .unwrap_or_default();
    let mut br = Vec::with_capacity(body.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 6,
        lgwin: 20,
        ..Default::default()
    };
    let brotli = brotli::BrotliCompress(&mut &body[..], &mut br, &params)
        .map(|_| br)
        .unwrap_or_default();
    (Bytes::from(gzip), Bytes::from(brotli))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// The best encoding the client accepts (ignoring q-values other than an explicit 0).
fn preferred(headers: &HeaderMap) -> Encoding {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accepts = |name: &str| {
        accept.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Whether the client's validators show it already has this version.
fn not_modified(headers: &HeaderMap, etag: &HeaderValue, last_modified: &HeaderValue) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let ours = etag.to_str().unwrap_or("").trim_start_matches("W/");
        return inm == "*"
            || inm
                .split(',')
                .any(|t| t.trim().trim_start_matches("W/") == ours);
    }
    match (
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date),
        last_modified.to_str().ok().and_then(parse_http_date),
    ) {
        (Some(since), Some(modified)) => modified <= since,
        _ => false,
    }
}

impl CachedPage {
    fn from_parts(
        parts: &axum::http::response::Parts,
        body: Bytes,
        fixed: &HeaderMap,
    ) -> CachedPage {
        let (gzip, brotli) = compress(&body);
        let etag = etag_of(&body);
        let last_modified = HeaderValue::from_str(&http_date(OffsetDateTime::now_utc()))
            .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
        let mut unchanged = fixed.clone();
        unchanged.insert(header::ETAG, etag.clone());
        unchanged.insert(header::LAST_MODIFIED, last_modified.clone());
        unchanged.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(cc) = parts.headers.get(header::CACHE_CONTROL) {
            unchanged.insert(header::CACHE_CONTROL, cc.clone());
        }
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("application/octet-stream"));
        let encoded = |body: Bytes, coding: Option<&'static str>| {
            let mut headers = unchanged.clone();
            headers.insert(header::CONTENT_TYPE, content_type.clone());
            if let Some(coding) = coding {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            Encoded { headers, body }
        };
        CachedPage {
            status: parts.status,
            gzip: (!gzip.is_empty()).then(|| encoded(gzip, Some("gzip"))),
            brotli: (!brotli.is_empty()).then(|| encoded(brotli, Some("br"))),
            identity: encoded(body, None),
            etag,
            last_modified,
            unchanged,
        }
    }

    fn respond(&self, request: &HeaderMap) -> Response {
        if self.status == StatusCode::OK && not_modified(request, &self.etag, &self.last_modified) {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.headers_mut() = self.unchanged.clone();
            return response;
        }
        let chosen = match preferred(request) {
            Encoding::Brotli => self.brotli.as_ref().or(self.gzip.as_ref()),
            Encoding::Gzip => self.gzip.as_ref(),
            Encoding::Identity => None,
        }
        .unwrap_or(&self.identity);
        let mut response = Response::new(Body::from(chosen.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = chosen.headers.clone();
        response
    }
}

fn has_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| {
            c.trim().starts_with(SESSION_COOKIE)
                && c.trim()[SESSION_COOKIE.len()..].starts_with('=')
        })
}

/// Whether a query string may be part of a cache key: only `page=N`, since other query
/// strings would let anyone fill the cache with copies of one page.
fn cacheable_query(q: &str) -> bool {
    q.starts_with("page=") && q[5..].bytes().all(|b| b.is_ascii_digit()) && q.len() < 16
}

impl PageCache {
    /// The answer to `req` if it is a fresh page of the cache, found by the request's own
    /// path: the key under which the cache layer stored it (an edition's pages are stored
    /// under their prefixed address). Called before any routing or middleware; anything
    /// else (a miss, a stale page, a signed-in reader) is left to the router. `track`
    /// records the request metrics the router's would, under the route that rendered it.
    pub fn hit<B>(&self, req: &axum::http::Request<B>, track: bool) -> Option<Response> {
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return None;
        }
        let target = req.uri().path_and_query()?;
        let key = match target.query() {
            None => target.path(),
            Some(q) if cacheable_query(q) => target.as_str(),
            Some(_) => return None,
        };
        let entry = self.pages.get(key)?;
        if !self.is_fresh(&entry) || has_session(req.headers()) {
            return None;
        }
        let started = Instant::now();
        metrics::counter!(crate::metrics::CACHE_HITS).increment(1);
        let response = entry.page.respond(req.headers());
        if track && let Some(route) = &entry.route {
            crate::metrics::record(route.clone(), response.status(), started);
        }
        Some(response)
    }
}

/// Only plain reads of public documents, with no query but `page=N`, are cached.
fn cache_key(req: &Request) -> Option<String> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return None;
    }
    let path = req.uri().path();
    if [
        "/views/",
        "/consent",
        "/healthz",
        "/media/",
        "/assets/",
        "/metrics",
        "/account/",
        "/admin",
        "/api/admin/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
    {
        return None;
    }
    if has_session(req.headers()) {
        return None;
    }
    // `/az/` is served by the handler of `/` (the edition layer takes the prefix off): the
    // key is the address the reader asked for.
    let prefix = req
        .extensions()
        .get::<crate::edition::Edition>()
        .map(crate::edition::Edition::prefix)
        .unwrap_or_default();
    match req.uri().query() {
        None => Some(format!("{prefix}{path}")),
        Some(q) if cacheable_query(q) => Some(format!("{prefix}{path}?{q}")),
        Some(_) => None,
    }
}

fn cacheable(parts: &axum::http::response::Parts) -> bool {
    let public = parts
        .headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("public"));
    parts.status == StatusCode::OK
        && public
        && parts.headers.get(header::SET_COOKIE).is_none()
        && parts.headers.get(header::CONTENT_ENCODING).is_none()
}

/// Middleware: serve from the cache, or render, store and serve.
pub async fn layer(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(key) = cache_key(&req) else {
        return next.run(req).await;
    };
    let request_headers = req.headers().clone();
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let cached = app.cache.pages.get(&key);
    if let Some(entry) = &cached
        && app.cache.is_fresh(entry)
    {
        metrics::counter!(crate::metrics::CACHE_HITS).increment(1);
        return entry.page.respond(&request_headers);
    }
    let rendering = match app.cache.take_turn(&key) {
        Turn::Render(rendering) => rendering,
        Turn::Wait(mut done) => {
            if let Some(entry) = cached {
                metrics::counter!(crate::metrics::CACHE_STALE).increment(1);
                return entry.page.respond(&request_headers);
            }
            // The channel closes when the render ends, however it ends.
            let _ = tokio::time::timeout(WAIT_FOR_RENDER, done.changed()).await;
            if let Some(entry) = app.cache.pages.get(&key) {
                metrics::counter!(crate::metrics::CACHE_HITS).increment(1);
                return entry.page.respond(&request_headers);
            }
            // That render was not cacheable (or failed): render our own, uncached.
            metrics::counter!(crate::metrics::CACHE_MISSES).increment(1);
            return next.run(req).await;
        }
    };
    metrics::counter!(crate::metrics::CACHE_MISSES).increment(1);
    let generation = app.cache.generation.load(Ordering::SeqCst);
    let response = next.run(req).await;
    let (parts, body) = response.into_parts();
    if !cacheable(&parts) {
        // A page that is gone (404) or now personal must not be served stale any longer.
        app.cache.pages.invalidate(&key);
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, MAX_CACHED_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The page was too large to send.",
            )
                .into_response();
        }
    };
    let page = Arc::new(CachedPage::from_parts(&parts, bytes, &app.cache.fixed));
    // Stored with the generation its render started in: if a change came meanwhile, the
    // entry is already stale and the next request renders it again.
    let entry = Entry {
        page: Arc::clone(&page),
        generation,
        rendered: Instant::now(),
        route,
    };
    app.cache.pages.insert(key, Arc::new(entry));
    drop(rendering);
    page.respond(&request_headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_request_renders_a_page_while_the_others_wait_for_it() {
        let cache = PageCache::new(1 << 20, HeaderMap::new());
        let Turn::Render(first) = cache.take_turn("/a/") else {
            panic!("the first request renders");
        };
        let Turn::Wait(mut waiting) = cache.take_turn("/a/") else {
            panic!("a second request waits");
        };
        assert!(
            matches!(cache.take_turn("/b/"), Turn::Render(_)),
            "other pages are not held up"
        );
        let waiter = tokio::spawn(async move { waiting.changed().await.is_err() });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished(), "it waits while the render runs");
        drop(first);
        assert!(waiter.await.unwrap(), "the end of the render wakes it");
        assert!(
            matches!(cache.take_turn("/a/"), Turn::Render(_)),
            "the next change is rendered again"
        );
    }

    #[test]
    fn a_change_makes_pages_stale_without_dropping_them() {
        let cache = PageCache::new(1 << 20, HeaderMap::new());
        let entry = Entry {
            page: Arc::new(CachedPage::from_parts(
                &Response::new(()).into_parts().0,
                Bytes::from_static(b"page"),
                &HeaderMap::new(),
            )),
            generation: cache.generation.load(Ordering::SeqCst),
            rendered: Instant::now(),
            route: None,
        };
        cache.pages.insert("/a/".into(), Arc::new(entry));
        assert!(cache.is_fresh(&cache.pages.get("/a/").unwrap()));
        cache.invalidate_all();
        let stale = cache
            .pages
            .get("/a/")
            .expect("kept to serve while re-rendered");
        assert!(!cache.is_fresh(&stale));
    }

    #[test]
    fn encodings_follow_accept_encoding() {
        let mut h = HeaderMap::new();
        assert!(preferred(&h) == Encoding::Identity);
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        assert!(preferred(&h) == Encoding::Brotli);
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=1.0, br;q=0"),
        );
        assert!(preferred(&h) == Encoding::Gzip);
    }

    #[test]
    fn validators_match() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        let lm = HeaderValue::from_static("Wed, 25 Nov 2026 04:05:32 GMT");
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"abc\""));
        assert!(not_modified(&h, &etag, &lm));
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("W/\"zzz\", W/\"abc\""),
        );
        assert!(not_modified(&h, &etag, &lm));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("W/\"zzz\""));
        assert!(!not_modified(&h, &etag, &lm));
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Wed, 25 Nov 2026 04:05:32 GMT"),
        );
        assert!(not_modified(&h, &etag, &lm));
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Tue, 24 Nov 2026 04:05:32 GMT"),
        );
        assert!(!not_modified(&h, &etag, &lm));
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("garbage"),
        );
        assert!(!not_modified(&h, &etag, &lm));
        assert_eq!(
            http_date(time::macros::datetime!(2026-11-25 04:05:32 UTC)),
            "Wed, 25 Nov 2026 04:05:32 GMT"
        );
    }
}
