//! Searching with `LIKE` for text a person typed. `%` and `_` are wildcards in `LIKE`, so a
//! search for "50%" would match "500"; they are escaped with `\`, which every query names
//! with `ESCAPE '\'` (neither SQLite nor PostgreSQL agrees on a default escape character).
//!
//! This lives in the store rather than in core because it is a rule of SQL, not of the
//! domain: the escape character and the `ESCAPE` clause must change together.

/// `text` with the `LIKE` wildcards and the escape character escaped, to match literally.
pub(crate) fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A `LIKE … ESCAPE '\'` pattern matching any text that contains `text` literally. Case is
/// left alone: callers compare lowercase with lowercase (`LOWER(column) LIKE …`).
pub(crate) fn contains_pattern(text: &str) -> String {
    format!("%{}%", like_escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_taken_literally() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(contains_pattern("oil"), "%oil%");
        assert_eq!(contains_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
