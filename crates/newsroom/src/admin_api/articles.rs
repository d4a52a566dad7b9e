//! `/api/admin/v1/articles`: the editor's operations as JSON. Each handler reads its
//! transport (JSON fields, `If-Match`) and then goes down the editor's own path: core's
//! field checks (`article_input::check`), core's permission and workflow decisions
//! (`editorial`), and the store's writes, which keep the revision, the audit entry and the
//! change log in one transaction. Nothing here decides differently from the HTML form.

use std::collections::HashMap;
use std::convert::identity;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_core::article_input::{self, RawArticle};
use gazette_core::editorial;
use gazette_core::model::{CreditRole, Status};
use gazette_core::permissions::{Action, Ownership};
use gazette_store::{ArticleListFilter, EditableArticle};
use gazette_web::AppState;
use gazette_web::auth::now;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::auth::Caller;
use super::body::JsonObject;
use super::dto::{self, Article, ArticleLine, ArticleList, RevisionLine, RevisionList, rfc3339};
use super::endpoint::endpoint;
use super::error::sets::*;
use super::error::{AdminError, found};

/// Every field an article write may carry.
const WRITE_FIELDS: &[&str] = &[
    "title",
    "subtitle",
    "slug",
    "excerpt",
    "body",
    "body_format",
    "meta_description",
    "language",
    "kind",
    "source_outlet",
    "source_url",
    "source_language",
    "category_id",
    "tags",
    "author_ids",
    "translator_ids",
    "featured_media_id",
    "social_media_id",
    "assigned_to",
    "assignment_note",
    "revision",
];

/// The article's id from the path (a 404 for anything that is not one).
fn article_id(raw: &str) -> Result<i64, AdminError> {
    super::error::path_id(raw, "article")
}

async fn load(app: &AppState, id: i64) -> Result<EditableArticle, AdminError> {
    found(app.store.editable_article(id).await?, "article", id)
}

/// The article as a 200 (or `status`) with its revision as the ETag.
fn answer(app: &AppState, a: &EditableArticle, status: StatusCode) -> Response {
    let mut response = super::json_with(status, &Article::of(a, &app.config.base_url));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", a.revision)) {
        headers.insert(header::ETAG, v);
    }
    if status == StatusCode::CREATED
        && let Ok(v) = HeaderValue::from_str(&format!("/api/admin/v1/articles/{}", a.id))
    {
        headers.insert(header::LOCATION, v);
    }
    response
}

/// Lays the JSON fields over `raw` (the current article on update, empty on create).
fn apply(obj: &JsonObject, raw: &mut RawArticle) -> Result<(), AdminError> {
    let set =
        |field: &'static str, target: &mut String| obj.strings_over([(field, target)], identity);
    set("title", &mut raw.title)?;
    set("subtitle", &mut raw.subtitle)?;
    set("slug", &mut raw.slug)?;
    set("excerpt", &mut raw.excerpt)?;
    set("meta_description", &mut raw.meta_description)?;
    set("language", &mut raw.language)?;
    set("kind", &mut raw.kind)?;
    set("source_outlet", &mut raw.source_outlet)?;
    set("source_url", &mut raw.source_url)?;
    set("source_language", &mut raw.source_language)?;
    set("assignment_note", &mut raw.assignment_note)?;
    let format = obj.string("body_format")?.unwrap_or_default();
    if let Some(b) = obj.string("body")? {
        raw.body_markdown = match format.as_str() {
            "" | "markdown" => b,
            // HTML is cleaned by the same sanitiser as everything else that comes in as HTML;
            // Markdown passes it through to the renderer, which sanitises again.
            "html" => gazette_core::sanitize::clean_html(&b),
            other => {
                return Err(AdminError::field(
                    "body_format",
                    format!(
                        "`body_format` must be `markdown` or `html` (got `{}`).",
                        other.chars().take(20).collect::<String>()
                    ),
                ));
            }
        };
    } else if !format.is_empty() && !matches!(format.as_str(), "markdown" | "html") {
        return Err(AdminError::field(
            "body_format",
            "`body_format` must be `markdown` or `html`.",
        ));
    }
    if let Some(id) = obj.id("category_id")? {
        raw.category_id = id;
    }
    if let Some(id) = obj.id("featured_media_id")? {
        raw.featured_media_id = id;
    }
    if let Some(id) = obj.id("social_media_id")? {
        raw.social_media_id = id;
    }
    if let Some(id) = obj.id("assigned_to")? {
        raw.assigned_to = id;
    }
    if let Some(tags) = obj.strings("tags")? {
        raw.tags = tags;
    }
    if let Some(ids) = obj.ids("author_ids")? {
        raw.author_ids = ids;
    }
    if let Some(ids) = obj.ids("translator_ids")? {
        raw.translator_ids = ids;
    }
    Ok(())
}

