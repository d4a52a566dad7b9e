//! The reader's pages: home, articles and static pages, category, tag and author lists.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gazette_core::format::{human_date, iso8601};
use gazette_core::lang;
use gazette_core::model::{Article, Category, Page};
use gazette_core::urls;
use gazette_store::{ArticleFilter, ReadWindow};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{error_page, render, respond, syndication};
use crate::edition::Edition;
use crate::error::WebError;
use crate::seo::{self, Meta, MetaArticle, MetaImage};
use crate::state::AppState;
use crate::view::{self, Card, Link, Pagination};

const PER_PAGE: u64 = 12;
const HOME_LATEST: i64 = 9;
const SECTION_SIZE: i64 = 4;

type App = State<Arc<AppState>>;

#[derive(Deserialize)]
pub struct ListQuery {
    page: Option<String>,
}

/// `?page=N`: absent means 1; anything but a whole number from 1 up is refused.
fn page_number(query: Result<Query<ListQuery>, QueryRejection>) -> Result<u64, WebError> {
    let Query(q) = query
        .map_err(|_| WebError::BadRequest("The address has a malformed query string.".into()))?;
    match q.page.as_deref().map(str::trim) {
        None | Some("") => Ok(1),
        Some(raw) => match raw.parse::<u64>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(WebError::BadRequest(format!(
                "`page` must be a whole number from 1 up, like ?page=2 (got `{}`).",
                raw.chars().take(40).collect::<String>()
            ))),
        },
    }
}

fn logo_url(app: &AppState) -> String {
    app.theme.assets.url("mark.svg").unwrap_or_default()
}

#[derive(Serialize)]
struct Section {
    category: Link,
    articles: Vec<Card>,
}

#[derive(Serialize)]
struct HomePage {
    lead: Option<Card>,
    latest: Vec<Card>,
    sections: Vec<Section>,
    most_read_day: Vec<Card>,
    most_read_week: Vec<Card>,
    most_read_all_time: bool,
}

pub async fn home(State(app): App, edition: Edition) -> Response {
    respond(&app, &edition.path("/"), home_page(&app, &edition).await).await
}

async fn home_page(app: &AppState, edition: &Edition) -> Result<Response, WebError> {
    let now = OffsetDateTime::now_utc();
    let site = app.site().await?;
    let scope = edition.scope(&site);
    let latest = app
        .store
        .latest_in_edition(&ArticleFilter::All, &scope, now, HOME_LATEST, 0)
        .await?;
    let mut latest = view::cards(&latest);
    let lead = (!latest.is_empty()).then(|| latest.remove(0));
    let mut sections = Vec::new();
    let tree = app.store.categories().await?;
    for c in tree.iter().filter(|c| c.parent_id.is_none()) {
        let list = app
            .store
            .latest_in_edition(
                &ArticleFilter::Category(c.clone()),
                &scope,
                now,
                SECTION_SIZE,
                0,
            )
            .await?;
        if !list.is_empty() {
            let mut category = view::category_link(c);
            category.url = edition.path(&category.url);
            sections.push(Section {
                category,
                articles: view::cards(&list),
            });
        }
    }
    let store = &app.store;
    let in_edition = Some(&scope);
    let most_read_day = view::cards(
        &store
            .most_read_in(now, ReadWindow::Day, 5, in_edition)
            .await?,
    );
    let mut most_read_week = view::cards(
        &store
            .most_read_in(now, ReadWindow::Week, 5, in_edition)
            .await?,
    );
    // A new site has no recent views yet; all-time favourites beat an empty box.
    let most_read_all_time = most_read_week.is_empty();
    if most_read_all_time {
        most_read_week = view::cards(&store.most_read_ever_in(now, 5, in_edition).await?);
    }
    let path = edition.path("/");
    let mut meta =
        Meta::page(&site, &site.name, &site.tagline, &path).in_edition(&site, edition, "/");
    meta.json_ld = seo::website(&site, &logo_url(app));
    render(
        app,
        "home.html",
        &path,
        meta,
        HomePage {
            lead,
            latest,
            sections,
            most_read_day,
            most_read_week,
            most_read_all_time,
        },
    )
    .await
}

#[derive(Serialize)]
struct Credit {
    name: String,
    url: String,
    role: &'static str,
}

#[derive(Serialize)]
struct SourceView {
    outlet: String,
    url: String,
    original_language: Option<String>,
    original_date: Option<String>,
}

