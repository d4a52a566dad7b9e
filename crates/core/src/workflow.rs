//! The editorial workflow as data: which status an article may move to from which. The
//! editor offers only these moves and the store refuses any other, so both ask here.
//! Who may make a move is a separate question, answered by [`crate::permissions`].

use crate::model::Status;

/// Whether an article may move from `from` to `to`, whoever asks.
///
/// Drafts and pieces in review go anywhere but `unpublished`; a scheduled piece may be
/// rescheduled; a published piece can only be taken down, and a taken-down one goes back
/// up or back to draft.
pub fn transition_allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Draft, Review | Scheduled | Published)
            | (Review, Draft | Scheduled | Published)
            | (Scheduled, Draft | Review | Scheduled | Published)
            | (Published, Unpublished)
            | (Unpublished, Published | Draft)
    )
}

/// The statuses an article in `from` may move to, in [`Status::ALL`] order.
pub fn next_statuses(from: Status) -> impl Iterator<Item = Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(move |to| transition_allowed(from, *to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_workflow_allows_exactly_these_moves() {
        let allowed = [
            (Draft, vec![Review, Scheduled, Published]),
            (Review, vec![Draft, Scheduled, Published]),
            (Scheduled, vec![Draft, Review, Scheduled, Published]),
            (Published, vec![Unpublished]),
            (Unpublished, vec![Draft, Published]),
        ];
        for (from, to) in allowed {
            assert_eq!(next_statuses(from).collect::<Vec<_>>(), to, "from {from}");
        }
    }

    #[test]
    fn nothing_skips_the_take_down() {
        assert!(!transition_allowed(Published, Draft));
        assert!(!transition_allowed(Published, Published));
        assert!(!transition_allowed(Draft, Unpublished));
        assert!(!transition_allowed(Unpublished, Unpublished));
    }
}
