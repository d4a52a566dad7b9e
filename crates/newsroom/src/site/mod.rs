//! `/admin/menu` and `/admin/settings`: the site's navigation menu (rows of label and
//! target, nested one level; editors and admins) and the rest of the site settings (name,
//! tagline, about, contact, language, social links, legal pages, feed content; admins
//! only). One module per screen; this one keeps what both read: the posted rows, the
//! checks of links and the `?done=` query. Saving is one store transaction with change-log
//! and audit entries; this node drops its cached pages at once and the others follow the
//! change log.

mod menu;
mod settings;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use super::CsrfForm;
use gazette_web::AppState;

pub(super) const MAX_URL: usize = 2000;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/menu", get(menu::menu_page).post(menu::menu_post))
        .route(
            "/admin/settings",
            get(settings::settings_page).post(settings::settings_post),
        )
}

/// A posted form with numbered fields (`label_3`), kept as its pairs.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct PairsForm(Vec<(String, String)>);

impl CsrfForm for PairsForm {
    fn csrf(&self) -> &str {
        self.get("csrf")
    }
}

impl PairsForm {
    pub(super) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// `field_N` values by row number N.
    pub(super) fn rows(&self, fields: &[&str]) -> BTreeMap<usize, BTreeMap<String, String>> {
        let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (k, v) in &self.0 {
            let Some((field, n)) = k.rsplit_once('_') else {
                continue;
            };
            if let (true, Ok(n)) = (fields.contains(&field), n.parse::<usize>()) {
                rows.entry(n)
                    .or_default()
                    .insert(field.to_owned(), v.clone());
            }
        }
        rows
    }
}

pub(super) fn bad_text(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\'))
}

/// `Ok` for an `http(s)://host…` address.
pub(super) fn check_web_address(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(format!(
            "`{url}` is not a web address; use one starting with https:// (or http://)"
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err(format!("`{url}` has no valid host name after the scheme"));
    }
    if bad_text(url) || url.len() > MAX_URL {
        return Err(format!(
            "`{url}` contains spaces or characters not allowed in a link, or is too long"
        ));
    }
    Ok(())
}

/// An option of a select (a category, a page).
#[derive(Serialize)]
pub(super) struct Choice {
    pub(super) value: String,
    pub(super) label: String,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub(super) done: Option<String>,
}
