//! Text analysis: how words become index terms, for documents and for queries alike.
//!
//! # One stacked field instead of one field per language
//! Every text field (title, subtitle, body, tags, authors) is indexed by one analyser, a word
//! tokenizer followed by [`GazetteFilter`], which emits several terms **at the same position**
//! for each word:
//!
//! 1. the *exact* form: lowercased, with the Turkic and Russian rules below;
//! 2. the *folded* form(s), when they differ: diacritics removed, for readers on phones;
//! 3. the *stem*, when it differs: Russian (Snowball) for Cyrillic words, English (Snowball)
//!    for Latin words, except in Turkish and Azerbaijani documents, whose words an English
//!    stemmer would only damage.
//!
//! This is the `keyword_repeat` idea of Lucene analysers: one field holds exact, folded and
//! stemmed terms, so a query asks one field per source, phrase queries still work (the variants
//! share a position), and tantivy's `SnippetGenerator` highlights "runs" for the query "running"
//! because re-analysing the text yields the same stacked terms. Separate per-language fields
//! would double the term queries per word and the postings on disk, and still need a guess of
//! the query's language. The price is a small inflation of field lengths (BM25 norms) in
//! documents rich in special letters.
//!
//! Picking the stemmer by script rather than by the document's language is what makes one field
//! work: Russian texts quote English names and English texts quote Russian ones. The document
//! language matters only for the Turkic casing and for turning English stemming off; it reaches
//! the analyser in-band, as a private-use character ([`TURKIC_MARK`]) in front of the indexed
//! text, because a tantivy analyser only ever sees the text. Stored text never carries it.
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
//! *Query words*: a query word typed **without** special letters (its folded form equals its exact
//! form: "ilham", "seher", "Baki", "qiz") is matched against folded terms, so it finds "İlham",
//! "şəhər", "Bakı", "qız". A word typed **with** a special letter ("Bakı", "qız", "şəhər") was meant
//! exactly and is matched against exact forms only: "qız" does not find "qiz", "Bakı" does not find
//! "Baki". Because folded forms never contain special letters, both kinds of term live in one field
//! without colliding.
//!
//! # Why not tantivy's `LowerCaser` + `AsciiFoldingFilter`
//! `LowerCaser` uses `char::to_lowercase`, which maps `İ` to `i` + U+0307 (two chars), so "İlham"
//! is indexed as "i̇lham" and never matches "ilham"; it maps `I` to `i` in every language. The
//! folding filter then maps `ı` to `i` and `ə` to `a` (never `e`) unconditionally and keeps no
//! exact form, so "ı" and "i" could not be told apart. The tests in this module check these facts
//! against tantivy itself.

use std::collections::HashSet;
use std::sync::Arc;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Put in front of the indexed (never the stored) text of Turkish and Azerbaijani documents.
/// A private-use character: it never occurs in real text and is not a word character.
pub(crate) const TURKIC_MARK: char = '\u{E000}';

/// Words longer than this (in bytes) are dropped: they are URLs, hashes or junk, never searched.
pub(crate) const MAX_WORD_BYTES: usize = 64;

/// Casing and stemming rules of the text being analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `I` lowercases to `i`; Latin words are stemmed as English.
    Default,
    /// Turkish, Azerbaijani and their relatives: `I` lowercases to `ı`; no English stemming.
    Turkic,
}

impl Mode {
    /// The mode for a BCP 47 language tag ("az", "tr-TR", "az-Latn-AZ", "en", "").
    pub(crate) fn for_language(tag: &str) -> Mode {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if ["tr", "az", "crh", "gag"]
            .iter()
            .any(|lang| primary.eq_ignore_ascii_case(lang))
        {
            Mode::Turkic
        } else {
            Mode::Default
        }
    }

    fn of_text(text: &str) -> Mode {
        if text.starts_with(TURKIC_MARK) {
            Mode::Turkic
        } else {
            Mode::Default
        }
    }

