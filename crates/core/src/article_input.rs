//! What an article's editable fields are ([`ArticleInput`]) and the checks every way of
//! writing one applies before anything is stored: the newsroom's HTML form and the Admin API
//! both hand their values over as a [`RawArticle`] and get back the same input and the same
//! [`FieldError`]s, worded for people and naming the field. Only reading the transport
//! (form fields, JSON) stays with each caller.

use serde::Serialize;

use crate::limits;
use crate::model::{CreditRole, Kind};
use crate::problem::Problem;
use crate::slug;

/// What the editor sets on an article (everything but its status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInput {
    pub title: String,
    pub subtitle: String,
    pub slug: String,
    /// Left empty, it is derived from the body.
    pub excerpt: String,
    pub body_markdown: String,
    pub category_id: Option<i64>,
    /// Tag names; missing tags are created.
    pub tags: Vec<String>,
    /// Byline in order: author ids with their role.
    pub credits: Vec<(i64, CreditRole)>,
    pub language: String,
    pub kind: Kind,
    pub source_outlet: String,
    pub source_url: String,
    pub source_language: String,
    pub featured_media_id: Option<i64>,
    pub meta_description: String,
    pub social_media_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub assignment_note: String,
}

impl Default for ArticleInput {
    fn default() -> Self {
        ArticleInput {
            title: String::new(),
            subtitle: String::new(),
            slug: String::new(),
            excerpt: String::new(),
            body_markdown: String::new(),
            category_id: None,
            tags: Vec::new(),
            credits: Vec::new(),
            language: "en".to_owned(),
            kind: Kind::Original,
            source_outlet: String::new(),
            source_url: String::new(),
            source_language: String::new(),
            featured_media_id: None,
            meta_description: String::new(),
            social_media_id: None,
            assigned_to: None,
            assignment_note: String::new(),
        }
    }
}

/// A refused field: which one and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    /// In English (the Admin API's words).
    pub message: String,
    /// Over a length limit (the only refusal an autosave of a draft in progress makes).
    #[serde(skip)]
    pub over_limit: bool,
    /// The same refusal as a catalogue key and values, for screens in other languages;
    /// `None` for refusals that have only English words.
    #[serde(skip)]
    pub problem: Option<Problem>,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
            over_limit: false,
            problem: None,
        }
    }

    /// A refusal with its catalogue form.
    pub fn because(
        field: &'static str,
        message: impl Into<String>,
        problem: Problem,
    ) -> FieldError {
        FieldError {
            problem: Some(problem),
            ..FieldError::new(field, message)
        }
    }

    fn too_long(field: &'static str, message: impl Into<String>, problem: Problem) -> FieldError {
        FieldError {
            over_limit: true,
            ..FieldError::because(field, message, problem)
        }
    }
}

/// The values as the writer gave them, before any check. Ids are already numbers (each
/// transport reads them its own way); `kind` is its name, empty for an original.
#[derive(Debug, Clone, Default)]
pub struct RawArticle {
    pub title: String,
    pub subtitle: String,
    pub slug: String,
    pub excerpt: String,
    pub body_markdown: String,
    pub meta_description: String,
    pub kind: String,
    pub language: String,
    pub source_outlet: String,
    pub source_url: String,
    pub source_language: String,
    pub tags: Vec<String>,
    pub category_id: Option<i64>,
    pub author_ids: Vec<i64>,
    pub translator_ids: Vec<i64>,
    pub featured_media_id: Option<i64>,
    pub social_media_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub assignment_note: String,
}

/// The catalogue key of a field's name as a refusal starts with it ("The title").
fn field_key(name: &str) -> String {
    format!("field-{}", name.replace('_', "-"))
}

fn text(
    value: &str,
    name: &'static str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let value = crate::text::clean_input(value);
    if value.chars().count() > max {
        errors.push(FieldError::too_long(
            name,
            format!("{label} is too long: at most {max} characters."),
            Problem::new("problem-field-too-long")
                .word("field", field_key(name))
                .number("max", max),
        ));
    }
    value
}

