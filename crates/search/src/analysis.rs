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
//! share a position), and tantivy's `SnippetGenerator` highlights "runs" for the query "running"
//! because re-analysing the text yields the same stacked terms. Separate per-language fields
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

use std::collections::HashSet;
use std::sync::Arc;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

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

/// An analyser for highlighting stored text of a known mode, which only analyses words that can
/// match one of `terms`: highlighting re-reads a whole body per hit, so most words must be
/// skipped cheaply. A word is analysed only if its first letter, lowercased or folded, starts one
/// of the terms (every form of a word starts with its first letter, lowercased or folded), and
/// stemmed only if its first two letters (exact or folded) start one of `stems` (stemmers strip
/// suffixes, so a stem keeps the start of its word). Skipped words pass through unchanged: they still
/// delimit fragments, and they cannot equal a term.
pub(crate) fn snippet_analyzer(
    mode: Mode,
    terms: impl IntoIterator<Item = impl AsRef<str>>,
    stems: &HashSet<String>,
) -> TextAnalyzer {
    let only = OnlyWordsFor {
        first_chars: terms
            .into_iter()
            .filter_map(|t| {
                let t = t.as_ref().trim_start_matches([FOLDED_MARK, STEM_MARK]);
                t.chars().next()
            })
            .collect(),
        stem_prefixes: stems
            .iter()
            .map(|s| s.trim_start_matches(STEM_MARK).chars().take(2).collect())
            .collect(),
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
        if first.is_ascii() && !(first == 'I' && mode.is_turkic()) {
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

    fn may_stem(&self, exact: &str, folded: &str) -> bool {
        let starts = |word: &str| {
            self.stem_prefixes
                .contains(&word.chars().take(2).collect::<String>())
        };
        !self.stem_prefixes.is_empty() && (starts(exact) || starts(folded))
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
            let want_stem = |exact: &str, folded: &str| {
                self.only.is_none_or(|only| only.may_stem(exact, folded))
            };
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
    fn forms(&self, word: &str, want_stem: impl Fn(&str, &str) -> bool) -> Vec<String> {
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

/// The per-letter pattern of an exact form (see [`QueryWord::letters`]).
pub(crate) fn letter_pattern(exact: &str) -> String {
    let mut pattern = String::with_capacity(exact.len() * 4);
    for c in exact.chars() {
        match accented_forms(c) {
            Some(forms) => {
                pattern.push('[');
                pattern.push(c);
                pattern.push_str(forms);
                pattern.push(']');
            }
            None if c.is_alphanumeric() || is_combining_mark(c) => pattern.push(c),
            None => {
                pattern.push('\\');
                pattern.push(c);
            }
        }
    }
    pattern
}

/// The lowercase letters that fold to the plain letter `plain`, if any.
fn accented_forms(plain: char) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<Vec<(char, String)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: Vec<(char, String)> = ('a'..='z').map(|c| (c, String::new())).collect();
        let candidates = ('\u{00C0}'..='\u{024F}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain(['ə']);
        for c in candidates.filter(|c| c.is_lowercase()) {
            let (folded, alt) = fold(c.encode_utf8(&mut [0u8; 4]));
            for form in [Some(folded), alt].into_iter().flatten() {
                let mut letters = form.chars();
                if let (Some(letter), None) = (letters.next(), letters.next())
                    && let Some((_, forms)) = table.iter_mut().find(|(p, _)| *p == letter)
                    && letter != c
                {
                    forms.push(c);
                }
            }
        }
        table.retain(|(_, forms)| !forms.is_empty());
        table
    });
    table
        .iter()
        .find(|(p, _)| *p == plain)
        .map(|(_, forms)| forms.as_str())
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// The exact form: lowercase with the Turkic `İ`/`I` rules and `ё` → `е`.
pub(crate) fn casefold(word: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(word.len());
    if word.is_ascii() && !(mode.is_turkic() && word.contains('I')) {
        out.push_str(word);
        out.make_ascii_lowercase();
        return out;
    }
    for c in word.chars() {
        match c {
            'İ' => out.push('i'),
            'I' if mode.is_turkic() => out.push('ı'),
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
        assert_eq!(casefold("İlham", Mode::Turkish), "ilham");
        assert_eq!(casefold("ilham", Mode::Turkish), "ilham");
        // Already mangled by someone else's lowercasing: i + combining dot above.
        assert_eq!(casefold("i\u{307}lham", Mode::Default), "ilham");
        assert_eq!(casefold("I\u{307}LHAM", Mode::Turkish), "ilham");
    }

    #[test]
    fn dotless_pair_in_turkic_documents_only() {
        assert_eq!(casefold("BAKI", Mode::Turkish), "bakı");
        assert_eq!(casefold("BAKI", Mode::Default), "baki");
        assert_eq!(casefold("Bakı", Mode::Default), "bakı");
        assert_eq!(casefold("IŞIQ", Mode::Turkish), "ışıq");
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
                (0, folded_term("seher")),
                (0, folded_term("sahar")),
                (1, "ilham".to_string()),
            ]
        );
        let run = stem_term("run");
        assert_eq!(words("Runs running"), ["runs", &run, "running", &run]);
        assert_eq!(words("газеты"), ["газеты", &stem_term("газет")]);
    }

    #[test]
    fn turkic_mark_switches_casing_and_stemming() {
        let marked = Mode::Turkish.mark("BAKI runs");
        // Turkish Snowball reads the final ı of BAKI as a case ending.
        assert_eq!(
            words(&marked),
            ["bakı", &folded_term("baki"), &stem_term("bak"), "runs"]
        );
        assert_eq!(words("BAKI runs"), ["baki", "runs", &stem_term("run")]);
        let azerbaijani = Mode::Azerbaijani.mark("BAKIDA kitabları");
        assert_eq!(
            words(&azerbaijani),
            [
                "bakıda",
                &folded_term("bakida"),
                &stem_term("bakı"),
                "kitabları",
                &folded_term("kitablari"),
                &stem_term("kitab")
            ]
        );
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
    fn letter_patterns_bind_special_letters_only() {
        let pattern = letter_pattern("şeh");
        let regex = tantivy_fst::Regex::new(&pattern).expect("a valid pattern");
        let matches = |term: &str| {
            use tantivy_fst::Automaton;
            let mut state = regex.start();
            for byte in term.bytes() {
                state = regex.accept(&state, byte);
            }
            regex.is_match(&state)
        };
        assert!(matches("şeh") && matches("şəh") && matches("şéh"));
        assert!(!matches("seh") && !matches("şe") && !matches("şehx"));
        // ı and ə count among the forms of i, e and a.
        assert!(letter_pattern("i").contains('ı') && letter_pattern("a").contains('ə'));
    }

    #[test]
    fn query_words_with_special_letters_are_exact() {
        assert_eq!(q("ilham").term, "ilham");
        assert_eq!(q("İlham").term, "ilham");
        assert_eq!(q("Bakı").term, "bakı");
        assert_eq!(q("Bakı").folded, Vec::<String>::new());
        assert!(q("Bakı").letters.is_some());
        assert_eq!(q("running").stems, [stem_term("run"), "run".into()]);
        assert_eq!(q("running").folded, [folded_term("running")]);
        assert_eq!(q("Газеты").stems, [stem_term("газет"), "газет".into()]);
        // Turkic letters get the stems of both languages; the bare word's marked stem is kept
        // so that "Bakı" finds "Bakıda".
        assert_eq!(q("Bakıda").stems, [stem_term("bakı"), "bakı".into()]);
        assert_eq!(
            q("Bakı").stems,
            [stem_term("bakı"), stem_term("bak"), "bak".into()]
        );
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
