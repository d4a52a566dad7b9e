//! The top results of a lone word that has other forms (folded, stemmed) in the index.
//!
//! Ranking puts every document with the word as typed above the others ([`EXACT_BONUS`]), and
//! orders each group by its terms' BM25. Asked as one query, the bonus is a constant-score
//! clause, which keeps tantivy from block-max WAND: every match of a common word is scored.
//! Here the union of the word's terms, without the bonus, is scored with WAND, and a document
//! is taken only when the union of its exact terms, walked alongside, holds it too. Documents
//! arrive in order, so that walk is one pass; the heap's threshold rises only with documents
//! taken, so no document with the exact form that belongs in the top is skipped. When fewer
//! documents than asked have the exact form, the caller falls back to the full query, which
//! then fills the page with the others.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, TERMINATED, Term};

use crate::query::EXACT_BONUS;

/// Up to `limit` documents with one of the `exact` terms, best first, scored as the full query
/// scores them (with the bonus); `None` when fewer than `limit` have one.
pub(crate) fn top(
    searcher: &Searcher,
    scored: &BooleanQuery,
    exact: &[Term],
    limit: usize,
) -> tantivy::Result<Option<Vec<(Score, DocAddress)>>> {
    // Document frequencies bound the documents with an exact term from above (deleted ones
    // included): below `limit`, the walk would score every match only to fall back.
    let mut at_most = 0;
    for term in exact {
        at_most += searcher.doc_freq(term)?;
    }
    if at_most < limit as u64 {
        return Ok(None);
    }
    let exact = BooleanQuery::new(
        exact
            .iter()
            .map(|term| -> (Occur, Box<dyn Query>) {
                let query = TermQuery::new(term.clone(), IndexRecordOption::Basic);
                (Occur::Should, Box::new(query))
            })
            .collect(),
    );
    let scored = scored.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let exact = exact.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut best: BinaryHeap<Entry> = BinaryHeap::with_capacity(limit + 1);
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let segment = u32::try_from(segment).unwrap_or(u32::MAX);
        let mut exact_docs = exact.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut threshold = threshold_of(&best, limit);
        scored.for_each_pruning(threshold, reader, &mut |doc: DocId, score: Score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) || !holds(exact_docs.as_mut(), doc) {
                return threshold;
            }
            best.push(Entry {
                score,
                at: DocAddress::new(segment, doc),
            });
            if best.len() > limit {
                best.pop();
            }
            threshold = threshold_of(&best, limit);
            threshold
        })?;
    }
    if best.len() < limit {
        return Ok(None);
    }
    let mut docs: Vec<(Score, DocAddress)> = best
        .into_sorted_vec()
        .into_iter()
        .map(|e| (e.score + EXACT_BONUS, e.at))
        .collect();
    docs.truncate(limit);
    Ok(Some(docs))
}

/// Whether `docs`, which only moves forward, holds `doc`.
fn holds(docs: &mut dyn DocSet, doc: DocId) -> bool {
    if docs.doc() < doc {
        docs.seek(doc);
    }
    docs.doc() == doc && doc != TERMINATED
}

/// The score a document must beat to enter a full heap.
fn threshold_of(best: &BinaryHeap<Entry>, limit: usize) -> Score {
    match best.peek() {
        Some(worst) if best.len() >= limit => worst.score,
        _ => Score::MIN,
    }
}

/// A heap entry ordered worst first: the lower score, then the later address (tantivy's order:
/// among equal scores the earlier document wins).
struct Entry {
    score: Score,
    at: DocAddress,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.at.cmp(&other.at))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}
