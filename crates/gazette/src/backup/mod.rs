//! `gazette backup FILE` and `gazette restore FILE`: the whole site in one archive.
//!
//! The archive is a gzipped tar holding the database (a consistent SQLite copy, or a
//! `pg_dump` of PostgreSQL), every file under `media/`, and last `manifest.json`: the
//! format, when and from what it was taken, what it holds, and a SHA-256 per file. The
//! database is copied first, then the media: pictures are never changed in place, so
//! every picture the copied database names is on disk when the media are read (one
//! deleted in between is reported, not fatal). The search index is left out: a server
//! rebuilds it from the database.
//!
//! A restore reads the whole archive and checks every checksum before it writes
//! anything, and refuses a target that already has content unless forced, so a wrong
//! file or a wrong `--data` cannot overwrite a live site by accident.

mod database;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use gazette_store::{Backend, ContentCounts, Store, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::config::Settings;

const FORMAT: &str = "gazette-backup/1";
const MANIFEST: &str = "manifest.json";
const MEDIA: &str = "media";

/// What an archive holds; written last, read first on restore.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub gazette_version: String,
    pub created_at: String,
    /// `sqlite` or `postgres`: which kind of database the archive can be restored into.
    pub backend: String,
    /// The database's entry in the archive.
    pub database: String,
    pub counts: ContentCounts,
    /// Every other entry's size and SHA-256 (hex), by path in the archive.
    pub files: BTreeMap<String, FileSum>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileSum {
    pub bytes: u64,
    pub sha256: String,
}

/// Why a backup or a restore stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cannot read or write {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Media(#[from] gazette_media::MediaStoreError),
    #[error("{0}")]
    Database(String),
    #[error("{} is not a Gazette backup: {why}", path.display())]
    NotABackup { path: PathBuf, why: String },
    #[error(
        "{} is damaged: {entry} does not match its checksum in the manifest; nothing was restored",
        path.display()
    )]
    Damaged { path: PathBuf, entry: String },
    #[error(
        "this backup holds a {archive} database but the target is {target}; restore it into a {archive} site"
    )]
    WrongBackend { archive: String, target: String },
    #[error(
        "the target already has content ({0}); restore into an empty data directory or database, or pass --force to replace it"
    )]
    NotEmpty(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Where the database of a site is, as a backup needs it.
pub struct Target<'a> {
    pub settings: &'a Settings,
    pub store: &'a Store,
}

