//! The Daily Digest for readers: subscribing with double opt-in (`subscribe`), the signed
//! links of every mail to change preferences, download or delete one's data and leave with
//! one click (`manage`), and past editions on the web (`archive`).
//!
//! No account is needed: the links carry an HMAC-signed token (`gazette_core::digest::token`)
//! under the site's key. A GET of any link changes nothing (mail scanners follow links);
//! every change is a POST, with the anonymous forms' CSRF token except the RFC 8058
//! one-click unsubscribe, which mail providers post without cookies.

mod archive;
mod manage;
mod subscribe;

pub use archive::{archive, edition_page};
pub use manage::{
    confirm, confirm_page, data, delete, preferences, preferences_page, unsubscribe,
    unsubscribe_page,
};
pub use subscribe::{subscribe, subscribe_page};

use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::digest::prefs::{ChoiceError, Choices, choices};
use gazette_core::digest::token::{self, Purpose};
use gazette_core::lang::language_name;
use gazette_store::Subscriber;
use serde::Serialize;

use crate::error::WebError;
use crate::form::Fields;
use crate::i18n::Arg;
use crate::routes::account::private_page_in;
use crate::state::AppState;

/// A section or language a reader may choose.
#[derive(Debug, Clone, Serialize)]
struct Offered {
    value: String,
    label: String,
    checked: bool,
}

/// What the forms offer: the top-level sections and the languages articles are published in.
#[derive(Debug, Clone, Serialize)]
struct Offer {
    sections: Vec<Offered>,
    languages: Vec<Offered>,
    daily: bool,
}

impl Offer {
    async fn load(app: &AppState, chosen: Option<&Choices>) -> Result<(Offer, OfferIds), WebError> {
        let site = app.site().await?;
        let categories = app.store.categories().await?;
        let top: Vec<_> = categories
            .iter()
            .filter(|c| c.parent_id.is_none())
            .collect();
        let mut languages = app.store.article_languages().await?;
        if !languages.contains(&site.language) {
            languages.insert(0, site.language.clone());
        }
        let language = chosen.map_or(site.language.as_str(), |c| c.language.as_str());
        let mut sections: Vec<Offered> = top
            .iter()
            .map(|c| Offered {
                value: c.id.to_string(),
                label: c.name.clone(),
                checked: chosen
                    .is_none_or(|ch| ch.sections.is_empty() || ch.sections.contains(&c.id)),
            })
            .collect();
        // The forms are in the site's language: its alphabetical order.
        gazette_core::collate::sort_by_name(&site.language, &mut sections, |o| o.label.as_str());
        let offer = Offer {
            sections,
            languages: languages
                .iter()
                .map(|l| Offered {
                    value: l.clone(),
                    label: language_name(l).map_or_else(|| l.clone(), str::to_owned),
                    checked: l == language,
                })
                .collect(),
            daily: chosen
                .is_none_or(|c| c.frequency == gazette_core::digest::prefs::Frequency::Daily),
        };
        let ids = OfferIds {
            sections: top.iter().map(|c| c.id).collect(),
            languages,
            default_language: site.language.clone(),
        };
        Ok((offer, ids))
    }
}

/// The values the posted choices are checked against.
struct OfferIds {
    sections: Vec<i64>,
    languages: Vec<String>,
    default_language: String,
}

impl OfferIds {
    fn read(&self, f: &Fields) -> Result<Choices, ChoiceError> {
        choices(
            &f.all("section"),
            f.get("language"),
            f.get("frequency"),
            &self.sections,
            &self.languages,
            &self.default_language,
        )
    }
}

/// The subscriber a link names, if its signature holds for `purpose`; otherwise a 404
/// that says what to do.
async fn subscriber_for(
    app: &AppState,
    token: &str,
    purpose: Purpose,
) -> Result<Subscriber, WebError> {
    let invalid = || {
        WebError::BadRequest(
            "This link is not valid (any more). Subscribe again at /subscribe, or use the link in your latest digest.".into(),
        )
    };
    let id = token::subscriber_of(token).ok_or_else(invalid)?;
    let subscriber = app.store.subscriber(id).await?.ok_or_else(invalid)?;
    let key = app.digest_key().await?;
    if token::verify(&key, purpose, subscriber.id, &subscriber.nonce, token) {
        Ok(subscriber)
    } else {
        Err(invalid())
    }
}

/// A short page that says what happened (confirmed, unsubscribed, deleted…).
#[derive(Serialize)]
struct Message<'a> {
    heading: &'a str,
    message: &'a str,
    link: Option<(String, &'a str)>,
}

/// What a [`message_page`] says: catalogue keys (`heading`, `message` with `args`, the
/// link's words) and the link's address.
struct Said<'a> {
    heading: &'static str,
    message: &'static str,
    args: Vec<(&'static str, Arg<'a>)>,
    link: Option<(&'static str, &'a str)>,
}

/// The page of [`Said`] (a 200, without cookies) in `lang` (the subscriber's edition
/// language, which their links keep to), else the site's.
async fn message_page(
    app: &AppState,
    lang: &str,
    path: &str,
    said: Said<'_>,
) -> Result<Response, WebError> {
    let site = app.site().await?;
    let cats = &app.theme.catalogues;
    let lang = cats.interface_language(&[Some(lang), Some(&site.language)]);
    let heading = cats.text(&lang, said.heading);
    let message = cats.text_with(&lang, said.message, &said.args);
    private_page_in(
        app,
        Some(&lang),
        "digest/message.html",
        path,
        &heading,
        StatusCode::OK,
        Message {
            heading: &heading,
            message: &message,
            link: said.link.map(|(key, url)| (cats.text(&lang, key), url)),
        },
        Vec::new(),
    )
    .await
}
