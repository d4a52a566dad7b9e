//! URL slugs: lowercase ASCII words joined by hyphens. Titles in Azerbaijani, Turkish,
//! Russian and other Latin, Cyrillic or Greek scripts are transliterated so links stay
//! readable and typeable; scripts we cannot transliterate are dropped, and the caller
//! falls back to another slug when nothing is left. Generated slugs stay under 80 bytes so
//! URLs fit in shares and feeds; slugs typed by people may be longer (up to 200) but must
//! not shadow the site's own paths.

const MAX_GENERATED: usize = 80;
const MAX_VALID: usize = 200;

/// Paths the site uses itself, which an article or page slug must not shadow.
pub const RESERVED: &[&str] = &[
    "admin",
    "api",
    "account",
    "assets",
    "media",
    "feed",
    "category",
    "tag",
    "author",
    "search",
    "subscribe",
    "unsubscribe",
    "sitemap.xml",
    "robots.txt",
    "healthz",
    "metrics",
    "page",
    "wp-admin",
    "wp-content",
    "views",
    "consent",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error(
        "the slug is empty; use lowercase letters, digits and hyphens, like `grain-prices-rise`"
    )]
    Empty,
    #[error("the slug is {0} characters long; at most 200 are allowed")]
    TooLong(usize),
    #[error(
        "the slug contains `{}` (U+{:04X}); only lowercase a–z, digits 0–9 and hyphens are allowed",
        .0.escape_debug(),
        u32::from(*.0)
    )]
    BadCharacter(char),
    #[error("the slug starts with a hyphen; it must start with a letter or digit")]
    LeadingHyphen,
    #[error("the slug ends with a hyphen; it must end with a letter or digit")]
    TrailingHyphen,
    #[error("the slug has two hyphens in a row; separate words with a single hyphen")]
    DoubleHyphen,
    #[error("`{0}` is used by the site itself; choose another slug")]
    Reserved(String),
}

impl SlugError {
    /// The same refusal as a catalogue key and values (see [`crate::problem`]).
    pub fn problem(&self) -> crate::problem::Problem {
        use crate::problem::Problem;
        match self {
            SlugError::Empty => Problem::new("problem-slug-empty"),
            SlugError::TooLong(n) => Problem::new("problem-slug-too-long").number("len", *n),
            SlugError::BadCharacter(c) => Problem::new("problem-slug-character")
                .text("char", c.escape_debug().to_string())
                .text("code", format!("{:04X}", u32::from(*c))),
            SlugError::LeadingHyphen => Problem::new("problem-slug-leading-hyphen"),
            SlugError::TrailingHyphen => Problem::new("problem-slug-trailing-hyphen"),
            SlugError::DoubleHyphen => Problem::new("problem-slug-double-hyphen"),
            SlugError::Reserved(s) => {
                Problem::new("problem-slug-reserved").text("value", s.clone())
            }
        }
    }
}

/// Letters that have no Unicode decomposition to ASCII, or whose decomposition would read
/// wrongly (Cyrillic й and ё are и and е plus a mark, but are written y and yo).
/// Everything else with a diacritic is reduced to its base letter by decomposition.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'ð' | 'đ' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ĸ' => "k",
        'ł' | 'ŀ' => "l",
        'ŋ' => "n",
        'ø' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'þ' => "th",
        'ŧ' => "t",
        'ə' | 'ǝ' => "e",
        // Cyrillic: Russian, Ukrainian, Belarusian, Serbian, Macedonian, Kazakh and
        // Azerbaijani letters.
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' | 'ғ' | 'ѓ' | 'ҝ' => "g",
        'д' => "d",
        'ђ' => "dj",
        'е' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'ѕ' | 'џ' => "dz",
        'и' => "i",
        'і' => "i",
        'ї' => "yi",
        'й' | 'ј' => "y",
        'к' | 'ќ' => "k",
        'қ' => "q",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' | 'ң' => "n",
        'њ' => "nj",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'у' | 'ў' | 'ү' | 'ұ' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ҹ' => "c",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' | 'ә' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Greek; accented vowels decompose to these.
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' => "i",
        'θ' => "th",
        'ι' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' => "o",
        _ => return None,
    })
}

/// Characters that sit inside a word without splitting it: apostrophes (don't, Ukrainian
/// м'ясо, Uzbek oʻzbek), combining marks, soft hyphens and zero-width joiners.
fn joins(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | 'ʼ' | 'ʻ' | '`' | '\u{ad}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
    ) || unicode_normalization::char::is_combining_mark(c)
}

