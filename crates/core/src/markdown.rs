//! Markdown bodies to safe HTML. pulldown-cmark passes raw HTML through, so its output
//! always goes through the [`sanitize`](crate::sanitize) policy before anyone sees it.
//! The page title is the page's only `<h1>`, so a `#` heading in a body becomes `<h2>`.
//! Footnotes get numbered ids (`fn-1`, `fnref-1`) instead of the author's labels, which
//! could clash with the page's own ids; the sanitiser keeps exactly those.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::sanitize;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// The readable text, for word counts, excerpts and search: one line per block.
    pub plain_text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Footnote numbers in order of first mention, as pulldown-cmark itself numbers them.
#[derive(Default)]
struct Footnotes {
    numbers: HashMap<String, usize>,
    referenced: HashSet<usize>,
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_lowercase()).or_insert(next)
    }

    fn reference(&mut self, label: &str) -> String {
        let n = self.number(label);
        // Only the first mention carries the id, so ids stay unique.
        let mut html = format!("<sup class=\"footnote-reference\"><a href=\"#fn-{n}\"");
        if self.referenced.insert(n) {
            let _ = write!(html, " id=\"fnref-{n}\"");
        }
        let _ = write!(html, ">{n}</a></sup>");
        html
    }

    fn definition(&mut self, label: &str) -> String {
        let n = self.number(label);
        format!(
            "<div class=\"footnote-definition\" id=\"fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>"
        )
    }
}

