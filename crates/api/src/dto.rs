//! The documents the API returns. Field names are part of the API's contract: add fields,
//! never rename or remove them. Every struct denies unknown fields in its schema
//! (`additionalProperties: false`), so the OpenAPI document lists every field a response has.
//! Times are RFC 3339 in UTC; links and images are absolute URLs.

use gazette_core::model::{
    Article, ArticleSummary, Author, Category, CreditRole, Kind, Media, Page, Tag,
};
use gazette_core::urls as paths;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

/// Characters escaped in a URL path segment built from a slug or a media path.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Turns site-relative paths into absolute URLs of this site.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        Urls {
            base: base_url.trim_end_matches('/').to_owned(),
        }
    }

    /// `path` must start with `/`; non-ASCII and reserved characters are escaped.
    pub fn abs(&self, path: &str) -> String {
        format!("{}{}", self.base, utf8_percent_encode(path, SEGMENT))
    }

    /// `path` with a query string of the non-empty `pairs`, values percent-encoded.
    pub fn with_query(&self, path: &str, pairs: &[(&str, String)]) -> String {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match paths::query_string(&pairs) {
            query if query.is_empty() => self.abs(path),
            query => format!("{}?{query}", self.abs(path)),
        }
    }

    pub fn article(&self, slug: &str) -> String {
        self.abs(&paths::article_path(slug))
    }

    pub fn media(&self, m: &Media, width: u32) -> String {
        self.abs(&format!("/media/{}", m.variant_path(width)))
    }
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// The kind of piece.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = Kind)]
#[serde(rename_all = "lowercase")]
pub enum KindDto {
    Original,
    Translation,
    Reprint,
}

impl From<Kind> for KindDto {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Original => KindDto::Original,
            Kind::Translation => KindDto::Translation,
            Kind::Reprint => KindDto::Reprint,
        }
    }
}

/// A category as a reference from an article.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
    /// Slugs from the root, `/`-separated: `news/economy`.
    pub path: String,
    /// The category's page on the site.
    pub url: String,
}

impl CategoryRef {
    pub fn new(c: &Category, urls: &Urls) -> CategoryRef {
        CategoryRef {
            slug: c.slug.clone(),
            name: c.name.clone(),
            path: c.path.clone(),
            url: urls.abs(&paths::category_path(&c.path)),
        }
    }
}

/// A person as a reference from an article.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorRef {
    pub slug: String,
    pub name: String,
    /// The author's page on the site.
    pub url: String,
}

impl AuthorRef {
    pub fn new(a: &Author, urls: &Urls) -> AuthorRef {
        AuthorRef {
            slug: a.slug.clone(),
            name: a.name.clone(),
            url: urls.abs(&paths::author_path(&a.slug)),
        }
    }
}

/// A tag as a reference from an article.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagRef {
    pub slug: String,
    pub name: String,
    pub url: String,
}

impl TagRef {
    pub fn new(t: &Tag, urls: &Urls) -> TagRef {
        TagRef {
            slug: t.slug.clone(),
            name: t.name.clone(),
            url: urls.abs(&paths::tag_path(&t.slug)),
        }
    }
}

/// One resized copy of a picture.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageVariant {
    pub url: String,
    pub width: u32,
    /// Null when the original's size is unknown.
    #[schema(required = true)]
    pub height: Option<u32>,
}

/// A featured picture with its resized variants.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The original file.
    pub url: String,
    /// Pixel size of the original; null when unknown.
    #[schema(required = true)]
    pub width: Option<u32>,
    #[schema(required = true)]
    pub height: Option<u32>,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// Ready for an `<img srcset>`: `URL 480w, URL 960w, …`; empty without variants.
    pub srcset: String,
    /// The variants, narrowest first.
    pub variants: Vec<ImageVariant>,
}

