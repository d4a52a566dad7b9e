//! RSS 2.0 (with `content:encoded`, `dc:creator` and Media RSS), Atom 1.0 and JSON Feed 1.1.

use gazette_core::format::iso8601;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

use super::xml::text;

pub struct Channel {
    pub title: String,
    pub description: String,
    /// Absolute URL of the page the feed follows (home, category…).
    pub page_url: String,
    /// Absolute URL of this feed document.
    pub self_url: String,
    pub language: String,
    pub updated: OffsetDateTime,
}

pub struct Picture {
    pub url: String,
    pub mime: String,
    pub length: u64,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

pub struct Item {
    /// Stable, never reused: a tag URI.
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Full HTML with absolute links, when the site publishes full text in feeds.
    pub content_html: Option<String>,
    pub published: OffsetDateTime,
    pub modified: OffsetDateTime,
    pub authors: Vec<(String, String)>,
    pub categories: Vec<String>,
    pub language: String,
    pub picture: Option<Picture>,
}

fn rfc2822(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc2822)
        .unwrap_or_default()
}

/// Relative `src`/`href` in an article body made absolute, as feed readers require.
pub fn absolutize(html: &str, base: &str) -> String {
    html.replace("src=\"/", &format!("src=\"{base}/"))
        .replace("href=\"/", &format!("href=\"{base}/"))
}

pub fn rss(channel: &Channel, items: &[Item]) -> String {
    let mut out = String::with_capacity(4096 + items.len() * 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n",
    );
    out.push_str(&format!(
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n\
         <lastBuildDate>{}</lastBuildDate>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n<ttl>30</ttl>\n",
        text(&channel.title),
        text(&channel.page_url),
        text(&channel.description),
        text(&channel.language),
        rfc2822(channel.updated),
        text(&channel.self_url),
    ));
    for item in items {
        out.push_str("<item>\n");
        out.push_str(&format!(
            "<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n",
            text(&item.title),
            text(&item.url),
            text(&item.id),
            rfc2822(item.published)
        ));
        out.push_str(&format!(
            "<dc:language>{}</dc:language>\n",
            text(&item.language)
        ));
        for (name, _) in &item.authors {
            out.push_str(&format!("<dc:creator>{}</dc:creator>\n", text(name)));
        }
        for c in &item.categories {
            out.push_str(&format!("<category>{}</category>\n", text(c)));
        }
        // Readers take an RSS description as HTML: the excerpt is plain text, so it is
        // escaped as HTML and then as XML, and `<b>` or `&lt;b&gt;` in it show as written.
        out.push_str(&format!(
            "<description>{}</description>\n",
            text(&text(&item.summary))
        ));
        if let Some(html) = &item.content_html {
            // CDATA cannot contain "]]>", so escaped text it is.
            out.push_str(&format!(
                "<content:encoded>{}</content:encoded>\n",
                text(html)
            ));
        }
        if let Some(p) = &item.picture {
            out.push_str(&format!(
                "<enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n<media:content url=\"{}\" medium=\"image\" type=\"{}\" width=\"{}\" height=\"{}\"><media:description>{}</media:description></media:content>\n",
                text(&p.url), p.length, text(&p.mime), text(&p.url), text(&p.mime), p.width, p.height, text(&p.alt)
            ));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

pub fn atom(channel: &Channel, items: &[Item]) -> String {
    let mut out = String::with_capacity(4096 + items.len() * 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<id>{}</id>\n<title>{}</title>\n<subtitle>{}</subtitle>\n\
         <updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <generator>Gazette</generator>\n",
        text(&channel.language),
        text(&channel.self_url),
        text(&channel.title),
        text(&channel.description),
        iso8601(channel.updated),
        text(&channel.page_url),
        text(&channel.self_url),
    ));
    for item in items {
        out.push_str(&format!("<entry xml:lang=\"{}\">\n", text(&item.language)));
        out.push_str(&format!(
            "<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n",
            text(&item.id),
            text(&item.title),
            text(&item.url),
            iso8601(item.published),
            iso8601(item.modified.max(item.published)),
        ));
        for (name, url) in &item.authors {
            out.push_str(&format!(
                "<author><name>{}</name><uri>{}</uri></author>\n",
                text(name),
                text(url)
            ));
        }
        if item.authors.is_empty() {
            // Atom requires an author on the entry or the feed.
            out.push_str(&format!(
                "<author><name>{}</name></author>\n",
                text(&channel.title)
            ));
        }
        for c in &item.categories {
            out.push_str(&format!("<category term=\"{}\"/>\n", text(c)));
        }
        out.push_str(&format!(
            "<summary type=\"text\">{}</summary>\n",
            text(&item.summary)
        ));
        if let Some(html) = &item.content_html {
            out.push_str(&format!(
                "<content type=\"html\">{}</content>\n",
                text(html)
            ));
        }
        if let Some(p) = &item.picture {
            out.push_str(&format!(
                "<link rel=\"enclosure\" type=\"{}\" length=\"{}\" href=\"{}\"/>\n",
                text(&p.mime),
                p.length,
                text(&p.url)
            ));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub fn json_feed(channel: &Channel, items: &[Item]) -> String {
    let items: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut v = json!({
                "id": item.id,
                "url": item.url,
                "title": item.title,
                "summary": item.summary,
                "date_published": iso8601(item.published),
                "date_modified": iso8601(item.modified.max(item.published)),
                "authors": item.authors.iter().map(|(name, url)| json!({"name": name, "url": url})).collect::<Vec<_>>(),
                "tags": item.categories,
                "language": item.language,
            });
            match &item.content_html {
                Some(html) => v["content_html"] = json!(html),
                None => v["content_text"] = json!(item.summary),
            }
            if let Some(p) = &item.picture {
                v["image"] = json!(p.url);
                v["attachments"] = json!([{"url": p.url, "mime_type": p.mime, "size_in_bytes": p.length}]);
            }
            v
        })
        .collect();
    let doc = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "description": channel.description,
        "home_page_url": channel.page_url,
        "feed_url": channel.self_url,
        "language": channel.language,
        "items": items,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
