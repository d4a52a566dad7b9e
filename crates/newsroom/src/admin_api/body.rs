//! Reading a JSON request body field by field, so that every refusal names its field: the
//! body must be UTF-8 JSON (400 otherwise, with the line and column), an object with only
//! the fields the endpoint documents (422 naming an unknown one), each of its type (422
//! naming the field and the type expected). serde's derive would stop at the first problem
//! with a message that does not name the field, which is why this reads a `Value`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use serde_json::{Map, Value};

use super::error::AdminError;

/// The request's JSON object, checked against the endpoint's field names.
pub struct JsonObject(Map<String, Value>);

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(field: &'static str, expected: &str, got: &Value) -> AdminError {
    AdminError::field(
        field,
        format!("`{field}` must be {expected} (got {}).", kind_of(got)),
    )
}

/// Refuses a body that does not say it is JSON (415).
pub fn require_json(headers: &HeaderMap) -> Result<(), AdminError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(())
    } else {
        Err(AdminError::UnsupportedMediaType(format!(
            "Send the body as JSON with Content-Type: application/json (got `{}`).",
            ct.chars().take(60).collect::<String>()
        )))
    }
}

impl JsonObject {
    /// Parses `bytes` as a JSON object whose fields are all among `allowed`.
    pub fn parse(bytes: &Bytes, allowed: &[&'static str]) -> Result<JsonObject, AdminError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            AdminError::BadBody(format!(
                "The body is not valid UTF-8 (at byte {}). Send JSON encoded as UTF-8.",
                e.valid_up_to()
            ))
        })?;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            AdminError::BadBody(format!(
                "The body is not valid JSON: {e}. Send one JSON object."
            ))
        })?;
        let Value::Object(map) = value else {
            return Err(AdminError::BadBody(format!(
                "The body must be a JSON object (got {}).",
                kind_of(&value)
            )));
        };
        super::error::known_names(map.keys(), allowed, |shown, all| {
            format!(
                "`{shown}` is not a field of this endpoint; the fields are: {all}. Nothing was written."
            )
        })?;
        Ok(JsonObject(map))
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    /// A string field (`null` reads as empty); `None` when absent.
    pub fn string(&self, field: &'static str) -> Result<Option<String>, AdminError> {
        match self.0.get(field) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(String::new())),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(wrong(field, "a string", other)),
        }
    }

    /// Lays each of the string fields that was sent (through `clean`) over its target; the
    /// others keep their value.
    pub fn strings_over<'a>(
        &self,
        targets: impl IntoIterator<Item = (&'static str, &'a mut String)>,
        clean: impl Fn(String) -> String,
    ) -> Result<(), AdminError> {
        for (field, target) in targets {
            if let Some(v) = self.string(field)? {
                *target = clean(v);
            }
        }
        Ok(())
    }

    /// A positive integer id, `null` to clear: `None` absent, `Some(None)` cleared.
    pub fn id(&self, field: &'static str) -> Result<Option<Option<i64>>, AdminError> {
        match self.0.get(field) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(v) => match v.as_i64() {
                Some(id) if id > 0 => Ok(Some(Some(id))),
                _ => Err(wrong(field, "a positive whole number (an id) or null", v)),
            },
        }
    }

    /// A list of positive integer ids.
    pub fn ids(&self, field: &'static str) -> Result<Option<Vec<i64>>, AdminError> {
        let wanted = (
            "an array of positive whole numbers (ids)",
            "an array of ids",
        );
        self.list(field, wanted, |v| v.as_i64().filter(|id| *id > 0))
    }

    /// A list of strings.
    pub fn strings(&self, field: &'static str) -> Result<Option<Vec<String>>, AdminError> {
        let wanted = ("an array of strings", "an array of strings");
        self.list(field, wanted, |v| v.as_str().map(str::to_owned))
    }

    /// A list (`null` reads as empty) of what `read` takes from each item; `None` when
    /// absent. `wanted` says what was expected when an item or the whole field is not that.
    fn list<T>(
        &self,
        field: &'static str,
        (item_wanted, list_wanted): (&str, &str),
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<Vec<T>>, AdminError> {
        match self.0.get(field) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(Vec::new())),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| read(v).ok_or_else(|| wrong(field, item_wanted, v)))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(other) => Err(wrong(field, list_wanted, other)),
        }
    }

    /// A boolean.
    pub fn boolean(&self, field: &'static str) -> Result<Option<bool>, AdminError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong(field, "true or false", other)),
        }
    }

    /// A whole number.
    pub fn integer(&self, field: &'static str) -> Result<Option<i64>, AdminError> {
        match self.0.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| wrong(field, "a whole number", v)),
        }
    }
}

/// A write's headers and body, as every JSON endpoint takes them. The body is judged only
/// when the handler reads it ([`Body::read`]), after checking the caller: a key that may
/// not write hears so whatever it sent.
pub struct Body {
    pub headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
}

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state).await;
        Ok(Body { headers, bytes })
    }
}

impl Body {
    /// The body of a JSON endpoint: JSON content type, within the limit, an object of the
    /// `allowed` fields. Read once: the bytes are handed over.
    pub fn read(&mut self, allowed: &[&'static str]) -> Result<JsonObject, AdminError> {
        let bytes = std::mem::replace(&mut self.bytes, Ok(Bytes::new()));
        read(&self.headers, bytes, allowed)
    }
}

/// Reads the body of a JSON endpoint: JSON content type, within the limit, an object of
/// the `allowed` fields.
fn read(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    allowed: &[&'static str],
) -> Result<JsonObject, AdminError> {
    require_json(headers)?;
    let bytes = body.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AdminError::TooLarge(
                "The request body is larger than this endpoint accepts. Send less at once."
                    .to_owned(),
            )
        } else {
            AdminError::BadBody(format!("The body could not be read: {}.", e.body_text()))
        }
    })?;
    JsonObject::parse(&bytes, allowed)
}