/// What the editor would show for `a`, as raw values to lay changes over.
fn raw_of(a: &EditableArticle) -> RawArticle {
    let i = &a.input;
    RawArticle {
        title: i.title.clone(),
        subtitle: i.subtitle.clone(),
        slug: i.slug.clone(),
        excerpt: i.excerpt.clone(),
        body_markdown: i.body_markdown.clone(),
        meta_description: i.meta_description.clone(),
        kind: i.kind.as_str().to_owned(),
        language: i.language.clone(),
        source_outlet: i.source_outlet.clone(),
        source_url: i.source_url.clone(),
        source_language: i.source_language.clone(),
        tags: i.tags.clone(),
        category_id: i.category_id,
        author_ids: dto::credited(i, CreditRole::Author),
        translator_ids: dto::credited(i, CreditRole::Translator),
        featured_media_id: i.featured_media_id,
        social_media_id: i.social_media_id,
        assigned_to: i.assigned_to,
        assignment_note: i.assignment_note.clone(),
    }
}

fn forbidden(caller: &Caller) -> impl Fn(Action) -> AdminError + '_ {
    |action| AdminError::forbidden(caller.role, action)
}

endpoint! {
    /// Create a draft.
    post "/api/admin/v1/articles", tag "articles",
    answers (201, "Created, as a draft; `ETag` is its revision", Article), CreateErrors;
    fn create(app, caller, Body(body) dto::ArticleWrite) {
        editorial::save_permission(caller.role, None, Ownership::Own, None)
            .map_err(forbidden(&caller))?;
        let obj = body.read(WRITE_FIELDS)?;
        if obj.has("revision") {
            return Err(AdminError::field(
                "revision",
                "`revision` is for updates: a new article has none.",
            ));
        }
        let mut raw = RawArticle::default();
        apply(&obj, &mut raw)?;
        let language = app.store.settings().await?.language;
        let (input, errors) = article_input::check(&raw, &language);
        if !errors.is_empty() {
            return Err(AdminError::Fields(errors));
        }
        let id = app
            .store
            .create_draft(&input, None, now(), &caller.actor)
            .await?;
        let article = load(&app, id).await?;
        Ok(answer(&app, &article, StatusCode::CREATED))
    }
}

endpoint! {
    /// One article, drafts included.
    get "/api/admin/v1/articles/{id}", tag "articles",
    answers (200, "The article; `ETag` is its revision", Article), ReadErrors;
    fn get(app, caller, Path(id) "The article's id") {
        let article = load(&app, article_id(&id)?).await?;
        caller.require(Action::Edit, caller.ownership(Some(&article)))?;
        Ok(answer(&app, &article, StatusCode::OK))
    }
}

/// The revision in `If-Match: "N"`, if the request carries one.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, AdminError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v.to_str().unwrap_or("");
    let tag = text.trim().trim_start_matches("W/").trim_matches('"');
    tag.parse::<i64>().map(Some).map_err(|_| {
        AdminError::field(
            "If-Match",
            format!(
                "`If-Match` must be the article's ETag, e.g. \"3\" (got `{}`).",
                text.chars().take(40).collect::<String>()
            ),
        )
    })
}

