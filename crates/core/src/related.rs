//! Choosing "You might also like": candidates score two points per shared tag and one for
//! the same category, and the score decays with the candidate's age (half-life 60 days) so
//! that, among equally close pieces, readers are shown recent ones.

use time::OffsetDateTime;

/// An article that shares tags or the category with the one being read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub shared_tags: u32,
    pub same_category: bool,
    pub published_at: OffsetDateTime,
}

const HALF_LIFE_DAYS: f64 = 60.0;

fn score(c: &Candidate, now: OffsetDateTime) -> f64 {
    let closeness = f64::from(c.shared_tags) * 2.0 + if c.same_category { 1.0 } else { 0.0 };
    let age_days = ((now - c.published_at).whole_hours().max(0) as f64) / 24.0;
    closeness * 0.5_f64.powf(age_days / HALF_LIFE_DAYS)
}

/// The ids of the `limit` best candidates, best first; ties go to the newer piece.
pub fn rank(candidates: &[Candidate], now: OffsetDateTime, limit: usize) -> Vec<i64> {
    let mut scored: Vec<(f64, &Candidate)> = candidates
        .iter()
        .filter(|c| c.shared_tags > 0 || c.same_category)
        .map(|c| (score(c, now), c))
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.published_at.cmp(&a.1.published_at))
            .then(b.1.id.cmp(&a.1.id))
    });
    let mut ids: Vec<i64> = Vec::with_capacity(limit);
    for (_, c) in scored {
        if ids.len() == limit {
            break;
        }
        if !ids.contains(&c.id) {
            ids.push(c.id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    fn cand(id: i64, tags: u32, cat: bool, days_ago: i64) -> Candidate {
        Candidate {
            id,
            shared_tags: tags,
            same_category: cat,
            published_at: datetime!(2026-11-25 12:00 UTC) - Duration::days(days_ago),
        }
    }

    #[test]
    fn closer_and_newer_pieces_come_first() {
        let now = datetime!(2026-11-25 12:00 UTC);
        let ranked = rank(
            &[
                cand(1, 0, true, 1),   // same category only
                cand(2, 2, true, 3),   // two tags and category
                cand(3, 2, true, 400), // as close but old
                cand(4, 1, false, 2),  // one tag
                cand(5, 0, false, 0),  // unrelated
            ],
            now,
            10,
        );
        assert_eq!(ranked, vec![2, 4, 1, 3]);
    }

    #[test]
    fn limit_and_duplicates() {
        let now = datetime!(2026-11-25 12:00 UTC);
        let ranked = rank(
            &[
                cand(1, 1, true, 1),
                cand(1, 1, true, 1),
                cand(2, 1, false, 1),
            ],
            now,
            1,
        );
        assert_eq!(ranked, vec![1]);
        assert!(rank(&[], now, 4).is_empty());
    }
}
