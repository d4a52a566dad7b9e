//! The article fields nobody types: HTML, excerpt, word count and reading time, all derived
//! from the Markdown body. The editor, the importer and the demo generator save articles
//! through different paths; they all derive through here, so the same body always gives the
//! same excerpt and reading time whichever way it arrived.

use crate::markdown;
use crate::text;

/// Length of a derived excerpt, in characters (the "…" added after a cut is not counted).
pub const EXCERPT_CHARS: usize = 220;

/// What a Markdown body gives an article besides itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedBody {
    /// The body as safe HTML.
    pub html: String,
    /// The first [`EXCERPT_CHARS`] characters of the text, for an article without its own.
    pub excerpt: String,
    pub word_count: u32,
    pub reading_minutes: u32,
}

impl DerivedBody {
    /// Renders `markdown` and measures it.
    pub fn from_markdown(markdown: &str) -> DerivedBody {
        let rendered = markdown::render(markdown);
        let stats = text::reading_stats(&rendered.plain_text);
        DerivedBody {
            excerpt: auto_excerpt(&rendered.plain_text),
            html: rendered.html,
            word_count: stats.words,
            reading_minutes: stats.minutes,
        }
    }
}

/// The excerpt derived from an article's plain text.
pub fn auto_excerpt(plain_text: &str) -> String {
    text::excerpt(plain_text, EXCERPT_CHARS)
}

/// The excerpt an article shows: the one typed for it (trimmed), or else `derived`.
pub fn effective_excerpt(typed: &str, derived: impl FnOnce() -> String) -> String {
    let typed = typed.trim();
    if typed.is_empty() {
        derived()
    } else {
        typed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_gives_html_excerpt_and_reading_time() {
        let d = DerivedBody::from_markdown("## Heading\n\nSome *body* text here.");
        assert!(d.html.contains("<em>body</em>"), "{}", d.html);
        assert_eq!(d.excerpt, "Heading Some body text here.");
        assert_eq!((d.word_count, d.reading_minutes), (5, 1));
    }

    #[test]
    fn long_bodies_get_a_cut_excerpt_of_the_fixed_length() {
        let d = DerivedBody::from_markdown(&"word ".repeat(500));
        assert!(d.excerpt.ends_with('…'));
        assert!(d.excerpt.chars().count() <= EXCERPT_CHARS + 1);
        assert!(d.excerpt.chars().count() > EXCERPT_CHARS - 5);
        assert_eq!((d.word_count, d.reading_minutes), (500, 3));
    }

    #[test]
    fn a_typed_excerpt_wins_over_the_derived_one() {
        assert_eq!(effective_excerpt("  Mine. ", || "derived".into()), "Mine.");
        assert_eq!(effective_excerpt(" \n ", || "derived".into()), "derived");
    }
}
