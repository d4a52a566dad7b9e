//! Language codes (BCP 47): the names readers see in source lines ("Translated from
//! Azerbaijani"), and a shape check for codes that come from forms and imports. Only the
//! primary subtag names a language, so region and script subtags are ignored for names;
//! the shape check is deliberately loose (no registry lookup) so real but rare tags pass.
//!
//! It also holds what the site's language editions share: each language's name in itself
//! (for the header's switcher and "Also in" lines, one table for every template), the site's
//! list of languages, and which version of a story search engines get as `x-default`.

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

/// The primary subtag of a code, lowercased: "tr-TR" → "tr", "az_Latn" → "az".
pub fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The English name of a language, ignoring region and script subtags ("en-GB" → English).
pub fn language_name(code: &str) -> Option<&'static str> {
    let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
    NAMES.iter().find(|(c, _)| *c == primary).map(|(_, n)| *n)
}

/// Languages' names in themselves, as a reader looking for their own language scans for
/// them ("Azərbaycanca", not "Azerbaijani").
const NATIVE_NAMES: &[(&str, &str)] = &[
    ("en", "English"),
    ("az", "Azərbaycanca"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("zh", "中文"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("ka", "ქართული"),
    ("hy", "Հայերեն"),
    ("kk", "Қазақша"),
    ("uz", "Oʻzbekcha"),
    ("pl", "Polski"),
    ("he", "עברית"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("fi", "Suomi"),
    ("el", "Ελληνικά"),
    ("ro", "Română"),
    ("be", "Беларуская"),
    ("tk", "Türkmençe"),
    ("ky", "Кыргызча"),
    ("tg", "Тоҷикӣ"),
];

/// The language's name in that language ("az" → Azərbaycanca), ignoring region and script
/// subtags; the code itself for a language the table lacks, so a name is always shown.
pub fn native_name(code: &str) -> String {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    NATIVE_NAMES
        .iter()
        .find(|(c, _)| *c == primary)
        .map_or_else(|| code.to_owned(), |(_, n)| (*n).to_owned())
}

/// The site's content languages: its main language first, then the others configured, each
/// once, invalid codes left out (the settings screen refuses them; a hand-edited row must
/// not break every page).
pub fn site_languages(main: &str, configured: &[String]) -> Vec<String> {
    let mut out = vec![main.to_owned()];
    for code in configured {
        let code = code.trim();
        if is_valid_code(code) && !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    }
    out
}

/// One published version of a story, as the `x-default` choice sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRef<'a> {
    pub language: &'a str,
    /// Whether this version is the one the others translate (it names no original).
    pub original: bool,
}

/// Which of a story's published `versions` is its `x-default`: the one in the site's main
/// language, else the original, else the first listed. `None` for no versions.
pub fn x_default(versions: &[VersionRef<'_>], site_language: &str) -> Option<usize> {
    versions
        .iter()
        .position(|v| v.language == site_language)
        .or_else(|| versions.iter().position(|v| v.original))
        .or_else(|| (!versions.is_empty()).then_some(0))
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
    fn native_names_and_site_languages() {
        assert_eq!(native_name("az"), "Azərbaycanca");
        assert_eq!(native_name("ru-RU"), "Русский");
        assert_eq!(native_name("TR"), "Türkçe");
        assert_eq!(native_name("en"), "English");
        assert_eq!(native_name("xx"), "xx");
        for (code, _) in NAMES {
            assert!(NATIVE_NAMES.iter().any(|(c, _)| c == code), "{code}");
        }
        let configured = ["az", "en", " ru ", "not a code", "az", "tr"].map(String::from);
        assert_eq!(
            site_languages("en", &configured),
            ["en", "az", "ru", "tr"].map(String::from)
        );
        assert_eq!(site_languages("tr", &[]), ["tr"].map(String::from));
    }

    #[test]
    fn x_default_prefers_the_site_language_then_the_original() {
        let v = |language, original| VersionRef { language, original };
        assert_eq!(x_default(&[v("az", true), v("en", false)], "en"), Some(1));
        assert_eq!(x_default(&[v("ru", false), v("az", true)], "en"), Some(1));
        assert_eq!(x_default(&[v("ru", false), v("tr", false)], "en"), Some(0));
        assert_eq!(x_default(&[], "en"), None);
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
