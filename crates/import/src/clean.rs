//! WordPress post HTML to a Gazette body.
//!
//! Gazette stores bodies as Markdown and renders them through `core::markdown`, which
//! sanitises. An imported post is kept as *cleaned HTML inside the Markdown*: raw HTML is
//! valid Markdown, so editors still edit one field, and converting arbitrary WordPress
//! HTML to Markdown would lose tables, figures and captions that Markdown cannot express.
//! To make the renderer pass the HTML through untouched, the cleaned body is one
//! CommonMark HTML block: it starts with a block-level tag and has no blank line (blank
//! lines inside `<pre>` are written as `&#10;`, which renders the same).
//!
//! The steps mirror what WordPress does on display: Gutenberg block comments are removed;
//! classic (non-block) content gets `wpautop` paragraphs; `[caption]`, `[gallery]`,
//! `[embed]`, `[video]`/`[audio]` shortcodes become figures and links; other shortcodes
//! are unwrapped and counted; inline styles, classes, `srcset` and `data-*` attributes
//! go; images and links into the old `wp-content/uploads` are pointed at the media
//! library. Whatever the sanitiser will drop on render (scripts, frames, forms…) is
//! counted in [`Cleaned::unconverted`] so the import report can say so.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// What the cleanup needs to know about the import.
pub trait Resolver {
    /// The new URL of a file below the old uploads directory (`2024/01/a.png`), when it
    /// was imported.
    fn upload(&self, relative: &str) -> Option<String>;
    /// An attachment by WordPress id, for `[gallery ids="…"]`: (url, alt, caption).
    fn attachment(&self, id: i64) -> Option<(String, String, String)>;
}

/// A resolver that knows nothing: old URLs are kept as they are.
pub struct NoMedia;

impl Resolver for NoMedia {
    fn upload(&self, _: &str) -> Option<String> {
        None
    }
    fn attachment(&self, _: i64) -> Option<(String, String, String)> {
        None
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub html: String,
    /// What could not be converted, e.g. `"[contact-form] shortcode" → 2`.
    pub unconverted: BTreeMap<String, u32>,
    /// Links into the old uploads that point at no imported file.
    pub old_upload_links: u32,
}

impl Cleaned {
    fn note(&mut self, what: impl Into<String>) {
        *self.unconverted.entry(what.into()).or_insert(0) += 1;
    }
}

macro_rules! re {
    ($name:ident, $pattern:literal) => {
        static $name: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new($pattern).ok());
    };
}

re!(BLOCK_COMMENT, r"(?s)<!--\s*/?wp:.*?-->");
re!(MORE_COMMENT, r"<!--\s*(?:more|nextpage|noteaser)\b.*?-->");
re!(TAG, r"<[a-zA-Z][^<>]*>");
re!(
    DROP_ATTR,
    r#"(?i)\s+(?:style|class|srcset|sizes|data-[\w-]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)"#
);
re!(
    URL_ATTR,
    r#"(?i)(\s(?:src|href)\s*=\s*)(?:"([^"]*)"|'([^']*)')"#
);
re!(SIZE_SUFFIX, r"-(?:\d+x\d+|scaled|rotated)(\.[A-Za-z0-9]+)$");
re!(H1, r"(?i)<(/?)h1\b");
re!(
    IFRAME,
    r#"(?is)<iframe\b[^>]*?\ssrc\s*=\s*["']?(https?://[^"'\s>]+)[^>]*>.*?</iframe>"#
);
re!(
    DROPPED,
    r"(?i)<(script|style|iframe|object|embed|form|input|button|select|textarea|svg|math|video|audio|canvas|noscript|link|meta|base)\b"
);
re!(PRE, r"(?is)<pre\b.*?</pre>");
re!(BLANK_LINES, r"\n[ \t]*(?:\n[ \t]*)+");
re!(IMG, r"(?is)<img\b[^>]*>");
re!(OPEN_A, r"(?is)^\s*<a\b[^>]*>\s*$");

/// Block-level tags: wpautop leaves chunks starting with them alone, and a body starting
/// with one is a CommonMark HTML block.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "dialog",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
    "summary",
    "menu",
    "option",
];

fn regex(r: &LazyLock<Option<Regex>>) -> Option<&Regex> {
    r.as_ref()
}

