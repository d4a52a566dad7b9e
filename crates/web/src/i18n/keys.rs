//! The catalogue keys Rust code uses, in one place so the catalogue test can check that
//! each exists in every language and that every catalogue key is used somewhere (templates
//! call `t("…")` with literal keys; the keys here are the ones chosen at run time).

use gazette_core::model::Kind;

pub const LEGAL_PRIVACY: &str = "legal-privacy";
pub const LEGAL_PRIVACY_INLINE: &str = "legal-privacy-inline";
pub const LEGAL_TERMS: &str = "legal-terms";
pub const LEGAL_TERMS_INLINE: &str = "legal-terms-inline";
pub const LEGAL_COOKIES: &str = "legal-cookies";
pub const LEGAL_COOKIES_INLINE: &str = "legal-cookies-inline";

pub const SOURCE_TRANSLATED: &str = "source-translated-from";
pub const SOURCE_REPRINTED: &str = "source-reprinted-from";

/// The words before a translation's or reprint's source outlet.
pub fn source_label(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Original => None,
        Kind::Translation => Some(SOURCE_TRANSLATED),
        Kind::Reprint => Some(SOURCE_REPRINTED),
    }
}

/// Error pages.
pub const ERROR_NOT_FOUND_TITLE: &str = "error-not-found-title";
pub const ERROR_NOT_FOUND: &str = "error-not-found";
pub const ERROR_BAD_REQUEST_TITLE: &str = "error-bad-request-title";
pub const ERROR_FORBIDDEN_TITLE: &str = "error-forbidden-title";
pub const ERROR_TITLE: &str = "error-title";
pub const ERROR_SERVER: &str = "error-server";
pub const ERROR_CSRF: &str = "error-csrf";

/// The names of languages (`language-az` …), looked up by code by the `language_name`
/// template function; a language without one here is named in English.
pub const LANGUAGE_NAMES: &[&str] = &["language-en", "language-az", "language-ru", "language-tr"];

/// Role names (`t("role-" ~ role)`), one per [`gazette_core::permissions::Role`].
pub const ROLE_NAMES: &[&str] = &[
    "role-admin",
    "role-editor",
    "role-author",
    "role-contributor",
    "role-subscriber",
];

/// Digest frequencies (`t("frequency-" ~ frequency)`).
pub const FREQUENCIES: &[&str] = &["frequency-daily", "frequency-weekly"];

/// Article statuses (`t("status-" ~ status)`), one per [`gazette_core::model::Status`].
pub const STATUS_NAMES: &[&str] = &[
    "status-draft",
    "status-review",
    "status-scheduled",
    "status-published",
    "status-unpublished",
    "status-trashed",
];

/// The article editor's buttons (their labels' keys; the template says `t(b.label)`).
pub const BUTTON_SAVE_DRAFT: &str = "button-save-draft";
pub const BUTTON_UPDATE: &str = "button-update";
pub const BUTTON_SAVE: &str = "save";
pub const BUTTON_REVIEW: &str = "button-review";
pub const BUTTON_PUBLISH: &str = "button-publish";
pub const BUTTON_SCHEDULE: &str = "button-schedule";
pub const BUTTON_UNPUBLISH: &str = "button-unpublish";
pub const BUTTON_DRAFT: &str = "button-draft";
pub const BUTTON_RESCHEDULE: &str = "button-reschedule";
pub const BUTTON_PUBLISH_AGAIN: &str = "button-publish-again";

/// The newsroom's sections (its navigation).
pub const NAV_DASHBOARD: &str = "nav-dashboard";
pub const NAV_ARTICLES: &str = "nav-articles";
pub const NAV_REVIEW: &str = "nav-review";
pub const NAV_DESK: &str = "nav-desk";
pub const NAV_MEDIA: &str = "nav-media";
pub const NAV_PAGES: &str = "nav-pages";
pub const NAV_CATEGORIES: &str = "nav-categories";
pub const NAV_TAGS: &str = "nav-tags";
pub const NAV_MENU: &str = "nav-menu";
pub const NAV_STAFF: &str = "nav-staff";
pub const NAV_SETTINGS: &str = "nav-settings";
pub const NAV_DIGEST: &str = "nav-digest";
pub const NAV_API_KEYS: &str = "nav-api-keys";
pub const NAV_AUDIT: &str = "nav-audit";

