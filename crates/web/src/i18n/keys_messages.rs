//! The catalogue keys of the words newsroom handlers and mails compose in Rust (notices,
//! refusals of a form, labels built from data, the mails' sentences), re-exported by
//! [`super::keys`]. Kept apart from `keys.rs` so that work on different areas adds to
//! different files; the catalogue test reads both.

/// Screen titles and labels a handler fills in.
pub const NEW_ARTICLE: &str = "new-article";
pub const EDIT_ARTICLE: &str = "edit-article";
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
pub const MEDIA_USED_SITE: &str = "media-used-site";
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
pub const PROBLEM_SUBSCRIBE_LIMITED: &str = "problem-subscribe-limited";
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

/// The mails (`emails.ftl`), composed by `crate::mails`.
pub const MAIL_INVITE_SUBJECT: &str = "mail-invite-subject";
pub const MAIL_INVITE_INTRO: &str = "mail-invite-intro";
pub const MAIL_INVITE_OPEN: &str = "mail-invite-open";
pub const MAIL_INVITE_ONCE: &str = "mail-invite-once";
pub const MAIL_RESET_SUBJECT: &str = "mail-reset-subject";
pub const MAIL_RESET_INTRO: &str = "mail-reset-intro";
pub const MAIL_RESET_OPEN: &str = "mail-reset-open";
pub const MAIL_RESET_ONCE: &str = "mail-reset-once";
pub const MAIL_CONFIRM_SUBJECT: &str = "mail-confirm-subject";
pub const MAIL_CONFIRM_INTRO: &str = "mail-confirm-intro";
pub const MAIL_CONFIRM_OPEN: &str = "mail-confirm-open";
pub const MAIL_CONFIRM_IGNORE: &str = "mail-confirm-ignore";
pub const MAIL_ALREADY_SUBJECT: &str = "mail-already-subject";
pub const MAIL_ALREADY_INTRO: &str = "mail-already-intro";
pub const MAIL_ALREADY_CHANGE: &str = "mail-already-change";
pub const MAIL_DIGEST_DAILY: &str = "mail-digest-daily";
pub const MAIL_DIGEST_WEEKLY: &str = "mail-digest-weekly";
pub const DIGEST_PICKS: &str = "digest-picks";
pub const MAIL_DIGEST_WHY: &str = "mail-digest-why";
pub const MAIL_DIGEST_READ_ON_WEB: &str = "mail-digest-read-on-web";
pub const MAIL_DIGEST_CHANGE: &str = "mail-digest-change";
pub const MAIL_DIGEST_UNSUBSCRIBE: &str = "mail-digest-unsubscribe";
pub const MAIL_DIGEST_ON_WEB_LABEL: &str = "mail-digest-on-web-label";
pub const MAIL_DIGEST_PREFERENCES_LABEL: &str = "mail-digest-preferences-label";

/// The digest's pages behind a subscriber's signed links.
pub const CONFIRM_TITLE: &str = "confirm-title";
pub const PREFERENCES_TITLE: &str = "preferences-title";
pub const UNSUBSCRIBE: &str = "unsubscribe";
pub const DIGEST_SUBSCRIBED: &str = "digest-subscribed";
pub const DIGEST_ALREADY_CONFIRMED: &str = "digest-already-confirmed";
pub const DIGEST_THANK_YOU: &str = "digest-thank-you";
pub const DIGEST_YOUR_PREFERENCES: &str = "digest-your-preferences";
pub const DIGEST_ENDED: &str = "digest-ended";
pub const DIGEST_ENDED_TEXT: &str = "digest-ended-text";
pub const DIGEST_SUBSCRIBE_AGAIN: &str = "digest-subscribe-again";
pub const DIGEST_DATA_DELETED: &str = "digest-data-deleted";
pub const DIGEST_DATA_DELETED_TEXT: &str = "digest-data-deleted-text";
pub const DIGEST_UNSUBSCRIBED: &str = "digest-unsubscribed";
pub const DIGEST_UNSUBSCRIBED_TEXT: &str = "digest-unsubscribed-text";

/// The names of article fields a core refusal starts with (`field-…`, see
/// `gazette_core::article_input`); the refusals' own keys are the `Problem::new("…")` of the
/// core and of the newsroom's article form, which the catalogue test reads from
/// their sources.
pub const FIELD_NAMES: &[&str] = &[
    "field-title",
    "field-subtitle",
    "field-excerpt",
    "field-body",
    "field-meta-description",
    "field-source-outlet",
    "field-source-url",
    "field-source-language",
    "field-assignment-note",
    "field-tags",
];