/// Appends the ASCII spelling of `c` to `out`. Returns false when `c` has none, so the
/// caller treats it as a word separator.
fn spell(c: char, out: &mut String) -> bool {
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        return true;
    }
    if let Some(t) = transliterate(c) {
        out.push_str(t);
        return true;
    }
    if c.is_ascii() {
        return false;
    }
    // é → e + ◌́, ǆ → dž, ﬁ → fi, fullwidth Ａ → A, ² → 2: keep what spells, drop marks.
    let mut spelled = false;
    let mut other = false;
    unicode_normalization::char::decompose_compatible(c, |d| {
        if d == c {
            other = true;
        } else if joins(d) {
            // The accent of a decomposed letter.
        } else if d.is_ascii_alphanumeric() {
            out.push(d.to_ascii_lowercase());
            spelled = true;
        } else if let Some(t) = transliterate(d).or_else(|| {
            d.to_lowercase()
                .next()
                .filter(|l| *l != d)
                .and_then(transliterate)
        }) {
            out.push_str(t);
            spelled = true;
        } else {
            other = true;
        }
    });
    spelled && !other
}

/// A slug for `input`, or an empty string when nothing in it can be written in ASCII.
///
/// At most 80 bytes: a longer slug is cut at the last hyphen, unless that would lose more
/// than half of it, in which case the last word is cut short.
pub fn slugify(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(MAX_GENERATED + 8));
    let mut piece = String::new();
    let mut pending_hyphen = false;
    // Lowercasing `İ` gives `i` plus a combining dot, which `joins` swallows.
    for c in input.chars().flat_map(char::to_lowercase) {
        if joins(c) {
            continue;
        }
        piece.clear();
        if !spell(c, &mut piece) {
            // Emoji, punctuation, CJK, Arabic… and characters only partly spelled (½).
            pending_hyphen = true;
        } else if !piece.is_empty() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push_str(&piece);
        }
        if out.len() > MAX_GENERATED {
            break;
        }
    }
    if out.len() <= MAX_GENERATED {
        return out;
    }
    // `out` is ASCII, so every byte index is a char boundary.
    let cut = if out.as_bytes().get(MAX_GENERATED) == Some(&b'-') {
        MAX_GENERATED
    } else {
        match out[..MAX_GENERATED].rfind('-') {
            Some(i) if i >= MAX_GENERATED / 2 => i,
            _ => MAX_GENERATED,
        }
    };
    out.truncate(cut);
    let trimmed = out.trim_end_matches('-').len();
    out.truncate(trimmed);
    out
}

