//! `/admin/media`: the media library. Upload pictures (one or several at once), browse and
//! search them, edit their alt text, caption and credit, see where each is used, and delete
//! what nothing uses. [`save_upload`] is the one way a picture enters the library; the
//! article editor calls it too.

use std::sync::Arc;

use axum::Form;
use axum::Router;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use gazette_core::model::Media;
use gazette_core::permissions::{Action, Ownership};
use gazette_media::upload::{UploadError, UploadLimits};
use gazette_store::{Deletion, MediaEntry, MediaQuery, NewUpload, Recorded};
use serde::{Deserialize, Serialize};

use super::{CsrfForm, Screen, allowed, page, read_form, see_other};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::limits::{describe_bytes, too_large};
use crate::routes::error_page;
use crate::state::AppState;
use crate::view::{IMAGE_WIDTHS, image, media_url};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin/media", get(library))
        // Listed in `crate::limits::UPLOAD_ROUTES`, so it takes the configured upload size.
        .route("/admin/media/upload", post(upload))
        .route("/admin/media/{id}", get(edit_page).post(edit_save))
        .route("/admin/media/{id}/delete", post(delete))
}

/// Why an upload was refused, in words for the person who uploaded it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UploadRefused(pub String);

const PER_PAGE: u32 = 24;
const MAX_ALT: usize = 500;
const MAX_CAPTION: usize = 1000;
const MAX_CREDIT: usize = 200;
/// What the file picker offers; the server judges by content anyway.
const ACCEPT: &str = "image/jpeg,image/png,image/webp,image/gif";

/// A file name fit to show and store: its last path part, without control characters,
/// at most 80 characters.
fn display_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        return "unnamed file".to_owned();
    }
    if clean.chars().count() > 80 {
        let cut: String = clean.chars().take(79).collect();
        format!("{cut}…")
    } else {
        clean.to_owned()
    }
}

/// The reason an upload was refused, said for the newsroom.
fn reason(e: &UploadError, limits: &UploadLimits) -> String {
    let megapixels = limits.max_pixels / 1_000_000;
    match e {
        UploadError::NotAPicture { what } => {
            format!("not a JPEG, PNG, WebP or GIF picture (it is {what})")
        }
        UploadError::UnsupportedFormat { format } => format!(
            "not a JPEG, PNG, WebP or GIF picture (it is a {format} picture): convert it and upload again"
        ),
        UploadError::TooWide { width, height, .. } | UploadError::TooManyPixels { width, height, .. } => format!(
            "{width}×{height} pixels is over the limit of {megapixels} megapixels and {} pixels a side: scale it down and upload again",
            limits.max_side
        ),
        UploadError::TooManyBytes { size, max } => format!(
            "{} is over the limit of {}: make it smaller and upload again",
            describe_bytes(*size),
            describe_bytes(*max)
        ),
        UploadError::Write(..) | UploadError::OutsideMediaDir(_) | UploadError::Encode(_) => {
            "could not be saved on the server; try again, and tell an administrator if it keeps failing".to_owned()
        }
        other => other.to_string(),
    }
}

fn check_alt(alt: &str) -> Result<(), String> {
    if alt.chars().count() > MAX_ALT {
        return Err(format!(
            "Alt text is {} characters long; keep it under {MAX_ALT} (describe the picture in a sentence).",
            alt.chars().count()
        ));
    }
    Ok(())
}

