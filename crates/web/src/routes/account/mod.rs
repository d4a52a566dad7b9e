//! `/account/…`: sign in and out, password reset by email, the first admin's setup link,
//! accepting an invitation, the list of one's sessions with revocation, and a staff
//! member's newsroom language.
//!
//! Every page here is private (`Cache-Control: no-store`) and every POST checks a CSRF
//! token. Answers never reveal whether an address has an account: a reset request gets
//! the same page either way, and a failed sign-in the same message.

mod language;
mod reset;
mod sessions;

pub use language::set_language;
pub use reset::{reset_page, reset_request, token_page, token_submit};
pub use sessions::{revoke, sessions_page};

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gazette_core::audit::AuditAction;
use gazette_core::permissions::Role;
use gazette_store::{Session, User};
use serde::{Deserialize, Serialize};

use crate::auth::{
    self, CSRF_COOKIE, CurrentUser, MaybeUser, SESSION_SECONDS, cookie, now, same_secret,
    set_cookie, token_hash,
};
use crate::cache::SESSION_COOKIE;
use crate::client_ip::ClientIp;
use crate::error::WebError;
use crate::form::{CsrfForm, Fields, GuestForm};
use crate::routes::Context;
use crate::seo::Meta;
use crate::state::AppState;

/// Failed sign-ins counted over this window…
pub const FAILURE_WINDOW: i64 = 15 * 60;
/// …may be this many per address and per account…
pub const MAX_FAILURES: i64 = 5;
/// …and this many from one IP address across all accounts.
pub const MAX_FAILURES_PER_IP: i64 = 50;
/// Reset links last an hour, invitations a week, setup links a day.
pub const RESET_SECONDS: i64 = 3600;
pub const INVITE_SECONDS: i64 = 7 * 24 * 3600;
pub const SETUP_SECONDS: i64 = 24 * 3600;
/// A new reset mail for the same account waits this long after the last one.
pub const RESET_RESEND_SECONDS: i64 = 120;

/// Renders a private page (never cached) with `status` and extra cookies, in the interface
/// language `ui_lang` (a staff member's own, a subscriber's) when given and available, else
/// the site's.
#[allow(clippy::too_many_arguments)]
pub async fn private_page_in<T: Serialize>(
    app: &AppState,
    ui_lang: Option<&str>,
    template: &str,
    path: &str,
    title: &str,
    status: StatusCode,
    page: T,
    cookies: Vec<HeaderValue>,
) -> Result<Response, WebError> {
    let html = async {
        let site = app.site().await?;
        let mut meta = Meta::page(&site, title, "", path);
        meta.noindex = true;
        // A page shown in someone's own language says so (`<html lang>`).
        if let Some(lang) = ui_lang.filter(|l| app.theme.catalogues.has(l)) {
            meta.lang = app.theme.catalogues.resolve(lang).to_owned();
        }
        Ok::<_, WebError>(app.theme.render(
            template,
            &Context::new(&site, &app.theme.catalogues, ui_lang, meta, path, page),
        )?)
    }
    .await?;
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in cookies {
        headers.append(header::SET_COOKIE, c);
    }
    Ok(response)
}

/// The anonymous forms' CSRF value: the cookie's, or a new one to set.
pub(crate) fn anonymous_csrf(
    app: &AppState,
    headers: &HeaderMap,
) -> Result<(String, Vec<HeaderValue>), WebError> {
    match cookie(headers, CSRF_COOKIE).filter(|v| v.len() == 64) {
        Some(v) => Ok((v.to_owned(), Vec::new())),
        None => {
            let v = auth::new_token()?;
            let c = set_cookie(app, CSRF_COOKIE, &v, 24 * 3600);
            Ok((v, vec![c]))
        }
    }
}

/// A visitor's form page (sign-in, reset, digest): private, with the anonymous cookie's CSRF
/// value added to the page so each form need not fetch it itself.
pub(crate) struct VisitorForm<'a> {
    template: &'a str,
    path: &'a str,
    title: &'a str,
    ui_lang: Option<&'a str>,
}

