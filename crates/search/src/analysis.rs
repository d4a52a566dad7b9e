//! Text analysis: how words become index terms, for documents and for queries alike.
//!
//! # One stacked field instead of one field per language
//! Every text field (title, subtitle, body, tags, authors) is indexed by one analyser, a word
//! tokenizer followed by [`GazetteFilter`], which emits several terms **at the same position**
//! for each word:
//!
//! 1. the *exact* form: lowercased, with the Turkic and Russian rules below;
//! 2. the *folded* form(s), when they differ: diacritics removed, for readers on phones, each
//!    behind [`FOLDED_MARK`] so that a query can tell a word written that way from a word that
//!    only folds to it, and rank the first above the second;
//! 3. the *stem*, when it differs, behind [`STEM_MARK`]: Russian (Snowball) for Cyrillic words;
//!    for Latin words the document language's stemmer: Turkish (Snowball), Azerbaijani
//!    ([`crate::azerbaijani`]) or English (Snowball) for every other language.
//!
//! The marks keep the three kinds of term apart although they share a field, so a query can
//! weigh them: the word as typed first, then its other inflections, then its folded spellings.
//!
//! This is the `keyword_repeat` idea of Lucene analysers: one field holds exact, folded and
//! stemmed terms, so a query asks one field per source, phrase queries still work (the variants
//! share a position), and a highlight marks "runs" for the query "running" because analysing
//! the text again yields the same stacked terms (`crate::highlight`). Separate per-language fields
//! would double the term queries per word and the postings on disk, and still need a guess of
//! the query's language. The price is a small inflation of field lengths (BM25 norms) in
//! documents rich in special letters.
//!
//! Picking the stemmer by script first is what makes one field work: Russian texts quote English
//! names and English texts quote Russian ones. The document language decides the Turkic casing
//! and the Latin stemmer; it reaches the analyser in-band, as a private-use character
//! ([`Mode::mark`]) in front of the indexed text, because a tantivy analyser only ever sees the
//! text. Stored text never carries it.
//!
//! # The folding rule
//! *Exact form* (always): Unicode lowercase, except that `İ` → `i` (not `i` + combining dot, as
//! `char::to_lowercase` gives), `I` → `ı` in Turkish/Azerbaijani documents and `i` elsewhere (and
//! in queries, whose language is unknown), a stray combining dot after `i` is dropped, and
//! `ё` → `е` (Russian print omits the diaeresis, so it is not a distinct letter for search).
//!
//! *Folded form*: the exact form with `ı` → `i`, `ə` → `e` **and** `a` (both are indexed; readers
//! type either), Latin letters stripped of diacritics (`ş` → `s`, `ç` → `c`, `ğ` → `g`,
//! `ö` → `o`, `ü` → `u`, `é` → `e`, …; `ß` → `ss`, `ø` → `o`, `ł` → `l`, …) and combining marks
//! (e.g. Russian stress accents) removed. Cyrillic letters other than `ё` keep their identity
//! (`й` stays `й`).
//!
//! *Query words* follow one rule, letter by letter: a letter typed with its diacritic is binding,
//! a plain letter also matches its accented forms. So "seher" finds "şəhər", "Baki" finds "Bakı"
//! and "qiz" finds "qız"; "qız" does not find "qiz" and "Bakı" does not find "Baki"; and "şeher",
//! typed partly with diacritics, finds "şəhər" but not "seher". A word typed without special
//! letters is looked up as an exact term and as a folded term; a word with some is looked up as
//! an exact term and, through [`QueryWord::letters`], as the exact terms of the index that fit it
//! letter by letter (the query expands them from the term dictionary). A document with the word
//! exactly as typed always ranks above one found only through folding (see `crate::query`).
//! The reader's interface language is a hint for the query's language: it decides how `I` is
//! lowercased and which Latin stemmer applies.
//!
//! # Why not tantivy's `LowerCaser` + `AsciiFoldingFilter`
//! `LowerCaser` uses `char::to_lowercase`, which maps `İ` to `i` + U+0307 (two chars), so "İlham"
//! is indexed as "i̇lham" and never matches "ilham"; it maps `I` to `i` in every language. The
//! folding filter then maps `ı` to `i` and `ə` to `a` (never `e`) unconditionally and keeps no
//! exact form, so "ı" and "i" could not be told apart. The tests in this module check these facts
//! against tantivy itself.
//!
//! # Modules
//! * [`tokenizer`]: words out of text, and the filter that stacks their terms;
//! * [`words`]: one word's exact, folded and stemmed terms, for documents and queries;
//! * [`folding`]: the lowercasing and folding rules stated above.

