//! One HTML policy for everything people and remote sites send us: article bodies,
//! imported posts, feed items. What survives is article markup; scripts, styles, frames,
//! forms, event handlers, `style`, `class` and `id` are removed, and every URL scheme but
//! http, https, mailto and tel (ammonia parses the URL, so casing, entities and embedded
//! whitespace do not hide `javascript:`). Images load only from http(s) or this site, so
//! a post cannot embed `data:` payloads. Links get `rel="noopener nofollow"`: we vouch for
//! no one we link to. The only classes and ids kept are the footnote ones
//! [`markdown`](crate::markdown) writes, so footnote links work and themes can style them.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// The elements that survive sanitising; everything else is removed (its text kept,
/// except in the script-like elements whose content goes with them).
pub const ALLOWED_TAGS: &[&str] = &[
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
    "div",
    "section",
];

static POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::empty();
    b.add_tags(ALLOWED_TAGS)
        .clean_content_tags(HashSet::from([
            "script", "style", "iframe", "object", "embed", "form", "svg", "math", "template",
            "noscript", "textarea", "select", "button", "frameset", "frame", "applet", "audio",
            "video", "title",
        ]))
        .add_generic_attributes(["title", "lang", "dir"])
        .add_tag_attributes("a", ["href", "id"])
        .add_tag_attributes(
            "img",
            [
                "src", "srcset", "sizes", "alt", "width", "height", "loading",
            ],
        )
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        .add_tag_attributes("ol", ["start", "reversed"])
        .add_tag_attributes("blockquote", ["cite"])
        .add_tag_attributes("q", ["cite"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .attribute_filter(filter_attribute)
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener nofollow"))
        .strip_comments(true);
    b
});

/// The footnote ids [`markdown`](crate::markdown) writes: `fn-3`, `fnref-3`.
fn is_footnote_id(id: &str) -> bool {
    id.strip_prefix("fnref-")
        .or_else(|| id.strip_prefix("fn-"))
        .is_some_and(|n| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An image URL we are willing to load: absolute http(s) or a path on this site.
fn is_image_url(url: &str) -> bool {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('/')
}

/// Runs after ammonia's own checks, for what those do not cover.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let ok = match (element, attribute) {
        // Ids would let posted HTML clobber page globals (`window.x`); keep only ours.
        (_, "id") => is_footnote_id(value),
        ("img", "src") => is_image_url(value),
        // ammonia does not check srcset URLs; each candidate is "url [descriptor]".
        ("img", "srcset") => {
            let mut urls = value.split(',').filter_map(|c| c.split_whitespace().next());
            urls.clone().next().is_some() && urls.all(is_image_url)
        }
        ("img", "loading") => matches!(value, "lazy" | "eager"),
        ("img", "width" | "height") | ("td" | "th", "colspan" | "rowspan") | ("ol", "start") => {
            !value.is_empty() && value.len() <= 6 && value.bytes().all(|b| b.is_ascii_digit())
        }
        (_, "dir") => matches!(value, "ltr" | "rtl" | "auto"),
        _ => true,
    };
    ok.then_some(Cow::Borrowed(value))
}

/// `html` with everything outside the policy removed; always well-formed.
pub fn clean_html(html: &str) -> String {
    POLICY.clean(html).to_string()
}

/// Tags after which text continues on a new line.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h1",
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
    "div",
    "section",
    "ul",
    "ol",
    "dl",
];

/// The readable text of sanitised HTML (the output of [`clean_html`]): inline tags
/// dropped, block tags turned into line breaks, entities decoded, footnote numbers left
/// out so they do not stick to words. Used for word counts, excerpts and search.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Inside a footnote number, skipped until its `</sup>`.
    let mut skipping = false;
    while let Some(start) = rest.find('<') {
        if !skipping {
            push_decoded(&mut out, &rest[..start]);
        }
        let tag_and_rest = &rest[start + 1..];
        let Some(len) = tag_end(tag_and_rest) else {
            rest = "";
            break;
        };
        let tag = &tag_and_rest[..len];
        rest = &tag_and_rest[len + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        let is_sup = name.eq_ignore_ascii_case("sup");
        if skipping {
            skipping = !(closing && is_sup);
        } else if is_sup && !closing && tag.contains("class=\"footnote-") {
            skipping = true;
        } else if BLOCKS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
            out.push('\n');
        }
    }
    if !skipping {
        push_decoded(&mut out, rest);
    }
    out
}

