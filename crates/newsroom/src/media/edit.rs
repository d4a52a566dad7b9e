//! One picture's page: its alt text, caption and credit, where it is used, the Markdown to
//! insert it, and its deletion (refused while something uses it).

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::model::Media;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::{Deletion, MediaEntry};
use serde::{Deserialize, Serialize};

use super::super::{DoneQuery, Screen, gone, see_other};
use super::{Item, MAX_ALT, item, ownership, remove_files};
use crate::button::Button;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::CurrentUser;
use gazette_web::form::CsrfForm;
use gazette_web::i18n::{Arg, keys};
use gazette_web::view::{image, media_url};

pub(crate) const MAX_CAPTION: usize = gazette_core::limits::MEDIA_CAPTION_MAX;
pub(crate) const MAX_CREDIT: usize = gazette_core::limits::MEDIA_CREDIT_MAX;

pub(super) fn routes(r: Routes) -> Routes {
    use Action::ManageMedia as Manage;
    use Ownership::Own;
    r.get("/admin/media/{id}", Manage, Own, edit_page)
        .post("/admin/media/{id}", Manage, Own, edit_save)
        .post("/admin/media/{id}/delete", Manage, Own, delete)
}

#[derive(Deserialize)]
struct EditForm {
    /// Defaulted so a missing token is refused like a wrong one (403), not as unreadable.
    #[serde(default)]
    alt: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

#[derive(Serialize)]
struct Usage {
    /// "Article “…”" or "Page “…”", in the screen's language.
    label: String,
    /// Where it is used (featured image, social image, body), in the screen's language.
    how: String,
    url: String,
}

#[derive(Serialize, Default)]
struct FormValues {
    alt: String,
    caption: String,
    credit: String,
}

#[derive(Serialize, Default)]
struct FieldErrors {
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
}

#[derive(Serialize)]
struct EditPage {
    item: Item,
    picture: gazette_web::view::Image,
    form: FormValues,
    errors: FieldErrors,
    usages: Vec<Usage>,
    snippet: String,
    can_edit: bool,
    /// Set when a delete was refused: the sentence saying where the picture is used.
    delete_refused: Option<String>,
}

/// `![alt](/media/path)` with the characters that would end the alt text escaped.
fn markdown_snippet(m: &Media) -> String {
    let alt: String = m
        .alt
        .chars()
        .flat_map(|c| match c {
            '[' | ']' | '\\' => vec!['\\', c],
            '\n' | '\r' => vec![' '],
            c => vec![c],
        })
        .collect();
    format!("![{alt}]({})", media_url(m, 0))
}

fn usage_view(words: &Words<'_>, u: &gazette_store::MediaUsage) -> Usage {
    let (kind, url) = match u.kind {
        "page" => (keys::MEDIA_USED_PAGE, format!("/admin/pages/{}", u.id)),
        "site" => (keys::MEDIA_USED_SITE, "/admin/settings".to_owned()),
        _ => (
            keys::MEDIA_USED_ARTICLE,
            format!("/admin/articles/{}", u.id),
        ),
    };
    let how = match u.how {
        "featured image" => keys::MEDIA_USED_FEATURED,
        "social image" => keys::MEDIA_USED_SOCIAL,
        _ => keys::MEDIA_USED_BODY,
    };
    Usage {
        label: words.t_with(kind, &[("title", Words::text(&u.title))]),
        how: words.t(how),
        url,
    }
}

struct EditState {
    form: Option<FormValues>,
    errors: FieldErrors,
    delete_refused: Option<String>,
}

async fn render_edit(
    app: &AppState,
    user: &CurrentUser,
    entry: &MediaEntry,
    status: StatusCode,
    notice: Option<String>,
    state: EditState,
) -> Result<Response, WebError> {
    let path = format!("/admin/media/{}", entry.media.id);
    let usages = app
        .store
        .media_usages(entry.media.id)
        .await
        .map_err(WebError::Store)?;
    let m = &entry.media;
    let form = state.form.unwrap_or_else(|| FormValues {
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
    });
    let item = item(user, entry);
    let words = Words::of(app, user).await?;
    let usages = usages.iter().map(|u| usage_view(&words, u)).collect();
    let title = item.name.clone();
    Screen::new("admin/media_edit.html", &path, &title)
        .render(
            app,
            user,
            status,
            notice,
            EditPage {
                can_edit: item.can_edit,
                item,
                picture: image(m, "(min-width: 60rem) 40rem, 100vw"),
                form,
                errors: state.errors,
                usages,
                snippet: markdown_snippet(m),
                delete_refused: state.delete_refused,
            },
        )
        .await
}

/// The entry `id`, or the 404 page.
async fn find(app: &AppState, id: i64) -> Result<MediaEntry, WebError> {
    app.store.media_entry(id).await?.ok_or(WebError::NotFound)
}

/// The entry `id` if `user` may change it (their own, or anyone's for editors and admins).
async fn find_allowed(app: &AppState, user: &CurrentUser, id: i64) -> Result<MediaEntry, WebError> {
    let entry = find(app, id).await?;
    user.require(Action::ManageMedia, ownership(user, &entry))?;
    Ok(entry)
}

async fn edit_page(
    Staff { app, user }: Staff,
    Id(id): Id,
    done: Result<Query<DoneQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let entry = find(&app, id).await?;
    let notice = match done.ok().and_then(|Query(d)| d.done).as_deref() {
        Some("uploaded") => Some(keys::NOTICE_MEDIA_UPLOADED_ONE.to_owned()),
        Some("saved") => Some(keys::NOTICE_SAVED.to_owned()),
        _ => None,
    };
    render_edit(
        &app,
        &user,
        &entry,
        StatusCode::OK,
        notice,
        EditState {
            form: None,
            errors: FieldErrors::default(),
            delete_refused: None,
        },
    )
    .await
}

/// Why a text of a picture is refused: too long, or with control characters.
pub(crate) enum TextProblem {
    TooLong { len: usize, max: usize },
    Control,
}

impl TextProblem {
    /// The refusal in English, naming the field (the Admin API's words).
    pub(crate) fn english(&self, label: &str) -> String {
        match self {
            TextProblem::TooLong { len, max } => {
                format!("{label} is {len} characters long; keep it to {max} or fewer.")
            }
            TextProblem::Control => {
                format!("{label} contains invisible control characters; retype it without them.")
            }
        }
    }

