//! The machine-readable layer of every page: canonical URL, description, OpenGraph and
//! Twitter data, JSON-LD (`NewsArticle`, `BreadcrumbList`, `WebSite`), feeds, hreflang.

use gazette_core::format::iso8601;
use gazette_core::model::Article;
use gazette_core::urls::{self, FeedFormat};
use serde::Serialize;
use serde_json::{Value, json};

use crate::state::SiteView;
use crate::view::{Link, author_url, media_url};

#[derive(Debug, Clone, Serialize)]
pub struct MetaImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

impl MetaImage {
    /// A library picture for social previews, at its largest variant.
    pub fn of_media(site: &SiteView, m: &gazette_core::model::Media) -> MetaImage {
        let w = m.variant_widths.last().copied().unwrap_or(0);
        let (width, height) = if w > 0 && m.width > 0 {
            (
                w,
                u32::try_from(u64::from(m.height) * u64::from(w) / u64::from(m.width))
                    .unwrap_or(m.height),
            )
        } else {
            (m.width, m.height)
        };
        MetaImage {
            url: absolute(site, &media_url(m, w)),
            width,
            height,
            alt: m.alt.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    pub title: String,
    pub url: String,
    pub mime: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaArticle {
    pub published_iso: String,
    pub modified_iso: String,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub author: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// For `<title>`: the page's title and the site's name.
    pub title: String,
    /// For social previews, which show the site's name themselves.
    pub og_title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    /// The language of the page's content, for `<html lang>`: the site's, or an
    /// article's own.
    pub lang: String,
    pub image: Option<MetaImage>,
    pub json_ld: Vec<Value>,
    pub feeds: Vec<Feed>,
    pub alternates: Vec<Alternate>,
    pub noindex: bool,
    pub article: Option<MetaArticle>,
    /// The language edition the page belongs to (`/az`; empty for the main one): the
    /// header's home, search and menu links stay in it.
    pub edition: String,
}

impl Meta {
    /// Meta for an ordinary page at `path`, with the site's own feeds.
    pub fn page(site: &SiteView, title: &str, description: &str, path: &str) -> Meta {
        let full_title = if title.is_empty() || title == site.name {
            site.name.clone()
        } else {
            format!("{title} – {}", site.name)
        };
        Meta {
            title: full_title,
            og_title: if title.is_empty() {
                site.name.clone()
            } else {
                title.to_owned()
            },
            description: description.to_owned(),
            canonical: absolute(site, path),
            og_type: "website",
            lang: site.language.clone(),
            image: site.social_image.clone(),
            json_ld: Vec::new(),
            feeds: site_feeds(site),
            alternates: vec![Alternate {
                lang: site.language.clone(),
                url: absolute(site, path),
            }],
            noindex: false,
            article: None,
            edition: String::new(),
        }
    }

    /// Marks the page as one of `edition`'s, a page every edition has at `path` (without
    /// prefix: `/`, `/category/news/`): its language is the edition's, its canonical
    /// address the prefixed one, its feeds the edition's, and its hreflang alternates the
    /// same page in every language of the site, with the main edition as `x-default`.
    pub fn in_edition(
        mut self,
        site: &SiteView,
        edition: &crate::edition::Edition,
        path: &str,
    ) -> Meta {
        self.edition = edition.prefix();
        self.lang = edition.language(site).to_owned();
        self.canonical = absolute(site, &edition.path(path));
        for feed in &mut self.feeds {
            if feed.url.starts_with('/') {
                feed.url = edition.path(&feed.url);
            }
        }
        self.alternates = site
            .languages
            .iter()
            .map(|l| Alternate {
                lang: l.code.clone(),
                url: absolute(
                    site,
                    &urls::in_edition(&urls::edition_prefix(&l.code, &site.language), path),
                ),
            })
            .collect();
        if self.alternates.len() > 1 {
            self.alternates.push(Alternate {
                lang: "x-default".into(),
                url: absolute(site, path),
            });
        }
        self
    }

    /// Marks the page as written in `lang` (an article in another language than the
    /// site's), for `<html lang>` and its own alternate link.
    pub fn in_language(mut self, lang: &str) -> Meta {
        self.lang = lang.to_owned();
        for a in &mut self.alternates {
            a.lang = lang.to_owned();
        }
        self
    }

    /// Adds the feeds of a category, tag or author list after the site's.
    pub fn with_list_feeds(mut self, name: &str, path: &str) -> Meta {
        let base = path.trim_end_matches('/');
        self.feeds.insert(
            0,
            Feed {
                title: format!("{name} (RSS)"),
                url: urls::feed_path(&format!("{base}/"), FeedFormat::Rss),
                mime: "application/rss+xml",
            },
        );
        self.feeds.insert(
            1,
            Feed {
                title: format!("{name} (Atom)"),
                url: urls::feed_path(&format!("{base}/"), FeedFormat::Atom),
                mime: "application/atom+xml",
            },
        );
        self
    }

    pub fn with_breadcrumbs(mut self, site: &SiteView, crumbs: &[Link]) -> Meta {
        if crumbs.len() > 1 {
            self.json_ld.push(breadcrumb_list(site, crumbs));
        }
        self
    }
}

pub fn absolute(site: &SiteView, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{}{path}", site.base_url)
    }
}

fn site_feeds(site: &SiteView) -> Vec<Feed> {
    vec![
        Feed {
            title: format!("{} (RSS)", site.name),
            url: urls::site_feed_path(FeedFormat::Rss),
            mime: "application/rss+xml",
        },
        Feed {
            title: format!("{} (Atom)", site.name),
            url: urls::site_feed_path(FeedFormat::Atom),
            mime: "application/atom+xml",
        },
        Feed {
            title: format!("{} (JSON Feed)", site.name),
            url: urls::site_feed_path(FeedFormat::Json),
            mime: "application/feed+json",
        },
    ]
}

fn organization(site: &SiteView, logo_url: &str) -> Value {
    json!({
        "@type": "NewsMediaOrganization",
        "name": site.name,
        "url": absolute(site, "/"),
        "logo": {"@type": "ImageObject", "url": absolute(site, logo_url)},
    })
}

/// `WebSite` with a search action, for the home page.
pub fn website(site: &SiteView, logo_url: &str) -> Vec<Value> {
    let mut org = organization(site, logo_url);
    org["@context"] = json!("https://schema.org");
    vec![
        json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.name,
            "url": absolute(site, "/"),
            "inLanguage": site.language,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": absolute(site, "/search?q={search_term_string}")},
                "query-input": "required name=search_term_string",
            },
        }),
        org,
    ]
}

