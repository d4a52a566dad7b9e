//! One model for every kind of source feed: RSS 0.9x/1.0/2.0, Atom and JSON Feed through
//! feed-rs, Google News sitemaps through [`crate::sitemap`]. Dates become unix seconds at
//! this boundary (feed-rs speaks chrono, the rest of Gazette `time`), and every piece of
//! HTML goes through `gazette_core::sanitize`, the one sanitiser, before it leaves.

use gazette_core::sanitize::{clean_html, html_to_text};

use crate::error::ParseError;
use crate::identity;
use crate::xml;

/// Items taken from one document at most; the rest are ignored (no real feed has more).
pub const MAX_ITEMS: usize = 1000;

/// What kind of document a source serves; stored as text in `desk_sources.feed_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Rss,
    Atom,
    JsonFeed,
    NewsSitemap,
}

gazette_core::enum_names!(FeedKind, "feed kind", {
    Rss => "rss",
    Atom => "atom",
    JsonFeed => "json",
    NewsSitemap => "sitemap",
});

impl FeedKind {
    /// The name editors see.
    pub fn label(self) -> &'static str {
        match self {
            FeedKind::Rss => "RSS",
            FeedKind::Atom => "Atom",
            FeedKind::JsonFeed => "JSON Feed",
            FeedKind::NewsSitemap => "News sitemap",
        }
    }
}

/// A feed as Gazette keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    pub kind: FeedKind,
    pub title: Option<String>,
    /// The site the feed belongs to, when it says.
    pub home_url: Option<String>,
    pub language: Option<String>,
    pub items: Vec<FeedItem>,
}

/// One item of a feed, its HTML already sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// What makes it the same item on the next fetch ([`identity::item_key`]).
    pub key: String,
    pub url: Option<String>,
    pub title: String,
    /// The lead or description (sanitised HTML; may be empty).
    pub summary_html: String,
    /// The full text when the feed carries it (sanitised HTML).
    pub content_html: Option<String>,
    pub author: Option<String>,
    /// Unix seconds.
    pub published_at: Option<i64>,
    pub language: Option<String>,
}

/// Under this many characters of text, a feed's content is a teaser, not the article.
const FULL_TEXT_CHARS: usize = 500;

impl FeedItem {
    /// Whether the feed carried only a summary, so the page must be fetched for the text.
    pub fn needs_full_text(&self) -> bool {
        self.content_html
            .as_deref()
            .is_none_or(|html| html_to_text(html).chars().count() < FULL_TEXT_CHARS)
    }
}

/// Reads `bytes` as a feed fetched from `url` (relative links are resolved against it).
pub fn parse_feed(bytes: &[u8], url: &str) -> Result<ParsedFeed, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(ParseError::Empty);
    };
    if bytes[first] == b'{' {
        return from_feed_rs(bytes, url, FeedKind::JsonFeed);
    }
    if bytes[first] != b'<' {
        return Err(ParseError::Unreadable(
            "the document is neither XML nor JSON".into(),
        ));
    }
    // Structure only: a non-UTF-8 feed is decoded by feed-rs from its own declaration.
    let text = String::from_utf8_lossy(bytes);
    let (root, line) = xml::root(&text)?;
    let kind = match root.as_str() {
        "rss" | "RDF" => FeedKind::Rss,
        "feed" => FeedKind::Atom,
        "urlset" => return crate::sitemap::parse(&text, url),
        _ => return Err(ParseError::NotAFeed { line, root }),
    };
    xml::walk(&text, &mut |_| {})?;
    from_feed_rs(bytes, url, kind)
}

fn from_feed_rs(bytes: &[u8], url: &str, kind: FeedKind) -> Result<ParsedFeed, ParseError> {
    // No generated ids: an item without one is identified by our own rules.
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .sanitize_content(false)
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser.parse(bytes).map_err(|e| match e {
        feed_rs::parser::ParseFeedError::JsonSerde(e) => ParseError::Json(e.to_string()),
        feed_rs::parser::ParseFeedError::JsonUnsupportedVersion(v) => {
            ParseError::Json(format!("version `{v}` is not one Gazette reads"))
        }
        feed_rs::parser::ParseFeedError::ParseError(feed_rs::parser::ParseErrorKind::NoFeedRoot) => {
            ParseError::Unreadable(
                "no channel or entries where the feed's format puts them (an RSS version other than 0.91, 0.92, 1.0 or 2.0?)".into(),
            )
        }
        other => ParseError::Unreadable(other.to_string()),
    })?;
    let home_url = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
    let language = feed.language.clone();
    let items = feed
        .entries
        .into_iter()
        .take(MAX_ITEMS)
        .map(|e| item(e, language.as_deref()))
        .collect();
    Ok(ParsedFeed {
        kind,
        title: feed
            .title
            .map(|t| plain(&t.content))
            .filter(|t| !t.is_empty()),
        home_url,
        language,
        items,
    })
}

fn is_plain(t: &feed_rs::model::Text) -> bool {
    t.content_type.to_string().starts_with("text/plain")
}

/// Text that may carry markup or entities, as one line of plain text.
pub(crate) fn plain(s: &str) -> String {
    html_to_text(&clean_html(s))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plain text as safe HTML paragraphs.
fn paragraphs(s: &str) -> String {
    s.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", gazette_core::text::escape_html(p)))
        .collect()
}

fn item(e: feed_rs::model::Entry, feed_language: Option<&str>) -> FeedItem {
    let url = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| e.links.first())
        .map(|l| l.href.trim().to_owned())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
    let title = e
        .title
        .as_ref()
        .map(|t| plain(&t.content))
        .unwrap_or_default();
    let summary_html = e
        .summary
        .as_ref()
        .map(|t| {
            if is_plain(t) {
                paragraphs(&t.content)
            } else {
                clean_html(&t.content)
            }
        })
        .unwrap_or_default();
    let content_html = e
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(clean_html)
        .filter(|h| !html_to_text(h).trim().is_empty());
    let author = e
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(plain))
        .find(|n| !n.is_empty());
    let published_at = e.published.or(e.updated).map(|d| d.timestamp());
    let guid = Some(e.id.trim()).filter(|id| !id.is_empty());
    let body = content_html.as_deref().unwrap_or(&summary_html);
    let key = identity::item_key(guid, url.as_deref(), &title, body);
    FeedItem {
        key,
        url,
        title,
        summary_html,
        content_html,
        author,
        published_at,
        language: e.language.or_else(|| feed_language.map(str::to_owned)),
    }
}
