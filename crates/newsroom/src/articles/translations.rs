//! `/admin/articles/{id}/translations`: the versions of an article's story in other
//! languages. Staff see every version (with its status), start a translation into one of
//! the site's languages (a draft linked to this article, language set), say "this is a
//! translation of …" by searching the original by title, and unlink. The store holds the
//! rule of one version per language per story and names the version in the way.
//!
//! Starting a translation makes a new draft of one's own, so it needs the right to write
//! drafts (translators have it); linking and unlinking change this article, so they need
//! the right to edit it.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::lang::native_name;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::{EditableArticle, StoreError};
use serde::{Deserialize, Serialize};

use super::editor::{load, load_allowed, ownership};
use crate::button::Button;
use crate::id::Id;
use crate::languages::{self, LanguageOpt};
use crate::staff_request::Staff;
use crate::words::Words;
use crate::{Screen, changed, gone};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::keys;

/// How many articles a title search offers.
const CANDIDATES: i64 = 20;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TranslationsQuery {
    /// Words of the original's title (or its slug), to link this article to it.
    q: String,
    done: String,
}

#[derive(Serialize)]
struct VersionView {
    id: i64,
    language: String,
    language_name: String,
    title: String,
    status: &'static str,
    edit_url: String,
    is_this: bool,
    is_original: bool,
}

#[derive(Serialize)]
struct CandidateView {
    id: i64,
    title: String,
    language_name: String,
    status: &'static str,
    slug: String,
}

#[derive(Serialize)]
struct TranslationsPage {
    id: i64,
    title: String,
    language_name: String,
    versions: Vec<VersionView>,
    /// The site's languages the story has no version in yet.
    missing: Vec<LanguageOpt>,
    q: String,
    candidates: Vec<CandidateView>,
    searched: bool,
    error: Option<String>,
    can_link: bool,
    can_start: bool,
}

fn notice(done: &str) -> Option<String> {
    Some(
        match done {
            "linked" => keys::NOTICE_TRANSLATION_LINKED,
            "unlinked" => keys::NOTICE_TRANSLATION_UNLINKED,
            _ => return None,
        }
        .to_owned(),
    )
}

async fn render(
    app: &AppState,
    user: &CurrentUser,
    article: &EditableArticle,
    q: &TranslationsQuery,
    error: Option<String>,
) -> Result<Response, WebError> {
    let id = article.id;
    let versions = app.store.story_versions(id).await?;
    let settings = app.store.settings().await?;
    let present: Vec<&str> = if versions.is_empty() {
        vec![article.input.language.as_str()]
    } else {
        versions.iter().map(|v| v.language.as_str()).collect()
    };
    let missing = languages::options(&settings, "")
        .into_iter()
        .filter(|o| !present.contains(&o.value.as_str()))
        .collect();
    let candidates = app
        .store
        .translation_candidates(&q.q, id, CANDIDATES)
        .await?
        .into_iter()
        .map(|v| CandidateView {
            id: v.id,
            language_name: native_name(&v.language),
            status: v.status.as_str(),
            slug: v.slug,
            title: v.title,
        })
        .collect();
    let own = ownership(user, Some(article));
    let data = TranslationsPage {
        id,
        title: article.input.title.clone(),
        language_name: native_name(&article.input.language),
        versions: versions
            .into_iter()
            .map(|v| VersionView {
                is_this: v.id == id,
                is_original: v.is_original(),
                edit_url: format!("/admin/articles/{}/edit", v.id),
                language_name: native_name(&v.language),
                status: v.status.as_str(),
                language: v.language,
                title: v.title,
                id: v.id,
            })
            .collect(),
        missing,
        q: q.q.clone(),
        candidates,
        searched: !q.q.trim().is_empty(),
        can_link: user.can(Action::Edit, own),
        can_start: user.can(Action::CreateDraft, Ownership::Own),
        error: error.clone(),
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let path = format!("/admin/articles/{id}/translations");
    Screen::keyed("admin/article_translations.html", &path, keys::TRANSLATIONS)
        .render(app, user, status, notice(&q.done), data)
        .await
}

/// `GET /admin/articles/{id}/translations[?q=words]`
pub async fn page(
    Staff { app, user }: Staff,
    Id(id): Id,
    Query(q): Query<TranslationsQuery>,
) -> Result<Response, WebError> {
    let article = load(&app, id).await?;
    user.require(Action::CreateDraft, Ownership::Own)?;
    render(&app, &user, &article, &q, None).await
}

/// A refusal the store explains (a language taken, an article linked to itself, the chosen
/// original gone) shown on the screen; anything else is an error page.
async fn refused(
    app: &AppState,
    user: &CurrentUser,
    article: &EditableArticle,
    e: StoreError,
) -> Result<Response, WebError> {
    let message = match e {
        StoreError::Invalid { message, .. } => format!("{message}."),
        StoreError::Missing { .. } => Words::of(app, user).await?.t(keys::PROBLEM_ORIGINAL_GONE),
        e => return Err(gone(e)),
    };
    render(
        app,
        user,
        article,
        &TranslationsQuery::default(),
        Some(message),
    )
    .await
}

/// After a write: on to `to` (readers' pages list versions, so the cache empties), or the
/// screen again with the store's refusal.
async fn finish(
    app: &AppState,
    user: &CurrentUser,
    article: &EditableArticle,
    result: Result<String, StoreError>,
) -> Result<Response, WebError> {
    match result {
        Ok(to) => changed(app, &to).await,
        Err(e) => refused(app, user, article, e).await,
    }
}

/// `POST /admin/articles/{id}/translations/link` with `original` (an article id).
pub async fn link(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let article = load_allowed(&app, &user, id, Action::Edit).await?;
    let Ok(original) = posted.get("original").trim().parse::<i64>() else {
        let message = Words::of(&app, &user)
            .await?
            .t(keys::PROBLEM_CHOOSE_ORIGINAL);
        let q = TranslationsQuery::default();
        return render(&app, &user, &article, &q, Some(message)).await;
    };
    let result = app
        .store
        .link_translation(id, original, now(), &user.actor())
        .await
        .map(|()| format!("/admin/articles/{id}/translations?done=linked"));
    finish(&app, &user, &article, result).await
}

/// `POST /admin/articles/{id}/translations/unlink`
pub async fn unlink(Button { app, user, id }: Button) -> Result<Response, WebError> {
    let article = load_allowed(&app, &user, id, Action::Edit).await?;
    let result = app
        .store
        .unlink_translation(id, now(), &user.actor())
        .await
        .map(|()| format!("/admin/articles/{id}/translations?done=unlinked"));
    finish(&app, &user, &article, result).await
}

/// `POST /admin/articles/{id}/translations/new` with `language`: a draft translation,
/// opened in the editor.
pub async fn start(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let article = load(&app, id).await?;
    user.require(Action::CreateDraft, Ownership::Own)?;
    let language = posted.get("language").trim().to_owned();
    let result = app
        .store
        .create_translation(id, &language, now(), &user.actor())
        .await
        .map(|new_id| format!("/admin/articles/{new_id}/edit?done=created"));
    finish(&app, &user, &article, result).await
}
