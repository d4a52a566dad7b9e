//! `/admin/articles` and `/admin/review`: the newsroom's article list (filters, status
//! tabs, bulk actions) and review queue. The editor itself is in [`editor`], revisions in
//! [`revisions`], form reading in [`form`].

mod actions;
mod editor;
mod form;
mod original;
mod revisions;
mod translations;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::model::{Kind, Status};
use gazette_core::permissions::{Action, Ownership};
use gazette_store::{ArticleListFilter, ArticleListRow, Choice, StoreError};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Screen;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::auth::{CurrentUser, now};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::{Arg, keys};
use gazette_web::limits::BodyLimit;

const PER_PAGE: i64 = 30;

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::{AddCorrection, CreateDraft, Delete, Edit};
    use BodyLimit::{Text, Upload};
    use Ownership::Own;
    r.get("/admin/articles", CreateDraft, Own, list::<false>)
        .post("/admin/articles", CreateDraft, Own, editor::create)
        .takes(Text)
        .post("/admin/articles/bulk", CreateDraft, Own, bulk)
        .get("/admin/review", CreateDraft, Own, list::<true>)
        .get("/admin/articles/new", CreateDraft, Own, editor::new_page)
        .post(
            "/admin/articles/preview",
            CreateDraft,
            Own,
            actions::preview,
        )
        .takes(Text)
        .get("/admin/articles/{id}/edit", Edit, Own, editor::edit_page)
        .post("/admin/articles/{id}", Edit, Own, editor::save)
        .takes(Text)
        .post(
            "/admin/articles/{id}/autosave",
            Edit,
            Own,
            actions::autosave,
        )
        .takes(Text)
        .post(
            "/admin/articles/{id}/corrections",
            AddCorrection,
            Own,
            actions::correction,
        )
        .post(
            "/admin/articles/{id}/delete",
            Delete,
            Own,
            actions::trash::<false>,
        )
        .post(
            "/admin/articles/{id}/restore",
            Delete,
            Own,
            actions::trash::<true>,
        )
        .post("/admin/articles/{id}/purge", Delete, Own, actions::purge)
        .post(
            "/admin/articles/{id}/featured-image",
            Edit,
            Own,
            actions::featured_image,
        )
        .takes(Upload)
        .get("/admin/articles/{id}/revisions", Edit, Own, revisions::list)
        .get(
            "/admin/articles/{id}/translations",
            Edit,
            Own,
            translations::page,
        )
        .post(
            "/admin/articles/{id}/translations/link",
            Edit,
            Own,
            translations::link,
        )
        .post(
            "/admin/articles/{id}/translations/unlink",
            Edit,
            Own,
            translations::unlink,
        )
        .post(
            "/admin/articles/{id}/translations/new",
            Edit,
            Own,
            translations::start,
        )
        .post(
            "/admin/articles/{id}/revisions/{rev}/restore",
            Edit,
            Own,
            revisions::restore,
        )
}

/// `2026-11-25 14:03 UTC`, the newsroom's way of showing a time.
pub(crate) fn when(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t).map_or_else(
        |_| String::new(),
        |d| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                d.year(),
                u8::from(d.month()),
                d.day(),
                d.hour(),
                d.minute()
            )
        },
    )
}

/// The list's filters, as the GET query carries them.
#[derive(Deserialize, Default, Serialize, Clone)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    category: String,
    author: String,
    kind: String,
    q: String,
    mine: String,
    assigned: String,
    page: String,
    done: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    status: String,
    kind: String,
    category: String,
    byline: String,
    updated: String,
    scheduled: String,
    url: String,
    assigned: String,
    note: String,
    can_edit: bool,
}

#[derive(Serialize)]
struct Tab {
    label: String,
    status: String,
    count: i64,
    active: bool,
    url: String,
}

/// One choice of a `<select>`: the list's filters and bulk actions, the editor's fields.
#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
    selected: bool,
}

/// Every category as a choice (by its path, in menu order), `selected` chosen.
async fn category_options(app: &AppState, selected: Option<i64>) -> Result<Vec<Opt>, StoreError> {
    Ok(app
        .store
        .categories()
        .await?
        .iter()
        .map(|c| Opt {
            value: c.id.to_string(),
            label: c.path.clone(),
            selected: selected == Some(c.id),
        })
        .collect())
}

