//! The article editor: one server-rendered form for new and existing articles (works
//! without JS), its status buttons by role, live preview, autosave, corrections and
//! deletion. Every handler checks the role against the article's ownership on the server.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::editorial;
use gazette_core::model::{CreditRole, Kind, Status};
use gazette_core::permissions::{Action, Ownership};
use gazette_core::workflow::transition_allowed;
use gazette_store::{ArticleInput, EditableArticle, StoreError};
use serde::Serialize;

use super::form::{self, FieldError};
use super::{Opt, action_for, done_notice, when};
use crate::id::Id;
use crate::staff_request::Staff;
use crate::words::Words;
use crate::{DoneQuery, Screen, see_other};
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::keys;

#[derive(Serialize)]
struct VersionName {
    language: String,
    language_name: String,
}

#[derive(Serialize)]
struct MediaOpt {
    id: i64,
    label: String,
    thumb: String,
    featured: bool,
    social: bool,
}

#[derive(Serialize)]
struct Button {
    intent: &'static str,
    label: &'static str,
    primary: bool,
}

/// The form's values as text, so a refused form comes back as it was typed.
#[derive(Serialize, Default)]
struct Values {
    title: String,
    subtitle: String,
    slug: String,
    excerpt: String,
    body: String,
    tags: String,
    language: String,
    kind: String,
    source_outlet: String,
    source_url: String,
    source_language: String,
    meta_description: String,
    assignment_note: String,
    publish_at: String,
}

#[derive(Serialize)]
struct EditorPage {
    is_new: bool,
    id: i64,
    status: &'static str,
    action: String,
    public_url: String,
    published: String,
    values: Values,
    errors: Vec<FieldError>,
    categories: Vec<Opt>,
    authors: Vec<Opt>,
    translators: Vec<Opt>,
    staff: Vec<Opt>,
    kinds: Vec<Opt>,
    languages: Vec<crate::languages::LanguageOpt>,
    /// The story's other versions, for the link to the translations screen.
    versions: Vec<VersionName>,
    media: Vec<MediaOpt>,
    buttons: Vec<Button>,
    can_save: bool,
    can_schedule: bool,
    can_correct: bool,
    can_delete: bool,
    /// In the trash: the editor offers restore and delete forever instead of saving.
    trashed: bool,
    corrections: Vec<(String, String)>,
    autosave_newer: Option<String>,
    /// The desk item the article was made from, shown beside the editor.
    original: Option<super::original::Original>,
}

fn values_of(input: &ArticleInput, publish_at: &str) -> Values {
    Values {
        title: input.title.clone(),
        subtitle: input.subtitle.clone(),
        slug: input.slug.clone(),
        excerpt: input.excerpt.clone(),
        body: input.body_markdown.clone(),
        tags: input.tags.join(", "),
        language: input.language.clone(),
        kind: input.kind.as_str().to_owned(),
        source_outlet: input.source_outlet.clone(),
        source_url: input.source_url.clone(),
        source_language: input.source_language.clone(),
        meta_description: input.meta_description.clone(),
        assignment_note: input.assignment_note.clone(),
        publish_at: publish_at.to_owned(),
    }
}

/// `YYYY-MM-DDTHH:MM` in UTC, what a datetime-local input shows.
fn local_input(t: i64) -> String {
    when(t)
        .replace(' ', "T")
        .trim_end_matches("TUTC")
        .to_owned()
}

pub(super) fn ownership(user: &CurrentUser, article: Option<&EditableArticle>) -> Ownership {
    editorial::ownership(article.map(|a| a.owned_by(user.user.id)))
}

/// Whether the user may change the article's text (core's rule, which the API shares).
pub(super) fn can_save(user: &CurrentUser, status: Status, own: Ownership) -> bool {
    editorial::can_save(user.user.role, status, own)
}

