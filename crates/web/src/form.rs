//! Posted forms, read one way: [`CsrfForm`] signs the person in (as [`CurrentUser`] does),
//! reads the body and refuses it unless its `csrf` field is the session's token, so no
//! handler can forget the check or do it in a different order; [`GuestForm`] does the same
//! for visitors, against the anonymous CSRF cookie.
//! [`Fields`] keeps a form's raw pairs for forms with repeated or numbered fields
//! (`author_ids`, `label_3`) that no struct describes.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Form;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// A posted form whose CSRF token was checked: 400 naming the problem when the body cannot
/// be read as `T`, 403 when its `csrf` field is not this session's token.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Arc<AppState>> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, app: &Arc<AppState>) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let user = CurrentUser::from_request_parts(&mut parts, app).await?;
        let (value, token) = posted(Request::from_parts(parts, body), app).await?;
        if !user.csrf_ok(&token) {
            return Err(WebError::csrf().into_response());
        }
        Ok(CsrfForm(value))
    }
}

/// A posted form of someone not signed in (signing in, a password reset, the digest's
/// subscription pages): the same reading as [`CsrfForm`], its `csrf` field checked against
/// the anonymous CSRF cookie instead of a session.
pub struct GuestForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<Arc<AppState>> for GuestForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, app: &Arc<AppState>) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let (value, token) = posted(request, app).await?;
        if !crate::routes::account::anonymous_csrf_ok(&headers, &token) {
            return Err(WebError::csrf().into_response());
        }
        Ok(GuestForm(value))
    }
}

/// The body read as `T`, and the `csrf` field posted with it.
async fn posted<T: DeserializeOwned>(
    request: Request,
    app: &Arc<AppState>,
) -> Result<(T, String), Response> {
    let content_type = request.headers().get(header::CONTENT_TYPE).cloned();
    let bytes = Bytes::from_request(request, app)
        .await
        .map_err(|e| unreadable(&e.body_text()))?;
    // axum's own reading, for its checks and messages (content type, field errors).
    let mut again = Request::new(Body::from(bytes.clone()));
    *again.method_mut() = axum::http::Method::POST;
    if let Some(content_type) = content_type {
        again
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    let Form(value) = Form::<T>::from_request(again, app)
        .await
        .map_err(|e| unreadable(&e.body_text()))?;
    let token = url::form_urlencoded::parse(&bytes)
        .filter(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
        .last()
        .unwrap_or_default();
    Ok((value, token))
}

fn unreadable(why: &str) -> Response {
    WebError::BadRequest(format!("The form could not be read: {why}")).into_response()
}

/// A form's pairs in the order posted. [`Fields::get`] gives a field's last value,
/// [`Fields::all`] every value of a repeated one.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Fields {
        Fields(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The field's last value, or `""`.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of the field, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `field_N` values by row number N, for the names in `fields`.
    pub fn rows(&self, fields: &[&str]) -> BTreeMap<usize, BTreeMap<String, String>> {
        let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
        for (k, v) in &self.0 {
            let Some((field, n)) = k.rsplit_once('_') else {
                continue;
            };
            if let (true, Ok(n)) = (fields.contains(&field), n.parse::<usize>()) {
                rows.entry(n)
                    .or_default()
                    .insert(field.to_owned(), v.clone());
            }
        }
        rows
    }
}
