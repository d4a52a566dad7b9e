//! Language codes (BCP 47): the names readers see in source lines ("Translated from
//! Azerbaijani"), and a shape check for codes that come from forms and imports. Only the
//! primary subtag names a language, so region and script subtags are ignored for names;
//! the shape check is deliberately loose (no registry lookup) so real but rare tags pass.

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

/// The code content is stored under, from a tag an export or a feed declares: the
/// primary subtag in lower case, with a script subtag when there is one (`az-Cyrl`,
/// `sr-Latn`), and without the region, which WordPress adds to every locale (`en-US`,
/// `tr_TR`) and which would split one language's articles over several codes. `None` when
/// the tag is not shaped like a language tag (`English`, `<script>`), so the caller falls
/// back to the site's language instead of storing it.
pub fn content_language(tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    if !is_valid_code(&tag) {
        return None;
    }
    let mut parts = tag.split('-');
    let mut code = parts.next()?.to_ascii_lowercase();
    if let Some(script) = parts
        .next()
        .filter(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
    {
        code.push('-');
        code.push_str(&script[..1].to_ascii_uppercase());
        code.push_str(&script[1..].to_ascii_lowercase());
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ignore_case_region_and_script() {
        let cases = [
            ("az", Some("Azerbaijani")),
            ("en-GB", Some("English")),
            ("EN-gb", Some("English")),
            ("RU", Some("Russian")),
            ("az-Latn-AZ", Some("Azerbaijani")),
            ("az-Cyrl", Some("Azerbaijani")),
            ("zh-Hant-TW", Some("Chinese")),
            ("pt_BR", Some("Portuguese")),
            ("tr", Some("Turkish")),
            ("uk", Some("Ukrainian")),
            ("he-IL", Some("Hebrew")),
            ("fa", Some("Persian")),
            ("ka", Some("Georgian")),
            ("hy", Some("Armenian")),
            ("kk", Some("Kazakh")),
            ("uz-Latn", Some("Uzbek")),
            ("xx", None),
            ("", None),
            ("-en", None),
            ("eng", None),
            (" en", None),
            ("en\u{0}", None),
            ("ен", None),
            ("🇬🇧", None),
            ("İt", None),
        ];
        for (code, name) in cases {
            assert_eq!(language_name(code), name, "{code:?}");
        }
        for (code, _) in NAMES {
            assert!(is_valid_code(code), "{code}");
        }
    }

    #[test]
    fn content_language_keeps_language_and_script_only() {
        let cases = [
            ("tr", Some("tr")),
            ("tr-TR", Some("tr")),
            ("en-US", Some("en")),
            ("EN-gb", Some("en")),
            (" az ", Some("az")),
            ("az_AZ", Some("az")),
            ("az-cyrl-AZ", Some("az-Cyrl")),
            ("sr-Latn", Some("sr-Latn")),
            ("ru-RU", Some("ru")),
            ("es-419", Some("es")),
            ("English", None),
            ("", None),
            ("<script>", None),
            ("tr TR", None),
        ];
        for (tag, code) in cases {
            assert_eq!(content_language(tag).as_deref(), code, "{tag:?}");
        }
    }

    #[test]
    fn shapes() {
        for ok in [
            "en",
            "EN",
            "az-Latn",
            "az-Latn-AZ",
            "zh-Hant-TW",
            "es-419",
            "ast",
            "sr-Cyrl-RS",
            "en-x-private",
        ] {
            assert!(is_valid_code(ok), "{ok}");
        }
        let long = format!("en-{}", ["abcdefgh"; 4].join("-"));
        assert_eq!(long.len(), 38);
        for bad in [
            "",
            " ",
            "e",
            "english",
            "en_GB",
            "en-",
            "-en",
            "en--GB",
            "en GB",
            " en",
            "e1",
            "en-GB!",
            "en-abcdefghi",
            "ен",
            "az-Латн",
            "İt",
            "<script>",
            "en\u{0}",
            &"a".repeat(40),
            &long,
        ] {
            assert!(!is_valid_code(bad), "{bad:?}");
        }
        let max = format!("en-{}-abcdefg", ["abcdefgh"; 3].join("-"));
        assert_eq!(max.len(), 37);
        assert!(!is_valid_code(&max));
        let exactly = format!("en-{}-abcde", ["abcdefgh"; 3].join("-"));
        assert_eq!(exactly.len(), 35);
        assert!(is_valid_code(&exactly));
    }
}