/// What a visitor's form template sees: its own fields and `csrf`.
#[derive(Serialize)]
struct WithCsrf<'a, T> {
    csrf: &'a str,
    #[serde(flatten)]
    page: T,
}

impl<'a> VisitorForm<'a> {
    pub(crate) fn new(template: &'a str, path: &'a str, title: &'a str) -> Self {
        Self {
            template,
            path,
            title,
            ui_lang: None,
        }
    }

    /// In the interface language `lang` (a subscriber's), as `private_page_in` chooses it.
    pub(crate) fn in_lang(self, lang: &'a str) -> Self {
        Self {
            ui_lang: Some(lang),
            ..self
        }
    }

    pub(crate) async fn show<T: Serialize>(
        &self,
        app: &AppState,
        headers: &HeaderMap,
        status: StatusCode,
        page: T,
    ) -> Result<Response, WebError> {
        let (csrf, cookies) = anonymous_csrf(app, headers)?;
        let page = WithCsrf { csrf: &csrf, page };
        private_page_in(
            app,
            self.ui_lang,
            self.template,
            self.path,
            self.title,
            status,
            page,
            cookies,
        )
        .await
    }
}

pub(crate) fn anonymous_csrf_ok(headers: &HeaderMap, submitted: &str) -> bool {
    cookie(headers, CSRF_COOKIE)
        .filter(|v| v.len() == 64)
        .is_some_and(|v| same_secret(v, submitted))
}

/// The path a page may show for `path`: a link sent by mail
/// (`/account/{reset|setup|invite}/{token}`) without its token, so that an error page's
/// canonical link and the log never carry the secret. Other paths are shown as they are.
pub(crate) fn shown_path(path: &str) -> &str {
    let Some(rest) = path.strip_prefix("/account/") else {
        return path;
    };
    match rest.split_once('/') {
        Some((kind, token)) if !token.is_empty() && reset::kind_of(kind).is_some() => {
            &path[.."/account/".len() + kind.len() + 1]
        }
        _ => path,
    }
}

/// Characters a `Location` path is sent without: controls, space and the ones browsers
/// escape themselves (non-ASCII is always escaped).
const LOCATION_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// Where to go after sign-in: `next` when a browser would read it as a path on this site,
/// else `None` (the caller uses the default landing page).
///
/// Checked as browsers parse it (WHATWG URL), not as written: they drop tab, LF and CR
/// anywhere, trim leading and trailing C0 controls and spaces, and read `\` as `/`, so
/// `/\tevil.example`, ` //evil` and `/\\evil` all lead to another host. A value with any
/// control character is ignored outright, whatever it leads to (no link of ours carries
/// one, and it could not be a header value); what is left to do as a browser does is to
/// trim spaces and read `\` as `/`. The value returned is that path, escaped so that it is
/// always a valid header value.
fn safe_next(next: &str) -> Option<String> {
    if next.chars().any(char::is_control) {
        return None;
    }
    let seen = next.trim_matches(' ').replace('\\', "/");
    // One leading slash: a path. Two: another host. None: a scheme or a relative path.
    if !seen.starts_with('/') || seen.starts_with("//") {
        return None;
    }
    Some(percent_encoding::utf8_percent_encode(&seen, LOCATION_ESCAPES).to_string())
}

fn landing(role: Role) -> &'static str {
    if role.is_staff() { "/admin" } else { "/" }
}

/// A 400 for a form body that could not be read at all.
/// Starts a session for `user` and answers with its cookie and a redirect to `to`.
async fn start_session(
    app: &AppState,
    headers: &HeaderMap,
    ip: &str,
    user: &User,
    to: &str,
) -> Result<Response, WebError> {
    let token = auth::new_token()?;
    let now = now();
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: auth::new_token()?,
        created_at: now,
        last_seen_at: now,
        expires_at: now + SESSION_SECONDS,
        user_agent: auth::user_agent(headers),
        ip: ip.to_owned(),
    };
    app.store.create_session(&session, &user.email).await?;
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, SESSION_COOKIE, &token, SESSION_SECONDS),
    );
    Ok(response)
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Serialize)]
struct SignInPage<'a> {
    email: &'a str,
    next: &'a str,
    error: Option<String>,
}