/// Accepts one uploaded picture for `user`: checks type and limits, writes the variants,
/// records it in the library (the same bytes uploaded twice give the existing entry) and
/// returns its media id. Other areas (the article editor) call this; the media library
/// owns it. Refusals start with the file's name.
pub(crate) async fn save_upload(
    app: &AppState,
    user: &CurrentUser,
    file_name: &str,
    bytes: axum::body::Bytes,
    alt: &str,
) -> Result<i64, UploadRefused> {
    let name = display_name(file_name);
    let refuse = |why: String| UploadRefused(format!("{name}: {why}"));
    if !user.can(Action::ManageMedia, Ownership::Own) {
        return Err(refuse(format!(
            "your role ({}) may not upload pictures",
            user.user.role.as_str()
        )));
    }
    let alt = alt.trim();
    check_alt(alt).map_err(refuse)?;
    let sha256 = gazette_media::sha256_hex(&bytes);
    let db_error = |e: gazette_store::StoreError| {
        tracing::error!(error = %e, file = %name, "recording an upload failed");
        refuse("could not be recorded in the library; try again in a moment".to_owned())
    };
    if let Some(id) = app
        .store
        .media_id_by_sha256(&sha256)
        .await
        .map_err(db_error)?
    {
        return Ok(id);
    }
    let limits = UploadLimits {
        max_bytes: app.config.max_upload_bytes,
        ..UploadLimits::default()
    };
    let media_dir = app.config.media_dir.clone();
    let original = file_name.to_owned();
    // Decoding and resizing take a while: off the async workers.
    let stored = tokio::task::spawn_blocking(move || {
        gazette_media::accept(&bytes, &original, &limits, &media_dir, IMAGE_WIDTHS)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, file = %name, "the picture worker failed");
        refuse("could not be processed; try again".to_owned())
    })?
    .map_err(|e| {
        if matches!(
            e,
            UploadError::Write(..) | UploadError::OutsideMediaDir(_) | UploadError::Encode(_)
        ) {
            tracing::error!(error = %e, file = %name, "storing an upload failed");
        }
        refuse(reason(&e, &limits))
    })?;
    let new = NewUpload {
        path: stored.path.clone(),
        mime: stored.mime.to_owned(),
        width: stored.width,
        height: stored.height,
        variant_widths: stored.variant_widths.clone(),
        webp_widths: stored.webp_widths.clone(),
        file_size: stored.bytes,
        sha256: stored.sha256.clone(),
        original_name: name.clone(),
        alt: alt.to_owned(),
    };
    let forget_files = || {
        if let Err(e) = gazette_media::remove_stored(
            &app.config.media_dir,
            &stored.path,
            &stored.variant_widths,
            &stored.webp_widths,
        ) {
            tracing::warn!(error = %e, path = %stored.path, "could not remove an unrecorded upload");
        }
    };
    match app.store.record_upload(&new, &user.actor()).await {
        Ok(Recorded::Created(id)) => Ok(id),
        Ok(Recorded::Existing(id)) => {
            // Someone recorded the same bytes meanwhile; keep their files, drop ours unless
            // they are the very same files.
            if let Ok(Some(entry)) = app.store.media_entry(id).await
                && entry.media.path != stored.path
            {
                forget_files();
            }
            Ok(id)
        }
        Err(e) => {
            forget_files();
            Err(db_error(e))
        }
    }
}

// ---------------------------------------------------------------------------------------
// The library
// ---------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
struct LibraryParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    mine: Option<String>,
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    n: Option<String>,
}

/// One picture as the library grid and the edit page show it.
#[derive(Serialize)]
struct Item {
    id: i64,
    url: String,
    thumb: String,
    thumb_width: u32,
    thumb_height: u32,
    original: String,
    name: String,
    size: String,
    width: u32,
    height: u32,
    mime: String,
    alt: String,
    caption: String,
    credit: String,
    uploader: String,
    uploaded: String,
    mine: bool,
    can_edit: bool,
}

