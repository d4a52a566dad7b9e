//! The editor's form: reading the posted fields (some repeat, e.g. several authors) and
//! checking each one, with messages that name the field, before anything is written.

use gazette_core::model::{CreditRole, Kind};
use gazette_core::{limits, slug};
use gazette_store::ArticleInput;
use gazette_web::form::Fields;
use serde::Serialize;

/// Longest accepted values, in characters: core's limits, which every path that writes
/// articles applies.
pub const TITLE_MAX: usize = limits::ARTICLE_TITLE_MAX;
pub const SHORT_MAX: usize = limits::SHORT_TEXT_MAX;
pub const BODY_MAX: usize = limits::ARTICLE_BODY_MAX;
pub const META_MAX: usize = limits::META_DESCRIPTION_MAX;

/// A refused field: which one and why, for the message above the form.
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
    /// Over a length limit (the only refusal an autosave of a draft in progress makes).
    #[serde(skip)]
    pub over_limit: bool,
}

fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
        over_limit: false,
    }
}

fn too_long(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        over_limit: true,
        ..err(field, message)
    }
}

fn text(
    posted: &Fields,
    name: &'static str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = gazette_core::text::clean_input(posted.get(name));
    if value.chars().count() > max {
        errors.push(too_long(
            name,
            format!("{label} is too long: at most {max} characters."),
        ));
    }
    value
}

fn optional_id(
    posted: &Fields,
    name: &'static str,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> Option<i64> {
    let raw = posted.get(name).trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.push(err(
                name,
                format!("{label}: `{raw}` is not one of the choices."),
            ));
            None
        }
    }
}

fn ids(posted: &Fields, name: &'static str, label: &str, errors: &mut Vec<FieldError>) -> Vec<i64> {
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
            _ => errors.push(err(
                name,
                format!("{label}: `{raw}` is not one of the choices."),
            )),
        }
    }
    out
}