/// Writes a backup of the site to `out` (through a temporary file renamed at the end, so
/// a failed backup never leaves a truncated archive under the name). `progress(phase,
/// done, total)` is called as files are added.
pub async fn create(
    target: &Target<'_>,
    out: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Manifest, BackupError> {
    let work = tempfile::Builder::new()
        .prefix(".gazette-backup-")
        .tempdir_in(
            out.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        )
        .map_err(io_error(out))?;
    progress("Database", 0, 1);
    let counts = target.store.content_counts().await?;
    let (backend, db_file) = database::dump(target, work.path()).await?;
    progress("Database", 1, 1);

    let partial = work.path().join("archive.partial");
    let file = File::create(&partial).map_err(io_error(&partial))?;
    let mut tar = tar::Builder::new(GzEncoder::new(BufWriter::new(file), Compression::fast()));
    let mut files = BTreeMap::new();
    let db_entry = format!("database/{}", file_name(&db_file));
    files.insert(
        db_entry.clone(),
        append_file(&mut tar, &db_file, &db_entry)?,
    );

    let store = &target.settings.media;
    let media = store.list().await?;
    let total = media.len() as u64;
    for (done, file) in media.iter().enumerate() {
        let entry = format!("{MEDIA}/{}", file.key);
        match store.get(&file.key).await? {
            Some(bytes) => {
                let sum = append_bytes(&mut tar, &bytes, &entry).map_err(io_error(&partial))?;
                files.insert(entry, sum);
            }
            // Deleted since it was listed: the database copy may still name it, but the
            // copy is older than the deletion, so the restored site shows what it showed.
            None => tracing::warn!("{} was deleted during the backup", file.key),
        }
        progress("Media", done as u64 + 1, total);
    }

    let manifest = Manifest {
        format: FORMAT.to_owned(),
        gazette_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default(),
        backend: backend_name(backend).to_owned(),
        database: db_entry,
        counts,
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| BackupError::Database(format!("cannot write the manifest: {e}")))?;
    let mut header = tar::Header::new_gnu();
    header.set_size(json.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(OffsetDateTime::now_utc().unix_timestamp().max(0) as u64);
    tar.append_data(&mut header, MANIFEST, json.as_slice())
        .map_err(io_error(&partial))?;
    let mut writer = tar
        .into_inner()
        .and_then(|gz| gz.finish())
        .map_err(io_error(&partial))?;
    writer.flush().map_err(io_error(&partial))?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .map_err(io_error(&partial))?;
    std::fs::rename(&partial, out).map_err(io_error(out))?;
    Ok(manifest)
}

/// Restores the archive at `archive` into the site of `target` (whose store must be
/// migrated and otherwise unused). Refuses a target with content unless `force`.
pub async fn restore(
    target: &Target<'_>,
    archive: &Path,
    force: bool,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Manifest, BackupError> {
    let manifest = verify(archive, progress)?;
    let backend = backend_name(target.store.backend());
    if manifest.backend != backend {
        return Err(BackupError::WrongBackend {
            archive: manifest.backend.clone(),
            target: backend.to_owned(),
        });
    }
    let store = &target.settings.media;
    if !force {
        let mut found = Vec::new();
        let counts = target.store.content_counts().await?;
        if counts != ContentCounts::default() {
            found.push(format!(
                "{} articles, {} pages, {} accounts in the database",
                counts.articles, counts.pages, counts.users
            ));
        }
        let pictures = store.list().await?.len();
        if pictures > 0 {
            found.push(format!("{pictures} files in {}", store.describe()));
        }
        if !found.is_empty() {
            return Err(BackupError::NotEmpty(found.join(", ")));
        }
    }

    let work = tempfile::Builder::new()
        .prefix(".gazette-restore-")
        .tempdir_in(&target.settings.raw.data_dir)
        .map_err(io_error(&target.settings.raw.data_dir))?;
    let total = manifest.files.len() as u64;
    let mut done = 0;
    let mut db_file = None;
    // Pictures are unpacked beside the database first, then put into the media store
    // (a directory or a bucket) once the archive has been read to its end.
    let unpacked = work.path().join(MEDIA);
    let mut media = Vec::new();
    each_entry(archive, |name, reader| {
        if name == MANIFEST {
            return Ok(());
        }
        let dest = if name == manifest.database {
            let path = work.path().join(file_name(Path::new(&name)));
            db_file = Some(path.clone());
            path
        } else {
            let rel = safe_relative(&name, archive)?;
            let rel = rel.strip_prefix(MEDIA).unwrap_or(&rel).to_path_buf();
            media.push(rel.clone());
            unpacked.join(rel)
        };
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        let mut out = File::create(&dest).map_err(io_error(&dest))?;
        io::copy(reader, &mut out).map_err(io_error(&dest))?;
        done += 1;
        progress("Restoring", done, total);
        Ok(())
    })?;
    let db_file = db_file.ok_or_else(|| BackupError::NotABackup {
        path: archive.to_owned(),
        why: "the database named in the manifest is missing".into(),
    })?;
    let total = media.len() as u64;
    for (done, rel) in media.iter().enumerate() {
        let path = unpacked.join(rel);
        let bytes = std::fs::read(&path).map_err(io_error(&path))?;
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        store.put(&key, bytes).await?;
        progress("Pictures", done as u64 + 1, total);
    }
    database::load(target, &db_file).await?;
    Ok(manifest)
}

/// Reads the archive once: every entry's checksum against the manifest, and nothing
/// missing or extra. Writes nothing.
pub fn verify(
    archive: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Manifest, BackupError> {
    progress("Checking", 0, 1);
    let mut sums = BTreeMap::new();
    let mut manifest_json = None;
    each_entry(archive, |name, reader| {
        if name == MANIFEST {
            let mut json = Vec::new();
            reader
                .take(16 << 20)
                .read_to_end(&mut json)
                .map_err(io_error(archive))?;
            manifest_json = Some(json);
        } else {
            safe_relative(&name, archive)?;
            let sum = checksum(reader).map_err(io_error(archive))?;
            sums.insert(name, sum);
        }
        Ok(())
    })?;
    let not_a_backup = |why: &str| BackupError::NotABackup {
        path: archive.to_owned(),
        why: why.to_owned(),
    };
    progress("Checking", 1, 1);
    let json = manifest_json.ok_or_else(|| not_a_backup("it has no manifest.json"))?;
    let manifest: Manifest = serde_json::from_slice(&json)
        .map_err(|e| not_a_backup(&format!("its manifest cannot be read ({e})")))?;
    if manifest.format != FORMAT {
        return Err(not_a_backup(&format!(
            "its format is `{}`, this Gazette reads `{FORMAT}`",
            manifest.format
        )));
    }
    for (entry, expected) in &manifest.files {
        if sums.get(entry) != Some(expected) {
            return Err(BackupError::Damaged {
                path: archive.to_owned(),
                entry: entry.clone(),
            });
        }
    }
    if let Some(extra) = sums.keys().find(|k| !manifest.files.contains_key(*k)) {
        return Err(BackupError::Damaged {
            path: archive.to_owned(),
            entry: extra.clone(),
        });
    }
    Ok(manifest)
}

/// Calls `f` with the name and contents of every regular file in the archive.
fn each_entry(
    archive: &Path,
    mut f: impl FnMut(String, &mut dyn Read) -> Result<(), BackupError>,
) -> Result<(), BackupError> {
    let file = File::open(archive).map_err(io_error(archive))?;
    let mut tar = tar::Archive::new(GzDecoder::new(io::BufReader::new(file)));
    let damaged = |e: io::Error| BackupError::NotABackup {
        path: archive.to_owned(),
        why: format!("it is not a readable .tar.gz ({e})"),
    };
    for entry in tar.entries().map_err(damaged)? {
        let mut entry = entry.map_err(damaged)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        f(name, &mut entry)?;
    }
    Ok(())
}

/// An entry's path, refused unless it stays inside the archive's own folders.
fn safe_relative(name: &str, archive: &Path) -> Result<PathBuf, BackupError> {
    let path = Path::new(name);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || !(name.starts_with("database/") || name.starts_with("media/")) {
        return Err(BackupError::NotABackup {
            path: archive.to_owned(),
            why: format!("it holds an entry outside its folders: `{name}`"),
        });
    }
    Ok(path.to_owned())
}

/// Adds `bytes` as `entry`, hashed.
fn append_bytes<W: Write>(
    tar: &mut tar::Builder<W>,
    bytes: &[u8],
    entry: &str,
) -> io::Result<FileSum> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(OffsetDateTime::now_utc().unix_timestamp().max(0) as u64);
    let mut reader = Hashing::new(bytes);
    tar.append_data(&mut header, entry, &mut reader)?;
    Ok(reader.sum())
}

/// Adds the file at `path` as `entry`, hashing it as it is copied (one read per file).
fn append_file<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &Path,
    entry: &str,
) -> Result<FileSum, BackupError> {
    let file = File::open(path).map_err(io_error(path))?;
    let meta = file.metadata().map_err(io_error(path))?;
    let mut header = tar::Header::new_gnu();
    header.set_size(meta.len());
    header.set_mode(0o644);
    header.set_mtime(
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs()),
    );
    // Exactly the size in the header, even if the file grows meanwhile.
    let mut reader = Hashing::new(file.take(meta.len()));
    tar.append_data(&mut header, entry, &mut reader)
        .map_err(io_error(path))?;
    if reader.bytes != meta.len() {
        // Shrunk while read: the entry would not match its header.
        return Err(io_error(path)(io::Error::other(
            "the file changed while it was being backed up; run the backup again",
        )));
    }
    Ok(reader.sum())
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    fn sum(self) -> FileSum {
        FileSum {
            bytes: self.bytes,
            sha256: format!("{:x}", self.hasher.finalize()),
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

fn checksum(reader: &mut dyn Read) -> io::Result<FileSum> {
    let mut hashing = Hashing::new(reader);
    io::copy(&mut hashing, &mut io::sink())?;
    Ok(hashing.sum())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}
