//! The lowercasing and folding rules (stated in the [`super`] module comment), and the
//! per-letter pattern of a query word typed with special letters.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::Mode;

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

pub(super) fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

pub(super) fn is_cyrillic(c: char) -> bool {
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
