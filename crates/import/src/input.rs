//! Opening an export: plain XML or gzip, told apart by the file's first bytes (a `.xml`
//! may be compressed and a `.gz` may not), read through a buffer so memory stays bounded
//! whatever the file's size. Also turns a byte offset back into a line and column by
//! reading the file again, which costs nothing until something has gone wrong.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;

use crate::{ImportError, Position};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BUFFER: usize = 256 * 1024;

/// An opened export and how much of the file on disk has been read so far (compressed
/// bytes for gzip), for a progress bar over [`Opened::size`].
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    pub size: u64,
    pub read: Arc<AtomicU64>,
    pub gzipped: bool,
}

struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> ImportError + '_ {
    move |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Opens `path`, decompressing it when it starts with the gzip magic bytes.
pub fn open(path: &Path) -> Result<Opened, ImportError> {
    let file = File::open(path).map_err(io_error(path))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let read = Arc::new(AtomicU64::new(0));
    let mut raw = BufReader::with_capacity(
        BUFFER,
        Counting {
            inner: file,
            read: Arc::clone(&read),
        },
    );
    let gzipped = raw
        .fill_buf()
        .map_err(io_error(path))?
        .starts_with(&GZIP_MAGIC);
    let reader: Box<dyn BufRead + Send> = if gzipped {
        Box::new(BufReader::with_capacity(BUFFER, MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    Ok(Opened {
        reader,
        size,
        read,
        gzipped,
    })
}

/// The line and column of byte `offset` of the decompressed stream of `path`. Columns
/// count characters, not bytes.
pub fn locate(path: &Path, offset: u64) -> Result<Position, ImportError> {
    let mut reader = open(path)?.reader;
    let (mut line, mut column, mut pos) = (1u64, 1u64, 0u64);
    while pos < offset {
        let buf = match reader.fill_buf() {
            Ok([]) => break,
            Ok(buf) => buf,
            // A corrupt gzip stream: the position reached so far is the best we know.
            Err(_) => break,
        };
        let take = usize::try_from(offset - pos)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        for &b in &buf[..take] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a new character.
                column += 1;
            }
        }
        pos += take as u64;
        reader.consume(take);
    }
    Ok(Position { line, column })
}

/// Replaces a byte-offset error with one that names the file, line and column.
pub fn with_position(path: &Path, error: ImportError) -> ImportError {
    match error {
        ImportError::Syntax { offset, message } => match locate(path, offset) {
            Ok(position) => ImportError::Malformed {
                path: path.to_path_buf(),
                position,
                message,
            },
            Err(e) => e,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_is_detected_by_content_and_positions_count_characters() {
        let dir = std::env::temp_dir().join(format!("gazette-import-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "ab\nçd\néé<x";
        let plain = dir.join("a.gz");
        std::fs::write(&plain, text).unwrap();
        let zipped = dir.join("a.xml");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        std::fs::write(&zipped, gz.finish().unwrap()).unwrap();
        for (path, gzipped) in [(&plain, false), (&zipped, true)] {
            let mut opened = open(path).unwrap();
            assert_eq!(opened.gzipped, gzipped);
            let mut s = String::new();
            opened.reader.read_to_string(&mut s).unwrap();
            assert_eq!(s, text);
            let at = text.find('<').unwrap() as u64;
            assert_eq!(locate(path, at).unwrap(), Position { line: 3, column: 3 });
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