/// The tag name a string starts with (`<figure class=…>` → `figure`, `</p>` → `p`).
fn leading_tag(s: &str) -> Option<(bool, String)> {
    let rest = s.trim_start().strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (!name.is_empty()).then_some((closing, name))
}

fn starts_with_block(s: &str) -> bool {
    leading_tag(s).is_some_and(|(_, name)| BLOCKS.contains(&name.as_str()))
}

/// Cleans one post body. Never fails: the worst input comes out as sanitisable HTML.
pub fn clean_body(raw: &str, resolver: &dyn Resolver) -> Cleaned {
    let mut out = Cleaned::default();
    // Placeholders below use U+0001; no real post needs it.
    let mut html = raw.replace("\r\n", "\n").replace(['\r', '\u{1}'], "\n");
    let has_blocks = html.contains("<!-- wp:");
    if let Some(re) = regex(&BLOCK_COMMENT) {
        html = re.replace_all(&html, "").into_owned();
    }
    if let Some(re) = regex(&MORE_COMMENT) {
        html = re.replace_all(&html, "").into_owned();
    }
    html = shortcodes(&html, resolver, &mut out, 0);
    if let Some(re) = regex(&IFRAME) {
        let before = html.len();
        html = re
            .replace_all(&html, |c: &Captures<'_>| {
                let url = c.get(1).map_or("", |m| m.as_str());
                format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n")
            })
            .into_owned();
        if html.len() != before {
            out.note("embedded frame (replaced by a link)");
        }
    }
    if !has_blocks {
        html = wpautop(&html);
    }
    if let Some(re) = regex(&TAG) {
        html = re
            .replace_all(&html, |c: &Captures<'_>| {
                clean_tag(&c[0], resolver, &mut out)
            })
            .into_owned();
    }
    if let Some(re) = regex(&H1) {
        // The article's title is the page's only h1.
        html = re.replace_all(&html, "<${1}h2").into_owned();
    }
    if let Some(re) = regex(&DROPPED) {
        for c in re.captures_iter(&html) {
            let tag = c[1].to_ascii_lowercase();
            out.note(format!("<{tag}> (removed: not allowed on Gazette pages)"));
        }
    }
    out.html = one_html_block(&html);
    out
}

/// Removes presentation attributes and rewrites upload URLs inside one start tag.
fn clean_tag(tag: &str, resolver: &dyn Resolver, out: &mut Cleaned) -> String {
    let mut t = match regex(&DROP_ATTR) {
        Some(re) => re.replace_all(tag, "").into_owned(),
        None => tag.to_owned(),
    };
    if let Some(re) = regex(&URL_ATTR) {
        t = re
            .replace_all(&t, |c: &Captures<'_>| {
                let prefix = &c[1];
                let url = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
                match rewrite_upload(url, resolver) {
                    Rewrite::New(new) => format!("{prefix}\"{new}\""),
                    Rewrite::Missing => {
                        out.old_upload_links += 1;
                        c[0].to_owned()
                    }
                    Rewrite::NotUpload => c[0].to_owned(),
                }
            })
            .into_owned();
    }
    t
}

enum Rewrite {
    New(String),
    Missing,
    NotUpload,
}

/// The part of an upload URL below `wp-content/uploads/`, without query or fragment.
pub fn upload_relative(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("/wp-content/uploads/")?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8_lossy()
        .into_owned();
    (!decoded.is_empty() && !decoded.split('/').any(|p| p == ".." || p.is_empty()))
        .then_some(decoded)
}

fn rewrite_upload(url: &str, resolver: &dyn Resolver) -> Rewrite {
    let Some(rel) = upload_relative(url) else {
        return if url.contains("/wp-content/uploads/") {
            Rewrite::Missing
        } else {
            Rewrite::NotUpload
        };
    };
    if let Some(new) = resolver.upload(&rel) {
        return Rewrite::New(new);
    }
    // `photo-300x200.png` and `photo-scaled.png` are sizes WordPress made of `photo.png`.
    if let Some(re) = regex(&SIZE_SUFFIX)
        && let Some(new) = resolver.upload(&re.replace(&rel, "$1"))
    {
        return Rewrite::New(new);
    }
    Rewrite::Missing
}

