//! One digest message for one subscriber: the HTML part (nested tables with inline styles,
//! which Gmail, Outlook and Apple Mail all lay out the same, one column that fits a phone),
//! the plain-text part, and the list headers of RFC 2369/2919/8058 (`List-Unsubscribe` with
//! an https link and a mailto, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`,
//! `List-Id`). No tracking: no pixel, no redirecting links, every link goes straight to the
//! article. Written with `format!` rather than a template engine so that the binary's sender
//! needs no theme to send; every value is escaped by `esc`. The words around the items come
//! in a [`DigestWords`], already in the subscriber's language (the sender takes them from
//! the theme's catalogues), so this crate stays free of any catalogue.

use gazette_core::digest::compose::Item;
use gazette_core::text::escape_html;

use crate::Letter;

/// The message's own words, in the subscriber's language.
#[derive(Debug, Clone)]
pub struct DigestWords {
    /// The language code for `<html lang>`.
    pub lang: String,
    /// Heading of the editors' picks.
    pub picks: String,
    /// "You get this because you subscribed to the digest of …".
    pub why: String,
    /// The footer's links in the HTML part.
    pub read_on_web: String,
    pub change_preferences: String,
    pub unsubscribe: String,
    /// The labels before the addresses in the plain-text part.
    pub on_web_label: String,
    pub preferences_label: String,
    pub unsubscribe_label: String,
}

impl DigestWords {
    /// The English words (tests, and a sender without catalogues).
    pub fn english(site_name: &str) -> DigestWords {
        DigestWords {
            lang: "en".into(),
            picks: PICKS_HEADING.into(),
            why: format!("You get this because you subscribed to the digest of {site_name}."),
            read_on_web: "Read it on the web".into(),
            change_preferences: "Change your preferences".into(),
            unsubscribe: "Unsubscribe".into(),
            on_web_label: "On the web".into(),
            preferences_label: "Preferences".into(),
            unsubscribe_label: "Unsubscribe".into(),
        }
    }
}

/// What one subscriber's copy of an edition shows.
#[derive(Debug, Clone)]
pub struct DigestView<'a> {
    pub words: &'a DigestWords,
    pub site_name: &'a str,
    /// Absolute site URL without a trailing slash.
    pub base_url: &'a str,
    /// "Daily digest, 7 December 2026".
    pub title: &'a str,
    /// The editors' note, plain text (may be empty).
    pub note: &'a str,
    /// The items for this subscriber, in order (picks first).
    pub items: &'a [&'a Item],
    /// The edition on the web.
    pub web_url: &'a str,
    pub preferences_url: &'a str,
    /// The one-click unsubscribe URL (https in production).
    pub unsubscribe_url: &'a str,
}

/// Heading of the editors' picks in English.
pub const PICKS_HEADING: &str = "Editors' picks";

/// Items grouped under their headings (`picks` for the editors' picks), in order.
fn groups<'a>(items: &'a [&'a Item], picks: &'a str) -> Vec<(&'a str, Vec<&'a Item>)> {
    let mut out: Vec<(&str, Vec<&Item>)> = Vec::new();
    for item in items {
        let heading = if item.pick {
            picks
        } else {
            item.section_name.as_str()
        };
        match out.last_mut() {
            Some((h, list)) if *h == heading => list.push(item),
            _ => out.push((heading, vec![item])),
        }
    }
    out
}

fn absolute(base: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{base}{path}")
    }
}

