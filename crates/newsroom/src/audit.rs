//! `/admin/audit`: the audit log for admins, newest first, 50 a page, filtered by user
//! and by action. Also the newsroom's one way of writing times (UTC, to the minute).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership};
use gazette_core::urls;
use gazette_store::{AuditFilter, AuditLine};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::staff_request::Staff;
use crate::table::Routes;
use gazette_web::WebError;
use gazette_web::i18n::{Arg, keys};

const PER_PAGE: i64 = 50;

/// "2026-11-25 14:05 UTC".
pub(crate) fn utc_minute(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

/// RFC 3339, for `<time datetime>`.
pub(crate) fn utc_iso(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .map(gazette_core::format::iso8601)
        .unwrap_or_default()
}

pub(crate) fn routes(r: Routes) -> Routes {
    r.get("/admin/audit", Action::ViewAudit, Ownership::Other, index)
}

/// Query parameters stay text so a hand-edited URL gets a message, not a rejection.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AuditQuery {
    user: String,
    action: String,
    page: String,
}

#[derive(Serialize)]
struct LineView {
    at: String,
    at_iso: String,
    who: String,
    action: String,
    entity: String,
    detail: String,
    ip: String,
    /// The API key the action was made with and the role it acted as (`role-…` key).
    key_name: Option<String>,
    key_role: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct AuditPage {
    lines: Vec<LineView>,
    users: Vec<Choice>,
    actions: Vec<Choice>,
    total: i64,
    page: i64,
    pages: i64,
    prev: Option<String>,
    next: Option<String>,
    error: Option<String>,
}

async fn index(
    Staff { app, user }: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let path = "/admin/audit";
    let words = super::words::Words::of(&app, &user).await?;
    let raw_arg = |raw| [("value", Arg::Text(raw))];
    let mut error = None;
    let user_id = match q.user.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                error = Some(words.t_with(keys::PROBLEM_AUDIT_USER, &raw_arg(raw)));
                None
            }
        },
    };
    let page = match q.page.trim() {
        "" => 1,
        raw => match raw.parse::<i64>() {
            Ok(n) if n >= 1 => n,
            _ => {
                error = Some(words.t_with(keys::PROBLEM_AUDIT_PAGE, &raw_arg(raw)));
                1
            }
        },
    };
    let action = Some(q.action.trim().to_owned()).filter(|a| !a.is_empty());
    let filter = AuditFilter {
        user_id,
        action: action.clone(),
    };
    let loaded = async {
        let (lines, total) = app
            .store
            .audit_lines(&filter, (page - 1).saturating_mul(PER_PAGE), PER_PAGE)
            .await?;
        let users = app.store.staff_members().await?;
        let actions = app.store.audit_actions().await?;
        Ok::<_, gazette_store::StoreError>((lines, total, users, actions))
    }
    .await;
    let (lines, total, users, actions) = loaded?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let user_param = user_id.map(|id| id.to_string()).unwrap_or_default();
    let action_param = action.as_deref().unwrap_or_default();
    let link = |n: i64| {
        let page = n.to_string();
        let pairs = [
            ("page", page.as_str()),
            ("user", &user_param),
            ("action", action_param),
        ];
        urls::with_query("/admin/audit", &pairs)
    };
    let view = AuditPage {
        lines: lines
            .into_iter()
            .map(
                |AuditLine {
                     entry: l,
                     user_name,
                 }| LineView {
                    at: utc_minute(l.at),
                    at_iso: utc_iso(l.at),
                    who: match (user_name, l.user_id) {
                        (Some(name), _) => name,
                        (None, Some(id)) => words.t_with(
                            keys::AUDIT_DELETED_USER,
                            &[("id", super::words::Words::text(&id.to_string()))],
                        ),
                        (None, None) => words.t(match l.ip.as_str() {
                            "cli" => keys::AUDIT_COMMAND_LINE,
                            "scheduler" => keys::AUDIT_SCHEDULER,
                            _ => keys::AUDIT_ANONYMOUS,
                        }),
                    },
                    action: l.action,
                    entity: match l.entity_id {
                        Some(id) => format!("{} {id}", l.entity),
                        None => l.entity,
                    },
                    detail: l.detail,
                    ip: l.ip,
                    key_name: l.api_key_name,
                    key_role: l.api_key_role,
                },
            )
            .collect(),
        users: users
            .into_iter()
            .map(|u| Choice {
                selected: Some(u.id) == user_id,
                value: u.id.to_string(),
                label: format!("{} ({})", u.name, u.email),
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|a| Choice {
                selected: Some(&a) == action.as_ref(),
                label: a.clone(),
                value: a,
            })
            .collect(),
        total,
        page,
        pages,
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
        error,
    };
    super::Screen::keyed("admin/audit.html", path, keys::NAV_AUDIT)
        .render(&app, &user, StatusCode::OK, None, view)
        .await
}
