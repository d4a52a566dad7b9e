//! The endpoints under `/api/v1`. Each checks its parameters one by one (so a 400 names the
//! parameter and the form it expects), reads through the store or the search index, and
//! answers through [`crate::http::json`] for validators and caching.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use gazette_core::format::parse_day;
use gazette_core::model::{ArticleSummary, Kind};
use gazette_core::urls as paths;
use gazette_search::{Hit, MAX_PER_PAGE, MAX_RESULT_WINDOW, SearchQuery, Sort};
use gazette_store::{ArticleQuery, ReadWindow, Store, StoreError};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;

use crate::ApiState;
use crate::dto::{
    ArticleDto, ArticleList, ArticleSummaryDto, AuthorDetail, AuthorDto, AuthorList, CategoryDto,
    CategoryList, MostRead, PageDto, PageList, PageSummaryDto, SearchHitDto, SearchResponse,
    TagDto, TagList, Urls, WindowDto, rfc3339,
};
use crate::endpoint::endpoint;
use crate::error::{ApiError, ErrorBody, bad};
use crate::extract::ApiQuery;
use crate::http::{CONTENT_CACHE, json};

/// Highest page number of article lists: far past any real archive, low enough that the
/// offset stays cheap to compute and the number is clearly a mistake beyond it.
pub const MAX_PAGE: u64 = 100_000;
pub const MAX_ARTICLES_PER_PAGE: u64 = 100;
const DEFAULT_PER_PAGE: u64 = 20;
const DEFAULT_SEARCH_PER_PAGE: u64 = 10;
const MAX_MOST_READ: u64 = 50;
/// Longer search queries are refused: nobody types them and they cost time for nothing.
pub use gazette_search::MAX_QUERY_CHARS;
/// Articles shown with an author.
const AUTHOR_LATEST: i64 = 10;

/// A whole number in `min..=max`, or the default when the parameter is absent or empty.
fn number(
    parameter: &'static str,
    raw: Option<&str>,
    min: u64,
    max: u64,
    default: u64,
) -> Result<u64, ApiError> {
    let raw = raw.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        return Ok(default);
    }
    match raw.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(bad(
            parameter,
            &format!("a whole number from {min} to {max}"),
            raw,
        )),
    }
}

/// The words of a search box as searched: control characters dropped, then trimmed. The
/// reader's search page reads its box with this too, so both search for the same words.
pub fn search_words(raw: Option<&str>) -> String {
    let words: String = raw
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    words.trim().to_owned()
}

/// The search `hits` whose article readers can see at `now`, in the index's order, each
/// with its summary: an article unpublished since it was indexed is left out. The reader's
/// search page shows its results through this too.
pub async fn visible_hits(
    store: &Store,
    hits: Vec<Hit>,
    now: OffsetDateTime,
) -> Result<Vec<(Hit, ArticleSummary)>, StoreError> {
    let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
    // Already in the order of `ids`, missing only what readers cannot see: one pass pairs them.
    let mut summaries = store
        .summaries_by_ids(&ids, now)
        .await?
        .into_iter()
        .peekable();
    Ok(hits
        .into_iter()
        .filter_map(|hit| summaries.next_if(|s| s.id == hit.id).map(|s| (hit, s)))
        .collect())
}

fn text(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

/// `YYYY-MM-DD` as the first (or, with `end`, the last) second of that UTC day.
fn day(parameter: &'static str, raw: Option<&str>, end: bool) -> Result<Option<i64>, ApiError> {
    let Some(raw) = text(raw) else {
        return Ok(None);
    };
    parse_day(raw, end)
        .map(Some)
        .ok_or_else(|| bad(parameter, "a date like 2026-03-31 (YYYY-MM-DD)", raw))
}

/// The `category` filter: the path of an existing category (without outer slashes), or a
/// 400 pointing at the list of categories.
async fn category_filter(api: &ApiState, raw: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(path) = text(raw).map(|c| c.trim_matches('/')) else {
        return Ok(None);
    };
    if api.store.category_by_path(path).await?.is_none() {
        return Err(bad(
            "category",
            "the path of an existing category, see /api/v1/categories",
            path,
        ));
    }
    Ok(Some(path.to_owned()))
}

fn total_pages(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page.max(1))
}

