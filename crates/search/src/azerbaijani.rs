//! A light stemmer for Azerbaijani, written here because Snowball (and so every stemming crate)
//! has none, and the Turkish one does not know the letter `ə` of half of Azerbaijani's suffixes
//! (`-lər`, `-də`, `-dən`).
//!
//! Azerbaijani is agglutinative: a noun takes plural, possessive, case and predicative suffixes
//! in that order ("kitab-lar-ım-da-dır", "in my books it is"). The stemmer strips at most one
//! suffix of each group, from the outside in, keeping the longest match of a group whose removal
//! leaves enough of the word: three letters for a suffix of two or more letters, four for a
//! one-letter suffix (so "ana", "ata" or "Bakı" keep their last vowel). Like a Snowball stemmer
//! it conflates the inflected forms of a word ("şəhərlərdə", "şəhərin", "şəhərdən" → "şəhər")
//! and sometimes over-strips; stems only ever add matches, ranked below exact words.
//! Consonant alternation (kitab/kitabı, but çörək/çörəyi) is left alone, as Snowball's Turkish
//! stemmer leaves most of it.

/// Predicative endings ("-dır": "is").
const PREDICATIVE: &[&str] = &[
    "dır", "dir", "dur", "dür", "tır", "tir", "tur", "tür", "dı", "di", "du", "dü",
];
/// Case endings, with the `n`/`y` linking consonants after possessives and vowels.
const CASE: &[&str] = &[
    "nın", "nin", "nun", "nün", "ın", "in", "un", "ün", "nı", "ni", "nu", "nü", "ya", "yə", "nda",
    "ndə", "ndan", "ndən", "da", "də", "ta", "tə", "dan", "dən", "tan", "tən", "la", "lə", "ilə",
    "a", "ə", "ı", "i", "u", "ü",
];
/// Possessive endings.
const POSSESSIVE: &[&str] = &[
    "ımız", "imiz", "umuz", "ümüz", "ınız", "iniz", "unuz", "ünüz", "ları", "ləri", "sı", "si",
    "su", "sü", "ım", "im", "um", "üm", "ı", "i", "u", "ü",
];
const PLURAL: &[&str] = &["lar", "lər"];

fn has_vowel(s: &str) -> bool {
    s.chars().any(|c| "aəıioöuüe".contains(c))
}

/// Strips the longest suffix of `group` that leaves a long enough stem with a vowel.
fn strip<'a>(word: &'a str, group: &[&str]) -> &'a str {
    let letters = word.chars().count();
    group
        .iter()
        .filter(|suffix| word.ends_with(*suffix))
        .filter(|suffix| {
            let len = suffix.chars().count();
            let min = if len == 1 { 4 } else { 3 };
            letters >= len + min && has_vowel(&word[..word.len() - suffix.len()])
        })
        .max_by_key(|suffix| suffix.len())
        .map_or(word, |suffix| &word[..word.len() - suffix.len()])
}

/// The stem of a lowercased (exact-form) Azerbaijani word.
pub(crate) fn stem(word: &str) -> &str {
    [PREDICATIVE, CASE, POSSESSIVE, PLURAL]
        .iter()
        .fold(word, |word, group| strip(word, group))
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn inflected_forms_share_a_stem() {
        for (forms, expected) in [
            (
                &["şəhər", "şəhərin", "şəhərdən", "şəhərlərdə", "şəhərə"][..],
                "şəhər",
            ),
            (
                &["kitab", "kitablar", "kitabları", "kitablarda", "kitabın"][..],
                "kitab",
            ),
            (
                &["bakı", "bakıda", "bakıya", "bakının", "bakıdan"][..],
                "bakı",
            ),
            (
                &["məktəb", "məktəblər", "məktəbimiz", "məktəbdədir"][..],
                "məktəb",
            ),
            (
                &["prezident", "prezidentin", "prezidentlə"][..],
                "prezident",
            ),
        ] {
            for form in forms {
                assert_eq!(stem(form), expected, "{form}");
            }
        }
    }

    #[test]
    fn short_words_keep_their_letters() {
        for word in ["ana", "ata", "su", "ev", "o", ""] {
            assert_eq!(stem(word), word);
        }
        // Never a stem without a vowel.
        assert_eq!(stem("bdlar"), "bdlar");
    }
}
