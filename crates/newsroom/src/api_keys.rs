//! `/admin/api-keys`: keys for the Admin API (`/api/admin/v1`). Every staff member may make
//! personal keys that act as themselves; admins also make integration keys that act with a
//! role of their choosing, see every key and revoke any. The secret is 32 random bytes
//! (`gzk_` and 64 hex digits), shown once on the page that answers the creation and stored
//! only as its SHA-256: a secret with 256 bits of entropy cannot be found from a fast hash
//! by guessing, so the slow password hash is not needed here.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use gazette_core::permissions::{Action, Ownership, Role};
use gazette_store::{ApiKey, NewApiKey, StoreError};
use serde::Serialize;

use super::{DoneQuery, Screen, gone, see_other};
use crate::articles::when;
use crate::button::Button;
use crate::staff_request::Staff;
use crate::table::Routes;
use crate::words::Words;
use gazette_web::auth::{CurrentUser, new_token, now, token_hash};
use gazette_web::form::{CsrfForm, Fields};
use gazette_web::i18n::{Arg, keys};
use gazette_web::{AppState, WebError};

/// What every key's secret starts with, so a leaked one is recognisable (e.g. by scanners).
pub const SECRET_PREFIX: &str = "gzk_";
/// Longest key name.
const NAME_MAX: usize = 100;
/// Longest validity a key may be given, in days.
const MAX_DAYS: i64 = 3650;

pub(crate) fn routes(r: Routes) -> Routes {
    use Action::EnterNewsroom as Staff;
    use Ownership::Own;
    r.get("/admin/api-keys", Staff, Own, list)
        .post("/admin/api-keys", Staff, Own, create)
        .post("/admin/api-keys/{id}/revoke", Staff, Own, revoke)
}

/// Whether `user` manages every key (admins) or only their own personal keys.
fn manages_all(user: &CurrentUser) -> bool {
    user.can(Action::ManageStaff, Ownership::Other)
}

#[derive(Serialize)]
struct KeyView {
    id: i64,
    name: String,
    prefix: String,
    role: &'static str,
    acts_as: Option<String>,
    created: String,
    expires: Option<String>,
    last_used: Option<String>,
    state: &'static str,
    can_revoke: bool,
}

#[derive(Serialize)]
struct KeysPage {
    keys: Vec<KeyView>,
    manages_all: bool,
    roles: Vec<&'static str>,
    errors: Vec<String>,
    /// The secret of the key just created: shown once, never again.
    secret: Option<String>,
    name: String,
}

fn view(k: ApiKey, at: i64, user: &CurrentUser) -> KeyView {
    let state = if k.revoked_at.is_some() {
        "revoked"
    } else if !k.is_live(at) {
        "expired"
    } else {
        "active"
    };
    KeyView {
        id: k.id,
        can_revoke: state == "active" && (manages_all(user) || k.user_id == Some(user.user.id)),
        // None: an integration, no person (the template names it).
        acts_as: k.user_name.clone(),
        name: k.name,
        prefix: k.prefix,
        role: k.role.as_str(),
        created: when(k.created_at),
        expires: k.expires_at.map(when),
        last_used: k.last_used_at.map(when),
        state,
    }
}

async fn render(
    app: &AppState,
    user: &CurrentUser,
    status: StatusCode,
    notice: Option<String>,
    errors: Vec<String>,
    secret: Option<String>,
    name: String,
) -> Result<Response, WebError> {
    let mine = (!manages_all(user)).then_some(user.user.id);
    let at = now();
    let keys = app
        .store
        .api_keys(mine)
        .await?
        .into_iter()
        .map(|k| view(k, at, user))
        .collect();
    let page = KeysPage {
        keys,
        manages_all: manages_all(user),
        roles: Role::ALL
            .iter()
            .filter(|r| r.is_staff())
            .map(|r| r.as_str())
            .collect(),
        errors,
        secret,
        name,
    };
    Screen::keyed("admin/api_keys.html", "/admin/api-keys", keys::NAV_API_KEYS)
        .render(app, user, status, notice, page)
        .await
}

/// `GET /admin/api-keys`
async fn list(
    Staff { app, user }: Staff,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice =
        (q.done.as_deref() == Some("revoked")).then(|| keys::NOTICE_KEY_REVOKED.to_owned());
    render(
        &app,
        &user,
        StatusCode::OK,
        notice,
        Vec::new(),
        None,
        String::new(),
    )
    .await
}

