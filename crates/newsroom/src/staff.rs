//! `/admin/staff`: the newsroom's people for admins: invite by email (the invitation form
//! and a short list also show on the overview), change roles, disable and enable (ending
//! sessions at once), resend invitations and link each person to their byline. The store
//! refuses what would lock the site out (no active admin left, disabling oneself).

use std::sync::Arc;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership, Role};
use gazette_core::problem::Problem;
use gazette_core::text::capitalize;

use gazette_store::{NewUser, StoreError, TokenKind, User};
use serde::{Deserialize, Serialize};

use crate::DoneQuery;
use crate::id::Id;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::AppState;
use gazette_web::WebError;
use gazette_web::account::{INVITE_SECONDS, plausible_email};
use gazette_web::auth::{self, CurrentUser, now, token_hash};
use gazette_web::form::CsrfForm;
use gazette_web::i18n::keys;
use gazette_web::mails::MailWords;

#[derive(Serialize)]
struct StaffView {
    name: String,
    email: String,
    role: &'static str,
    pending: bool,
    disabled: bool,
}

/// A scheduled publication on the overview.
#[derive(Serialize)]
struct ScheduledView {
    title: String,
    slug: String,
    at: String,
    at_iso: String,
    attempts: i64,
    last_error: Option<String>,
}

#[derive(Serialize)]
struct AdminPage<'a> {
    can_manage_staff: bool,
    /// Shown to those who may publish anyone's articles (editors and admins).
    can_see_schedule: bool,
    scheduled: Vec<ScheduledView>,
    staff: Vec<StaffView>,
    roles: Vec<&'static str>,
    error: Option<String>,
    form_email: &'a str,
    form_role: &'a str,
}

fn staff_view(u: User) -> StaffView {
    StaffView {
        pending: u.password_hash.is_none(),
        role: u.role.as_str(),
        name: u.name,
        email: u.email,
        disabled: u.disabled,
    }
}

pub(super) async fn render(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
    form_email: &str,
    form_role: &str,
) -> Result<Response, WebError> {
    let can_manage_staff = user.can(Action::ManageStaff, Ownership::Other);
    let staff = if can_manage_staff {
        match app.store.users().await {
            Ok(users) => users
                .into_iter()
                .filter(|u| u.role.is_staff())
                .map(staff_view)
                .collect(),
            Err(e) => return Err(e.into()),
        }
    } else {
        Vec::new()
    };
    let can_see_schedule = user.can(Action::Publish, Ownership::Other);
    let scheduled = if can_see_schedule {
        match app.store.pending_publications(50).await {
            Ok(rows) => rows
                .into_iter()
                .map(|p| ScheduledView {
                    at: super::audit::utc_minute(p.run_at),
                    at_iso: super::audit::utc_iso(p.run_at),
                    title: p.title,
                    slug: p.slug,
                    attempts: p.attempts,
                    last_error: p.last_error,
                })
                .collect(),
            Err(e) => return Err(e.into()),
        }
    } else {
        Vec::new()
    };
    super::Screen::keyed("admin/index.html", "/admin", keys::NEWSROOM)
        .render(
            app,
            user,
            status,
            notice,
            AdminPage {
                can_manage_staff,
                can_see_schedule,
                scheduled,
                staff,
                roles: staff_roles(),
                error,
                form_email,
                form_role,
            },
        )
        .await
}

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::ManageStaff as Manage;
    use Ownership::Other;
    r.get("/admin/staff", Manage, Other, staff_page)
        .post("/admin/staff/invite", Manage, Other, invite)
        .post("/admin/staff/{id}/role", Manage, Other, change_role)
        .post(
            "/admin/staff/{id}/disable",
            Manage,
            Other,
            set_disabled::<true>,
        )
        .post(
            "/admin/staff/{id}/enable",
            Manage,
            Other,
            set_disabled::<false>,
        )
        .post("/admin/staff/{id}/resend", Manage, Other, resend)
        .post("/admin/staff/{id}/byline", Manage, Other, byline)
}

const STAFF: &str = "/admin/staff";

/// One row of the staff table.
#[derive(Serialize)]
struct MemberView {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    status: &'static str,
    pending: bool,
    disabled: bool,
    is_you: bool,
    last_sign_in: Option<String>,
    author_id: Option<i64>,
    author_name: Option<String>,
    author_slug: Option<String>,
}

#[derive(Serialize)]
struct AuthorOption {
    id: i64,
    label: String,
}

#[derive(Serialize)]
struct StaffPage {
    members: Vec<MemberView>,
    roles: Vec<&'static str>,
    authors: Vec<AuthorOption>,
    error: Option<String>,
    /// The row the error is about, to point at it.
    error_for: Option<i64>,
}

