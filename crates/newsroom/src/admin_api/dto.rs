//! The Admin API's JSON documents, with their OpenAPI schemas. Requests are read field by
//! field (`body`), so the request schemas here document them without being deserialised
//! through serde; responses are serialised from these types, and the tests check every
//! response against the schemas.

use gazette_core::article_input::ArticleInput;
use gazette_core::model::CreditRole;
use gazette_store::EditableArticle;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

/// RFC 3339 UTC time of unix seconds `t`.
pub fn rfc3339(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// The ids of the people `input` credits as `role`, in byline order (the `author_ids` and
/// `translator_ids` an article is read and written with).
pub(super) fn credited(input: &ArticleInput, role: CreditRole) -> Vec<i64> {
    input
        .credits
        .iter()
        .filter(|(_, r)| *r == role)
        .map(|(id, _)| *id)
        .collect()
}

/// An article as the newsroom edits it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: i64,
    /// Send it back as `If-Match: "<revision>"` (or as `revision`) to update.
    pub revision: i64,
    #[schema(example = "draft")]
    pub status: &'static str,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    pub excerpt: String,
    /// The body as written (Markdown, or sanitised HTML when sent as HTML).
    pub body: String,
    /// The body as readers get it: sanitised HTML.
    pub body_html: String,
    pub meta_description: String,
    #[schema(example = "en")]
    pub language: String,
    #[schema(example = "original")]
    pub kind: &'static str,
    pub source_outlet: String,
    pub source_url: String,
    pub source_language: String,
    #[schema(required = true)]
    pub category_id: Option<i64>,
    pub tags: Vec<String>,
    pub author_ids: Vec<i64>,
    pub translator_ids: Vec<i64>,
    #[schema(required = true)]
    pub featured_media_id: Option<i64>,
    #[schema(required = true)]
    pub social_media_id: Option<i64>,
    #[schema(required = true)]
    pub assigned_to: Option<i64>,
    pub assignment_note: String,
    /// Publication time (for a scheduled article, the time it will go live).
    #[schema(required = true, format = DateTime)]
    pub published_at: Option<String>,
    #[schema(format = DateTime)]
    pub modified_at: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Where readers find it once published.
    pub url: String,
}

impl Article {
    pub fn of(a: &EditableArticle, base_url: &str) -> Article {
        Article {
            id: a.id,
            revision: a.revision,
            status: a.status.as_str(),
            slug: a.input.slug.clone(),
            title: a.input.title.clone(),
            subtitle: a.input.subtitle.clone(),
            excerpt: a.input.excerpt.clone(),
            body: a.input.body_markdown.clone(),
            body_html: a.body_html.clone(),
            meta_description: a.input.meta_description.clone(),
            language: a.input.language.clone(),
            kind: a.input.kind.as_str(),
            source_outlet: a.input.source_outlet.clone(),
            source_url: a.input.source_url.clone(),
            source_language: a.input.source_language.clone(),
            category_id: a.input.category_id,
            tags: a.input.tags.clone(),
            author_ids: credited(&a.input, CreditRole::Author),
            translator_ids: credited(&a.input, CreditRole::Translator),
            featured_media_id: a.input.featured_media_id,
            social_media_id: a.input.social_media_id,
            assigned_to: a.input.assigned_to,
            assignment_note: a.input.assignment_note.clone(),
            published_at: a.published_at.map(rfc3339),
            modified_at: rfc3339(a.modified_at),
            created_at: rfc3339(a.created_at),
            url: format!(
                "{base_url}{}",
                gazette_core::urls::article_path(&a.input.slug)
            ),
        }
    }
}

/// The fields an article is created or updated with. On update, only the fields sent
/// change. Unknown fields are refused (422).
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ArticleWrite {
    /// Required on create.
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// Made from the title when empty.
    pub slug: Option<String>,
    pub excerpt: Option<String>,
    /// Markdown, or HTML with `body_format: "html"`; sanitised as in the editor.
    pub body: Option<String>,
    /// `markdown` (default) or `html`.
    pub body_format: Option<String>,
    pub meta_description: Option<String>,
    pub language: Option<String>,
    /// `original` (default), `translation` or `reprint`; the last two need
    /// `source_outlet` and `source_url`.
    pub kind: Option<String>,
    pub source_outlet: Option<String>,
    pub source_url: Option<String>,
    pub source_language: Option<String>,
    pub category_id: Option<i64>,
    pub tags: Option<Vec<String>>,
    pub author_ids: Option<Vec<i64>>,
    pub translator_ids: Option<Vec<i64>>,
    pub featured_media_id: Option<i64>,
    pub social_media_id: Option<i64>,
    pub assigned_to: Option<i64>,
    pub assignment_note: Option<String>,
    /// On update, instead of `If-Match`: the revision the change was made from.
    pub revision: Option<i64>,
}

/// A status change's body (optional but for `schedule`).
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct StatusWrite {
    /// For `schedule`: when to publish, RFC 3339 (e.g. `2026-05-01T09:30:00Z`), in the future.
    #[schema(format = DateTime)]
    pub publish_at: Option<String>,
    /// Instead of `If-Match`: the revision the move is made from (409 when stale).
    pub revision: Option<i64>,
}

/// One line of the article list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleLine {
    pub id: i64,
    pub revision: i64,
    pub status: String,
    pub slug: String,
    pub title: String,
    pub language: String,
    pub kind: String,
    #[schema(required = true)]
    pub category: Option<String>,
    #[schema(required = true)]
    pub byline: Option<String>,
    #[schema(format = DateTime)]
    pub modified_at: String,
    #[schema(required = true, format = DateTime)]
    pub published_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleList {
    pub items: Vec<ArticleLine>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A saved revision of an article's text.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionLine {
    pub id: i64,
    #[schema(format = DateTime)]
    pub at: String,
    #[schema(required = true)]
    pub user_name: Option<String>,
    /// An autosave of the editor (not a save).
    pub autosave: bool,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionList {
    pub items: Vec<RevisionLine>,
}

/// A picture in the media library.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediaItem {
    pub id: i64,
    pub url: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
}