/// Makes the body a single CommonMark HTML block (see the module comment).
fn one_html_block(html: &str) -> String {
    let mut protected = Vec::new();
    let mut body = match regex(&PRE) {
        Some(re) => re
            .replace_all(html, |c: &Captures<'_>| {
                let pre = c[0].to_owned();
                // Each blank line becomes a character reference for its newline.
                let pre = match regex(&BLANK_LINES) {
                    Some(b) => b
                        .replace_all(&pre, |m: &Captures<'_>| {
                            let n = m[0].matches('\n').count();
                            format!("\n{}", "&#10;".repeat(n.saturating_sub(1)))
                        })
                        .into_owned(),
                    None => pre,
                };
                protected.push(pre);
                format!("\u{1}{}\u{1}", protected.len() - 1)
            })
            .into_owned(),
        None => html.to_owned(),
    };
    if let Some(re) = regex(&BLANK_LINES) {
        body = re.replace_all(&body, "\n").into_owned();
    }
    let mut body = body.trim().to_owned();
    for (i, pre) in protected.iter().enumerate() {
        body = body.replacen(&format!("\u{1}{i}\u{1}"), pre, 1);
    }
    if body.is_empty() {
        return body;
    }
    let first = body.lines().next().unwrap_or("");
    if starts_with_block(first) && !first.trim_start().starts_with("<pre") {
        body
    } else {
        format!("<div>\n{body}\n</div>")
    }
}

