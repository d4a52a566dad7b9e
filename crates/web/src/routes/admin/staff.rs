//! `/admin/staff`: inviting staff by email (the list and the invitation form also show on
//! the overview for admins).

use std::sync::Arc;

use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use gazette_core::permissions::{Action, Ownership, Role};
use gazette_mail::Email;
use gazette_store::{NewUser, StoreError, TokenKind, User};
use serde::{Deserialize, Serialize};

use crate::auth::{self, CurrentUser, forbidden_page, now, token_hash};
use crate::error::WebError;
use crate::routes::account::{INVITE_SECONDS, plausible_email};
use crate::routes::error_page;
use crate::state::AppState;

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
) -> Response {
    let can_manage_staff = user.can(Action::ManageStaff, Ownership::Other);
    let staff = if can_manage_staff {
        match app.store.users().await {
            Ok(users) => users
                .into_iter()
                .filter(|u| u.role.is_staff())
                .map(staff_view)
                .collect(),
            Err(e) => return error_page(app, "/admin", e.into()).await,
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
            Err(e) => return error_page(app, "/admin", e.into()).await,
        }
    } else {
        Vec::new()
    };
    super::page(
        app,
        user,
        super::Screen {
            template: "admin/index.html",
            path: "/admin",
            title: "Newsroom",
        },
        status,
        notice,
        AdminPage {
            can_manage_staff,
            can_see_schedule,
            scheduled,
            staff,
            roles: Role::ALL
                .iter()
                .filter(|r| r.is_staff())
                .map(|r| r.as_str())
                .collect(),
            error,
            form_email,
            form_role,
        },
    )
    .await
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/admin/staff/invite", post(invite))
}

#[derive(Deserialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    name: String,
}

impl super::CsrfForm for InviteForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// `POST /admin/staff/invite`: admins only. Creates the account without a password and
/// mails a link (valid a week) where the person sets name and password.
pub async fn invite(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    form: Result<Form<InviteForm>, FormRejection>,
) -> Response {
    let path = "/admin/staff/invite";
    let form = match super::read_form(&app, &user, path, form).await {
        Ok(f) => f,
        Err(refused) => return refused,
    };
    if let Err(refusal) = user.require(Action::ManageStaff, Ownership::Other) {
        return forbidden_page(&app, path, refusal).await;
    }
    let email = form.email.trim();
    let refuse = |message: String| {
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
        return refuse(format!(
            "`{email}` is not an email address like name@example.org."
        ))
        .await;
    }
    let role = match form.role.parse::<Role>() {
        Ok(r) if r.is_staff() => r,
        _ => {
            return refuse(format!(
                "`{}` is not a newsroom role; choose admin, editor, author or contributor.",
                form.role
            ))
            .await;
        }
    };
    match invite_user(&app, &user, email, form.name.trim(), role).await {
        Ok(()) => {
            render(
                &app,
                &user,
                StatusCode::OK,
                Some(format!("Invitation sent to {email} as {role}.")),
                None,
                "",
                "author",
            )
            .await
        }
        Err(WebError::Store(StoreError::Duplicate { .. })) => {
            refuse(format!("{email} already has an account.")).await
        }
        Err(e) => error_page(&app, path, e).await,
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
    let token = auth::new_token()?;
    app.store
        .create_token(
            &token_hash(&token),
            TokenKind::Invite,
            invited.id,
            now,
            now + INVITE_SECONDS,
            &by.actor(),
        )
        .await?;
    let site = app.site().await?;
    let mail = invitation_mail(
        &site.name,
        &app.config.base_url,
        &by.user.name,
        &invited.email,
        role,
        &token,
    );
    app.mailer
        .send(&mail)
        .await
        .map_err(|e| WebError::Internal(format!("the invitation mail was not sent: {e}")))
}

/// The invitation's text; the command line sends the same.
pub fn invitation_mail(
    site: &str,
    base_url: &str,
    inviter: &str,
    to: &str,
    role: Role,
    token: &str,
) -> Email {
    Email {
        to: to.to_owned(),
        subject: format!("You are invited to the {site} newsroom"),
        text: format!(
            "{inviter} invited you to join the {site} newsroom as {role}.\n\n\
             Open this link within a week to choose your name and password:\n\n\
             {base_url}/account/invite/{token}\n\n\
             The link works once. If you did not expect this mail, ignore it.\n"
        ),
    }
}
