//! Google News sitemaps (`<urlset>` with `<news:news>` entries): the feed of outlets that
//! publish no RSS. feed-rs does not read them, so they are walked here with quick-xml.
//! Each `<url>` becomes an item with its address, title, language and date; a sitemap
//! carries no text, so its items always need the page fetched.

use crate::error::ParseError;
use crate::feed::{FeedItem, FeedKind, MAX_ITEMS, ParsedFeed, plain};
use crate::identity;
use crate::xml::{self, XmlEvent};

#[derive(Default)]
struct Entry {
    loc: String,
    title: String,
    language: String,
    publication: String,
    date: String,
}

/// Reads a sitemap fetched from `url`: a plain sitemap (no news entries) gives items
/// with only an address, which is still enough to follow a site.
pub(crate) fn parse(doc: &str, url: &str) -> Result<ParsedFeed, ParseError> {
    let mut items = Vec::new();
    let mut current: Option<Entry> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut publication = None;
    let mut language = None;
    xml::walk(doc, &mut |event| match event {
        XmlEvent::Start { name, .. } => {
            if name == "url" && path.len() == 1 {
                current = Some(Entry::default());
            }
            path.push(name.to_owned());
            text.clear();
        }
        XmlEvent::Text(t) => text.push_str(t),
        XmlEvent::End { name } => {
            path.pop();
            let value = text.trim().to_owned();
            text.clear();
            let Some(entry) = current.as_mut() else {
                return;
            };
            match name {
                "loc" if path.last().is_some_and(|p| p == "url") => entry.loc = value,
                "title" => entry.title = value,
                "language" => entry.language = value,
                "name" => entry.publication = value,
                "publication_date" => entry.date = value,
                "url" => {
                    if let Some(e) = current.take()
                        && items.len() < MAX_ITEMS
                        && let Some(item) = item(e, url)
                    {
                        if publication.is_none() {
                            publication = item.1.clone();
                        }
                        if language.is_none() {
                            language = item.0.language.clone();
                        }
                        items.push(item.0);
                    }
                }
                _ => {}
            }
        }
    })?;
    Ok(ParsedFeed {
        kind: FeedKind::NewsSitemap,
        title: publication,
        home_url: url::Url::parse(url)
            .ok()
            .and_then(|u| u.join("/").ok())
            .map(|u| u.to_string()),
        language,
        items,
    })
}

fn item(e: Entry, base: &str) -> Option<(FeedItem, Option<String>)> {
    let loc = url::Url::parse(base).ok()?.join(&e.loc).ok()?;
    if !matches!(loc.scheme(), "http" | "https") {
        return None;
    }
    let loc = loc.to_string();
    let title = plain(&e.title);
    let key = identity::item_key(None, Some(&loc), &title, "");
    Some((
        FeedItem {
            key,
            url: Some(loc),
            title,
            summary_html: String::new(),
            content_html: None,
            author: None,
            published_at: w3c_date(&e.date),
            language: Some(e.language).filter(|l| !l.is_empty()),
        },
        Some(plain(&e.publication)).filter(|p| !p.is_empty()),
    ))
}

/// A W3C datetime as sitemaps write it: a full RFC 3339 time, one without seconds, or a
/// bare date (midnight UTC).
pub(crate) fn w3c_date(s: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    let s = s.trim();
    if let Ok(t) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    // 2026-12-06T10:30+04:00: insert the missing seconds.
    if let Some(t_pos) = s.find('T') {
        let (date, rest) = s.split_at(t_pos);
        if let (Some(hm), Some(zone)) = (rest.get(..6), rest.get(6..))
            && !zone.starts_with(':')
        {
            let with_secs = format!("{date}{hm}:00{zone}");
            if let Ok(t) = time::OffsetDateTime::parse(&with_secs, &Rfc3339) {
                return Some(t.unix_timestamp());
            }
        }
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &format)
        .ok()
        .map(|d| d.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::w3c_date;

    #[test]
    fn sitemap_dates_in_every_w3c_precision() {
        assert_eq!(w3c_date("2026-12-06T10:30:00Z"), Some(1_796_553_000));
        assert_eq!(w3c_date("2026-12-06T14:30+04:00"), Some(1_796_553_000));
        assert_eq!(w3c_date("2026-12-06"), Some(1_796_515_200));
        assert_eq!(w3c_date("yesterday"), None);
        assert_eq!(w3c_date("2026-12-06T1"), None);
    }
}
