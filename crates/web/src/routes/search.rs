//! `/search`: the reader's search page. A plain GET form, so it works without JS and its
//! result pages can be bookmarked and shared; results come from the tantivy index and are
//! shown through the same cards as every list, with the matched words highlighted.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gazette_core::urls;
use gazette_search::{MAX_QUERY_CHARS, MAX_RESULT_WINDOW, SearchQuery, Sort};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{render, respond};
use crate::edition::Edition;
use crate::error::WebError;
use crate::seo::Meta;
use crate::state::AppState;
use crate::view::{self, Card, Link, Pagination};

const PER_PAGE: u32 = 10;

/// The query string as typed; every field is checked by [`SearchForm::parse`].
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    category: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// The form's values, echoed back into the page.
#[derive(Debug, Default, Serialize)]
struct FormValues {
    q: String,
    category: String,
    from: String,
    to: String,
    sort: &'static str,
}

#[derive(Serialize)]
struct ResultItem {
    #[serde(flatten)]
    card: Card,
    /// HTML-escaped by the index, with `<mark>` around matches.
    title_html: String,
    snippet_html: String,
}

#[derive(Serialize)]
struct SearchPage {
    form: FormValues,
    categories: Vec<CategoryOption>,
    /// Whether a search was asked for (false: just the empty form).
    searched: bool,
    total: u64,
    results: Vec<ResultItem>,
    pagination: Option<Pagination>,
    rebuilding: bool,
    error: Option<String>,
}

impl SearchPage {
    /// The form without results: before a search, or with `error` said above it.
    fn form_only(
        form: FormValues,
        categories: Vec<CategoryOption>,
        rebuilding: bool,
        error: Option<String>,
    ) -> SearchPage {
        SearchPage {
            form,
            categories,
            searched: false,
            total: 0,
            results: Vec::new(),
            pagination: None,
            rebuilding,
            error,
        }
    }
}

#[derive(Serialize)]
struct CategoryOption {
    path: String,
    name: String,
    depth: usize,
}

/// A validated search, or the message that says what is wrong with the request.
pub struct Parsed {
    pub query: SearchQuery,
    form: FormValues,
}

fn bad(field: &str, expected: &str, got: &str) -> WebError {
    let got: String = got.chars().take(40).collect();
    WebError::BadRequest(format!("`{field}` must be {expected} (got `{got}`)."))
}

/// `YYYY-MM-DD` as the first (`end = false`) or last second of that UTC day.
fn parse_day(field: &str, raw: &str, end: bool) -> Result<Option<i64>, WebError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    gazette_core::format::parse_day(raw, end)
        .map(Some)
        .ok_or_else(|| bad(field, "a date like 2026-03-31", raw))
}

impl Parsed {
    /// Checks every parameter; `per_page` is the page size of this caller.
    pub fn parse(p: &SearchParams, per_page: u32) -> Result<Parsed, WebError> {
        let text = gazette_api::search_words(p.q.as_deref());
        let text = text.as_str();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(WebError::BadRequest(format!(
                "The search is too long: at most {MAX_QUERY_CHARS} characters, please."
            )));
        }
        let category = p.category.as_deref().unwrap_or("").trim().trim_matches('/');
        let from = parse_day("from", p.from.as_deref().unwrap_or(""), false)?;
        let to = parse_day("to", p.to.as_deref().unwrap_or(""), true)?;
        let sort = match p.sort.as_deref().map(str::trim).unwrap_or("") {
            "" | "relevance" => Sort::Relevance,
            "newest" | "date" => Sort::Newest,
            other => return Err(bad("sort", "`relevance` or `newest`", other)),
        };
        let max_page = MAX_RESULT_WINDOW / u64::from(per_page);
        let page = match p.page.as_deref().map(str::trim).unwrap_or("") {
            "" => 1,
            raw => match raw.parse::<u64>() {
                Ok(n) if (1..=max_page).contains(&n) => n,
                _ => {
                    return Err(bad(
                        "page",
                        &format!("a whole number from 1 to {max_page}"),
                        raw,
                    ));
                }
            },
        };
        Ok(Parsed {
            query: SearchQuery {
                text: text.to_owned(),
                category_path: (!category.is_empty()).then(|| category.to_owned()),
                from,
                to,
                sort,
                page: u32::try_from(page).unwrap_or(1),
                per_page,
                language: None,
                only_language: None,
            },
            form: FormValues {
                q: text.to_owned(),
                category: category.to_owned(),
                from: p.from.clone().unwrap_or_default().trim().to_owned(),
                to: p.to.clone().unwrap_or_default().trim().to_owned(),
                sort: match sort {
                    Sort::Relevance => "relevance",
                    Sort::Newest => "newest",
                },
            },
        })
    }
}

/// Runs a checked search: only articles visible now, in index order, with their cards.
/// The caller sets the query's language (the page's edition decides it).
async fn run(
    app: &AppState,
    query: SearchQuery,
) -> Result<
    (
        u64,
        Vec<(gazette_search::Hit, gazette_core::model::ArticleSummary)>,
    ),
    WebError,
