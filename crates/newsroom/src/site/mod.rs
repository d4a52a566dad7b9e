//! `/admin/menu` and `/admin/settings`: the site's navigation menu (rows of label and
//! target, nested one level; editors and admins) and the rest of the site settings (name,
//! tagline, about, contact, language, social links, legal pages, feed content; admins
//! only). One module per screen; this one keeps what both use: the checks of links, the
//! select options and the `?done=` query. Saving is one store transaction with change-log
//! and audit entries; this node drops its cached pages at once and the others follow the
//! change log.

mod menu;
mod settings;

use gazette_core::permissions::{Action, Ownership};
use gazette_core::problem::Problem;
use gazette_web::i18n::keys;
use serde::Serialize;

use crate::DoneQuery;
use crate::table::Routes;

pub(super) const MAX_URL: usize = gazette_core::limits::URL_MAX;

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::{ManageMenu, ManageSettings};
    use Ownership::Other;
    r.get("/admin/menu", ManageMenu, Other, menu::menu_page)
        .post("/admin/menu", ManageMenu, Other, menu::menu_post)
        .get(
            "/admin/settings",
            ManageSettings,
            Other,
            settings::settings_page,
        )
        .post(
            "/admin/settings",
            ManageSettings,
            Other,
            settings::settings_post,
        )
}

pub(super) fn bad_text(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\'))
}

/// `Ok` for an `http(s)://host…` address; else why not, as a refusal naming the address.
pub(super) fn check_web_address(url: &str) -> Result<(), Problem> {
    let refused = |key| Err(Problem::new(key).text("value", url));
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return refused(keys::PROBLEM_URL_SCHEME);
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return refused(keys::PROBLEM_URL_HOST);
    }
    if bad_text(url) || url.len() > MAX_URL {
        return refused(keys::PROBLEM_URL_CHARS);
    }
    Ok(())
}

/// An option of a select (a category, a page).
#[derive(Serialize)]
pub(super) struct Choice {
    pub(super) value: String,
    pub(super) label: String,
}
