//! Words out of text ([`WordTokenizer`]) and the filter that turns each word into its stacked
//! terms ([`GazetteFilter`]).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;

use super::{MAX_WORD_BYTES, Mode, WordAnalyzer};

pub(crate) fn is_word_char(c: char) -> bool {
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
    words: Words<'a>,
    next_position: usize,
    token: &'a mut Token,
}

/// The byte ranges of the words of a text, by the rules of [`WordTokenizer`]: what the index
/// holds, and what a highlight may mark.
pub(crate) struct Words<'a> {
    text: &'a str,
    cursor: usize,
}

pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, cursor: 0 }
}

impl Iterator for Words<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rest = &self.text[self.cursor..];
            let Some(start) = rest.find(is_word_char).map(|i| self.cursor + i) else {
                self.cursor = self.text.len();
                return None;
            };
            let end = self.text[start..]
                .find(|c: char| !is_word_char(c))
                .map_or(self.text.len(), |i| start + i);
            self.cursor = end;
            if end - start <= MAX_WORD_BYTES {
                return Some(start..end);
            }
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            words: words(text),
            next_position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(word) = self.words.next() else {
            return false;
        };
        self.token.offset_from = word.start;
        self.token.offset_to = word.end;
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.next_position += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.words.text[word]);
        true
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
    pub(super) mode: Option<Mode>,
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
    type TokenStream<'a> = GazetteFilterStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mode = self.filter.mode.unwrap_or_else(|| Mode::of_text(text));
        GazetteFilterStream {
            tail: self.inner.token_stream(text),
            analyzer: WordAnalyzer::new(mode),
            pending: Vec::new(),
        }
    }
}

pub(crate) struct GazetteFilterStream<S> {
    tail: S,
    analyzer: WordAnalyzer,
    /// Further terms for the current word, emitted (last first) before the next word.
    pending: Vec<String>,
}

impl<S: TokenStream> TokenStream for GazetteFilterStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(text) = self.pending.pop() {
            self.tail.token_mut().text = text;
            return true;
        }
        while self.tail.advance() {
            let token = self.tail.token_mut();
            let forms = self.analyzer.forms(&token.text, |_, _| true);
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
