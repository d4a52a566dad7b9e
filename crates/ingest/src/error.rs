//! Why a document could not be read as a feed, in words an editor can act on, with the
//! line where it went wrong when there is one.

/// A document that is not a feed Gazette can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the document is empty; the address serves no feed")]
    Empty,
    #[error(
        "line {line}: not a feed: the document's root is <{root}>{}",
        hint(root)
    )]
    NotAFeed { line: usize, root: String },
    #[error("line {line}: broken XML: {message}")]
    Xml { line: usize, message: String },
    #[error("not a JSON Feed: {0}")]
    Json(String),
    #[error("not a feed: {0}")]
    Unreadable(String),
}

fn hint(root: &str) -> &'static str {
    if root.eq_ignore_ascii_case("html") {
        "; this is a web page: give its feed's address, or add the page and let Gazette discover its feeds"
    } else {
        "; Gazette reads RSS, Atom, JSON Feed and Google News sitemaps"
    }
}

/// The 1-based line of byte `pos` in `doc`.
pub(crate) fn line_at(doc: &str, pos: usize) -> usize {
    let end = pos.min(doc.len());
    let mut end_ok = end;
    while end_ok > 0 && !doc.is_char_boundary(end_ok) {
        end_ok -= 1;
    }
    doc[..end_ok].bytes().filter(|b| *b == b'\n').count() + 1
}