/// The article `raw` describes, or every problem found in it. `default_language` is used
/// when no language is given.
pub fn check(raw: &RawArticle, default_language: &str) -> (ArticleInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let title = text(
        &raw.title,
        "title",
        "The title",
        limits::ARTICLE_TITLE_MAX,
        &mut errors,
    );
    if title.trim().is_empty() {
        errors.push(FieldError::because(
            "title",
            "The title is empty: every article needs one.",
            Problem::new("problem-title-empty"),
        ));
    }
    let subtitle = text(
        &raw.subtitle,
        "subtitle",
        "The subtitle",
        limits::SHORT_TEXT_MAX,
        &mut errors,
    );
    let excerpt = text(
        &raw.excerpt,
        "excerpt",
        "The excerpt",
        limits::ARTICLE_EXCERPT_MAX,
        &mut errors,
    );
    let body_markdown = text(
        &raw.body_markdown,
        "body",
        "The body",
        limits::ARTICLE_BODY_MAX,
        &mut errors,
    );
    let meta_description = text(
        &raw.meta_description,
        "meta_description",
        "The meta description",
        limits::META_DESCRIPTION_MAX,
        &mut errors,
    );
    let mut slug_value = raw.slug.trim().to_owned();
    if slug_value.is_empty() {
        slug_value = slug::slugify(&title);
        if slug_value.is_empty() && !title.trim().is_empty() {
            errors.push(FieldError::because(
                "slug",
                "The address (slug) cannot be made from this title: type one with letters a-z, digits and hyphens.",
                Problem::new("problem-slug-from-title"),
            ));
        }
    } else if let Err(e) = slug::validate(&slug_value) {
        let shown: String = slug_value.chars().take(80).collect();
        errors.push(FieldError::because(
            "slug",
            format!("The address (slug) `{shown}` is not valid: {e}. Use lowercase letters a-z, digits and hyphens."),
            Problem::new("problem-slug-invalid")
                .text("value", shown)
                .said("reason", e.problem()),
        ));
    }
    let kind = match raw.kind.trim() {
        "" => Kind::Original,
        k => k.parse().unwrap_or_else(|_| {
            let shown: String = k.chars().take(40).collect();
            errors.push(FieldError::because(
                "kind",
                format!("The kind `{shown}` is not original, translation or reprint."),
                Problem::new("problem-kind").text("value", shown),
            ));
            Kind::Original
        }),
    };
    let language = {
        let l = raw.language.trim();
        if l.is_empty() {
            default_language.to_owned()
        } else if l.len() > limits::LANGUAGE_MAX
            || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            let shown: String = l.chars().take(40).collect();
            errors.push(FieldError::because(
                "language",
                format!("The language `{shown}` is not a language code like en or pt-BR."),
                Problem::new("problem-language-code").text("value", shown),
            ));
            default_language.to_owned()
        } else {
            l.to_owned()
        }
    };
    let source_outlet = text(
        &raw.source_outlet,
        "source_outlet",
        "The source outlet",
        limits::SHORT_TEXT_MAX,
        &mut errors,
    );
    let source_url = text(
        &raw.source_url,
        "source_url",
        "The source URL",
        limits::URL_MAX,
        &mut errors,
    );
    let source_language = text(
        &raw.source_language,
        "source_language",
        "The source language",
        limits::LANGUAGE_MAX,
        &mut errors,
    );
    if kind != Kind::Original {
        if source_outlet.trim().is_empty() {
            errors.push(FieldError::because(
                "source_outlet",
                format!("A {} needs the name of the source outlet.", kind.as_str()),
                Problem::new("problem-source-outlet").text("kind", kind.as_str()),
            ));
        }
        let u = source_url.trim();
        if u.is_empty() {
            errors.push(FieldError::because(
                "source_url",
                format!("A {} needs the URL of the original.", kind.as_str()),
                Problem::new("problem-source-url").text("kind", kind.as_str()),
            ));
        } else if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.contains(char::is_whitespace)
        {
            let shown: String = u.chars().take(80).collect();
            errors.push(FieldError::because(
                "source_url",
                format!("The source URL `{shown}` is not a web address starting with https://."),
                Problem::new("problem-source-url-shape").text("value", shown),
            ));
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for t in raw.tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if limits::check(limits::Field::TagName, t).is_err() {
            let start: String = t.chars().take(20).collect();
            errors.push(FieldError::too_long(
                "tags",
                format!(
                    "The tag `{start}…` is too long: at most {} characters.",
                    limits::TAG_NAME_MAX
                ),
                Problem::new("problem-tag-too-long")
                    .text("value", start)
                    .number("max", limits::TAG_NAME_MAX),
            ));
        } else if slug::slugify(t).is_empty() {
            errors.push(FieldError::because(
                "tags",
                format!("The tag `{t}` has no letters or digits."),
                Problem::new("problem-tag-no-letters").text("value", t),
            ));
        } else if !tags.iter().any(|o| slug::slugify(o) == slug::slugify(t)) {
            tags.push(t.to_owned());
        }
    }
    let mut credits: Vec<(i64, CreditRole)> = Vec::new();
    for (ids, role) in [
        (&raw.author_ids, CreditRole::Author),
        (&raw.translator_ids, CreditRole::Translator),
    ] {
        for id in ids {
            if !credits.contains(&(*id, role)) {
                credits.push((*id, role));
            }
        }
    }
    let assignment_note = text(
        &raw.assignment_note,
        "assignment_note",
        "The assignment note",
        limits::SHORT_TEXT_MAX,
        &mut errors,
    );
    let input = ArticleInput {
        title: title.trim().to_owned(),
        subtitle: subtitle.trim().to_owned(),
        slug: slug_value,
        excerpt: excerpt.trim().to_owned(),
        body_markdown,
        category_id: raw.category_id,
        tags,
        credits,
        language,
        kind,
        source_outlet: source_outlet.trim().to_owned(),
        source_url: source_url.trim().to_owned(),
        source_language: source_language.trim().to_owned(),
        featured_media_id: raw.featured_media_id,
        meta_description: meta_description.trim().to_owned(),
        social_media_id: raw.social_media_id,
        assigned_to: raw.assigned_to,
        assignment_note: assignment_note.trim().to_owned(),
    };
    (input, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_named_by_its_field() {
        let raw = RawArticle {
            title: "x".repeat(limits::ARTICLE_TITLE_MAX + 1),
            slug: "Not A Slug".into(),
            kind: "poem".into(),
            language: "en_GB!".into(),
            tags: vec!["!!!".into()],
            ..RawArticle::default()
        };
        let (_, errors) = check(&raw, "en");
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "slug", "kind", "language", "tags"]);
        assert!(errors[0].over_limit);
    }

    #[test]
    fn a_reprint_needs_its_source_and_control_characters_go() {
        let raw = RawArticle {
            title: "Oil\u{1b}[31m prices".into(),
            kind: "reprint".into(),
            source_url: "javascript:alert(1)".into(),
            ..RawArticle::default()
        };
        let (input, errors) = check(&raw, "az");
        assert_eq!(input.title, "Oil[31m prices");
        assert_eq!(input.slug, "oil-31m-prices");
        assert_eq!(input.language, "az");
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["source_outlet", "source_url"]);
    }
}
