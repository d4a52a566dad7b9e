//! `gazette media migrate --to s3|local`: moves an existing site's pictures between the data
//! directory and S3-compatible object storage. Every file is copied with its key unchanged
//! (so every `/media/…` URL keeps working), a file already at the destination with the same
//! size is left alone (a rerun after an interruption copies only what is missing), and each
//! copy's size is read back from the destination before it counts as done. Nothing is
//! deleted from the source: the operator switches `media_store` and removes it later.

use gazette_media::{MediaStore, MediaStoreError};

/// What a migration did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migrated {
    /// Files copied by this run.
    pub copied: u64,
    /// Files already at the destination with the right size.
    pub already_there: u64,
    /// Bytes copied by this run.
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(transparent)]
    Store(#[from] MediaStoreError),
    #[error(
        "{key} has {expected} bytes in {from} but {found} in {to} after copying; run the command again, and check the object store's free space and logs if it repeats"
    )]
    SizeMismatch {
        key: String,
        expected: u64,
        found: u64,
        from: String,
        to: String,
    },
    #[error("the source and the destination are the same ({0}); name the other one with --to")]
    SameStore(String),
}

/// Copies every file of `from` that `to` lacks (or holds with another size), verifying
/// each copy's size. `progress(done, total)` follows the files.
pub async fn copy_all(
    from: &MediaStore,
    to: &MediaStore,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Migrated, MigrateError> {
    if from.describe() == to.describe() {
        return Err(MigrateError::SameStore(from.describe()));
    }
    let files = from.list().await?;
    let total = files.len() as u64;
    let mut done = Migrated::default();
    progress(0, total);
    for (n, file) in files.iter().enumerate() {
        let there = to.head(&file.key).await?;
        if there.is_some_and(|t| t.size == file.size) {
            done.already_there += 1;
        } else if let Some(bytes) = from.get(&file.key).await? {
            let size = bytes.len() as u64;
            to.put(&file.key, bytes).await?;
            let found = to.head(&file.key).await?.map_or(0, |t| t.size);
            if found != size {
                return Err(MigrateError::SizeMismatch {
                    key: file.key.clone(),
                    expected: size,
                    found,
                    from: from.describe(),
                    to: to.describe(),
                });
            }
            done.copied += 1;
            done.bytes += size;
        }
        // A file deleted since the listing is simply not copied.
        progress(n as u64 + 1, total);
    }
    Ok(done)
}
