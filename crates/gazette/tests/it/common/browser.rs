//! A scripted browser for the integration tests: keeps the cookies the site sets, submits
//! forms with their CSRF token, signs in as a member of staff.

use std::collections::BTreeMap;

use reqwest::StatusCode;

use super::{Page, TestApp};

pub const PASSWORD: &str = "correct horse battery";

/// A browser: keeps the cookies the site sets and sends them back.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
    pub user_agent: &'static str,
}

impl<'a> Browser<'a> {
    /// Chooses `lang` as this staff member's newsroom language (the form in the header).
    pub async fn choose_language(&mut self, lang: &str) {
        let chosen = self
            .submit(
                "/admin",
                "/account/language",
                &[("ui_language", lang), ("back", "/admin")],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    }

    pub fn new(app: &'a TestApp) -> Self {
        Browser {
            app,
            cookies: BTreeMap::new(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn send(&mut self, req: reqwest::RequestBuilder) -> Page {
        let r = req
            .header("cookie", self.cookie_header())
            .header("user-agent", self.user_agent)
            .send()
            .await
            .unwrap();
        for c in r.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let (pair, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        Page::read(r).await
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let req = self.app.client.get(self.app.url(path));
        self.send(req).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let req = self.app.client.post(self.app.url(path)).form(form);
        self.send(req).await
    }

    /// Opens `page_path`, takes its form's CSRF token, and posts `form` with it to `action`.
    pub async fn submit(&mut self, page_path: &str, action: &str, form: &[(&str, &str)]) -> Page {
        self.submit_with(page_path, action, form, &[]).await
    }

    /// [`Browser::submit`], with `headers` added to the post.
    pub async fn submit_with(
        &mut self,
        page_path: &str,
        action: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let page = self.get(page_path).await;
        assert_eq!(page.status, StatusCode::OK, "{page_path}: {}", page.body);
        let csrf = csrf_of(&page);
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        let mut req = self.app.client.post(self.app.url(action)).form(&fields);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    /// [`Browser::submit`], asserting the answer's `status` (a failure shows the page);
    /// returns the page for the test's other checks.
    pub async fn submit_expecting(
        &mut self,
        status: StatusCode,
        page_path: &str,
        action: &str,
        form: &[(&str, &str)],
    ) -> Page {
        let page = self.submit(page_path, action, form).await;
        assert_eq!(page.status, status, "{action}: {}", page.body);
        page
    }

    /// Sends the form on `path` back to `path` (most newsroom screens post to their own
    /// address), asserting the answer's `status`.
    pub async fn submit_on(
        &mut self,
        path: &str,
        status: StatusCode,
        form: &[(&str, &str)],
    ) -> Page {
        self.submit_expecting(status, path, path, form).await
    }

    /// Sends the staff invitation form (with the newsroom overview's token).
    pub async fn invite(&mut self, form: &[(&str, &str)]) -> Page {
        self.submit("/admin", "/admin/staff/invite", form).await
    }

    /// Invites `email` as `role`, named `name` (empty: none given); asserts the newsroom
    /// took the invitation (200: the overview again, with its notice).
    pub async fn invite_as(&mut self, email: &str, role: &str, name: &str) -> Page {
        let page = self
            .invite(&[("email", email), ("role", role), ("name", name)])
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.submit(
            "/account/sign-in",
            "/account/sign-in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub fn session(&self) -> Option<String> {
        self.cookies.get("gazette_session").cloned()
    }
}

pub fn csrf_of(page: &Page) -> String {
    page.attrs("input[name=csrf]", "value")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no CSRF field in {}", page.body))
}

pub fn location(page: &Page) -> &str {
    page.header("location")
}

pub async fn add_user(app: &TestApp, email: &str, name: &str, role: &str) {
    gazette::users::add(&app.settings, &app.store, email, name, role, Some(PASSWORD))
        .await
        .unwrap();
}

/// A browser signed in as a new user `{role}@example.org` (named after the role) with
/// [`PASSWORD`].
pub async fn signed_in<'a>(app: &'a TestApp, role: &str) -> Browser<'a> {
    let email = format!("{role}@example.org");
    add_user(app, &email, &format!("{role} person"), role).await;
    let mut b = Browser::new(app);
    let page = b.sign_in(&email, PASSWORD).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "sign-in as {role}: {}",
        page.body
    );
    b
}