/// A picture's texts; only those sent change.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct MediaWrite {
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// The multipart form of an upload.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct MediaUpload {
    /// The picture: JPEG, PNG, WebP or GIF, within the site's size and pixel limits.
    #[schema(value_type = String, format = Binary)]
    pub file: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryItem {
    pub id: i64,
    #[schema(required = true)]
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    /// `parent/child`.
    pub path: String,
}

impl From<&gazette_core::model::Category> for CategoryItem {
    fn from(c: &gazette_core::model::Category) -> Self {
        CategoryItem {
            id: c.id,
            parent_id: c.parent_id,
            slug: c.slug.clone(),
            name: c.name.clone(),
            path: c.path.clone(),
        }
    }
}

/// A category's fields; on update only those sent change.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct CategoryWrite {
    /// Required on create.
    pub name: Option<String>,
    /// Made from the name when empty.
    pub slug: Option<String>,
    /// `null` for a top-level category.
    pub parent_id: Option<i64>,
    pub description: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagItem {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Listed among the site's special topics.
    pub special: bool,
    /// Articles carrying it, whatever their status.
    pub articles: i64,
}

impl From<gazette_store::TagUsage> for TagItem {
    fn from(t: gazette_store::TagUsage) -> Self {
        TagItem {
            id: t.id,
            slug: t.slug,
            name: t.name,
            special: t.special != 0,
            articles: t.articles,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorItem {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub bio: String,
    pub avatar_url: Option<String>,
    /// The author's page on the site.
    pub url: String,
    /// Articles readers can see that credit the author (as author or translator).
    pub articles: i64,
}

/// A tag's new name, slug or special-topic mark; only those sent change.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct TagWrite {
    pub name: Option<String>,
    /// Made from the name when empty; a new slug leaves a redirect from the old address.
    pub slug: Option<String>,
    pub special: Option<bool>,
}

/// The tag a merge keeps.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct TagMerge {
    pub into_id: i64,
}

/// A static page's fields; on update only those sent change.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct PageWrite {
    /// Required on create.
    pub title: Option<String>,
    /// Made from the title when empty.
    pub slug: Option<String>,
    /// Markdown, sanitised as in the page editor.
    pub body: Option<String>,
    pub published: Option<bool>,
    /// Language code [default: the site's, or the page's on update].
    pub language: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageItem {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub language: String,
    pub published: bool,
}

impl From<gazette_core::model::Page> for PageItem {
    fn from(p: gazette_core::model::Page) -> Self {
        PageItem {
            id: p.id,
            slug: p.slug,
            title: p.title,
            language: p.language,
            published: p.published,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryList {
    pub items: Vec<CategoryItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagList {
    pub items: Vec<TagItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorList {
    pub items: Vec<AuthorItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageList {
    pub items: Vec<PageItem>,
}

/// A feed-desk source with its fetch state.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceItem {
    pub id: i64,
    pub name: String,
    /// The outlet named in attribution lines.
    pub outlet: String,
    pub home_url: String,
    pub feed_url: String,
    /// rss, atom, json or sitemap.
    pub feed_kind: String,
    pub language: String,
    pub category_id: Option<i64>,
    pub fetch_minutes: i64,
    /// Fetch each item's page for its full text.
    pub full_text: bool,
    pub css_selector: String,
    pub retention_days: i64,
    pub active: bool,
    #[schema(format = DateTime)]
    pub last_fetch_at: Option<String>,
    #[schema(format = DateTime)]
    pub last_success_at: Option<String>,
    /// The last failure in words, until a fetch succeeds.
    pub last_error: Option<String>,
    /// What the last successful round did, in words.
    pub last_outcome: String,
    #[schema(format = DateTime)]
    pub next_fetch_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceList {
    pub items: Vec<SourceItem>,
}

/// A source's settings; on create `name` and `feed_url` are needed, on update only those
/// sent change.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct SourceWrite {
    pub name: Option<String>,
    /// Defaults to the name.
    pub outlet: Option<String>,
    pub home_url: Option<String>,
    pub feed_url: Option<String>,
    /// rss (default), atom, json or sitemap.
    pub feed_kind: Option<String>,
    pub language: Option<String>,
    pub category_id: Option<i64>,
    /// 1 to 10080; default 15.
    pub fetch_minutes: Option<i64>,
    pub full_text: Option<bool>,
    pub css_selector: Option<String>,
    /// 1 to 3650; default 90.
    pub retention_days: Option<i64>,
    /// On update: stop (false) or restart (true) fetching.
    pub active: Option<bool>,
}

/// One article of a digest edition.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionItem {
    pub article_id: i64,
    /// An editors' pick, shown first.
    pub pick: bool,
    pub section: String,
    pub title: String,
    pub url: String,
    pub excerpt: String,
}

/// A digest edition.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub id: i64,
    /// `YYYY-MM-DD` in the site's time zone.
    pub date: String,
    pub language: String,
    /// daily or weekly.
    pub frequency: String,
    /// draft, held, sending, sent or skipped.
    pub status: String,
    /// When it goes out (or went).
    #[schema(format = DateTime)]
    pub slot_at: String,
    pub note: String,
    #[schema(format = DateTime)]
    pub composed_at: String,
    pub items: Vec<EditionItem>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionList {
    pub items: Vec<Edition>,
}

/// Hold an unsent edition (true) or let it go at its time (false).
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct HoldWrite {
    pub held: bool,
}