impl Image {
    pub fn new(m: &Media, urls: &Urls) -> Image {
        let known = |n: u32| (n > 0).then_some(n);
        let variants: Vec<ImageVariant> = m
            .variant_widths
            .iter()
            .map(|&w| ImageVariant {
                url: urls.media(m, w),
                width: w,
                height: (m.width > 0 && m.height > 0).then(|| {
                    let h = u64::from(m.height) * u64::from(w) / u64::from(m.width);
                    u32::try_from(h).unwrap_or(u32::MAX)
                }),
            })
            .collect();
        Image {
            url: urls.media(m, 0),
            width: known(m.width),
            height: known(m.height),
            alt: m.alt.clone(),
            caption: m.caption.clone(),
            credit: m.credit.clone(),
            srcset: variants
                .iter()
                .map(|v| format!("{} {}w", v.url, v.width))
                .collect::<Vec<_>>()
                .join(", "),
            variants,
        }
    }
}

/// An article as lists show it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ArticleSummary)]
#[serde(deny_unknown_fields)]
pub struct ArticleSummaryDto {
    pub id: i64,
    pub slug: String,
    /// The article's page on the site (also its canonical URL).
    pub url: String,
    /// This article in the API.
    pub api_url: String,
    pub title: String,
    #[schema(required = true)]
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub kind: KindDto,
    /// BCP 47 code of the article's language.
    pub language: String,
    #[schema(required = true)]
    pub category: Option<CategoryRef>,
    /// The first author in the byline.
    #[schema(required = true)]
    pub author: Option<AuthorRef>,
    #[schema(required = true)]
    pub image: Option<Image>,
    #[schema(format = DateTime)]
    pub published_at: String,
    pub reading_minutes: u32,
    pub views: u64,
}

impl ArticleSummaryDto {
    pub fn new(a: &ArticleSummary, urls: &Urls) -> ArticleSummaryDto {
        ArticleSummaryDto {
            id: a.id,
            slug: a.slug.clone(),
            url: urls.article(&a.slug),
            api_url: urls.abs(&format!("/api/v1/articles/{}", a.slug)),
            title: a.title.clone(),
            subtitle: a.subtitle.clone(),
            excerpt: a.excerpt.clone(),
            kind: a.kind.into(),
            language: a.language.clone(),
            category: a.category.as_ref().map(|c| CategoryRef::new(c, urls)),
            author: a.author.as_ref().map(|p| AuthorRef::new(p, urls)),
            image: a.featured.as_ref().map(|m| Image::new(m, urls)),
            published_at: rfc3339(a.published_at),
            reading_minutes: a.reading_minutes,
            views: a.views,
        }
    }
}

/// One page of a list of articles.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleList {
    pub items: Vec<ArticleSummaryDto>,
    /// This page, 1-based. A page past the end has no items.
    pub page: u64,
    pub per_page: u64,
    /// Articles in the whole list.
    pub total: u64,
    pub total_pages: u64,
    /// The next page's URL, null on the last page.
    #[schema(required = true)]
    pub next: Option<String>,
    /// The previous page's URL, null on the first page.
    #[schema(required = true)]
    pub prev: Option<String>,
}

/// Someone credited on an article, and as what.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Credit)]
#[serde(deny_unknown_fields)]
pub struct CreditDto {
    pub role: RoleDto,
    pub author: AuthorRef,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = CreditRole)]
#[serde(rename_all = "lowercase")]
pub enum RoleDto {
    Author,
    Translator,
}

/// Where a translation or reprint comes from.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Source)]
#[serde(deny_unknown_fields)]
pub struct SourceDto {
    /// The original outlet's name.
    pub outlet: String,
    /// The original piece.
    pub url: String,
    /// BCP 47 code of the original's language.
    #[schema(required = true)]
    pub language: Option<String>,
    #[schema(format = DateTime)]
    #[schema(required = true)]
    pub published_at: Option<String>,
    /// Who translated it (empty for reprints).
    pub translators: Vec<AuthorRef>,
}

/// A dated correction note.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Correction)]
#[serde(deny_unknown_fields)]
pub struct CorrectionDto {
    #[schema(format = DateTime)]
    pub noted_at: String,
    pub text: String,
}