fn done_notice(code: &str) -> Option<String> {
    Some(
        match code {
            "role" => keys::NOTICE_STAFF_ROLE,
            "disabled" => keys::NOTICE_STAFF_DISABLED,
            "enabled" => keys::NOTICE_STAFF_ENABLED,
            "resent" => keys::NOTICE_STAFF_RESENT,
            "byline" => keys::NOTICE_STAFF_BYLINE,
            _ => return None,
        }
        .to_owned(),
    )
}

async fn render_staff(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    error: Option<(i64, String)>,
) -> Result<Response, WebError> {
    let loaded = async {
        Ok::<_, StoreError>((
            app.store.staff_members().await?,
            app.store.author_choices().await?,
        ))
    }
    .await;
    let (members, authors) = loaded?;
    let (error_for, error) = match error {
        Some((id, message)) => (Some(id), Some(message)),
        None => (None, None),
    };
    let members = members
        .into_iter()
        .map(|m| MemberView {
            status: if m.disabled {
                "disabled"
            } else if m.pending {
                "invitation pending"
            } else {
                "active"
            },
            is_you: m.id == user.user.id,
            last_sign_in: m.last_sign_in.map(super::audit::utc_minute),
            id: m.id,
            name: m.name,
            email: m.email,
            role: m.role.as_str(),
            pending: m.pending,
            disabled: m.disabled,
            author_id: m.author_id,
            author_name: m.author_name,
            author_slug: m.author_slug,
        })
        .collect();
    super::Screen::keyed("admin/staff.html", STAFF, keys::NAV_STAFF)
        .render(
            app,
            user,
            status,
            notice,
            StaffPage {
                members,
                roles: staff_roles(),
                authors: authors
                    .into_iter()
                    .map(|a| AuthorOption {
                        id: a.id,
                        label: format!("{} (/author/{}/)", a.label, a.extra),
                    })
                    .collect(),
                error,
                error_for,
            },
        )
        .await
}

/// The roles a staff member can have, for the role pickers.
fn staff_roles() -> Vec<&'static str> {
    Role::ALL
        .iter()
        .filter(|r| r.is_staff())
        .map(|r| r.as_str())
        .collect()
}

/// `GET /admin/staff`: admins only.
async fn staff_page(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    render_staff(
        &app,
        &user,
        StatusCode::OK,
        done_notice(q.done.as_deref().unwrap_or_default()),
        None,
    )
    .await
}

/// A form on one staff row: CSRF token plus whichever field the action needs.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MemberForm {
    role: String,
    author: String,
}

/// The common start of every row action (the route checks the role, the form's CSRF token
/// is checked as it is read): an existing staff member.
async fn member(app: &AppState, id: i64) -> Result<User, WebError> {
    match app.store.user_by_id(id).await? {
        Some(member) if member.role.is_staff() => Ok(member),
        _ => Err(WebError::NotFound),
    }
}

