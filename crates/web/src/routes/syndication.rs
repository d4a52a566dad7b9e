//! Feeds for the site and every category, tag and author; sitemaps; robots.txt.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gazette_core::model::{Article, Category};
use gazette_core::urls;
use gazette_store::ArticleFilter;
use time::{Date, Duration, Month, OffsetDateTime};

use super::respond;
use crate::edition::Edition;
use crate::error::WebError;
use crate::state::AppState;
use crate::syndication::{feeds, sitemaps};
use crate::view;

type App = State<Arc<AppState>>;

const FEED_ITEMS: i64 = 30;
const NEWS_WINDOW: Duration = Duration::hours(48);
const NEWS_MAX: usize = 1000;

/// The feed formats and their addresses are the URL scheme's, in core.
pub use gazette_core::urls::FeedFormat as Format;

fn content_type(format: Format) -> &'static str {
    match format {
        Format::Rss => "application/rss+xml; charset=utf-8",
        Format::Atom => "application/atom+xml; charset=utf-8",
        Format::Json => "application/feed+json; charset=utf-8",
    }
}

fn document(app: &AppState, content_type: &'static str, body: String) -> Response {
    let body = app.with_media_url(body);
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        body,
    )
        .into_response()
}

fn tag_uri(base_url: &str, id: i64) -> String {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost");
    format!("tag:{host},2026:article:{id}")
}

async fn item(app: &AppState, a: &Article, full: bool) -> feeds::Item {
    let base = &app.config.base_url;
    let published = a.published_at.unwrap_or(a.modified_at);
    // The enclosure's length comes from the media store (a HEAD request on object storage).
    let length = match &a.featured {
        Some(m) => {
            let path = m.variant_path(m.variant_widths.last().copied().unwrap_or(0));
            match app.config.media.head(&path).await {
                Ok(info) => info.map_or(0, |i| i.size),
                Err(e) => {
                    tracing::warn!(%path, error = %e, "cannot read a picture's size for a feed");
                    0
                }
            }
        }
        None => 0,
    };
    let picture = a.featured.as_ref().map(|m| {
        let width = m.variant_widths.last().copied().unwrap_or(0);
        let path = m.variant_path(width);
        let (w, h) = if width > 0 && m.width > 0 {
            (
                width,
                u32::try_from(u64::from(m.height) * u64::from(width) / u64::from(m.width))
                    .unwrap_or(m.height),
            )
        } else {
            (m.width, m.height)
        };
        feeds::Picture {
            url: format!("{base}/media/{path}"),
            mime: m.mime.clone(),
            length,
            width: w,
            height: h,
            alt: m.alt.clone(),
        }
    });
    let mut categories: Vec<String> = a.category.iter().map(|c| c.name.clone()).collect();
    categories.extend(a.tags.iter().map(|t| t.name.clone()));
    feeds::Item {
        id: tag_uri(base, a.id),
        url: format!("{base}{}", view::article_url(&a.slug)),
        title: a.title.clone(),
        summary: a.excerpt.clone(),
        content_html: full.then(|| feeds::absolutize(&a.body_html, base)),
        published,
        modified: a.modified_at,
        authors: a
            .authors()
            .map(|p| (p.name.clone(), format!("{base}{}", view::author_url(p))))
            .collect(),
        categories,
        language: a.language.clone(),
        picture,
    }
}

/// Renders `edition`'s feed of `filter` whose page lives at `page_path` (unprefixed).
async fn feed(
    app: &AppState,
    edition: &Edition,
    format: Format,
    filter: ArticleFilter,
    name: Option<&str>,
    page_path: &str,
) -> Result<Response, WebError> {
    let now = OffsetDateTime::now_utc();
    let site = app.site().await?;
    let settings = app.store.settings().await?;
    let articles = app
        .store
        .feed_articles(&filter, Some(&edition.scope(&site)), now, FEED_ITEMS)
        .await?;
    let page_path = &edition.path(page_path);
    let items: Vec<feeds::Item> = futures_util::future::join_all(
        articles
            .iter()
            .map(|a| item(app, a, settings.feed_full_content)),
    )
    .await;
    let base = &app.config.base_url;
    let channel = feeds::Channel {
        title: name.map_or_else(|| site.name.clone(), |n| format!("{n} – {}", site.name)),
        description: if site.tagline.is_empty() {
            site.name.clone()
        } else {
            site.tagline.clone()
        },
        page_url: format!("{base}{page_path}"),
        self_url: format!("{base}{}", urls::feed_path(page_path, format)),
        language: edition.language(&site).to_owned(),
        updated: items
            .iter()
            .map(|i| i.modified.max(i.published))
            .max()
            .unwrap_or(now),
    };
    let body = match format {
        Format::Rss => feeds::rss(&channel, &items),
        Format::Atom => feeds::atom(&channel, &items),
        Format::Json => feeds::json_feed(&channel, &items),
    };
    Ok(document(app, content_type(format), body))
}

