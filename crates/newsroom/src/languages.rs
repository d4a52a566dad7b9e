//! The language choice both editors (articles and pages) and the translations screen offer:
//! the site's languages (its settings), each named in itself, with the current value kept
//! even when the site no longer lists it (an imported article in another language must not
//! silently change language when it is saved).

use gazette_core::lang::native_name;
use gazette_core::model::SiteSettings;
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct LanguageOpt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The options of a language `<select>` with `current` selected.
pub(crate) fn options(settings: &SiteSettings, current: &str) -> Vec<LanguageOpt> {
    let mut codes = settings.all_languages();
    if !current.is_empty() && !codes.iter().any(|c| c == current) {
        codes.push(current.to_owned());
    }
    codes
        .into_iter()
        .map(|code| LanguageOpt {
            label: format!("{} ({code})", native_name(&code)),
            selected: code == current,
            value: code,
        })
        .collect()
}
