//! The decisions behind saving an article and moving it through the workflow, made the
//! same way for the newsroom's editor and the Admin API: who owns the piece, which
//! permission a save or a move needs, whether the move is in the workflow and whether a
//! publication time is usable. Pure: callers load the article, ask here, then write through
//! the store, which checks the workflow again inside its transaction.

use crate::article_input::FieldError;
use crate::model::Status;
use crate::permissions::{Action, Ownership, Role, allows};
use crate::problem::Problem;
use crate::workflow::transition_allowed;

/// Whether the person acting owns the article: a new one is always theirs; an existing one
/// if they created it or are credited on it (`owned`).
pub fn ownership(existing: Option<bool>) -> Ownership {
    match existing {
        None | Some(true) => Ownership::Own,
        Some(false) => Ownership::Other,
    }
}

/// The permission that moving an article from `from` to `to` takes.
pub fn action_for(from: Status, to: Status) -> Action {
    match to {
        // Taking back a scheduled article is a scheduling decision.
        Status::Review | Status::Draft if from == Status::Scheduled => Action::Schedule,
        Status::Review => Action::SubmitForReview,
        Status::Scheduled => Action::Schedule,
        Status::Published => Action::Publish,
        Status::Unpublished => Action::Unpublish,
        Status::Draft => Action::Edit,
        // Into the trash and out of it: the right to delete.
        Status::Trashed => Action::Delete,
    }
}

/// Whether `role` may change the article's text: editing a published or scheduled article
/// changes what readers get, so it also needs the right to publish it; an article in the
/// trash is restored before anyone edits it.
pub fn can_save(role: Role, status: Status, own: Ownership) -> bool {
    status != Status::Trashed
        && allows(role, Action::Edit, own)
        && (!matches!(status, Status::Published | Status::Scheduled)
            || allows(role, Action::Publish, own))
}

/// The first permission `role` lacks to save an article (a new one when `current` is
/// `None`) and, with `to`, move it on; `Ok` when it has them all.
pub fn save_permission(
    role: Role,
    current: Option<Status>,
    own: Ownership,
    to: Option<Status>,
) -> Result<(), Action> {
    let need = |action: Action| {
        if allows(role, action, own) {
            Ok(())
        } else {
            Err(action)
        }
    };
    match current {
        None => need(Action::CreateDraft)?,
        Some(status) => {
            need(Action::Edit)?;
            if !can_save(role, status, own) {
                need(Action::Publish)?;
            }
        }
    }
    if let Some(to) = to {
        need(action_for(current.unwrap_or(Status::Draft), to))?;
    }
    Ok(())
}

/// The first permission `role` lacks to move an article in `current` to `to` without
/// changing its text.
pub fn move_permission(
    role: Role,
    current: Status,
    own: Ownership,
    to: Status,
) -> Result<(), Action> {
    let action = action_for(current, to);
    if allows(role, action, own) {
        Ok(())
    } else {
        Err(action)
    }
}

/// What is wrong with moving an article in `current` (a new one when `None`) to `to`, with
/// `publish_at` as the requested time of a scheduled publication, at `now`.
pub fn move_problems(
    current: Option<Status>,
    to: Status,
    publish_at: Option<i64>,
    now: i64,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(status) = current
        && !transition_allowed(status, to)
    {
        errors.push(FieldError::because(
            "status",
            format!(
                "A {} article cannot become {}.",
                status.as_str(),
                to.as_str()
            ),
            Problem::new("problem-status-move")
                .word("from", format!("status-{}", status.as_str()))
                .word("to", format!("status-{}", to.as_str())),
        ));
    }
    if current.is_none() && !matches!(to, Status::Review | Status::Published | Status::Scheduled) {
        errors.push(FieldError::because(
            "status",
            format!("A new article cannot become {}.", to.as_str()),
            Problem::new("problem-status-new").word("to", format!("status-{}", to.as_str())),
        ));
    }
    if to == Status::Scheduled {
        match publish_at {
            None => errors.push(FieldError::because(
                "publish_at",
                "Choose the date and time to publish at.",
                Problem::new("problem-publish-at-missing"),
            )),
            Some(t) if t <= now => errors.push(FieldError::because(
                "publish_at",
                "The publication time is in the past: choose a later time, or publish now.",
                Problem::new("problem-publish-at-past"),
            )),
            Some(_) => {}
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contributor_writes_and_submits_but_never_publishes() {
        let own = Ownership::Own;
        assert_eq!(
            save_permission(Role::Contributor, None, own, Some(Status::Review)),
            Ok(())
        );
        assert_eq!(
            save_permission(Role::Contributor, None, own, Some(Status::Published)),
            Err(Action::Publish)
        );
        assert_eq!(
            save_permission(Role::Contributor, Some(Status::Published), own, None),
            Err(Action::Publish),
            "a live article's text is the publisher's"
        );
        assert_eq!(
            save_permission(Role::Author, Some(Status::Draft), Ownership::Other, None),
            Err(Action::Edit)
        );
        assert_eq!(
            save_permission(Role::Subscriber, None, own, None),
            Err(Action::CreateDraft)
        );
        assert_eq!(
            move_permission(Role::Author, Status::Scheduled, own, Status::Draft),
            Ok(())
        );
        assert_eq!(
            move_permission(Role::Contributor, Status::Scheduled, own, Status::Draft),
            Err(Action::Schedule)
        );
    }

    #[test]
    fn moves_outside_the_workflow_and_past_times_are_refused() {
        assert_eq!(
            move_problems(Some(Status::Published), Status::Draft, None, 10)[0].field,
            "status"
        );
        assert_eq!(
            move_problems(None, Status::Unpublished, None, 10)[0].field,
            "status"
        );
        assert_eq!(
            move_problems(None, Status::Scheduled, Some(5), 10)[0].field,
            "publish_at"
        );
        assert_eq!(
            move_problems(None, Status::Scheduled, None, 10)[0].field,
            "publish_at"
        );
        assert!(move_problems(Some(Status::Draft), Status::Scheduled, Some(11), 10).is_empty());
    }
}
