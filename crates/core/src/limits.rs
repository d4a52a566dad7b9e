//! How long each piece of content may be, in characters. The newsroom's forms, the importer
//! and the demo generator all create content; with the limits only in the forms, imported
//! or generated content could be longer than anything an editor can then save back. So the
//! numbers live here and every path that writes content checks against them.
//!
//! Limits count Unicode scalar values (`chars`), as a person counts letters, not bytes.

use std::fmt;

/// A field whose length is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ArticleTitle,
    ArticleSubtitle,
    ArticleExcerpt,
    ArticleBody,
    MetaDescription,
    SourceOutlet,
    SourceUrl,
    /// A BCP 47 language code.
    Language,
    /// The comma-separated list of tags in the editor.
    TagList,
    TagName,
    AssignmentNote,
    Correction,
    PageTitle,
    PageBody,
    MediaAlt,
    MediaCaption,
    MediaCredit,
    /// A person's name as readers see it (account set-up, bylines).
    PersonName,
    CategoryName,
    CategoryDescription,
    /// A label in the header menu (a header with longer ones would not fit).
    MenuLabel,
    SiteName,
    SiteTagline,
    SiteAbout,
    /// The network's name of a social link in the footer ("Mastodon").
    SocialNetwork,
}

pub const ARTICLE_TITLE_MAX: usize = 300;
/// Subtitle, source outlet and assignment note share this length.
pub const SHORT_TEXT_MAX: usize = 500;
pub const ARTICLE_EXCERPT_MAX: usize = 2 * SHORT_TEXT_MAX;
pub const ARTICLE_BODY_MAX: usize = 500_000;
pub const META_DESCRIPTION_MAX: usize = 300;
pub const URL_MAX: usize = 2000;
pub const LANGUAGE_MAX: usize = 35;
pub const TAG_LIST_MAX: usize = 2000;
pub const TAG_NAME_MAX: usize = 100;
pub const CORRECTION_MAX: usize = 2000;
pub const PAGE_TITLE_MAX: usize = 200;
/// A long legal page is about 100,000 characters.
pub const PAGE_BODY_MAX: usize = 500_000;
pub const MEDIA_ALT_MAX: usize = 500;
pub const MEDIA_CAPTION_MAX: usize = 1000;
pub const MEDIA_CREDIT_MAX: usize = 200;
pub const PERSON_NAME_MAX: usize = 100;
pub const CATEGORY_NAME_MAX: usize = 100;
pub const CATEGORY_DESCRIPTION_MAX: usize = 2000;
pub const MENU_LABEL_MAX: usize = 60;
pub const SITE_NAME_MAX: usize = 100;
pub const SITE_TAGLINE_MAX: usize = 200;
pub const SITE_ABOUT_MAX: usize = 2000;
pub const SOCIAL_NETWORK_MAX: usize = 40;
/// An uploaded file's name as kept in the library; longer names are shortened, not refused.
pub const MEDIA_FILE_NAME_MAX: usize = 80;

impl Field {
    /// The longest accepted value, in characters.
    pub fn max_chars(self) -> usize {
        match self {
            Field::ArticleTitle => ARTICLE_TITLE_MAX,
            Field::ArticleSubtitle | Field::SourceOutlet | Field::AssignmentNote => SHORT_TEXT_MAX,
            Field::ArticleExcerpt => ARTICLE_EXCERPT_MAX,
            Field::ArticleBody => ARTICLE_BODY_MAX,
            Field::MetaDescription => META_DESCRIPTION_MAX,
            Field::SourceUrl => URL_MAX,
            Field::Language => LANGUAGE_MAX,
            Field::TagList => TAG_LIST_MAX,
            Field::TagName => TAG_NAME_MAX,
            Field::Correction => CORRECTION_MAX,
            Field::PageTitle => PAGE_TITLE_MAX,
            Field::PageBody => PAGE_BODY_MAX,
            Field::MediaAlt => MEDIA_ALT_MAX,
            Field::MediaCaption => MEDIA_CAPTION_MAX,
            Field::MediaCredit => MEDIA_CREDIT_MAX,
            Field::PersonName => PERSON_NAME_MAX,
            Field::CategoryName => CATEGORY_NAME_MAX,
            Field::CategoryDescription => CATEGORY_DESCRIPTION_MAX,
            Field::MenuLabel => MENU_LABEL_MAX,
            Field::SiteName => SITE_NAME_MAX,
            Field::SiteTagline => SITE_TAGLINE_MAX,
            Field::SiteAbout => SITE_ABOUT_MAX,
            Field::SocialNetwork => SOCIAL_NETWORK_MAX,
        }
    }

    /// The field's name as stored and posted (`title`, `alt`…), for error messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::ArticleTitle | Field::PageTitle => "title",
            Field::ArticleSubtitle => "subtitle",
            Field::ArticleExcerpt => "excerpt",
            Field::ArticleBody | Field::PageBody => "body",
            Field::MetaDescription => "meta_description",
            Field::SourceOutlet => "source_outlet",
            Field::SourceUrl => "source_url",
            Field::Language => "language",
            Field::TagList => "tags",
            Field::TagName => "name",
            Field::AssignmentNote => "assignment_note",
            Field::Correction => "correction",
            Field::MediaAlt => "alt",
            Field::MediaCaption => "caption",
            Field::MediaCredit => "credit",
            Field::PersonName | Field::CategoryName | Field::SiteName => "name",
            Field::CategoryDescription => "description",
            Field::MenuLabel => "label",
            Field::SiteTagline => "tagline",
            Field::SiteAbout => "about",
            Field::SocialNetwork => "network",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value longer than its field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {field} is {len} characters long; at most {max} are allowed")]
pub struct TooLong {
    pub field: Field,
    pub len: usize,
    pub max: usize,
}

/// Checks `value` against the limit of `field`.
pub fn check(field: Field, value: &str) -> Result<(), TooLong> {
    let max = field.max_chars();
    // Counting stops one past the limit: a huge value costs no more than a fitting one.
    let len = value.chars().take(max.saturating_add(1)).count();
    if len > max {
        Err(TooLong {
            field,
            len: value.chars().count(),
            max,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_characters_not_bytes() {
        let title = "ş".repeat(ARTICLE_TITLE_MAX);
        assert!(title.len() > ARTICLE_TITLE_MAX);
        assert_eq!(check(Field::ArticleTitle, &title), Ok(()));
        let err = check(Field::ArticleTitle, &format!("{title}x")).unwrap_err();
        assert_eq!(
            err,
            TooLong {
                field: Field::ArticleTitle,
                len: ARTICLE_TITLE_MAX + 1,
                max: ARTICLE_TITLE_MAX
            }
        );
        assert_eq!(
            err.to_string(),
            "the title is 301 characters long; at most 300 are allowed"
        );
    }

    #[test]
    fn each_field_has_its_own_limit() {
        assert_eq!(Field::ArticleTitle.max_chars(), 300);
        assert_eq!(Field::ArticleSubtitle.max_chars(), 500);
        assert_eq!(Field::ArticleExcerpt.max_chars(), 1000);
        assert_eq!(Field::PageTitle.max_chars(), 200);
        assert_eq!(Field::MediaAlt.max_chars(), 500);
        assert_eq!(Field::MediaCaption.max_chars(), 1000);
        assert_eq!(Field::MediaCredit.max_chars(), 200);
        assert!(check(Field::PageTitle, &"a".repeat(201)).is_err());
        assert!(check(Field::ArticleTitle, &"a".repeat(201)).is_ok());
        assert!(check(Field::MediaAlt, "").is_ok());
    }
}