/// `POST /admin/api-keys` (`name`, `kind` personal|integration, `role`, `days`): creates a
/// key and shows its secret, once.
async fn create(
    Staff { app, user }: Staff,
    CsrfForm(posted): CsrfForm<Fields>,
) -> Result<Response, WebError> {
    let name = gazette_core::text::clean_input(posted.get("name"))
        .trim()
        .to_owned();
    let words = Words::of(&app, &user).await?;
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(words.t(keys::PROBLEM_KEY_NAME_EMPTY));
    } else if name.chars().count() > NAME_MAX {
        errors.push(words.t_with(
            keys::PROBLEM_KEY_NAME_LONG,
            &[("max", Arg::Number(NAME_MAX as f64))],
        ));
    }
    let (role, user_id) = match posted.get("kind") {
        "" | "personal" => (user.user.role, Some(user.user.id)),
        "integration" if manages_all(&user) => match posted.get("role").parse::<Role>() {
            Ok(role) if role.is_staff() => (role, None),
            _ => {
                errors.push(words.t(keys::PROBLEM_KEY_ROLE));
                (Role::Contributor, None)
            }
        },
        "integration" => {
            return Err(gazette_web::auth::Forbidden {
                role: user.user.role,
                action: Action::ManageStaff,
            }
            .into());
        }
        other => {
            errors.push(words.t_with(keys::PROBLEM_KEY_KIND, &[("value", Arg::Text(other))]));
            (user.user.role, Some(user.user.id))
        }
    };
    let at = now();
    let expires_at = match posted.get("days").trim() {
        "" => None,
        d => match d.parse::<i64>() {
            Ok(days) if (1..=MAX_DAYS).contains(&days) => Some(at + days * 86_400),
            _ => {
                errors.push(words.t_with(
                    keys::PROBLEM_KEY_DAYS,
                    &[("max", Arg::Number(MAX_DAYS as f64))],
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return render(
            &app,
            &user,
            StatusCode::BAD_REQUEST,
            None,
            errors,
            None,
            name,
        )
        .await;
    }
    let issued = issue_key(
        &app.store,
        Issue {
            name: name.clone(),
            role,
            user_id,
            expires_at,
            rate_per_second: None,
        },
        at,
        &user.actor(),
    )
    .await;
    match issued {
        Ok(Issued::Made(secret)) => {
            let notice = Some(words.t_with(keys::KEY_CREATED, &[("name", Arg::Text(&name))]));
            render(
                &app,
                &user,
                StatusCode::CREATED,
                notice,
                Vec::new(),
                Some(secret),
                String::new(),
            )
            .await
        }
        Err(StoreError::Invalid { message, .. }) => {
            render(
                &app,
                &user,
                StatusCode::BAD_REQUEST,
                None,
                vec![message],
                None,
                name,
            )
            .await
        }
        Ok(Issued::NoRandom(e)) => Err(e),
        Err(e) => Err(e.into()),
    }
}

/// What a new key is for.
#[derive(Debug, Clone)]
pub struct Issue {
    pub name: String,
    pub role: Role,
    /// A personal key's staff member; `None` for an integration key.
    pub user_id: Option<i64>,
    pub expires_at: Option<i64>,
    /// Requests a second (`None`: the API's default).
    pub rate_per_second: Option<i64>,
}

/// A key made, with its secret (to show once), or the system's random source failed.
pub enum Issued {
    Made(String),
    NoRandom(WebError),
}

/// Makes a key: a fresh secret, recorded by its hash. The newsroom's screen and the
/// `gazette user api-key` command both make keys here.
pub async fn issue_key(
    store: &gazette_store::Store,
    issue: Issue,
    at: i64,
    actor: &gazette_store::Actor,
) -> Result<Issued, StoreError> {
    let secret = match new_token() {
        Ok(t) => format!("{SECRET_PREFIX}{t}"),
        Err(e) => return Ok(Issued::NoRandom(e)),
    };
    let key = NewApiKey {
        name: issue.name,
        prefix: secret.chars().take(SECRET_PREFIX.len() + 6).collect(),
        token_hash: token_hash(&secret),
        role: issue.role,
        user_id: issue.user_id,
        expires_at: issue.expires_at,
        rate_per_second: issue.rate_per_second,
    };
    store.create_api_key(&key, at, actor).await?;
    Ok(Issued::Made(secret))
}

/// `POST /admin/api-keys/{id}/revoke`
async fn revoke(Button { app, user, id }: Button) -> Result<Response, WebError> {
    let key = app.store.api_key(id).await?.ok_or(WebError::NotFound)?;
    if !manages_all(&user) && key.user_id != Some(user.user.id) {
        // Another person's key is none of this user's business: as if it did not exist.
        return Err(WebError::NotFound);
    }
    app.store
        .revoke_api_key(id, now(), &user.actor())
        .await
        .map_err(gone)?;
    see_other("/admin/api-keys?done=revoked")
}
