//! The pause between two rounds of a background loop (view flushing, the change and index
//! followers, planner statistics, metrics upkeep, the job and digest workers): each waits
//! for its tick or sleep, and each must end at once when the server stops.

use std::future::Future;

use tokio::sync::watch;

/// Waits for `pause`; `false` when `stop` changes first, so the loop should end.
pub async fn until_stopped(pause: impl Future, stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = pause => true,
        _ = stop.changed() => false,
    }
}
