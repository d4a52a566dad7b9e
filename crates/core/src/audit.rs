//! The audit log's actions, as a type. The newsroom's audit page and its filter show these
//! names, and tests and operators search for them, so they are kept exactly as stored
//! before this type existed (including the one odd name, `publish (scheduled)`); a new
//! action is a new variant here, which also says what kind of thing it is about.

use std::fmt;
use std::str::FromStr;

use crate::model::{Status, UnknownValue};

/// Something a person (or the scheduler) did that the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    ArticleCreate,
    ArticleEdit,
    ArticleCorrection,
    ArticleDelete,
    ArticleRestore,
    ArticleFeaturedImage,
    /// An article taken back out of the trash (as a draft).
    ArticleUntrash,
    /// An article moved to this status by a person.
    ArticleStatus(Status),
    /// The scheduler published an article whose time had come.
    PublishScheduled,
    CategoryCreate,
    CategoryUpdate,
    CategoryReorder,
    CategoryDelete,
    TagUpdate,
    TagMerge,
    TagDelete,
    PageCreate,
    PageUpdate,
    PageDelete,
    MediaUpload,
    MediaUpdate,
    MediaDelete,
    SettingsUpdate,
    MenuUpdate,
    UserCreate,
    UserPassword,
    UserRole,
    UserDisable,
    UserEnable,
    UserByline,
    /// A setup, reset or invitation link was issued.
    TokenSetup,
    TokenReset,
    TokenInvite,
    /// A setup, reset or invitation link was used.
    SetupComplete,
    ResetComplete,
    InviteComplete,
    SessionSignIn,
    SessionSignInFailed,
    SessionSignOut,
    SessionRevoke,
    SessionRevokeOthers,
    /// The feed desk: a source was added (by hand or from OPML) or changed.
    DeskSourceCreate,
    DeskSourceUpdate,
    /// A desk source deleted with its items (through the Admin API).
    DeskSourceDelete,
    /// The digest (issue 15): an edition's note, order, items or hold changed; an edition
    /// released to go now; its uncertain deliveries resent; an editors' pick added or removed.
    DigestEdit,
    DigestSend,
    DigestResend,
    DigestPick,
    /// The Admin API (issue 17): a key created or revoked.
    ApiKeyCreate,
    ApiKeyRevoke,
}

impl AuditAction {
    /// Every action, in declaration order.
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::ArticleCreate,
        AuditAction::ArticleEdit,
        AuditAction::ArticleCorrection,
        AuditAction::ArticleDelete,
        AuditAction::ArticleRestore,
        AuditAction::ArticleFeaturedImage,
        AuditAction::ArticleUntrash,
        AuditAction::ArticleStatus(Status::Draft),
        AuditAction::ArticleStatus(Status::Review),
        AuditAction::ArticleStatus(Status::Scheduled),
        AuditAction::ArticleStatus(Status::Published),
        AuditAction::ArticleStatus(Status::Unpublished),
        AuditAction::ArticleStatus(Status::Trashed),
        AuditAction::PublishScheduled,
        AuditAction::CategoryCreate,
        AuditAction::CategoryUpdate,
        AuditAction::CategoryReorder,
        AuditAction::CategoryDelete,
        AuditAction::TagUpdate,
        AuditAction::TagMerge,
        AuditAction::TagDelete,
        AuditAction::PageCreate,
        AuditAction::PageUpdate,
        AuditAction::PageDelete,
        AuditAction::MediaUpload,
        AuditAction::MediaUpdate,
        AuditAction::MediaDelete,
        AuditAction::SettingsUpdate,
        AuditAction::MenuUpdate,
        AuditAction::UserCreate,
        AuditAction::UserPassword,
        AuditAction::UserRole,
        AuditAction::UserDisable,
        AuditAction::UserEnable,
        AuditAction::UserByline,
        AuditAction::TokenSetup,
        AuditAction::TokenReset,
        AuditAction::TokenInvite,
        AuditAction::SetupComplete,
        AuditAction::ResetComplete,
        AuditAction::InviteComplete,
        AuditAction::SessionSignIn,
        AuditAction::SessionSignInFailed,
        AuditAction::SessionSignOut,
        AuditAction::SessionRevoke,
        AuditAction::SessionRevokeOthers,
        AuditAction::DeskSourceCreate,
        AuditAction::DeskSourceUpdate,
        AuditAction::DeskSourceDelete,
        AuditAction::DigestEdit,
        AuditAction::DigestSend,
        AuditAction::DigestResend,
        AuditAction::DigestPick,
        AuditAction::ApiKeyCreate,
        AuditAction::ApiKeyRevoke,
    ];

    /// The name stored in the `action` column.
    pub fn as_str(self) -> &'static str {
        use AuditAction::*;
        match self {
            ArticleCreate => "article.create",
            ArticleEdit => "article.edit",
            ArticleCorrection => "article.correction",
            ArticleDelete => "article.delete",
            ArticleRestore => "article.restore",
            ArticleFeaturedImage => "article.featured_image",
            ArticleStatus(Status::Draft) => "article.draft",
            ArticleStatus(Status::Review) => "article.review",
            ArticleStatus(Status::Scheduled) => "article.scheduled",
            ArticleStatus(Status::Published) => "article.published",
            ArticleStatus(Status::Unpublished) => "article.unpublished",
            ArticleStatus(Status::Trashed) => "article.trashed",
            ArticleUntrash => "article.untrashed",
            PublishScheduled => "publish (scheduled)",
            CategoryCreate => "category.create",
            CategoryUpdate => "category.update",
            CategoryReorder => "category.reorder",
            CategoryDelete => "category.delete",
            TagUpdate => "tag.update",
            TagMerge => "tag.merge",
            TagDelete => "tag.delete",
            PageCreate => "page.create",
            PageUpdate => "page.update",
            PageDelete => "page.delete",
            MediaUpload => "media.upload",
            MediaUpdate => "media.update",
            MediaDelete => "media.delete",
            SettingsUpdate => "settings.update",
            MenuUpdate => "menu.update",
            UserCreate => "user.create",
            UserPassword => "user.password",
            UserRole => "user.role",
            UserDisable => "user.disable",
            UserEnable => "user.enable",
            UserByline => "user.byline",
            TokenSetup => "token.setup",
            TokenReset => "token.reset",
            TokenInvite => "token.invite",
            SetupComplete => "setup.complete",
            ResetComplete => "reset.complete",
            InviteComplete => "invite.complete",
            SessionSignIn => "session.sign_in",
            SessionSignInFailed => "session.sign_in_failed",
            SessionSignOut => "session.sign_out",
            SessionRevoke => "session.revoke",
            SessionRevokeOthers => "session.revoke_others",
            DeskSourceCreate => "desk_source.create",
            DeskSourceUpdate => "desk_source.update",
            DeskSourceDelete => "desk_source.delete",
            DigestEdit => "digest.edit",
            DigestSend => "digest.send",
            DigestResend => "digest.resend",
            DigestPick => "digest.pick",
            ApiKeyCreate => "api_key.create",
            ApiKeyRevoke => "api_key.revoke",
        }
    }

    /// The kind of thing the entry is about, stored in the `entity` column. A failed
    /// sign-in is about the user whose account was tried; a sign-out about sessions.
    pub fn entity(self) -> &'static str {
        use AuditAction::*;
        match self {
            ArticleCreate | ArticleEdit | ArticleCorrection | ArticleDelete | ArticleRestore
            | ArticleFeaturedImage | ArticleUntrash | ArticleStatus(_) | PublishScheduled => {
                "article"
            }
            CategoryCreate | CategoryUpdate | CategoryReorder | CategoryDelete => "category",
            TagUpdate | TagMerge | TagDelete => "tag",
            PageCreate | PageUpdate | PageDelete => "page",
            MediaUpload | MediaUpdate | MediaDelete => "media",
            SettingsUpdate | MenuUpdate => "settings",
            UserCreate | UserPassword | UserRole | UserDisable | UserEnable | UserByline
            | TokenSetup | TokenReset | TokenInvite | SetupComplete | ResetComplete
            | InviteComplete | SessionSignInFailed => "user",
            SessionSignIn | SessionSignOut | SessionRevoke | SessionRevokeOthers => "session",
            DeskSourceCreate | DeskSourceUpdate | DeskSourceDelete => "desk_source",
            DigestEdit | DigestSend | DigestResend | DigestPick => "digest",
            ApiKeyCreate | ApiKeyRevoke => "api_key",
        }
    }
}

