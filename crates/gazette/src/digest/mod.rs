//! The Daily Digest's machinery in the binary: when editions are due (`schedule`, the
//! local send time in the site's time zone), composing them (`compose`, the store's
//! candidates through `gazette_core::digest::compose`), sending them through the delivery
//! ledger (`send`), and the background loop of `gazette serve` that ties these together
//! (`worker`). `gazette digest send` uses the same pieces.

pub mod command;
pub mod compose;
pub mod schedule;
pub mod send;
pub mod worker;

pub use compose::{compose_job, compose_now};
pub use schedule::Schedule;
pub use send::Sender;
