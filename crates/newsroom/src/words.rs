//! The words a newsroom handler puts on a screen itself (notices, refusals, labels built in
//! Rust), in the staff member's interface language: their own choice, else the site's
//! language, else English. Templates translate with `t()`; this is the same catalogue for
//! the strings a handler composes before rendering.

use gazette_web::i18n::{Arg, Catalogues};
use gazette_web::{AppState, WebError, auth::CurrentUser};

/// The catalogues and the language a screen is shown in.
pub(crate) struct Words<'a> {
    cats: &'a Catalogues,
    lang: String,
}

impl<'a> Words<'a> {
    /// The words for `user`'s screens.
    pub(crate) async fn of(app: &'a AppState, user: &CurrentUser) -> Result<Words<'a>, WebError> {
        let site = app.site().await?;
        let cats = &app.theme.catalogues;
        let lang =
            cats.interface_language(&[user.user.ui_language.as_deref(), Some(&site.language)]);
        Ok(Words { cats, lang })
    }

    /// The message `key`.
    pub(crate) fn t(&self, key: &str) -> String {
        self.cats.text(&self.lang, key)
    }

    /// The message `key` with its arguments.
    pub(crate) fn t_with(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.cats.text_with(&self.lang, key, args)
    }

    /// A refusal from the core, with its words and inner refusals.
    pub(crate) fn problem(&self, problem: &gazette_core::problem::Problem) -> String {
        self.cats.problem(&self.lang, problem)
    }

    /// A text argument.
    pub(crate) fn text(s: &str) -> Arg<'_> {
        Arg::Text(s)
    }
}