#[derive(Serialize)]
struct CorrectionView {
    date: String,
    date_iso: String,
    text: String,
}

#[derive(Serialize)]
struct ArticleView {
    #[serde(flatten)]
    card: Card,
    body_html: String,
    modified: String,
    modified_iso: String,
    modified_differs: bool,
    authors: Vec<Credit>,
    translators: Vec<Credit>,
    word_count: u32,
    language: String,
    source: Option<SourceView>,
    source_label: Option<&'static str>,
    tags: Vec<Link>,
    corrections: Vec<CorrectionView>,
    beacon_url: String,
}

/// Another published version of the story, for the "Also in" line.
#[derive(Serialize)]
struct VersionLink {
    language: String,
    name: String,
    url: String,
}

/// The hreflang alternates of an article in a story (every visible version, itself
/// included, and `x-default`: see [`gazette_core::lang::x_default`]) and its other
/// versions for "Also in". Both empty when the article is in no story or alone in it.
fn story_links(
    site: &crate::state::SiteView,
    a: &Article,
    versions: &[gazette_store::Version],
) -> (Vec<seo::Alternate>, Vec<VersionLink>) {
    if versions.len() < 2 || !versions.iter().any(|v| v.id == a.id) {
        return (Vec::new(), Vec::new());
    }
    let refs: Vec<lang::VersionRef<'_>> = versions
        .iter()
        .map(|v| lang::VersionRef {
            language: &v.language,
            original: v.is_original(),
        })
        .collect();
    let mut alternates: Vec<seo::Alternate> = versions
        .iter()
        .map(|v| seo::Alternate {
            lang: v.language.clone(),
            url: seo::absolute(site, &view::article_url(&v.slug)),
        })
        .collect();
    if let Some(i) = lang::x_default(&refs, &site.language) {
        alternates.push(seo::Alternate {
            lang: "x-default".into(),
            url: alternates[i].url.clone(),
        });
    }
    let others = versions
        .iter()
        .filter(|v| v.id != a.id)
        .map(|v| VersionLink {
            name: lang::native_name(&v.language),
            language: v.language.clone(),
            url: view::article_url(&v.slug),
        })
        .collect();
    (alternates, others)
}

#[derive(Serialize)]
struct ArticlePage {
    versions: Vec<VersionLink>,
    article: ArticleView,
    breadcrumbs: Vec<Link>,
    related: Vec<Card>,
    newest: Vec<Card>,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    body_html: String,
    modified: String,
    modified_iso: String,
}

#[derive(Serialize)]
struct StaticPage {
    page: PageView,
    breadcrumbs: Vec<Link>,
}

/// `/{slug}/`: an article, else a static page, else 404.
pub async fn by_slug(State(app): App, Path(slug): Path<String>) -> Response {
    let path = urls::article_path(&slug);
    let result = async {
        let now = OffsetDateTime::now_utc();
        if let Some(article) = app.store.visible_article(&slug, now).await? {
            return article_page(&app, article, now).await;
        }
        match app.store.page_by_slug(&slug).await? {
            Some(page) => static_page(&app, page).await,
            None => Err(WebError::NotFound),
        }
    }
    .await;
    respond(&app, &path, result).await
}

fn crumbs_for(category: Option<&Category>, all: &[Category], last: Link) -> Vec<Link> {
    let mut crumbs = vec![Link::home()];
    if let Some(c) = category {
        // Ancestors first, from the materialised path.
        let mut prefix = String::new();
        for part in c.path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if let Some(node) = all.iter().find(|n| n.path == prefix) {
                crumbs.push(view::category_link(node));
            }
        }
    }
    crumbs.push(last);
    crumbs
}

fn credit(a: &gazette_core::model::Author, role: &'static str) -> Credit {
    Credit {
        name: a.name.clone(),
        url: view::author_url(a),
        role,
    }
}