fn human_size(bytes: u64) -> String {
    if bytes == 0 {
        return String::new();
    }
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The 480 px variant when there is one (WebP for GIFs), else the original.
fn thumbnail(m: &Media) -> (String, u32) {
    let width = 480;
    if m.variant_widths.contains(&width) {
        (media_url(m, width), width)
    } else if m.webp_widths.contains(&width) {
        (format!("/media/{}", m.webp_variant_path(width)), width)
    } else {
        (media_url(m, 0), m.width)
    }
}

fn ownership(user: &CurrentUser, entry: &MediaEntry) -> Ownership {
    if entry.uploaded_by == Some(user.user.id) {
        Ownership::Own
    } else {
        Ownership::Other
    }
}

fn item(user: &CurrentUser, e: &MediaEntry) -> Item {
    let m = &e.media;
    let (thumb, thumb_width) = thumbnail(m);
    let thumb_height = if m.width == 0 {
        0
    } else {
        u32::try_from(u64::from(m.height) * u64::from(thumb_width) / u64::from(m.width))
            .unwrap_or(0)
    };
    let name = if e.original_name.is_empty() {
        m.path.rsplit('/').next().unwrap_or(&m.path).to_owned()
    } else {
        e.original_name.clone()
    };
    let uploaded = time::OffsetDateTime::from_unix_timestamp(e.created_at)
        .map(|t| format!("{} {} {}", t.day(), t.month(), t.year()))
        .unwrap_or_default();
    Item {
        id: m.id,
        url: format!("/admin/media/{}", m.id),
        thumb,
        thumb_width,
        thumb_height,
        original: media_url(m, 0),
        name,
        size: human_size(e.file_size),
        width: m.width,
        height: m.height,
        mime: m.mime.clone(),
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
        uploader: e.uploader_name.clone().unwrap_or_default(),
        uploaded,
        mine: e.uploaded_by == Some(user.user.id),
        can_edit: user.can(Action::ManageMedia, ownership(user, e)),
    }
}

#[derive(Serialize, Default)]
struct LibraryPage {
    q: String,
    mine: bool,
    items: Vec<Item>,
    total: u64,
    page: u32,
    pages: u32,
    prev_url: Option<String>,
    next_url: Option<String>,
    /// One line per refused file.
    errors: Vec<String>,
    /// Names of the files accepted in a submission that also had refusals.
    accepted: Vec<String>,
    alt: String,
    max_upload: String,
    max_upload_bytes: usize,
    accept: &'static str,
}

fn library_url(q: &str, mine: bool, page: u32) -> String {
    let mut params = Vec::new();
    if !q.is_empty() {
        params.push(format!(
            "q={}",
            percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
        ));
    }
    if mine {
        params.push("mine=1".to_owned());
    }
    if page > 1 {
        params.push(format!("page={page}"));
    }
    if params.is_empty() {
        "/admin/media".to_owned()
    } else {
        format!("/admin/media?{}", params.join("&"))
    }
}

async fn render_library(
    app: &AppState,
    user: &CurrentUser,
    params: LibraryParams,
    status: StatusCode,
    notice: Option<String>,
    mut extra: LibraryPage,
) -> Response {
    let q: String = params.q.trim().chars().take(200).collect();
    let mine = params
        .mine
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "0");
    let page_no = params
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(100_000);
    let listing = match app
        .store
        .media_library(&MediaQuery {
            text: q.clone(),
            uploaded_by: mine.then_some(user.user.id),
            page: page_no,
            per_page: PER_PAGE,
        })
        .await
    {
        Ok(l) => l,
        Err(e) => return error_page(app, "/admin/media", WebError::Store(e)).await,
    };
    let pages = u32::try_from(listing.total.div_ceil(u64::from(PER_PAGE))).unwrap_or(u32::MAX);
    extra.items = listing.entries.iter().map(|e| item(user, e)).collect();
    extra.total = listing.total;
    extra.page = page_no;
    extra.pages = pages.max(1);
    extra.prev_url = (page_no > 1).then(|| library_url(&q, mine, page_no - 1));
    extra.next_url = (page_no < pages).then(|| library_url(&q, mine, page_no + 1));
    extra.q = q;
    extra.mine = mine;
    extra.max_upload = describe_bytes(app.config.max_upload_bytes);
    extra.max_upload_bytes = app.config.max_upload_bytes;
    extra.accept = ACCEPT;
    page(
        app,
        user,
        Screen {
            template: "admin/media_library.html",
            path: "/admin/media",
            title: "Media",
        },
        status,
        notice,
        extra,
    )
    .await
}

