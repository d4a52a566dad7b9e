//! The public URL scheme, one function per kind of address. It is WordPress-compatible
//! (`/{slug}/`, `/category/{parent}/{child}/`, `/tag/{slug}/`, `/author/{slug}/`, feeds
//! under every list) so migrated links keep working, and redirects, sitemaps, feeds, the
//! API and the newsroom all print addresses, so the scheme is spelled here once: changing
//! it in one place cannot leave a redirect or a sitemap pointing at the old form.
//!
//! Every function returns a site-relative path with its trailing slash (except
//! `feed.json`); callers that need an absolute URL put the site's base in front. Query
//! strings (pagination, filters) are built by [`with_query`] alone.

/// An article or a static page: `/{slug}/`. Both live in one namespace of slugs.
pub fn article_path(slug: &str) -> String {
    format!("/{slug}/")
}

/// The prefix of a language's edition of the site: empty for the site's main language
/// (its addresses stay unprefixed, as before there were editions), `/az` for the others.
pub fn edition_prefix(language: &str, site_language: &str) -> String {
    if language == site_language {
        String::new()
    } else {
        format!("/{language}")
    }
}

/// `path` (site-relative, starting with `/`) inside the edition with `prefix`: `/az/` for
/// the home page, `/az/category/news/` for a list.
pub fn in_edition(prefix: &str, path: &str) -> String {
    format!("{prefix}{path}")
}

/// A static page: the same address form as an article.
pub fn page_path(slug: &str) -> String {
    article_path(slug)
}

/// A category list; `path` is the category's materialised path, e.g. `news/economy`.
pub fn category_path(path: &str) -> String {
    format!("/category/{path}/")
}

/// A tag's list of articles.
pub fn tag_path(slug: &str) -> String {
    format!("/tag/{slug}/")
}

/// An author's list of articles.
pub fn author_path(slug: &str) -> String {
    format!("/author/{slug}/")
}

/// The formats every list (the site, a category, a tag, an author) has a feed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    Rss,
    Atom,
    Json,
}

impl FeedFormat {
    pub const ALL: [FeedFormat; 3] = [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::Json];

    /// What follows a list's path to reach its feed.
    pub fn suffix(self) -> &'static str {
        match self {
            FeedFormat::Rss => "feed/",
            FeedFormat::Atom => "feed/atom/",
            FeedFormat::Json => "feed.json",
        }
    }

    /// The format whose suffix this is; the slash after `feed` and `feed/atom` may be left
    /// out, as older readers request them.
    pub fn from_suffix(suffix: &str) -> Option<FeedFormat> {
        match suffix {
            "feed/" | "feed" => Some(FeedFormat::Rss),
            "feed/atom/" | "feed/atom" => Some(FeedFormat::Atom),
            "feed.json" => Some(FeedFormat::Json),
            _ => None,
        }
    }
}

/// The list page itself and its feeds: what follows a list's path for each address that
/// belongs to it (so a renamed list can redirect every one of them).
pub const LIST_SUFFIXES: [&str; 4] = ["", "feed/", "feed/atom/", "feed.json"];

/// The feed of the list at `list_path` (a path ending in `/`, e.g. `/tag/economy/`, or `/`
/// for the whole site).
pub fn feed_path(list_path: &str, format: FeedFormat) -> String {
    format!("{list_path}{}", format.suffix())
}

/// The site's own feed.
pub fn site_feed_path(format: FeedFormat) -> String {
    feed_path("/", format)
}

/// The `pairs` whose value is not empty as a query string (`q=oil%20price&page=2`), in
/// order, values percent-encoded (all but ASCII letters and digits).
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", utf8_percent_encode(v, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` with the [`query_string`] of `pairs`, or `path` alone when every value is empty.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    match query_string(pairs) {
        query if query.is_empty() => path.to_owned(),
        query => format!("{path}?{query}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_keep_the_non_empty_values_encoded() {
        assert_eq!(
            with_query("/admin/tags", &[("page", "2"), ("q", "oil & gas/é")]),
            "/admin/tags?page=2&q=oil%20%26%20gas%2F%C3%A9"
        );
        assert_eq!(
            with_query("/admin/media", &[("q", ""), ("mine", "")]),
            "/admin/media"
        );
        assert_eq!(query_string(&[("a", ""), ("b", "1")]), "b=1");
    }

    #[test]
    fn addresses_follow_the_wordpress_scheme() {
        assert_eq!(article_path("hello-world"), "/hello-world/");
        assert_eq!(page_path("privacy"), "/privacy/");
        assert_eq!(category_path("news/economy"), "/category/news/economy/");
        assert_eq!(tag_path("oil"), "/tag/oil/");
        assert_eq!(author_path("jane-roe"), "/author/jane-roe/");
    }

    #[test]
    fn editions_prefix_every_language_but_the_sites() {
        assert_eq!(edition_prefix("en", "en"), "");
        assert_eq!(edition_prefix("az", "en"), "/az");
        assert_eq!(in_edition("/az", "/"), "/az/");
        assert_eq!(in_edition("", "/"), "/");
        assert_eq!(
            in_edition("/ru", &category_path("news")),
            "/ru/category/news/"
        );
        assert_eq!(
            in_edition("/tr", &site_feed_path(FeedFormat::Atom)),
            "/tr/feed/atom/"
        );
    }

    #[test]
    fn every_list_has_three_feeds() {
        assert_eq!(site_feed_path(FeedFormat::Rss), "/feed/");
        assert_eq!(site_feed_path(FeedFormat::Atom), "/feed/atom/");
        assert_eq!(site_feed_path(FeedFormat::Json), "/feed.json");
        assert_eq!(
            feed_path(&tag_path("oil"), FeedFormat::Atom),
            "/tag/oil/feed/atom/"
        );
        assert_eq!(
            feed_path(&category_path("news"), FeedFormat::Json),
            "/category/news/feed.json"
        );
        for f in FeedFormat::ALL {
            assert_eq!(FeedFormat::from_suffix(f.suffix()), Some(f));
            assert!(LIST_SUFFIXES.contains(&f.suffix()));
        }
        assert_eq!(FeedFormat::from_suffix("feed"), Some(FeedFormat::Rss));
        assert_eq!(FeedFormat::from_suffix("feed/atom"), Some(FeedFormat::Atom));
        assert_eq!(FeedFormat::from_suffix("rss"), None);
    }
}
