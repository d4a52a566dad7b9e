//! What readers may see, written once for Rust and once for SQL side by side, so the two can
//! be checked against each other and no query carries its own copy of the rule.
//!
//! The rule: an article is visible when its status is `published` and its publication time
//! has come. A `published` article with a future time is *waiting* (scheduled by date, not
//! yet shown). Drafts, pieces in review, scheduled and unpublished pieces are never visible.
//!
//! SQL convention: the article table is aliased (`a` in [`VISIBLE_SQL`], any alias with
//! [`visible_sql`], or none with an empty alias), times are unix seconds, and "now" is a
//! bound parameter (`$1` in [`VISIBLE_SQL`]) so the caller decides the clock.

use time::OffsetDateTime;

use crate::model::Status;

/// The visibility rule on `articles a`, with the current time (unix seconds) bound as `$1`.
/// Most reader queries use exactly this; [`visible_sql`] builds the other spellings.
pub const VISIBLE_SQL: &str = "a.status = 'published' AND a.published_at <= $1";

/// Whether a reader may see an article with this status and publication time at `now`.
pub fn is_visible(
    status: Status,
    published_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> bool {
    status == Status::Published && published_at.is_some_and(|p| p <= now)
}

/// `alias.column`, or the bare column when `alias` is empty.
fn column(alias: &str, name: &str) -> String {
    if alias.is_empty() {
        name.to_owned()
    } else {
        format!("{alias}.{name}")
    }
}

/// The SQL condition "this article has the status `status`".
pub fn status_sql(alias: &str, status: Status) -> String {
    format!("{} = '{}'", column(alias, "status"), status.as_str())
}

/// The visibility rule on the articles aliased `alias` (empty for none), with the current
/// time bound at placeholder `now` (e.g. `$2`).
pub fn visible_sql(alias: &str, now: &str) -> String {
    format!(
        "{} AND {} <= {now}",
        status_sql(alias, Status::Published),
        column(alias, "published_at")
    )
}

/// Published but not visible yet: the publication time is after `now`.
pub fn waiting_sql(alias: &str, now: &str) -> String {
    format!(
        "{} AND {} > {now}",
        status_sql(alias, Status::Published),
        column(alias, "published_at")
    )
}

/// Published with a publication time, whether or not it has come: what the search index
/// holds (searches cut waiting pieces off by date, so they appear on time without a write).
pub fn published_sql(alias: &str) -> String {
    format!(
        "{} AND {} IS NOT NULL",
        status_sql(alias, Status::Published),
        column(alias, "published_at")
    )
}

#[cfg(test)]
mod tests {
    use time::Duration;

    use super::*;

    #[test]
    fn only_published_pieces_whose_time_has_come_are_visible() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        assert!(is_visible(Status::Published, Some(now), now));
        assert!(is_visible(
            Status::Published,
            Some(now - Duration::DAY),
            now
        ));
        assert!(!is_visible(
            Status::Published,
            Some(now + Duration::SECOND),
            now
        ));
        assert!(!is_visible(Status::Published, None, now));
        for s in Status::ALL.iter().filter(|s| **s != Status::Published) {
            assert!(!is_visible(*s, Some(now - Duration::DAY), now), "{s}");
        }
    }

    #[test]
    fn the_sql_spells_the_same_rule() {
        assert_eq!(visible_sql("a", "$1"), VISIBLE_SQL);
        assert_eq!(
            visible_sql("", "$2"),
            "status = 'published' AND published_at <= $2"
        );
        assert_eq!(
            waiting_sql("", "$1"),
            "status = 'published' AND published_at > $1"
        );
        assert_eq!(
            published_sql("a"),
            "a.status = 'published' AND a.published_at IS NOT NULL"
        );
        assert_eq!(status_sql("a", Status::Scheduled), "a.status = 'scheduled'");
        assert!(VISIBLE_SQL.contains(&format!("'{}'", Status::Published.as_str())));
    }
}
