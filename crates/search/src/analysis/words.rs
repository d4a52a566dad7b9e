//! One word's terms: exact, folded and stemmed, for a document ([`WordAnalyzer::forms`]) or a
//! query ([`WordAnalyzer::query_word`]).

use frostem::{Algorithm, Stemmer};

use super::folding::{casefold, fold, is_cyrillic, is_latin, letter_pattern};
use super::{Mode, folded_term, stem_term};

/// The analysis of one word, shared by the index filter and the query parser.
pub(crate) struct WordAnalyzer {
    pub(super) mode: Mode,
    english: Stemmer,
    russian: Stemmer,
    turkish: Stemmer,
}

impl WordAnalyzer {
    pub(crate) fn new(mode: Mode) -> WordAnalyzer {
        WordAnalyzer {
            mode,
            english: Stemmer::new(Algorithm::English),
            russian: Stemmer::new(Algorithm::Russian),
            turkish: Stemmer::new(Algorithm::Turkish),
        }
    }

    /// All distinct terms of a word, exact form first. Empty if nothing is left of it.
    pub(crate) fn forms(&self, word: &str, want_stem: impl Fn(&str, &str) -> bool) -> Vec<String> {
        let exact = casefold(word, self.mode);
        if exact.is_empty() {
            return Vec::new();
        }
        let (folded, folded_alt) = fold(&exact);
        let stem = if want_stem(&exact, &folded) {
            self.stem(&exact, &folded, self.mode)
        } else {
            None
        };
        let mut forms = Vec::with_capacity(4);
        for form in [Some(&folded), folded_alt.as_ref()].into_iter().flatten() {
            if *form != exact {
                forms.push(folded_term(form));
            }
        }
        forms.dedup();
        if let Some(stem) = stem
            && stem != exact
            && stem != folded
        {
            forms.push(stem_term(&stem));
        }
        forms.insert(0, exact);
        forms
    }

    /// The stem of a word (given in its exact and folded forms) under `mode`'s rules, if its
    /// script has a stemmer and the stem differs from the word.
    fn stem(&self, exact: &str, folded: &str, mode: Mode) -> Option<String> {
        let first = folded.chars().next()?;
        let stem = if is_cyrillic(first) {
            self.russian.stem(folded)
        } else if !is_latin(first) {
            return None;
        } else {
            match mode {
                Mode::Default if folded.is_ascii() => self.english.stem(folded),
                Mode::Default => return None,
                Mode::Turkish => self.turkish.stem(exact),
                Mode::Azerbaijani => crate::azerbaijani::stem(exact).into(),
            }
        };
        (!stem.is_empty()).then(|| stem.into_owned())
    }

    /// A query word, analysed with the rules of the query's (guessed) language, or `None` if
    /// nothing is left of it. See the module comment for the rule.
    pub(crate) fn query_word(&self, word: &str) -> Option<QueryWord> {
        let exact = casefold(word, self.mode);
        if exact.is_empty() {
            return None;
        }
        let (folded, folded_alt) = fold(&exact);
        // A word with letters that only Azerbaijani and Turkish have is stemmed as both when
        // the hint says otherwise: no English word has them.
        let modes: &[Mode] = match self.mode {
            Mode::Default if exact.contains(['ə', 'ı', 'ş', 'ğ']) => {
                &[Mode::Azerbaijani, Mode::Turkish]
            }
            Mode::Default => &[Mode::Default],
            Mode::Turkish => &[Mode::Turkish],
            Mode::Azerbaijani => &[Mode::Azerbaijani],
        };
        let mut stems = Vec::new();
        for &mode in modes {
            let Some(stem) = self.stem(&exact, &folded, mode) else {
                continue;
            };
            // Documents index the stem of their inflected forms (marked) and the bare word as
            // itself: a query's stem looks for both.
            for term in [Some(stem_term(&stem)), (stem != exact).then_some(stem)]
                .into_iter()
                .flatten()
            {
                if !stems.contains(&term) {
                    stems.push(term);
                }
            }
        }
        let plain = folded == exact && folded_alt.is_none();
        Some(QueryWord {
            folded: if plain {
                vec![folded_term(&exact)]
            } else {
                Vec::new()
            },
            letters: (!plain).then(|| letter_pattern(&exact)),
            stems,
            term: exact,
        })
    }
}

/// What a query word searches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryWord {
    /// The exact form: a document with this term has the word as typed.
    pub term: String,
    /// Terms found only through folding: the folded term of a word typed without special
    /// letters, or the index's exact terms that fit [`QueryWord::letters`] (filled in by the
    /// query from the term dictionary).
    pub folded: Vec<String>,
    /// For a word typed with special letters: a regular expression over exact terms, each
    /// special letter standing for itself and each plain letter for itself or any letter that
    /// folds to it.
    pub letters: Option<String>,
    /// Terms of other inflections of the word: stems of the query word's language(s), marked
    /// (documents' inflected forms) and bare (documents with the stem as a word).
    pub stems: Vec<String>,
}
