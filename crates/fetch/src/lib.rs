//! The one place Gazette fetches URLs from the internet (the WordPress import's
//! attachments today, source feeds later), so that every fetch obeys the same rules:
//!
//! - only `http` and `https`;
//! - no connection to loopback, private, link-local (cloud metadata), carrier-grade NAT,
//!   unique-local, multicast, documentation or reserved addresses unless the operator
//!   allows private networks ([`FetchPolicy::allow_private`]). Host names are resolved by
//!   our own resolver, which refuses the whole host if any of its addresses is not public
//!   and hands reqwest only the addresses it checked, so the connection goes where the
//!   check looked (no second lookup to rebind). IP-literal hosts never reach a resolver,
//!   so they are checked explicitly, on the first URL and on every redirect hop;
//! - system proxies are ignored, since a proxy would resolve the host instead of us;
//! - a body larger than [`FetchPolicy::max_bytes`] is refused: at once when its
//!   Content-Length says so, otherwise as soon as that many bytes (after decompression)
//!   have been read;
//! - one time limit for the whole exchange, body included;
//! - conditional GET for callers that fetch the same URL again (source feeds): the
//!   validators of the last answer are sent back and a 304 is reported as
//!   [`Answer::NotModified`]; 429 and 503 come back as [`FetchError::Throttled`] with the
//!   server's Retry-After, so the caller can wait as long as it was asked to.

mod addr;

pub use addr::{Restricted, restricted};

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Once};
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect;

/// What a [`Fetcher`] may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Allow loopback, private and other non-public addresses (an old site on the LAN).
    pub allow_private: bool,
    /// Largest body accepted, in bytes (after decompression).
    pub max_bytes: u64,
    /// Time for the whole exchange: connecting, redirects and reading the body.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u8,
    pub user_agent: String,
}

impl FetchPolicy {
    /// The User-Agent that names Gazette and the site fetching, so a source's operator
    /// knows who reads their feed and where to complain.
    pub fn user_agent_for(site_url: &str) -> String {
        format!(
            "Gazette/{} (news-digest publisher; +{})",
            env!("CARGO_PKG_VERSION"),
            site_url.trim_end_matches('/')
        )
    }
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            allow_private: false,
            max_bytes: 32 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            user_agent: format!(
                "Gazette/{} (news-digest publisher)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// A host refused because of where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The host as written in the URL.
    pub host: String,
    pub addr: IpAddr,
    pub kind: Restricted,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bare = self.host.trim_start_matches('[').trim_end_matches(']');
        if bare.parse::<IpAddr>().is_ok() {
            write!(f, "{} is {}", self.host, self.kind)
        } else {
            write!(f, "{} resolves to {}, {}", self.host, self.addr, self.kind)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("`{url}` is not a valid URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("refused: `{url}` is not an http:// or https:// URL")]
    Scheme { url: String },
    #[error(
        "refused: {refusal}; set `fetch_allow_private = true` if this server is on your network"
    )]
    Refused { url: String, refusal: Refusal },
    #[error("cannot resolve the host of {url}: {message}; check the address and the network")]
    Resolve { url: String, message: String },
    #[error(
        "{url}: no complete answer within {} s; the server is too slow or unreachable, try again later",
        timeout.as_secs_f64()
    )]
    Timeout { url: String, timeout: Duration },
    #[error("{url}: the server answered {status}")]
    Status {
        url: String,
        status: reqwest::StatusCode,
    },
    #[error("{url}: {}", too_large(*limit, *declared))]
    TooLarge {
        url: String,
        limit: u64,
        /// The Content-Length, when the server sent one.
        declared: Option<u64>,
    },
    #[error("{url}: the server answered {status}{}", wait_hint(*retry_after))]
    Throttled {
        url: String,
        status: reqwest::StatusCode,
        /// How long the server asked us to wait (Retry-After), if it said.
        retry_after: Option<Duration>,
    },
    #[error("{url}: more than {max} redirects; the address probably loops")]
    Redirects { url: String, max: u8 },
    #[error("{url}: {message}")]
    Network { url: String, message: String },
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

fn wait_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(
            " and asked us to wait {} s before trying again",
            d.as_secs()
        ),
        None => "; it is busy or limiting requests, try again later".to_owned(),
    }
}

/// A Retry-After value: seconds, or an HTTP date (counted from `now`). Capped at a day:
/// a server cannot park a source for ever.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    const DAY: Duration = Duration::from_secs(86_400);
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs).min(DAY));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO).min(DAY))
}