    /// The text handed to tantivy for indexing in this mode.
    pub(crate) fn mark(self, text: &str) -> String {
        match self {
            Mode::Default => text.to_owned(),
            Mode::Turkic => {
                let mut marked = String::with_capacity(text.len() + TURKIC_MARK.len_utf8());
                marked.push(TURKIC_MARK);
                marked.push_str(text);
                marked
            }
        }
    }
}

/// The analyser registered for every text field (mode taken from [`TURKIC_MARK`]).
pub(crate) fn index_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(GazetteFilter::default())
        .build()
}

/// An analyser for highlighting stored text of a known mode, which only analyses words that can
/// match one of `terms`: highlighting re-reads a whole body per hit, so most words must be
/// skipped cheaply. A word is analysed only if its first letter, lowercased or folded, starts one
/// of the terms (every form of a word starts with its first letter, lowercased or folded), and
/// stemmed only if its first two letters start one of `stems` (Snowball stemmers strip suffixes,
/// so a stem keeps the start of its word). Skipped words pass through unchanged: they still
/// delimit fragments, and they cannot equal a term.
pub(crate) fn snippet_analyzer(
    mode: Mode,
    terms: impl IntoIterator<Item = impl AsRef<str>>,
    stems: &HashSet<String>,
) -> TextAnalyzer {
    let only = OnlyWordsFor {
        first_chars: terms
            .into_iter()
            .filter_map(|t| t.as_ref().chars().next())
            .collect(),
        stem_prefixes: stems.iter().map(|s| s.chars().take(2).collect()).collect(),
    };
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(GazetteFilter {
            mode: Some(mode),
            only: Some(Arc::new(only)),
        })
        .build()
}

/// See [`snippet_analyzer`].
pub(crate) struct OnlyWordsFor {
    first_chars: HashSet<char>,
    stem_prefixes: HashSet<String>,
}

impl OnlyWordsFor {
    fn may_match(&self, word: &str, mode: Mode) -> bool {
        let Some(first) = word.chars().next() else {
            return false;
        };
        if first.is_ascii() && !(first == 'I' && mode == Mode::Turkic) {
            return self.first_chars.contains(&first.to_ascii_lowercase());
        }
        let mut buf = [0u8; 4];
        let exact = casefold(first.encode_utf8(&mut buf), mode);
        let (folded, alt) = fold(&exact);
        [Some(exact), Some(folded), alt]
            .into_iter()
            .flatten()
            .filter_map(|form| form.chars().next())
            .any(|c| self.first_chars.contains(&c))
            // A leading combining mark disappears in the word's forms: do not guess.
            || is_combining_mark(first)
    }

    fn may_stem(&self, folded: &str) -> bool {
        !self.stem_prefixes.is_empty()
            && self
                .stem_prefixes
                .contains(&folded.chars().take(2).collect::<String>())
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        // Fast answers for Latin-1/Extended and Cyrillic, the scripts we mostly see.
        match c {
            '×' | '÷' | '\u{0482}' => false,
            '\u{00C0}'..='\u{024F}' | '\u{0400}'..='\u{052F}' => true,
            _ => c.is_alphanumeric() || is_combining_mark(c),
        }
    }
}