/// The desk source form's refusals of what it cannot read (the rules are the core's).
pub const PROBLEM_DESK_CATEGORY: &str = "problem-desk-category";
pub const PROBLEM_DESK_FOLLOWED: &str = "problem-desk-followed";
pub const PROBLEM_DESK_INTERVAL_NUMBER: &str = "problem-desk-interval-number";
pub const PROBLEM_DESK_RETENTION_NUMBER: &str = "problem-desk-retention-number";
pub const PROBLEM_DESK_SELECTOR: &str = "problem-desk-selector";

/// The site settings form: its title, the field names its refusals say, its refusals.
pub const SETTINGS_TITLE: &str = "settings-title";
pub const SETTINGS_NAME: &str = "settings-name";
pub const SETTINGS_TAGLINE: &str = "settings-tagline";
pub const SETTINGS_ABOUT: &str = "settings-about";
pub const SETTINGS_PRIVACY_PAGE: &str = "settings-privacy-page";
pub const SETTINGS_TERMS_PAGE: &str = "settings-terms-page";
pub const SETTINGS_COOKIES_PAGE: &str = "settings-cookies-page";
pub const STATUS_UNPUBLISHED: &str = "status-unpublished";
pub const NOTICE_SETTINGS_SAVED: &str = "notice-settings-saved";
pub const PROBLEM_SETTINGS_NAME_EMPTY: &str = "problem-settings-name-empty";
pub const PROBLEM_SETTINGS_TOO_LONG: &str = "problem-settings-too-long";
pub const PROBLEM_SETTINGS_CONTACT: &str = "problem-settings-contact";
pub const PROBLEM_SETTINGS_LANGUAGE: &str = "problem-settings-language";
pub const PROBLEM_SETTINGS_OTHER_LANGUAGE: &str = "problem-settings-other-language";
pub const PROBLEM_SETTINGS_TOO_MANY_LANGUAGES: &str = "problem-settings-too-many-languages";
pub const PROBLEM_SETTINGS_TOO_MANY_SOCIAL: &str = "problem-settings-too-many-social";
pub const PROBLEM_SETTINGS_NETWORK_EMPTY: &str = "problem-settings-network-empty";
pub const PROBLEM_SETTINGS_NETWORK_LONG: &str = "problem-settings-network-long";
pub const PROBLEM_SETTINGS_SOCIAL_URL: &str = "problem-settings-social-url";
pub const PROBLEM_SETTINGS_NO_PAGE: &str = "problem-settings-no-page";
pub const PROBLEM_SETTINGS_SOCIAL_IMAGE: &str = "problem-settings-social-image";
/// Why a web address (a social link) is refused; `value` is the address.
pub const PROBLEM_URL_SCHEME: &str = "problem-url-scheme";
pub const PROBLEM_URL_HOST: &str = "problem-url-host";
pub const PROBLEM_URL_CHARS: &str = "problem-url-chars";

/// Screen titles said through the catalogue (some with the name of what is edited).
pub const NEWSROOM: &str = "newsroom";
pub const NEW_PAGE: &str = "new-page";
pub const EDIT_PAGE: &str = "edit-page";
pub const EDIT_NAMED: &str = "edit-named";
pub const TAG_HEADING: &str = "tag-heading";
pub const DESK_SOURCES_TITLE: &str = "desk-sources-title";
pub const DESK_SOURCE_TITLE: &str = "desk-source-title";
pub const DESK_ADD_SOURCE: &str = "desk-add-source";

/// The page editor's refusals.
pub const PROBLEM_PAGE_TITLE_EMPTY: &str = "problem-page-title-empty";
pub const PROBLEM_PAGE_TITLE_LONG: &str = "problem-page-title-long";
pub const PROBLEM_PAGE_SLUG: &str = "problem-page-slug";
pub const PROBLEM_PAGE_BODY_LONG: &str = "problem-page-body-long";
pub const PROBLEM_PAGE_LANGUAGE: &str = "problem-page-language";
pub const PROBLEM_PAGE_LEGAL: &str = "problem-page-legal";
pub const PROBLEM_PAGE_TAKEN: &str = "problem-page-taken";
pub const PROBLEM_PAGE_STORE: &str = "problem-page-store";
pub const PROBLEM_PAGE_DELETE_CONFIRM: &str = "problem-page-delete-confirm";
pub const PROBLEM_PAGE_DELETE_LEGAL: &str = "problem-page-delete-legal";