#[derive(Serialize)]
struct ListPage {
    review_queue: bool,
    /// The Trash view: its bulk actions are restore and delete forever.
    trash: bool,
    rows: Vec<Row>,
    tabs: Vec<Tab>,
    total: i64,
    filters: ListQuery,
    categories: Vec<Opt>,
    authors: Vec<Opt>,
    kinds: Vec<&'static str>,
    prev_url: Option<String>,
    next_url: Option<String>,
    bulk_actions: Vec<Opt>,
    can_create: bool,
}

fn query_string(q: &ListQuery, status: &str, page: i64) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("status", status),
        ("category", q.category.as_str()),
        ("author", q.author.as_str()),
        ("kind", q.kind.as_str()),
        ("q", q.q.as_str()),
        ("mine", q.mine.as_str()),
        ("assigned", q.assigned.as_str()),
    ] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    s.finish()
}

fn row_view(user: &CurrentUser, r: ArticleListRow, owned: bool) -> Row {
    let ownership = if owned {
        Ownership::Own
    } else {
        Ownership::Other
    };
    Row {
        can_edit: user.can(Action::Edit, ownership),
        url: gazette_core::urls::article_path(&r.slug),
        scheduled: if r.status == "scheduled" {
            r.published_at.map(when).unwrap_or_default()
        } else {
            String::new()
        },
        updated: when(r.modified_at),
        id: r.id,
        title: r.title,
        status: r.status,
        kind: r.kind,
        category: r.category.unwrap_or_default(),
        byline: r.byline.unwrap_or_default(),
        assigned: r.assigned_name.unwrap_or_default(),
        note: r.assignment_note,
    }
}

/// `GET /admin/articles`, and `GET /admin/review` (`REVIEW`: the review queue).
async fn list<const REVIEW: bool>(
    Staff { app, user }: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    render_list(&app, &user, q, REVIEW, StatusCode::OK, None).await
}

/// A filter of the list: `None` when empty, a 400 naming `what` when it is not one of the
/// choices (`ok` says which parsed values are).
fn list_filter<T: std::str::FromStr>(
    what: &str,
    v: &str,
    ok: impl Fn(&T) -> bool,
) -> Result<Option<T>, WebError> {
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<T>() {
        Ok(t) if ok(&t) => Ok(Some(t)),
        _ => Err(WebError::BadRequest(format!(
            "The {what} filter `{v}` is not one of the choices."
        ))),
    }
}

/// Every byline author as a choice, those `selected` says chosen.
fn author_options(rows: &[Choice], selected: impl Fn(i64) -> bool) -> Vec<Opt> {
    rows.iter()
        .map(|a| Opt {
            value: a.id.to_string(),
            label: a.label.clone(),
            selected: selected(a.id),
        })
        .collect()
}