/// Maps the outcome of a row action: done → back to the list with a notice; a refusal the
/// store explains → the list again, 400, with the message next to the row.
async fn finish(
    app: &AppState,
    user: &CurrentUser,
    member: &User,
    result: Result<(), StoreError>,
    done: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => super::see_other(&format!("{STAFF}?done={done}")),
        Err(StoreError::Invalid { message, .. }) => {
            let message = format!("{}.", capitalize(&message));
            render_staff(
                app,
                user,
                StatusCode::BAD_REQUEST,
                None,
                Some((member.id, message)),
            )
            .await
        }
        Err(StoreError::Missing { entity, value, .. }) => {
            render_staff(
                app,
                user,
                StatusCode::BAD_REQUEST,
                None,
                Some((
                    member.id,
                    format!("There is no {entity} {value}; pick one from the list."),
                )),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/staff/{id}/role`.
async fn change_role(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Result<Response, WebError> {
    let member = member(&app, id).await?;
    let result = match form.role.parse::<Role>() {
        Ok(role) if role.is_staff() => {
            app.store
                .set_role(member.id, role, now(), &user.actor())
                .await
        }
        _ => Err(StoreError::Invalid {
            entity: "staff member",
            field: "role",
            message: format!(
                "role `{}` is not a newsroom role; choose admin, editor, author or contributor",
                form.role
            ),
        }),
    };
    finish(&app, &user, &member, result, "role").await
}

/// `POST /admin/staff/{id}/disable` (`DISABLED`: it ends every session of theirs in the
/// same transaction) and `POST /admin/staff/{id}/enable`.
async fn set_disabled<const DISABLED: bool>(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<MemberForm>,
) -> Result<Response, WebError> {
    let member = member(&app, id).await?;
    let result = app
        .store
        .set_disabled(member.id, DISABLED, now(), &user.actor())
        .await
        .map(|_| ());
    let done = if DISABLED { "disabled" } else { "enabled" };
    finish(&app, &user, &member, result, done).await
}

/// `POST /admin/staff/{id}/resend`: a fresh invitation link for someone who has not
/// accepted yet.
async fn resend(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(_): CsrfForm<MemberForm>,
) -> Result<Response, WebError> {
    let member = member(&app, id).await?;
    if member.password_hash.is_some() {
        let message = format!(
            "{} has already accepted the invitation; they can reset a forgotten password from the sign-in page.",
            member.name
        );
        return render_staff(
            &app,
            &user,
            StatusCode::BAD_REQUEST,
            None,
            Some((member.id, message)),
        )
        .await;
    }
    match send_invitation(&app, &user, &member).await {
        Ok(()) => super::see_other(&format!("{STAFF}?done=resent")),
        Err(e) => Err(e),
    }
}

/// A new invitation token for `member` and its mail.
async fn send_invitation(app: &AppState, by: &CurrentUser, member: &User) -> Result<(), WebError> {
    let now = now();
    let token = auth::new_token()?;
    app.store
        .create_token(
            &token_hash(&token),
            TokenKind::Invite,
            member.id,
            now,
            now + INVITE_SECONDS,
            &by.actor(),
        )
        .await?;
    let site = app.site().await?;
    // The invited person has chosen no language yet: the site's.
    let mail = MailWords::new(&app.theme.catalogues, None, &site.language).invitation(
        &site.name,
        &app.config.base_url,
        &by.user.name,
        &member.email,
        member.role,
        &token,
    );
    app.mailer
        .send(&mail)
        .await
        .map_err(|e| WebError::Internal(format!("the invitation mail was not sent: {e}")))
}

/// `POST /admin/staff/{id}/byline`: `author` is an author id, `new` (create one from the
/// person's name) or empty (unlink).
async fn byline(
    Staff { app, user }: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Result<Response, WebError> {
    let member = member(&app, id).await?;
    let actor = user.actor();
    let result = match form.author.trim() {
        "" => app.store.link_author(member.id, None, now(), &actor).await,
        "new" => app
            .store
            .create_author_for(member.id, now(), &actor)
            .await
            .map(|_| ()),
        raw => match raw.parse::<i64>() {
            Ok(aid) => {
                app.store
                    .link_author(member.id, Some(aid), now(), &actor)
                    .await
            }
            Err(_) => Err(StoreError::Invalid {
                entity: "staff member",
                field: "author",
                message: format!("byline `{raw}` is not one of the listed authors"),
            }),
        },
    };
    finish(&app, &user, &member, result, "byline").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    role: String,
    name: String,
}

/// `POST /admin/staff/invite`: admins only. Creates the account without a password and
/// mails a link (valid a week) where the person sets name and password.
pub(crate) async fn invite(
    Staff { app, user }: Staff,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim();
    let words = Words::of(&app, &user).await?;
    let refuse = |problem: Problem| {
        let message = words.problem(&problem);
        let app = Arc::clone(&app);
        let user = user.clone();
        let (email, role) = (email.to_owned(), form.role.clone());
        async move {
            render(
                &app,
                &user,
                StatusCode::BAD_REQUEST,
                None,
                Some(message),
                &email,
                &role,
            )
            .await
        }
    };
    if !plausible_email(email) {
        let shown: String = email.chars().take(100).collect();
        return refuse(Problem::new(keys::PROBLEM_INVITE_EMAIL).text("value", shown)).await;
    }
    let role = match form.role.parse::<Role>() {
        Ok(r) if r.is_staff() => r,
        _ => {
            let shown: String = form.role.chars().take(40).collect();
            return refuse(Problem::new(keys::PROBLEM_INVITE_ROLE).text("value", shown)).await;
        }
    };
    match invite_user(&app, &user, email, form.name.trim(), role).await {
        Ok(()) => {
            render(
                &app,
                &user,
                StatusCode::OK,
                Some(
                    words.problem(
                        &Problem::new(keys::NOTICE_INVITATION_SENT)
                            .text("email", email)
                            .word("role", format!("role-{}", role.as_str())),
                    ),
                ),
                None,
                "",
                "author",
            )
            .await
        }
        Err(WebError::Store(StoreError::Duplicate { .. })) => {
            refuse(Problem::new(keys::PROBLEM_INVITE_TAKEN).text("email", email)).await
        }
        Err(e) => Err(e),
    }
}

/// Creates the invited account and its token, then sends the mail.
pub async fn invite_user(
    app: &AppState,
    by: &CurrentUser,
    email: &str,
    name: &str,
    role: Role,
) -> Result<(), WebError> {
    let now = now();
    let fallback_name = email.split('@').next().unwrap_or(email);
    let invited = app
        .store
        .create_user(
            &NewUser {
                email: email.to_owned(),
                name: if name.is_empty() {
                    fallback_name.to_owned()
                } else {
                    name.to_owned()
                },
                role,
                password_hash: None,
                author_id: None,
            },
            now,
            &by.actor(),
        )
        .await?;
    send_invitation(app, by, &invited).await
}
