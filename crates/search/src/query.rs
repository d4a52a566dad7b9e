//! The reader's query language, parsed by hand so that no input can fail or panic.
//!
//! Text in double quotes (`"…"`, `“…”`, `„…“`, `«…»`) is a phrase; everything else is words.
//! Every word and every phrase must match (AND, as news search usually is: adding a word narrows
//! the results); a word matches in any field, also through its stem or its folded form (see
//! [`crate::analysis`]); a phrase matches its words in order in one field, without stemming.
//!
//! Ranking: each word or phrase that a document has exactly as typed adds [`EXACT_BONUS`], more
//! than any text score, so documents with more words as typed always come first; among equals,
//! BM25 decides, with matches through a stem or through folding weighted down.
//! A quote left open runs to the end of the input, which is what "climate change typed with one
//! quote means. There are no operators: `:`, `^`, `(`, `-`, `+`, `*`, `~`, `\` and the like just
//! separate words, because tantivy's own query grammar would turn them into syntax errors or
//! surprising field queries. Input is cut at [`MAX_QUERY_BYTES`] and [`MAX_WORDS`], so a pasted
//! article costs no more than a short query.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexPhraseQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::analysis::{Mode, QueryWord, WordAnalyzer, WordTokenizer, folded_term};

/// Longest query text looked at, in bytes; the rest is ignored.
pub(crate) const MAX_QUERY_BYTES: usize = 512;
/// Most words (in phrases or not) a query may have; the rest are ignored.
pub(crate) const MAX_WORDS: usize = 12;
/// A stem match scores this much of an exact match.
const STEM_WEIGHT: f32 = 0.6;
/// A match found only through folding scores this much of an exact match.
const FOLDED_WEIGHT: f32 = 0.5;
/// Added for each word or phrase matched exactly as typed: more than BM25 ever gives a whole
/// query (a few tens at most), so exact matches rank above folded ones whatever their counts.
pub(crate) const EXACT_BONUS: f32 = 1_000.0;
/// Most index terms one word with special letters is expanded to (see [`ParsedQuery::expand`]).
pub(crate) const MAX_EXPANSIONS: usize = 64;

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
    /// Parses `input` with the casing and stemming rules of `mode`, the query's likely language.
    pub(crate) fn parse(input: &str, mode: Mode) -> ParsedQuery {
        let input = cut(input, MAX_QUERY_BYTES);
        let analyzer = WordAnalyzer::new(mode);
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
                    // A quoted single word is matched exactly, without its stems.
                    let word = if quoted {
                        QueryWord {
                            stems: Vec::new(),
                            ..word
                        }
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

    /// Whether the query is a single word (no phrase).
    pub(crate) fn is_one_word(&self) -> bool {
        matches!(self.clauses.as_slice(), [Clause::Word(_)])
    }

    fn words(&self) -> impl Iterator<Item = &QueryWord> {
        self.clauses.iter().flat_map(|clause| match clause {
            Clause::Word(word) => std::slice::from_ref(word),
            Clause::Phrase(words) => words.as_slice(),
        })
    }

    /// Fills in the folded matches of words typed with special letters: `lookup` gives the
    /// index's terms that match a [`QueryWord::letters`] pattern (at most [`MAX_EXPANSIONS`]).
    pub(crate) fn expand<E>(
        &mut self,
        mut lookup: impl FnMut(&str) -> Result<Vec<String>, E>,
    ) -> Result<(), E> {
        for clause in &mut self.clauses {
            let words = match clause {
                Clause::Word(word) => std::slice::from_mut(word),
                Clause::Phrase(words) => words.as_mut_slice(),
            };
            for word in words {
                if let Some(pattern) = &word.letters {
                    let mut found = lookup(pattern)?;
                    found.retain(|term| *term != word.term);
                    word.folded = found;
                }
            }
        }
        Ok(())
    }

    /// Drops the folded and stemmed terms that no document holds (`held` tells): they cannot
    /// match, and a word left with none needs no bonus for its exact form, since every document
    /// that matches it has it exactly. For a common word that halves the postings a search
    /// reads (the bonus reads the exact term's postings a second time).
    pub(crate) fn drop_absent<E>(
        &mut self,
        mut held: impl FnMut(&str) -> Result<bool, E>,
    ) -> Result<(), E> {
        for clause in &mut self.clauses {
            if let Clause::Word(word) = clause {
                for terms in [&mut word.folded, &mut word.stems] {
                    let mut kept = Vec::with_capacity(terms.len());
                    for term in terms.drain(..) {
                        if held(&term)? {
                            kept.push(term);
                        }
                    }
                    *terms = kept;
                }
            }
        }
        Ok(())
    }

    /// Every term that can match, with a weight for choosing the best snippet, and the stems
    /// among them (see `crate::highlight`).
    pub(crate) fn highlight_terms(
        &self,
    ) -> (
        std::collections::BTreeMap<String, f32>,
        std::collections::HashSet<String>,
    ) {
        let mut terms = std::collections::BTreeMap::new();
        let mut stems = std::collections::HashSet::new();
        for word in self.words() {
            terms.insert(word.term.clone(), 1.0);
            for folded in &word.folded {
                terms.entry(folded.clone()).or_insert(FOLDED_WEIGHT);
            }
            for stem in &word.stems {
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
                let (exact, mut scored) = clause_parts(clause, fields);
                // The bonus tells exact matches from the others; without others it would add
                // the same to every match and only cost a second pass over the postings.
                if !exact.is_empty() {
                    let exact = BooleanQuery::new(exact);
                    let bonus = ConstScoreQuery::new(Box::new(exact), EXACT_BONUS);
                    scored.push((Occur::Should, Box::new(bonus)));
                }
                Box::new(BooleanQuery::new(scored))
            })
            .collect()
    }

    /// For a query of one word that has other forms: the union of all its terms, scored without
    /// the exact-form bonus, and its exact terms (see [`crate::exact_first`]).
    pub(crate) fn lone_word_parts(
        &self,
        fields: &[(Field, f32)],
    ) -> Option<(BooleanQuery, Vec<Term>)> {
        let [clause @ Clause::Word(word)] = self.clauses.as_slice() else {
            return None;
        };
        let (exact, scored) = clause_parts(clause, fields);
        let exact_terms = fields
            .iter()
            .map(|&(field, _)| Term::from_field_text(field, &word.term))
            .collect();
        (!exact.is_empty()).then(|| (BooleanQuery::new(scored), exact_terms))
    }
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// A clause's exact matches (empty for a word without other forms) and its scored ones.
fn clause_parts(clause: &Clause, fields: &[(Field, f32)]) -> (Clauses, Clauses) {
    let only_exact = matches!(clause, Clause::Word(word)
        if word.folded.is_empty() && word.stems.is_empty());
    let mut exact: Clauses = Vec::new();
    let mut scored: Clauses = Vec::new();
    for &(field, boost) in fields {
        match clause {
            Clause::Word(word) => {
                if !only_exact {
                    exact.push((Occur::Should, term_query(field, &word.term, 1.0)));
                }
                scored.push((Occur::Should, term_query(field, &word.term, boost)));
                for folded in &word.folded {
                    let weight = boost * FOLDED_WEIGHT;
                    scored.push((Occur::Should, term_query(field, folded, weight)));
                }
                for stem in &word.stems {
                    let weight = boost * STEM_WEIGHT;
                    scored.push((Occur::Should, term_query(field, stem, weight)));
                }
            }
            Clause::Phrase(words) => {
                let terms: Vec<Term> = words
                    .iter()
                    .map(|w| Term::from_field_text(field, &w.term))
                    .collect();
                let phrase = || -> Box<dyn Query> { Box::new(PhraseQuery::new(terms.clone())) };
                exact.push((Occur::Should, phrase()));
                scored.push((Occur::Should, boosted(phrase(), boost)));
                let patterns = words.iter().map(folded_pattern).collect();
                let folded = Box::new(RegexPhraseQuery::new(field, patterns));
                scored.push((Occur::Should, boosted(folded, boost * FOLDED_WEIGHT)));
            }
        }
    }
    (exact, scored)
}

/// The pattern a phrase word matches through folding: its letters, or for a plain word itself
/// and its folded term.
fn folded_pattern(word: &QueryWord) -> String {
    word.letters
        .clone()
        .unwrap_or_else(|| format!("{}|{}", word.term, folded_term(&word.term)))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let query = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    boosted(Box::new(query), boost)
}

/// `text` cut to at most `max` bytes, at a word boundary when there is one.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let head = &text[..text.floor_char_boundary(max)];
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
        let parsed = ParsedQuery::parse(input, Mode::Default);
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
        let parsed = ParsedQuery::parse(r#""running" oil oil"#, Mode::Default);
        assert_eq!(parsed.clauses.len(), 2);
        assert_eq!(
            parsed.clauses[0],
            Clause::Word(QueryWord {
                term: "running".into(),
                folded: vec![folded_term("running")],
                letters: None,
                stems: Vec::new(),
            })
        );
    }

    #[test]
    fn hostile_input_is_just_words() {
        assert!(ParsedQuery::parse("", Mode::Default).is_empty());
        assert!(ParsedQuery::parse("   \"\" \"  ", Mode::Default).is_empty());
        assert!(ParsedQuery::parse(r#":^()[]{}-+*~\"!?.,;'`|&<>/"#, Mode::Default).is_empty());
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
        let parsed = ParsedQuery::parse(&long, Mode::Default);
        assert_eq!(parsed.clauses.len(), 1, "repeated words collapse");
        let many: String = (0..5_000).map(|i| format!("w{i} ")).collect();
        assert_eq!(
            ParsedQuery::parse(&many, Mode::Default).clauses.len(),
            MAX_WORDS
        );
        let multibyte = "ş".repeat(10_000);
        assert!(cut(&multibyte, MAX_QUERY_BYTES).len() <= MAX_QUERY_BYTES);
        let phrase = format!("\"{}\"", "a b ".repeat(100));
        match &ParsedQuery::parse(&phrase, Mode::Default).clauses[..] {
            [Clause::Phrase(words)] => assert_eq!(words.len(), MAX_WORDS),
            other => panic!("expected one phrase, got {other:?}"),
        }
    }
}