/// The HTML part.
pub fn html(v: &DigestView<'_>) -> String {
    const FONT: &str =
        "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    let mut body = String::new();
    if !v.note.trim().is_empty() {
        body.push_str(&format!(
            "<tr><td style=\"padding:0 24px 16px;{FONT};font-size:16px;line-height:1.5;color:#333333;\">{}</td></tr>\n",
            escape_html(v.note.trim()).replace('\n', "<br>")
        ));
    }
    for (heading, items) in groups(v.items, &v.words.picks) {
        body.push_str(&format!(
            "<tr><td style=\"padding:16px 24px 4px;{FONT};font-size:13px;font-weight:bold;letter-spacing:1px;text-transform:uppercase;color:#b3261e;border-top:1px solid #e5e5e5;\">{}</td></tr>\n",
            escape_html(heading)
        ));
        for item in items {
            let url = escape_html(&absolute(v.base_url, &item.path));
            body.push_str(&format!(
                "<tr><td style=\"padding:8px 24px;\"><a href=\"{url}\" style=\"{FONT};font-size:18px;line-height:1.3;font-weight:bold;color:#111111;text-decoration:none;\">{}</a>",
                escape_html(&item.title)
            ));
            if !item.excerpt.trim().is_empty() {
                body.push_str(&format!(
                    "<div style=\"{FONT};font-size:15px;line-height:1.5;color:#555555;padding-top:4px;\">{}</div>",
                    escape_html(item.excerpt.trim())
                ));
            }
            body.push_str("</td></tr>\n");
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta name=\"x-apple-disable-message-reformatting\" content=\"yes\"><title>{title}</title></head>\n\
<body style=\"margin:0;padding:0;background:#f4f4f4;\">\n\
<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f4f4;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">\n\
<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"max-width:600px;background:#ffffff;\">\n\
<tr><td style=\"padding:24px 24px 8px;{FONT};font-size:24px;font-weight:bold;color:#111111;\"><a href=\"{home}\" style=\"color:#111111;text-decoration:none;\">{site}</a></td></tr>\n\
<tr><td style=\"padding:0 24px 16px;{FONT};font-size:14px;color:#666666;\">{title}</td></tr>\n\
{body}\
<tr><td style=\"padding:24px;{FONT};font-size:13px;line-height:1.6;color:#666666;border-top:1px solid #e5e5e5;\">\
{why}<br>\
<a href=\"{web}\" style=\"color:#666666;\">{read_on_web}</a> · \
<a href=\"{prefs}\" style=\"color:#666666;\">{change}</a> · \
<a href=\"{unsub}\" style=\"color:#666666;\">{unsubscribe}</a></td></tr>\n\
</table></td></tr></table>\n</body></html>\n",
        title = escape_html(v.title),
        lang = escape_html(&v.words.lang),
        why = escape_html(&v.words.why),
        read_on_web = escape_html(&v.words.read_on_web),
        change = escape_html(&v.words.change_preferences),
        unsubscribe = escape_html(&v.words.unsubscribe),
        site = escape_html(v.site_name),
        home = escape_html(&format!("{}/", v.base_url)),
        web = escape_html(v.web_url),
        prefs = escape_html(v.preferences_url),
        unsub = escape_html(v.unsubscribe_url),
    )
}

/// The plain-text part.
pub fn text(v: &DigestView<'_>) -> String {
    let mut out = format!("{}\n{}\n\n", v.site_name, v.title);
    if !v.note.trim().is_empty() {
        out.push_str(v.note.trim());
        out.push_str("\n\n");
    }
    for (heading, items) in groups(v.items, &v.words.picks) {
        out.push_str(&heading.to_uppercase());
        out.push('\n');
        for item in items {
            out.push_str(&format!(
                "\n* {}\n  {}\n",
                item.title,
                absolute(v.base_url, &item.path)
            ));
            if !item.excerpt.trim().is_empty() {
                out.push_str(&format!("  {}\n", item.excerpt.trim()));
            }
        }
        out.push('\n');
    }
    let w = v.words;
    out.push_str(&format!(
        "--\n{}\n{}: {}\n{}: {}\n{}: {}\n",
        w.why,
        w.on_web_label,
        v.web_url,
        w.preferences_label,
        v.preferences_url,
        w.unsubscribe_label,
        v.unsubscribe_url
    ));
    out
}

/// The list headers for a message of the digest list of `site_name` at `host`, whose
/// one-click unsubscribe URL is `unsubscribe_url` and whose mailto fallback goes to
/// `unsubscribe_mailto` (an address) with `token` in the subject.
pub fn list_headers(
    site_name: &str,
    host: &str,
    unsubscribe_url: &str,
    unsubscribe_mailto: &str,
    token: &str,
) -> Vec<(&'static str, String)> {
    let name: String = site_name
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    vec![
        (
            "List-Unsubscribe",
            format!(
                "<{unsubscribe_url}>, <mailto:{unsubscribe_mailto}?subject=unsubscribe%20{token}>"
            ),
        ),
        (
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".to_owned(),
        ),
        ("List-Id", format!("\"{name} digest\" <digest.{host}>")),
    ]
}

/// The whole message for one subscriber.
pub fn letter(
    v: &DigestView<'_>,
    to: &str,
    message_id: String,
    headers: Vec<(&'static str, String)>,
) -> Letter {
    Letter {
        to: to.to_owned(),
        subject: format!("{}: {}", v.site_name, v.title),
        text: text(v),
        html: Some(html(v)),
        message_id: Some(message_id),
        headers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, pick: bool, section: &str, title: &str) -> Item {
        Item {
            article_id: id,
            pick,
            section_id: Some(1),
            section_name: section.into(),
            title: title.into(),
            path: format!("/a{id}/"),
            excerpt: "An <excerpt> & more".into(),
        }
    }

    #[test]
    fn both_parts_carry_every_item_escaped_and_no_tracking() {
        let items = [
            item(1, true, "World", "Picked <b>story</b>"),
            item(2, false, "World", "Second"),
        ];
        let refs: Vec<&Item> = items.iter().collect();
        let words = DigestWords::english("The Daily & Co");
        let v = DigestView {
            words: &words,
            site_name: "The Daily & Co",
            base_url: "https://news.example",
            title: "Daily digest, 7 December 2026",
            note: "Hello\nreaders",
            items: &refs,
            web_url: "https://news.example/digest/2026-12-07/",
            preferences_url: "https://news.example/subscribe/preferences/1.ab",
            unsubscribe_url: "https://news.example/unsubscribe/1.ab",
        };
        let h = html(&v);
        // For looking at it in a browser: DIGEST_PREVIEW=/tmp/digest.html cargo test -p gazette-mail
        if let Some(path) = std::env::var_os("DIGEST_PREVIEW") {
            std::fs::write(path, &h).unwrap();
        }
        assert!(
            h.contains("Picked &lt;b&gt;story&lt;&#47;b&gt;")
                || h.contains("Picked &lt;b&gt;story&lt;/b&gt;"),
            "{h}"
        );
        assert!(
            h.contains("href=\"https:&#47;&#47;news.example&#47;a2&#47;\"")
                || h.contains("https://news.example/a2/")
        );
        assert!(
            h.contains(PICKS_HEADING.replace('\'', "&#39;").as_str()) || h.contains(PICKS_HEADING)
        );
        assert!(!h.contains("<img"), "no pictures, so no tracking pixel");
        assert!(h.len() < 100 * 1024);
        let t = text(&v);
        assert!(t.contains("* Picked <b>story</b>\n  https://news.example/a1/"));
        assert!(t.contains("WORLD\n\n* Second"));
        assert!(t.contains("Unsubscribe: https://news.example/unsubscribe/1.ab"));
        let headers = list_headers(
            "The \"Daily\"\r\n",
            "news.example",
            v.unsubscribe_url,
            "news@news.example",
            "1.ab",
        );
        assert_eq!(headers[1].1, "List-Unsubscribe=One-Click");
        assert_eq!(headers[2].1, "\"The Daily digest\" <digest.news.example>");
        assert!(
            headers[0]
                .1
                .starts_with("<https://news.example/unsubscribe/1.ab>, <mailto:")
        );
    }
}