/// Splits text into words: runs of letters, digits and combining marks. Everything else
/// (punctuation, apostrophes, hyphens, [`TURKIC_MARK`]) separates words, so "İstanbul'da" gives
/// "İstanbul" and "da". Over-long words are skipped.
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    cursor: usize,
    next_position: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            cursor: 0,
            next_position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let rest = &self.text[self.cursor..];
            let Some(start) = rest.find(is_word_char).map(|i| self.cursor + i) else {
                self.cursor = self.text.len();
                return false;
            };
            let end = self.text[start..]
                .find(|c: char| !is_word_char(c))
                .map_or(self.text.len(), |i| start + i);
            self.cursor = end;
            if end - start > MAX_WORD_BYTES {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.next_position;
            self.token.position_length = 1;
            self.next_position += 1;
            self.token.text.clear();
            self.token.text.push_str(&self.text[start..end]);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Turns each word into its exact, folded and stemmed terms, stacked at the word's position.
/// See the module comment for the rules.
#[derive(Clone, Default)]
pub(crate) struct GazetteFilter {
    /// `None`: read the mode from the text ([`TURKIC_MARK`]).
    mode: Option<Mode>,
    /// `None`: analyse every word fully (indexing). `Some`: see [`snippet_analyzer`].
    only: Option<Arc<OnlyWordsFor>>,
}

impl TokenFilter for GazetteFilter {
    type Tokenizer<T: Tokenizer> = GazetteFilterTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> GazetteFilterTokenizer<T> {
        GazetteFilterTokenizer {
            inner: tokenizer,
            filter: self,
        }
    }
}

#[derive(Clone)]
pub(crate) struct GazetteFilterTokenizer<T> {
    inner: T,
    filter: GazetteFilter,
}

impl<T: Tokenizer> Tokenizer for GazetteFilterTokenizer<T> {
    type TokenStream<'a> = GazetteFilterStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mode = self.filter.mode.unwrap_or_else(|| Mode::of_text(text));
        GazetteFilterStream {
            tail: self.inner.token_stream(text),
            analyzer: WordAnalyzer::new(mode),
            only: self.filter.only.as_deref(),
            pending: Vec::new(),
        }
    }
}

pub(crate) struct GazetteFilterStream<'a, S> {
    tail: S,
    analyzer: WordAnalyzer,
    only: Option<&'a OnlyWordsFor>,
    /// Further terms for the current word, emitted (last first) before the next word.
    pending: Vec<String>,
}

