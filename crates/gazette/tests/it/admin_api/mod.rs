//! The Admin API over real HTTP against the real router, on SQLite and (with
//! TEST_DATABASE_URL) PostgreSQL: keys made in the newsroom and refused when revoked or
//! expired, never accepted by the HTML newsroom; each role's permissions as in the newsroom;
//! two concurrent updates (one wins, the other 409, nothing lost); hostile bodies refused
//! with the field named and nothing written; uploads; and every response checked against
//! the Admin API's OpenAPI document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::sync::Mutex;

use common::browser::{Browser, csrf_of, signed_in};
use common::{TestApp, app};
use gazette_core::permissions::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

mod contract;
mod desk_digest;
mod hostile;
mod keys;
mod rate;
mod roles;
mod trash;
mod writes;

/// One answer, kept to be checked against the document.
#[derive(Debug, Clone)]
pub struct Answer {
    pub method: Method,
    pub path: String,
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the status and, for errors, the shape and the named parameter.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(
            self.status, status,
            "{} {}: {}",
            self.method, self.path, self.json
        );
        if status >= 400 {
            let e = &self.json["error"];
            assert!(e["code"].is_string(), "{}", self.json);
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        self
    }

    /// Asserts the error's message says `text`.
    #[track_caller]
    pub fn says(&self, text: &str) -> &Self {
        let message = self.json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(text), "{text} not in {}", self.json);
        self
    }

    #[track_caller]
    pub fn names(&self, parameter: &str) -> &Self {
        assert_eq!(
            self.json["error"]["parameter"], parameter,
            "{} {}: {}",
            self.method, self.path, self.json
        );
        self
    }
}

/// A client of the Admin API with one key; records every answer.
pub struct Api<'a> {
    pub app: &'a TestApp,
    pub key: String,
    pub seen: &'a Mutex<Vec<Answer>>,
}

impl<'a> Api<'a> {
    pub fn new(app: &'a TestApp, seen: &'a Mutex<Vec<Answer>>, key: impl Into<String>) -> Api<'a> {
        Api {
            app,
            key: key.into(),
            seen,
        }
    }

    pub fn with_key(&self, key: &str) -> Api<'a> {
        Api::new(self.app, self.seen, key)
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.app
            .client
            .request(method, self.app.url(path))
            .bearer_auth(&self.key)
    }

    pub async fn send(&self, method: Method, path: &str, req: reqwest::RequestBuilder) -> Answer {
        let (status, headers, json) = common::json_answer(req, &format!("{method} {path}")).await;
        let answer = Answer {
            method,
            path: path.to_owned(),
            status,
            headers,
            json,
        };
        self.seen.lock().unwrap().push(answer.clone());
        answer
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, self.request(Method::GET, path))
            .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(
            Method::POST,
            path,
            self.request(Method::POST, path).json(body),
        )
        .await
    }

    pub async fn patch(&self, path: &str, body: &Value, if_match: Option<&str>) -> Answer {
        let mut req = self.request(Method::PATCH, path).json(body);
        if let Some(tag) = if_match {
            req = req.header("if-match", tag);
        }
        self.send(Method::PATCH, path, req).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, self.request(Method::DELETE, path))
            .await
    }

    /// Creates a draft; returns its id and ETag.
    pub async fn draft(&self, title: &str) -> (i64, String) {
        let a = self
            .post(
                "/api/admin/v1/articles",
                &json!({"title": title, "body": "Some *text*."}),
            )
            .await;
        a.expect(201);
        (a.json["id"].as_i64().unwrap(), a.header("etag").to_owned())
    }
}

/// Creates a key on the newsroom's screen as `b`; returns its secret.
pub async fn create_key(b: &mut Browser<'_>, fields: &[(&str, &str)]) -> String {
    let page = b.get("/admin/api-keys").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = csrf_of(&page);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let created = b.post("/admin/api-keys", &form).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let secret = created.texts("#api-key-secret").pop().unwrap();
    assert!(secret.starts_with("gzk_") && secret.len() == 68, "{secret}");
    secret
}

/// A key made from the command line that acts with `role` (no staff member behind it),
/// allowed `rate` requests a second (`None`: the default); returns its secret.
pub async fn role_key(app: &TestApp, name: &str, role: Role, rate: Option<i64>) -> String {
    use gazette_newsroom::api_keys::{Issue, Issued, issue_key};
    let issue = Issue {
        name: name.to_owned(),
        role,
        user_id: None,
        expires_at: None,
        rate_per_second: rate,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match issue_key(&app.store, issue, now, &gazette_store::Actor::cli())
        .await
        .unwrap()
    {
        Issued::Made(secret) => secret,
        _ => panic!("no key"),
    }
}

/// A personal key of a new staff member of `role` (and their signed-in browser).
pub async fn personal_key<'a>(app: &'a TestApp, role: &str) -> (String, Browser<'a>) {
    let mut b = signed_in(app, role).await;
    let key = create_key(&mut b, &[("name", &format!("{role} script"))]).await;
    (key, b)
}

/// A client with the personal key of a new staff member of `role`.
pub async fn as_role<'a>(app: &'a TestApp, seen: &'a Mutex<Vec<Answer>>, role: &str) -> Api<'a> {
    Api::new(app, seen, personal_key(app, role).await.0)
}

/// Clients of a new editor and a new author: who may, and who may not, do what the role
/// table keeps from authors (taxonomy, pages, the desk, the digest).
pub async fn editor_and_author<'a>(
    app: &'a TestApp,
    seen: &'a Mutex<Vec<Answer>>,
) -> (Api<'a>, Api<'a>) {
    let editor = as_role(app, seen, "editor").await;
    (editor, as_role(app, seen, "author").await)
}

/// An app with a fresh answer log.
pub async fn start() -> (TestApp, Mutex<Vec<Answer>>) {
    (app().start().await, Mutex::new(Vec::new()))
}
