//! Who may do what in the newsroom: the roles, the actions, and one explicit matrix.
//!
//! Every newsroom handler asks [`allows`] on the server before acting; nothing in the
//! browser is trusted. The matrix is a plain table so a reviewer can read the policy in one
//! screen, and the test below checks every cell against a table written out separately.

use serde::{Deserialize, Serialize};

/// A person's role. Staff are every role but `Subscriber`, who only reads and receives
/// the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Editor,
    Author,
    /// Translators and occasional writers: they write and submit, editors publish.
    Contributor,
    Subscriber,
}

crate::enum_names!(Role, "role", {
    Admin => "admin", Editor => "editor", Author => "author",
    Contributor => "contributor", Subscriber => "subscriber",
});

impl Role {
    /// Whether this role belongs to the newsroom (may open `/admin`).
    pub fn is_staff(self) -> bool {
        allows(self, Action::EnterNewsroom, Ownership::Own)
    }

    fn column(self) -> usize {
        match self {
            Role::Admin => 0,
            Role::Editor => 1,
            Role::Author => 2,
            Role::Contributor => 3,
            Role::Subscriber => 4,
        }
    }
}

/// Everything the newsroom can do. Actions on articles and media depend on whether the
/// person owns the thing (is its author or uploader); site-wide actions do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open `/admin` at all.
    EnterNewsroom,
    /// Manage one's own account: password, sessions.
    ManageOwnAccount,
    CreateDraft,
    /// Change the text and metadata of an article.
    Edit,
    /// Send a draft to the editors.
    SubmitForReview,
    /// Make an article public now.
    Publish,
    /// Set a future publication time.
    Schedule,
    /// Take a published article down.
    Unpublish,
    /// Append a correction note to a published article.
    AddCorrection,
    Delete,
    /// Upload media (own) or change and delete anyone's media (other).
    ManageMedia,
    ManageTaxonomy,
    ManagePages,
    ManageMenu,
    /// Source feeds that bring in translations and reprints.
    ManageSources,
    ManageSettings,
    /// Invite, change the role of, disable staff.
    ManageStaff,
    ViewAudit,
    /// Run a WordPress import or a reindex from the web.
    Import,
    /// Review, reorder, hold and send digest editions; see subscribers' numbers.
    ManageDigest,
}

// The snake_case names are used in the audit log and in refusal pages.
crate::enum_names!(Action, "action", {
    EnterNewsroom => "enter_newsroom",
    ManageOwnAccount => "manage_own_account",
    CreateDraft => "create_draft",
    Edit => "edit",
    SubmitForReview => "submit_for_review",
    Publish => "publish",
    Schedule => "schedule",
    Unpublish => "unpublish",
    AddCorrection => "add_correction",
    Delete => "delete",
    ManageMedia => "manage_media",
    ManageTaxonomy => "manage_taxonomy",
    ManagePages => "manage_pages",
    ManageMenu => "manage_menu",
    ManageSources => "manage_sources",
    ManageSettings => "manage_settings",
    ManageStaff => "manage_staff",
    ViewAudit => "view_audit",
    Import => "import",
    ManageDigest => "manage_digest",
});

impl Action {
    /// A phrase for "You need permission to …" pages.
    pub fn describe(self) -> &'static str {
        match self {
            Action::EnterNewsroom => "open the newsroom",
            Action::ManageOwnAccount => "manage your account",
            Action::CreateDraft => "write drafts",
            Action::Edit => "edit this article",
            Action::SubmitForReview => "submit articles for review",
            Action::Publish => "publish this article",
            Action::Schedule => "schedule this article",
            Action::Unpublish => "unpublish this article",
            Action::AddCorrection => "add corrections to this article",
            Action::Delete => "delete this article",
            Action::ManageMedia => "manage this media",
            Action::ManageTaxonomy => "manage categories and tags",
            Action::ManagePages => "manage pages",
            Action::ManageMenu => "manage the menu",
            Action::ManageSources => "manage source feeds",
            Action::ManageSettings => "change site settings",
            Action::ManageStaff => "manage staff",
            Action::ViewAudit => "read the audit log",
            Action::Import => "run imports",
            Action::ManageDigest => "manage the daily digest",
        }
    }
}

/// Whether the person acting owns the thing acted on. Site-wide actions ignore it; pass
/// `Other` for them, the stricter reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    Own,
    Other,
}

/// One cell: never, only on one's own things, or on anyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    No,
    Own,
    Any,
}

const N: Grant = Grant::No;
const O: Grant = Grant::Own;
const A: Grant = Grant::Any;