/// Notices after a newsroom action (a `?done=` code turned into words); the newsroom
/// shell translates a notice that is one of these keys.
pub const NOTICE_ARTICLE_CREATED: &str = "notice-article-created";
pub const NOTICE_SAVED: &str = "notice-saved";
pub const NOTICE_ARTICLE_REVIEW: &str = "notice-article-review";
pub const NOTICE_ARTICLE_PUBLISHED: &str = "notice-article-published";
pub const NOTICE_ARTICLE_SCHEDULED: &str = "notice-article-scheduled";
pub const NOTICE_ARTICLE_UNPUBLISHED: &str = "notice-article-unpublished";
pub const NOTICE_ARTICLE_DRAFT: &str = "notice-article-draft";
pub const NOTICE_ARTICLE_CORRECTED: &str = "notice-article-corrected";
pub const NOTICE_ARTICLE_RESTORED: &str = "notice-article-restored";
pub const NOTICE_ARTICLE_DELETED: &str = "notice-article-deleted";
pub const NOTICE_ARTICLE_TRASHED: &str = "notice-article-trashed";
pub const NOTICE_ARTICLE_UNTRASHED: &str = "notice-article-untrashed";
/// The article list's bulk actions (the template says `t(a.label)`).
pub const BULK_REVIEW: &str = "bulk-review";
pub const BULK_PUBLISH: &str = "bulk-publish";
pub const BULK_UNPUBLISH: &str = "bulk-unpublish";
pub const BULK_DRAFT: &str = "bulk-draft";
pub const BULK_TRASH: &str = "bulk-trash";
pub const BULK_RESTORE: &str = "bulk-restore";
pub const BULK_PURGE: &str = "bulk-purge";
pub const NOTICE_ARTICLE_IMAGE: &str = "notice-article-image";
pub const NOTICE_CATEGORY_CREATED: &str = "notice-category-created";
pub const NOTICE_CATEGORY_SAVED: &str = "notice-category-saved";
pub const NOTICE_CATEGORY_MOVED: &str = "notice-category-moved";
pub const NOTICE_CATEGORY_DELETED: &str = "notice-category-deleted";
pub const NOTICE_PAGE_CREATED: &str = "notice-page-created";
pub const NOTICE_PAGE_SAVED: &str = "notice-page-saved";
pub const NOTICE_PAGE_DELETED: &str = "notice-page-deleted";
pub const NOTICE_STAFF_ROLE: &str = "notice-staff-role";
pub const NOTICE_STAFF_DISABLED: &str = "notice-staff-disabled";
pub const NOTICE_STAFF_ENABLED: &str = "notice-staff-enabled";
pub const NOTICE_STAFF_RESENT: &str = "notice-staff-resent";
pub const NOTICE_STAFF_BYLINE: &str = "notice-staff-byline";
pub const NOTICE_TAG_SAVED: &str = "notice-tag-saved";
pub const NOTICE_TAG_SPECIAL: &str = "notice-tag-special";
pub const NOTICE_TAG_MERGED: &str = "notice-tag-merged";
pub const NOTICE_TAG_DELETED: &str = "notice-tag-deleted";
pub const NOTICE_DESK_SOURCE_ADDED: &str = "notice-desk-source-added";
pub const NOTICE_DESK_SOURCE_SAVED: &str = "notice-desk-source-saved";
pub const NOTICE_DESK_SOURCE_ON: &str = "notice-desk-source-on";
pub const NOTICE_DESK_SOURCE_OFF: &str = "notice-desk-source-off";

pub use super::keys_messages::*;
