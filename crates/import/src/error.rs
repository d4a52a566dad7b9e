//! The import's error type. Every error about the file says where: a line and column for
//! XML problems, the item's id and title for content problems.

use std::path::PathBuf;

/// A place in the (decompressed) export file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Found while reading; `offset` is a byte offset in the decompressed stream, turned
    /// into a line and column by [`crate::input::locate`] once reading has stopped.
    #[error("malformed XML at byte {offset}: {message}")]
    Syntax { offset: u64, message: String },
    /// The same problem, with its line and column: malformed XML, or XML that is not a
    /// WordPress export.
    #[error("cannot import {}: {message} (at {position})", path.display())]
    Malformed {
        path: PathBuf,
        position: Position,
        message: String,
    },
}

impl ImportError {
    pub(crate) fn syntax(offset: u64, message: impl Into<String>) -> ImportError {
        ImportError::Syntax {
            offset,
            message: message.into(),
        }
    }
}
