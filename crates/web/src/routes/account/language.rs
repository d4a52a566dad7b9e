//! `POST /account/language`: a staff member picks the language they read the newsroom in
//! (one of the theme's catalogues, or empty for the site's default), from the menu under
//! their name on every newsroom screen; they land back on the screen they came from.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::form::CsrfForm;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LanguageForm {
    /// Not `language`, which the newsroom's forms use for an article's language.
    #[serde(default)]
    ui_language: String,
    /// The newsroom path to go back to.
    #[serde(default)]
    back: String,
}

/// Where to go after saving: the newsroom screen the form was on, never another site.
fn back_to(back: &str) -> &str {
    let inside = back.starts_with("/admin")
        && !back.contains("//")
        && !back.contains('\\')
        && back.chars().all(|c| c.is_ascii_graphic());
    if inside { back } else { "/admin" }
}

pub async fn set_language(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<Response, WebError> {
    let language = form.ui_language.trim();
    let chosen = if language.is_empty() {
        None
    } else if app.theme.catalogues.languages().any(|l| l == language) {
        Some(language)
    } else {
        let offered: Vec<&str> = app.theme.catalogues.languages().collect();
        return Err(WebError::BadRequest(format!(
            "The newsroom has no language `{}`; choose one of {}, or the site's default.",
            language.chars().take(40).collect::<String>(),
            offered.join(", ")
        )));
    };
    app.store.set_ui_language(user.user.id, chosen).await?;
    Ok(Redirect::to(back_to(&form.back)).into_response())
}

#[cfg(test)]
mod tests {
    use super::back_to;

    #[test]
    fn only_newsroom_paths_are_returned_to() {
        assert_eq!(back_to("/admin/articles?page=2"), "/admin/articles?page=2");
        for bad in [
            "https://evil.example/admin",
            "//evil.example",
            "/admin//x",
            "/account",
            "",
            "/admin\\..",
            "/admin/\u{202e}",
        ] {
            assert_eq!(back_to(bad), "/admin", "{bad}");
        }
    }
}
