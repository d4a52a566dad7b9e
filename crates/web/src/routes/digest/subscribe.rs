//! `/subscribe`: the form (also reached from the short forms in the footer and under
//! articles, which send the address here to choose sections, language and frequency) and
//! the request. The answer is the same page whether or not the address is subscribed; a
//! filled-in honeypot field gets that page too and nothing else happens.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use gazette_core::digest::address;
use gazette_core::digest::token::{self, Purpose};

use gazette_store::{AttemptLimits, SubscribeOutcome, SubscribeRequest, Subscriber};
use serde::{Deserialize, Serialize};

use super::Offer;
use crate::auth::{self, now};
use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::form::{Fields, GuestForm};
use crate::i18n::{Arg, keys};
use crate::mails::MailWords;
use crate::routes::account::VisitorForm;
use crate::state::AppState;

/// Requests per address and per IP address in an hour; a new mail to one address waits ten
/// minutes after the last.
pub const LIMITS: AttemptLimits = AttemptLimits {
    window: 3600,
    per_address: 5,
    per_ip: 30,
    resend_after: 600,
};

/// Where a form was posted from, kept with the consent.
fn form_name(from: &str) -> &'static str {
    match from {
        "footer" => "footer",
        "article" => "article",
        _ => "page",
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Prefill {
    email: String,
    from: String,
}

#[derive(Serialize)]
struct SubscribePage<'a> {
    email: &'a str,
    from: &'a str,
    offer: &'a Offer,
    sent: bool,
    error: Option<String>,
}

/// `GET /subscribe[?email=…&from=footer|article]`
pub async fn subscribe_page(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(prefill): Query<Prefill>,
) -> Result<Response, WebError> {
    let (offer, _) = Offer::load(&app, None).await?;
    // A prefilled address is only shown back in the field; it is never acted on here.
    let email: String = prefill
        .email
        .chars()
        .filter(|c| !c.is_control())
        .take(address::MAX_ADDRESS)
        .collect();
    form(
        &app,
        &headers,
        StatusCode::OK,
        &email,
        form_name(&prefill.from),
        &offer,
        false,
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn form(
    app: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    from: &str,
    offer: &Offer,
    sent: bool,
    error: Option<String>,
) -> Result<Response, WebError> {
    let page = SubscribePage {
        email,
        from,
        offer,
        sent,
        error,
    };
    let title = "Get the daily digest";
    VisitorForm::new("digest/subscribe.html", "/subscribe", title)
        .show(app, headers, status, page)
        .await
}

/// `POST /subscribe`
pub async fn subscribe(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(ip): axum::Extension<ClientIp>,
    GuestForm(f): GuestForm<Fields>,
) -> Result<Response, WebError> {
    let from = form_name(f.get("from"));
    let typed = f.get("email");
    let (offer, ids) = Offer::load(&app, None).await?;
    // The form is in the site's language; so are its refusals.
    let site_language = app.site().await?.language.clone();
    let cats = Arc::clone(&app.theme.catalogues);
    let say = |p: &gazette_core::problem::Problem| cats.problem(&site_language, p);
    let shown: String = typed
        .chars()
        .filter(|c| !c.is_control())
        .take(address::MAX_ADDRESS)
        .collect();
    // A field people never see: whatever fills it is a bot. It gets the usual answer.
    if !f.get("website").is_empty() {
        tracing::info!(ip = %ip.0, "digest subscription with the honeypot filled in ignored");
        return form(
            &app,
            &headers,
            StatusCode::OK,
            &shown,
            from,
            &offer,
            true,
            None,
        )
        .await;
    }
    let refuse = |status, message: String| {
        let app = Arc::clone(&app);
        let headers = headers.clone();
        let shown = shown.clone();
        let offer = offer.clone();
        async move {
            form(
                &app,
                &headers,
                status,
                &shown,
                from,
                &offer,
                false,
                Some(message),
            )
            .await
        }
    };
    let email = match address::check(typed) {
        Ok(e) => e,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, say(&e.problem())).await,
    };
    let choices = match ids.read(&f) {
        Ok(c) => c,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, say(&e.problem())).await,
    };
    let now = now();
    let request = SubscribeRequest {
        email: email.clone(),
        choices,
        ip: ip.0.clone(),
        form: from.to_owned(),
        nonce: auth::new_token()?,
        now,
    };
    match app.store.subscribe(&request, LIMITS).await? {
        SubscribeOutcome::Limited { retry_at } => {
            let wait = (retry_at - now).max(1);
            let minutes = (wait + 59) / 60;
            let page = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                cats.text_with(
                    &site_language,
                    keys::PROBLEM_SUBSCRIBE_LIMITED,
                    &[("minutes", Arg::Number(minutes as f64))],
                ),
            )
            .await?;
            return Ok(auth::retry_after(page, wait));
        }
        SubscribeOutcome::Confirm(s) => mail_later(&app, s, true),
        SubscribeOutcome::Remind(s) => mail_later(&app, s, false),
        SubscribeOutcome::Quiet => {}
    }
    form(
        &app,
        &headers,
        StatusCode::OK,
        &email,
        from,
        &offer,
        true,
        None,
    )
    .await
}

/// Sends the confirmation link (or, to a confirmed subscriber, a reminder with the
/// preferences link) in the background, so the answer takes the same time either way.
fn mail_later(app: &Arc<AppState>, s: Subscriber, confirm: bool) {
    let app = Arc::clone(app);
    tokio::spawn(async move {
        let built = async {
            let site = app.site().await?;
            let key = app.digest_key().await?;
            let base = &app.config.base_url;
            // In the language of the edition they chose, else the site's.
            let words = MailWords::new(&app.theme.catalogues, Some(&s.language), &site.language);
            let mail = if confirm {
                let link = format!(
                    "{base}{}",
                    token::confirm_path(&token::sign(&key, Purpose::Confirm, s.id, &s.nonce))
                );
                words.confirm_subscription(&site.name, &s.email, &link)
            } else {
                let links = token::links(base, &key, s.id, &s.nonce);
                words.already_subscribed(&site.name, &s.email, &links.preferences)
            };
            Ok::<_, WebError>(mail)
        };
        match built.await {
            Ok(mail) => {
                if let Err(e) = app.mailer.send(&mail).await {
                    tracing::error!(error = %e, to = %s.email, "digest confirmation not sent");
                }
            }
            Err(e) => tracing::error!(error = %e, "digest confirmation not built"),
        }
    });
}
