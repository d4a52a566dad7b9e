//! The upload pipeline: one file in, one library entry out (or the existing entry for the
//! same bytes), with refusals worded for the newsroom: in English for the Admin API and the
//! logs, and as a [`Problem`] for the staff member's language.

use gazette_core::permissions::{Action, Ownership, Role, allows};
use gazette_core::problem::Problem;
use gazette_media::upload::{UploadError, UploadLimits};
use gazette_store::{Actor, NewUpload, Recorded};

use super::{alt_too_long, check_alt, display_name, remove_files};
use gazette_web::AppState;
use gazette_web::limits::describe_bytes;
use gazette_web::view::IMAGE_WIDTHS;

/// Why an upload was refused: in English words, its kind, and the same refusal for the
/// catalogues (`problem-upload`, naming the file).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UploadRefused(pub String, pub Refusal, pub Problem);

/// What kind of refusal it was, for the Admin API's status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may not upload.
    Forbidden,
    /// Over the size limit (413).
    TooLarge,
    /// Not a picture of an accepted format (415).
    NotAPicture,
    /// A picture, but not one we take (too many pixels, damaged; bad alt text): 422.
    Unacceptable,
    /// Our side failed.
    Server,
}

fn refusal_of(e: &UploadError) -> Refusal {
    match e {
        UploadError::TooManyBytes { .. } => Refusal::TooLarge,
        UploadError::NotAPicture { .. }
        | UploadError::UnsupportedFormat { .. }
        | UploadError::Empty => Refusal::NotAPicture,
        UploadError::Write(..)
        | UploadError::OutsideMediaDir(_)
        | UploadError::Encode(_)
        | UploadError::Store(_) => Refusal::Server,
        _ => Refusal::Unacceptable,
    }
}

/// The reason an upload was refused, said for the newsroom: in English, and for the
/// catalogues.
fn reason(e: &UploadError, limits: &UploadLimits) -> (String, Problem) {
    let megapixels = limits.max_pixels / 1_000_000;
    match e {
        UploadError::NotAPicture { what } => (
            format!("not a JPEG, PNG, WebP or GIF picture (it is {what})"),
            // What the file is instead, in English words from the media crate.
            Problem::new("problem-upload-not-a-picture").text("what", *what),
        ),
        UploadError::UnsupportedFormat { format } => (
            format!(
                "not a JPEG, PNG, WebP or GIF picture (it is a {format} picture): convert it and upload again"
            ),
            Problem::new("problem-upload-format").text("format", format.to_string()),
        ),
        UploadError::TooWide { width, height, .. }
        | UploadError::TooManyPixels { width, height, .. } => (
            format!(
                "{width}×{height} pixels is over the limit of {megapixels} megapixels and {} pixels a side: scale it down and upload again",
                limits.max_side
            ),
            Problem::new("problem-upload-pixels")
                .text("size", format!("{width}×{height}"))
                .number("megapixels", megapixels as usize)
                .number("side", limits.max_side as usize),
        ),
        UploadError::TooManyBytes { size, max } => (
            format!(
                "{} is over the limit of {}: make it smaller and upload again",
                describe_bytes(*size),
                describe_bytes(*max)
            ),
            Problem::new("problem-upload-bytes")
                .text("size", describe_bytes(*size))
                .text("max", describe_bytes(*max)),
        ),
        UploadError::Write(..)
        | UploadError::OutsideMediaDir(_)
        | UploadError::Encode(_)
        | UploadError::Store(_) => (
            "could not be saved on the server; try again, and tell an administrator if it keeps failing".to_owned(),
            Problem::new("problem-upload-not-saved"),
        ),
        UploadError::Empty => (e.to_string(), Problem::new("problem-upload-empty")),
        other => (other.to_string(), Problem::new("problem-upload-damaged")),
    }
}