/// The revision a change is made from: `If-Match: "N"` or the body's `revision`.
fn expected_revision(headers: &HeaderMap, obj: &JsonObject) -> Result<i64, AdminError> {
    if let Some(n) = if_match(headers)? {
        return Ok(n);
    }
    obj.integer("revision")?.ok_or_else(|| {
        AdminError::PreconditionRequired(
            "Say which revision your change is made from: send the ETag you read as If-Match, or `revision` in the body. \
             Nothing was written."
                .to_owned(),
        )
    })
}

endpoint! {
    /// Change some fields of an article.
    patch "/api/admin/v1/articles/{id}", tag "articles",
    answers (200, "Saved; `ETag` is the new revision", Article), RevisedUpdateErrors;
    fn update(
        app,
        caller,
        Path(id) "The article's id"
            If-Match "The ETag (revision) the change is made from; or send `revision` in the body",
        Body(body) dto::ArticleWrite
    ) {
        let id = article_id(&id)?;
        let article = load(&app, id).await?;
        let own = caller.ownership(Some(&article));
        editorial::save_permission(caller.role, Some(article.status), own, None)
            .map_err(forbidden(&caller))?;
        let obj = body.read(WRITE_FIELDS)?;
        let expected = expected_revision(&body.headers, &obj)?;
        let mut raw = raw_of(&article);
        apply(&obj, &mut raw)?;
        let (input, errors) = article_input::check(&raw, &article.input.language);
        if !errors.is_empty() {
            return Err(AdminError::Fields(errors));
        }
        app.store
            .update_article_at(id, Some(expected), &input, None, now(), &caller.actor)
            .await?;
        let article = load(&app, id).await?;
        Ok(answer(&app, &article, StatusCode::OK))
    }
}

/// Moves article `id` to `to` the way the editor's buttons do.
/// With `expected` (from `If-Match` or the body's `revision`), a stale revision is refused
/// with 409 and nothing moves.
async fn move_to(
    app: &AppState,
    caller: &Caller,
    id: &str,
    expected: Option<i64>,
    to: Status,
    publish_at: Option<i64>,
) -> super::Answer {
    let id = article_id(id)?;
    let article = load(app, id).await?;
    let own = caller.ownership(Some(&article));
    editorial::move_permission(caller.role, article.status, own, to).map_err(forbidden(caller))?;
    // A stale copy is told so before anything else: what it would be refused for may have
    // changed too. (The store checks again, atomically, when it writes.)
    if let Some(expected) = expected
        && expected != article.revision
    {
        return Err(gazette_store::StoreError::Stale {
            entity: "article",
            id,
            expected,
            current: article.revision,
        }
        .into());
    }
    let at = now();
    let problems = editorial::move_problems(Some(article.status), to, publish_at, at);
    if !problems.is_empty() {
        return Err(AdminError::Fields(problems));
    }
    app.store
        .set_status_from(id, expected, to, publish_at, at, &caller.actor)
        .await?;
    let article = load(app, id).await?;
    Ok(answer(app, &article, StatusCode::OK))
}

/// A workflow move without a body: `move_to` from the `If-Match` revision, if sent.
macro_rules! move_endpoint {
    ($name:ident, $path:literal, $to:expr, $what:literal) => {
        endpoint! {
            #[doc = $what]
            post $path, tag "articles",
            answers (200, "Moved", Article), MoveErrors;
            fn $name(
                app,
                caller,
                Path(id) "The article's id"
                    If-Match "The ETag (revision) the move is made from; a stale one is refused with 409",
                Headers(headers)
            ) {
                move_to(&app, &caller, &id, if_match(&headers)?, $to, None).await
            }
        }
    };
}

move_endpoint!(
    submit,
    "/api/admin/v1/articles/{id}/submit",
    Status::Review,
    "Submit for review."
);
move_endpoint!(
    publish,
    "/api/admin/v1/articles/{id}/publish",
    Status::Published,
    "Publish now."
);
move_endpoint!(
    unpublish,
    "/api/admin/v1/articles/{id}/unpublish",
    Status::Unpublished,
    "Take a published article down."
);
move_endpoint!(
    to_draft,
    "/api/admin/v1/articles/{id}/draft",
    Status::Draft,
    "Back to draft."
);