/// Where the tag that starts `s` (just after its `<`) ends, skipping `>` inside quoted
/// attribute values (`alt="a > b"`).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Appends `text` with HTML character references decoded. html5ever only writes
/// `&amp; &lt; &gt; &quot; &nbsp;`; numeric references are decoded too, unknown ones kept.
fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let c = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                num => num
                    .strip_prefix("#x")
                    .or_else(|| num.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| num.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32)
                    .filter(|c| *c != '\0'),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
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

    #[test]
    fn obfuscated_schemes_are_caught() {
        for href in [
            "javascript:alert(1)",
            " JAVASCRIPT:alert(1)",
            "JaVaScRiPt:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "jav\tascript:alert(1)",
            "java\nscript:alert(1)",
            "java\rscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            " DATA:text/html,x",
            "ftp://example.org/",
            "file:///etc/passwd",
        ] {
            let out = clean_html(&format!("<a href=\"{href}\">x</a>"));
            assert_eq!(out, "<a rel=\"noopener nofollow\">x</a>", "{href:?}");
            let out = clean_html(&format!("<img src=\"{href}\" alt=\"x\">"));
            assert_eq!(out, "<img alt=\"x\">", "{href:?}");
        }
        // The parser turns NUL into U+FFFD, which leaves a harmless relative path.
        assert_eq!(
            clean_html("<a href=\"\u{0}javascript:alert(1)\">x</a>"),
            "<a href=\"\u{fffd}javascript:alert(1)\" rel=\"noopener nofollow\">x</a>"
        );
    }

    #[test]
    fn links_lose_target_and_get_rel() {
        assert_eq!(
            clean_html("<a href=\"/relative\" target=\"_blank\" rel=\"opener\" ping=\"/x\">x</a>"),
            "<a href=\"/relative\" rel=\"noopener nofollow\">x</a>"
        );
        for ok in [
            "https://example.org/a?b=1&amp;c=2#d",
            "http://example.org",
            "mailto:a@b.example",
            "tel:+994123456",
            "#section",
            "../up",
            "?q=1",
        ] {
            let out = clean_html(&format!("<a href=\"{ok}\" title=\"T\">x</a>"));
            assert_eq!(
                out,
                format!("<a href=\"{ok}\" title=\"T\" rel=\"noopener nofollow\">x</a>")
            );
        }
    }

    #[test]
    fn images_load_only_from_http_or_this_site() {
        assert_eq!(
            clean_html(
                "<img src=\"https://cdn.example/a.jpg\" srcset=\"/a.jpg 1x, https://cdn.example/b.jpg 2x\" \
                 sizes=\"100vw\" alt=\"A\" width=\"640\" height=\"480\" loading=\"lazy\">"
            ),
            "<img src=\"https://cdn.example/a.jpg\" srcset=\"/a.jpg 1x, https://cdn.example/b.jpg 2x\" \
             sizes=\"100vw\" alt=\"A\" width=\"640\" height=\"480\" loading=\"lazy\">"
        );
        // A single bad candidate drops the whole srcset; relative paths that are not
        // site-absolute would resolve against the wrong page.
        assert_eq!(
            clean_html(
                "<img src=\"pic.jpg\" srcset=\"/a.jpg 1x, data:image/png;base64,AA 2x\" \
                 width=\"100%\" height=\"x\" loading=\"auto\" onerror=\"alert(1)\">"
            ),
            "<img>"
        );
        assert_eq!(
            clean_html("<img srcset=\"javascript:alert(1) 1x\">"),
            "<img>"
        );
        assert_eq!(clean_html("<img srcset=\", ,\">"), "<img>");
    }

    #[test]
    fn only_footnote_classes_and_ids_survive() {
        assert_eq!(
            clean_html(
                "<div id=\"location\" class=\"footnote-definition evil\"><p id=\"fn-1\" class=\"x\">x</p></div>"
            ),
            "<div class=\"footnote-definition\"><p>x</p></div>"
        );
        assert_eq!(
            clean_html("<div id=\"fn-12\"><a href=\"#fn-12\" id=\"fnref-12\">1</a></div>"),
            "<div id=\"fn-12\"><a href=\"#fn-12\" id=\"fnref-12\" rel=\"noopener nofollow\">1</a></div>"
        );
        for bad in ["fn-", "fn-x", "fnref-1a", "fn-1234567", "document", "fn--1"] {
            assert_eq!(
                clean_html(&format!("<div id=\"{bad}\">x</div>")),
                "<div>x</div>",
                "{bad}"
            );
        }
        assert!(is_footnote_id("fn-1") && is_footnote_id("fnref-999999"));
    }

    #[test]
    fn hostile_structure_is_neutralised() {
        assert_clean(
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            &["onerror", "alert(1)>", "<p title"],
        );
        assert_clean(
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            &["javascript", "math"],
        );
        assert_clean(
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            &["javascript", "svg"],
        );
        assert_clean(
            "<base href=\"https://evil.example/\"><meta http-equiv=refresh content=\"0;url=https://evil.example\">\
             <link rel=stylesheet href=\"https://evil.example/x.css\">",
            &["evil", "base", "meta", "link"],
        );
        assert_clean(
            "<img src=x alt=\"a\"b\" onerror=alert(1)>",
            &["onerror", "alert"],
        );
        assert_clean(
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            &["style", "javascript"],
        );
        assert_clean(
            "<video src=x onerror=alert(1)></video><audio src=x>",
            &["video", "audio", "alert"],
        );
        assert_clean(
            "<details open ontoggle=alert(1)>x</details>",
            &["ontoggle", "alert"],
        );
        assert_clean(
            "<marquee onstart=alert(1)>x</marquee>",
            &["onstart", "marquee"],
        );
        assert_clean(
            "<title>t</title><textarea><script>x</script></textarea>",
            &["<script", "title"],
        );
        assert_eq!(clean_html(""), "");
        assert_eq!(clean_html("   "), "   ");
        assert_eq!(clean_html("<p>"), "<p></p>");
        assert_eq!(clean_html("<<<>>>"), "&lt;&lt;&lt;&gt;&gt;&gt;");
        assert_eq!(clean_html("</p></div></b>"), "<p></p>");
        // Deep nesting and large inputs finish and stay well-formed.
        let deep = "<blockquote>".repeat(2000) + "x";
        assert!(clean_html(&deep).contains('x'));
        let big = "<p>Ölkə <b>şəhər</b> Привет 東京 🎉 مرحبا</p>".repeat(5000);
        assert_eq!(clean_html(&big), big);
    }

    #[test]
    fn text_of_every_script_survives() {
        let html = "<p dir=\"rtl\" lang=\"ar\">مرحبا بالعالم</p><p lang=\"az\">İlham Əliyev şəhərə gəldi</p>\
                    <p>Привет, мир</p><p>東京 한국어 日本語</p><p>e\u{301} 👨\u{200d}👩\u{200d}👧 🇦🇿</p>";
        assert_eq!(clean_html(html), html);
        assert_eq!(
            clean_html("<p dir=\"sideways\" lang=\"az\">x</p>"),
            "<p lang=\"az\">x</p>"
        );
    }

    #[test]
    fn text_extraction_handles_odd_markup() {
        assert_eq!(html_to_text("<img alt=\"a > b\">after"), "after");
        assert_eq!(
            html_to_text("a&amp;lt;b &#1071; &#x44F; &bogus; & &;"),
            "a&lt;b Я я &bogus; & &;"
        );
        assert_eq!(
            html_to_text("a&#0;b &#xFFFFFFFF; &#99999999999;"),
            "a&#0;b &#xFFFFFFFF; &#99999999999;"
        );
        assert_eq!(html_to_text("x&nbsp;y"), "x y");
        assert_eq!(
            html_to_text(
                "<p>Word<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup> next</p>\
                 <div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup><p>Note</p></div>"
            )
            .split_whitespace()
            .collect::<Vec<_>>(),
            ["Word", "next", "Note"]
        );
        assert_eq!(html_to_text("H<sub>2</sub>O x<sup>2</sup>"), "H2O x2");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<"), "");
        assert_eq!(html_to_text("a<b c=\"unterminated"), "a");
    }
}