/// Checks a slug given by a person or an import.
pub fn validate(slug: &str) -> Result<(), SlugError> {
    if slug.is_empty() {
        return Err(SlugError::Empty);
    }
    if RESERVED.contains(&slug) {
        return Err(SlugError::Reserved(slug.to_owned()));
    }
    let len = slug.chars().count();
    if len > MAX_VALID {
        return Err(SlugError::TooLong(len));
    }
    if let Some(bad) = slug
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(SlugError::BadCharacter(bad));
    }
    if slug.starts_with('-') {
        return Err(SlugError::LeadingHyphen);
    }
    if slug.ends_with('-') {
        return Err(SlugError::TrailingHyphen);
    }
    if slug.contains("--") {
        return Err(SlugError::DoubleHyphen);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_many_languages_become_readable_slugs() {
        let cases = [
            ("Grain prices rise, again!", "grain-prices-rise-again"),
            ("  --Hello   World--  ", "hello-world"),
            ("İlham Əliyev şəhərə gəldi", "ilham-eliyev-sehere-geldi"),
            ("Işık ve Çiçek Ğ Ö Ü", "isik-ve-cicek-g-o-u"),
            ("İSTANBUL'DA ĞÜNEŞ", "istanbulda-gunes"),
            (
                "Azərbaycan: çörək, ağac, ölkə, üzüm",
                "azerbaycan-corek-agac-olke-uzum",
            ),
            ("Щука и ёжик: Привет, мир", "shchuka-i-yozhik-privet-mir"),
            (
                "ЖУРНАЛ Хроника Цены Чай Шум Юг Ящик Йод Сыр",
                "zhurnal-khronika-tseny-chay-shum-yug-yashchik-yod-syr",
            ),
            ("Подъезд и мальчик", "podezd-i-malchik"),
            ("Їжак і Євген м'ясо", "yizhak-i-yevgen-myaso"),
            ("Ґанок", "ganok"),
            ("Straße München Ærø Łódź", "strasse-munchen-aero-lodz"),
            ("Crème brûlée à la française", "creme-brulee-a-la-francaise"),
            ("Việt Nam đổi mới", "viet-nam-doi-moi"),
            ("Αθήνα Ελλάδα ΣΟΦΙΑ", "athina-ellada-sofia"),
            ("Ђорђе Љубљана", "djordje-ljubljana"),
            ("oʻzbek tili", "ozbek-tili"),
            ("don't stop", "dont-stop"),
            ("Cafe\u{301} noir", "cafe-noir"),
            ("ｆｕｌｌｗｉｄｔｈ ２０２６", "fullwidth-2026"),
            ("ﬁnal ﬂight", "final-flight"),
            ("東京 2026 🎉 news", "2026-news"),
            ("abc東def", "abc-def"),
            (
                "soft\u{ad}hyphen zero\u{200b}width",
                "softhyphen-zero-width",
            ),
            ("مرحبا world שלום", "world"),
            ("1️⃣ 👨‍👩‍👧 family", "1-family"),
            ("C++ & C#: 100% ready?", "c-c-100-ready"),
            ("a_b.c/d\\e", "a-b-c-d-e"),
            ("Tab\there\nnewline", "tab-here-newline"),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "{input:?}");
            assert_eq!(validate(want), Ok(()), "{want:?}");
        }
    }

    #[test]
    fn untransliterable_or_empty_input_gives_an_empty_slug() {
        for s in [
            "",
            "   ",
            "\n\t\u{a0}\u{3000}",
            "東京",
            "日本語のニュース",
            "한국어",
            "🎉🎉",
            "العربية",
            "עברית",
            "---",
            "'''",
            "\u{301}\u{301}",
            "ь ъ",
            "\u{0}\u{1}\u{7f}",
        ] {
            assert_eq!(slugify(s), "", "{s:?}");
        }
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let s = slugify(&"word ".repeat(100));
        assert!(s.len() <= MAX_GENERATED && !s.ends_with('-'), "{s}");
        assert!(s.split('-').all(|w| w == "word"));
        assert_eq!(s.len(), 79); // 16 words
        // A word ending exactly at the limit is kept whole.
        let exact = format!("{} tail", "a".repeat(MAX_GENERATED));
        assert_eq!(slugify(&exact), "a".repeat(MAX_GENERATED));
        // One huge word is cut hard.
        assert_eq!(slugify(&"x".repeat(500)).len(), MAX_GENERATED);
        // Hyphen too early to cut at: the last word is shortened instead.
        let early = format!("ab {}", "y".repeat(200));
        let s = slugify(&early);
        assert_eq!(s.len(), MAX_GENERATED);
        assert!(s.starts_with("ab-yyy"));
        // Multi-letter transliterations never exceed the limit or leave a hyphen.
        for input in ["Щ".repeat(300), "Щ щ ".repeat(300), "ß ".repeat(300)] {
            let s = slugify(&input);
            assert!(s.len() <= MAX_GENERATED, "{s}");
            assert_eq!(validate(&s), Ok(()), "{s}");
        }
        // Huge input with nothing usable, then a word.
        let huge = format!("{}end", "🎉".repeat(200_000));
        assert_eq!(slugify(&huge), "end");
    }

    #[test]
    fn validation_names_what_is_wrong() {
        assert_eq!(validate("fine-slug-2"), Ok(()));
        assert_eq!(validate("a"), Ok(()));
        assert_eq!(validate("2026"), Ok(()));
        assert_eq!(validate(""), Err(SlugError::Empty));
        assert_eq!(validate("Caps"), Err(SlugError::BadCharacter('C')));
        assert_eq!(validate("a b"), Err(SlugError::BadCharacter(' ')));
        assert_eq!(validate("../etc"), Err(SlugError::BadCharacter('.')));
        assert_eq!(validate("a_b"), Err(SlugError::BadCharacter('_')));
        assert_eq!(validate("şəhər"), Err(SlugError::BadCharacter('ş')));
        assert_eq!(validate("ı"), Err(SlugError::BadCharacter('ı')));
        assert_eq!(validate("привет"), Err(SlugError::BadCharacter('п')));
        assert_eq!(validate("a\u{0}"), Err(SlugError::BadCharacter('\u{0}')));
        assert_eq!(validate("🎉"), Err(SlugError::BadCharacter('🎉')));
        assert_eq!(validate("-a"), Err(SlugError::LeadingHyphen));
        assert_eq!(validate("-"), Err(SlugError::LeadingHyphen));
        assert_eq!(validate("a-"), Err(SlugError::TrailingHyphen));
        assert_eq!(validate("a--b"), Err(SlugError::DoubleHyphen));
        for r in RESERVED {
            assert_eq!(validate(r), Err(SlugError::Reserved((*r).into())), "{r}");
        }
        assert_eq!(validate("admin-news"), Ok(()));
        assert_eq!(validate(&"a".repeat(200)), Ok(()));
        assert_eq!(validate(&"a".repeat(201)), Err(SlugError::TooLong(201)));
        assert_eq!(validate(&"ж".repeat(201)), Err(SlugError::TooLong(201)));
    }

    #[test]
    fn error_messages_say_what_is_wrong_and_what_is_allowed() {
        let msg = SlugError::BadCharacter('C').to_string();
        assert!(
            msg.contains("`C` (U+0043)") && msg.contains("lowercase"),
            "{msg}"
        );
        let msg = SlugError::BadCharacter('\u{0}').to_string();
        assert!(msg.contains("`\\0` (U+0000)"), "{msg}");
        let msg = SlugError::BadCharacter('🎉').to_string();
        assert!(msg.contains("U+1F389"), "{msg}");
        assert!(SlugError::TooLong(201).to_string().contains("200"));
        assert!(SlugError::Empty.to_string().contains("hyphens"));
        assert!(
            SlugError::DoubleHyphen
                .to_string()
                .contains("single hyphen")
        );
        assert!(
            SlugError::Reserved("admin".into())
                .to_string()
                .contains("`admin`")
        );
    }
}
