//! The reader's query language, parsed by hand so that no input can fail or panic.
//!
//! Text in double quotes (`"…"`, `“…”`, `„…“`, `«…»`) is a phrase; everything else is words.
//! Every word and every phrase must match (AND, as news search usually is: adding a word narrows
//! the results); a word matches in any field, also through its stem or its folded form (see
//! [`crate::analysis`]); a phrase matches its words in order in one field, without stemming.
//! A quote left open runs to the end of the input, which is what "climate change typed with one
//! quote means. There are no operators: `:`, `^`, `(`, `-`, `+`, `*`, `~`, `\` and the like just
//! separate words, because tantivy's own query grammar would turn them into syntax errors or
//! surprising field queries. Input is cut at [`MAX_QUERY_BYTES`] and [`MAX_WORDS`], so a pasted
//! article costs no more than a short query.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::analysis::{Mode, QueryWord, WordAnalyzer, WordTokenizer};

/// Longest query text looked at, in bytes; the rest is ignored.
pub(crate) const MAX_QUERY_BYTES: usize = 512;
/// Most words (in phrases or not) a query may have; the rest are ignored.
pub(crate) const MAX_WORDS: usize = 12;
/// A stem match scores this much of an exact or folded match, so exact words rank first.
const STEM_WEIGHT: f32 = 0.6;

/// One must-match part of a query.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Clause {
    Word(QueryWord),
    Phrase(Vec<QueryWord>),
}

/// A parsed query; no clauses means nothing to search for.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ParsedQuery {
    pub clauses: Vec<Clause>,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

impl ParsedQuery {
    pub(crate) fn parse(input: &str) -> ParsedQuery {
        let input = cut(input, MAX_QUERY_BYTES);
        let analyzer = WordAnalyzer::new(Mode::Default);
        let mut tokenizer = WordTokenizer::default();
        let mut clauses: Vec<Clause> = Vec::new();
        let mut budget = MAX_WORDS;
        for (i, segment) in input.split(is_quote).enumerate() {
            // Odd segments lie between an opening and a closing (or missing) quote.
            let quoted = i % 2 == 1;
            let mut words = Vec::new();
            let mut stream = tokenizer.token_stream(segment);
            while budget > 0 && stream.advance() {
                if let Some(word) = analyzer.query_word(&stream.token().text) {
                    words.push(word);
                    budget -= 1;
                }
            }
            if quoted && words.len() > 1 {
                clauses.push(Clause::Phrase(words));
            } else {
                for word in words {
                    // A quoted single word is matched exactly, without its stem.
                    let word = if quoted {
                        QueryWord { stem: None, ..word }
                    } else {
                        word
                    };
                    let clause = Clause::Word(word);
                    if !clauses.contains(&clause) {
                        clauses.push(clause);
                    }
                }
            }
            if budget == 0 {
                break;
            }
        }
        ParsedQuery { clauses }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Every term that can match, with a weight for choosing the best snippet, and the stems
    /// among them (see [`crate::analysis::snippet_analyzer`]).
    pub(crate) fn highlight_terms(
        &self,
    ) -> (
        std::collections::BTreeMap<String, f32>,
        std::collections::HashSet<String>,
    ) {
        let mut terms = std::collections::BTreeMap::new();
        let mut stems = std::collections::HashSet::new();
        let words = self.clauses.iter().flat_map(|clause| match clause {
            Clause::Word(word) => std::slice::from_ref(word),
            Clause::Phrase(words) => words.as_slice(),
        });
        for word in words {
            terms.insert(word.term.clone(), 1.0);
            if let Some(stem) = &word.stem {
                terms.entry(stem.clone()).or_insert(STEM_WEIGHT);
                stems.insert(stem.clone());
            }
        }
        (terms, stems)
    }

    /// The tantivy query over the given `(field, boost)` pairs: every clause must match.
    pub(crate) fn to_query(&self, fields: &[(Field, f32)]) -> Vec<Box<dyn Query>> {
        self.clauses
            .iter()
            .map(|clause| -> Box<dyn Query> {
                let mut any_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for &(field, boost) in fields {
                    match clause {
                        Clause::Word(word) => {
                            any_field.push((Occur::Should, term_query(field, &word.term, boost)));
                            if let Some(stem) = &word.stem {
                                any_field.push((
                                    Occur::Should,
                                    term_query(field, stem, boost * STEM_WEIGHT),
                                ));
                            }
                        }
                        Clause::Phrase(words) => {
                            let terms = words
                                .iter()
                                .map(|w| Term::from_field_text(field, &w.term))
                                .collect();
                            let phrase: Box<dyn Query> = Box::new(PhraseQuery::new(terms));
                            any_field
                                .push((Occur::Should, Box::new(BoostQuery::new(phrase, boost))));
                        }
                    }
                }
                Box::new(BooleanQuery::new(any_field))
            })
            .collect()
    }
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(query), boost))
}