impl FromStr for AuditAction {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuditAction::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| UnknownValue {
                what: "audit action",
                value: s.to_owned(),
                expected: "an action the audit log records, e.g. article.create",
            })
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_name() {
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(*a), "{a}");
        }
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            AuditAction::ALL.len(),
            "two actions share a name"
        );
    }

    #[test]
    fn names_are_the_ones_already_stored() {
        let expected = [
            "article.create",
            "article.edit",
            "article.correction",
            "article.delete",
            "article.restore",
            "article.featured_image",
            "article.untrashed",
            "article.draft",
            "article.review",
            "article.scheduled",
            "article.published",
            "article.unpublished",
            "article.trashed",
            "publish (scheduled)",
            "category.create",
            "category.update",
            "category.reorder",
            "category.delete",
            "tag.update",
            "tag.merge",
            "tag.delete",
            "page.create",
            "page.update",
            "page.delete",
            "media.upload",
            "media.update",
            "media.delete",
            "settings.update",
            "menu.update",
            "user.create",
            "user.password",
            "user.role",
            "user.disable",
            "user.enable",
            "user.byline",
            "token.setup",
            "token.reset",
            "token.invite",
            "setup.complete",
            "reset.complete",
            "invite.complete",
            "session.sign_in",
            "session.sign_in_failed",
            "session.sign_out",
            "session.revoke",
            "session.revoke_others",
            "desk_source.create",
            "desk_source.update",
            "desk_source.delete",
            "digest.edit",
            "digest.send",
            "digest.resend",
            "digest.pick",
            "api_key.create",
            "api_key.revoke",
        ];
        let names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn entities_follow_the_action() {
        assert_eq!(AuditAction::PublishScheduled.entity(), "article");
        assert_eq!(
            AuditAction::ArticleStatus(Status::Published).entity(),
            "article"
        );
        assert_eq!(AuditAction::MenuUpdate.entity(), "settings");
        assert_eq!(AuditAction::SessionSignInFailed.entity(), "user");
        assert_eq!(AuditAction::SessionSignOut.entity(), "session");
        assert_eq!(AuditAction::InviteComplete.entity(), "user");
    }

    #[test]
    fn unknown_names_are_an_error_not_a_panic() {
        let err = "article.publish".parse::<AuditAction>().unwrap_err();
        assert!(err.to_string().contains("`article.publish`"), "{err}");
    }
}