fn buttons(user: &CurrentUser, status: Status, own: Ownership, is_new: bool) -> Vec<Button> {
    let mut out = Vec::new();
    if is_new || can_save(user, status, own) {
        out.push(Button {
            intent: "save",
            label: match status {
                Status::Draft | Status::Review => keys::BUTTON_SAVE_DRAFT,
                Status::Published => keys::BUTTON_UPDATE,
                _ => keys::BUTTON_SAVE,
            },
            primary: false,
        });
    }
    let moves: [(Status, &str, &'static str); 5] = [
        (Status::Review, "review", keys::BUTTON_REVIEW),
        (Status::Published, "publish", keys::BUTTON_PUBLISH),
        (Status::Scheduled, "schedule", keys::BUTTON_SCHEDULE),
        (Status::Unpublished, "unpublish", keys::BUTTON_UNPUBLISH),
        (Status::Draft, "draft", keys::BUTTON_DRAFT),
    ];
    for (to, intent, label) in moves {
        let possible = if is_new {
            matches!(to, Status::Review | Status::Published | Status::Scheduled)
        } else {
            transition_allowed(status, to)
        };
        if possible && user.can(action_for(status, to), own) {
            out.push(Button {
                intent,
                label: if to == Status::Scheduled && status == Status::Scheduled {
                    keys::BUTTON_RESCHEDULE
                } else if to == Status::Published && status == Status::Unpublished {
                    keys::BUTTON_PUBLISH_AGAIN
                } else {
                    label
                },
                primary: matches!(to, Status::Published | Status::Review),
            });
        }
    }
    out
}

/// What the editor form shows: the article (none for a new one), the values and the errors.
pub(super) struct Form<'a> {
    pub(super) article: Option<&'a EditableArticle>,
    pub(super) input: &'a ArticleInput,
    pub(super) publish_at: &'a str,
    pub(super) errors: Vec<FieldError>,
}

