//! Language codes (BCP 47): the names readers see in source lines, and a shape check for
//! codes that come from forms and imports.

const NAMES: &[(&str, &str)] = &[
    ("en", "English"),
    ("ru", "Russian"),
    ("az", "Azerbaijani"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("ar", "Arabic"),
    ("fa", "Persian"),
    ("zh", "Chinese"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("ka", "Georgian"),
    ("hy", "Armenian"),
    ("kk", "Kazakh"),
    ("uz", "Uzbek"),
    ("pl", "Polish"),
    ("he", "Hebrew"),
    ("nl", "Dutch"),
    ("sv", "Swedish"),
    ("fi", "Finnish"),
    ("el", "Greek"),
    ("ro", "Romanian"),
    ("be", "Belarusian"),
    ("tk", "Turkmen"),
    ("ky", "Kyrgyz"),
    ("tg", "Tajik"),
];

/// The English name of a language, ignoring region and script subtags ("en-GB" → English).
pub fn language_name(code: &str) -> Option<&'static str> {
    let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
    NAMES.iter().find(|(c, _)| *c == primary).map(|(_, n)| *n)
}

/// Whether `code` has the shape of a language tag: a 2–3 letter primary subtag, then
/// optional subtags of 1–8 letters or digits, at most 35 characters in all.
pub fn is_valid_code(code: &str) -> bool {
    if code.is_empty() || code.len() > 35 {
        return false;
    }
    let mut parts = code.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shapes() {
        assert_eq!(language_name("az"), Some("Azerbaijani"));
        assert_eq!(language_name("en-GB"), Some("English"));
        assert_eq!(language_name("RU"), Some("Russian"));
        assert_eq!(language_name("az-Latn-AZ"), Some("Azerbaijani"));
        assert_eq!(language_name("xx"), None);
        assert_eq!(language_name(""), None);
        for ok in ["en", "az-Latn", "zh-Hant-TW", "es-419", "ast"] {
            assert!(is_valid_code(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_",
            "en-",
            "en--GB",
            "<script>",
            &"a".repeat(40),
        ] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }
}
