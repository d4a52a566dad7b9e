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