async fn sign_in_form(
    app: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    let next = &safe_next(next).unwrap_or_default();
    let page = SignInPage { email, next, error };
    VisitorForm::new("account/sign_in.html", "/account/sign-in", "Sign in")
        .show(app, headers, status, page)
        .await
}

/// `GET /account/sign-in`
pub async fn sign_in_page(
    State(app): State<Arc<AppState>>,
    MaybeUser(user): MaybeUser,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    if let Some(user) = user {
        let to = safe_next(&q.next).unwrap_or_else(|| landing(user.user.role).to_owned());
        return Ok(Redirect::to(&to).into_response());
    }
    sign_in_form(&app, &headers, StatusCode::OK, "", &q.next, None).await
}

/// `POST /account/sign-in`: rate-limited per address, account and IP in the database, so
/// the limits hold across nodes.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    axum::Extension(connect): axum::Extension<ClientIp>,
    GuestForm(form): GuestForm<SignInForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim();
    if email.is_empty() || form.password.is_empty() {
        return sign_in_form(
            &app,
            &headers,
            StatusCode::BAD_REQUEST,
            email,
            &form.next,
            Some("Enter your email address and your password.".into()),
        )
        .await;
    }
    async {
        let ip = connect.0.as_str();
        let now = now();
        let user = app.store.user_by_email(email).await?;
        // Counted before the password is checked, in one step with the check of the
        // limit: parallel guesses cannot all pass it before any is recorded.
        let refused = app
            .store
            .count_login_attempt(
                email,
                user.as_ref().map(|u| u.id),
                ip,
                now,
                now - FAILURE_WINDOW,
                |f| {
                    f.by_email >= MAX_FAILURES
                        || f.by_user >= MAX_FAILURES
                        || f.by_ip >= MAX_FAILURES_PER_IP
                },
            )
            .await?;
        if let Some(failures) = refused {
            let free_at = failures.oldest_at.unwrap_or(now) + FAILURE_WINDOW;
            let wait = (free_at - now).max(1);
            let minutes = (wait + 59) / 60;
            let source = if failures.by_ip >= MAX_FAILURES_PER_IP
                && failures.by_email < MAX_FAILURES
                && failures.by_user < MAX_FAILURES
            {
                "from your network"
            } else {
                "for this account"
            };
            let message = format!(
                "Too many failed sign-ins {source}. Try again in {minutes} minute{} \
                 or reset your password.",
                if minutes == 1 { "" } else { "s" }
            );
            let page = sign_in_form(
                &app,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                email,
                &form.next,
                Some(message),
            )
            .await?;
            return Ok(auth::retry_after(page, wait));
        }
        let usable = user.as_ref().filter(|u| !u.disabled);
        let ok = auth::verify_password(
            &form.password,
            usable.and_then(|u| u.password_hash.as_deref()),
        )
        .await;
        match usable {
            Some(user) if ok => {
                let to = safe_next(&form.next).unwrap_or_else(|| landing(user.role).to_owned());
                start_session(&app, &headers, ip, user, &to).await
            }
            _ => {
                app.store
                    .audit_login_failure(email, user.as_ref().map(|u| u.id), now, ip)
                    .await?;
                sign_in_form(
                    &app,
                    &headers,
                    StatusCode::UNAUTHORIZED,
                    email,
                    &form.next,
                    Some("The email address or the password is not right.".into()),
                )
                .await
            }
        }
    }
    .await
}