async fn article_page(
    app: &AppState,
    a: Article,
    now: OffsetDateTime,
) -> Result<Response, WebError> {
    let site = app.site().await?;
    let categories = app.store.categories().await?;
    let path = view::article_url(&a.slug);
    let breadcrumbs = crumbs_for(
        a.category.as_ref(),
        &categories,
        Link {
            name: a.title.clone(),
            url: path.clone(),
        },
    );
    let related = view::cards(&app.store.related(&a, now, 4).await?);
    let newest = app
        .store
        .latest_articles(&ArticleFilter::All, now, 6, 0)
        .await?;
    let newest: Vec<Card> = view::cards(&newest)
        .into_iter()
        .filter(|c| c.id != a.id)
        .take(5)
        .collect();

    let published = a.published_at.unwrap_or(a.modified_at);
    // Edits within the first hour are part of publishing, not a later update.
    let modified_differs = (a.modified_at - published).whole_minutes() >= 60;
    // The editor's SEO fields win when set: meta description over the excerpt, social
    // image over the featured one.
    let (meta_description, social_image) = app.store.article_seo(a.id).await?;
    let description = if meta_description.is_empty() {
        &a.excerpt
    } else {
        &meta_description
    };
    let mut meta = Meta::page(&site, &a.title, description, &path).in_language(&a.language);
    meta.og_type = "article";
    meta.image = social_image
        .as_ref()
        .or(a.featured.as_ref())
        .map(|m| MetaImage::of_media(&site, m))
        .or(meta.image);
    meta.article = Some(MetaArticle {
        published_iso: iso8601(published),
        modified_iso: iso8601(a.modified_at.max(published)),
        section: a.category.as_ref().map(|c| c.name.clone()),
        tags: a.tags.iter().map(|t| t.name.clone()).collect(),
        author: a.authors().next().map(|p| p.name.clone()),
    });
    let story = app.store.visible_versions(a.id, now).await?;
    let (alternates, versions) = story_links(&site, &a, &story);
    if !alternates.is_empty() {
        meta.alternates = alternates;
    }
    let mut news_article = seo::news_article(&site, &a, &meta.canonical, &logo_url(app));
    // schema.org's link between a translation and the work it translates, both ways.
    let of = story
        .iter()
        .find(|v| v.id == a.id)
        .and_then(|own| own.translation_of)
        .and_then(|of| story.iter().find(|v| v.id == of));
    if let Some(original) = of {
        news_article["translationOfWork"] =
            serde_json::json!({"@id": seo::absolute(&site, &view::article_url(&original.slug))});
    }
    let translations: Vec<serde_json::Value> = story
        .iter()
        .filter(|v| v.translation_of == Some(a.id))
        .map(|v| serde_json::json!({"@id": seo::absolute(&site, &view::article_url(&v.slug))}))
        .collect();
    if !translations.is_empty() {
        news_article["workTranslation"] = serde_json::Value::Array(translations);
    }
    meta.json_ld = vec![news_article];
    let meta = meta.with_breadcrumbs(&site, &breadcrumbs);

    let article = ArticleView {
        card: view::article_card(&a),
        body_html: a.body_html.clone(),
        modified: human_date(a.modified_at),
        modified_iso: iso8601(a.modified_at),
        modified_differs,
        authors: a.authors().map(|p| credit(p, "author")).collect(),
        translators: a.translators().map(|p| credit(p, "translator")).collect(),
        word_count: a.word_count,
        language: a.language.clone(),
        source: a.source.as_ref().map(|s| SourceView {
            outlet: s.outlet.clone(),
            url: s.url.clone(),
            // A code: the template names it in the reader's language.
            original_language: s.language.clone(),
            original_date: s.published_at.map(iso8601),
        }),
        source_label: crate::i18n::keys::source_label(a.kind),
        tags: {
            let mut tags: Vec<Link> = a.tags.iter().map(view::tag_link).collect();
            gazette_core::collate::sort_by_name(&a.language, &mut tags, |l| l.name.as_str());
            tags
        },
        corrections: a
            .corrections
            .iter()
            .map(|c| CorrectionView {
                date: human_date(c.noted_at),
                date_iso: iso8601(c.noted_at),
                text: c.text.clone(),
            })
            .collect(),
        beacon_url: format!("/views/{}", a.id),
    };
    render(
        app,
        "article.html",
        &path,
        meta,
        ArticlePage {
            versions,
            article,
            breadcrumbs,
            related,
            newest,
        },
    )
    .await
}