/// Where a list is and how it is cut into pages.
struct Paging {
    page: u64,
    per_page: u64,
    /// `per_page` is left out of links when it is this.
    default_per_page: u64,
    pages: u64,
}

/// Next and previous page URLs of a list at `path` with the given (non-page) parameters.
fn neighbours(
    urls: &Urls,
    path: &str,
    params: &[(&str, String)],
    paging: &Paging,
) -> (Option<String>, Option<String>) {
    let Paging {
        page,
        per_page,
        default_per_page,
        pages,
    } = *paging;
    let link = |n: u64| {
        let mut pairs = params.to_vec();
        pairs.push(("page", n.to_string()));
        if per_page != default_per_page {
            pairs.push(("per_page", per_page.to_string()));
        }
        urls.with_query(path, &pairs)
    };
    let next = (page < pages).then(|| link(page + 1));
    let prev = (page > 1).then(|| link((page - 1).min(pages.max(1))));
    (next, prev)
}

/// Query parameters of `/api/v1/articles`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
// A misspelt filter must not silently widen the answer.
#[serde(deny_unknown_fields)]
pub struct ArticleParams {
    /// Category path (`news` or `news/economy`); subcategories are included.
    #[param(value_type = Option<String>, example = "news/economy")]
    category: Option<String>,
    /// Tag slug.
    #[param(value_type = Option<String>)]
    tag: Option<String>,
    /// Author slug (as author or translator).
    #[param(value_type = Option<String>)]
    author: Option<String>,
    /// `original`, `translation` or `reprint`.
    #[param(value_type = Option<String>, pattern = "^(original|translation|reprint)$")]
    kind: Option<String>,
    /// The article's language code, e.g. `en` or `az`.
    #[param(value_type = Option<String>, example = "en")]
    lang: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100000, default = 1)]
    page: Option<String>,
    /// Articles per page.
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100, default = 20)]
    per_page: Option<String>,
}

