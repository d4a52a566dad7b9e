//! The "found these feeds" step of adding a source: the address an editor pasted is
//! fetched (through gazette-fetch, under the site's private-network rule); a feed is taken
//! as it is, a web page is searched for the feeds it announces, then the usual paths are
//! tried. Every candidate is parsed, so the preview shows only feeds that work, with their
//! kind, title and newest items.

use gazette_fetch::{FetchPolicy, Fetcher};
use gazette_ingest::discover::{announced, common_candidates, looks_like_html};
use gazette_ingest::parse_feed;
use serde::Serialize;

/// Candidates tried at most (announced ones first), so a page cannot make us fetch a lot.
const MAX_CANDIDATES: usize = 8;

/// A feed that parsed.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub title: String,
    pub home_url: String,
    pub language: String,
    pub items: usize,
    /// The newest titles, to recognise the feed.
    pub sample: Vec<String>,
}

/// What the search found, or why nothing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Discovery {
    pub found: Vec<Found>,
    /// Why the address itself could not be read, in words.
    pub error: Option<String>,
}

fn fetcher(allow_private: bool, base_url: &str) -> Result<Fetcher, String> {
    Fetcher::new(FetchPolicy {
        allow_private,
        max_bytes: 8 * 1024 * 1024,
        timeout: std::time::Duration::from_secs(15),
        max_redirects: 5,
        user_agent: FetchPolicy::user_agent_for(base_url),
    })
    .map_err(|e| e.to_string())
}

fn found(url: &str, feed: gazette_ingest::ParsedFeed) -> Found {
    Found {
        url: url.to_owned(),
        kind: feed.kind.as_str(),
        kind_label: feed.kind.label(),
        title: feed.title.unwrap_or_default(),
        home_url: feed.home_url.unwrap_or_default(),
        language: feed.language.unwrap_or_default(),
        items: feed.items.len(),
        sample: feed.items.iter().take(3).map(|i| i.title.clone()).collect(),
    }
}

/// The feeds at or behind `address`.
pub async fn discover(address: &str, allow_private: bool, base_url: &str) -> Discovery {
    let fetcher = match fetcher(allow_private, base_url) {
        Ok(f) => f,
        Err(e) => {
            return Discovery {
                found: Vec::new(),
                error: Some(e),
            };
        }
    };
    let page = match fetcher.get(address).await {
        Ok(p) => p,
        Err(e) => {
            return Discovery {
                found: Vec::new(),
                error: Some(e.to_string()),
            };
        }
    };
    if !looks_like_html(&page.bytes) {
        return match parse_feed(&page.bytes, &page.url) {
            Ok(feed) => Discovery {
                found: vec![found(&page.url, feed)],
                error: None,
            },
            Err(e) => Discovery {
                found: Vec::new(),
                error: Some(e.to_string()),
            },
        };
    }
    let html = String::from_utf8_lossy(&page.bytes);
    let mut candidates: Vec<String> = announced(&html, &page.url)
        .into_iter()
        .map(|a| a.url)
        .collect();
    let announced_any = !candidates.is_empty();
    if !announced_any {
        candidates = common_candidates(&page.url);
    }
    candidates.truncate(MAX_CANDIDATES);
    let mut result = Discovery::default();
    for url in candidates {
        if let Ok(fetched) = fetcher.get(&url).await
            && !looks_like_html(&fetched.bytes)
            && let Ok(feed) = parse_feed(&fetched.bytes, &fetched.url)
            && !result.found.iter().any(|f| f.url == fetched.url)
        {
            result.found.push(found(&fetched.url, feed));
        }
    }
    if result.found.is_empty() {
        result.error = Some(if announced_any {
            "the page announces feeds, but none of them could be read".to_owned()
        } else {
            "the page announces no feed, and none was found at the usual addresses (/feed/, /rss, /atom.xml, /feed.json, /sitemap-news.xml…); paste the feed's own address".to_owned()
        });
    }
    result
}