async fn render_list(
    app: &AppState,
    user: &CurrentUser,
    mut q: ListQuery,
    review_queue: bool,
    status_code: StatusCode,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let path = if review_queue {
        "/admin/review"
    } else {
        "/admin/articles"
    };
    user.require(Action::CreateDraft, Ownership::Own)?;
    if review_queue {
        q.status = "review".into();
    }
    let result = async {
        let status = list_filter::<Status>("status", &q.status, |_| true)?;
        let kind = list_filter::<Kind>("kind", &q.kind, |_| true)?;
        let category_id = list_filter::<i64>("category", &q.category, |_| true)?;
        let author_id = list_filter::<i64>("author", &q.author, |_| true)?;
        let page_no =
            list_filter::<i64>("page", &q.page, |p| (1..=100_000).contains(p))?.unwrap_or(1);
        let filter = ArticleListFilter {
            status,
            category_id,
            user_id: (q.mine == "1").then_some(user.user.id),
            author_id,
            kind,
            text: q.q.chars().take(200).collect(),
            assigned_to: (q.assigned == "me").then_some(user.user.id),
            language: None,
            oldest_first: review_queue,
            page: page_no,
            per_page: PER_PAGE,
        };
        let (rows, total) = app.store.newsroom_articles(&filter).await?;
        let counts = app.store.newsroom_status_counts(&filter).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let owned = app.store.owned_among(user.user.id, &ids).await?;
        let view_rows: Vec<Row> = rows
            .into_iter()
            .map(|r| {
                let own = owned.contains(&r.id);
                row_view(user, r, own)
            })
            .collect();
        // "All" is everything but the trash, as the list without a status filter.
        let count_of = |s: &str| {
            counts
                .iter()
                .filter(|(st, _)| st == s || (s.is_empty() && st != Status::Trashed.as_str()))
                .map(|(_, n)| *n)
                .sum::<i64>()
        };
        let mut tabs = vec![Tab {
            label: "All".into(),
            status: String::new(),
            count: count_of(""),
            active: q.status.is_empty(),
            url: format!("{path}?{}", query_string(&q, "", 1)),
        }];
        for s in Status::ALL {
            tabs.push(Tab {
                label: s.as_str().to_owned(),
                status: s.as_str().to_owned(),
                count: count_of(s.as_str()),
                active: q.status == s.as_str(),
                url: format!("{path}?{}", query_string(&q, s.as_str(), 1)),
            });
        }
        let categories = category_options(app, category_id).await?;
        let author_rows = app.store.author_choices().await?;
        let authors = author_options(&author_rows, |id| author_id == Some(id));
        let pages = (total + PER_PAGE - 1) / PER_PAGE;
        let trash = status == Some(Status::Trashed);
        let bulk_actions: &[(&str, &str)] = if trash {
            &[("restore", keys::BULK_RESTORE), ("purge", keys::BULK_PURGE)]
        } else {
            &[
                ("review", keys::BULK_REVIEW),
                ("publish", keys::BULK_PUBLISH),
                ("unpublish", keys::BULK_UNPUBLISH),
                ("draft", keys::BULK_DRAFT),
                ("trash", keys::BULK_TRASH),
            ]
        };
        let bulk_actions = bulk_actions
            .iter()
            .map(|(v, l)| Opt {
                value: (*v).into(),
                label: (*l).into(),
                selected: false,
            })
            .collect();
        Ok::<_, WebError>(ListPage {
            review_queue,
            trash,
            rows: view_rows,
            tabs,
            total,
            categories,
            authors,
            kinds: Kind::ALL.iter().map(|k| k.as_str()).collect(),
            prev_url: (page_no > 1)
                .then(|| format!("{path}?{}", query_string(&q, &q.status, page_no - 1))),
            next_url: (page_no < pages)
                .then(|| format!("{path}?{}", query_string(&q, &q.status, page_no + 1))),
            bulk_actions,
            can_create: user.can(Action::CreateDraft, Ownership::Own),
            filters: q.clone(),
        })
    }
    .await;
    let data = result?;
    let notice = notice.or_else(|| done_notice(&q.done));
    let title = if review_queue {
        keys::NAV_REVIEW
    } else {
        keys::NAV_ARTICLES
    };
    Screen::keyed("admin/article_list.html", path, title)
        .render(app, user, status_code, notice, data)
        .await
}

/// The confirmation shown after a redirect with `?done=`.
pub(crate) fn done_notice(done: &str) -> Option<String> {
    Some(
        match done {
            "created" => keys::NOTICE_ARTICLE_CREATED,
            "saved" => keys::NOTICE_SAVED,
            "review" => keys::NOTICE_ARTICLE_REVIEW,
            "published" => keys::NOTICE_ARTICLE_PUBLISHED,
            "scheduled" => keys::NOTICE_ARTICLE_SCHEDULED,
            "unpublished" => keys::NOTICE_ARTICLE_UNPUBLISHED,
            "draft" => keys::NOTICE_ARTICLE_DRAFT,
            "corrected" => keys::NOTICE_ARTICLE_CORRECTED,
            "restored" => keys::NOTICE_ARTICLE_RESTORED,
            "deleted" => keys::NOTICE_ARTICLE_DELETED,
            "trashed" => keys::NOTICE_ARTICLE_TRASHED,
            "untrashed" => keys::NOTICE_ARTICLE_UNTRASHED,
            "image" => keys::NOTICE_ARTICLE_IMAGE,
            _ => return None,
        }
        .to_owned(),
    )
}

/// Which action a move to `to` needs.
pub(crate) fn action_for(from: Status, to: Status) -> Action {
    gazette_core::editorial::action_for(from, to)
}