fn size(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

fn too_large(limit: u64, declared: Option<u64>) -> String {
    match declared {
        Some(d) => format!(
            "the file is {}, over the limit of {}; refused before downloading",
            size(d),
            size(limit)
        ),
        None => format!(
            "the file is larger than the limit of {}; download stopped",
            size(limit)
        ),
    }
}

impl FetchError {
    /// A short reason without the URL, to count failures of the same kind together.
    pub fn reason(&self) -> String {
        match self {
            FetchError::InvalidUrl { .. } => "not a valid URL".into(),
            FetchError::Scheme { .. } => "not an http:// or https:// URL".into(),
            FetchError::Refused { refusal, .. } => format!(
                "refused: on {} (set `fetch_allow_private = true` if the server is on your network)",
                refusal.kind
            ),
            FetchError::Resolve { .. } => "the host name does not resolve".into(),
            FetchError::Timeout { .. } => "timed out".into(),
            FetchError::Status { status, .. } | FetchError::Throttled { status, .. } => {
                format!("the server answered {status}")
            }
            FetchError::TooLarge { limit, .. } => format!("larger than {}", size(*limit)),
            FetchError::Redirects { .. } => "too many redirects".into(),
            FetchError::Network { .. } => "network error".into(),
            FetchError::Client(_) => "the HTTP client could not start".into(),
        }
    }
}

/// A successful fetch.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the body came from, after redirects.
    pub url: String,
    /// The Content-Type header, if any.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The validators of an earlier answer, sent back so an unchanged resource costs a 304.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The answer to a conditional GET.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 304: nothing changed since the validators were given.
    NotModified,
    /// A new body, with the validators to send next time.
    Fetched(Fetched, Validators),
}

/// Installs rustls' ring provider as the process default, once; reqwest is built with
/// `rustls-no-provider` so that aws-lc is not compiled. Harmless if a provider is
/// already installed.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Why a URL was stopped inside reqwest (by the resolver or the redirect policy); found
/// again in the error's source chain to give a typed error.
#[derive(Debug, Clone)]
enum Blocked {
    Refused(Refusal),
    Scheme(String),
    Redirects(u8),
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::Refused(r) => write!(f, "refused: {r}"),
            Blocked::Scheme(u) => write!(f, "refused: {u} is not http(s)"),
            Blocked::Redirects(n) => write!(f, "more than {n} redirects"),
        }
    }
}

impl std::error::Error for Blocked {}

/// The address rules shared by the resolver and the redirect policy.
#[derive(Debug)]
struct Rules {
    allow_private: bool,
    /// Single addresses let through although not public.
    allowed: Vec<IpAddr>,
}

impl Rules {
    fn check(&self, host: &str, ip: IpAddr) -> Result<(), Blocked> {
        if self.allow_private || self.allowed.contains(&ip) {
            return Ok(());
        }
        match restricted(ip) {
            None => Ok(()),
            Some(kind) => Err(Blocked::Refused(Refusal {
                host: host.to_owned(),
                addr: ip,
                kind,
            })),
        }
    }

    /// The checks that can be made on the URL alone: the scheme, and IP-literal hosts
    /// (which reqwest connects to without asking the resolver).
    fn check_url(&self, url: &Url) -> Result<(), Blocked> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Blocked::Scheme(url.to_string()));
        }
        match url.host() {
            Some(url::Host::Ipv4(ip)) => self.check(&ip.to_string(), IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => self.check(&format!("[{ip}]"), IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => Ok(()),
            None => Err(Blocked::Scheme(url.to_string())),
        }
    }
}

/// Resolves with the system resolver, then refuses the host if any address is not
/// allowed; reqwest connects only to the addresses returned here.
struct CheckedResolver {
    rules: Arc<Rules>,
}