/// The site's feed in `format`, for `edition`.
async fn site_feed(app: &Arc<AppState>, edition: &Edition, format: Format) -> Response {
    respond(
        app,
        &edition.path(&urls::site_feed_path(format)),
        feed(app, edition, format, ArticleFilter::All, None, "/").await,
    )
    .await
}

pub async fn site_rss(State(app): App, edition: Edition) -> Response {
    site_feed(&app, &edition, Format::Rss).await
}

pub async fn site_atom(State(app): App, edition: Edition) -> Response {
    site_feed(&app, &edition, Format::Atom).await
}

pub async fn site_json(State(app): App, edition: Edition) -> Response {
    site_feed(&app, &edition, Format::Json).await
}

/// A category's feed; the category router hands over when the path ends in a feed suffix.
pub async fn category_feed(
    app: &Arc<AppState>,
    edition: &Edition,
    category: Category,
    format: Format,
) -> Result<Response, WebError> {
    let page = view::category_url(&category);
    let name = category.name.clone();
    feed(
        app,
        edition,
        format,
        ArticleFilter::Category(category),
        Some(&name),
        &page,
    )
    .await
}

/// What a tag's or an author's feed is about: its articles, its name, its page.
type FeedOwner = (ArticleFilter, String, String);

/// The feed at `owner_path` + `rest` (`/feed/…`) of the tag or author that `owner` finds;
/// the suffix is checked before `owner` is looked up, and either missing is a 404.
async fn owner_feed(
    app: &Arc<AppState>,
    edition: &Edition,
    owner_path: String,
    rest: &str,
    owner: impl Future<Output = Result<Option<FeedOwner>, WebError>>,
) -> Response {
    let path = edition.path(&format!("{owner_path}{rest}"));
    let result = async {
        let format = Format::from_suffix(rest).ok_or(WebError::NotFound)?;
        let (filter, name, page) = owner.await?.ok_or(WebError::NotFound)?;
        feed(app, edition, format, filter, Some(&name), &page).await
    }
    .await;
    respond(app, &path, result).await
}

/// `/tag/{slug}/feed/…`.
pub async fn tag_feed(
    State(app): App,
    edition: Edition,
    Path((slug, rest)): Path<(String, String)>,
) -> Response {
    let owner = async {
        let tag = app.store.tag_by_slug(&slug).await?;
        Ok(tag.map(|t| {
            let page = view::tag_url(&t);
            (ArticleFilter::Tag(t.id), t.name, page)
        }))
    };
    owner_feed(&app, &edition, urls::tag_path(&slug), &rest, owner).await
}

/// `/author/{slug}/feed/…`.
pub async fn author_feed(
    State(app): App,
    edition: Edition,
    Path((slug, rest)): Path<(String, String)>,
) -> Response {
    let owner = async {
        let author = app.store.author_by_slug(&slug).await?;
        Ok(author.map(|a| {
            let page = view::author_url(&a);
            (ArticleFilter::Author(a.id), a.name, page)
        }))
    };
    owner_feed(&app, &edition, urls::author_path(&slug), &rest, owner).await
}

fn month_start(year: i32, month: Month) -> Option<OffsetDateTime> {
    Date::from_calendar_date(year, month, 1)
        .ok()
        .map(|d| d.midnight().assume_utc())
}

/// `/sitemap.xml`: the pages sitemap and one per month with articles.
pub async fn sitemap_index(State(app): App) -> Response {
    let result = async {
        let now = OffsetDateTime::now_utc();
        let base = &app.config.base_url;
        let mut months: std::collections::BTreeMap<(i32, u8), OffsetDateTime> =
            std::collections::BTreeMap::new();
        for (published, modified) in app.store.article_dates(now).await? {
            let key = (published.year(), u8::from(published.month()));
            let last = months.entry(key).or_insert(modified);
            *last = (*last).max(modified);
        }
        let mut list = vec![(format!("{base}/sitemap/pages.xml"), None)];
        for ((y, m), lastmod) in months.iter().rev() {
            list.push((
                format!("{base}/sitemap/posts-{y:04}-{m:02}.xml"),
                Some(*lastmod),
            ));
        }
        Ok(document(
            &app,
            "application/xml; charset=utf-8",
            sitemaps::index(&list),
        ))
    }
    .await;
    respond(&app, "/sitemap.xml", result).await
}