async fn static_page(app: &AppState, p: Page) -> Result<Response, WebError> {
    let site = app.site().await?;
    let path = urls::page_path(&p.slug);
    let breadcrumbs = vec![
        Link::home(),
        Link {
            name: p.title.clone(),
            url: path.clone(),
        },
    ];
    let description = gazette_core::text::excerpt(
        &gazette_core::markdown::render(&p.body_markdown).plain_text,
        160,
    );
    let mut meta = Meta::page(&site, &p.title, &description, &path).in_language(&p.language);
    meta.json_ld = vec![seo::web_page(
        &site,
        "page",
        &p.title,
        &description,
        &path,
        Some(p.modified_at),
    )];
    let meta = meta.with_breadcrumbs(&site, &breadcrumbs);
    let page = PageView {
        title: p.title,
        body_html: p.body_html,
        modified: human_date(p.modified_at),
        modified_iso: iso8601(p.modified_at),
    };
    render(
        app,
        "page.html",
        &path,
        meta,
        StaticPage { page, breadcrumbs },
    )
    .await
}

#[derive(Serialize)]
struct Heading {
    kind: &'static str,
    name: String,
    description: String,
    url: String,
    avatar: Option<String>,
}

#[derive(Serialize)]
struct ListingPage {
    heading: Heading,
    subcategories: Vec<Link>,
    articles: Vec<Card>,
    pagination: Pagination,
    breadcrumbs: Vec<Link>,
}