/// The policy. Columns: admin, editor, author, contributor, subscriber.
/// `A` anyone's, `O` only one's own, `N` never.
#[rustfmt::skip]
const MATRIX: &[(Action, [Grant; 5])] = &[
    //                         admin editor author contrib subscr
    (Action::EnterNewsroom,    [A,    A,     A,     A,      N]),
    (Action::ManageOwnAccount, [A,    A,     A,     A,      A]),
    (Action::CreateDraft,      [A,    A,     A,     A,      N]),
    (Action::Edit,             [A,    A,     O,     O,      N]),
    (Action::SubmitForReview,  [A,    A,     O,     O,      N]),
    (Action::Publish,          [A,    A,     O,     N,      N]),
    (Action::Schedule,         [A,    A,     O,     N,      N]),
    (Action::Unpublish,        [A,    A,     O,     N,      N]),
    (Action::AddCorrection,    [A,    A,     O,     N,      N]),
    (Action::Delete,           [A,    A,     O,     N,      N]),
    (Action::ManageMedia,      [A,    A,     O,     O,      N]),
    (Action::ManageTaxonomy,   [A,    A,     N,     N,      N]),
    (Action::ManagePages,      [A,    A,     N,     N,      N]),
    (Action::ManageMenu,       [A,    A,     N,     N,      N]),
    (Action::ManageSources,    [A,    A,     N,     N,      N]),
    (Action::ManageSettings,   [A,    N,     N,     N,      N]),
    (Action::ManageStaff,      [A,    N,     N,     N,      N]),
    (Action::ViewAudit,        [A,    N,     N,     N,      N]),
    (Action::Import,           [A,    N,     N,     N,      N]),
    (Action::ManageDigest,     [A,    A,     N,     N,      N]),
];

/// Whether `role` may perform `action` on something it does (`Own`) or does not (`Other`) own.
pub fn allows(role: Role, action: Action, ownership: Ownership) -> bool {
    let grant = MATRIX
        .iter()
        .find(|(a, _)| *a == action)
        .map_or(Grant::No, |(_, row)| row[role.column()]);
    match grant {
        Grant::No => false,
        Grant::Own => ownership == Ownership::Own,
        Grant::Any => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy written out again, independently of `MATRIX`, one cell per column:
    /// two letters per role, own then other (`y` allowed, `-` refused).
    const EXPECTED: &str = "
        action              admin editor author contributor subscriber
        enter_newsroom      yy    yy     yy     yy          --
        manage_own_account  yy    yy     yy     yy          yy
        create_draft        yy    yy     yy     yy          --
        edit                yy    yy     y-     y-          --
        submit_for_review   yy    yy     y-     y-          --
        publish             yy    yy     y-     --          --
        schedule            yy    yy     y-     --          --
        unpublish           yy    yy     y-     --          --
        add_correction      yy    yy     y-     --          --
        delete              yy    yy     y-     --          --
        manage_media        yy    yy     y-     y-          --
        manage_taxonomy     yy    yy     --     --          --
        manage_pages        yy    yy     --     --          --
        manage_menu         yy    yy     --     --          --
        manage_sources      yy    yy     --     --          --
        manage_settings     yy    --     --     --          --
        manage_staff        yy    --     --     --          --
        view_audit          yy    --     --     --          --
        import              yy    --     --     --          --
        manage_digest       yy    yy     --     --          --
    ";

    #[test]
    fn every_cell_matches_the_written_policy() {
        let mut lines = EXPECTED.lines().map(str::trim).filter(|l| !l.is_empty());
        let header: Vec<&str> = lines.next().unwrap().split_whitespace().skip(1).collect();
        let roles: Vec<Role> = header.iter().map(|r| r.parse().unwrap()).collect();
        assert_eq!(roles, Role::ALL, "the table lists every role in order");
        let mut seen = Vec::new();
        let mut cells = 0;
        for line in lines {
            let mut words = line.split_whitespace();
            let name = words.next().unwrap();
            let action = *Action::ALL
                .iter()
                .find(|a| a.as_str() == name)
                .unwrap_or_else(|| panic!("unknown action {name} in the table"));
            seen.push(action);
            for (role, pair) in roles.iter().zip(words) {
                let pair: Vec<char> = pair.chars().collect();
                for (ownership, mark) in [(Ownership::Own, pair[0]), (Ownership::Other, pair[1])] {
                    assert_eq!(
                        allows(*role, action, ownership),
                        mark == 'y',
                        "{role} {name} {ownership:?}"
                    );
                    cells += 1;
                }
            }
        }
        assert_eq!(seen, Action::ALL, "the table lists every action in order");
        assert_eq!(cells, Action::ALL.len() * Role::ALL.len() * 2);
        assert_eq!(
            MATRIX.len(),
            Action::ALL.len(),
            "the matrix has one row per action"
        );
    }

    #[test]
    fn the_issue_s_sentences_hold() {
        // A contributor submits for review but never publishes.
        assert!(allows(
            Role::Contributor,
            Action::SubmitForReview,
            Ownership::Own
        ));
        assert!(!allows(Role::Contributor, Action::Publish, Ownership::Own));
        // An author publishes only their own.
        assert!(allows(Role::Author, Action::Publish, Ownership::Own));
        assert!(!allows(Role::Author, Action::Publish, Ownership::Other));
        // An editor publishes and edits anyone's.
        assert!(allows(Role::Editor, Action::Publish, Ownership::Other));
        assert!(allows(Role::Editor, Action::Edit, Ownership::Other));
        // Only an admin manages staff and settings.
        for role in Role::ALL {
            for action in [Action::ManageStaff, Action::ManageSettings] {
                assert_eq!(
                    allows(*role, action, Ownership::Own),
                    *role == Role::Admin,
                    "{role}"
                );
            }
        }
        assert!(!Role::Subscriber.is_staff());
        assert!(Role::Contributor.is_staff());
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        let err = "owner".parse::<Role>().unwrap_err();
        assert!(err.to_string().contains("admin editor author"), "{err}");
    }
}
