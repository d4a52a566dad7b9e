//! The library screen (grid, search, "only mine", pagination) and the upload form's handler.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query};
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership};
use gazette_core::urls;
use gazette_store::MediaQuery;
use serde::{Deserialize, Serialize};

use super::super::{Screen, see_other};
use super::{Item, MAX_ALT, UploadRefused, check_alt, display_name, item, save_upload};
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::CurrentUser;
use gazette_web::i18n::{Arg, keys};
use gazette_web::limits::{BodyLimit, describe_bytes, too_large_error};

const PER_PAGE: u32 = 24;
/// What the file picker offers; the server judges by content anyway.
const ACCEPT: &str = "image/jpeg,image/png,image/webp,image/gif";

pub(super) fn routes(r: Routes) -> Routes {
    use Action::ManageMedia as Manage;
    use Ownership::Own;
    r.get("/admin/media", Manage, Own, library)
        .post("/admin/media/upload", Manage, Own, upload)
        .takes(BodyLimit::Upload)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LibraryParams {
    q: String,
    page: Option<String>,
    mine: Option<String>,
    done: Option<String>,
    n: Option<String>,
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
    let page = if page > 1 {
        page.to_string()
    } else {
        String::new()
    };
    let mine = if mine { "1" } else { "" };
    urls::with_query("/admin/media", &[("q", q), ("mine", mine), ("page", &page)])
}

async fn render_library(
    app: &AppState,
    user: &CurrentUser,
    params: LibraryParams,
    status: StatusCode,
    notice: Option<String>,
    mut extra: LibraryPage,
) -> Result<Response, WebError> {
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
        Err(e) => return Err(WebError::Store(e)),
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
    Screen::keyed("admin/media_library.html", "/admin/media", keys::NAV_MEDIA)
        .render(app, user, status, notice, extra)
        .await
}

async fn library(
    Staff { app, user }: Staff,
    params: Result<Query<LibraryParams>, QueryRejection>,
) -> Result<Response, WebError> {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let notice = match params.done.as_deref() {
        Some("uploaded") => {
            let n = params
                .n
                .as_deref()
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(1);
            let words = Words::of(&app, &user).await?;
            Some(words.t_with(
                keys::MEDIA_UPLOADED_MANY,
                &[("n", Arg::Number(f64::from(n)))],
            ))
        }
        Some("deleted") => Some(keys::NOTICE_MEDIA_DELETED.to_owned()),
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

struct UploadedFile {
    name: String,
    bytes: axum::body::Bytes,
}

async fn upload(
    Staff { app, user }: Staff,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(e) => {
            return Err(WebError::BadRequest(format!(
                "The upload could not be read ({}): use the upload form on the media page.",
                e.body_text()
            )));
        }
    };
    let mut csrf = String::new();
    let mut alt = String::new();
    let mut files = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return multipart_failed(&app, &e).await,
        };
        let field_name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let data = match field.bytes().await {
            Ok(d) => d,
            Err(e) => return multipart_failed(&app, &e).await,
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
        return Err(WebError::csrf());
    }
    let refused = |errors: Vec<String>, accepted: Vec<String>, alt: String| LibraryPage {
        errors,
        accepted,
        alt,
        ..LibraryPage::default()
    };
    let words = Words::of(&app, &user).await?;
    let problem = match check_alt(alt.trim()) {
        Err(len) => Some(words.t_with(
            keys::PROBLEM_ALT_TOO_LONG,
            &[
                ("len", Arg::Number(len as f64)),
                ("max", Arg::Number(MAX_ALT as f64)),
            ],
        )),
        Ok(()) if files.is_empty() => Some(words.t(keys::PROBLEM_NO_PICTURE)),
        Ok(()) => None,
    };
    if let Some(message) = problem {
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
    let mut ids = Vec::new();
    let mut accepted = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match save_upload(
            &app,
            user.user.role,
            &user.actor(),
            &file.name,
            file.bytes,
            &alt,
        )
        .await
        {
            Ok(id) => {
                ids.push(id);
                accepted.push(display_name(&file.name));
            }
            Err(UploadRefused(_, _, problem)) => errors.push(words.problem(&problem)),
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
    e: &axum::extract::multipart::MultipartError,
) -> Result<Response, WebError> {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return Err(too_large_error(
            BodyLimit::Upload,
            app.config.max_upload_bytes,
        ));
    }
    Err(WebError::BadRequest(format!(
        "The upload could not be read ({}). If a file name has unusual characters, rename the file and try again; otherwise the connection may have broken off, so try again.",
        e.body_text()
    )))
}
