//! One picture's page: its alt text, caption and credit, where it is used, the Markdown to
//! insert it, and its deletion (refused while something uses it).

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::model::Media;
use gazette_core::permissions::{Action, Ownership};
use gazette_store::{Deletion, MediaEntry};
use serde::{Deserialize, Serialize};

use super::super::{Screen, gone, see_other};
use super::{Item, MAX_ALT, item, ownership, remove_files};
use crate::id::Id;
use crate::table::Routes;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::CurrentUser;
use gazette_web::form::CsrfForm;
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

#[derive(Deserialize)]
struct DeleteForm {}

#[derive(Deserialize, Default)]
struct DoneParam {
    #[serde(default)]
    done: Option<String>,
}

#[derive(Serialize)]
struct Usage {
    label: String,
    how: &'static str,
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

fn usage_view(u: &gazette_store::MediaUsage) -> Usage {
    Usage {
        label: format!(
            "{} “{}”",
            if u.kind == "page" { "Page" } else { "Article" },
            u.title
        ),
        how: u.how,
        url: if u.kind == "page" {
            format!("/admin/pages/{}", u.id)
        } else {
            format!("/admin/articles/{}", u.id)
        },
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
    let title = format!("Media: {}", item.name);
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
                usages: usages.iter().map(usage_view).collect(),
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
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Id(id): Id,
    done: Result<Query<DoneParam>, QueryRejection>,
) -> Result<Response, WebError> {
    let entry = find(&app, id).await?;
    let notice = match done.ok().and_then(|Query(d)| d.done).as_deref() {
        Some("uploaded") => {
            Some("The picture was uploaded. Add a caption and credit if it needs them.".to_owned())
        }
        Some("saved") => Some("Saved.".to_owned()),
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

/// Checks one text field: length and no control characters except line breaks. Why a text of a picture is refused (too long, or control characters), or `None`; the
/// Admin API checks alt text, captions and credits here too.
pub(crate) fn check_text(label: &str, value: &str, max: usize) -> Option<String> {
    let len = value.chars().count();
    if len > max {
        return Some(format!(
            "{label} is {len} characters long; keep it to {max} or fewer."
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Some(format!(
            "{label} contains invisible control characters; retype it without them."
        ));
    }
    None
}

async fn edit_save(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Id(id): Id,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let entry = find_allowed(&app, &user, id).await?;
    let values = FormValues {
        alt: form.alt.trim().to_owned(),
        caption: form.caption.trim().to_owned(),
        credit: form.credit.trim().to_owned(),
    };
    let errors = FieldErrors {
        alt: check_text("Alt text", &values.alt, MAX_ALT),
        caption: check_text("Caption", &values.caption, MAX_CAPTION),
        credit: check_text("Credit", &values.credit, MAX_CREDIT),
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

async fn delete(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Id(id): Id,
    CsrfForm(_): CsrfForm<DeleteForm>,
) -> Result<Response, WebError> {
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
            let list = used
                .iter()
                .map(|u| {
                    let v = usage_view(u);
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
                    delete_refused: Some(format!(
                        "This picture was not deleted because it is in use: {list}. Remove it there first, then delete it."
                    )),
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