impl<S: TokenStream> TokenStream for GazetteFilterStream<'_, S> {
    fn advance(&mut self) -> bool {
        if let Some(text) = self.pending.pop() {
            self.tail.token_mut().text = text;
            return true;
        }
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if let Some(only) = self.only
                && !only.may_match(&token.text, self.analyzer.mode)
            {
                return true;
            }
            let want_stem = |folded: &str| self.only.is_none_or(|only| only.may_stem(folded));
            let forms = self.analyzer.forms(&token.text, want_stem);
            let mut forms = forms.into_iter();
            let Some(first) = forms.next() else { continue };
            token.text = first;
            self.pending.extend(forms.rev());
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The analysis of one word, shared by the index filter and the query parser.
pub(crate) struct WordAnalyzer {
    mode: Mode,
    english: Stemmer,
    russian: Stemmer,
}

impl WordAnalyzer {
    pub(crate) fn new(mode: Mode) -> WordAnalyzer {
        WordAnalyzer {
            mode,
            english: Stemmer::new(Algorithm::English),
            russian: Stemmer::new(Algorithm::Russian),
        }
    }

    /// All distinct terms of a word, exact form first. Empty if nothing is left of it.
    fn forms(&self, word: &str, want_stem: impl Fn(&str) -> bool) -> Vec<String> {
        let exact = casefold(word, self.mode);
        if exact.is_empty() {
            return Vec::new();
        }
        let (folded, folded_alt) = fold(&exact);
        let stem = if want_stem(&folded) {
            self.stem(&folded)
        } else {
            None
        };
        let mut forms = Vec::with_capacity(4);
        forms.push(exact);
        for form in [Some(folded), folded_alt, stem].into_iter().flatten() {
            if !form.is_empty() && !forms.contains(&form) {
                forms.push(form);
            }
        }
        forms
    }

    /// The stem of a folded word, if its script has a stemmer in this mode.
    fn stem(&self, folded: &str) -> Option<String> {
        let first = folded.chars().next()?;
        let stemmer = if is_cyrillic(first) {
            &self.russian
        } else if self.mode == Mode::Default && first.is_ascii_alphabetic() && folded.is_ascii() {
            &self.english
        } else {
            return None;
        };
        let stem = stemmer.stem(folded);
        (!stem.is_empty() && stem != folded).then(|| stem.into_owned())
    }

    /// A query word (analysed in [`Mode::Default`]), or `None` if nothing is left of it.
    pub(crate) fn query_word(&self, word: &str) -> Option<QueryWord> {
        let exact = casefold(word, self.mode);
        if exact.is_empty() {
            return None;
        }
        let (folded, folded_alt) = fold(&exact);
        if folded == exact && folded_alt.is_none() {
            let stem = self.stem(&folded);
            Some(QueryWord { term: exact, stem })
        } else {
            // Typed with a special letter: meant exactly (see the module comment).
            Some(QueryWord {
                term: exact,
                stem: None,
            })
        }
    }
}

/// What a query word searches for: one term (exact form, which for a word typed without special
/// letters is also its folded form) and, for such plain words, its stem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryWord {
    pub term: String,
    pub stem: Option<String>,
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// The exact form: lowercase with the Turkic `İ`/`I` rules and `ё` → `е`.
pub(crate) fn casefold(word: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(word.len());
    if word.is_ascii() && !(mode == Mode::Turkic && word.contains('I')) {
        out.push_str(word);
        out.make_ascii_lowercase();
        return out;
    }
    for c in word.chars() {
        match c {
            'İ' => out.push('i'),
            'I' if mode == Mode::Turkic => out.push('ı'),
            // "i̇" (i + combining dot above) is what naive lowercasing makes of "İ".
            '\u{0307}' if out.ends_with(['i', 'ı']) => {
                out.pop();
                out.push('i');
            }
            'ё' | 'Ё' => out.push('е'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    if out.chars().any(is_combining_mark) {
        // Compose "e" + U+0301 into "é" so that decomposed input matches precomposed input.
        use unicode_normalization::UnicodeNormalization;
        out = out.nfc().collect();
    }
    out
}

/// The folded form of an exact form, and the variant with `ə` → `a` when the word has an `ə`.
pub(crate) fn fold(exact: &str) -> (String, Option<String>) {
    if exact.is_ascii() {
        return (exact.to_owned(), None);
    }
    let mut folded = String::with_capacity(exact.len());
    let has_schwa = fold_into(exact, 'e', &mut folded);
    let alt = has_schwa.then(|| {
        let mut alt = String::with_capacity(folded.len());
        fold_into(exact, 'a', &mut alt);
        alt
    });
    (folded, alt)
}

/// Appends the folded form of `exact` to `out`, writing `ə` as `schwa`. Returns whether there
/// was an `ə`.
fn fold_into(exact: &str, schwa: char, out: &mut String) -> bool {
    let mut has_schwa = false;
    for c in exact.chars() {
        match c {
            'ı' => out.push('i'),
            'ə' => {
                has_schwa = true;
                out.push(schwa);
            }
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'ł' | 'ŀ' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ħ' => out.push('h'),
            'ŧ' => out.push('t'),
            c if is_combining_mark(c) => {}
            // Latin-1 Supplement through Latin Extended-B, and Latin Extended Additional:
            // the canonical decomposition minus its combining marks.
            '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        out.push(d);
                    }
                });
            }
            c => out.push(c),
        }
    }
    has_schwa
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<(usize, String)> {
        let mut analyzer = index_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.position, token.text.clone()));
        }
        out
    }

    fn words(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|(_, t)| t).collect()
    }

    fn q(word: &str) -> QueryWord {
        WordAnalyzer::new(Mode::Default)
            .query_word(word)
            .expect("a word")
    }

    #[test]
    fn dotted_capital_i_lowercases_to_plain_i() {
        assert_eq!(casefold("İlham", Mode::Default), "ilham");
        assert_eq!(casefold("İlham", Mode::Turkic), "ilham");
        assert_eq!(casefold("ilham", Mode::Turkic), "ilham");
        // Already mangled by someone else's lowercasing: i + combining dot above.
        assert_eq!(casefold("i\u{307}lham", Mode::Default), "ilham");
        assert_eq!(casefold("I\u{307}LHAM", Mode::Turkic), "ilham");
    }

    #[test]
    fn dotless_pair_in_turkic_documents_only() {
        assert_eq!(casefold("BAKI", Mode::Turkic), "bakı");
        assert_eq!(casefold("BAKI", Mode::Default), "baki");
        assert_eq!(casefold("Bakı", Mode::Default), "bakı");
        assert_eq!(casefold("IŞIQ", Mode::Turkic), "ışıq");
    }

    #[test]
    fn folding_rule() {
        assert_eq!(fold("şəhər"), ("seher".into(), Some("sahar".into())));
        assert_eq!(fold("bakı"), ("baki".into(), None));
        assert_eq!(fold("çöğüşıə"), ("cogusie".into(), Some("cogusia".into())));
        assert_eq!(fold("café"), ("cafe".into(), None));
        assert_eq!(fold("straße"), ("strasse".into(), None));
        // Cyrillic keeps its letters; stress accents go.
        assert_eq!(fold("йод"), ("йод".into(), None));
        assert_eq!(fold("молоко\u{301}"), ("молоко".into(), None));
        assert_eq!(casefold("ЁЛКА", Mode::Default), "елка");
        assert_eq!(casefold("Москва", Mode::Default), "москва");
        // Decomposed input composes to the same exact form as precomposed input.
        assert_eq!(casefold("Cafe\u{301}", Mode::Default), "café");
    }

    #[test]
    fn stacked_terms_share_positions() {
        assert_eq!(
            terms("Şəhər İlham"),
            vec![
                (0, "şəhər".to_string()),
                (0, "seher".to_string()),
                (0, "sahar".to_string()),
                (1, "ilham".to_string()),
            ]
        );
        assert_eq!(words("Runs running"), ["runs", "run", "running", "run"]);
        assert_eq!(words("газеты"), ["газеты", "газет"]);
    }

    #[test]
    fn turkic_mark_switches_casing_and_stemming() {
        let marked = Mode::Turkic.mark("BAKI runs");
        assert_eq!(words(&marked), ["bakı", "baki", "runs"]);
        assert_eq!(words("BAKI runs"), ["baki", "runs", "run"]);
    }

    #[test]
    fn tokenizer_splits_on_syntax_and_drops_long_words() {
        assert_eq!(
            words("İstanbul'da (a:b) ^x -y +z* ~w \\v"),
            ["istanbul", "da", "a", "b", "x", "y", "z", "w", "v"]
        );
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        assert_eq!(words(&format!("one {long} two")), ["one", "two"]);
        assert!(words("!!! ... --- «»").is_empty());
    }

    #[test]
    fn query_words_with_special_letters_are_exact() {
        assert_eq!(q("ilham").term, "ilham");
        assert_eq!(q("İlham").term, "ilham");
        assert_eq!(q("Bakı").term, "bakı");
        assert_eq!(q("Bakı").stem, None);
        assert_eq!(q("running").stem.as_deref(), Some("run"));
        assert_eq!(q("Газеты").stem.as_deref(), Some("газет"));
        assert_eq!(q("ёлка").term, "елка");
    }

    /// The facts behind not using tantivy's own filters (see the module comment).
    #[test]
    fn tantivy_lowercaser_and_ascii_folding_are_wrong_for_turkic() {
        use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer};
        let run = |text: &str, fold: bool| {
            let builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
            let mut analyzer = if fold {
                builder.filter(AsciiFoldingFilter).build()
            } else {
                builder.build()
            };
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while let Some(token) = stream.next() {
                out.push(token.text.clone());
            }
            out
        };
        // İ becomes i + U+0307 — and the tokenizer even splits at the combining dot.
        assert_ne!(run("İlham", false), ["ilham"]);
        // ə folds only to "a"; ı and i become the same letter; the exact form is lost.
        assert_eq!(run("şəhər", true), ["sahar"]);
        assert_eq!(run("qız", true), run("qiz", true));
    }
}
