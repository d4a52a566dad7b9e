//! Index files read with positional reads instead of memory maps (hand-written; tantivy has
//! none that fits).
//!
//! Why: a memory-mapped index counts in the process RSS for every page a search has touched. In
//! the benchmark (100,000 articles, 640 MB of index) a few thousand varied queries left ~600 MB
//! of the index mapped, which alone breaks the 200 MB budget of the server, although those pages
//! are only page cache. With `pread` the data still comes from the kernel's page cache (fast,
//! and the kernel may reclaim it), but only what tantivy keeps in memory counts against the
//! process: the term dictionaries (loaded whole at open), small columns and the doc-store block
//! cache. Postings, positions and stored documents are read per term or block, which costs a
//! copy of a few kilobytes — microseconds per query (see the benchmark).
//!
//! Writing, locking, atomic meta files and watching stay with [`MmapDirectory`]; only
//! [`Directory::get_file_handle`] differs. tantivy-common's `WrapFile` does the same reads but
//! fails on empty ranges, which tantivy does ask for.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// [`MmapDirectory`] for writing, positional reads for reading.
#[derive(Clone, Debug)]
pub(crate) struct ReadDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReadDirectory {
    pub(crate) fn open(root: &Path) -> Result<ReadDirectory, tantivy::TantivyError> {
        Ok(ReadDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_owned(),
        })
    }
}

#[derive(Debug)]
struct ReadFile {
    file: File,
    len: usize,
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.start >= range.end {
            return Ok(OwnedBytes::empty());
        }
        if range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "read of {range:?} past the end ({}) of an index file",
                    self.len
                ),
            ));
        }
        let mut buffer = vec![0; range.len()];
        self.file.read_exact_at(&mut buffer, range.start as u64)?;
        Ok(OwnedBytes::new(buffer))
    }
}

impl Directory for ReadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let open = || -> io::Result<ReadFile> {
            let file = File::open(&full)?;
            let len = usize::try_from(file.metadata()?.len())
                .map_err(|_| io::Error::new(io::ErrorKind::FileTooLarge, "index file too large"))?;
            Ok(ReadFile { file, len })
        };
        match open() {
            Ok(file) => Ok(Arc::new(file)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_owned()))
            }
            Err(error) => Err(OpenReadError::wrap_io_error(error, path.to_owned())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ranges_including_empty_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("f"), b"hello world").expect("write");
        let directory = ReadDirectory::open(dir.path()).expect("open");
        let handle = directory.get_file_handle(Path::new("f")).expect("handle");
        assert_eq!(handle.len(), 11);
        assert_eq!(handle.read_bytes(6..11).expect("read").as_slice(), b"world");
        assert!(handle.read_bytes(3..3).expect("empty read").is_empty());
        assert!(handle.read_bytes(6..12).is_err());
        assert!(matches!(
            directory.get_file_handle(Path::new("missing")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
