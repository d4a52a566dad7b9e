//! The catalogue keys of the words newsroom handlers and mails compose in Rust (notices,
//! refusals of a form, labels built from data, the mails' sentences), re-exported by
//! [`super::keys`]. Kept apart from `keys.rs` so that work on different areas adds to
//! different files; the catalogue test reads both.

/// Screen titles and labels a handler fills in.
pub const ALT_TEXT: &str = "alt-text";
pub const AUDIT_ANONYMOUS: &str = "audit-anonymous";
pub const AUDIT_COMMAND_LINE: &str = "audit-command-line";
pub const AUDIT_DELETED_USER: &str = "audit-deleted-user";
pub const AUDIT_SCHEDULER: &str = "audit-scheduler";
pub const DIGEST_ADMIN_TITLE: &str = "digest-admin-title";
pub const KEY_CREATED: &str = "key-created";
pub const MEDIA_CAPTION: &str = "media-caption";
pub const MEDIA_CREDIT: &str = "media-credit";
pub const MEDIA_IN_USE: &str = "media-in-use";
pub const MEDIA_UPLOADED_MANY: &str = "media-uploaded-many";
pub const MEDIA_USED_ARTICLE: &str = "media-used-article";
pub const MEDIA_USED_BODY: &str = "media-used-body";
pub const MEDIA_USED_FEATURED: &str = "media-used-featured";
pub const MEDIA_USED_PAGE: &str = "media-used-page";
pub const MEDIA_USED_SOCIAL: &str = "media-used-social";
pub const MENU_NO_LABEL: &str = "menu-no-label";
pub const MENU_ROW: &str = "menu-row";
pub const MENU_ROW_LABELLED: &str = "menu-row-labelled";
pub const REVISIONS: &str = "revisions";
pub const TRANSLATIONS: &str = "translations";

/// Notices after an action (the newsroom shell says a `notice-…` key in the page's language).
pub const NOTICE_EDITION_RESENT: &str = "notice-edition-resent";
pub const NOTICE_EDITION_SAVED: &str = "notice-edition-saved";
pub const NOTICE_EDITION_SENDING: &str = "notice-edition-sending";
pub const NOTICE_KEY_REVOKED: &str = "notice-key-revoked";
pub const NOTICE_MEDIA_DELETED: &str = "notice-media-deleted";
pub const NOTICE_MEDIA_UPLOADED_ONE: &str = "notice-media-uploaded-one";
pub const NOTICE_MENU_AUTOMATIC: &str = "notice-menu-automatic";
pub const NOTICE_MENU_SAVED: &str = "notice-menu-saved";
pub const NOTICE_MENU_UNSAVED: &str = "notice-menu-unsaved";
pub const NOTICE_PICK_ADDED: &str = "notice-pick-added";
pub const NOTICE_PICK_REMOVED: &str = "notice-pick-removed";
pub const NOTICE_TRANSLATION_LINKED: &str = "notice-translation-linked";
pub const NOTICE_TRANSLATION_UNLINKED: &str = "notice-translation-unlinked";

/// Why a form was refused (each names the field and says what to do).
pub const PROBLEM_ALT_TOO_LONG: &str = "problem-alt-too-long";
pub const PROBLEM_AUDIT_PAGE: &str = "problem-audit-page";
pub const PROBLEM_AUDIT_USER: &str = "problem-audit-user";
pub const PROBLEM_CHOOSE_ORIGINAL: &str = "problem-choose-original";
pub const PROBLEM_DIGEST_NOTE: &str = "problem-digest-note";
pub const PROBLEM_DIGEST_ORDER: &str = "problem-digest-order";
pub const PROBLEM_EDITION_FROZEN: &str = "problem-edition-frozen";
pub const PROBLEM_EDITION_GONE_OUT: &str = "problem-edition-gone-out";
pub const PROBLEM_KEY_DAYS: &str = "problem-key-days";
pub const PROBLEM_KEY_KIND: &str = "problem-key-kind";
pub const PROBLEM_KEY_NAME_EMPTY: &str = "problem-key-name-empty";
pub const PROBLEM_KEY_NAME_LONG: &str = "problem-key-name-long";
pub const PROBLEM_KEY_ROLE: &str = "problem-key-role";
pub const PROBLEM_MENU_BAD_PATH: &str = "problem-menu-bad-path";
pub const PROBLEM_MENU_BAD_URL: &str = "problem-menu-bad-url";
pub const PROBLEM_MENU_CATEGORY: &str = "problem-menu-category";
pub const PROBLEM_MENU_EMPTY: &str = "problem-menu-empty";
pub const PROBLEM_MENU_HAS_CHILDREN: &str = "problem-menu-has-children";
pub const PROBLEM_MENU_LABEL_EMPTY: &str = "problem-menu-label-empty";
pub const PROBLEM_MENU_LABEL_LONG: &str = "problem-menu-label-long";
pub const PROBLEM_MENU_OWN_PARENT: &str = "problem-menu-own-parent";
pub const PROBLEM_MENU_PAGE: &str = "problem-menu-page";
pub const PROBLEM_MENU_PARENT_NESTED: &str = "problem-menu-parent-nested";
pub const PROBLEM_MENU_POSITION: &str = "problem-menu-position";
pub const PROBLEM_MENU_TAG: &str = "problem-menu-tag";
pub const PROBLEM_MENU_TARGET: &str = "problem-menu-target";
pub const PROBLEM_MENU_TOO_MANY: &str = "problem-menu-too-many";
pub const PROBLEM_NO_PICTURE: &str = "problem-no-picture";
pub const PROBLEM_ORIGINAL_GONE: &str = "problem-original-gone";
pub const PROBLEM_PICK_UNKNOWN: &str = "problem-pick-unknown";
pub const PROBLEM_TEXT_CONTROL: &str = "problem-text-control";
pub const PROBLEM_TEXT_TOO_LONG: &str = "problem-text-too-long";

/// Digest edition statuses (`t("edition-" ~ e.status)`).
pub const EDITION_STATUSES: &[&str] = &[
    "edition-draft",
    "edition-held",
    "edition-sending",
    "edition-sent",
    "edition-skipped",
];

/// Subscriber counts by status (`t("subscribers-" ~ s[0], n=…)`).
pub const SUBSCRIBER_STATUSES: &[&str] = &[
    "subscribers-pending",
    "subscribers-confirmed",
    "subscribers-unsubscribed",
    "subscribers-suppressed",
];

/// What a menu entry points at (`t("menu-kind-" ~ k)`).
pub const MENU_KINDS: &[&str] = &[
    "menu-kind-category",
    "menu-kind-tag",
    "menu-kind-page",
    "menu-kind-url",
];

/// An API key's state (`t("api-key-" ~ k.state)`).
pub const API_KEY_STATES: &[&str] = &["api-key-active", "api-key-expired", "api-key-revoked"];