> {
    let now = OffsetDateTime::now_utc();
    let mut query = query;
    query.to = app.store.search_cutoff(now, query.to).await?;
    let index = Arc::clone(&app.search);
    let results = tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))??;
    let hits = gazette_api::visible_hits(&app.store, results.hits, now).await?;
    Ok((results.total, hits))
}

/// `/search?q=…&category=…&from=…&to=…&sort=…&page=…` (and `/az/search`, which keeps to
/// the edition's language).
pub async fn page(
    State(app): State<Arc<AppState>>,
    edition: Edition,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let search_path = edition.path("/search");
    let result = async {
        let categories = category_options(&app).await?;
        let rebuilding = app.search_rebuilding.load(Ordering::Relaxed);
        let Ok(Query(params)) = query else {
            let e = WebError::BadRequest(
                "The address has a malformed query string; search again below.".into(),
            );
            return form_with_error(&app, &edition, categories, rebuilding, e).await;
        };
        let parsed = match Parsed::parse(&params, PER_PAGE) {
            Ok(p) => p,
            Err(e) => return form_with_error(&app, &edition, categories, rebuilding, e).await,
        };
        if params.q.is_none() {
            let page = SearchPage::form_only(parsed.form, categories, rebuilding, None);
            return render_search(&app, &edition, &search_path, "Search", page).await;
        }
        if parsed.query.text.is_empty() {
            let e = WebError::BadRequest("Type a word or a phrase to search for.".into());
            return form_with_error(&app, &edition, categories, rebuilding, e).await;
        }
        if let Some(path) = &parsed.query.category_path
            && !categories.iter().any(|c| &c.path == path)
        {
            let e = bad("category", "one of the site's sections", path);
            return form_with_error(&app, &edition, categories, rebuilding, e).await;
        }
        let page_no = u64::from(parsed.query.page);
        let site = app.site().await?;
        // The edition's language is the reader's, so the likely language of the query; a
        // language edition lists only its own language.
        let mut query = parsed.query.clone();
        let language = edition.language(&site).to_owned();
        if !edition.prefix().is_empty() {
            query.only_language = Some(language.clone());
        }
        query.language = Some(language);
        let (total, hits) = run(&app, query).await?;
        let base = edition.path(&results_url(&parsed.form));
        let pagination = view::pagination(&base, page_no, total, u64::from(PER_PAGE));
        if page_no > pagination.total_pages {
            return Err(WebError::NotFound);
        }
        let results = hits
            .into_iter()
            .map(|(hit, summary)| ResultItem {
                card: view::card(&summary),
                title_html: hit.title_html,
                snippet_html: hit.snippet_html,
            })
            .collect();
        let title = format!("Search: {}", parsed.form.q);
        let page = SearchPage {
            form: parsed.form,
            categories,
            searched: true,
            total,
            results,
            pagination: Some(pagination),
            rebuilding,
            error: None,
        };
        render_search(&app, &edition, &base, &title, page).await
    }
    .await;
    respond(&app, &search_path, result).await
}

/// The search page again, with the problem said above the form, as a 400.
async fn form_with_error(
    app: &AppState,
    edition: &Edition,
    categories: Vec<CategoryOption>,
    rebuilding: bool,
    error: WebError,
) -> Result<Response, WebError> {
    let message = error.public_message();
    let page = SearchPage::form_only(FormValues::default(), categories, rebuilding, Some(message));
    let response = render_search(app, edition, &edition.path("/search"), "Search", page).await?;
    Ok((error.status(), response).into_response())
}

async fn render_search(
    app: &AppState,
    edition: &Edition,
    path: &str,
    title: &str,
    page: SearchPage,
) -> Result<Response, WebError> {
    let site = app.site().await?;
    let mut meta = Meta::page(
        &site,
        title,
        &format!("Search the articles of {}.", site.name),
        "/search",
    )
    .in_edition(&site, edition, "/search")
    .with_breadcrumbs(
        &site,
        &[
            Link::home(),
            Link {
                name: "Search".into(),
                url: "/search".into(),
            },
        ],
    );
    // Result pages (and refusals) are endless variations of one page: search engines should
    // not keep them. The bare form is one page like the others.
    meta.noindex = page.searched || page.error.is_some();
    render(app, "search.html", path, meta, page).await
}

async fn category_options(app: &AppState) -> Result<Vec<CategoryOption>, WebError> {
    Ok(app
        .store
        .categories()
        .await?
        .iter()
        .map(|c| CategoryOption {
            path: c.path.clone(),
            name: c.name.clone(),
            depth: c.depth(),
        })
        .collect())
}

/// The address of these results; pagination appends `page=N`.
fn results_url(form: &FormValues) -> String {
    let query = urls::query_string(&[
        ("q", form.q.as_str()),
        ("category", form.category.as_str()),
        ("from", form.from.as_str()),
        ("to", form.to.as_str()),
        (
            "sort",
            if form.sort == "relevance" {
                ""
            } else {
                form.sort
            },
        ),
    ]);
    format!("/search?{query}")
}