/// WordPress's `wpautop`, simplified: block-level tags get blank lines around them, each
/// chunk between blank lines that does not start with a block tag becomes a paragraph,
/// and single newlines inside paragraphs become `<br />`. `<pre>` is left as it is.
pub fn wpautop(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let mut pres = Vec::new();
    let mut text = match regex(&PRE) {
        Some(re) => re
            .replace_all(text, |c: &Captures<'_>| {
                pres.push(c[0].to_owned());
                format!("\n\n\u{1}{}\u{1}\n\n", pres.len() - 1)
            })
            .into_owned(),
        None => text.to_owned(),
    };
    // Blank lines before block-level start tags and after their end tags.
    if let Some(re) = regex(&TAG_ANY) {
        text = re
            .replace_all(&text, |c: &Captures<'_>| {
                let tag = &c[0];
                match leading_tag(tag) {
                    Some((false, name)) if BLOCKS.contains(&name.as_str()) => {
                        format!("\n\n{tag}")
                    }
                    Some((true, name)) if BLOCKS.contains(&name.as_str()) => {
                        format!("{tag}\n\n")
                    }
                    _ => tag.to_owned(),
                }
            })
            .into_owned();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let chunks = text.split("\n\n").map(str::trim).filter(|c| !c.is_empty());
    for chunk in chunks {
        if let Some(i) = chunk
            .strip_prefix('\u{1}')
            .and_then(|r| r.strip_suffix('\u{1}'))
            .and_then(|n| n.parse::<usize>().ok())
            && let Some(pre) = pres.get(i)
        {
            out.push_str(pre);
        } else if starts_with_block(chunk) || chunk.starts_with("</") {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            let mut lines = chunk.lines().map(str::trim).filter(|l| !l.is_empty());
            if let Some(first) = lines.next() {
                out.push_str(first);
            }
            for line in lines {
                out.push_str("<br />\n");
                out.push_str(line);
            }
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out.trim_end().to_owned()
}

re!(TAG_ANY, r"</?[a-zA-Z][^<>]*>");

mod shortcodes;

use shortcodes::shortcodes;

#[cfg(test)]
mod tests {
    use super::*;

    struct Media;
    impl Resolver for Media {
        fn upload(&self, rel: &str) -> Option<String> {
            (rel == "2024/01/photo.png").then(|| format!("/media/wp/{rel}"))
        }
        fn attachment(&self, id: i64) -> Option<(String, String, String)> {
            (id == 4).then(|| {
                (
                    "/media/wp/2024/01/photo.png".into(),
                    "Alt \"x\"".into(),
                    "Cap".into(),
                )
            })
        }
    }

    fn clean(s: &str) -> Cleaned {
        clean_body(s, &Media)
    }

    fn rendered(s: &str) -> String {
        gazette_core::markdown::render(&clean(s).html).html
    }

    #[test]
    fn wpautop_makes_paragraphs_and_line_breaks() {
        let out = wpautop(
            "First line\nsecond line\n\nNext *para*\n\n<blockquote>Quote</blockquote>\nAfter",
        );
        assert_eq!(
            out,
            "<p>First line<br />\nsecond line</p>\n\n<p>Next *para*</p>\n\n<blockquote>Quote</blockquote>\n\n<p>After</p>"
        );
        assert_eq!(wpautop("  \n\n "), "");
        let pre = wpautop("a\n\n<pre>x\n\n  y</pre>\n\nb");
        assert!(pre.contains("<pre>x\n\n  y</pre>"), "{pre}");
        assert!(wpautop("<p>already</p>").starts_with("<p>already</p>"));
    }

    #[test]
    fn classic_content_renders_as_paragraphs_without_markdown() {
        let html = rendered(
            "Text with *stars* and_underscores_ and 1. not a list\n\n    indented four\n\nTwo",
        );
        assert!(
            html.contains("<p>Text with *stars* and_underscores_ and 1. not a list</p>"),
            "{html}"
        );
        assert!(html.contains("<p>indented four</p>"), "{html}");
        assert!(!html.contains("<code>"), "{html}");
        assert!(!html.contains("<em>"), "{html}");
    }

    #[test]
    fn pre_blocks_keep_their_blank_lines() {
        let html = rendered("Intro\n\n<pre>fn a() {}\n\n\nfn b() {}</pre>\n\nOutro");
        assert!(html.contains("fn a() {}\n\n\nfn b() {}"), "{html}");
        assert!(html.contains("<p>Outro</p>"), "{html}");
    }

    #[test]
    fn gutenberg_comments_go_and_block_markup_stays() {
        let c = clean(
            "<!-- wp:paragraph {\"a\":\"x\"} -->\n<p style=\"color:red\" class=\"has-x\">One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":41} -->\n<figure class=\"wp-block-image\"><img src=\"http://old.example/wp-content/uploads/2024/01/photo-300x200.png\" srcset=\"a 300w\" alt=\"\" class=\"wp-image-41\" data-id=\"41\"/><figcaption>Cap</figcaption></figure>\n<!-- /wp:image --><!--more-->",
        );
        assert!(!c.html.contains("wp:"), "{}", c.html);
        assert!(
            !c.html.contains("style")
                && !c.html.contains("class")
                && !c.html.contains("srcset")
                && !c.html.contains("data-id"),
            "{}",
            c.html
        );
        assert!(
            c.html.contains("src=\"/media/wp/2024/01/photo.png\""),
            "{}",
            c.html
        );
        assert!(!c.html.contains("\n\n"));
        assert!(c.html.starts_with("<p>One</p>"), "{}", c.html);
        assert_eq!(c.old_upload_links, 0);
    }

    #[test]
    fn captions_become_figures() {
        let c = clean(
            "Before\n\n[caption id=\"attachment_38\" align=\"aligncenter\" width=\"1200\"]<a href=\"http://old.example/wp-content/uploads/2024/01/photo.png\"><img class=\"size-full\" src=\"http://old.example/wp-content/uploads/2024/01/photo.png\" alt=\"A\" width=\"1200\" /></a> Drought <em>statement</em>.[/caption]\n\nAfter",
        );
        let flat = c.html.replace('\n', "");
        assert!(flat.contains("<figure><a href=\"/media/wp/2024/01/photo.png\"><img src=\"/media/wp/2024/01/photo.png\" alt=\"A\" width=\"1200\" /></a><figcaption>Drought <em>statement</em>.</figcaption></figure>"), "{}", c.html);
        assert!(
            c.html.contains("<p>Before</p>") && c.html.contains("<p>After</p>"),
            "{}",
            c.html
        );
        assert!(c.unconverted.is_empty(), "{:?}", c.unconverted);
        // Old-style caption attribute, and a caption with no picture.
        let c = clean(
            "[caption caption=\"Say &quot;hi&quot;\"]<img src=\"x.png\">[/caption][caption]just text[/caption]",
        );
        assert!(
            c.html
                .contains("<figcaption>Say &quot;hi&quot;</figcaption>"),
            "{}",
            c.html
        );
        assert_eq!(c.unconverted.get("[caption] without a picture"), Some(&1));
        // Unterminated caption: the attribute-bearing tag is unwrapped, the rest kept.
        let c = clean("[caption id=\"1\"]<img src=\"x.png\"> no end");
        assert!(c.html.contains("<img src=\"x.png\">"), "{}", c.html);
    }

    #[test]
    fn other_shortcodes_are_converted_or_counted() {
        let c = clean(
            "[embed]https://www.youtube.com/watch?v=abc[/embed]\n\n[gallery ids=\"4,99\"]\n\n[contact-form-7 id=\"12\" title=\"Contact\"]\n\n[su_box title=\"T\"]Inside[/su_box]\n\n[video mp4=\"http://old.example/wp-content/uploads/2024/01/photo.png\"][/video]\n\nLiteral [sic] and [1] and [[caption]] and [ not closed",
        );
        let h = &c.html.replace('\n', "");
        assert!(
            h.contains("<a href=\"https://www.youtube.com/watch?v=abc\">"),
            "{h}"
        );
        assert!(h.contains("<figure><img src=\"/media/wp/2024/01/photo.png\" alt=\"Alt &quot;x&quot;\"><figcaption>Cap</figcaption></figure>"), "{h}");
        assert!(h.contains("<p>Inside</p>"), "{h}");
        assert!(
            h.contains("<a href=\"/media/wp/2024/01/photo.png\">"),
            "{h}"
        );
        assert!(
            h.contains("Literal [sic] and [1] and [caption] and [ not closed"),
            "{h}"
        );
        assert!(!h.contains("contact-form"), "{h}");
        assert_eq!(c.unconverted.get("[contact-form-7] shortcode"), Some(&1));
        assert_eq!(c.unconverted.get("[su_box] shortcode"), Some(&1));
        assert_eq!(
            c.unconverted
                .get("[gallery] (pictures not found among the imported attachments)"),
            Some(&1)
        );
    }

    #[test]
    fn hostile_html_is_counted_and_removed_on_render() {
        let raw = "<p onclick=\"x()\">Hi</p><script>alert(1)</script><iframe src=\"https://www.youtube.com/embed/x\"></iframe><iframe src=\"javascript:alert(1)\"></iframe><a href=\"javascript:alert(2)\">j</a><img src=x onerror=alert(3)><style>p{}</style><h1>Big</h1><form><input></form>";
        let c = clean(raw);
        assert!(
            c.unconverted.keys().any(|k| k.contains("<script>")),
            "{:?}",
            c.unconverted
        );
        assert!(
            c.unconverted.keys().any(|k| k.contains("embedded frame")),
            "{:?}",
            c.unconverted
        );
        let html = gazette_core::markdown::render(&c.html).html;
        for bad in [
            "<script",
            "alert(1)",
            "javascript:",
            "onerror",
            "onclick",
            "<iframe",
            "<style",
            "<form",
            "<input",
            "<h1",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<h2>Big</h2>"), "{html}");
        assert!(html.contains("https://www.youtube.com/embed/x"), "{html}");
    }

    #[test]
    fn nasty_inputs_do_not_panic() {
        let long_open = "[caption ".repeat(10_000);
        let nested = "[a x=1]".repeat(2000) + &"[/a]".repeat(2000);
        let brackets = "[".repeat(5000);
        let inputs = [
            "",
            "[",
            "]",
            "[/caption]",
            "[caption]",
            "[caption id=\"1\" ",
            "[gallery ids=\"a,,-1,9999999999999999999999\"]",
            "<!-- wp:paragraph",
            "<pre>",
            "<pre><pre></pre>",
            "\u{1}0\u{1}",
            "é[é=\"é\"]é[/é]",
            "[embed]javascript:alert(1)[/embed]",
            "[video src=\"javascript:alert(1)\"]",
            "<img src=\"http://x/wp-content/uploads/../../etc/passwd\">",
            "<img src='http://x/wp-content/uploads/2024/01/photo.png?ver=1'>",
            "<<<>>>",
            "\r\n\r\n\r",
            long_open.as_str(),
            nested.as_str(),
            brackets.as_str(),
        ];
        for s in inputs {
            let c = clean(s);
            let html = gazette_core::markdown::render(&c.html).html;
            assert!(!html.contains("javascript:"), "{s:?} → {html}");
        }
        let c = clean("<img src='http://x/wp-content/uploads/2024/01/photo.png?ver=1'>");
        assert!(
            c.html.contains("\"/media/wp/2024/01/photo.png\""),
            "{}",
            c.html
        );
        let c = clean(
            "<img src=\"http://x/wp-content/uploads/../../etc/passwd\"><img src=\"http://x/wp-content/uploads/2020/01/gone.jpg\">",
        );
        assert_eq!(c.old_upload_links, 2);
    }
}