#[derive(Debug, thiserror::Error)]
#[error("{host}: {message}")]
struct ResolveFailed {
    host: String,
    message: String,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let rules = self.rules.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| ResolveFailed {
                    host: host.clone(),
                    message: e.to_string(),
                })?
                .collect();
            if addrs.is_empty() {
                return Err(ResolveFailed {
                    host,
                    message: "no addresses".into(),
                }
                .into());
            }
            for a in &addrs {
                rules.check(&host, a.ip())?;
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// Fetches URLs under a [`FetchPolicy`]. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    rules: Arc<Rules>,
    policy: Arc<FetchPolicy>,
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    pub fn new(policy: FetchPolicy) -> Result<Fetcher, FetchError> {
        Fetcher::with_allowed_addresses(policy, &[])
    }

    /// Like [`Fetcher::new`], but lets the given addresses through even though they are
    /// not public (one known server on the LAN, or a test server standing in for a
    /// public one), while the rest of the private ranges stay refused.
    pub fn with_allowed_addresses(
        policy: FetchPolicy,
        allowed: &[IpAddr],
    ) -> Result<Fetcher, FetchError> {
        install_crypto_provider();
        let rules = Arc::new(Rules {
            allow_private: policy.allow_private,
            allowed: allowed.to_vec(),
        });
        let hop_rules = rules.clone();
        let max = policy.max_redirects;
        let redirects = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > usize::from(max) {
                return attempt.error(Blocked::Redirects(max));
            }
            match hop_rules.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(blocked) => attempt.error(blocked),
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(policy.user_agent.clone())
            .no_proxy()
            .dns_resolver(CheckedResolver {
                rules: rules.clone(),
            })
            .redirect(redirects)
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| FetchError::Client(chain(&e)))?;
        Ok(Fetcher {
            client,
            rules,
            policy: Arc::new(policy),
        })
    }

    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// GETs `url` and reads its body, within the policy's limits. Any answer but 2xx
    /// is an error.
    pub async fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        match self.exchange(url, None).await? {
            Answer::Fetched(fetched, _) => Ok(fetched),
            Answer::NotModified => Err(FetchError::Status {
                url: url.to_owned(),
                status: reqwest::StatusCode::NOT_MODIFIED,
            }),
        }
    }

    /// GETs `url` unless it is unchanged since `validators` were given (If-None-Match,
    /// If-Modified-Since); otherwise as [`Fetcher::get`].
    pub async fn get_if_changed(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<Answer, FetchError> {
        self.exchange(url, Some(validators)).await
    }

    async fn exchange(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Answer, FetchError> {
        let parsed = Url::parse(url.trim()).map_err(|e| FetchError::InvalidUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
        self.rules.check_url(&parsed).map_err(|b| blocked(url, b))?;
        let mut request = self.client.get(parsed);
        if let Some(v) = validators {
            if let Some(etag) = v.etag.as_deref().filter(|e| !e.is_empty()) {
                request = request.header(reqwest::header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = v.last_modified.as_deref().filter(|l| !l.is_empty()) {
                request = request.header(reqwest::header::IF_MODIFIED_SINCE, lm);
            }
        }
        let mut response = request.send().await.map_err(|e| self.error(url, &e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED && validators.is_some() {
            return Ok(Answer::NotModified);
        }
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::SERVICE_UNAVAILABLE
        {
            let retry_after = header(&response, reqwest::header::RETRY_AFTER)
                .and_then(|v| parse_retry_after(&v, std::time::SystemTime::now()));
            return Err(FetchError::Throttled {
                url: url.to_owned(),
                status,
                retry_after,
            });
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: url.to_owned(),
                status,
            });
        }
        let limit = self.policy.max_bytes;
        if let Some(declared) = response.content_length()
            && declared > limit
        {
            return Err(FetchError::TooLarge {
                url: url.to_owned(),
                limit,
                declared: Some(declared),
            });
        }
        let content_type = header(&response, reqwest::header::CONTENT_TYPE);
        let next = Validators {
            etag: header(&response, reqwest::header::ETAG),
            last_modified: header(&response, reqwest::header::LAST_MODIFIED),
        };
        let final_url = response.url().to_string();
        let expected = response.content_length().unwrap_or(0).min(limit);
        let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(|e| self.error(url, &e))? {
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err(FetchError::TooLarge {
                    url: url.to_owned(),
                    limit,
                    declared: None,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Answer::Fetched(
            Fetched {
                url: final_url,
                content_type,
                bytes,
            },
            next,
        ))
    }

    fn error(&self, url: &str, e: &reqwest::Error) -> FetchError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(s) = source {
            if let Some(b) = s.downcast_ref::<Blocked>() {
                return blocked(url, b.clone());
            }
            if let Some(r) = s.downcast_ref::<ResolveFailed>() {
                return FetchError::Resolve {
                    url: url.to_owned(),
                    message: r.to_string(),
                };
            }
            source = s.source();
        }
        if e.is_timeout() {
            return FetchError::Timeout {
                url: url.to_owned(),
                timeout: self.policy.timeout,
            };
        }
        FetchError::Network {
            url: url.to_owned(),
            message: chain(e),
        }
    }
}

/// A response header as text, if present and readable.
fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn blocked(url: &str, b: Blocked) -> FetchError {
    let url = url.to_owned();
    match b {
        Blocked::Refused(refusal) => FetchError::Refused { url, refusal },
        Blocked::Scheme(_) => FetchError::Scheme { url },
        Blocked::Redirects(max) => FetchError::Redirects { url, max },
    }
}

/// An error and its sources, without the repetitions reqwest's layers add.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date_and_never_more_than_a_day() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after(" 9999999 ", now),
            Some(Duration::from_secs(86_400))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(300));
        assert_eq!(
            parse_retry_after(&date, now),
            Some(Duration::from_secs(300))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(300));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert!(
            FetchPolicy::user_agent_for("https://news.example/")
                .ends_with("+https://news.example)")
        );
    }
}
