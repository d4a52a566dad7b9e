//! Picture links pointed at a CDN (`media_url`): pages, feeds and sitemaps are rendered with
//! the site's own `/media/…` addresses (article bodies store them so), and this rewrites them
//! on the way out, before the page cache keeps the result.
//!
//! Absolute addresses (`{base_url}/media/…`, in OpenGraph tags, JSON-LD, feeds and sitemaps,
//! escaped or not) are replaced wherever they stand. Relative ones are replaced only inside
//! a tag's attribute values, at the start of the value or of a `srcset` candidate, so the
//! text of an article that mentions `/media/` is left as written. The input is markup Gazette
//! produced itself (templates with escaping, bodies serialised by the sanitiser), so quoted
//! attribute values are all this needs to recognise; an HTML rewriting crate such as
//! lol_html would add a large dependency for this one substitution.

use std::borrow::Cow;

const MEDIA: &str = "/media/";

/// `document` with its links to `{base_url}/media/…` and `/media/…` pointing at `media_url`
/// (no trailing slash) instead; unchanged when `media_url` is empty.
pub fn to_media_url<'a>(document: &'a str, base_url: &str, media_url: &str) -> Cow<'a, str> {
    if media_url.is_empty() || !document.contains(MEDIA) {
        return Cow::Borrowed(document);
    }
    let own = format!("{base_url}{MEDIA}");
    let absolute_done = document.replace(&own, &format!("{media_url}/"));
    Cow::Owned(relative_in_attributes(&absolute_done, media_url))
}

/// Attributes whose value is an address (or, for `srcset`, a list of them).
const LINK_ATTRIBUTES: [&str; 4] = ["src", "href", "poster", "srcset"];

/// Rewrites `/media/…` at the start of a link attribute's value, or of a `srcset` candidate.
fn relative_in_attributes(html: &str, media_url: &str) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Text,
        Tag,
        /// Inside a value quoted with the byte; whether it is a `srcset`.
        Value(u8, bool),
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut state = State::Text;
    // Start of the text not copied to `out` yet.
    let mut copied = 0;
    let mut i = 0;
    // Copies up to `upto` (inclusive), then the media URL in place of the `/media/` after it.
    let replace_after = |upto: usize, out: &mut String, copied: &mut usize| {
        out.push_str(&html[*copied..=upto]);
        out.push_str(media_url);
        out.push('/');
        *copied = upto + 1 + MEDIA.len();
    };
    while i < bytes.len() {
        let b = bytes[i];
        state = match (state, b) {
            (State::Text, b'<') => State::Tag,
            (State::Tag, b'>') => State::Text,
            (State::Tag, b'"' | b'\'') => {
                let name = attribute_name(&html[..i]);
                if LINK_ATTRIBUTES.contains(&name.as_str()) && html[i + 1..].starts_with(MEDIA) {
                    replace_after(i, &mut out, &mut copied);
                    i = copied - 1;
                }
                State::Value(b, name == "srcset")
            }
            (State::Value(q, _), _) if b == q => State::Tag,
            (State::Value(q, true), b',') => {
                let rest = &html[i + 1..];
                let spaces = rest.len() - rest.trim_start_matches(' ').len();
                if rest[spaces..].starts_with(MEDIA) {
                    replace_after(i + spaces, &mut out, &mut copied);
                    i = copied - 1;
                }
                State::Value(q, true)
            }
            (s, _) => s,
        };
        i += 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// The attribute name before the `=` that ends `before`, lower-cased (empty if none).
fn attribute_name(before: &str) -> String {
    let Some(before) = before.trim_end().strip_suffix('=') else {
        return String::new();
    };
    let before = before.trim_end();
    let start = before
        .rfind(|c: char| c.is_ascii_whitespace() || c == '<' || c == '"' || c == '\'')
        .map_or(0, |p| p + 1);
    before[start..].to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDN: &str = "https://cdn.example.net/pics";

    fn rewrite(html: &str) -> String {
        to_media_url(html, "https://news.example", CDN).into_owned()
    }

    #[test]
    fn pictures_point_at_the_media_url() {
        assert_eq!(
            rewrite(
                r#"<img src="/media/a.jpg" srcset="/media/a-480.jpg 480w, /media/a-960.jpg 960w" alt="x">"#
            ),
            r#"<img src="https://cdn.example.net/pics/a.jpg" srcset="https://cdn.example.net/pics/a-480.jpg 480w, https://cdn.example.net/pics/a-960.jpg 960w" alt="x">"#
        );
        assert_eq!(
            rewrite(r#"<meta property="og:image" content="https://news.example/media/b.png">"#),
            r#"<meta property="og:image" content="https://cdn.example.net/pics/b.png">"#
        );
        // Escaped inside a feed, and in JSON-LD.
        assert_eq!(
            rewrite(
                "&lt;img src=&quot;https://news.example/media/c.png&quot;&gt; {\"url\":\"https://news.example/media/d.png\"}"
            ),
            "&lt;img src=&quot;https://cdn.example.net/pics/c.png&quot;&gt; {\"url\":\"https://cdn.example.net/pics/d.png\"}"
        );
        assert_eq!(
            rewrite("<a href='/media/e.pdf'>e</a>"),
            "<a href='https://cdn.example.net/pics/e.pdf'>e</a>"
        );
    }

    #[test]
    fn text_and_other_addresses_stay_as_written() {
        for html in [
            r#"<p>Uploads go to "/media/", then, /media/x is served.</p>"#,
            r#"<a href="/category/media/">Media</a>"#,
            r#"<img src="https://elsewhere.example/media/a.jpg" alt="a, /media/b">"#,
            r#"<a title="x > y" href="/about">a</a> "/media/z""#,
            "",
        ] {
            assert_eq!(rewrite(html), html);
        }
        assert_eq!(
            to_media_url(r#"<img src="/media/a.jpg">"#, "https://news.example", ""),
            r#"<img src="/media/a.jpg">"#
        );
    }

    #[test]
    fn a_truncated_document_does_not_panic() {
        for html in [
            "<img src=\"",
            "<img src=\"/media/",
            "<a title=\"a,",
            "<",
            "<img srcset=\"/x 1w, /media/",
        ] {
            let _ = rewrite(html);
        }
        assert_eq!(
            rewrite("<img src=\"/media/"),
            "<img src=\"https://cdn.example.net/pics/"
        );
    }
}
