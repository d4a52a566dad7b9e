//! Where pictures are kept: one interface over the data directory's `media/` folder (the
//! default) and S3-compatible object storage, so that uploads, imports, the demo, backups,
//! feeds and the `/media/` route behave the same on one node or on several sharing a bucket.
//!
//! Keys are the paths readers see below `/media/` (`uploads/2026/11/3fa4…-harbour.jpg`):
//! relative, `/`-separated plain names. A key that is empty, absolute, or holds `.`/`..` or a
//! backslash is refused before any backend sees it, so a damaged row or a hostile file name
//! cannot reach outside the media root or the bucket prefix.

mod local;
mod s3;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;

pub use s3::S3Settings;

pub(crate) use local::write_file as write_local;

/// One file to store: its key below the media root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub key: String,
    pub bytes: Vec<u8>,
}

/// What the store knows of one stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub key: String,
    pub size: u64,
    /// The store's entity tag, quoted as HTTP wants it; `None` for the local directory.
    pub etag: Option<String>,
}

/// A file opened for reading, as the `/media/` route streams it.
pub struct Download {
    /// Size of the whole file.
    pub size: u64,
    /// The bytes the body holds (all of them unless a range was asked for).
    pub range: Range<u64>,
    pub etag: Option<String>,
    pub body: BoxStream<'static, Result<Bytes, MediaStoreError>>,
}

/// What [`MediaStore::open`] found.
pub enum Opened {
    Missing,
    /// The reader's copy (`If-None-Match`) is current.
    NotModified {
        etag: String,
    },
    /// The asked range starts past the end of a file of `size` bytes.
    Unsatisfiable {
        size: u64,
    },
    Found(Download),
}

#[derive(Debug, thiserror::Error)]
pub enum MediaStoreError {
    #[error(
        "`{0}` is not a media path: it must be a relative path of plain names separated by `/`"
    )]
    BadKey(String),
    #[error("cannot read or write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("refusing to write {}: it is not inside the media directory", .0.display())]
    OutsideMediaDir(PathBuf),
    #[error(
        "the object store {store} failed for `{key}`: {source} (check the bucket, AWS_ENDPOINT_URL and the credentials)"
    )]
    Remote {
        store: String,
        key: String,
        #[source]
        source: object_store::Error,
    },
    #[error("{0}")]
    Setting(String),
}

#[derive(Debug)]
enum Backend {
    Local(local::Local),
    S3(s3::S3),
}

/// The media store of a site: cheap to clone, shared by every handler and command.
#[derive(Debug, Clone)]
pub struct MediaStore(Arc<Backend>);

impl MediaStore {
    /// Pictures as files below `dir` (created when first written).
    pub fn local(dir: impl Into<PathBuf>) -> Self {
        MediaStore(Arc::new(Backend::Local(local::Local::new(dir.into()))))
    }

    /// Pictures in the bucket `settings` name.
    pub fn s3(settings: &S3Settings) -> Result<Self, MediaStoreError> {
        Ok(MediaStore(Arc::new(Backend::S3(s3::S3::new(settings)?))))
    }

    /// The store the `media_store` setting names: empty for `local_dir`,
    /// `s3://BUCKET[/PREFIX]` for object storage configured by the `AWS_*` variables that
    /// `env` reads.
    pub fn from_setting(
        value: &str,
        local_dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, MediaStoreError> {
        match S3Settings::parse(value, env).map_err(MediaStoreError::Setting)? {
            None => Ok(Self::local(local_dir)),
            Some(s) => Self::s3(&s),
        }
    }

    /// The directory of a local store (served as files); `None` for object storage.
    pub fn local_dir(&self) -> Option<&Path> {
        match &*self.0 {
            Backend::Local(l) => Some(l.root()),
            Backend::S3(_) => None,
        }
    }

    /// Where the files are, for messages: a directory or `s3://bucket/prefix`.
    pub fn describe(&self) -> String {
        match &*self.0 {
            Backend::Local(l) => l.root().display().to_string(),
            Backend::S3(s) => s.describe(),
        }
    }

    /// Stores `bytes` under `key`, replacing what was there. Readers never see half a file.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), MediaStoreError> {
        check_key(key)?;
        match &*self.0 {
            Backend::Local(l) => l.put(key, bytes).await,
            Backend::S3(s) => s.put(key, bytes).await,
        }
    }