/// The page itself, for pages other than the home page and articles: `CollectionPage` for
/// sections and topics, `ProfilePage` (about a `Person`) for authors, `WebPage` otherwise.
/// Each names the site it is part of, so a crawler can tie every page to the publisher.
pub fn web_page(
    site: &SiteView,
    kind: &str,
    name: &str,
    description: &str,
    path: &str,
    modified: Option<time::OffsetDateTime>,
) -> Value {
    let url = absolute(site, path);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": match kind {
            "category" | "tag" => "CollectionPage",
            "author" => "ProfilePage",
            _ => "WebPage",
        },
        "@id": url,
        "url": url,
        "name": name,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": absolute(site, "/")},
    });
    if !description.is_empty() {
        v["description"] = json!(description);
    }
    if kind == "author" {
        v["mainEntity"] = json!({"@type": "Person", "name": name, "url": url});
    }
    if let Some(at) = modified {
        v["dateModified"] = json!(iso8601(at));
    }
    v
}

pub fn breadcrumb_list(site: &SiteView, crumbs: &[Link]) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": c.name,
                "item": absolute(site, &c.url),
            })
        })
        .collect();
    json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}

fn person(site: &SiteView, a: &gazette_core::model::Author) -> Value {
    json!({"@type": "Person", "name": a.name, "url": absolute(site, &author_url(a))})
}

/// `NewsArticle` for an article page; translations and reprints name their original with
/// `isBasedOn` and their translators with `translator`.
pub fn news_article(site: &SiteView, a: &Article, canonical: &str, logo_url: &str) -> Value {
    let published = a.published_at.unwrap_or(a.modified_at);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": a.title,
        "description": a.excerpt,
        "datePublished": iso8601(published),
        "dateModified": iso8601(a.modified_at.max(published)),
        "inLanguage": a.language,
        "wordCount": a.word_count,
        "author": a.authors().map(|p| person(site, p)).collect::<Vec<_>>(),
        "publisher": organization(site, logo_url),
    });
    if let Some(sub) = &a.subtitle {
        v["alternativeHeadline"] = json!(sub);
    }
    if let Some(c) = &a.category {
        v["articleSection"] = json!(c.name);
    }
    if !a.tags.is_empty() {
        v["keywords"] = json!(a.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>());
    }
    if let Some(m) = &a.featured {
        let largest = m.variant_widths.last().copied().unwrap_or(0);
        v["image"] = json!([{
            "@type": "ImageObject",
            "url": absolute(site, &media_url(m, largest)),
            "width": if largest > 0 { largest } else { m.width },
            "height": if largest > 0 && m.width > 0 { u64::from(m.height) * u64::from(largest) / u64::from(m.width) } else { u64::from(m.height) },
            "caption": m.caption,
        }]);
    } else if let Some(image) = &site.social_image {
        // Rich results require an image: the site's default stands in.
        v["image"] = json!([{
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        }]);
    }
    let translators: Vec<Value> = a.translators().map(|p| person(site, p)).collect();
    if !translators.is_empty() {
        v["translator"] = json!(translators);
    }
    if let Some(src) = &a.source {
        let mut based_on = json!({
            "@type": "CreativeWork",
            "url": src.url,
            "publisher": {"@type": "Organization", "name": src.outlet},
        });
        if let Some(lang) = &src.language {
            based_on["inLanguage"] = json!(lang);
        }
        if let Some(at) = src.published_at {
            based_on["datePublished"] = json!(iso8601(at));
        }
        v["isBasedOn"] = based_on;
    }
    v
}