/// The tag screen's refusals.
pub const PROBLEM_TAG_NAME_EMPTY: &str = "problem-tag-name-empty";
pub const PROBLEM_TAG_NAME_LONG: &str = "problem-tag-name-long";
pub const PROBLEM_TAG_SLUG: &str = "problem-tag-slug";
pub const PROBLEM_TAG_SLUG_TAKEN: &str = "problem-tag-slug-taken";
pub const PROBLEM_TAG_MERGE_EMPTY: &str = "problem-tag-merge-empty";
pub const PROBLEM_TAG_MERGE_UNKNOWN: &str = "problem-tag-merge-unknown";
pub const PROBLEM_TAG_MERGE_ITSELF: &str = "problem-tag-merge-itself";
pub const PROBLEM_TAG_DELETE_CONFIRM: &str = "problem-tag-delete-confirm";

/// The category forms' refusals.
pub const PROBLEM_CATEGORY_NAME: &str = "problem-category-name";
pub const PROBLEM_CATEGORY_SLUG: &str = "problem-category-slug";
pub const PROBLEM_CATEGORY_PARENT: &str = "problem-category-parent";
pub const PROBLEM_CATEGORY_STORE: &str = "problem-category-store";
pub const PROBLEM_CATEGORY_TAKEN: &str = "problem-category-taken";
pub const PROBLEM_CATEGORY_NOT_DELETED: &str = "problem-category-not-deleted";
pub const PROBLEM_DESK_STORE: &str = "problem-desk-store";
pub const PROBLEM_DESK_OPML_EMPTY: &str = "problem-desk-opml-empty";
pub const PROBLEM_DESK_OPML_UNREADABLE: &str = "problem-desk-opml-unreadable";
pub const PROBLEM_DESK_NOT_IMPORTED: &str = "problem-desk-not-imported";
pub const PROBLEM_DESK_ADDRESS_EMPTY: &str = "problem-desk-address-empty";
pub const PROBLEM_DESK_NO_FEED: &str = "problem-desk-no-feed";

/// The bulk actions on the article list: what was done, what was refused and why.
pub const BULK_DONE_REVIEW: &str = "bulk-done-review";
pub const BULK_DONE_PUBLISH: &str = "bulk-done-publish";
pub const BULK_DONE_UNPUBLISH: &str = "bulk-done-unpublish";
pub const BULK_DONE_DRAFT: &str = "bulk-done-draft";
pub const BULK_DONE_TRASH: &str = "bulk-done-trash";
pub const BULK_DONE_RESTORE: &str = "bulk-done-restore";
pub const BULK_DONE_PURGE: &str = "bulk-done-purge";
pub const BULK_REPORT: &str = "bulk-report";
pub const BULK_REPORT_REFUSED: &str = "bulk-report-refused";
pub const BULK_NOT_AN_ID: &str = "bulk-not-an-id";
pub const BULK_MISSING: &str = "bulk-missing";
pub const BULK_NOT_ALLOWED: &str = "bulk-not-allowed";
pub const BULK_REFUSED_BECAUSE: &str = "bulk-refused-because";
pub const PROBLEM_BULK_ACTION: &str = "problem-bulk-action";
pub const PROBLEM_BULK_PURGE_CONFIRM: &str = "problem-bulk-purge-confirm";

/// The desk's keyword alerts.
pub const PROBLEM_ALERT_EMPTY: &str = "problem-alert-empty";
pub const PROBLEM_ALERT_LONG: &str = "problem-alert-long";
pub const PROBLEM_ALERT_TOO_MANY: &str = "problem-alert-too-many";

/// Inviting a staff member.
pub const NOTICE_INVITATION_SENT: &str = "notice-invitation-sent";
pub const PROBLEM_INVITE_EMAIL: &str = "problem-invite-email";
pub const PROBLEM_INVITE_ROLE: &str = "problem-invite-role";
pub const PROBLEM_INVITE_TAKEN: &str = "problem-invite-taken";
