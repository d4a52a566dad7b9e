//! WordPress shortcodes (`[caption]`, `[gallery]`, `[embed]`, `[video]`, `[audio]` and
//! any other) in a post body. Kept apart from the HTML cleanup because shortcodes are a
//! small language of their own, with a parser, nesting and one conversion per kind; the
//! cleanup only calls [`shortcodes`] on the whole body. Hand-written like the cleanup
//! around it: the grammar is small and entirely WordPress's own.

use super::*;
use gazette_core::text::escape_html;

/// A parsed shortcode opening tag.
struct Shortcode {
    name: String,
    attrs: Vec<(String, String)>,
    /// Byte length of the opening tag.
    len: usize,
    self_closing: bool,
}

impl Shortcode {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `[name a="b" c='d' e=f g]` at the start of `s`.
fn parse_shortcode(s: &str) -> Option<Shortcode> {
    let rest = s.strip_prefix('[')?;
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    if name_len == 0 || !rest.as_bytes().first()?.is_ascii_alphabetic() {
        return None;
    }
    let name = rest[..name_len].to_ascii_lowercase();
    let close = rest.find(']')?;
    // A shortcode's tag does not span paragraphs or contain another `[`.
    let inner = &rest[name_len..close];
    if inner.contains('[') || inner.contains("\n\n") || close > 4096 {
        return None;
    }
    if !(inner.is_empty() || inner.starts_with(char::is_whitespace) || inner == "/") {
        return None;
    }
    let self_closing = inner.trim_end().ends_with('/');
    let body = inner.trim().trim_end_matches('/');
    let mut attrs = Vec::new();
    let mut p = body.trim_start();
    while !p.is_empty() {
        let key_len = p
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(p.len());
        let key = p[..key_len].to_ascii_lowercase();
        p = p[key_len..].trim_start();
        if let Some(after) = p.strip_prefix('=') {
            let after = after.trim_start();
            let (value, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'' | '\u{201c}' | '\u{201d}' | '\u{2033}')) => {
                    let v = &after[q.len_utf8()..];
                    let end = v
                        .find(['"', '\'', '\u{201c}', '\u{201d}', '\u{2033}'])
                        .unwrap_or(v.len());
                    let next = v[end..].chars().next().map_or(0, char::len_utf8);
                    (&v[..end], &v[(end + next).min(v.len())..])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            attrs.push((key, decode_entities(value)));
            p = rest.trim_start();
        } else {
            attrs.push((String::new(), key));
        }
    }
    Some(Shortcode {
        name,
        attrs,
        len: close + 2,
        self_closing,
    })
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&#8221;", "\"")
        .replace("&#8243;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn is_http(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with('/')
}

const ENCLOSING: &[&str] = &["caption", "wp_caption", "embed", "video", "audio"];

/// Replaces shortcodes; `depth` bounds recursion into shortcode bodies.
pub(super) fn shortcodes(s: &str, resolver: &dyn Resolver, out: &mut Cleaned, depth: u8) -> String {
    if !s.contains('[') || depth > 4 {
        return s.to_owned();
    }
    let mut result = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(found) = s[i..].find('[') {
        let at = i + found;
        result.push_str(&s[i..at]);
        let rest = &s[at..];
        // `[[x]]` is WordPress's escape for a literal `[x]`.
        if let Some(inner) = rest.strip_prefix("[[")
            && let Some(end) = inner.find("]]")
            && parse_shortcode(&rest[1..]).is_some()
        {
            result.push('[');
            result.push_str(&inner[..end]);
            result.push(']');
            i = at + 2 + end + 2;
            continue;
        }
        let Some(sc) = parse_shortcode(rest) else {
            result.push('[');
            i = at + 1;
            continue;
        };
        let closer = format!("[/{}]", sc.name);
        let after_open = &rest[sc.len..];
        let enclosed = if sc.self_closing {
            None
        } else {
            find_ascii_ci(after_open, &closer).map(|end| (&after_open[..end], end + closer.len()))
        };
        let known = ENCLOSING.contains(&sc.name.as_str())
            || matches!(
                sc.name.as_str(),
                "gallery" | "youtube" | "vimeo" | "playlist"
            );
        let looks_like_shortcode =
            known || enclosed.is_some() || sc.attrs.iter().any(|(k, _)| !k.is_empty());
        if !looks_like_shortcode {
            // `[sic]`, `[1]`, `[Editor's note]`: ordinary text.
            result.push('[');
            i = at + 1;
            continue;
        }
        let content = enclosed.map(|(c, _)| c).unwrap_or("");
        let consumed = sc.len + enclosed.map_or(0, |(_, n)| n);
        let replacement = convert(&sc, content, resolver, out, depth);
        result.push_str(&replacement);
        i = at + consumed;
    }
    result.push_str(&s[i..]);
    result
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn link_paragraph(url: &str) -> String {
    let url = escape_html(url.trim());
    format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n")
}

fn convert(
    sc: &Shortcode,
    content: &str,
    resolver: &dyn Resolver,
    out: &mut Cleaned,
    depth: u8,
) -> String {
    match sc.name.as_str() {
        "caption" | "wp_caption" => {
            let inner = shortcodes(content, resolver, out, depth + 1);
            // The picture (possibly inside a link), then the caption text.
            let (media, text) = split_caption(&inner);
            let caption = sc
                .attr("caption")
                .map(escape_html)
                .unwrap_or_else(|| text.trim().to_owned());
            if media.is_empty() {
                out.note("[caption] without a picture");
                return inner;
            }
            let figcaption = if caption.is_empty() {
                String::new()
            } else {
                format!("<figcaption>{caption}</figcaption>")
            };
            format!("\n\n<figure>{}{figcaption}</figure>\n\n", media.trim())
        }
        "gallery" => {
            let ids: Vec<i64> = sc
                .attr("ids")
                .or_else(|| sc.attr("include"))
                .unwrap_or("")
                .split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect();
            let mut figures = String::new();
            let mut missing = 0;
            for id in &ids {
                match resolver.attachment(*id) {
                    Some((url, alt, caption)) => {
                        let cap = if caption.trim().is_empty() {
                            String::new()
                        } else {
                            format!("<figcaption>{}</figcaption>", escape_html(&caption))
                        };
                        figures.push_str(&format!(
                            "\n\n<figure><img src=\"{}\" alt=\"{}\">{cap}</figure>",
                            escape_html(&url),
                            escape_html(&alt)
                        ));
                    }
                    None => missing += 1,
                }
            }
            if ids.is_empty() || missing > 0 {
                out.note("[gallery] (pictures not found among the imported attachments)");
            }
            format!("{figures}\n\n")
        }
        "embed" | "youtube" | "vimeo" => {
            let url = if content.trim().is_empty() {
                sc.attr("url")
                    .or_else(|| sc.attrs.first().map(|(_, v)| v.as_str()))
                    .unwrap_or("")
            } else {
                content
            };
            if is_http(url) && !url.contains('<') {
                link_paragraph(url)
            } else {
                out.note(format!("[{}] without a usable URL", sc.name));
                String::new()
            }
        }
        "video" | "audio" => {
            let url = [
                "src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav", "m4a",
            ]
            .iter()
            .find_map(|k| sc.attr(k))
            .unwrap_or("");
            if is_http(url) {
                let url = match rewrite_upload(url, resolver) {
                    Rewrite::New(n) => n,
                    _ => url.to_owned(),
                };
                link_paragraph(&url)
            } else {
                out.note(format!("[{}] without a usable URL", sc.name));
                String::new()
            }
        }
        other => {
            out.note(format!("[{other}] shortcode"));
            shortcodes(content, resolver, out, depth + 1)
        }
    }
}

/// Splits a caption's content into the picture (`<img>`, or `<a><img></a>`) and the text.
fn split_caption(inner: &str) -> (String, String) {
    let Some(img) = regex(&IMG).and_then(|re| re.find(inner)) else {
        return (String::new(), inner.to_owned());
    };
    let before = &inner[..img.start()];
    let after = &inner[img.end()..];
    // A link around the picture.
    if regex(&OPEN_A).is_some_and(|re| re.is_match(before))
        && let Some(close) = find_ascii_ci(after, "</a>")
    {
        let media = format!("{}{}{}", before.trim(), img.as_str(), &after[..close + 4]);
        return (media, after[close + 4..].to_owned());
    }
    (
        img.as_str().to_owned(),
        format!("{}{}", before.trim(), after),
    )
}
