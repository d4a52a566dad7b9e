//! One HTML policy for everything people and remote sites send us: article bodies,
//! imported posts, feed items. What survives is article markup; scripts, styles, frames,
//! forms, event handlers and every URL scheme but http, https, mailto and tel are removed.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

static POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::empty();
    b.add_tags([
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "sub",
        "sup",
        "mark",
        "small",
        "code",
        "pre",
        "kbd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "abbr",
        "cite",
        "q",
        "dl",
        "dt",
        "dd",
        "span",
        "section",
    ])
    .clean_content_tags(HashSet::from([
        "script", "style", "iframe", "object", "embed", "form", "svg", "math", "template",
        "noscript", "textarea", "select", "button", "frameset", "frame", "applet", "audio",
        "video",
    ]))
    .add_generic_attributes(["title", "lang", "dir"])
    .add_tag_attributes("a", ["href"])
    .add_tag_attributes("img", ["src", "alt", "width", "height", "loading"])
    .add_tag_attributes("td", ["colspan", "rowspan"])
    .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
    .add_tag_attributes("ol", ["start", "reversed"])
    .add_tag_attributes("blockquote", ["cite"])
    .add_tag_attributes("q", ["cite"])
    .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
    .url_relative(UrlRelative::PassThrough)
    .link_rel(Some("noopener nofollow"))
    .strip_comments(true);
    b
});

/// `html` with everything outside the policy removed; always well-formed.
pub fn clean_html(html: &str) -> String {
    POLICY.clean(html).to_string()
}

/// Tags after which text continues on a new line.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "dt",
    "dd",
    "section",
    "ul",
    "ol",
    "dl",
];

/// The readable text of (sanitised) HTML: inline tags dropped, block tags turned into line
/// breaks, the common entities decoded. Used for word counts and excerpts.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + len];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_clean(input: &str, forbidden: &[&str]) {
        let out = clean_html(input).to_lowercase();
        for f in forbidden {
            assert!(!out.contains(f), "`{f}` survived in {out} (from {input})");
        }
    }

    #[test]
    fn scripts_handlers_and_dangerous_urls_are_removed() {
        assert_clean("<p>a<script>alert(1)</script>b</p>", &["script", "alert"]);
        assert_clean("<img src=x onerror=alert(1)>", &["onerror", "alert"]);
        assert_clean(
            "<a href=\"javascript:alert(1)\">x</a>",
            &["javascript", "alert"],
        );
        assert_clean(
            "<a href=\" JAVASCRIPT:alert(1)\">x</a>",
            &["javascript", "alert"],
        );
        assert_clean(
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            &["script:", "alert"],
        );
        assert_clean(
            "<a href=\"vbscript:x\">x</a><a href=\"data:text/html,<script>x</script>\">y</a>",
            &["vbscript", "data:", "<script"],
        );
        assert_clean("<svg onload=alert(1)><circle/></svg>", &["svg", "onload"]);
        assert_clean(
            "<iframe src=\"https://evil.example\"></iframe>",
            &["iframe", "evil"],
        );
        assert_clean(
            "<style>body{display:none}</style><p style=\"color:red\">x</p>",
            &["style", "display"],
        );
        assert_clean(
            "<form action=\"https://evil.example\"><input name=a></form>",
            &["form", "input", "evil"],
        );
        assert_clean(
            "<object data=x></object><embed src=x>",
            &["object", "embed"],
        );
        assert_clean(
            "<p class=\"x\" id=\"y\" onclick=\"z()\">t</p>",
            &["class", "id=", "onclick"],
        );
        assert_clean("<<script>script>alert(1)<</script>/script>", &["<script"]);
        assert_clean(
            "<img src=\"x\" alt='\"><script>alert(1)</script>'>",
            &["<script"],
        );
        assert_clean("<!-- <script>x</script> -->", &["script"]);
    }

    #[test]
    fn article_markup_survives() {
        let html = "<h2>Title</h2><p><strong>bold</strong> <a href=\"https://example.org/x\">link</a></p>\
                    <figure><img src=\"/media/a.jpg\" alt=\"A\"><figcaption>Cap</figcaption></figure>\
                    <table><tr><td colspan=\"2\">c</td></tr></table><blockquote>q</blockquote>";
        let out = clean_html(html);
        for keep in [
            "<h2>Title</h2>",
            "<strong>bold</strong>",
            "href=\"https://example.org/x\"",
            "rel=\"noopener nofollow\"",
            "<img src=\"/media/a.jpg\" alt=\"A\">",
            "<figcaption>Cap</figcaption>",
            "colspan=\"2\"",
            "<blockquote>q</blockquote>",
        ] {
            assert!(out.contains(keep), "lost `{keep}` in {out}");
        }
        assert_eq!(
            clean_html("<p>unclosed <b>bold"),
            "<p>unclosed <b>bold</b></p>"
        );
        assert!(clean_html("<a href=\"mailto:a@b.example\">m</a>").contains("mailto:"));
    }

    #[test]
    fn text_is_extracted_from_markup() {
        let text = html_to_text("<p>Tom &amp; <b>Jer</b>ry</p><p>5 &lt; 6</p>");
        assert_eq!(
            text.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>(),
            ["Tom & Jerry", "5 < 6"]
        );
        assert_eq!(html_to_text("broken <b"), "broken ");
    }
}