async fn library(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    params: Result<Query<LibraryParams>, QueryRejection>,
) -> Response {
    if let Err(r) = allowed(
        &app,
        &user,
        "/admin/media",
        Action::ManageMedia,
        Ownership::Own,
    )
    .await
    {
        return r;
    }
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let notice = match params.done.as_deref() {
        Some("uploaded") => {
            let n = params
                .n
                .as_deref()
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(1);
            Some(if n == 1 {
                "The picture was uploaded.".to_owned()
            } else {
                format!("{n} pictures were uploaded.")
            })
        }
        Some("deleted") => Some("The picture was deleted.".to_owned()),
        _ => None,
    };
    render_library(
        &app,
        &user,
        params,
        StatusCode::OK,
        notice,
        LibraryPage::default(),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Upload
// ---------------------------------------------------------------------------------------

struct UploadedFile {
    name: String,
    bytes: axum::body::Bytes,
}

async fn upload(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let path = "/admin/media/upload";
    if let Err(r) = allowed(&app, &user, path, Action::ManageMedia, Ownership::Own).await {
        return r;
    }
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => {
            return error_page(
                &app,
                path,
                WebError::BadRequest(format!(
                    "The upload could not be read ({}): use the upload form on the media page.",
                    e.body_text()
                )),
            )
            .await;
        }
    };
    let mut csrf = String::new();
    let mut alt = String::new();
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return multipart_failed(&app, path, &e).await,
        };
        let field_name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) => return multipart_failed(&app, path, &e).await,
        };
        match field_name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&data).into_owned(),
            "alt" => alt = String::from_utf8_lossy(&data).into_owned(),
            "file" => {
                // A file input left empty still sends a part, with no name and no bytes.
                let name = file_name.unwrap_or_default();
                if !(name.is_empty() && data.is_empty()) {
                    files.push(UploadedFile { name, bytes: data });
                }
            }
            _ => {}
        }
    }
    if !user.csrf_ok(&csrf) {
        return crate::auth::csrf_refused(&app, path).await;
    }
    let refused = |errors: Vec<String>, accepted: Vec<String>, alt: String| LibraryPage {
        errors,
        accepted,
        alt,
        ..LibraryPage::default()
    };
    if let Err(message) = check_alt(alt.trim()) {
        return render_library(
            &app,
            &user,
            LibraryParams::default(),
            StatusCode::BAD_REQUEST,
            None,
            refused(vec![message], Vec::new(), alt),
        )
        .await;
    }
    if files.is_empty() {
        return render_library(
            &app,
            &user,
            LibraryParams::default(),
            StatusCode::BAD_REQUEST,
            None,
            refused(
                vec![
                    "Choose at least one picture to upload (the “Pictures” field is empty)."
                        .to_owned(),
                ],
                Vec::new(),
                alt,
            ),
        )
        .await;
    }
    let mut ids = Vec::new();
    let mut accepted = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match save_upload(&app, &user, &file.name, file.bytes, &alt).await {
            Ok(id) => {
                ids.push(id);
                accepted.push(display_name(&file.name));
            }
            Err(UploadRefused(message)) => errors.push(message),
        }
    }
    if !errors.is_empty() {
        return render_library(
            &app,
            &user,
            LibraryParams::default(),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            refused(errors, accepted, alt),
        )
        .await;
    }
    match ids.as_slice() {
        // One picture: straight to its page, where caption and credit go.
        [id] => see_other(&format!("/admin/media/{id}?done=uploaded")),
        _ => see_other(&format!("/admin/media?done=uploaded&n={}", ids.len())),
    }
}

