//! The vocabulary of the `changes` log, as types. The store writes a row per write and
//! other crates (the search indexer, page caches) follow the log and act on what changed;
//! with plain strings on both sides a typo on either side would silently stop, say, search
//! updates. Both sides use these enums instead, and their names are exactly the strings
//! already stored, so old rows read back the same.
//!
//! A name this build does not know (written by a newer node, or by hand) reads back as
//! `Other` with the name kept, never as an error: a follower skips what it does not know.

use std::fmt;
use std::str::FromStr;

macro_rules! open_enum {
    ($(#[$doc:meta])* $ty:ident { $($(#[$vdoc:meta])* $variant:ident => $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $ty {
            $($(#[$vdoc])* $variant,)+
            /// A name this build does not know, kept as read.
            Other(String),
        }

        impl $ty {
            /// Every known value (not `Other`).
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name stored in the database.
            pub fn as_str(&self) -> &str {
                match self {
                    $($ty::$variant => $name,)+
                    $ty::Other(name) => name,
                }
            }

            /// The value of a stored name; unknown names become `Other`.
            pub fn from_stored(name: &str) -> $ty {
                match name {
                    $($name => $ty::$variant,)+
                    other => $ty::Other(other.to_owned()),
                }
            }
        }

        impl FromStr for $ty {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($ty::from_stored(s))
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_enum!(
    /// What kind of thing a change-log row is about; `entity_id` is its id (0 for the
    /// site-wide ones: settings, redirects).
    ChangeEntity {
        Article => "article",
        Author => "author",
        Category => "category",
        Media => "media",
        Page => "page",
        Redirect => "redirect",
        Settings => "settings",
        Tag => "tag",
    }
);

open_enum!(
    /// What happened to the entity.
    ChangeAction {
        Create => "create",
        Update => "update",
        Delete => "delete",
        /// An article moved in the workflow (published, unpublished, scheduled…).
        Status => "status",
        /// A correction was added to an article.
        Correction => "correction",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_stored_under_their_existing_names() {
        let names: Vec<&str> = ChangeEntity::ALL.iter().map(ChangeEntity::as_str).collect();
        assert_eq!(
            names,
            [
                "article", "author", "category", "media", "page", "redirect", "settings", "tag"
            ]
        );
        for e in ChangeEntity::ALL {
            assert_eq!(&ChangeEntity::from_stored(e.as_str()), e);
            assert_eq!(e.to_string().parse::<ChangeEntity>().as_ref(), Ok(e));
        }
    }

    #[test]
    fn actions_are_stored_under_their_existing_names() {
        let names: Vec<&str> = ChangeAction::ALL.iter().map(ChangeAction::as_str).collect();
        assert_eq!(
            names,
            ["create", "update", "delete", "status", "correction"]
        );
        for a in ChangeAction::ALL {
            assert_eq!(&ChangeAction::from_stored(a.as_str()), a);
        }
    }

    #[test]
    fn unknown_names_are_kept_not_refused() {
        let e = ChangeEntity::from_stored("webhook");
        assert_eq!(e, ChangeEntity::Other("webhook".into()));
        assert_eq!(e.as_str(), "webhook");
        // Names are exact: no case folding, no trimming.
        assert_eq!(
            ChangeEntity::from_stored("Article"),
            ChangeEntity::Other("Article".into())
        );
        assert_eq!(
            ChangeAction::from_stored(""),
            ChangeAction::Other(String::new())
        );
    }
}
