//! The security fixes of issue 19, each checked over real HTTP: where sign-in sends the
//! browser, the sign-in rate limit under parallel guessing, view counting under a flood,
//! the caching of missing pictures, feed descriptions, slow clients, HSTS and body limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod feeds;
mod http;
mod rate_limit;
mod redirect;
mod transport;
mod views;

/// Sends `request` as raw bytes and returns what the server answered until it closed the
/// connection (or 10 s passed).
pub async fn raw_exchange(addr: &str, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    String::from_utf8_lossy(&answer).into_owned()
}
