//! The content model: the nouns of a news digest and the closed sets of values they take.
//!
//! Enums are stored as their lowercase names (`as_str`/`FromStr`) so both databases hold
//! readable text and an unknown value read back is an error, never a silent default.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where an article is in the editorial workflow. Only `Published` articles whose
/// publication time has come are ever shown to readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Review,
    Scheduled,
    Published,
    Unpublished,
    /// Deleted to the trash: never visible, restorable (as a draft) until purged.
    Trashed,
}

/// What kind of piece this is; translations and reprints carry a [`Source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Original,
    Translation,
    Reprint,
}

/// The part a person played in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CreditRole {
    Author,
    Translator,
}

pub use crate::enum_names::UnknownValue;

crate::enum_names!(Status, "status", {
    Draft => "draft", Review => "review", Scheduled => "scheduled",
    Published => "published", Unpublished => "unpublished", Trashed => "trashed",
});
crate::enum_names!(Kind, "kind", { Original => "original", Translation => "translation", Reprint => "reprint" });
crate::enum_names!(CreditRole, "credit role", { Author => "author", Translator => "translator" });

impl Kind {
    /// The words before the outlet's name in a source line, or `None` for originals.
    pub fn source_label(self) -> Option<&'static str> {
        match self {
            Kind::Original => None,
            Kind::Translation => Some("Translated from"),
            Kind::Reprint => Some("Reprinted from"),
        }
    }
}

/// Where a translation or reprint comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    pub outlet: String,
    pub url: String,
    /// BCP 47 code of the original's language.
    pub language: Option<String>,
    pub published_at: Option<OffsetDateTime>,
}

/// A person credited on articles: a staff author, translator or contributor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub avatar_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub author: Author,
    pub role: CreditRole,
}

/// A node of the category tree. `path` is the materialised path of slugs from the root,
/// e.g. `news/economy`, which is also the URL below `/category/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub path: String,
    pub position: i64,
}

impl Category {
    pub fn depth(&self) -> usize {
        self.path.matches('/').count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Special-topic tags get their own entry in the navigation menu.
    pub special: bool,
}

/// An uploaded picture and the widths at which variants exist on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub id: i64,
    /// Path below the media root of the original file, e.g. `demo/07.jpg`.
    pub path: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// Widths of the variants, ascending; each lives at `{stem}-{width}.{ext}`.
    pub variant_widths: Vec<u32>,
    /// Widths of the WebP variants, ascending; each lives at `{stem}-{width}.webp`. Empty for
    /// imported and demo media, which have none.
    #[serde(default)]
    pub webp_widths: Vec<u32>,
}

impl Media {
    /// Media-root-relative path of the variant of `width` (the original when width is 0).
    pub fn variant_path(&self, width: u32) -> String {
        if width == 0 {
            return self.path.clone();
        }
        match self.path.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}-{width}.{ext}"),
            None => format!("{}-{width}", self.path),
        }
    }

    /// Media-root-relative path of the WebP variant of `width`.
    pub fn webp_variant_path(&self, width: u32) -> String {
        let stem = self
            .path
            .rsplit_once('.')
            .map_or(self.path.as_str(), |(stem, _)| stem);
        format!("{stem}-{width}.webp")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub id: i64,
    pub noted_at: OffsetDateTime,
    pub text: String,
}

/// A full article as the reader's site needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub body_markdown: String,
    pub body_html: String,
    pub status: Status,
    pub kind: Kind,
    pub language: String,
    pub category: Option<Category>,
    pub tags: Vec<Tag>,
    pub credits: Vec<Credit>,
    pub featured: Option<Media>,
    pub source: Option<Source>,
    pub corrections: Vec<Correction>,
    pub published_at: Option<OffsetDateTime>,
    pub modified_at: OffsetDateTime,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub views: u64,
}

impl Article {
    pub fn authors(&self) -> impl Iterator<Item = &Author> {
        self.credited(CreditRole::Author)
    }

    pub fn translators(&self) -> impl Iterator<Item = &Author> {
        self.credited(CreditRole::Translator)
    }

    fn credited(&self, role: CreditRole) -> impl Iterator<Item = &Author> {
        self.credits
            .iter()
            .filter(move |c| c.role == role)
            .map(|c| &c.author)
    }

    /// Whether a reader may see this article at `now`.
    pub fn is_visible_at(&self, now: OffsetDateTime) -> bool {
        crate::visibility::is_visible(self.status, self.published_at, now)
    }
}

/// An article as lists (home blocks, category pages, related) show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub kind: Kind,
    /// BCP 47 code of the article's language.
    pub language: String,
    pub category: Option<Category>,
    pub author: Option<Author>,
    pub featured: Option<Media>,
    pub published_at: OffsetDateTime,
    pub reading_minutes: u32,
    pub views: u64,
}

/// A static page (about, privacy, terms…), served at `/{slug}/` like articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_markdown: String,
    pub body_html: String,
    pub published: bool,
    /// BCP 47 code of the page's language.
    pub language: String,
    pub modified_at: OffsetDateTime,
}

impl SiteSettings {
    /// Every language the site publishes in, its main language first.
    pub fn all_languages(&self) -> Vec<String> {
        crate::lang::site_languages(&self.language, &self.languages)
    }
}

/// An entry of the site's navigation menu; entries nest one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuItem {
    pub label: String,
    pub url: String,
    #[serde(default)]
    pub special: bool,
    #[serde(default)]
    pub children: Vec<MenuItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialLink {
    pub name: String,
    pub url: String,
}

/// Site-wide settings, stored as one JSON document and edited in the newsroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteSettings {
    pub name: String,
    pub tagline: String,
    pub about: String,
    pub contact_email: String,
    /// BCP 47 code of the site's main language.
    pub language: String,
    /// The other languages the site publishes in (BCP 47 codes): each has its own edition
    /// under `/{code}/` and is offered in the editors. Empty: the main language only.
    pub languages: Vec<String>,
    pub social: Vec<SocialLink>,
    pub menu: Vec<MenuItem>,
    /// Slugs of the static pages linked from the footer.
    pub privacy_page: String,
    pub terms_page: String,
    pub cookies_page: String,
    /// Whether feeds carry whole articles (true) or only excerpts.
    pub feed_full_content: bool,
    /// The library picture of social previews for pages and articles without their own;
    /// none: the theme's `social.png`.
    pub social_media_id: Option<i64>,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            name: "Gazette".to_owned(),
            tagline: "News, translations and reprints".to_owned(),
            about: String::new(),
            contact_email: String::new(),
            language: "en".to_owned(),
            languages: Vec::new(),
            social: Vec::new(),
            menu: Vec::new(),
            privacy_page: "privacy".to_owned(),
            terms_page: "terms".to_owned(),
            cookies_page: "cookies".to_owned(),
            feed_full_content: true,
            social_media_id: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_names() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(*k));
        }
        let err = "live".parse::<Status>().unwrap_err();
        assert!(err.to_string().contains("`live` is not a valid status"));
    }

    #[test]
    fn variant_paths_keep_the_extension() {
        let m = Media {
            id: 1,
            path: "demo/07.jpg".into(),
            mime: "image/jpeg".into(),
            width: 1600,
            height: 900,
            alt: String::new(),
            caption: String::new(),
            credit: String::new(),
            variant_widths: vec![480, 960],
            webp_widths: vec![480],
        };
        assert_eq!(m.variant_path(480), "demo/07-480.jpg");
        assert_eq!(m.webp_variant_path(480), "demo/07-480.webp");
        assert_eq!(m.variant_path(0), "demo/07.jpg");
    }
}
