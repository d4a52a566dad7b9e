//! The Admin API's OpenAPI document: served, 3.1, every route documented, and every answer
//! the other tests received matching the schema documented for its path, method and status.

use super::*;

/// The documented path template that `path` (query string cut) is an instance of.
fn template<'d>(doc: &'d Value, path: &str) -> Option<&'d str> {
    let path = path.split('?').next().unwrap_or(path);
    let got: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .map(String::as_str)
        .find(|t| {
            let want: Vec<&str> = t.split('/').collect();
            want.len() == got.len()
                && want
                    .iter()
                    .zip(&got)
                    .all(|(w, g)| w == g || (w.starts_with('{') && !g.is_empty()))
        })
}

/// Fetches the document (it needs no key).
pub async fn document(app: &TestApp) -> Value {
    let r = app.fetch("/api/admin/openapi.json", &[]).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Checks every answer in `seen` against the document.
pub async fn check_all(app: &TestApp, seen: &Mutex<Vec<Answer>>) {
    let doc = document(app).await;
    let answers = seen.lock().unwrap().clone();
    assert!(!answers.is_empty());
    for a in answers {
        let status = a.status.to_string();
        // A 404 for a path the document does not have, and a 405 for a method a path
        // does not document, are answered in the one error shape.
        let undocumented = json!({
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        });
        let Some(path) = template(&doc, &a.path) else {
            assert_eq!(a.status, 404, "{} is not documented", a.path);
            assert_eq!(a.json["error"]["code"], "not_found", "{}", a.json);
            assert!(a.json["error"]["message"].is_string(), "{}", a.json);
            continue;
        };
        let op = &doc["paths"][path][a.method.as_str().to_lowercase()];
        let method_not_allowed = &undocumented;
        let response = if a.status == 405 {
            assert!(
                op.is_null(),
                "{} {path} is documented yet answered 405",
                a.method
            );
            method_not_allowed
        } else {
            assert!(op.is_object(), "{} {path} is documented", a.method);
            &op["responses"][&status]
        };
        assert!(
            response.is_object(),
            "{} {path} answered {status}, which is not documented: {}",
            a.method,
            a.json
        );
        let schema = &response["content"]["application/json"]["schema"];
        if a.json.is_null() {
            assert!(
                schema.is_null(),
                "{} {path} {status} documents a body",
                a.method
            );
            continue;
        }
        assert!(
            schema.is_object(),
            "{} {path} {status} documents no JSON",
            a.method
        );
        let mut root = schema.clone();
        root["components"] = doc["components"].clone();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema of {path} is not valid: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&a.json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} {} {status} does not match its schema: {errors:#?}\n{}",
            a.method,
            a.path,
            a.json
        );
    }
}

#[tokio::test]
async fn the_document_is_3_1_with_every_endpoint_and_bearer_auth() {
    let (app, _) = start().await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], app.base);
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/admin/v1/articles",
            "/api/admin/v1/articles/{id}",
            "/api/admin/v1/articles/{id}/draft",
            "/api/admin/v1/articles/{id}/publish",
            "/api/admin/v1/articles/{id}/purge",
            "/api/admin/v1/articles/{id}/restore",
            "/api/admin/v1/articles/{id}/revisions",
            "/api/admin/v1/articles/{id}/schedule",
            "/api/admin/v1/articles/{id}/submit",
            "/api/admin/v1/articles/{id}/unpublish",
            "/api/admin/v1/authors",
            "/api/admin/v1/categories",
            "/api/admin/v1/categories/{id}",
            "/api/admin/v1/desk/sources",
            "/api/admin/v1/desk/sources/{id}",
            "/api/admin/v1/desk/sources/{id}/fetch",
            "/api/admin/v1/digest/editions",
            "/api/admin/v1/digest/editions/{id}",
            "/api/admin/v1/digest/editions/{id}/hold",
            "/api/admin/v1/digest/editions/{id}/send",
            "/api/admin/v1/media",
            "/api/admin/v1/media/{id}",
            "/api/admin/v1/pages",
            "/api/admin/v1/pages/{id}",
            "/api/admin/v1/tags",
            "/api/admin/v1/tags/{id}",
            "/api/admin/v1/tags/{id}/merge",
        ]
    );
    // The Content API's document stays the read-only contract.
    let content: Value = app
        .fetch("/api/openapi.json", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        content["paths"]
            .as_object()
            .unwrap()
            .keys()
            .all(|p| p.starts_with("/api/v1/"))
    );
}
