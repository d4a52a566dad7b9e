//! The digest's loop in `gazette serve`, every few seconds on every node: queue the next
//! edition's `compose_digest` job (once across nodes, run by the job worker
//! `digest_prepare_minutes` before the slot), skip editions that were not started within
//! `digest_skip_after_hours` of their slot, settle rows whose sender died, start drafts
//! whose slot has come, and send what is due. Rows are claimed, so nodes share the work.

use std::sync::Arc;
use std::time::Duration;

use gazette_store::JobKind;
use gazette_web::AppState;
use tokio::sync::watch;

use super::{Schedule, Sender};
use crate::pause::until_stopped;

/// Pause between rounds.
const ROUND: Duration = Duration::from_secs(5);

/// What the loop needs besides the app state.
#[derive(Clone)]
pub struct DigestWorker {
    pub schedule: Schedule,
    /// `mail_from`: its address receives the mailto unsubscribes.
    pub mail_from: String,
    pub holder: String,
}

impl DigestWorker {
    /// The sender for this round (site name and key as they are now).
    pub async fn sender(&self, state: &AppState) -> anyhow::Result<Sender> {
        let site = state.site().await?;
        Ok(Sender {
            store: state.store.clone(),
            mailer: Arc::clone(&state.mailer),
            base_url: state.config.base_url.clone(),
            site_name: site.name.clone(),
            key: state
                .digest_key()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            holder: self.holder.clone(),
            unsubscribe_mailto: super::send::address_of(&self.mail_from),
            per_second: self.schedule.per_second,
            catalogues: Arc::clone(&state.theme.catalogues),
            site_language: site.language.clone(),
        })
    }

    /// One round; `stop` ends a send between two messages.
    pub async fn round(
        &self,
        state: &AppState,
        stop: &watch::Receiver<bool>,
    ) -> anyhow::Result<()> {
        let store = &state.store;
        let now = crate::unix_now();
        let s = &self.schedule;
        // Today's edition while it may still go out (a node started after the slot), and
        // the next one; none while nobody is subscribed, so the queue holds no idle work.
        if !store.wanted_editions().await?.is_empty() {
            let today = s.date_at(now);
            if s.slot(today) <= now && now - s.slot(today) < s.skip_after_secs {
                store
                    .ensure_job(JobKind::ComposeDigest, &s.job_key(today), now, now)
                    .await?;
            }
            let (next, slot) = s.next_slot(now);
            store
                .ensure_job(
                    JobKind::ComposeDigest,
                    &s.job_key(next),
                    slot - s.prepare_secs,
                    now,
                )
                .await?;
        }
        let skipped = store.skip_late_editions(now, s.skip_after_secs).await?;
        if skipped > 0 {
            tracing::warn!(skipped, "digest editions not started in time were skipped");
        }
        let (requeued, uncertain) = store.recover_deliveries(now).await?;
        if uncertain > 0 {
            tracing::warn!(
                uncertain,
                requeued,
                "digest rows whose sender stopped mid-send are uncertain; an editor may resend them"
            );
        }
        let mut due = store.due_drafts(now).await?;
        due.extend(store.sending_editions().await?);
        if due.is_empty() {
            return Ok(());
        }
        let sender = self.sender(state).await?;
        for id in due {
            if *stop.borrow() {
                break;
            }
            sender.send_edition(id, |_| {}, || *stop.borrow()).await?;
        }
        Ok(())
    }
}

/// Runs rounds until `stop` changes.
pub async fn work(state: Arc<AppState>, worker: DigestWorker, mut stop: watch::Receiver<bool>) {
    tracing::info!(node = %worker.holder, zone = %worker.schedule.zone_name, "digest worker started");
    loop {
        if let Err(e) = worker.round(&state, &stop).await {
            tracing::warn!(error = %e, "digest round failed; will retry");
        }
        if !until_stopped(tokio::time::sleep(ROUND), &mut stop).await {
            break;
        }
    }
    if let Err(e) = state.store.release_deliveries(&worker.holder).await {
        tracing::warn!(error = %e, "claimed digest rows not released; they return to the queue when their lease ends");
    }
    tracing::info!("digest worker stopped");
}
