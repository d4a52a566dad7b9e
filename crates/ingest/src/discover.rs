//! Finding a site's feeds from its home page, so an editor can paste whatever address
//! they have: the feeds the page announces (`<link rel="alternate" type=…>`), then the
//! paths where sites usually keep them. The caller fetches the candidates and keeps those
//! that parse ([`crate::parse_feed`]), which is what the "found these feeds" step shows.

use dom_query::Document;

/// A feed a page points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub url: String,
    /// The link's title, when it has one ("Comments feed" and the like).
    pub title: Option<String>,
}

/// Link types that announce a feed.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
];

/// Where sites keep feeds when their pages do not say: WordPress, Ghost, Hugo, Jekyll,
/// Drupal, and Google News sitemaps.
pub const COMMON_PATHS: &[&str] = &[
    "/feed/",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/sitemap-news.xml",
    "/news-sitemap.xml",
];

/// Whether `bytes` look like an HTML page rather than a feed.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<head")
}

/// The feeds announced by the page `html` fetched from `page_url`, absolute, in page
/// order, without repeats.
pub fn announced(html: &str, page_url: &str) -> Vec<Announced> {
    let Ok(page) = url::Url::parse(page_url) else {
        return Vec::new();
    };
    let doc = Document::from(html);
    let base = doc
        .try_select("base[href]")
        .and_then(|b| b.attr("href"))
        .and_then(|h| page.join(&h).ok())
        .unwrap_or(page);
    let mut found: Vec<Announced> = Vec::new();
    let Some(links) = doc.try_select("link[href]") else {
        return found;
    };
    for link in links.nodes() {
        let rel = link
            .attr("rel")
            .map(|r| r.to_ascii_lowercase())
            .unwrap_or_default();
        if !rel.split_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let kind = link
            .attr("type")
            .map(|t| t.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if !FEED_TYPES.contains(&kind.as_str()) {
            continue;
        }
        let Some(href) = link.attr("href") else {
            continue;
        };
        let Ok(url) = base.join(href.trim()) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        let url = url.to_string();
        if found.iter().any(|f| f.url == url) {
            continue;
        }
        let title = link
            .attr("title")
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        found.push(Announced { url, title });
    }
    found
}

/// The common feed paths on the site of `page_url`, absolute.
pub fn common_candidates(page_url: &str) -> Vec<String> {
    let Ok(page) = url::Url::parse(page_url) else {
        return Vec::new();
    };
    COMMON_PATHS
        .iter()
        .filter_map(|p| page.join(p).ok())
        .map(|u| u.to_string())
        .collect()
}
