//! The analysis rules checked term by term, and the facts about tantivy's own filters that
//! made them necessary.

use super::folding::letter_pattern;
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

/// Asserts each `(word, mode, folded)`: `word` casefolds to `folded` in `mode`.
#[track_caller]
fn assert_casefolds(cases: &[(&str, Mode, &str)]) {
    for &(word, mode, folded) in cases {
        assert_eq!(casefold(word, mode), folded, "{word} in {mode:?}");
    }
}

#[test]
fn dotted_capital_i_lowercases_to_plain_i() {
    assert_casefolds(&[
        ("İlham", Mode::Default, "ilham"),
        ("İlham", Mode::Turkish, "ilham"),
        ("ilham", Mode::Turkish, "ilham"),
        // Already mangled by someone else's lowercasing: i + combining dot above.
        ("i\u{307}lham", Mode::Default, "ilham"),
        ("I\u{307}LHAM", Mode::Turkish, "ilham"),
    ]);
}

#[test]
fn dotless_pair_in_turkic_documents_only() {
    assert_casefolds(&[
        ("BAKI", Mode::Turkish, "bakı"),
        ("BAKI", Mode::Default, "baki"),
        ("Bakı", Mode::Default, "bakı"),
        ("IŞIQ", Mode::Turkish, "ışıq"),
    ]);
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
    assert_casefolds(&[
        ("ЁЛКА", Mode::Default, "елка"),
        ("Москва", Mode::Default, "москва"),
        // Decomposed input composes to the same exact form as precomposed input.
        ("Cafe\u{301}", Mode::Default, "café"),
    ]);
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
