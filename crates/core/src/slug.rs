//! URL slugs: lowercase ASCII words joined by hyphens. Titles in Azerbaijani, Turkish,
//! Russian and other Latin, Cyrillic or Greek scripts are transliterated so links stay
//! readable and typeable; scripts we cannot transliterate are dropped, and the caller
//! falls back to another slug when nothing is left.

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
    #[error("the slug contains `{0}`; only lowercase a–z, digits 0–9 and hyphens are allowed")]
    BadCharacter(char),
    #[error("the slug may not start or end with a hyphen, or contain two in a row")]
    BadHyphen,
    #[error("`{0}` is used by the site itself; choose another slug")]
    Reserved(String),
}

fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ə' => "e",
        'ğ' | 'ĝ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'i' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ł' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        // Cyrillic (Russian, Ukrainian, Azerbaijani and Kazakh letters).
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ә' => "e",
        'ғ' => "g",
        'қ' => "q",
        'ң' => "n",
        'ө' => "o",
        'ү' | 'ұ' => "u",
        'һ' => "h",
        'ј' => "y",
        // Greek.
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        _ => return None,
    })
}

/// A slug for `input`, or an empty string when nothing in it can be written in ASCII.
pub fn slugify(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(MAX_GENERATED));
    let mut pending_hyphen = false;
    // Lowercasing `İ` gives `i` plus a combining dot, which is dropped below.
    for c in input.chars().flat_map(char::to_lowercase) {
        let piece: Option<std::borrow::Cow<'static, str>> = if c.is_ascii_alphanumeric() {
            Some(c.to_string().into())
        } else if c == '\'' || c == '’' || ('\u{300}'..='\u{36f}').contains(&c) {
            // Apostrophes and combining marks join, they do not separate.
            continue;
        } else {
            transliterate(c).map(Into::into)
        };
        match piece {
            Some(p) if !p.is_empty() => {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push_str(&p);
            }
            Some(_) => {}
            None => pending_hyphen = true,
        }
        if out.len() > MAX_GENERATED + 16 {
            break;
        }
    }
    if out.len() > MAX_GENERATED {
        let cut = &out[..MAX_GENERATED];
        let cut = match cut.rfind('-') {
            Some(i) if i > MAX_GENERATED / 2 => &cut[..i],
            _ => cut,
        };
        return cut.trim_end_matches('-').to_owned();
    }
    out
}

/// Checks a slug given by a person or an import.
pub fn validate(slug: &str) -> Result<(), SlugError> {
    if slug.is_empty() {
        return Err(SlugError::Empty);
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
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Err(SlugError::BadHyphen);
    }
    if RESERVED.contains(&slug) {
        return Err(SlugError::Reserved(slug.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_many_languages_become_readable_slugs() {
        assert_eq!(
            slugify("Grain prices rise, again!"),
            "grain-prices-rise-again"
        );
        assert_eq!(slugify("  --Hello   World--  "), "hello-world");
        assert_eq!(
            slugify("İlham Əliyev şəhərə gəldi"),
            "ilham-eliyev-sehere-geldi"
        );
        assert_eq!(slugify("Işık ve Çiçek Ğ Ö Ü"), "isik-ve-cicek-g-o-u");
        assert_eq!(
            slugify("Щука и ёжик: Привет, мир"),
            "shchuka-i-yozhik-privet-mir"
        );
        assert_eq!(slugify("Їжак і Євген"), "yizhak-i-yevgen");
        assert_eq!(slugify("Straße München Ærø"), "strasse-munchen-aero");
        assert_eq!(slugify("Αθήνα"), "athina");
        assert_eq!(slugify("don't stop"), "dont-stop");
        assert_eq!(slugify("Cafe\u{301} noir"), "cafe-noir");
        assert_eq!(slugify("東京 2026 🎉 news"), "2026-news");
    }

    #[test]
    fn untransliterable_or_empty_input_gives_an_empty_slug() {
        for s in ["", "   ", "東京", "🎉🎉", "العربية", "---"] {
            assert_eq!(slugify(s), "", "{s:?}");
        }
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let s = slugify(&"word ".repeat(100));
        assert!(s.len() <= MAX_GENERATED && !s.ends_with('-'), "{s}");
        assert!(s.split('-').all(|w| w == "word"));
        let s = slugify(&"x".repeat(500));
        assert_eq!(s.len(), MAX_GENERATED);
        assert!(validate(&slugify(&"Ж".repeat(300))).is_ok());
    }

    #[test]
    fn validation_names_what_is_wrong() {
        assert_eq!(validate("fine-slug-2"), Ok(()));
        assert_eq!(validate(""), Err(SlugError::Empty));
        assert_eq!(validate("Caps"), Err(SlugError::BadCharacter('C')));
        assert_eq!(validate("a b"), Err(SlugError::BadCharacter(' ')));
        assert_eq!(validate("../etc"), Err(SlugError::BadCharacter('.')));
        assert_eq!(validate("şəhər"), Err(SlugError::BadCharacter('ş')));
        assert_eq!(validate("-a"), Err(SlugError::BadHyphen));
        assert_eq!(validate("a--b"), Err(SlugError::BadHyphen));
        assert_eq!(validate("admin"), Err(SlugError::Reserved("admin".into())));
        assert_eq!(validate(&"a".repeat(201)), Err(SlugError::TooLong(201)));
        assert!(SlugError::BadCharacter('C').to_string().contains("`C`"));
    }
}