/// `POST /admin/articles/bulk`: one action on the checked articles, each checked on its
/// own; the list comes back with a report ("3 published, 1 refused: …").
async fn bulk(
    Staff { app, user }: Staff,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let action = posted.get("bulk_action");
    let words = Words::of(&app, &user).await?;
    let (target, verb) = match action {
        "review" => (Some(Status::Review), keys::BULK_DONE_REVIEW),
        "publish" => (Some(Status::Published), keys::BULK_DONE_PUBLISH),
        "unpublish" => (Some(Status::Unpublished), keys::BULK_DONE_UNPUBLISH),
        "draft" => (Some(Status::Draft), keys::BULK_DONE_DRAFT),
        "trash" => (Some(Status::Trashed), keys::BULK_DONE_TRASH),
        "restore" => (None, keys::BULK_DONE_RESTORE),
        "purge" => (None, keys::BULK_DONE_PURGE),
        other => {
            let shown: String = other.chars().take(40).collect();
            let msg = words.t_with(keys::PROBLEM_BULK_ACTION, &[("value", Words::text(&shown))]);
            return render_list(
                &app,
                &user,
                ListQuery::default(),
                false,
                StatusCode::BAD_REQUEST,
                Some(msg),
            )
            .await;
        }
    };
    // Restoring and purging are done from the Trash, which comes back after them.
    let back = || ListQuery {
        status: if matches!(action, "restore" | "purge") {
            Status::Trashed.as_str().to_owned()
        } else {
            String::new()
        },
        ..ListQuery::default()
    };
    if action == "purge" && posted.get("confirm_delete") != "yes" {
        let msg = words.t(keys::PROBLEM_BULK_PURGE_CONFIRM);
        return render_list(
            &app,
            &user,
            back(),
            false,
            StatusCode::BAD_REQUEST,
            Some(msg),
        )
        .await;
    }
    let mut done = 0;
    let mut refused: Vec<String> = Vec::new();
    let at = now();
    for raw in posted.all("ids") {
        let Ok(id) = raw.parse::<i64>() else {
            let shown: String = raw.chars().take(40).collect();
            refused.push(words.t_with(keys::BULK_NOT_AN_ID, &[("value", Words::text(&shown))]));
            continue;
        };
        let article = match app.store.editable_article(id).await {
            Ok(Some(a)) => a,
            Ok(None) => {
                refused.push(words.t_with(keys::BULK_MISSING, &[("id", Words::text(raw))]));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let ownership = if article.owned_by(user.user.id) {
            Ownership::Own
        } else {
            Ownership::Other
        };
        let needed = match target {
            Some(to) => action_for(article.status, to),
            None => Action::Delete,
        };
        if user.require(needed, ownership).is_err() {
            refused.push(words.t_with(
                keys::BULK_NOT_ALLOWED,
                &[("title", Words::text(&article.input.title))],
            ));
            continue;
        }
        let actor = user.actor();
        let result = match (target, action) {
            (Some(Status::Trashed), _) => app.store.trash_article(id, None, at, &actor).await,
            (Some(to), _) => app.store.set_status(id, to, None, at, &actor).await,
            (None, "restore") => app.store.untrash_article(id, None, at, &actor).await,
            (None, _) => app.store.purge_article(id, None, at, &actor).await,
        };
        match result {
            Ok(()) => done += 1,
            // The store's own rule (an article that cannot move so): its English words.
            Err(StoreError::Invalid { message, .. }) => {
                refused.push(words.t_with(
                    keys::BULK_REFUSED_BECAUSE,
                    &[
                        ("title", Words::text(&article.input.title)),
                        ("why", Words::text(&message)),
                    ],
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let done = words.t_with(verb, &[("n", Arg::Number(done as f64))]);
    let report = if refused.is_empty() {
        words.t_with(keys::BULK_REPORT, &[("done", Words::text(&done))])
    } else {
        let list = refused.join("; ");
        words.t_with(
            keys::BULK_REPORT_REFUSED,
            &[
                ("done", Words::text(&done)),
                ("n", Arg::Number(refused.len() as f64)),
                ("list", Words::text(&list)),
            ],
        )
    };
    render_list(&app, &user, back(), false, StatusCode::OK, Some(report)).await
}
