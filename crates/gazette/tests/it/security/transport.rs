//! The connection and the body: clients that send their headers too slowly are
//! disconnected, chunked bodies over the limit get a 413.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::raw_exchange;
use crate::common::app;

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413() {
    let app = app().start().await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let chunk = "a=".to_owned() + &"x".repeat(100 * 1024);
    for path in ["/account/sign-in", "/consent", "/account/reset"] {
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
            chunk.len()
        );
        let answer = raw_exchange(&addr, request.as_bytes()).await;
        let status_line = answer.lines().next().unwrap_or("");
        assert!(
            status_line.starts_with("HTTP/1.1 413"),
            "{path}: {status_line}"
        );
    }
}

/// Sends a request's headers one byte every 300 ms and returns how long the server kept
/// the connection open (at most `give_up`).
async fn slow_headers_held_for(addr: &str, give_up: Duration) -> Duration {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let request = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut buf = [0u8; 1024];
    for byte in request.iter().cycle() {
        if started.elapsed() >= give_up || stream.write_all(&[*byte]).await.is_err() {
            break;
        }
        match tokio::time::timeout(Duration::from_millis(300), stream.read(&mut buf)).await {
            // Closed (perhaps after a 408): the server gave up on us.
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(_)) => {
                // An answer: read on until the server closes.
                let _ = tokio::time::timeout(give_up, stream.read_to_end(&mut Vec::new())).await;
                break;
            }
            Err(_) => {}
        }
    }
    started.elapsed()
}

#[tokio::test]
async fn a_client_sending_its_headers_slowly_is_disconnected() {
    let app = app()
        .configure(|c, _| c.header_read_timeout_seconds = 1)
        .start()
        .await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let held = slow_headers_held_for(&addr, Duration::from_secs(8)).await;
    assert!(
        held < Duration::from_secs(4),
        "the connection was held {held:?} with a 1 s header timeout"
    );
    // A normal request on the same server is unaffected.
    assert_eq!(app.get("/").await.status, reqwest::StatusCode::OK);
}