mod folding;
#[cfg(test)]
mod tests;
mod tokenizer;
mod words;

use tantivy::tokenizer::TextAnalyzer;

pub(crate) use folding::{casefold, fold};
pub(crate) use tokenizer::{GazetteFilter, WordTokenizer, is_word_char, words};
pub(crate) use words::{QueryWord, WordAnalyzer};

/// Put in front of the indexed (never the stored) text of Turkish documents.
/// A private-use character: it never occurs in real text and is not a word character.
pub(crate) const TURKISH_MARK: char = '\u{E000}';
/// The same for Azerbaijani documents.
pub(crate) const AZERBAIJANI_MARK: char = '\u{E001}';
/// Put in front of every folded term, so that folded and exact terms never collide.
pub(crate) const FOLDED_MARK: char = '\u{E010}';
/// Put in front of every stem, for the same reason.
pub(crate) const STEM_MARK: char = '\u{E011}';

fn marked(mark: char, form: &str) -> String {
    let mut term = String::with_capacity(form.len() + mark.len_utf8());
    term.push(mark);
    term.push_str(form);
    term
}

/// The index term of a folded form.
pub(crate) fn folded_term(form: &str) -> String {
    marked(FOLDED_MARK, form)
}

/// The index term of a stem.
pub(crate) fn stem_term(stem: &str) -> String {
    marked(STEM_MARK, stem)
}

/// Words longer than this (in bytes) are dropped: they are URLs, hashes or junk, never searched.
pub(crate) const MAX_WORD_BYTES: usize = 64;

/// Casing and stemming rules of the text being analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `I` lowercases to `i`; Latin words are stemmed as English.
    Default,
    /// Turkish and its relatives: `I` lowercases to `ı`; Latin words are stemmed as Turkish.
    Turkish,
    /// `I` lowercases to `ı`; Latin words are stemmed as Azerbaijani.
    Azerbaijani,
}

impl Mode {
    /// The mode for a BCP 47 language tag ("az", "tr-TR", "az-Latn-AZ", "en", "").
    pub(crate) fn for_language(tag: &str) -> Mode {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let is = |lang: &str| primary.eq_ignore_ascii_case(lang);
        if is("az") {
            Mode::Azerbaijani
        } else if ["tr", "crh", "gag"].into_iter().any(is) {
            Mode::Turkish
        } else {
            Mode::Default
        }
    }

    /// Whether `I` lowercases to `ı`.
    pub(crate) fn is_turkic(self) -> bool {
        self != Mode::Default
    }

    /// The number stored with each document, and back.
    pub(crate) fn code(self) -> u64 {
        match self {
            Mode::Default => 0,
            Mode::Turkish => 1,
            Mode::Azerbaijani => 2,
        }
    }

    pub(crate) fn from_code(code: u64) -> Mode {
        match code {
            1 => Mode::Turkish,
            2 => Mode::Azerbaijani,
            _ => Mode::Default,
        }
    }

    fn of_text(text: &str) -> Mode {
        match text.chars().next() {
            Some(TURKISH_MARK) => Mode::Turkish,
            Some(AZERBAIJANI_MARK) => Mode::Azerbaijani,
            _ => Mode::Default,
        }
    }

    /// The text handed to tantivy for indexing in this mode.
    pub(crate) fn mark(self, text: &str) -> String {
        let mark = match self {
            Mode::Default => return text.to_owned(),
            Mode::Turkish => TURKISH_MARK,
            Mode::Azerbaijani => AZERBAIJANI_MARK,
        };
        let mut marked = String::with_capacity(text.len() + mark.len_utf8());
        marked.push(mark);
        marked.push_str(text);
        marked
    }
}

/// The analyser registered for every text field (mode taken from [`TURKIC_MARK`]).
pub(crate) fn index_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(GazetteFilter::default())
        .build()
}
