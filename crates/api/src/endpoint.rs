//! [`endpoint!`]: a Content API handler and its OpenAPI operation declared together. Every
//! endpoint is a GET answering 200 or 304 and takes the state and the request headers (for
//! validators); each states only its path, tag, answer and what else it takes (a slug, or
//! query parameters with the 400 they may cause), not again the layout all of them share.

/// Declares a Content API GET handler with its `#[utoipa::path]` operation:
///
/// ```text
/// endpoint! {
///     /// One published static page.
///     "/api/v1/pages/{slug}", tag "pages",
///     answers ("The page", PageDto), missing "No published page has this slug";
///     fn page(api, headers, Slug(slug) "The page's slug, as in its URL") { … }
/// }
/// ```
///
/// The handler takes the state and the headers under the first two names, then either the
/// path's slug (`Slug(name) "its description"`, with `missing` documenting the 404) or the
/// query parameters (`Query(name) Type`, with `bad` documenting the 400). Every operation
/// documents 304 as "Not modified"; an endpoint that says more declares its own.
macro_rules! endpoint {
    (
        $(#[doc = $doc:literal])*
        $path:literal, tag $tag:literal,
        answers ($said:literal, $item:ident)
        $(, missing $missing:literal)?
        $(, bad $bad:literal)?;
        fn $name:ident(
            $api:ident,
            $headers:ident
            $(, Slug($slug:ident) $slug_doc:literal)?
            $(, Query($query:ident) $params:ident)?
        ) $block:block
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            get,
            path = $path,
            tag = $tag,
            $(params(("slug" = String, Path, description = $slug_doc)),)?
            $(params($params),)?
            responses(
                (status = 200, description = $said, body = $item),
                (status = 304, description = "Not modified"),
                $((status = 404, description = $missing, body = ErrorBody),)?
                $((status = 400, description = $bad, body = ErrorBody),)?
            )
        )]
        pub async fn $name(
            axum::extract::State($api): axum::extract::State<$crate::ApiState>,
            $headers: axum::http::HeaderMap,
            $($crate::extract::ApiSlug($slug): $crate::extract::ApiSlug,)?
            $($crate::extract::ApiQuery($query): $crate::extract::ApiQuery<$params>,)?
        ) -> Result<axum::response::Response, $crate::error::ApiError> $block
    };
}

pub(crate) use endpoint;