pub(super) async fn render(
    app: &AppState,
    user: &CurrentUser,
    form: Form<'_>,
    status_code: StatusCode,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let Form {
        article,
        input,
        publish_at,
        errors,
    } = form;
    // Refusals with a catalogue form are said in the screen's language.
    let words = Words::of(app, user).await?;
    let errors: Vec<FieldError> = errors
        .into_iter()
        .map(|mut e| {
            if let Some(p) = &e.problem {
                e.message = words.problem(p);
            }
            e
        })
        .collect();
    let is_new = article.is_none();
    let status = article.map_or(Status::Draft, |a| a.status);
    let own = ownership(user, article);
    let path = article.map_or_else(
        || "/admin/articles/new".to_owned(),
        |a| format!("/admin/articles/{}/edit", a.id),
    );
    let data = async {
        let categories = super::category_options(app, input.category_id).await?;
        let author_rows = app.store.author_choices().await?;
        let credited = |role: CreditRole| {
            super::author_options(&author_rows, |id| input.credits.contains(&(id, role)))
        };
        let authors = credited(CreditRole::Author);
        let translators = credited(CreditRole::Translator);
        let staff = app
            .store
            .staff_choices()
            .await?
            .into_iter()
            .map(|u| Opt {
                selected: input.assigned_to == Some(u.id),
                value: u.id.to_string(),
                label: format!("{} ({})", u.label, u.extra),
            })
            .collect();
        let media = app
            .store
            .media_choices(60)
            .await?
            .into_iter()
            .map(|m| MediaOpt {
                featured: input.featured_media_id == Some(m.id),
                social: input.social_media_id == Some(m.id),
                label: if m.alt.is_empty() {
                    m.path.rsplit('/').next().unwrap_or(&m.path).to_owned()
                } else {
                    m.alt.clone()
                },
                thumb: format!("/media/{}", m.path),
                id: m.id,
            })
            .collect();
        let autosave_newer = match article {
            Some(a) => app
                .store
                .revisions(a.id)
                .await?
                .first()
                .filter(|r| r.autosave == 1 && r.at >= a.modified_at)
                .map(|r| when(r.at)),
            None => None,
        };
        let settings = app.store.settings().await?;
        let languages = crate::languages::options(&settings, &input.language);
        let versions = match article {
            Some(a) => app
                .store
                .story_versions(a.id)
                .await?
                .into_iter()
                .filter(|v| v.id != a.id)
                .map(|v| VersionName {
                    language_name: gazette_core::lang::native_name(&v.language),
                    language: v.language,
                })
                .collect(),
            None => Vec::new(),
        };
        Ok::<_, WebError>(EditorPage {
            is_new,
            languages,
            versions,
            id: article.map_or(0, |a| a.id),
            status: status.as_str(),
            action: article.map_or_else(
                || "/admin/articles".to_owned(),
                |a| format!("/admin/articles/{}", a.id),
            ),
            public_url: gazette_core::urls::article_path(&input.slug),
            published: article
                .and_then(|a| a.published_at)
                .map(when)
                .unwrap_or_default(),
            values: values_of(input, publish_at),
            errors,
            categories,
            authors,
            translators,
            staff,
            kinds: Kind::ALL
                .iter()
                .map(|k| Opt {
                    value: k.as_str().to_owned(),
                    label: k.as_str().to_owned(),
                    selected: *k == input.kind,
                })
                .collect(),
            media,
            can_schedule: buttons(user, status, own, is_new)
                .iter()
                .any(|b| b.intent == "schedule"),
            buttons: buttons(user, status, own, is_new),
            can_save: is_new || can_save(user, status, own),
            can_correct: status == Status::Published && user.can(Action::AddCorrection, own),
            can_delete: !is_new && user.can(Action::Delete, own),
            trashed: status == Status::Trashed,
            corrections: article
                .map(|a| {
                    a.corrections
                        .iter()
                        .map(|(t, text)| (when(*t), text.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            autosave_newer,
            original: match article {
                Some(a) => super::original::of_article(app, a.id).await?,
                None => None,
            },
        })
    }
    .await;
    match data {
        Ok(data) => {
            let title = if is_new {
                keys::NEW_ARTICLE
            } else {
                keys::EDIT_ARTICLE
            };
            Screen::keyed("admin/article_edit.html", &path, title)
                .render(app, user, status_code, notice, data)
                .await
        }
        Err(e) => Err(e),
    }
}

/// `GET /admin/articles/new`
pub async fn new_page(Staff { app, user }: Staff) -> Result<Response, WebError> {
    // A new article is in the site's main language until the writer chooses another.
    let input = ArticleInput {
        language: app.store.settings().await?.language,
        ..ArticleInput::default()
    };
    let form = Form {
        article: None,
        input: &input,
        publish_at: "",
        errors: Vec::new(),
    };
    render(&app, &user, form, StatusCode::OK, None).await
}

/// Loads article `id` or answers 404.
pub(super) async fn load(app: &AppState, id: i64) -> Result<EditableArticle, WebError> {
    match app.store.editable_article(id).await {
        Ok(Some(a)) => Ok(a),
        Ok(None) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Loads article `id` (404 if there is none) for an action the user must be allowed on it,
/// as their own piece or someone else's (403 otherwise).
pub(super) async fn load_allowed(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
    action: Action,
) -> Result<EditableArticle, WebError> {
    let article = load(app, id).await?;
    user.require(action, ownership(user, Some(&article)))?;
    Ok(article)
}

/// `GET /admin/articles/{id}/edit`
pub async fn edit_page(
    Staff { app, user }: Staff,
    Id(id): Id,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let article = load_allowed(&app, &user, id, Action::Edit).await?;
    let publish_at = match (article.status, article.published_at) {
        (Status::Scheduled, Some(t)) => local_input(t),
        _ => String::new(),
    };
    let form = Form {
        article: Some(&article),
        input: &article.input,
        publish_at: &publish_at,
        errors: Vec::new(),
    };
    render(
        &app,
        &user,
        form,
        StatusCode::OK,
        done_notice(q.done.as_deref().unwrap_or_default()),
    )
    .await
}

/// The status a submit button asks for (`None`: only save).
fn intent(posted: &Fields) -> Result<Option<Status>, FieldError> {
    Ok(match posted.get("intent") {
        "" | "save" => None,
        "review" => Some(Status::Review),
        "publish" => Some(Status::Published),
        "schedule" => Some(Status::Scheduled),
        "unpublish" => Some(Status::Unpublished),
        "draft" => Some(Status::Draft),
        other => {
            return Err(FieldError {
                over_limit: false,
                problem: None,
                field: "intent",
                message: format!("`{other}` is not something this form can do."),
            });
        }
    })
}

fn done_code(to: Option<Status>, created: bool) -> &'static str {
    match to {
        None if created => "created",
        None => "saved",
        Some(Status::Review) => "review",
        Some(Status::Published) => "published",
        Some(Status::Scheduled) => "scheduled",
        Some(Status::Unpublished) => "unpublished",
        Some(Status::Draft) => "draft",
        Some(Status::Trashed) => "trashed",
    }
}

/// A store refusal as a message on the form, or `None` when it is not the user's doing.
pub(super) fn store_refusal(e: &StoreError) -> Option<FieldError> {
    match e {
        StoreError::Invalid { field, message, .. } => Some(FieldError {
            over_limit: false,
            problem: None,
            field,
            message: format!("{}: {message}.", capitalise(field)),
        }),
        StoreError::Duplicate { field, value, .. } => Some(FieldError::because(
            field,
            format!(
                "The address (slug) `{value}` is already used by another article or page; choose another."
            ),
            gazette_core::problem::Problem::new("problem-slug-taken").text("value", value.clone()),
        )),
        _ => None,
    }
}

/// A field's name as a label: `source_url` → "Source url".
fn capitalise(s: &str) -> String {
    gazette_core::text::capitalize(s).replace('_', " ")
}

/// Shared by create and save: checks, then writes in one transaction, then redirects.
async fn submit(
    app: &AppState,
    user: &CurrentUser,
    article: Option<&EditableArticle>,
    posted: &Fields,
) -> Result<Response, WebError> {
    let own = ownership(user, article);
    let current = article.map(|a| a.status);
    // The same decisions as the Admin API's (core::editorial): permission first (403)...
    let to = intent(posted);
    let forbidden = |action| gazette_web::auth::Forbidden {
        role: user.user.role,
        action,
    };
    editorial::save_permission(user.user.role, current, own, None).map_err(forbidden)?;
    let (input, mut errors) = form::read_article(posted);
    let to = match to {
        Ok(to) => to,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let mut publish_at = None;
    if let Some(to) = to {
        editorial::save_permission(user.user.role, current, own, Some(to)).map_err(forbidden)?;
        // ...then the workflow and the publication time, reported on the form.
        let requested = if to == Status::Scheduled {
            match form::read_publish_at(posted) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        } else {
            None
        };
        let read_failed = to == Status::Scheduled && requested.is_none();
        let problems = editorial::move_problems(current, to, requested, now());
        errors.extend(
            problems
                .into_iter()
                .filter(|p| !(read_failed && p.field == "publish_at")),
        );
        publish_at = requested;
    }
    let (input_ref, posted_ref) = (&input, &posted);
    let refused = |errors: Vec<FieldError>| async move {
        let form = Form {
            article,
            input: input_ref,
            publish_at: posted_ref.get("publish_at"),
            errors,
        };
        render(app, user, form, StatusCode::BAD_REQUEST, None).await
    };
    if !errors.is_empty() {
        return refused(errors).await;
    }
    let then = to.map(|s| (s, publish_at));
    let at = now();
    let result = match article {
        None => {
            app.store
                .create_draft(&input, then, at, &user.actor())
                .await
        }
        Some(a) => app
            .store
            .update_article(a.id, &input, then, at, &user.actor())
            .await
            .map(|()| a.id),
    };
    match result {
        Ok(id) => see_other(&format!(
            "/admin/articles/{id}/edit?done={}",
            done_code(to, article.is_none())
        )),
        Err(e) => match store_refusal(&e) {
            Some(fe) => refused(vec![fe]).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /admin/articles`: creates the article (and moves it on, by the button pressed).
pub async fn create(
    Staff { app, user }: Staff,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    submit(&app, &user, None, &posted).await
}

/// `POST /admin/articles/{id}`: saves (and moves on, by the button pressed).
pub async fn save(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let article = load(&app, id).await?;
    submit(&app, &user, Some(&article), &posted).await
}