/// A whole article.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Article)]
#[serde(deny_unknown_fields)]
pub struct ArticleDto {
    pub id: i64,
    pub slug: String,
    pub url: String,
    /// Where search engines should index it; same as `url`.
    pub canonical_url: String,
    pub title: String,
    #[schema(required = true)]
    pub subtitle: Option<String>,
    pub excerpt: String,
    /// Sanitised HTML of the body.
    pub body_html: String,
    /// BCP 47 code of the article's language.
    pub language: String,
    pub kind: KindDto,
    #[schema(required = true)]
    pub category: Option<CategoryRef>,
    /// The byline's authors, in order.
    pub authors: Vec<AuthorRef>,
    /// Everyone credited, in byline order, with their role.
    pub credits: Vec<CreditDto>,
    pub tags: Vec<TagRef>,
    #[schema(required = true)]
    pub image: Option<Image>,
    /// For translations and reprints; null for originals.
    #[schema(required = true)]
    pub source: Option<SourceDto>,
    /// Oldest first.
    pub corrections: Vec<CorrectionDto>,
    #[schema(format = DateTime)]
    pub published_at: String,
    #[schema(format = DateTime)]
    pub modified_at: String,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub views: u64,
    /// The slug of the published version this article translates, when it names one.
    #[schema(required = true)]
    pub translation_of: Option<String>,
    /// Every published version of the story in the site's languages, this one included
    /// (the article page's hreflang alternates); empty when it has no other version.
    pub versions: Vec<VersionDto>,
}

/// One published version of a story.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Version)]
#[serde(deny_unknown_fields)]
pub struct VersionDto {
    /// BCP 47 code of this version's language.
    pub language: String,
    pub slug: String,
    pub title: String,
    pub url: String,
    /// Whether this version names no original (the one the others translate).
    pub original: bool,
}

impl ArticleDto {
    /// Adds the story's published `versions` (from the store's `visible_versions`).
    pub fn with_versions(mut self, versions: &[gazette_store::Version], urls: &Urls) -> ArticleDto {
        let own = versions.iter().find(|v| v.id == self.id);
        self.translation_of = own
            .and_then(|v| v.translation_of)
            .and_then(|of| versions.iter().find(|v| v.id == of))
            .map(|v| v.slug.clone());
        if versions.len() > 1 && own.is_some() {
            self.versions = versions
                .iter()
                .map(|v| VersionDto {
                    language: v.language.clone(),
                    slug: v.slug.clone(),
                    title: v.title.clone(),
                    url: urls.article(&v.slug),
                    original: v.is_original(),
                })
                .collect();
        }
        self
    }

    pub fn new(a: &Article, urls: &Urls) -> ArticleDto {
        let url = urls.article(&a.slug);
        let source = a.source.as_ref().map(|s| SourceDto {
            outlet: s.outlet.clone(),
            url: s.url.clone(),
            language: s.language.clone(),
            published_at: s.published_at.map(rfc3339),
            translators: a.translators().map(|p| AuthorRef::new(p, urls)).collect(),
        });
        ArticleDto {
            id: a.id,
            slug: a.slug.clone(),
            canonical_url: url.clone(),
            url,
            title: a.title.clone(),
            subtitle: a.subtitle.clone(),
            excerpt: a.excerpt.clone(),
            body_html: a.body_html.clone(),
            language: a.language.clone(),
            kind: a.kind.into(),
            category: a.category.as_ref().map(|c| CategoryRef::new(c, urls)),
            authors: a.authors().map(|p| AuthorRef::new(p, urls)).collect(),
            credits: a
                .credits
                .iter()
                .map(|c| CreditDto {
                    role: match c.role {
                        CreditRole::Author => RoleDto::Author,
                        CreditRole::Translator => RoleDto::Translator,
                    },
                    author: AuthorRef::new(&c.author, urls),
                })
                .collect(),
            tags: a.tags.iter().map(|t| TagRef::new(t, urls)).collect(),
            image: a.featured.as_ref().map(|m| Image::new(m, urls)),
            source,
            corrections: a
                .corrections
                .iter()
                .map(|c| CorrectionDto {
                    noted_at: rfc3339(c.noted_at),
                    text: c.text.clone(),
                })
                .collect(),
            // Visible articles always have a publication time; the modification time
            // stands in should one ever lack it.
            published_at: rfc3339(a.published_at.unwrap_or(a.modified_at)),
            modified_at: rfc3339(a.modified_at),
            word_count: a.word_count,
            reading_minutes: a.reading_minutes,
            views: a.views,
            translation_of: None,
            versions: Vec::new(),
        }
    }
}