/// `POST /account/sign-out`: ends this session here and everywhere.
pub async fn sign_out(
    State(app): State<Arc<AppState>>,
    user: CurrentUser,
    _: CsrfForm<Fields>,
) -> Result<Response, WebError> {
    app.store
        .end_sessions(
            user.user.id,
            &user.session.token_hash,
            true,
            now(),
            &user.actor(),
            AuditAction::SessionSignOut,
        )
        .await?;
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, set_cookie(&app, SESSION_COOKIE, "", 0));
    Ok(response)
}

/// Whether `email` looks like an address (the mail server has the last word).
pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.contains(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of the addresses people use to escape a redirect check: slashes and
    /// backslashes, the characters browsers drop or trim, schemes, encodings, hosts.
    const NEXT_PIECES: &[&str] = &[
        "/",
        "//",
        "\\",
        "\t",
        "\n",
        "\r",
        " ",
        "\u{0}",
        "\u{7f}",
        "\u{a0}",
        "%09",
        "%2f",
        "%5c",
        "evil.example",
        "@evil.example",
        ":",
        "http:",
        "https:",
        "javascript:",
        "alert(1)",
        "?next=",
        "#",
        ".",
        "..",
        "admin",
        "articles",
        "ş",
        "é",
        "\u{2028}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Whatever `next` holds, where a browser lands after our redirect is this site.
        #[test]
        fn next_never_leaves_the_site(parts in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(NEXT_PIECES).prop_map(str::to_owned),
                1 => any::<String>(),
            ],
            0..8,
        )) {
            let next = parts.concat();
            if let Some(to) = safe_next(&next) {
                prop_assert!(HeaderValue::from_str(&to).is_ok(), "{:?} → {:?}", next, to);
                let base = url::Url::parse("https://site.example/account/sign-in").unwrap();
                let landed = base.join(&to);
                prop_assert!(landed.is_ok(), "{:?} → {:?}", next, to);
                let landed = landed.unwrap();
                prop_assert_eq!(landed.host_str(), Some("site.example"), "{:?} → {:?}", next, to);
                prop_assert_eq!(landed.scheme(), "https");
            }
        }
    }

    #[test]
    fn links_sent_by_mail_are_shown_without_their_token() {
        assert_eq!(shown_path("/account/reset/3f9c0a"), "/account/reset/");
        assert_eq!(shown_path("/account/invite/abc/def"), "/account/invite/");
        assert_eq!(shown_path("/account/setup/x"), "/account/setup/");
        assert_eq!(shown_path("/account/reset"), "/account/reset");
        assert_eq!(
            shown_path("/account/sessions/revoke"),
            "/account/sessions/revoke"
        );
        assert_eq!(shown_path("/tag/reset/"), "/tag/reset/");
    }

    #[test]
    fn only_same_site_paths_are_followed() {
        // Hostile values as a browser would follow them: each leads off the site.
        for hostile in [
            "/\t/evil.example",
            "/\n/evil",
            "/\r\n/evil",
            "/\\evil",
            "\\\\evil",
            "//evil",
            "//evil.example/",
            "/\\evil.example",
            "https://evil",
            "https://evil.example/",
            " //evil",
            "\u{0}//evil",
            "\t/\t/evil",
            "/\r\nSet-Cookie:x",
            "/a\u{0}b",
            "javascript:alert(1)",
            "evil",
            "",
        ] {
            assert_eq!(safe_next(hostile), None, "{hostile:?}");
        }
        assert_eq!(safe_next("/admin"), Some("/admin".into()));
        assert_eq!(
            safe_next("/admin/articles?x=1"),
            Some("/admin/articles?x=1".into())
        );
        // Kept as the browser would read it, and always a valid header value.
        assert_eq!(safe_next(" /admin "), Some("/admin".into()));
        assert_eq!(safe_next("/a\\b"), Some("/a/b".into()));
        assert_eq!(safe_next("/caf\u{e9} x"), Some("/caf%C3%A9%20x".into()));
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert!(plausible_email("a@example.org"));
        assert!(!plausible_email("a@b"));
        assert!(!plausible_email("no at sign"));
        assert!(!plausible_email("a b@example.org"));
        assert!(!plausible_email("a@@example.org"));
    }
}
