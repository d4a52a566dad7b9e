//! The editor's form: reading the posted fields (some repeat, e.g. several authors) and
//! checking each one, with messages that name the field, before anything is written.

use gazette_core::article_input::{self, RawArticle};
use gazette_core::limits;
use gazette_core::problem::Problem;
use gazette_store::ArticleInput;
use gazette_web::form::Fields;

/// Longest body accepted, in characters: core's limit, which every path that writes
/// articles applies.
pub const BODY_MAX: usize = limits::ARTICLE_BODY_MAX;

/// A refused field: which one and why, for the message above the form (core's, which the
/// Admin API reports too).
pub use gazette_core::article_input::FieldError;

/// A refusal with its English words and the same refusal for the screen's language.
fn err(field: &'static str, message: impl Into<String>, problem: Problem) -> FieldError {
    FieldError::because(field, message, problem)
}

/// `label: `raw` is not one of the choices.`; `key` is the label's catalogue key.
fn not_a_choice(name: &'static str, label: &str, key: &str, raw: &str) -> FieldError {
    err(
        name,
        format!("{label}: `{raw}` is not one of the choices."),
        Problem::new("problem-not-a-choice")
            .word("field", key)
            .text("value", raw),
    )
}

fn optional_id(
    posted: &Fields,
    name: &'static str,
    (label, key): (&str, &str),
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    let raw = posted.get(name).trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.push(not_a_choice(name, label, key, raw));
            None
        }
    }
}

fn ids(
    posted: &Fields,
    name: &'static str,
    (label, key): (&str, &str),
    errors: &mut Vec<FieldError>,
) -> Vec<i64> {
    let mut out = Vec::new();
    for raw in posted.all(name) {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            _ => errors.push(not_a_choice(name, label, key, raw)),
        }
    }
    out
}

/// The article the form describes, or every problem found in it: the form's own reading
/// (ids from their choices, the comma-separated tag list), then core's checks, which the
/// Admin API applies too.
pub fn read_article(posted: &Fields) -> (ArticleInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let tag_list = gazette_core::text::clean_input(posted.get("tags"));
    if tag_list.chars().count() > limits::TAG_LIST_MAX {
        errors.push(FieldError {
            over_limit: true,
            ..err(
                "tags",
                format!(
                    "The tag list is too long: at most {} characters.",
                    limits::TAG_LIST_MAX
                ),
                Problem::new("problem-field-too-long")
                    .word("field", "field-tags")
                    .number("max", limits::TAG_LIST_MAX),
            )
        });
    }
    let raw = RawArticle {
        title: posted.get("title").to_owned(),
        subtitle: posted.get("subtitle").to_owned(),
        slug: posted.get("slug").to_owned(),
        excerpt: posted.get("excerpt").to_owned(),
        body_markdown: posted.get("body").to_owned(),
        meta_description: posted.get("meta_description").to_owned(),
        kind: posted.get("kind").to_owned(),
        language: posted.get("language").to_owned(),
        source_outlet: posted.get("source_outlet").to_owned(),
        source_url: posted.get("source_url").to_owned(),
        source_language: posted.get("source_language").to_owned(),
        tags: tag_list.split(',').map(str::to_owned).collect(),
        category_id: optional_id(
            posted,
            "category_id",
            ("Category", "col-category"),
            &mut errors,
        ),
        author_ids: ids(posted, "author_ids", ("Authors", "authors"), &mut errors),
        translator_ids: ids(
            posted,
            "translator_ids",
            ("Translators", "translators"),
            &mut errors,
        ),
        featured_media_id: optional_id(
            posted,
            "featured_media_id",
            ("Featured image", "featured-image"),
            &mut errors,
        ),
        social_media_id: optional_id(
            posted,
            "social_media_id",
            ("Social image", "social-image"),
            &mut errors,
        ),
        assigned_to: optional_id(
            posted,
            "assigned_to",
            ("Assigned to", "assigned-to-label"),
            &mut errors,
        ),
        assignment_note: posted.get("assignment_note").to_owned(),
    };
    let (input, checked) = article_input::check(&raw, "en");
    errors.extend(checked);
    (input, errors)
}

/// The publication time from `publish_at` (`YYYY-MM-DDTHH:MM[:SS]`, as a datetime-local
/// input sends it) and `tz_offset` (minutes to add to reach UTC, as the browser's
/// `getTimezoneOffset()` gives them; absent without JS, when the time is UTC).
pub fn read_publish_at(posted: &Fields) -> Result<i64, FieldError> {
    let raw = posted.get("publish_at").trim();
    if raw.is_empty() {
        return Err(err(
            "publish_at",
            "Choose the date and time to publish at.",
            Problem::new("problem-publish-at-missing"),
        ));
    }
    let bad = || {
        err(
            "publish_at",
            format!("The publication time `{raw}` is not a date and time like 2026-05-01T09:30."),
            Problem::new("problem-publish-at-shape").text("value", raw),
        )
    };
    let (date, clock) = raw.split_once('T').ok_or_else(bad)?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(day))) = (d.next(), d.next(), d.next()) else {
        return Err(bad());
    };
    let mut t = clock.splitn(3, ':').map(|p| p.parse::<u8>().ok());
    let (Some(Some(h)), Some(Some(min))) = (t.next(), t.next()) else {
        return Err(bad());
    };
    let sec = match t.next() {
        None => 0,
        Some(Some(s)) => s,
        Some(None) => return Err(bad()),
    };
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or_else(bad)?;
    let day = u8::try_from(day).map_err(|_| bad())?;
    let date = time::Date::from_calendar_date(y, month, day).map_err(|_| bad())?;
    let clock = time::Time::from_hms(h, min, sec).map_err(|_| bad())?;
    let local = time::PrimitiveDateTime::new(date, clock)
        .assume_utc()
        .unix_timestamp();
    let offset = match posted.get("tz_offset").trim() {
        "" => 0,
        o => match o.parse::<i64>() {
            Ok(o) if o.abs() <= 16 * 60 => o,
            _ => {
                return Err(err(
                    "tz_offset",
                    format!("The time zone offset `{o}` is not a number of minutes."),
                    Problem::new("problem-tz-offset").text("value", o),
                ));
            }
        },
    };
    Ok(local + offset * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_times_are_utc_plus_the_browser_offset() {
        let p = Fields::parse(b"publish_at=2026-05-01T09%3A30");
        assert_eq!(read_publish_at(&p).unwrap(), 1_777_627_800);
        let p = Fields::parse(b"publish_at=2026-05-01T09%3A30&tz_offset=-120");
        assert_eq!(read_publish_at(&p).unwrap(), 1_777_627_800 - 7200);
        for bad in [
            "2026-13-01T09:30",
            "tomorrow",
            "2026-02-30T10:00",
            "2026-05-01T25:00",
        ] {
            let body = format!("publish_at={bad}");
            assert!(
                read_publish_at(&Fields::parse(body.as_bytes())).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn repeated_fields_keep_every_value() {
        let p = Fields::parse(b"author_ids=3&author_ids=5&title=A&title=B");
        assert_eq!(p.all("author_ids"), ["3", "5"]);
        assert_eq!(p.get("title"), "B");
    }
}
