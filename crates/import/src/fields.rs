//! Turning WordPress's field values into Gazette's: titles as plain text, slugs that pass
//! Gazette's rules, dates in UTC, and old URLs as the keys `redirects` stores. Every step
//! of the pipeline reads WordPress values through these, so the same value always becomes
//! the same Gazette value whichever step meets it first.

use gazette_core::{sanitize, slug};
use gazette_store::redirect_key;
use time::{OffsetDateTime, PrimitiveDateTime};

/// A WordPress title (which may hold markup and entities) as one line of plain text.
pub(crate) fn title_text(raw: &str) -> String {
    sanitize::html_to_text(&sanitize::clean_html(raw))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A percent-encoded WordPress value (slugs, logins) as text.
pub(crate) fn decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

/// A Gazette slug for a WordPress slug (maybe percent-encoded UTF-8), falling back to
/// the title, then to `fallback`.
pub(crate) fn gazette_slug(raw: &str, title: &str, fallback: &str) -> String {
    let decoded = decode(raw.trim());
    if slug::validate(&decoded).is_ok() {
        return decoded;
    }
    for candidate in [slug::slugify(&decoded), slug::slugify(title)] {
        if slug::validate(&candidate).is_ok() {
            return candidate;
        }
        // A word the site uses itself (`admin`, `feed`): keep it readable, add a number.
        let numbered = format!("{candidate}-2");
        if !candidate.is_empty() && slug::validate(&numbered).is_ok() {
            return numbered;
        }
    }
    fallback.to_owned()
}

/// The host of an absolute http(s) URL, lowercased.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// The path (percent-decoded) and WordPress query of an old URL on the exported site,
/// as `redirects` stores it; `None` for URLs on other sites.
pub(crate) fn old_path(url: &str, hosts: &[String]) -> Option<String> {
    let url = url.trim();
    let rest = if url.starts_with('/') && !url.starts_with("//") {
        url
    } else {
        let host = host_of(url)?;
        if !hosts.contains(&host) {
            return None;
        }
        let after_scheme = url.split_once("://").map_or("", |(_, r)| r);
        let at = after_scheme.find(['/', '?']).unwrap_or(after_scheme.len());
        &after_scheme[at..]
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    redirect_key(path, query)
}

/// A WordPress date (`2024-01-02 03:04:05`) taken as UTC; `None` when empty or zero.
pub(crate) fn parse_date(s: &str) -> Option<OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let s = s.trim();
    if s.is_empty() || s.starts_with("0000") {
        return None;
    }
    PrimitiveDateTime::parse(s, fmt)
        .ok()
        .map(|t| t.assume_utc())
}

/// Percent-encodes what a URL path cannot hold as is (spaces, `?`, `#`, non-ASCII).
pub(crate) fn url_path(p: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'%');
    percent_encoding::utf8_percent_encode(p, SET).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_urls_become_normalised_paths() {
        let hosts = vec!["old.example".to_owned()];
        assert_eq!(
            old_path("https://old.example/?p=12", &hosts).as_deref(),
            Some("/?p=12")
        );
        assert_eq!(
            old_path("http://OLD.example/2024/01/%d0%bf%d1%80/#c", &hosts).as_deref(),
            Some("/2024/01/пр/")
        );
        assert_eq!(old_path("https://other.example/a/", &hosts), None);
        assert_eq!(old_path("https://old.example/", &hosts), None);
        assert_eq!(
            old_path("/wp-content/uploads/a.png", &hosts).as_deref(),
            Some("/wp-content/uploads/a.png")
        );
        assert_eq!(old_path("//evil.example/x", &hosts), None);
        assert_eq!(
            redirect_key("", Some("utm=1&page_id=3")).as_deref(),
            Some("/?page_id=3")
        );
        assert_eq!(redirect_key("/", Some("s=x")), None);
    }

    #[test]
    fn slugs_are_decoded_and_made_valid() {
        assert_eq!(gazette_slug("hello-world", "T", "x"), "hello-world");
        assert_eq!(
            gazette_slug("%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82", "T", "x"),
            "privet"
        );
        assert_eq!(
            gazette_slug("", "Grain prices rise", "x"),
            "grain-prices-rise"
        );
        assert_eq!(gazette_slug("%e6%9d%b1", "東京", "post-9"), "post-9");
        assert_eq!(
            gazette_slug("Caps_And_Underscores", "T", "x"),
            "caps-and-underscores"
        );
        assert_eq!(gazette_slug("admin", "Admin", "x"), "admin-2");
    }
}
