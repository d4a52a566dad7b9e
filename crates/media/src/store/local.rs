//! The media store as a directory (`{data_dir}/media` by default): files written through a
//! temporary file and a rename, folders created one level at a time and checked to stay
//! inside the root, so a symlink planted in the tree cannot lead a write elsewhere.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use bytes::Bytes;
use futures_util::StreamExt;

use super::{Download, MediaStoreError, ObjectInfo, Opened, clamp_range};

/// Temporary files being written start with this; listings leave them out.
const TEMP_PREFIX: &str = ".upload-";

#[derive(Debug)]
pub(super) struct Local {
    root: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MediaStoreError + '_ {
    move |source| MediaStoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Runs blocking file work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, MediaStoreError> + Send + 'static,
) -> Result<T, MediaStoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| MediaStoreError::Io {
            path: PathBuf::new(),
            source: std::io::Error::other(e.to_string()),
        })?
}

impl Local {
    pub(super) fn new(root: PathBuf) -> Self {
        Local { root }
    }

    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    pub(super) async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), MediaStoreError> {
        let root = self.root.clone();
        let key = key.to_owned();
        blocking(move || write_file(&root, &key, &bytes)).await
    }

    pub(super) async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, MediaStoreError> {
        let path = self.root.join(key);
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if missing(&e) => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    pub(super) async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, MediaStoreError> {
        let path = self.root.join(key);
        match tokio::fs::metadata(&path).await {
            Ok(m) if m.is_file() => Ok(Some(ObjectInfo {
                key: key.to_owned(),
                size: m.len(),
                etag: None,
            })),
            Ok(_) => Ok(None),
            Err(e) if missing(&e) => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    pub(super) async fn open(
        &self,
        key: &str,
        range: Option<(u64, Option<u64>)>,
    ) -> Result<Opened, MediaStoreError> {
        let Some(bytes) = self.get(key).await? else {
            return Ok(Opened::Missing);
        };
        let size = bytes.len() as u64;
        let range = match range {
            None => 0..size,
            Some(r) => match clamp_range(r, size) {
                Some(r) => r,
                None => return Ok(Opened::Unsatisfiable { size }),
            },
        };
        // The range is within `bytes`, whose length fits usize.
        let part = Bytes::from(bytes).slice(range.start as usize..range.end as usize);
        Ok(Opened::Found(Download {
            size,
            range,
            etag: None,
            body: futures_util::stream::once(async move { Ok(part) }).boxed(),
        }))
    }

    pub(super) async fn delete(&self, key: &str) -> Result<(), MediaStoreError> {
        let path = self.root.join(key);
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if missing(&e) => Ok(()),
            Err(e) => Err(io(&path)(e)),
        }
    }

    pub(super) async fn list(&self) -> Result<Vec<ObjectInfo>, MediaStoreError> {
        let root = self.root.clone();
        blocking(move || list_files(&root)).await
    }
}

fn missing(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotFound
}

/// Writes `bytes` at `root/key` through a temporary file in the same folder.
pub(crate) fn write_file(root: &Path, key: &str, bytes: &[u8]) -> Result<(), MediaStoreError> {
    super::check_key(key)?;
    let (dir, name) = match key.rsplit_once('/') {
        Some((dir, name)) => (inside(root, dir)?, name),
        None => (inside(root, "")?, key),
    };
    write_atomic(&dir, name, bytes)
}

/// `root/rel_dir`, created, and checked to resolve inside `root` (a symlinked `uploads`
/// pointing elsewhere is refused rather than followed).
fn inside(root: &Path, rel_dir: &str) -> Result<PathBuf, MediaStoreError> {
    let rel = Path::new(rel_dir);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(MediaStoreError::OutsideMediaDir(rel.to_path_buf()));
    }
    std::fs::create_dir_all(root).map_err(io(root))?;
    let real_root = root.canonicalize().map_err(io(root))?;
    // One level at a time, checked before going deeper, so not even an empty folder is
    // created through a link that leads out.
    let mut dir = real_root.clone();
    for part in rel.components() {
        let next = dir.join(part);
        match std::fs::create_dir(&next) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(&next)(e)),
        }
        let real = next.canonicalize().map_err(io(&next))?;
        if !real.starts_with(&real_root) || !real.is_dir() {
            return Err(MediaStoreError::OutsideMediaDir(root.join(rel)));
        }
        dir = real;
    }
    Ok(dir)
}

/// Writes through a temporary file in the same folder and renames it into place, so a
/// reader never sees half a picture and a crash leaves no partial file under the final name.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), MediaStoreError> {
    let path = dir.join(name);
    if path.parent() != Some(dir) {
        return Err(MediaStoreError::OutsideMediaDir(path));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(io(&path))?;
    tmp.write_all(bytes).map_err(io(&path))?;
    tmp.as_file().sync_all().map_err(io(&path))?;
    tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    Ok(())
}

/// Every regular file below `root` (temporary files left out), with its key and size;
/// none when `root` does not exist.
fn list_files(root: &Path) -> Result<Vec<ObjectInfo>, MediaStoreError> {
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel) = stack.pop() {
        let here = root.join(&rel);
        let entries = match std::fs::read_dir(&here) {
            Ok(e) => e,
            Err(e) if missing(&e) => continue,
            Err(e) => return Err(io(&here)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io(&here))?;
            let kind = entry.file_type().map_err(io(&here))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let key = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if kind.is_dir() {
                stack.push(key);
            } else if kind.is_file() && !name.starts_with(TEMP_PREFIX) {
                let size = entry.metadata().map_err(io(&here))?.len();
                out.push(ObjectInfo {
                    key,
                    size,
                    etag: None,
                });
            }
        }
    }
    Ok(out)
}