    /// The refusal in the screen's language; `label` is the field's name in it.
    fn say(&self, words: &Words<'_>, label: &str) -> String {
        match self {
            TextProblem::TooLong { len, max } => words.t_with(
                keys::PROBLEM_TEXT_TOO_LONG,
                &[
                    ("field", Words::text(label)),
                    ("len", Arg::Number(*len as f64)),
                    ("max", Arg::Number(*max as f64)),
                ],
            ),
            TextProblem::Control => {
                words.t_with(keys::PROBLEM_TEXT_CONTROL, &[("field", Words::text(label))])
            }
        }
    }
}

/// Checks one text field: length and no control characters except line breaks; the
/// Admin API checks alt text, captions and credits here too.
pub(crate) fn text_problem(value: &str, max: usize) -> Option<TextProblem> {
    let len = value.chars().count();
    if len > max {
        return Some(TextProblem::TooLong { len, max });
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Some(TextProblem::Control);
    }
    None
}

/// [`text_problem`] in English, naming the field `label`.
pub(crate) fn check_text(label: &str, value: &str, max: usize) -> Option<String> {
    text_problem(value, max).map(|p| p.english(label))
}

async fn edit_save(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let entry = find_allowed(&app, &user, id).await?;
    let values = FormValues {
        alt: form.alt.trim().to_owned(),
        caption: form.caption.trim().to_owned(),
        credit: form.credit.trim().to_owned(),
    };
    let words = Words::of(&app, &user).await?;
    let say = |label: &str, value: &str, max: usize| {
        text_problem(value, max).map(|p| p.say(&words, &words.t(label)))
    };
    let errors = FieldErrors {
        alt: say(keys::ALT_TEXT, &values.alt, MAX_ALT),
        caption: say(keys::MEDIA_CAPTION, &values.caption, MAX_CAPTION),
        credit: say(keys::MEDIA_CREDIT, &values.credit, MAX_CREDIT),
    };
    if errors.alt.is_some() || errors.caption.is_some() || errors.credit.is_some() {
        return render_edit(
            &app,
            &user,
            &entry,
            StatusCode::BAD_REQUEST,
            None,
            EditState {
                form: Some(values),
                errors,
                delete_refused: None,
            },
        )
        .await;
    }
    if let Err(e) = app
        .store
        .update_media_text(
            entry.media.id,
            &values.alt,
            &values.caption,
            &values.credit,
            &user.actor(),
        )
        .await
    {
        return Err(WebError::Store(e));
    }
    see_other(&format!("/admin/media/{}?done=saved", entry.media.id))
}

async fn delete(Button { app, user, id }: Button) -> Result<Response, WebError> {
    let entry = find_allowed(&app, &user, id).await?;
    match app.store.delete_media(entry.media.id, &user.actor()).await {
        Ok(Deletion::Deleted(m)) => {
            // The row is gone; files that cannot be removed only waste space.
            remove_files(
                &app,
                &m.path,
                &m.variant_widths,
                &m.webp_widths,
                "a deleted picture's files",
            )
            .await;
            see_other("/admin/media?done=deleted")
        }
        Ok(Deletion::InUse(used)) => {
            let words = Words::of(&app, &user).await?;
            let list = used
                .iter()
                .map(|u| {
                    let v = usage_view(&words, u);
                    format!("{} ({})", v.label, v.how)
                })
                .collect::<Vec<_>>()
                .join(", ");
            render_edit(
                &app,
                &user,
                &entry,
                StatusCode::CONFLICT,
                None,
                EditState {
                    form: None,
                    errors: FieldErrors::default(),
                    delete_refused: Some(
                        words.t_with(keys::MEDIA_IN_USE, &[("places", Words::text(&list))]),
                    ),
                },
            )
            .await
        }
        Err(e) => Err(gone(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_brackets() {
        let m = Media {
            id: 1,
            path: "uploads/2026/11/ab-x.jpg".into(),
            mime: "image/jpeg".into(),
            width: 10,
            height: 10,
            alt: "a [b] c".into(),
            caption: String::new(),
            credit: String::new(),
            variant_widths: Vec::new(),
            webp_widths: Vec::new(),
        };
        assert_eq!(
            markdown_snippet(&m),
            "![a \\[b\\] c](/media/uploads/2026/11/ab-x.jpg)"
        );
    }
}