/// Accepts one uploaded picture for `user`: checks type and limits, writes the variants,
/// records it in the library (the same bytes uploaded twice give the existing entry) and
/// returns its media id. Other areas (the article editor) call this; the media library
/// owns it, and the Admin API uploads through it too. Refusals start with the file's name.
pub(crate) async fn save_upload(
    app: &AppState,
    role: Role,
    actor: &Actor,
    file_name: &str,
    bytes: axum::body::Bytes,
    alt: &str,
) -> Result<i64, UploadRefused> {
    let name = display_name(file_name);
    let refuse_as = |kind: Refusal, (why, problem): (String, Problem)| {
        UploadRefused(
            format!("{name}: {why}"),
            kind,
            Problem::new("problem-upload")
                .text("name", name.clone())
                .said("why", problem),
        )
    };
    let refuse =
        |why: &str, problem: Problem| refuse_as(Refusal::Server, (why.to_owned(), problem));
    if !allows(role, Action::ManageMedia, Ownership::Own) {
        return Err(refuse_as(
            Refusal::Forbidden,
            (
                format!("your role ({}) may not upload pictures", role.as_str()),
                Problem::new("problem-upload-role").word("role", format!("role-{}", role.as_str())),
            ),
        ));
    }
    let alt = alt.trim();
    check_alt(alt).map_err(|len| {
        refuse_as(
            Refusal::Unacceptable,
            (
                alt_too_long(len),
                Problem::new("problem-alt-too-long")
                    .number("len", len)
                    .number("max", super::MAX_ALT),
            ),
        )
    })?;
    let sha256 = gazette_media::sha256_hex(&bytes);
    let db_error = |e: gazette_store::StoreError| {
        tracing::error!(error = %e, file = %name, "recording an upload failed");
        refuse(
            "could not be recorded in the library; try again in a moment",
            Problem::new("problem-upload-not-recorded"),
        )
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
    let original = file_name.to_owned();
    // Decoding and resizing take a while: off the async workers. The variants are made
    // here, once, by the node that took the upload, and stored for every node to serve.
    let prepared = tokio::task::spawn_blocking(move || {
        gazette_media::prepare_at(
            &bytes,
            &original,
            &limits,
            IMAGE_WIDTHS,
            time::OffsetDateTime::now_utc(),
        )
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, file = %name, "the picture worker failed");
        refuse(
            "could not be processed; try again",
            Problem::new("problem-upload-not-saved"),
        )
    })?
    .map_err(|e| {
        if matches!(
            e,
            UploadError::Write(..) | UploadError::OutsideMediaDir(_) | UploadError::Encode(_)
        ) {
            tracing::error!(error = %e, file = %name, "storing an upload failed");
        }
        refuse_as(refusal_of(&e), reason(&e, &limits))
    })?;
    let stored = prepared.picture;
    if let Err(e) = app.config.media.put_all(prepared.files).await {
        tracing::error!(error = %e, file = %name, "storing an upload failed");
        // Variants stored before the failure are taken away again.
        remove_files(
            app,
            &stored.path,
            &stored.variant_widths,
            &stored.webp_widths,
            "a half-stored upload",
        )
        .await;
        return Err(refuse_as(
            Refusal::Server,
            reason(&UploadError::from(e), &limits),
        ));
    }
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
        let s = &stored;
        remove_files(
            app,
            &s.path,
            &s.variant_widths,
            &s.webp_widths,
            "an unrecorded upload",
        )
    };
    match app.store.record_upload(&new, actor).await {
        Ok(Recorded::Created(id)) => Ok(id),
        Ok(Recorded::Existing(id)) => {
            // Someone recorded the same bytes meanwhile; keep their files, drop ours unless
            // they are the very same files.
            if let Ok(Some(entry)) = app.store.media_entry(id).await
                && entry.media.path != stored.path
            {
                forget_files().await;
            }
            Ok(id)
        }
        Err(e) => {
            forget_files().await;
            Err(db_error(e))
        }
    }
}
