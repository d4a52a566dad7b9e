//! Measuring and shortening text for readers.
//!
//! Reading time rule: a word is a maximal run of letters or digits (combining marks stay
//! with their letter; one apostrophe or hyphen between letters keeps it one word, so
//! "don't" and "well-known" are one word each). Each CJK ideograph, kana or hangul
//! syllable counts as one word of its own, because those scripts do not separate words
//! with spaces. Alphabetic words are read at 230 a minute and CJK characters at 500 a
//! minute; the two times are added and rounded up, so any text with a word in it takes at
//! least one minute and text without one takes none.

use unicode_normalization::char::is_combining_mark;

const WORDS_PER_MINUTE: u64 = 230;
const CJK_PER_MINUTE: u64 = 500;
const ZWJ: char = '\u{200d}';

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReadingStats {
    /// Alphabetic words plus CJK characters.
    pub words: u32,
    pub minutes: u32,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F      // hiragana
        | 0x30A1..=0x30FA    // katakana letters
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7A3    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF66..=0xFF9D    // halfwidth katakana
        | 0x20000..=0x2FA1F  // extensions B–F, compatibility supplement
        | 0x30000..=0x323AF) // extensions G–H
}

pub fn reading_stats(plain_text: &str) -> ReadingStats {
    let mut words: u32 = 0;
    let mut cjk: u32 = 0;
    let mut in_word = false;
    let mut joiner = false;
    for c in plain_text.chars() {
        if is_cjk(c) {
            cjk = cjk.saturating_add(1);
            in_word = false;
            joiner = false;
        } else if c.is_alphanumeric() || (in_word && !joiner && is_combining_mark(c)) {
            if !in_word {
                words = words.saturating_add(1);
            }
            in_word = true;
            joiner = false;
        } else if in_word && !joiner && matches!(c, '\'' | '’' | 'ʼ' | '-' | '‐' | '\u{ad}') {
            // Still the same word if a letter follows; a second joiner ends it.
            joiner = true;
        } else {
            in_word = false;
            joiner = false;
        }
    }
    // words/230 + cjk/500 minutes, in whole minutes rounded up; cannot overflow u64.
    let minutes = (u64::from(words) * CJK_PER_MINUTE + u64::from(cjk) * WORDS_PER_MINUTE)
        .div_ceil(WORDS_PER_MINUTE * CJK_PER_MINUTE);
    ReadingStats {
        words: words.saturating_add(cjk),
        minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
    }
}

/// Characters that belong to the character before them: a cut must not fall before one.
fn extends(c: char) -> bool {
    c == ZWJ || is_combining_mark(c) || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Whether cutting `s` off before `next` keeps whole what a reader sees as one character:
/// a letter with its accents, an emoji with its modifiers and joined emoji, a flag.
fn safe_cut(s: &str, next: char) -> bool {
    let Some(last) = s.chars().next_back() else {
        return true;
    };
    if extends(next) || last == ZWJ {
        return false;
    }
    if is_regional_indicator(last) && is_regional_indicator(next) {
        // Flags are pairs: the cut is safe only after an even run.
        let run = s
            .chars()
            .rev()
            .take_while(|c| is_regional_indicator(*c))
            .count();
        return run % 2 == 0;
    }
    true
}

/// `text` escaped for HTML and XML content and quoted attributes (`&`, `<`, `>`, `"`, `'`).
/// Not `ammonia::clean_text`, which also escapes every space (`&#32;`) and so doubles the
/// size of a mail that must stay under Gmail's clipping limit.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text a newsroom form posted, made safe to store: Windows line ends become `\n`, and
/// control characters other than newline and tab are dropped. They are invisible on the
/// page, illegal in XML feeds and sitemaps, and only ever arrive by pasting or forging.
pub fn clean_input(posted: &str) -> String {
    posted
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

/// `s` with its first letter upper-cased, for a store's or a check's lowercase message
/// shown as a sentence or a label.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first `max_chars` characters of `plain_text` with whitespace collapsed, cut at a
/// word boundary and ending in "…" (not counted in `max_chars`) when anything was left out.
/// A single word longer than `max_chars` is cut inside, but never inside a character as a
/// reader sees it (accented letter, emoji sequence, flag).
pub fn excerpt(plain_text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0usize;
    // The first character that did not fit, and whether it continued a word.
    let mut overflow: Option<(char, bool)> = None;
    'words: for word in plain_text.split_whitespace() {
        if !out.is_empty() {
            if count == max_chars {
                overflow = Some((' ', false));
                break;
            }
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count == max_chars {
                overflow = Some((c, true));
                break 'words;
            }
            out.push(c);
            count += 1;
        }
    }
    let Some((mut next, mid_word)) = overflow else {
        return out;
    };
    let cjk_boundary = is_cjk(next) || out.chars().next_back().is_some_and(is_cjk);
    if mid_word && !cjk_boundary {
        if let Some(space) = out.rfind(' ') {
            out.truncate(space);
        } else {
            // One long word (or unspaced CJK): cut inside it at a safe place.
            while !safe_cut(&out, next) {
                match out.pop() {
                    Some(c) => next = c,
                    None => break,
                }
            }
        }
    }
    let kept = out.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';'
                    | ':'
                    | '-'
                    | '–'
                    | '—'
                    | '('
                    | '['
                    | '{'
                    | '«'
                    | '“'
                    | '„'
                    | '‘'
                    | '"'
                    | '\''
            )
    });
    format!("{kept}…")
}