async fn multipart_failed(
    app: &AppState,
    path: &str,
    e: &axum::extract::multipart::MultipartError,
) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(app, path, app.config.max_upload_bytes).await;
    }
    error_page(
        app,
        path,
        WebError::BadRequest(format!(
            "The upload could not be read ({}). If a file name has unusual characters, rename the file and try again; otherwise the connection may have broken off, so try again.",
            e.body_text()
        )),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// One picture: edit, usages, delete
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct EditForm {
    /// Defaulted so a missing token is refused like a wrong one (403), not as unreadable.
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    alt: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

impl CsrfForm for EditForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

impl CsrfForm for DeleteForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

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
    picture: crate::view::Image,
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
) -> Response {
    let path = format!("/admin/media/{}", entry.media.id);
    let usages = match app.store.media_usages(entry.media.id).await {
        Ok(u) => u,
        Err(e) => return error_page(app, &path, WebError::Store(e)).await,
    };
    let m = &entry.media;
    let form = state.form.unwrap_or_else(|| FormValues {
        alt: m.alt.clone(),
        caption: m.caption.clone(),
        credit: m.credit.clone(),
    });
    let item = item(user, entry);
    let title = format!("Media: {}", item.name);
    page(
        app,
        user,
        Screen {
            template: "admin/media_edit.html",
            path: &path,
            title: &title,
        },
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
async fn find(app: &AppState, id: &str, path: &str) -> Result<MediaEntry, Response> {
    let Ok(id) = id.parse::<i64>() else {
        return Err(error_page(app, path, WebError::NotFound).await);
    };
    match app.store.media_entry(id).await {
        Ok(Some(e)) => Ok(e),
        Ok(None) => Err(error_page(app, path, WebError::NotFound).await),
        Err(e) => Err(error_page(app, path, WebError::Store(e)).await),
    }
}

async fn edit_page(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    done: Result<Query<DoneParam>, QueryRejection>,
) -> Response {
    let path = format!("/admin/media/{id}");
    if let Err(r) = allowed(&app, &user, &path, Action::ManageMedia, Ownership::Own).await {
        return r;
    }
    let entry = match find(&app, &id, &path).await {
        Ok(e) => e,
        Err(r) => return r,
    };
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

/// Checks one text field: length and no control characters except line breaks.
fn check_text(label: &str, value: &str, max: usize) -> Option<String> {
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
    Path(id): Path<String>,
    form: Result<Form<EditForm>, FormRejection>,
) -> Response {
    let path = format!("/admin/media/{id}");
    if let Err(r) = allowed(&app, &user, &path, Action::ManageMedia, Ownership::Own).await {
        return r;
    }
    let form = match read_form(&app, &user, &path, form).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let entry = match find(&app, &id, &path).await {
        Ok(e) => e,
        Err(r) => return r,
    };
    if let Err(r) = allowed(
        &app,
        &user,
        &path,
        Action::ManageMedia,
        ownership(&user, &entry),
    )
    .await
    {
        return r;
    }
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
        return error_page(&app, &path, WebError::Store(e)).await;
    }
    see_other(&format!("/admin/media/{}?done=saved", entry.media.id))
}

async fn delete(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    Path(id): Path<String>,
    form: Result<Form<DeleteForm>, FormRejection>,
) -> Response {
    let path = format!("/admin/media/{id}/delete");
    if let Err(r) = allowed(&app, &user, &path, Action::ManageMedia, Ownership::Own).await {
        return r;
    }
    if let Err(r) = read_form(&app, &user, &path, form).await {
        return r;
    }
    let entry = match find(&app, &id, &path).await {
        Ok(e) => e,
        Err(r) => return r,
    };
    if let Err(r) = allowed(
        &app,
        &user,
        &path,
        Action::ManageMedia,
        ownership(&user, &entry),
    )
    .await
    {
        return r;
    }
    match app.store.delete_media(entry.media.id, &user.actor()).await {
        Ok(Deletion::Deleted(m)) => {
            // The row is gone; files that cannot be removed only waste space.
            if let Err(e) = gazette_media::remove_stored(
                &app.config.media_dir,
                &m.path,
                &m.variant_widths,
                &m.webp_widths,
            ) {
                tracing::warn!(error = %e, path = %m.path, "could not remove a deleted picture's files");
            }
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
        Err(gazette_store::StoreError::Missing { .. }) => {
            error_page(&app, &path, WebError::NotFound).await
        }
        Err(e) => error_page(&app, &path, WebError::Store(e)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_for_display() {
        assert_eq!(display_name("../../etc/passwd.jpg"), "passwd.jpg");
        assert_eq!(display_name("..\\x.png"), "x.png");
        assert_eq!(display_name("a\0b\u{7}.png"), "ab.png");
        assert_eq!(display_name(""), "unnamed file");
        assert_eq!(display_name(&"a".repeat(500)).chars().count(), 80);
        assert_eq!(display_name("\u{202e}gpj.exe"), "gpj.exe");
    }

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