/// Published articles, newest first, with filters and pagination.
///
/// Every filter given must match. Only published articles whose publication time has come
/// are listed; drafts and scheduled pieces never are.
#[utoipa::path(
    get,
    path = "/api/v1/articles",
    tag = "articles",
    params(ArticleParams),
    responses(
        (status = 200, description = "One page of articles", body = ArticleList),
        (status = 304, description = "Not modified (`If-None-Match` or `If-Modified-Since` matched)"),
        (status = 400, description = "A bad parameter: `page`, `per_page`, `kind`, `lang`, or an unknown `category`, `tag` or `author`", body = ErrorBody),
    )
)]
pub async fn articles(
    State(api): State<ApiState>,
    headers: HeaderMap,
    ApiQuery(p): ApiQuery<ArticleParams>,
) -> Result<Response, ApiError> {
    let page = number("page", p.page.as_deref(), 1, MAX_PAGE, 1)?;
    let per_page = number(
        "per_page",
        p.per_page.as_deref(),
        1,
        MAX_ARTICLES_PER_PAGE,
        DEFAULT_PER_PAGE,
    )?;
    let kind = match text(p.kind.as_deref()) {
        None => None,
        Some(raw) => Some(
            raw.parse::<Kind>()
                .map_err(|_| bad("kind", "`original`, `translation` or `reprint`", raw))?,
        ),
    };
    let lang = match text(p.lang.as_deref()) {
        None => None,
        Some(raw) => {
            let ok = raw.len() <= 35
                && raw.split('-').all(|part| {
                    (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
                });
            if !ok {
                return Err(bad("lang", "a language code like `en` or `pt-BR`", raw));
            }
            Some(raw.to_owned())
        }
    };
    let mut query = ArticleQuery {
        kind,
        language: lang.clone(),
        ..ArticleQuery::default()
    };
    let category = category_filter(&api, p.category.as_deref()).await?;
    query.category_path.clone_from(&category);
    let tag = text(p.tag.as_deref()).map(str::to_owned);
    if let Some(slug) = &tag {
        let found = api.store.tag_by_slug(slug).await?;
        let expected = "the slug of an existing tag, see /api/v1/tags";
        query.tag_id = Some(found.ok_or_else(|| bad("tag", expected, slug))?.id);
    }
    let author = text(p.author.as_deref()).map(str::to_owned);
    if let Some(slug) = &author {
        let found = api.store.author_by_slug(slug).await?;
        let expected = "the slug of an existing author, see /api/v1/authors";
        query.author_id = Some(found.ok_or_else(|| bad("author", expected, slug))?.id);
    }
    let now = OffsetDateTime::now_utc();
    let modified = api.content_modified(now).await?;
    let offset = i64::try_from((page - 1) * per_page).unwrap_or(i64::MAX);
    let limit = i64::try_from(per_page).unwrap_or(20);
    let (items, total) = api.store.query_articles(&query, now, limit, offset).await?;
    let total = u64::try_from(total).unwrap_or(0);
    let pages = total_pages(total, per_page);
    let urls = api.urls();
    let params = [
        ("category", category.unwrap_or_default()),
        ("tag", tag.unwrap_or_default()),
        ("author", author.unwrap_or_default()),
        (
            "kind",
            kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        ),
        ("lang", lang.unwrap_or_default()),
    ];
    let paging = Paging {
        page,
        per_page,
        default_per_page: DEFAULT_PER_PAGE,
        pages,
    };
    let (next, prev) = neighbours(&urls, "/api/v1/articles", &params, &paging);
    let body = ArticleList {
        items: items
            .iter()
            .map(|a| ArticleSummaryDto::new(a, &urls))
            .collect(),
        page,
        per_page,
        total,
        total_pages: pages,
        next,
        prev,
    };
    json(&headers, &body, modified, CONTENT_CACHE)
}

endpoint! {
    /// One published article, whole.
    "/api/v1/articles/{slug}", tag "articles",
    answers ("The article", ArticleDto), missing "No published article has this slug";
    fn article(api, headers, Slug(slug) "The article's slug, as in its URL") {
        let now = OffsetDateTime::now_utc();
        // The document also shows names of categories, tags and people, edited elsewhere.
        let changed = api.content_modified(now).await?;
        let article = api
            .store
            .visible_article(&slug, now)
            .await?
            .ok_or_else(|| ApiError::no_such("published article", &slug))?;
        let own = article
            .published_at
            .map_or(article.modified_at, |p| p.max(article.modified_at));
        let versions = api.store.visible_versions(article.id, now).await?;
        json(
            &headers,
            &ArticleDto::new(&article, &api.urls()).with_versions(&versions, &api.urls()),
            Some(own).max(changed),
            CONTENT_CACHE,
        )
    }
}

endpoint! {
    /// Every category, flat, parents before children.
    "/api/v1/categories", tag "taxonomy",
    answers ("All categories", CategoryList);
    fn categories(api, headers) {
        let now = OffsetDateTime::now_utc();
        let modified = api.content_modified(now).await?;
        let tree = api.store.categories().await?;
        let counts = api.store.category_article_counts(now).await?;
        let urls = api.urls();
        let items = tree
            .iter()
            .map(|c| CategoryDto {
                id: c.id,
                slug: c.slug.clone(),
                name: c.name.clone(),
                description: c.description.clone(),
                path: c.path.clone(),
                parent: c.path.rsplit_once('/').map(|(parent, _)| parent.to_owned()),
                depth: u32::try_from(c.depth()).unwrap_or(u32::MAX),
                position: c.position,
                url: urls.abs(&paths::category_path(&c.path)),
                articles_url: urls.with_query("/api/v1/articles", &[("category", c.path.clone())]),
                article_count: counts
                    .get(&c.id)
                    .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
            })
            .collect();
        json(&headers, &CategoryList { items }, modified, CONTENT_CACHE)
    }
}

endpoint! {
    /// Every tag by name, with its number of published articles.
    "/api/v1/tags", tag "taxonomy",
    answers ("All tags", TagList);
    fn tags(api, headers) {
        let now = OffsetDateTime::now_utc();
        let modified = api.content_modified(now).await?;
        let urls = api.urls();
        let items = api
            .store
            .tags_with_counts(now)
            .await?
            .into_iter()
            .map(|(t, n)| TagDto {
                url: urls.abs(&paths::tag_path(&t.slug)),
                articles_url: urls.with_query("/api/v1/articles", &[("tag", t.slug.clone())]),
                slug: t.slug,
                name: t.name,
                special: t.special,
                article_count: u64::try_from(n).unwrap_or(0),
            })
            .collect();
        json(&headers, &TagList { items }, modified, CONTENT_CACHE)
    }
}

fn author_dto(a: gazette_core::model::Author, count: i64, urls: &Urls) -> AuthorDto {
    AuthorDto {
        url: urls.abs(&paths::author_path(&a.slug)),
        api_url: urls.abs(&format!("/api/v1/authors/{}", a.slug)),
        articles_url: urls.with_query("/api/v1/articles", &[("author", a.slug.clone())]),
        slug: a.slug,
        name: a.name,
        bio: a.bio,
        avatar_url: a
            .avatar_url
            .map(|u| if u.starts_with('/') { urls.abs(&u) } else { u }),
        article_count: u64::try_from(count).unwrap_or(0),
    }
}

endpoint! {
    /// Every author by name, with their number of published articles.
    "/api/v1/authors", tag "taxonomy",
    answers ("All authors", AuthorList);
    fn authors(api, headers) {
        let now = OffsetDateTime::now_utc();
        let modified = api.content_modified(now).await?;
        let urls = api.urls();
        let items = api
            .store
            .authors_with_counts(now)
            .await?
            .into_iter()
            .map(|(a, n)| author_dto(a, n, &urls))
            .collect();
        json(&headers, &AuthorList { items }, modified, CONTENT_CACHE)
    }
}

endpoint! {
    /// One author with their latest published articles.
    "/api/v1/authors/{slug}", tag "taxonomy",
    answers ("The author", AuthorDetail), missing "No author has this slug";
    fn author(api, headers, Slug(slug) "The author's slug") {
        let person = api
            .store
            .author_by_slug(&slug)
            .await?
            .ok_or_else(|| ApiError::no_such("author", &slug))?;
        let now = OffsetDateTime::now_utc();
        let modified = api.content_modified(now).await?;
        let query = ArticleQuery {
            author_id: Some(person.id),
            ..ArticleQuery::default()
        };
        let (latest, total) = api
            .store
            .query_articles(&query, now, AUTHOR_LATEST, 0)
            .await?;
        let urls = api.urls();
        let body = AuthorDetail {
            author: author_dto(person, total, &urls),
            latest: latest
                .iter()
                .map(|a| ArticleSummaryDto::new(a, &urls))
                .collect(),
        };
        json(&headers, &body, modified, CONTENT_CACHE)
    }
}

endpoint! {
    /// Every published static page, without bodies.
    "/api/v1/pages", tag "pages",
    answers ("All pages", PageList);
    fn pages(api, headers) {
        let now = OffsetDateTime::now_utc();
        // A removed page changes the list without leaving a newer page: the change log knows.
        let changed = api.content_modified(now).await?;
        let urls = api.urls();
        let entries = api.store.published_pages().await?;
        let modified = entries.iter().map(|p| p.modified_at).max().max(changed);
        let items = entries
            .into_iter()
            .map(|p| PageSummaryDto {
                url: urls.article(&p.slug),
                api_url: urls.abs(&format!("/api/v1/pages/{}", p.slug)),
                slug: p.slug,
                title: p.title,
                modified_at: rfc3339(p.modified_at),
            })
            .collect();
        json(&headers, &PageList { items }, modified, CONTENT_CACHE)
    }
}

endpoint! {
    /// One published static page.
    "/api/v1/pages/{slug}", tag "pages",
    answers ("The page", PageDto), missing "No published page has this slug";
    fn page(api, headers, Slug(slug) "The page's slug, as in its URL") {
        let page = api
            .store
            .page_by_slug(&slug)
            .await?
            .ok_or_else(|| ApiError::no_such("published page", &slug))?;
        json(
            &headers,
            &PageDto::new(&page, &api.urls()),
            Some(page.modified_at),
            CONTENT_CACHE,
        )
    }
}

/// Query parameters of `/api/v1/most-read`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
// A misspelt filter must not silently widen the answer.
#[serde(deny_unknown_fields)]
pub struct MostReadParams {
    /// `24h` (the current UTC hour and the 23 before it) or `7d`.
    #[param(value_type = Option<String>, pattern = "^(24h|7d)$", default = "24h")]
    window: Option<String>,
    /// How many articles.
    #[param(value_type = Option<u64>, minimum = 1, maximum = 50, default = 10)]
    limit: Option<String>,
}

endpoint! {
    /// The most viewed published articles over the last 24 hours or 7 days.
    "/api/v1/most-read", tag "articles",
    answers ("Most viewed first", MostRead),
    bad "A bad `window` or `limit`";
    fn most_read(api, headers, Query(p) MostReadParams) {
        let (window, dto) = match text(p.window.as_deref()) {
            None | Some("24h") => (ReadWindow::Day, WindowDto::Day),
            Some("7d") => (ReadWindow::Week, WindowDto::Week),
            Some(raw) => return Err(bad("window", "`24h` or `7d`", raw)),
        };
        let limit = number("limit", p.limit.as_deref(), 1, MAX_MOST_READ, 10)?;
        let now = OffsetDateTime::now_utc();
        let items = api
            .store
            .most_read(now, window, i64::try_from(limit).unwrap_or(10))
            .await?;
        let urls = api.urls();
        let body = MostRead {
            window: dto,
            items: items
                .iter()
                .map(|a| ArticleSummaryDto::new(a, &urls))
                .collect(),
        };
        // View counts change without a change-log entry: the ETag alone validates.
        json(&headers, &body, None, CONTENT_CACHE)
    }
}

/// Query parameters of `/api/v1/search`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
// A misspelt filter must not silently widen the answer.
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Words to find; text in double quotes is a phrase. No operators: other punctuation
    /// just separates words.
    #[param(value_type = String, max_length = 300, example = "\"central bank\" oil")]
    q: Option<String>,
    /// Only this category path and its subcategories.
    #[param(value_type = Option<String>)]
    category: Option<String>,
    /// Published on or after this UTC day.
    #[param(value_type = Option<String>, format = Date, example = "2026-01-31")]
    from: Option<String>,
    /// Published on or before this UTC day.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    /// `relevance` (best match first) or `date` (newest first).
    #[param(value_type = Option<String>, pattern = "^(relevance|date)$", default = "relevance")]
    sort: Option<String>,
    /// 1-based page number; at most 10000 / `per_page`.
    #[param(value_type = Option<u64>, minimum = 1, default = 1)]
    page: Option<String>,
    #[param(value_type = Option<u64>, minimum = 1, maximum = 50, default = 10)]
    per_page: Option<String>,
    /// Only articles in this language (BCP 47 code, as in `/api/v1/articles`), which is then
    /// also taken as the language the words are typed in: it decides how `I` is lowercased
    /// (`ı` in Turkish and Azerbaijani) and how words are stemmed. Without it, every
    /// language is searched and the words are read by the site language's rules.
    #[param(value_type = Option<String>, example = "az")]
    lang: Option<String>,
}

