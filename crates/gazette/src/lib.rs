//! The `gazette` binary's library half: configuration, start-up wiring, background workers
//! and the demo newsroom. `main.rs` is only the command line; tests drive this directly.

pub mod backup;
pub mod config;
pub mod demo;
pub mod desk;
pub mod digest;
pub mod import;
pub mod indexer;
pub mod jobs;
pub mod media;
pub mod metrics;
pub mod pause;
pub mod server;
pub mod users;

/// Seconds since the Unix epoch: the one clock of the workers, commands and leases.
pub(crate) fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