endpoint! {
    /// Schedule publication.
    post "/api/admin/v1/articles/{id}/schedule", tag "articles",
    answers (200, "Scheduled", Article), MoveBodyErrors;
    fn schedule(
        app,
        caller,
        Path(id) "The article's id"
            If-Match "The ETag (revision) the move is made from; or send `revision` in the body",
        Body(body) dto::StatusWrite
    ) {
        let obj = body.read(&["publish_at", "revision"])?;
        let expected = match if_match(&body.headers)? {
            Some(n) => Some(n),
            None => obj.integer("revision")?,
        };
        let raw = obj.string("publish_at")?.unwrap_or_default();
        let publish_at = if raw.trim().is_empty() {
            None
        } else {
            Some(
                OffsetDateTime::parse(raw.trim(), &Rfc3339)
                    .map_err(|_| {
                        AdminError::field(
                            "publish_at",
                            format!(
                                "`publish_at` must be an RFC 3339 time like 2026-05-01T09:30:00Z (got `{}`).",
                                raw.chars().take(40).collect::<String>()
                            ),
                        )
                    })?
                    .unix_timestamp(),
            )
        };
        move_to(&app, &caller, &id, expected, Status::Scheduled, publish_at).await
    }
}

/// A trash move (into the trash, out of it, or for good) of the article `raw_id`: the
/// caller's delete permission on it, then `write`, made from the `If-Match` revision when
/// one is sent. Answers the article's id.
async fn trash_move<W, F>(
    app: &AppState,
    caller: &Caller,
    raw_id: &str,
    headers: &HeaderMap,
    write: W,
) -> Result<i64, AdminError>
where
    W: FnOnce(i64, Option<i64>) -> F,
    F: Future<Output = Result<(), gazette_store::StoreError>>,
{
    let id = article_id(raw_id)?;
    let article = load(app, id).await?;
    caller.require(Action::Delete, caller.ownership(Some(&article)))?;
    write(id, if_match(headers)?).await?;
    Ok(id)
}

endpoint! {
    /// Move to the trash: readers, feeds, search and sitemaps lose it at once; restorable.
    delete "/api/admin/v1/articles/{id}", tag "articles",
    answers (200, "In the trash (status `trashed`); `ETag` is the new revision", Article),
    MoveErrors;
    fn delete(
        app,
        caller,
        Path(id) "The article's id"
            If-Match "The ETag (revision) the deletion is made from; \
                a stale one is refused with 409",
        Headers(headers)
    ) {
        let id = trash_move(&app, &caller, &id, &headers, |id, expected| {
            app.store.trash_article(id, expected, now(), &caller.actor)
        })
        .await?;
        Ok(answer(&app, &load(&app, id).await?, StatusCode::OK))
    }
}

endpoint! {
    /// Take out of the trash, as a draft.
    post "/api/admin/v1/articles/{id}/restore", tag "articles",
    answers (200, "Restored as a draft", Article), MoveErrors;
    fn restore(
        app,
        caller,
        Path(id) "The article's id"
            If-Match "The ETag (revision) the restore is made from; \
                a stale one is refused with 409",
        Headers(headers)
    ) {
        let id = trash_move(&app, &caller, &id, &headers, |id, expected| {
            app.store.untrash_article(id, expected, now(), &caller.actor)
        })
        .await?;
        Ok(answer(&app, &load(&app, id).await?, StatusCode::OK))
    }
}

