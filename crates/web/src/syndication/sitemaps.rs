//! Sitemaps: an index of monthly article sitemaps (with `lastmod` and image entries), one
//! for pages and lists, and the Google News sitemap of the last 48 hours.

use gazette_core::format::iso8601;
use time::OffsetDateTime;

use super::xml::text;

pub struct Url {
    pub loc: String,
    pub lastmod: Option<OffsetDateTime>,
    /// Absolute URL and caption of a picture on the page.
    pub image: Option<(String, String)>,
    /// The page in other languages, itself included, as (hreflang, absolute URL), for
    /// `xhtml:link` alternates; empty for none.
    pub alternates: Vec<(String, String)>,
}

pub struct NewsUrl {
    pub loc: String,
    pub title: String,
    pub language: String,
    pub published: OffsetDateTime,
}

pub fn index(sitemaps: &[(String, Option<OffsetDateTime>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in sitemaps {
        out.push_str(&format!("<sitemap><loc>{}</loc>", text(loc)));
        if let Some(t) = lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", iso8601(*t)));
        }
        out.push_str("</sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
    out
}

pub fn urlset(urls: &[Url]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for u in urls {
        out.push_str(&format!("<url><loc>{}</loc>", text(&u.loc)));
        if let Some(t) = u.lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", iso8601(t)));
        }
        if let Some((loc, caption)) = &u.image {
            out.push_str(&format!(
                "<image:image><image:loc>{}</image:loc>",
                text(loc)
            ));
            if !caption.is_empty() {
                out.push_str(&format!("<image:caption>{}</image:caption>", text(caption)));
            }
            out.push_str("</image:image>");
        }
        for (lang, href) in &u.alternates {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                text(lang),
                text(href)
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn news(publication: &str, urls: &[NewsUrl]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for u in urls {
        // Google News wants ISO 639 codes: the primary subtag.
        let lang = u
            .language
            .split('-')
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        out.push_str(&format!(
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name><news:language>{}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news></url>\n",
            text(&u.loc),
            text(publication),
            text(&lang),
            iso8601(u.published),
            text(&u.title)
        ));
    }
    out.push_str("</urlset>\n");
    out
}
