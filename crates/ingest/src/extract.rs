//! The article text of a source's page, for feeds that carry only a summary: a CSS
//! selector when the source sets one (some sites defeat automatic extraction), else
//! dom_smoothie, a port of Mozilla's Readability. Links and pictures are made absolute
//! against the page (images stay remote references) and the result is sanitised with
//! the site's one sanitiser before anyone sees it.

use dom_query::Document;
use gazette_core::sanitize::{clean_html, html_to_text};

/// Why no text came out of a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("the CSS selector `{0}` is not valid; check it against the page's markup")]
    BadSelector(String),
    #[error(
        "the CSS selector `{0}` matches nothing on the page; the site's markup may have changed"
    )]
    NoMatch(String),
    #[error("no article text found on the page; set a CSS selector for this source")]
    NoText,
    #[error("`{0}` is not an absolute address")]
    BadUrl(String),
}

/// Text extracted from a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Sanitised HTML.
    pub html: String,
    pub title: Option<String>,
    pub byline: Option<String>,
}

/// Whether `selector` is a CSS selector Gazette can use (checked when a source is saved).
pub fn valid_selector(selector: &str) -> bool {
    let doc = Document::from("<html></html>");
    // try_select is None both for a bad selector and for no match; `*` always matches.
    doc.try_select(&format!("{selector}, *")).is_some()
}

fn absolutize(doc: &Document, page: &url::Url) {
    for (sel, attr) in [("a[href]", "href"), ("img[src]", "src")] {
        let Some(found) = doc.try_select(sel) else {
            continue;
        };
        for node in found.nodes() {
            if let Some(v) = node.attr(attr)
                && let Ok(abs) = page.join(v.trim())
            {
                node.set_attr(attr, abs.as_str());
            }
        }
    }
}

/// The article in the page `html` fetched from `page_url`.
pub fn extract(
    html: &str,
    page_url: &str,
    selector: Option<&str>,
) -> Result<Extracted, ExtractError> {
    let page = url::Url::parse(page_url).map_err(|_| ExtractError::BadUrl(page_url.to_owned()))?;
    let selector = selector.map(str::trim).filter(|s| !s.is_empty());
    if let Some(selector) = selector {
        if !valid_selector(selector) {
            return Err(ExtractError::BadSelector(selector.to_owned()));
        }
        let doc = Document::from(html);
        absolutize(&doc, &page);
        let found = doc
            .try_select(selector)
            .ok_or_else(|| ExtractError::NoMatch(selector.to_owned()))?;
        let joined: String = found.nodes().iter().map(|n| n.html().to_string()).collect();
        let clean = clean_html(&joined);
        if html_to_text(&clean).trim().is_empty() {
            return Err(ExtractError::NoMatch(selector.to_owned()));
        }
        let title = doc
            .try_select("title")
            .map(|t| t.text().trim().to_owned())
            .filter(|t| !t.is_empty());
        return Ok(Extracted {
            html: clean,
            title,
            byline: None,
        });
    }
    let mut reader = dom_smoothie::Readability::new(html, Some(page.as_str()), None)
        .map_err(|_| ExtractError::BadUrl(page_url.to_owned()))?;
    let article = reader.parse().map_err(|_| ExtractError::NoText)?;
    let clean = clean_html(&article.content);
    if html_to_text(&clean).trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(Extracted {
        html: clean,
        title: Some(article.title).filter(|t| !t.trim().is_empty()),
        byline: article.byline.filter(|b| !b.trim().is_empty()),
    })
}
