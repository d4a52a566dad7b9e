//! The rules a desk source's settings follow, for every way of entering one: the store
//! refuses a source that breaks them (with these English words, for the logs and the Admin
//! API) and the newsroom's form shows the same refusals in the staff member's language
//! through [`SourceError::problem`]. Reading the form's text into numbers stays with it.

use crate::problem::Problem;

/// Bounds of a source's numbers, so no form can make a source fetch every second or keep
/// nothing.
pub const MIN_INTERVAL: i64 = 60;
pub const MAX_INTERVAL: i64 = 7 * 86_400;
pub const MAX_RETENTION_DAYS: i64 = 3650;

/// The kinds of feed the desk reads (gazette-ingest's `FeedKind`).
pub const FEED_KINDS: [&str; 4] = ["rss", "atom", "json", "sitemap"];

/// The settings the rules look at.
#[derive(Debug, Clone, Copy)]
pub struct SourceFields<'a> {
    pub name: &'a str,
    pub outlet: &'a str,
    pub home_url: &'a str,
    pub feed_url: &'a str,
    pub feed_kind: &'a str,
    /// Seconds between fetches.
    pub fetch_interval: i64,
    pub retention_days: i64,
}

/// A broken rule. `Display` completes "invalid source {field}: …" (the store's words).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("the name is empty; give the source a name")]
    NameEmpty,
    #[error("the outlet is empty; attribution lines need it")]
    OutletEmpty,
    #[error("must start with http:// or https://")]
    FeedUrl(String),
    #[error("must start with http:// or https://")]
    HomeUrl(String),
    #[error("must be rss, atom, json or sitemap")]
    FeedKind(String),
    #[error("must be between 1 minute and 7 days (60 to 604800 seconds)")]
    Interval,
    #[error("must be between 1 and 3650 days")]
    Retention,
}

impl SourceError {
    /// The field it is about, as the store names it.
    pub fn field(&self) -> &'static str {
        match self {
            SourceError::NameEmpty => "name",
            SourceError::OutletEmpty => "outlet",
            SourceError::FeedUrl(_) => "feed URL",
            SourceError::HomeUrl(_) => "home URL",
            SourceError::FeedKind(_) => "feed kind",
            SourceError::Interval => "fetch interval",
            SourceError::Retention => "retention",
        }
    }

    /// The same refusal for people, naming the form's field.
    pub fn problem(&self) -> Problem {
        let shown = |s: &str| s.chars().take(200).collect::<String>();
        match self {
            SourceError::NameEmpty => Problem::new("problem-desk-name-empty"),
            SourceError::OutletEmpty => Problem::new("problem-desk-outlet-empty"),
            SourceError::FeedUrl(url) => {
                Problem::new("problem-desk-feed-url").text("value", shown(url))
            }
            SourceError::HomeUrl(url) => {
                Problem::new("problem-desk-home-url").text("value", shown(url))
            }
            SourceError::FeedKind(kind) => {
                Problem::new("problem-desk-feed-kind").text("value", shown(kind))
            }
            SourceError::Interval => {
                Problem::new("problem-desk-interval").number("max", (MAX_INTERVAL / 60) as usize)
            }
            SourceError::Retention => {
                Problem::new("problem-desk-retention").number("max", MAX_RETENTION_DAYS as usize)
            }
        }
    }
}

fn web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Every rule `source` breaks, in the form's order (empty: it may be saved).
pub fn check(source: &SourceFields<'_>) -> Vec<SourceError> {
    let mut errors = Vec::new();
    if source.name.trim().is_empty() {
        errors.push(SourceError::NameEmpty);
    }
    if source.outlet.trim().is_empty() {
        errors.push(SourceError::OutletEmpty);
    }
    if !web_address(source.feed_url) {
        errors.push(SourceError::FeedUrl(source.feed_url.to_owned()));
    }
    if !source.home_url.trim().is_empty() && !web_address(source.home_url) {
        errors.push(SourceError::HomeUrl(source.home_url.to_owned()));
    }
    if !FEED_KINDS.contains(&source.feed_kind) {
        errors.push(SourceError::FeedKind(source.feed_kind.to_owned()));
    }
    if !(MIN_INTERVAL..=MAX_INTERVAL).contains(&source.fetch_interval) {
        errors.push(SourceError::Interval);
    }
    if !(1..=MAX_RETENTION_DAYS).contains(&source.retention_days) {
        errors.push(SourceError::Retention);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fine() -> SourceFields<'static> {
        SourceFields {
            name: "Minval",
            outlet: "Minval.az",
            home_url: "",
            feed_url: "https://minval.az/rss",
            feed_kind: "rss",
            fetch_interval: 900,
            retention_days: 90,
        }
    }

    #[test]
    fn a_good_source_breaks_no_rule() {
        assert!(check(&fine()).is_empty());
        let home = SourceFields {
            home_url: "HTTP://minval.az/",
            fetch_interval: MAX_INTERVAL,
            retention_days: MAX_RETENTION_DAYS,
            ..fine()
        };
        assert!(check(&home).is_empty());
    }

    #[test]
    fn every_broken_rule_is_named_in_the_forms_order() {
        let bad = SourceFields {
            name: " ",
            outlet: "",
            home_url: "minval.az",
            feed_url: "ftp://minval.az/rss",
            feed_kind: "xml",
            fetch_interval: 59,
            retention_days: 0,
        };
        let fields: Vec<_> = check(&bad).iter().map(SourceError::field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "outlet",
                "feed URL",
                "home URL",
                "feed kind",
                "fetch interval",
                "retention"
            ]
        );
        let problem = SourceError::FeedUrl("ftp://x".into()).problem();
        assert_eq!(problem.key, "problem-desk-feed-url");
        assert_eq!(
            SourceError::Retention.to_string(),
            "must be between 1 and 3650 days"
        );
    }
}
