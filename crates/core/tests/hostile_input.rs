//! Property tests of the rules every user- or remote-controlled text goes through: the HTML
//! sanitiser, Markdown rendering and slugs. Inputs are built from known filter-evasion and
//! mutation-XSS pieces mixed with arbitrary text, so the generator reaches the shapes
//! attackers use; every output is parsed as a browser would (html5ever) and must hold no
//! script, event handler or script URL, and no element outside the policy.

use gazette_core::{markdown, sanitize, slug};
use proptest::prelude::*;
use scraper::Html;

/// Pieces of known sanitiser bypasses (OWASP's filter-evasion list, mutation XSS through
/// foreign content and parser differentials), to be shuffled and joined.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<a href=\" &#14;  javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\">",
    "<embed src=x.swf>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<style>@import 'evil.css';</style>",
    "<base href=\"javascript:/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<p onclick=\"alert(1)\">",
    "<a href=\"https://ok.example/\" onmouseover=alert(1)>ok</a>",
    "<img src=\"https://ok.example/a.png\" alt=\"a\">",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<p>",
    "</p>",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    "```\n<script>\n```",
    "[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
    "\n\n",
    "# heading",
    "| a | b |\n|---|---|\n| <script> | x |",
];

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => "[a-z <>\"'=/:&#;]{0,12}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// What the parser wraps a fragment in, besides the policy's own elements.
const WRAPPERS: &[&str] = &["html", "head", "body"];

/// Why `html` could run script in a browser, if it could.
fn danger(html: &str) -> Option<String> {
    let doc = Html::parse_fragment(html);
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        if !sanitize::ALLOWED_TAGS.contains(&name) && !WRAPPERS.contains(&name) {
            return Some(format!("element <{name}>"));
        }
        for (attr, value) in el.attrs() {
            if attr.to_ascii_lowercase().starts_with("on") || attr == "style" {
                return Some(format!("attribute {attr} on <{name}>"));
            }
            // What a browser sees as the scheme: controls and whitespace stripped.
            let compact: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                if compact.starts_with(scheme) {
                    return Some(format!("{attr}=\"{value}\" on <{name}>"));
                }
            }
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn sanitised_html_never_runs_script(input in hostile_text()) {
        let out = sanitize::clean_html(&input);
        prop_assert_eq!(danger(&out), None, "input {:?} gave {:?}", input, out);
        // The text of it can always be taken (excerpts, search).
        let _ = sanitize::html_to_text(&out);
    }

    #[test]
    fn rendered_markdown_never_runs_script(input in hostile_text()) {
        let out = markdown::render(&input);
        prop_assert_eq!(danger(&out.html), None, "input {:?} gave {:?}", input, out.html);
    }

    #[test]
    fn generated_slugs_are_short_lowercase_ascii_words(input in hostile_text()) {
        let s = slug::slugify(&input);
        prop_assert!(s.len() <= 80, "{:?} → {:?}", input, s);
        prop_assert!(
            s.is_empty() || s.split('-').all(|w| !w.is_empty()
                && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{:?} → {:?}", input, s
        );
        if !s.is_empty() && !slug::RESERVED.contains(&s.as_str()) {
            prop_assert!(slug::validate(&s).is_ok(), "{:?} → {:?}", input, s);
        }
    }

    #[test]
    fn any_unicode_title_gives_a_slug_or_nothing(input in any::<String>()) {
        let s = slug::slugify(&input);
        prop_assert!(s.is_ascii() && s.len() <= 80 && !s.starts_with('-') && !s.ends_with('-'));
    }
}

/// The checker itself: each of these must be caught, or the properties above prove nothing.
#[test]
fn the_checker_catches_script_in_every_form() {
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<a href=\"DATA:text/html,x\">x</a>",
        "<p style=\"x\">",
        "<svg></svg>",
        "<iframe></iframe>",
    ] {
        assert!(danger(bad).is_some(), "{bad}");
    }
    assert_eq!(
        danger("<p><a href=\"https://ok.example/\">ok</a></p>"),
        None
    );
}