/// The article the form describes, or every problem found in it.
pub fn read_article(posted: &Fields) -> (ArticleInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let title = text(posted, "title", "The title", TITLE_MAX, &mut errors);
    if title.trim().is_empty() {
        errors.push(err("title", "The title is empty: every article needs one."));
    }
    let subtitle = text(posted, "subtitle", "The subtitle", SHORT_MAX, &mut errors);
    let excerpt = text(
        posted,
        "excerpt",
        "The excerpt",
        limits::ARTICLE_EXCERPT_MAX,
        &mut errors,
    );
    let body_markdown = text(posted, "body", "The body", BODY_MAX, &mut errors);
    let meta_description = text(
        posted,
        "meta_description",
        "The meta description",
        META_MAX,
        &mut errors,
    );
    let mut slug_value = posted.get("slug").trim().to_owned();
    if slug_value.is_empty() {
        slug_value = slug::slugify(&title);
        if slug_value.is_empty() && !title.trim().is_empty() {
            errors.push(err(
                "slug",
                "The address (slug) cannot be made from this title: type one with letters a-z, digits and hyphens.",
            ));
        }
    } else if let Err(e) = slug::validate(&slug_value) {
        errors.push(err(
            "slug",
            format!("The address (slug) `{slug_value}` is not valid: {e}. Use lowercase letters a-z, digits and hyphens."),
        ));
    }
    let kind = match posted.get("kind") {
        "" => Kind::Original,
        k => k.parse().unwrap_or_else(|_| {
            errors.push(err(
                "kind",
                format!("The kind `{k}` is not original, translation or reprint."),
            ));
            Kind::Original
        }),
    };
    let language = {
        let l = posted.get("language").trim();
        if l.is_empty() {
            "en".to_owned()
        } else if l.len() > limits::LANGUAGE_MAX
            || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            errors.push(err(
                "language",
                format!("The language `{l}` is not a language code like en or pt-BR."),
            ));
            "en".to_owned()
        } else {
            l.to_owned()
        }
    };
    let source_outlet = text(
        posted,
        "source_outlet",
        "The source outlet",
        SHORT_MAX,
        &mut errors,
    );
    let source_url = text(
        posted,
        "source_url",
        "The source URL",
        limits::URL_MAX,
        &mut errors,
    );
    let source_language = text(
        posted,
        "source_language",
        "The source language",
        limits::LANGUAGE_MAX,
        &mut errors,
    );
    if kind != Kind::Original {
        if source_outlet.trim().is_empty() {
            errors.push(err(
                "source_outlet",
                format!("A {} needs the name of the source outlet.", kind.as_str()),
            ));
        }
        let u = source_url.trim();
        if u.is_empty() {
            errors.push(err(
                "source_url",
                format!("A {} needs the URL of the original.", kind.as_str()),
            ));
        } else if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace)
        {
            errors.push(err(
                "source_url",
                format!("The source URL `{u}` is not a web address starting with https://."),
            ));
        }
    }
    let tags: Vec<String> = {
        let raw = text(
            posted,
            "tags",
            "The tags",
            limits::TAG_LIST_MAX,
            &mut errors,
        );
        let mut out: Vec<String> = Vec::new();
        for t in raw.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if limits::check(limits::Field::TagName, t).is_err() {
                errors.push(too_long(
                    "tags",
                    format!(
                        "The tag `{}…` is too long: at most {} characters.",
                        t.chars().take(20).collect::<String>(),
                        limits::TAG_NAME_MAX
                    ),
                ));
            } else if slug::slugify(t).is_empty() {
                errors.push(err(
                    "tags",
                    format!("The tag `{t}` has no letters or digits."),
                ));
            } else if !out.iter().any(|o| slug::slugify(o) == slug::slugify(t)) {
                out.push(t.to_owned());
            }
        }
        out
    };
    let mut credits: Vec<(i64, CreditRole)> = ids(posted, "author_ids", "Authors", &mut errors)
        .into_iter()
        .map(|id| (id, CreditRole::Author))
        .collect();
    credits.extend(
        ids(posted, "translator_ids", "Translators", &mut errors)
            .into_iter()
            .map(|id| (id, CreditRole::Translator)),
    );
    let input = ArticleInput {
        title: title.trim().to_owned(),
        subtitle: subtitle.trim().to_owned(),
        slug: slug_value,
        excerpt: excerpt.trim().to_owned(),
        body_markdown,
        category_id: optional_id(posted, "category_id", "Category", &mut errors),
        tags,
        credits,
        language,
        kind,
        source_outlet: source_outlet.trim().to_owned(),
        source_url: source_url.trim().to_owned(),
        source_language: source_language.trim().to_owned(),
        featured_media_id: optional_id(posted, "featured_media_id", "Featured image", &mut errors),
        meta_description: meta_description.trim().to_owned(),
        social_media_id: optional_id(posted, "social_media_id", "Social image", &mut errors),
        assigned_to: optional_id(posted, "assigned_to", "Assigned to", &mut errors),
        assignment_note: text(
            posted,
            "assignment_note",
            "The assignment note",
            SHORT_MAX,
            &mut errors,
        )
        .trim()
        .to_owned(),
    };
    (input, errors)
}

/// The publication time from `publish_at` (`YYYY-MM-DDTHH:MM[:SS]`, as a datetime-local
/// input sends it) and `tz_offset` (minutes to add to reach UTC, as the browser's
/// `getTimezoneOffset()` gives them; absent without JS, when the time is UTC).
pub fn read_publish_at(posted: &Fields) -> Result<i64, FieldError> {
    let raw = posted.get("publish_at").trim();
    if raw.is_empty() {
        return Err(err("publish_at", "Choose the date and time to publish at."));
    }
    let bad = || {
        err(
            "publish_at",
            format!("The publication time `{raw}` is not a date and time like 2026-05-01T09:30."),
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
