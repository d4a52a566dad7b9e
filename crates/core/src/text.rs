//! Measuring and shortening text for readers.
//!
//! Reading time rule: a word is a run of letters or digits (an apostrophe or hyphen
//! between letters keeps it one word); each CJK ideograph, kana or hangul syllable counts
//! as one character of CJK text. Alphabetic text is read at 230 words a minute and CJK text
//! at 500 characters a minute; the two are added and rounded up, so any non-empty text
//! takes at least one minute.

const WORDS_PER_MINUTE: u32 = 230;
const CJK_PER_MINUTE: u32 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingStats {
    /// Alphabetic words plus CJK characters.
    pub words: u32,
    pub minutes: u32,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FA1F) // supplementary ideographs
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
        } else if c.is_alphanumeric() || (in_word && ('\u{300}'..='\u{36f}').contains(&c)) {
            if !in_word {
                words = words.saturating_add(1);
            }
            in_word = true;
            joiner = false;
        } else if in_word && !joiner && matches!(c, '\'' | '’' | '-' | '‐') {
            // Still the same word if a letter follows; a second joiner ends it.
            joiner = true;
        } else {
            in_word = false;
            joiner = false;
        }
    }
    let minutes = if words == 0 && cjk == 0 {
        0
    } else {
        let alpha_secs = u64::from(words) * 60;
        let cjk_secs = u64::from(cjk) * 60;
        let total = alpha_secs * u64::from(CJK_PER_MINUTE) + cjk_secs * u64::from(WORDS_PER_MINUTE);
        let per_minute = 60 * u64::from(WORDS_PER_MINUTE) * u64::from(CJK_PER_MINUTE);
        u32::try_from(total.div_ceil(per_minute))
            .unwrap_or(u32::MAX)
            .max(1)
    };
    ReadingStats {
        words: words.saturating_add(cjk),
        minutes,
    }
}

/// The first `max_chars` characters of `plain_text` with whitespace collapsed, cut at a
/// word boundary and ending in "…" when anything was left out.
pub fn excerpt(plain_text: &str, max_chars: usize) -> String {
    let collapsed = plain_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<(usize, char)> = collapsed.char_indices().collect();
    if chars.len() <= max_chars {
        return collapsed;
    }
    let is_mark = |c: char| ('\u{300}'..='\u{36f}').contains(&c);
    // `chars[max_chars]` is the first character left out.
    let cut = if chars[max_chars].1 == ' ' {
        chars[max_chars].0
    } else {
        match chars[..max_chars].iter().rev().find(|(_, c)| *c == ' ') {
            Some((i, _)) if *i > 0 => *i,
            // One long word: cut inside it, but never between a letter and its accent.
            _ => {
                let mut n = max_chars;
                while n > 0 && is_mark(chars[n].1) {
                    n -= 1;
                }
                chars[n].0
            }
        }
    };
    let kept = collapsed[..cut].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—')
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
    fn reading_time_follows_the_rule() {
        assert_eq!(
            reading_stats(""),
            ReadingStats {
                words: 0,
                minutes: 0
            }
        );
        assert_eq!(
            reading_stats("   \n\t "),
            ReadingStats {
                words: 0,
                minutes: 0
            }
        );
        assert_eq!(
            reading_stats("One word."),
            ReadingStats {
                words: 2,
                minutes: 1
            }
        );
        assert_eq!(
            reading_stats("don't well-known 2026 café"),
            ReadingStats {
                words: 4,
                minutes: 1
            }
        );
        assert_eq!(
            reading_stats("a - b -- c"),
            ReadingStats {
                words: 3,
                minutes: 1
            }
        );
        let text = "word ".repeat(230);
        assert_eq!(reading_stats(&text).minutes, 1);
        assert_eq!(reading_stats(&"word ".repeat(231)).minutes, 2);
        assert_eq!(
            reading_stats(&"слово ".repeat(460)),
            ReadingStats {
                words: 460,
                minutes: 2
            }
        );
        assert_eq!(reading_stats("şəhər İlham ığdır").words, 3);
        // CJK: 500 characters a minute.
        assert_eq!(
            reading_stats(&"東".repeat(500)),
            ReadingStats {
                words: 500,
                minutes: 1
            }
        );
        assert_eq!(reading_stats(&"東".repeat(501)).minutes, 2);
        assert_eq!(
            reading_stats("🎉🎉 !!!"),
            ReadingStats {
                words: 0,
                minutes: 0
            }
        );
    }

    #[test]
    fn excerpts_cut_at_words_and_never_inside_a_character() {
        assert_eq!(excerpt("Short text.", 50), "Short text.");
        assert_eq!(excerpt("  spaced \n\n out  ", 50), "spaced out");
        assert_eq!(excerpt("The quick brown fox jumps", 12), "The quick…");
        assert_eq!(excerpt("Ölkə, şəhər və kənd", 11), "Ölkə, şəhər…");
        assert_eq!(excerpt("Привет мир как дела", 10), "Привет мир…");
        assert_eq!(excerpt(&"x".repeat(30), 10), format!("{}…", "x".repeat(10)));
        assert_eq!(excerpt("東京都東京都東京都", 4), "東京都東…");
        assert_eq!(excerpt("", 10), "");
        assert_eq!(excerpt("emoji 🎉🎉🎉 party", 8), "emoji…");
        assert_eq!(excerpt("cafe\u{301}s", 4), "caf…");
        assert_eq!(excerpt("word", 0), "…");
    }

    #[test]
    fn short_counts_round_down() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1k"),
            (1_149, "1.1k"),
            (1_999, "1.9k"),
            (12_345, "12.3k"),
            (999_999, "999.9k"),
            (1_000_000, "1M"),
            (1_250_000, "1.2M"),
            (3_000_000_000, "3B"),
            (u64::MAX, "18446744073.7B"),
        ];
        for (n, s) in cases {
            assert_eq!(short_count(n), s, "{n}");
        }
    }
}