endpoint! {
    /// Delete an article in the trash for good, with its revisions and redirects.
    post "/api/admin/v1/articles/{id}/purge", tag "articles",
    answers (204, "Deleted for good"), MoveErrors;
    fn purge(
        app,
        caller,
        Path(id) "The article's id"
            If-Match "The ETag (revision) the purge is made from; a stale one is refused with 409",
        Headers(headers)
    ) {
        trash_move(&app, &caller, &id, &headers, |id, expected| {
            app.store.purge_article(id, expected, now(), &caller.actor)
        })
        .await?;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

endpoint! {
    /// Saved revisions of an article's text, newest first.
    get "/api/admin/v1/articles/{id}/revisions", tag "articles",
    answers (200, "Revisions, newest first", RevisionList), ReadErrors;
    fn revisions(app, caller, Path(id) "The article's id") {
        let id = article_id(&id)?;
        let article = load(&app, id).await?;
        caller.require(Action::Edit, caller.ownership(Some(&article)))?;
        let items = app
            .store
            .revisions(id)
            .await?
            .into_iter()
            .map(|r| RevisionLine {
                id: r.id,
                at: rfc3339(r.at),
                user_name: r.user_name,
                autosave: r.autosave == 1,
                title: r.title,
                body: r.body_markdown,
            })
            .collect();
        Ok(super::json(&RevisionList { items }))
    }
}

/// Largest page of the list.
const MAX_PER_PAGE: i64 = 200;

/// Articles of every status, newest change first, with filters.
#[utoipa::path(
    get,
    path = "/api/admin/v1/articles",
    tag = "articles",
    params(
        ("status" = Option<String>, Query, description = "draft, review, scheduled, published, unpublished or trashed (without it, everything but the trash)"),
        ("author" = Option<i64>, Query, description = "Byline author id"),
        ("category" = Option<i64>, Query, description = "Category id"),
        ("language" = Option<String>, Query, description = "Language code, e.g. en"),
        ("page" = Option<i64>, Query, description = "From 1"),
        ("per_page" = Option<i64>, Query, description = "1 to 200, default 50"),
    ),
    responses(
        (status = 200, description = "One page of the list", body = ArticleList),
        ListErrors,
    ),
)]
pub async fn list(
    State(app): super::App,
    caller: Caller,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> super::Answer {
    caller.require(Action::CreateDraft, Ownership::Own)?;
    let Query(q) = query.map_err(|e| {
        AdminError::BadBody(format!(
            "The query string cannot be read ({}); give each parameter once, percent-encoded as UTF-8.",
            e.body_text()
        ))
    })?;
    const PARAMS: &[&str] = &[
        "status", "author", "category", "language", "page", "per_page",
    ];
    super::error::known_names(q.keys(), PARAMS, |shown, all| {
        format!("`{shown}` is not a parameter of this list; they are: {all}.")
    })?;
    let number = |name: &'static str, min: i64, max: i64| -> Result<Option<i64>, AdminError> {
        match q.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    AdminError::field(
                        name,
                        format!(
                            "`{name}` must be a whole number from {min} to {max} (got `{}`).",
                            v.chars().take(40).collect::<String>()
                        ),
                    )
                }),
        }
    };
    let status = match q.get("status").map(|s| s.trim()) {
        None | Some("") => None,
        Some(s) => Some(s.parse::<Status>().map_err(|_| {
            AdminError::field(
                "status",
                "`status` must be draft, review, scheduled, published, unpublished or trashed.",
            )
        })?),
    };
    let language = match q.get("language").map(|s| s.trim()) {
        None | Some("") => None,
        Some(l) if l.len() <= 35 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            Some(l.to_owned())
        }
        Some(_) => {
            return Err(AdminError::field(
                "language",
                "`language` must be a language code like en or pt-BR.",
            ));
        }
    };
    let page = number("page", 1, 100_000)?.unwrap_or(1);
    let per_page = number("per_page", 1, MAX_PER_PAGE)?.unwrap_or(50);
    let filter = ArticleListFilter {
        status,
        category_id: number("category", 1, i64::MAX)?,
        author_id: number("author", 1, i64::MAX)?,
        language,
        page,
        per_page,
        ..ArticleListFilter::default()
    };
    let (rows, total) = app.store.newsroom_articles(&filter).await?;
    let items = rows
        .into_iter()
        .map(|r| ArticleLine {
            id: r.id,
            revision: r.revision,
            status: r.status,
            slug: r.slug,
            title: r.title,
            language: r.language,
            kind: r.kind,
            category: r.category,
            byline: r.byline,
            modified_at: rfc3339(r.modified_at),
            published_at: r.published_at.map(rfc3339),
        })
        .collect();
    Ok(super::json(&ArticleList {
        items,
        total,
        page,
        per_page,
    }))
}
