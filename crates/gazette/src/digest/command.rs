//! `gazette digest send [--edition YYYY-MM-DD]`: composes the edition of a day (today in
//! the site's time zone by default) if it does not exist yet and sends it now, beside a
//! running server or without one. The ledger makes a second run send nothing twice: rows
//! already sent are skipped, and rows a server is sending are left to it.

use std::sync::Arc;

use anyhow::Context;
use gazette_store::{DeliveryCounts, EditionStatus, Store};

use super::{Sender, compose_now};
use crate::config::Settings;

/// Sends the editions of `date` (or today); `progress` gets (language, done, total).
pub async fn send(
    settings: &Settings,
    store: &Store,
    date: Option<&str>,
    mut progress: impl FnMut(&str, u64, u64),
) -> anyhow::Result<String> {
    let schedule = &settings.digest;
    let now = crate::unix_now();
    let date = match date {
        Some(d) => d.trim().parse::<jiff::civil::Date>().map_err(|_| {
            anyhow::anyhow!("--edition `{d}` is not a date like 2026-12-07 (year-month-day)")
        })?,
        None => schedule.date_at(now),
    };
    // Sending now: the edition's slot is now, so the late-edition rule cannot skip it.
    compose_now(store, date, now, schedule.is_weekly_day(date), now)
        .await
        .context("cannot compose the edition")?;
    let mailer = gazette_mail::Mailer::new(
        Some(settings.raw.smtp_url.as_str()),
        settings.raw.mail_from.trim(),
        &settings.outbox_dir(),
    )
    .context("cannot set up mail")?;
    let candidate = gazette_web::auth::new_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    let key = store.signing_key(&candidate).await?.into_bytes();
    let site = store.settings().await?;
    let catalogues = gazette_web::i18n::Catalogues::load(settings.theme_dir.as_deref())
        .context("cannot load the theme's catalogues")?;
    let sender = Sender {
        store: store.clone(),
        mailer: Arc::new(mailer),
        base_url: settings.base_url.clone(),
        site_name: site.name,
        catalogues: Arc::new(catalogues),
        site_language: site.language,
        key,
        holder: crate::jobs::node_id(),
        unsubscribe_mailto: super::send::address_of(&settings.raw.mail_from),
        per_second: schedule.per_second,
    };
    let editions = store.editions_of(&date.to_string()).await?;
    if editions.is_empty() {
        return Ok(format!(
            "No digest for {date}: no confirmed subscriber wants one, or nothing was published."
        ));
    }
    let mut report = String::new();
    for edition in editions {
        let label = format!(
            "{} {} {}",
            edition.date,
            edition.language,
            edition.frequency.as_str()
        );
        match edition.status {
            EditionStatus::Skipped => {
                report.push_str(&format!("{label}: skipped ({})\n", edition.note));
                continue;
            }
            EditionStatus::Held => {
                report.push_str(&format!(
                    "{label}: held by an editor; release it in the newsroom to send it\n"
                ));
                continue;
            }
            _ => {}
        }
        let counts = sender
            .send_edition(
                edition.id,
                |c: &DeliveryCounts| {
                    let total = u64::try_from(c.total()).unwrap_or(0);
                    let done = total.saturating_sub(u64::try_from(c.open()).unwrap_or(0));
                    progress(&edition.language, done, total);
                },
                || false,
            )
            .await
            .with_context(|| format!("sending {label} failed"))?;
        report.push_str(&format!(
            "{label}: {} sent, {} failed, {} deferred, {} uncertain, {} with nothing for them ({} subscribers)\n",
            counts.sent, counts.failed, counts.deferred + counts.queued, counts.uncertain, counts.empty, counts.total()
        ));
        if counts.claimed + counts.sending > 0 {
            report.push_str(&format!(
                "  {} held by another sender (a running server, or one that stopped: its rows \
                 settle within {} s; run this again then)\n",
                counts.claimed + counts.sending,
                super::send::LEASE_SECS
            ));
        }
        if counts.uncertain > 0 {
            for (id, email) in store.uncertain_deliveries(edition.id).await? {
                report.push_str(&format!("  uncertain: subscriber {id} <{email}>\n"));
            }
        }
    }
    Ok(report)
}
