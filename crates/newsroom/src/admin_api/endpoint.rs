//! [`endpoint!`]: an Admin API handler and its OpenAPI operation declared together, so
//! each resource states only what differs (method, path, tag, the `{id}` it takes, its
//! request body, its success answer and error set) and not again the extractors and the
//! `#[utoipa::path]` layout every handler shares.

/// Declares an Admin API handler with its `#[utoipa::path]` operation:
///
/// ```text
/// endpoint! {
///     /// Delete a tag; it is taken off every article that carries it.
///     delete "/api/admin/v1/tags/{id}", tag "taxonomy",
///     answers (204, "Deleted"), DeleteErrors;
///     fn delete(app, caller, Path(id) "The tag's id") { … }
/// }
/// ```
///
/// The handler takes the app state and the API caller under the first two names, then,
/// where named and in this order: the raw `{id}` of the path (`Path(name) "its
/// description"`, and `If-Match "its description"` where the operation documents that
/// header), the request headers (`Headers(name)`) and the JSON body (`Body(name)` with the
/// schema documented as the request body).
macro_rules! endpoint {
    (
        $(#[doc = $doc:literal])*
        $method:ident $path:literal, tag $tag:literal,
        answers ($status:literal, $said:literal $(, $item:ident)?), $errors:ident;
        fn $name:ident(
            $app:ident,
            $caller:ident
            $(, Path($id:ident) $id_doc:literal $(If-Match $if_match_doc:literal)?)?
            $(, Headers($headers:ident))?
            $(, Body($body:ident) $($schema:ident)::+)?
            $(,)?
        ) $block:block
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            $method,
            path = $path,
            tag = $tag,
            $(params(
                ("id" = i64, Path, description = $id_doc),
                $(("If-Match" = Option<String>, Header, description = $if_match_doc),)?
            ),)?
            $(request_body = $($schema)::+,)?
            responses(
                (status = $status, description = $said $(, body = $item)?),
                $errors,
            ),
        )]
        pub async fn $name(
            axum::extract::State($app): $crate::admin_api::App,
            $caller: $crate::admin_api::auth::Caller,
            $(axum::extract::Path($id): axum::extract::Path<String>,)?
            $($headers: axum::http::HeaderMap,)?
            $(mut $body: $crate::admin_api::body::Body,)?
        ) -> $crate::admin_api::Answer $block
    };
}

pub(super) use endpoint;