/// `/sitemap/pages.xml` and `/sitemap/posts-YYYY-MM.xml`.
pub async fn sitemap_part(State(app): App, Path(name): Path<String>) -> Response {
    let path = format!("/sitemap/{name}");
    let result = async {
        let now = OffsetDateTime::now_utc();
        let base = app.config.base_url.clone();
        let abs = |p: &str| format!("{base}{p}");
        let urls = if name == "pages.xml" {
            // The home page of every language edition (`/`, `/az/`, …).
            let site = app.site().await?;
            let mut urls: Vec<sitemaps::Url> = site
                .languages
                .iter()
                .map(|l| sitemaps::Url {
                    loc: abs(&l.home),
                    lastmod: None,
                    image: None,
                    alternates: Vec::new(),
                })
                .collect();
            for p in app.store.sitemap_pages().await? {
                urls.push(sitemaps::Url {
                    loc: abs(&p.path),
                    lastmod: Some(p.modified_at),
                    image: None,
                    alternates: Vec::new(),
                });
            }
            for c in app.store.categories().await?.iter() {
                urls.push(sitemaps::Url {
                    loc: abs(&view::category_url(c)),
                    lastmod: None,
                    image: None,
                    alternates: Vec::new(),
                });
            }
            let (tags, authors) = app.store.sitemap_taxonomies(now).await?;
            for (slug, at) in tags {
                urls.push(sitemaps::Url {
                    loc: abs(&urls::tag_path(&slug)),
                    lastmod: OffsetDateTime::from_unix_timestamp(at).ok(),
                    image: None,
                    alternates: Vec::new(),
                });
            }
            for (slug, at) in authors {
                urls.push(sitemaps::Url {
                    loc: abs(&urls::author_path(&slug)),
                    lastmod: OffsetDateTime::from_unix_timestamp(at).ok(),
                    image: None,
                    alternates: Vec::new(),
                });
            }
            urls
        } else {
            let (year, month) = parse_month(&name).ok_or(WebError::NotFound)?;
            let from = month_start(year, month).ok_or(WebError::NotFound)?;
            let to = if month == Month::December {
                month_start(year + 1, Month::January)
            } else {
                month_start(year, month.next())
            }
            .ok_or(WebError::NotFound)?;
            let entries = app.store.sitemap_articles(now, from, to, None).await?;
            let site_language = app.site().await?.language.clone();
            if entries.is_empty() {
                return Err(WebError::NotFound);
            }
            entries
                .into_iter()
                .map(|e| sitemaps::Url {
                    loc: abs(&e.path),
                    lastmod: Some(e.modified_at.max(e.published_at.unwrap_or(e.modified_at))),
                    alternates: sitemap_alternates(&e, &site_language, &abs),
                    image: e
                        .image
                        .map(|(p, caption)| (abs(&format!("/media/{p}")), caption)),
                })
                .collect()
        };
        Ok(document(
            &app,
            "application/xml; charset=utf-8",
            sitemaps::urlset(&urls),
        ))
    }
    .await;
    respond(&app, &path, result).await
}

/// An article's hreflang alternates in a sitemap: every visible version of its story and
/// `x-default`, the same set its page carries.
fn sitemap_alternates(
    e: &gazette_store::SitemapEntry,
    site_language: &str,
    abs: &impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    let refs: Vec<gazette_core::lang::VersionRef<'_>> = e
        .alternates
        .iter()
        .zip(&e.originals)
        .map(|((language, _), original)| gazette_core::lang::VersionRef {
            language,
            original: *original,
        })
        .collect();
    let mut out: Vec<(String, String)> = e
        .alternates
        .iter()
        .map(|(l, p)| (l.clone(), abs(p)))
        .collect();
    if let Some(i) = gazette_core::lang::x_default(&refs, site_language) {
        out.push(("x-default".to_owned(), out[i].1.clone()));
    }
    out
}

/// `posts-2026-11.xml` → (2026, November).
fn parse_month(name: &str) -> Option<(i32, Month)> {
    let rest = name.strip_prefix("posts-")?.strip_suffix(".xml")?;
    let (y, m) = rest.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Some((y.parse().ok()?, month))
}

/// `/sitemap-news.xml`: articles of the last 48 hours, for Google News; `/az/sitemap-news.xml`
/// those of one language edition.
pub async fn news_sitemap(State(app): App, edition: Edition) -> Response {
    let result = async {
        let now = OffsetDateTime::now_utc();
        let site = app.site().await?;
        let base = &app.config.base_url;
        let scope = edition.scope(&site);
        let mut entries = app
            .store
            .sitemap_articles(
                now,
                now - NEWS_WINDOW,
                now + Duration::seconds(1),
                Some(&scope),
            )
            .await?;
        entries.reverse();
        entries.truncate(NEWS_MAX);
        let urls: Vec<sitemaps::NewsUrl> = entries
            .into_iter()
            .map(|e| sitemaps::NewsUrl {
                loc: format!("{base}{}", e.path),
                title: e.title,
                language: e.language,
                published: e.published_at.unwrap_or(e.modified_at),
            })
            .collect();
        Ok(document(
            &app,
            "application/xml; charset=utf-8",
            sitemaps::news(&site.name, &urls),
        ))
    }
    .await;
    respond(&app, &edition.path("/sitemap-news.xml"), result).await
}

pub async fn robots(State(app): App) -> Response {
    let base = &app.config.base_url;
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /account/\nDisallow: /views/\nDisallow: /search?\n\n\
         Sitemap: {base}/sitemap.xml\nSitemap: {base}/sitemap-news.xml\n"
    );
    document(&app, "text/plain; charset=utf-8", body)
}