    /// Stores `files` in their order (a picture's variants before its original, so a stored
    /// original means a complete set).
    pub async fn put_all(&self, files: Vec<MediaFile>) -> Result<(), MediaStoreError> {
        for f in &files {
            check_key(&f.key)?;
        }
        for f in files {
            self.put(&f.key, f.bytes).await?;
        }
        Ok(())
    }

    /// The whole file, or `None` when there is none under `key`.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaStoreError> {
        check_key(key)?;
        match &*self.0 {
            Backend::Local(l) => l.get(key).await,
            Backend::S3(s) => s.get(key).await,
        }
    }

    /// Size (and entity tag) of the file under `key`, or `None` when there is none.
    pub async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, MediaStoreError> {
        check_key(key)?;
        match &*self.0 {
            Backend::Local(l) => l.head(key).await,
            Backend::S3(s) => s.head(key).await,
        }
    }

    /// Opens the file under `key` for streaming: `range` is a first byte and an optional
    /// last byte (inclusive, as HTTP counts); `if_none_match` the entity tag the reader has.
    pub async fn open(
        &self,
        key: &str,
        range: Option<(u64, Option<u64>)>,
        if_none_match: Option<&str>,
    ) -> Result<Opened, MediaStoreError> {
        check_key(key)?;
        match &*self.0 {
            Backend::Local(l) => l.open(key, range).await,
            Backend::S3(s) => s.open(key, range, if_none_match).await,
        }
    }

    /// Removes the file under `key`; one already gone is fine.
    pub async fn delete(&self, key: &str) -> Result<(), MediaStoreError> {
        check_key(key)?;
        match &*self.0 {
            Backend::Local(l) => l.delete(key).await,
            Backend::S3(s) => s.delete(key).await,
        }
    }

    /// Every stored file with its size, sorted by key.
    pub async fn list(&self) -> Result<Vec<ObjectInfo>, MediaStoreError> {
        let mut all = match &*self.0 {
            Backend::Local(l) => l.list().await?,
            Backend::S3(s) => s.list().await?,
        };
        all.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(all)
    }
}

/// Refuses keys that are not plain relative paths.
pub fn check_key(key: &str) -> Result<(), MediaStoreError> {
    let bad = key.is_empty()
        || key.len() > 1024
        || key.contains('\\')
        || key.contains('\0')
        || key
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if bad {
        Err(MediaStoreError::BadKey(key.to_owned()))
    } else {
        Ok(())
    }
}

/// The range `(first, last)` of a file of `size` bytes as a half-open range, or `None`
/// when it starts past the end.
fn clamp_range(range: (u64, Option<u64>), size: u64) -> Option<Range<u64>> {
    let (first, last) = range;
    if first >= size {
        return None;
    }
    let end = last.map_or(size, |l| l.saturating_add(1).min(size));
    (end > first).then_some(first..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_must_be_plain_relative_paths() {
        for ok in ["a.jpg", "uploads/2026/11/x-480.webp", "wp/2024/01/café.png"] {
            assert!(check_key(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x.jpg",
            "a/../../b",
            "a//b",
            "./a",
            "a\\b",
            "a/",
            "a\0b",
        ] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ranges_are_clamped_to_the_file() {
        assert_eq!(clamp_range((0, None), 10), Some(0..10));
        assert_eq!(clamp_range((2, Some(4)), 10), Some(2..5));
        assert_eq!(clamp_range((2, Some(40)), 10), Some(2..10));
        assert_eq!(clamp_range((10, None), 10), None);
        assert_eq!(clamp_range((5, Some(3)), 10), None);
    }
}
