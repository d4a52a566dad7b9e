//! The fetcher against real local HTTP servers: loopback refused by default (by IP
//! literal and by host name) without the server ever being contacted, allowed when
//! private networks are; a redirect from an allowed server to a private one refused;
//! bodies over the limit refused with and without Content-Length; slow servers timing
//! out; error statuses reported.
//!
//! The server is a few lines over a tokio listener rather than axum, so a test can send
//! exactly the bytes it wants (no Content-Length, a body that stalls halfway).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use gazette_fetch::{FetchError, FetchPolicy, Fetcher, Restricted};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the test server answers for a path.
enum Reply {
    Ok(&'static str, Vec<u8>),
    /// A body sent without Content-Length (the end is the connection's close).
    Unsized(Vec<u8>),
    Redirect(String),
    Status(&'static str),
    /// Waits before answering at all.
    Slow(Duration),
    /// Sends headers and half the body, then stalls.
    Stall(Duration),
}

struct Server {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

async fn serve(ip: &str, route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    let route = Arc::new(route);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let route = route.clone();
            let count = count.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                count.fetch_add(1, Ordering::SeqCst);
                let head = String::from_utf8_lossy(&head).into_owned();
                let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                let out = match route(&path) {
                    Reply::Ok(ct, body) => {
                        let mut r = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: {ct}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        r.extend(body);
                        r
                    }
                    Reply::Unsized(body) => {
                        let mut r = b"HTTP/1.1 200 OK\r\ncontent-type: image/png\r\nconnection: close\r\n\r\n".to_vec();
                        r.extend(body);
                        r
                    }
                    Reply::Redirect(to) => format!(
                        "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                    .into_bytes(),
                    Reply::Status(s) => format!(
                        "HTTP/1.1 {s}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                    .into_bytes(),
                    Reply::Slow(d) => {
                        tokio::time::sleep(d).await;
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                            .to_vec()
                    }
                    Reply::Stall(d) => {
                        let _ = sock
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\nconnection: close\r\n\r\nhalf")
                            .await;
                        tokio::time::sleep(d).await;
                        Vec::new()
                    }
                };
                let _ = sock.write_all(&out).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    Server { addr, requests }
}

fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend(std::iter::repeat_n(7u8, 500));
    b
}

fn policy() -> FetchPolicy {
    FetchPolicy {
        timeout: Duration::from_secs(5),
        ..FetchPolicy::default()
    }
}

fn private() -> FetchPolicy {
    FetchPolicy {
        allow_private: true,
        ..policy()
    }
}

/// The error fetching `url` ends in (it must fail).
async fn fetch_err(fetcher: &Fetcher, url: &str) -> FetchError {
    fetcher.get(url).await.unwrap_err()
}

fn refusal(err: &FetchError) -> Restricted {
    match err {
        FetchError::Refused { refusal, .. } => refusal.kind,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn loopback_is_refused_by_default_without_contacting_it() {
    let server = serve("127.0.0.1", |_| Reply::Ok("image/png", png())).await;
    let port = server.addr.port();
    let fetcher = Fetcher::new(policy()).unwrap();

    let err = fetch_err(&fetcher, &format!("http://127.0.0.1:{port}/a.png")).await;
    assert_eq!(refusal(&err), Restricted::Loopback);
    assert_eq!(
        err.to_string(),
        "refused: 127.0.0.1 is a loopback address; set `fetch_allow_private = true` if this server is on your network"
    );

    // A host name goes through the checking resolver.
    let err = fetch_err(&fetcher, &format!("http://localhost:{port}/a.png")).await;
    assert_eq!(refusal(&err), Restricted::Loopback);
    let shown = err.to_string();
    assert!(
        shown.starts_with("refused: localhost resolves to ")
            && shown.contains("a loopback address"),
        "{shown}"
    );
    assert!(
        err.reason().contains("fetch_allow_private"),
        "{}",
        err.reason()
    );

    // Other spellings of loopback and the metadata address are refused too.
    for (url, kind) in [
        (format!("http://[::1]:{port}/"), Restricted::Loopback),
        (
            format!("http://[::ffff:127.0.0.1]:{port}/"),
            Restricted::Loopback,
        ),
        (format!("http://2130706433:{port}/"), Restricted::Loopback),
        (format!("http://0x7f.1:{port}/"), Restricted::Loopback),
        (
            "http://169.254.169.254/latest/meta-data/".into(),
            Restricted::LinkLocal,
        ),
        ("http://10.0.0.5/".into(), Restricted::Private),
    ] {
        let err = fetch_err(&fetcher, &url).await;
        assert_eq!(refusal(&err), kind, "{url}");
    }
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);

    // Not http(s), not a URL.
    let err = fetch_err(&fetcher, "file:///etc/passwd").await;
    assert!(matches!(err, FetchError::Scheme { .. }), "{err:?}");
    assert!(err.to_string().contains("not an http:// or https:// URL"));
    let err = fetch_err(&fetcher, "not a url").await;
    assert!(matches!(err, FetchError::InvalidUrl { .. }), "{err:?}");
}

#[tokio::test]
async fn private_servers_are_fetched_when_allowed() {
    let server = serve("127.0.0.1", |path| match path {
        "/a.png" => Reply::Ok("image/png", png()),
        "/moved" => Reply::Redirect("/a.png".into()),
        _ => Reply::Status("404 Not Found"),
    })
    .await;
    let fetcher = Fetcher::new(private()).unwrap();
    let base = format!("http://127.0.0.1:{}", server.addr.port());
    let got = fetcher.get(&format!("{base}/a.png")).await.unwrap();
    assert_eq!(got.bytes, png());
    assert_eq!(got.content_type.as_deref(), Some("image/png"));
    let got = fetcher
        .get(&format!("http://localhost:{}/moved", server.addr.port()))
        .await
        .unwrap();
    assert_eq!(got.bytes, png());
    assert!(got.url.ends_with("/a.png"), "{}", got.url);

    let err = fetch_err(&fetcher, &format!("{base}/missing")).await;
    assert!(
        matches!(err, FetchError::Status { status, .. } if status == 404),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{base}/missing: the server answered 404 Not Found")
    );
    assert_eq!(err.reason(), "the server answered 404 Not Found");
}

#[tokio::test]
async fn a_redirect_from_an_allowed_server_to_a_private_one_is_refused() {
    // The private server, on another loopback address.
    let inner = serve("127.0.0.2", |_| Reply::Ok("text/plain", b"secret".to_vec())).await;
    let inner_url = format!("http://127.0.0.2:{}/secret", inner.addr.port());
    let to_inner = inner_url.clone();
    // The allowed server stands in for a public one: only its address is let through.
    let outer = serve("127.0.0.1", move |path| match path {
        "/to-private" => Reply::Redirect(to_inner.clone()),
        "/to-metadata" => Reply::Redirect("http://169.254.169.254/latest/meta-data/".into()),
        "/to-v6" => Reply::Redirect("http://[fd00::1]/".into()),
        "/to-file" => Reply::Redirect("file:///etc/passwd".into()),
        "/loop" => Reply::Redirect("/loop".into()),
        "/hop" => Reply::Redirect("/a.png".into()),
        _ => Reply::Ok("image/png", png()),
    })
    .await;
    let outer_ip: IpAddr = "127.0.0.1".parse().unwrap();
    let fetcher = Fetcher::with_allowed_addresses(policy(), &[outer_ip]).unwrap();
    let base = format!("http://127.0.0.1:{}", outer.addr.port());

    // Redirects that stay on the allowed server are followed.
    let got = fetcher.get(&format!("{base}/hop")).await.unwrap();
    assert_eq!(got.bytes, png());

    let err = fetch_err(&fetcher, &format!("{base}/to-private")).await;
    assert_eq!(refusal(&err), Restricted::Loopback);
    assert!(
        err.to_string().contains("127.0.0.2 is a loopback address"),
        "{err}"
    );
    let err = fetch_err(&fetcher, &format!("{base}/to-metadata")).await;
    assert_eq!(refusal(&err), Restricted::LinkLocal);
    let err = fetch_err(&fetcher, &format!("{base}/to-v6")).await;
    assert_eq!(refusal(&err), Restricted::UniqueLocal);
    // reqwest does not follow a redirect to another scheme: the 302 is the answer.
    let err = fetch_err(&fetcher, &format!("{base}/to-file")).await;
    assert!(
        matches!(err, FetchError::Status { status, .. } if status == 302),
        "{err:?}"
    );
    let err = fetch_err(&fetcher, &format!("{base}/loop")).await;
    assert!(
        matches!(err, FetchError::Redirects { max: 5, .. }),
        "{err:?}"
    );
    assert_eq!(inner.requests.load(Ordering::SeqCst), 0);

    // The private server itself, asked directly, is refused as well.
    let err = fetch_err(&fetcher, &inner_url).await;
    assert_eq!(refusal(&err), Restricted::Loopback);
    assert_eq!(inner.requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let big = vec![1u8; 300_000];
    let (b1, b2) = (big.clone(), big.clone());
    let server = serve("127.0.0.1", move |path| match path {
        "/declared" => Reply::Ok("image/jpeg", b1.clone()),
        "/unsized" => Reply::Unsized(b2.clone()),
        _ => Reply::Ok("image/png", png()),
    })
    .await;
    let fetcher = Fetcher::new(FetchPolicy {
        max_bytes: 100_000,
        ..private()
    })
    .unwrap();
    let base = format!("http://127.0.0.1:{}", server.addr.port());
    let err = fetch_err(&fetcher, &format!("{base}/declared")).await;
    assert!(
        matches!(
            err,
            FetchError::TooLarge {
                limit: 100_000,
                declared: Some(300_000),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("over the limit of 100000 bytes"),
        "{err}"
    );
    let err = fetch_err(&fetcher, &format!("{base}/unsized")).await;
    assert!(
        matches!(err, FetchError::TooLarge { declared: None, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("download stopped"), "{err}");
    // Under the limit is fine.
    assert_eq!(
        fetcher.get(&format!("{base}/small")).await.unwrap().bytes,
        png()
    );
}

#[tokio::test]
async fn slow_servers_time_out() {
    let server = serve("127.0.0.1", |path| match path {
        "/slow" => Reply::Slow(Duration::from_secs(5)),
        _ => Reply::Stall(Duration::from_secs(5)),
    })
    .await;
    let fetcher = Fetcher::new(FetchPolicy {
        timeout: Duration::from_millis(400),
        ..private()
    })
    .unwrap();
    let base = format!("http://127.0.0.1:{}", server.addr.port());
    for path in ["/slow", "/stall"] {
        let started = std::time::Instant::now();
        let err = fetch_err(&fetcher, &format!("{base}{path}")).await;
        assert!(matches!(err, FetchError::Timeout { .. }), "{path}: {err:?}");
        assert!(
            err.to_string().contains("no complete answer within 0.4 s"),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(3), "{path}");
    }
}