pub fn render(markdown: &str) -> Rendered {
    let mut notes = Footnotes::default();
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Event::End(TagEnd::Heading(HeadingLevel::H2))
        }
        Event::FootnoteReference(label) => Event::InlineHtml(CowStr::from(notes.reference(&label))),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Html(CowStr::from(notes.definition(&label)))
        }
        Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::Borrowed("</div>\n")),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len().saturating_mul(3) / 2);
    html::push_html(&mut raw, events);
    let html = sanitize::clean_html(&raw);

    // Text comes from the sanitised HTML, so whatever the policy removed (a script's
    // source, say) is not counted or excerpted either.
    let text = sanitize::html_to_text(&html);
    let mut plain_text = String::with_capacity(text.len());
    for line in text.lines() {
        for (i, word) in line.split_whitespace().enumerate() {
            if i == 0 && !plain_text.is_empty() {
                plain_text.push('\n');
            } else if i > 0 {
                plain_text.push(' ');
            }
            plain_text.push_str(word);
        }
    }
    Rendered { html, plain_text }
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

    #[test]
    fn top_headings_become_h2() {
        let r = render("# Title\n\n## Sub\n\n###### Six");
        assert_eq!(r.html, "<h2>Title</h2>\n<h2>Sub</h2>\n<h6>Six</h6>\n");
        assert_eq!(r.plain_text, "Title\nSub\nSix");
        assert!(!render("Title\n=====").html.contains("h1"));
    }

    #[test]
    fn footnotes_link_both_ways_without_the_authors_labels() {
        let r = render(
            "Text[^note] and again[^note], then[^Other].\n\n[^note]: Note *one*.\n[^other]: Note two.\n",
        );
        assert!(
            r.html.contains(
                "<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\" rel=\"noopener nofollow\">1</a></sup>"
            ),
            "{}",
            r.html
        );
        // The second mention links to the same note but does not repeat the id.
        assert_eq!(r.html.matches("id=\"fnref-1\"").count(), 1);
        assert_eq!(r.html.matches("href=\"#fn-1\"").count(), 2);
        assert!(r.html.contains("href=\"#fn-2\" id=\"fnref-2\""));
        assert!(r.html.contains(
            "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>"
        ));
        assert!(r.html.contains("id=\"fn-2\""));
        assert!(!r.html.contains("note\"") && !r.html.contains("id=\"other"));
        // Footnote numbers do not stick to words in the text.
        assert_eq!(r.plain_text, "Text and again, then.\nNote one.\nNote two.");
        // Hostile labels cannot inject anything.
        let r = render("x[^\"><script>alert(1)</script>]\n\n[^\"><script>alert(1)</script>]: n");
        assert!(
            !r.html.contains("<script") && !r.html.contains("alert(1)</"),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_load_only_over_http_or_from_this_site() {
        let r = render(
            "![alt > text](/media/a.jpg \"T\") ![x](https://cdn.example/b.png) \
             ![d](data:image/png;base64,AA) ![r](pic.jpg) ![j](javascript:alert(1)) ![v](JaVaScRiPt:alert(2))",
        );
        assert_eq!(
            r.html,
            "<p><img src=\"/media/a.jpg\" alt=\"alt &gt; text\" title=\"T\"> \
             <img src=\"https://cdn.example/b.png\" alt=\"x\"> <img alt=\"d\"> <img alt=\"r\"> \
             <img alt=\"j\"> <img alt=\"v\"></p>\n"
        );
        assert_eq!(r.plain_text, "");
    }

    #[test]
    fn safe_raw_html_survives_and_the_rest_does_not() {
        let r = render(
            "<figure><img src=\"/media/x.jpg\" alt=\"X\"><figcaption>Cap</figcaption></figure>\n\n\
             <div onclick=x style=\"color:red\">raw <b>ok</b></div>\n\n<script>alert(1)</script>\n\n\
             <iframe src=\"https://evil.example\"></iframe>\n\ntext <img src=x onerror=alert(1)> more\n\n\
             <style>p{}</style><form><input></form>",
        );
        assert!(r.html.contains(
            "<figure><img src=\"/media/x.jpg\" alt=\"X\"><figcaption>Cap</figcaption></figure>"
        ));
        assert!(r.html.contains("<div>raw <b>ok</b></div>"), "{}", r.html);
        let lower = r.html.to_lowercase();
        for bad in [
            "script", "alert", "onclick", "onerror", "iframe", "evil", "style", "form", "input",
        ] {
            assert!(!lower.contains(bad), "{bad} in {}", r.html);
        }
        assert_eq!(r.plain_text, "Cap\nraw ok\ntext more");
    }

    #[test]
    fn blocks_are_separated_in_the_text() {
        let r = render(
            "line one  \nline two\n\n> quote\n\n```\ncode <b> & \"q\"\n```\n\n* * *\n\n1. x\n2. y\n\n\
             Term&nbsp;here &amp; &lt;tag&gt; `inline <i>`",
        );
        assert!(
            r.html
                .contains("<pre><code>code &lt;b&gt; &amp; \"q\"\n</code></pre>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.plain_text,
            "line one\nline two\nquote\ncode <b> & \"q\"\nx\ny\nTerm here & <tag> inline <i>"
        );
    }

    #[test]
    fn text_of_every_script_is_kept() {
        let r = render(
            "İlham Əliyev **şəhərə** gəldi.\n\nПривет, _мир_!\n\n東京 한국어 日本語\n\n\
             مرحبا بالعالم\n\nCafe\u{301} 👨\u{200d}👩\u{200d}👧 🇦🇿",
        );
        assert_eq!(
            r.plain_text,
            "İlham Əliyev şəhərə gəldi.\nПривет, мир!\n東京 한국어 日本語\nمرحبا بالعالم\nCafe\u{301} 👨\u{200d}👩\u{200d}👧 🇦🇿"
        );
    }

    #[test]
    fn whitespace_and_huge_input() {
        assert_eq!(render("   \n\n\t  \n"), Rendered::default());
        let big = "Paragraph with **bold** and [a link](https://example.org).\n\n".repeat(20_000);
        let r = render(&big);
        assert_eq!(r.plain_text.lines().count(), 20_000);
        assert_eq!(r.html.matches("<p>").count(), 20_000);
        let nested = "- ".repeat(3000) + "x";
        assert!(render(&nested).plain_text.contains('x'));
        let brackets = "[".repeat(50_000) + &"]".repeat(50_000);
        assert_eq!(render(&brackets).plain_text.len(), 100_000);
    }
}