/// `text` cut to at most `max` bytes, at a word boundary when there is one.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(clause: &Clause) -> Vec<&str> {
        match clause {
            Clause::Word(w) => vec![w.term.as_str()],
            Clause::Phrase(ws) => ws.iter().map(|w| w.term.as_str()).collect(),
        }
    }

    fn parse(input: &str) -> Vec<Vec<String>> {
        let parsed = ParsedQuery::parse(input);
        parsed
            .clauses
            .iter()
            .map(|c| terms(c).into_iter().map(str::to_owned).collect())
            .collect()
    }

    fn expect(clauses: &[&[&str]]) -> Vec<Vec<String>> {
        clauses
            .iter()
            .map(|c| c.iter().map(|t| t.to_string()).collect())
            .collect()
    }

    #[test]
    fn words_and_phrases() {
        assert_eq!(
            parse(r#"oil "central bank" Baku"#),
            expect(&[&["oil"], &["central", "bank"], &["baku"]])
        );
        assert_eq!(
            parse("«Азербайджан сегодня»"),
            expect(&[&["азербайджан", "сегодня"]])
        );
        // An open quote runs to the end.
        assert_eq!(
            parse(r#"news "climate change"#),
            expect(&[&["news"], &["climate", "change"]])
        );
        // A quoted single word loses its stem; a repeated word is asked once.
        let parsed = ParsedQuery::parse(r#""running" oil oil"#);
        assert_eq!(parsed.clauses.len(), 2);
        assert_eq!(
            parsed.clauses[0],
            Clause::Word(QueryWord {
                term: "running".into(),
                stem: None
            })
        );
    }

    #[test]
    fn hostile_input_is_just_words() {
        assert!(ParsedQuery::parse("").is_empty());
        assert!(ParsedQuery::parse("   \"\" \"  ").is_empty());
        assert!(ParsedQuery::parse(r#":^()[]{}-+*~\"!?.,;'`|&<>/"#).is_empty());
        assert_eq!(
            parse(r"title:oil^3 (bank OR -x) [1 TO 2] \n*"),
            expect(&[
                &["title"],
                &["oil"],
                &["3"],
                &["bank"],
                &["or"],
                &["x"],
                &["1"],
                &["to"],
                &["2"],
                &["n"],
            ])
        );
    }

    #[test]
    fn long_input_is_capped() {
        let long = "word ".repeat(2_000) + "\"";
        let parsed = ParsedQuery::parse(&long);
        assert_eq!(parsed.clauses.len(), 1, "repeated words collapse");
        let many: String = (0..5_000).map(|i| format!("w{i} ")).collect();
        assert_eq!(ParsedQuery::parse(&many).clauses.len(), MAX_WORDS);
        let multibyte = "ş".repeat(10_000);
        assert!(cut(&multibyte, MAX_QUERY_BYTES).len() <= MAX_QUERY_BYTES);
        let phrase = format!("\"{}\"", "a b ".repeat(100));
        match &ParsedQuery::parse(&phrase).clauses[..] {
            [Clause::Phrase(words)] => assert_eq!(words.len(), MAX_WORDS),
            other => panic!("expected one phrase, got {other:?}"),
        }
    }
}