/// A count as readers see it next to an article: 999, 1k, 1.1k, 12.3k, 1M. Rounded down,
/// so the figure never overstates.
pub fn short_count(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")];
    for (size, suffix) in UNITS {
        if n >= size {
            let whole = n / size;
            let tenth = (n % size) * 10 / size;
            return if tenth == 0 {
                format!("{whole}{suffix}")
            } else {
                format!("{whole}.{tenth}{suffix}")
            };
        }
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_escapes_markup_and_quotes_and_nothing_else() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a> şəhər"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; şəhər"
        );
        assert_eq!(escape_html("plain words"), "plain words");
    }

    #[test]
    fn posted_text_loses_control_characters_but_keeps_lines() {
        assert_eq!(
            clean_input("Ctrl\u{1}char\u{b}\r\nline\ttab\u{1b}[31m é\u{7f}"),
            "Ctrlchar\nline\ttab[31m é"
        );
        assert_eq!(clean_input("Москва — «перевод»"), "Москва — «перевод»");
    }

    fn stats(words: u32, minutes: u32) -> ReadingStats {
        ReadingStats { words, minutes }
    }

    #[test]
    fn reading_time_follows_the_rule() {
        assert_eq!(reading_stats(""), stats(0, 0));
        assert_eq!(reading_stats("   \n\t \u{a0}\u{3000}"), stats(0, 0));
        assert_eq!(reading_stats("🎉🎉 !!! — …"), stats(0, 0));
        assert_eq!(reading_stats("One word."), stats(2, 1));
        assert_eq!(
            reading_stats("don't well-known 2026 café COVID-19"),
            stats(5, 1)
        );
        assert_eq!(
            reading_stats("a - b -- c 'quoted' well--known"),
            stats(6, 1)
        );
        assert_eq!(reading_stats("trailing- hyphen' word"), stats(3, 1));
        assert_eq!(reading_stats(&"word ".repeat(230)).minutes, 1);
        assert_eq!(reading_stats(&"word ".repeat(231)).minutes, 2);
        assert_eq!(reading_stats(&"слово ".repeat(460)), stats(460, 2));
        assert_eq!(reading_stats("şəhər İlham ığdır Ölkə çörək ağac").words, 6);
        assert_eq!(reading_stats("Cafe\u{301} cre\u{300}me").words, 2);
        assert_eq!(reading_stats("מילים בעברית ועוד").words, 3);
        assert_eq!(reading_stats("كلمات عربية هنا").words, 3);
        assert_eq!(reading_stats("हिन्दी भाषा").words, 2);
        // CJK: each character is a word, 500 a minute.
        assert_eq!(reading_stats(&"東".repeat(500)), stats(500, 1));
        assert_eq!(reading_stats(&"東".repeat(501)).minutes, 2);
        assert_eq!(reading_stats("日本語のニュース。").words, 8);
        assert_eq!(reading_stats("한국어 뉴스").words, 5);
        // Mixed: 115 words (half a minute) + 250 CJK (half a minute) = 1 minute.
        let mixed = format!("{}{}", "word ".repeat(115), "字".repeat(250));
        assert_eq!(reading_stats(&mixed), stats(365, 1));
        let mixed = format!("{}{}", "word ".repeat(116), "字".repeat(250));
        assert_eq!(reading_stats(&mixed).minutes, 2);
        // Huge input does not overflow.
        let huge = "a ".repeat(1_000_000);
        assert_eq!(reading_stats(&huge), stats(1_000_000, 4348));
    }

    #[test]
    fn excerpts_cut_at_words_and_never_inside_a_character() {
        assert_eq!(excerpt("Short text.", 50), "Short text.");
        assert_eq!(excerpt("Short text.", 11), "Short text.");
        assert_eq!(excerpt("  spaced \n\n out  ", 50), "spaced out");
        assert_eq!(excerpt("", 10), "");
        assert_eq!(excerpt(" \n\t ", 10), "");
        assert_eq!(excerpt("The quick brown fox jumps", 12), "The quick…");
        assert_eq!(excerpt("The quick brown fox jumps", 9), "The quick…");
        assert_eq!(excerpt("The quick brown fox jumps", 10), "The quick…");
        assert_eq!(excerpt("Ölkə, şəhər və kənd", 11), "Ölkə, şəhər…");
        assert_eq!(excerpt("Ölkə, şəhər və kənd", 7), "Ölkə…");
        assert_eq!(excerpt("İstanbul ığdır", 12), "İstanbul…");
        assert_eq!(excerpt("Привет мир как дела", 10), "Привет мир…");
        assert_eq!(excerpt("He said (quietly) yes", 9), "He said…");
        assert_eq!(excerpt("Word — another", 7), "Word…");
        assert_eq!(excerpt("שלום עולם ומה", 9), "שלום עולם…");
        assert_eq!(excerpt(&"x".repeat(30), 10), format!("{}…", "x".repeat(10)));
        assert_eq!(excerpt("word", 0), "…");
        // Unspaced CJK is cut between characters.
        assert_eq!(excerpt("東京都東京都東京都", 4), "東京都東…");
        assert_eq!(excerpt("News 東京都東京都東京都", 8), "News 東京都…");
        // Never inside a reader's character.
        assert_eq!(excerpt("emoji 🎉🎉🎉 party", 8), "emoji…");
        assert_eq!(excerpt("cafe\u{301}s", 4), "caf…");
        assert_eq!(excerpt("cafe\u{301}\u{302}s", 5), "caf…");
        assert_eq!(excerpt("ab👍🏽cd", 3), "ab…");
        assert_eq!(excerpt("ab👨\u{200d}👩\u{200d}👧cd", 4), "ab…");
        assert_eq!(excerpt("🇦🇿🇹🇷🇺🇦", 3), "🇦🇿…");
        assert_eq!(excerpt("🇦🇿🇹🇷🇺🇦", 4), "🇦🇿🇹🇷…");
        assert_eq!(excerpt("\u{301}\u{301}\u{301}", 1), "…");
        // Huge input: only the start is looked at, the result is small.
        let huge = "слово ".repeat(1_000_000);
        let e = excerpt(&huge, 100);
        assert!(e.chars().count() <= 101 && e.ends_with("слово…"), "{e}");
    }

    #[test]
    fn excerpts_never_exceed_the_limit() {
        let samples = [
            "İlham Əliyev şəhərə gəldi, çörək aldı.",
            "Щука и ёжик: Привет, мир",
            "東京 2026 🎉 news 👨‍👩‍👧 e\u{301}",
            "a\u{301}\u{302}\u{303} b",
        ];
        for s in samples {
            for max in 0..50 {
                let e = excerpt(s, max);
                let body = e.strip_suffix('…').unwrap_or(&e);
                assert!(body.chars().count() <= max, "{s:?} {max} {e:?}");
                assert!(
                    s.replace(char::is_whitespace, "")
                        .starts_with(&body.replace(' ', ""))
                );
            }
        }
    }

    #[test]
    fn short_counts_round_down() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1k"),
            (1_049, "1k"),
            (1_149, "1.1k"),
            (1_999, "1.9k"),
            (12_345, "12.3k"),
            (999_999, "999.9k"),
            (1_000_000, "1M"),
            (1_250_000, "1.2M"),
            (999_999_999, "999.9M"),
            (1_000_000_000, "1B"),
            (3_000_000_000, "3B"),
            (u64::MAX, "18446744073.7B"),
        ];
        for (n, s) in cases {
            assert_eq!(short_count(n), s, "{n}");
        }
    }
}