endpoint! {
    /// Full-text search of published articles, with highlighted titles and snippets.
    "/api/v1/search", tag "articles",
    answers ("One page of results", SearchResponse),
    bad "A missing or too long `q`, or a bad `category`, `from`, `to`, `sort`, `page` or \
         `per_page`";
    fn search(api, headers, Query(p) SearchParams) {
        let q = search_words(p.q.as_deref());
        let q = q.as_str();
        if q.is_empty() {
            return Err(bad("q", "the words to search for", q));
        }
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(bad(
                "q",
                &format!("at most {MAX_QUERY_CHARS} characters"),
                q,
            ));
        }
        let per_page = number(
            "per_page",
            p.per_page.as_deref(),
            1,
            u64::from(MAX_PER_PAGE),
            DEFAULT_SEARCH_PER_PAGE,
        )?;
        let max_page = (MAX_RESULT_WINDOW / per_page).max(1);
        let page = number("page", p.page.as_deref(), 1, max_page, 1)?;
        let from = day("from", p.from.as_deref(), false)?;
        let to = day("to", p.to.as_deref(), true)?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(bad(
                "to",
                "on or after `from`",
                p.to.as_deref().unwrap_or(""),
            ));
        }
        let sort = match text(p.sort.as_deref()) {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Newest,
            Some(raw) => return Err(bad("sort", "`relevance` or `date`", raw)),
        };
        let category = category_filter(&api, p.category.as_deref()).await?;
        let only_language = match text(p.lang.as_deref()) {
            Some(lang) if gazette_core::lang::is_valid_code(lang) => Some(lang.to_owned()),
            Some(lang) => return Err(bad("lang", "a language code such as `az` or `tr`", lang)),
            None => None,
        };
        let language = match &only_language {
            Some(lang) => lang.clone(),
            None => api.store.settings().await?.language,
        };
        let now = OffsetDateTime::now_utc();
        let to = api.store.search_cutoff(now, to).await?;
        let query = SearchQuery {
            text: q.to_owned(),
            category_path: category.clone(),
            from,
            to,
            sort,
            page: u32::try_from(page).unwrap_or(1),
            per_page: u32::try_from(per_page).unwrap_or(10),
            language: Some(language),
            only_language,
        };
        let index = Arc::clone(&api.search);
        let results = tokio::task::spawn_blocking(move || index.search(&query))
            .await
            .map_err(|e| ApiError::Internal(format!("the search task failed: {e}")))??;
        let urls = api.urls();
        let items = visible_hits(&api.store, results.hits, now)
            .await?
            .into_iter()
            .map(|(hit, summary)| SearchHitDto {
                article: ArticleSummaryDto::new(&summary, &urls),
                score: hit.score,
                title_html: hit.title_html,
                snippet_html: hit.snippet_html,
            })
            .collect();
        let pages = total_pages(results.total, per_page).min(max_page);
        let params = [
            ("q", q.to_owned()),
            ("category", category.unwrap_or_default()),
            ("from", text(p.from.as_deref()).unwrap_or("").to_owned()),
            ("to", text(p.to.as_deref()).unwrap_or("").to_owned()),
            (
                "sort",
                if sort == Sort::Newest { "date" } else { "" }.to_owned(),
            ),
        ];
        let paging = Paging {
            page,
            per_page,
            default_per_page: DEFAULT_SEARCH_PER_PAGE,
            pages,
        };
        let (next, prev) = neighbours(&urls, "/api/v1/search", &params, &paging);
        let body = SearchResponse {
            query: q.to_owned(),
            items,
            page,
            per_page,
            total: results.total,
            total_pages: pages,
            next,
            prev,
        };
        json(&headers, &body, None, CONTENT_CACHE)
    }
}