/// Renders one page of a list, refusing pages past the end.
/// Points `links` to the lists (home, categories, tags, authors) of `edition`.
fn links_in(edition: &Edition, links: &mut [Link]) {
    for link in links {
        if link.url == "/"
            || ["/category/", "/tag/", "/author/"]
                .iter()
                .any(|p| link.url.starts_with(p))
        {
            link.url = edition.path(&link.url);
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn listing(
    app: &AppState,
    edition: &Edition,
    mut heading: Heading,
    filter: ArticleFilter,
    page: u64,
    mut subcategories: Vec<Link>,
    mut breadcrumbs: Vec<Link>,
) -> Result<Response, WebError> {
    let now = OffsetDateTime::now_utc();
    let site = app.site().await?;
    let scope = edition.scope(&site);
    let list_path = heading.url.clone();
    heading.url = edition.path(&list_path);
    links_in(edition, &mut subcategories);
    links_in(edition, &mut breadcrumbs);
    // In the order a reader of the edition's language expects (ç after c, ə after e…).
    gazette_core::collate::sort_by_name(edition.language(&site), &mut subcategories, |l| {
        l.name.as_str()
    });
    let total = u64::try_from(app.store.count_in_edition(&filter, &scope, now).await?).unwrap_or(0);
    let pagination = view::pagination(&heading.url, page, total, PER_PAGE);
    if page > pagination.total_pages {
        return Err(WebError::NotFound);
    }
    let offset = i64::try_from((page - 1) * PER_PAGE).map_err(|_| WebError::NotFound)?;
    let list = app
        .store
        .latest_in_edition(&filter, &scope, now, PER_PAGE as i64, offset)
        .await?;
    let title = if page > 1 {
        format!("{} (page {page})", heading.name)
    } else {
        heading.name.clone()
    };
    let description = if heading.description.is_empty() {
        format!("The latest from {} on {}.", heading.name, site.name)
    } else {
        heading.description.clone()
    };
    let path = if page > 1 {
        format!("{}?page={page}", heading.url)
    } else {
        heading.url.clone()
    };
    let unprefixed = if page > 1 {
        format!("{list_path}?page={page}")
    } else {
        list_path.clone()
    };
    let mut meta =
        Meta::page(&site, &title, &description, &path).in_edition(&site, edition, &unprefixed);
    meta.json_ld = vec![seo::web_page(
        &site,
        heading.kind,
        &heading.name,
        &description,
        &path,
        None,
    )];
    let meta = meta
        .with_list_feeds(&heading.name, &heading.url)
        .with_breadcrumbs(&site, &breadcrumbs);
    let page = ListingPage {
        heading,
        subcategories,
        articles: view::cards(&list),
        pagination,
        breadcrumbs,
    };
    render(app, "listing.html", &path, meta, page).await
}

/// `/category/{parent}/{child}/`
pub async fn category(
    State(app): App,
    edition: Edition,
    Path(raw): Path<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    // A list's feeds live below it: `/category/news/feed/`, `…/feed/atom/`, `…/feed.json`.
    for suffix in ["feed/atom/", "feed/", "feed.json"] {
        if let Some(list) = raw.strip_suffix(suffix).filter(|l| l.ends_with('/')) {
            let path = list.trim_matches('/').to_owned();
            let url = edition.path(&format!("/category/{raw}"));
            let result = async {
                let c = app
                    .store
                    .category_by_path(&path)
                    .await?
                    .ok_or(WebError::NotFound)?;
                let format = syndication::Format::from_suffix(suffix).ok_or(WebError::NotFound)?;
                syndication::category_feed(&app, &edition, c, format).await
            }
            .await;
            return respond(&app, &url, result).await;
        }
    }
    let path = raw.trim_matches('/').to_owned();
    let url = edition.path(&urls::category_path(&path));
    if !raw.ends_with('/') {
        return Redirect::permanent(&url).into_response();
    }
    let result = async {
        let page = page_number(query)?;
        let all = app.store.categories().await?;
        let c = all
            .iter()
            .find(|c| c.path == path)
            .cloned()
            .ok_or(WebError::NotFound)?;
        let subcategories = all
            .iter()
            .filter(|x| x.parent_id == Some(c.id))
            .map(view::category_link)
            .collect();
        let heading = Heading {
            kind: "category",
            name: c.name.clone(),
            description: c.description.clone(),
            url: view::category_url(&c),
            avatar: None,
        };
        let mut breadcrumbs = crumbs_for(
            Some(&c),
            &all,
            Link {
                name: String::new(),
                url: String::new(),
            },
        );
        breadcrumbs.pop();
        listing(
            &app,
            &edition,
            heading,
            ArticleFilter::Category(c),
            page,
            subcategories,
            breadcrumbs,
        )
        .await
    }
    .await;
    respond(&app, &url, result).await
}

/// `/tag/{slug}/`
pub async fn tag(
    State(app): App,
    edition: Edition,
    Path(slug): Path<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    named_listing(&app, &edition, Named::Tag(slug), query).await
}

/// `/author/{slug}/`
pub async fn author(
    State(app): App,
    edition: Edition,
    Path(slug): Path<String>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    named_listing(&app, &edition, Named::Author(slug), query).await
}

/// A listing named by a slug in its address.
enum Named {
    Tag(String),
    Author(String),
}

impl Named {
    fn path(&self) -> String {
        match self {
            Named::Tag(slug) => urls::tag_path(slug),
            Named::Author(slug) => urls::author_path(slug),
        }
    }

    /// Its heading, filter and breadcrumb; `None` when nothing has the slug.
    async fn find(
        &self,
        app: &AppState,
    ) -> Result<Option<(Heading, ArticleFilter, Link)>, WebError> {
        Ok(match self {
            Named::Tag(slug) => app.store.tag_by_slug(slug).await?.map(|t| {
                let heading = Heading {
                    kind: "tag",
                    name: t.name.clone(),
                    description: String::new(),
                    url: view::tag_url(&t),
                    avatar: None,
                };
                (heading, ArticleFilter::Tag(t.id), view::tag_link(&t))
            }),
            Named::Author(slug) => app.store.author_by_slug(slug).await?.map(|a| {
                let heading = Heading {
                    kind: "author",
                    name: a.name.clone(),
                    description: a.bio.clone(),
                    url: view::author_url(&a),
                    avatar: a.avatar_url.clone(),
                };
                (heading, ArticleFilter::Author(a.id), view::author_link(&a))
            }),
        })
    }
}

/// The listing of one tag or author (none: 404), after the page number is checked.
async fn named_listing(
    app: &Arc<AppState>,
    edition: &Edition,
    named: Named,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let result = async {
        let page = page_number(query)?;
        let (heading, filter, link) = named.find(app).await?.ok_or(WebError::NotFound)?;
        let breadcrumbs = vec![Link::home(), link];
        listing(app, edition, heading, filter, page, Vec::new(), breadcrumbs).await
    }
    .await;
    respond(app, &edition.path(&named.path()), result).await
}

/// Anything else: paths without their trailing slash are sent to the slashed form (the
/// canonical one, as WordPress does); the rest is a 404 page.
pub async fn fallback(State(app): App, OriginalUri(uri): OriginalUri) -> Response {
    // The address as asked for: a language edition's prefix (`/az/feed`) stays on.
    let path = uri.path();
    let last = path.rsplit('/').next().unwrap_or("");
    if !path.ends_with('/') && !last.contains('.') && path.len() < 2048 {
        let target = match uri.query() {
            Some(q) => format!("{path}/?{q}"),
            None => format!("{path}/"),
        };
        // `//evil.example` would be read as another host.
        if !target.starts_with("//") {
            return Redirect::permanent(&target).into_response();
        }
    }
    error_page(&app, path, WebError::NotFound).await
}
