//! Markdown bodies to safe HTML. pulldown-cmark passes raw HTML through, so its output
//! always goes through the [`sanitize`](crate::sanitize) policy before anyone sees it.

use pulldown_cmark::{Options, Parser, html};

use crate::sanitize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// The readable text, for word counts, excerpts and search.
    pub plain_text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

pub fn render(markdown: &str) -> Rendered {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    let html = sanitize::clean_html(&raw);

    // Text comes from the sanitised HTML, so whatever the policy removed (a script's
    // source, say) is not counted or excerpted either.
    let text = sanitize::html_to_text(&html);
    let plain: String = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Rendered {
        html,
        plain_text: plain.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_and_text() {
        let r = render(
            "# Title\n\nSome **bold** and a [link](https://example.org).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~",
        );
        assert!(r.html.contains("<strong>bold</strong>"));
        assert!(
            r.html
                .contains("<a href=\"https://example.org\" rel=\"noopener nofollow\">link</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<table>") && r.html.contains("<del>gone</del>"));
        assert!(
            r.plain_text.starts_with("Title\nSome bold and a link."),
            "{}",
            r.plain_text
        );
        assert!(!r.plain_text.contains('*'));
    }

    #[test]
    fn raw_html_in_markdown_is_sanitised() {
        let r = render(
            "Hi <script>alert(1)</script> <b onclick=\"x()\">there</b>\n\n[x](javascript:alert(2))\n\n![p](javascript:alert(3))",
        );
        let lower = r.html.to_lowercase();
        assert!(
            !lower.contains("script")
                && !lower.contains("onclick")
                && !lower.contains("javascript"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<b>there</b>"));
        assert!(!r.plain_text.contains("alert"), "{}", r.plain_text);
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(
            render(""),
            Rendered {
                html: String::new(),
                plain_text: String::new()
            }
        );
        let r = render("Ölkə **şəhər** — Привет 東京 🎉");
        assert!(r.plain_text.contains("Ölkə şəhər — Привет 東京 🎉"));
        let deep = "> ".repeat(5000) + "deep";
        assert!(render(&deep).plain_text.contains("deep"));
    }
}