/// A category of the tree, flat: `parent` and `path` give its place.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Category)]
#[serde(deny_unknown_fields)]
pub struct CategoryDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Slugs from the root: `news/economy`. Use it as the `category` filter.
    pub path: String,
    /// The parent's path; null for top-level categories.
    #[schema(required = true)]
    pub parent: Option<String>,
    /// 0 for top-level categories.
    pub depth: u32,
    /// Position among its siblings, for menus.
    pub position: i64,
    pub url: String,
    /// Its articles in the API (subcategories included).
    pub articles_url: String,
    /// Visible articles filed directly in it (not in subcategories).
    pub article_count: u64,
}

/// All categories, parents before children, siblings in menu order.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryList {
    pub items: Vec<CategoryDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Tag)]
#[serde(deny_unknown_fields)]
pub struct TagDto {
    pub slug: String,
    pub name: String,
    /// Special-topic tags have their own entry in the site's menu.
    pub special: bool,
    pub url: String,
    pub articles_url: String,
    /// Visible articles carrying it.
    pub article_count: u64,
}

/// All tags by name.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagList {
    pub items: Vec<TagDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Author)]
#[serde(deny_unknown_fields)]
pub struct AuthorDto {
    pub slug: String,
    pub name: String,
    pub bio: String,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    pub url: String,
    pub api_url: String,
    pub articles_url: String,
    /// Visible articles crediting them (as author or translator).
    pub article_count: u64,
}

/// All authors by name.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorList {
    pub items: Vec<AuthorDto>,
}

/// One author with their latest articles.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorDetail {
    pub author: AuthorDto,
    /// Up to 10, newest first; `author.articles_url` pages through all of them.
    pub latest: Vec<ArticleSummaryDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PageSummary)]
#[serde(deny_unknown_fields)]
pub struct PageSummaryDto {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub api_url: String,
    #[schema(format = DateTime)]
    pub modified_at: String,
}

/// All published static pages by title.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageList {
    pub items: Vec<PageSummaryDto>,
}

/// A static page (about, privacy, terms…).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Page)]
#[serde(deny_unknown_fields)]
pub struct PageDto {
    pub slug: String,
    pub title: String,
    pub url: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// BCP 47 code of the page's language.
    pub language: String,
    #[schema(format = DateTime)]
    pub modified_at: String,
}

impl PageDto {
    pub fn new(p: &Page, urls: &Urls) -> PageDto {
        PageDto {
            slug: p.slug.clone(),
            title: p.title.clone(),
            url: urls.article(&p.slug),
            body_html: p.body_html.clone(),
            language: p.language.clone(),
            modified_at: rfc3339(p.modified_at),
        }
    }
}

/// The period a most-read list covers.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = ReadWindow)]
pub enum WindowDto {
    #[serde(rename = "24h")]
    Day,
    #[serde(rename = "7d")]
    Week,
}

/// The most viewed articles of a period, most viewed first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MostRead {
    pub window: WindowDto,
    pub items: Vec<ArticleSummaryDto>,
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SearchHit)]
#[serde(deny_unknown_fields)]
pub struct SearchHitDto {
    pub article: ArticleSummaryDto,
    /// Relevance (higher is better); 0 when sorted by date.
    pub score: f32,
    /// The title, HTML-escaped, with matched words in `<mark>`.
    pub title_html: String,
    /// A passage around the matches, HTML-escaped, matches in `<mark>`.
    pub snippet_html: String,
}

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchResponse {
    /// The query as understood (trimmed, control characters removed).
    pub query: String,
    pub items: Vec<SearchHitDto>,
    pub page: u64,
    pub per_page: u64,
    /// Matching articles in all.
    pub total: u64,
    pub total_pages: u64,
    #[schema(required = true)]
    pub next: Option<String>,
    #[schema(required = true)]
    pub prev: Option<String>,
}
