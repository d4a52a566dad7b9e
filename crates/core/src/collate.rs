//! Alphabetical order of names (categories, tags) as a reader of the interface language
//! expects it. Code-point order puts "Çay" after "Zəfər" and "İqtisadiyyat" after "Yol";
//! Azerbaijani and Turkish readers look for ç after c, ə after e, ğ after g, ı before i,
//! ö after o, ş after s and ü after u, and in Azerbaijani x after h and q after k.
//!
//! Hand-written: the ICU collator would do this but brings tens of megabytes of data and
//! build time for four alphabets; this is one table per alphabet. Casing follows the
//! language too (Turkish and Azerbaijani I is the capital of ı, İ of i). Letters outside
//! the alphabet sort after it by code point, digits before letters, and equal keys are
//! ordered by the name itself so the order is total and stable.

use std::cmp::Ordering;

const AZ: &str = "abcçdeəfgğhxıijkqlmnoöprsştuüvyzw";
const TR: &str = "abcçdefgğhıijklmnoöpqrsştuüvwxyz";
const RU: &str = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
const EN: &str = "abcdefghijklmnopqrstuvwxyz";

/// The alphabet a language sorts by.
fn alphabet(lang: &str) -> &'static str {
    match crate::lang::primary(lang).as_str() {
        "az" => AZ,
        "tr" => TR,
        "ru" => RU,
        _ => EN,
    }
}

/// Lowercase with the language's dotted and dotless i.
fn lower(lang: &str, c: char) -> char {
    let turkic = matches!(crate::lang::primary(lang).as_str(), "az" | "tr");
    match c {
        'I' if turkic => 'ı',
        'İ' => 'i',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// A sort key for `name` in `lang`: compare keys to order names alphabetically.
pub fn sort_key(lang: &str, name: &str) -> Vec<u32> {
    let alpha = alphabet(lang);
    name.chars()
        .filter(|c| !matches!(c, '\'' | '’' | '"' | '«' | '»' | '“' | '”'))
        .map(|c| {
            let c = lower(lang, c);
            if let Some(d) = c.to_digit(10) {
                return 100 + d;
            }
            if c.is_whitespace() || c == '-' {
                return 50;
            }
            match alpha.chars().position(|a| a == c) {
                Some(i) => 1_000 + u32::try_from(i).unwrap_or(0),
                None => 10_000 + u32::from(c),
            }
        })
        .collect()
}

/// Orders two names alphabetically in `lang`.
pub fn compare(lang: &str, a: &str, b: &str) -> Ordering {
    sort_key(lang, a)
        .cmp(&sort_key(lang, b))
        .then_with(|| a.cmp(b))
}

/// Sorts `items` by the name `name` gives each, alphabetically in `lang`.
pub fn sort_by_name<T>(lang: &str, items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| (sort_key(lang, name(item)), name(item).to_owned()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lang: &str, names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        sort_by_name(lang, &mut v, |s| s.as_str());
        v
    }

    #[test]
    fn azerbaijani_order() {
        assert_eq!(
            sorted(
                "az",
                &[
                    "Zəfər",
                    "Əhali",
                    "Elm",
                    "Çay",
                    "Cəmiyyət",
                    "Xəbər",
                    "Hava",
                    "Qala",
                    "Kənd",
                    "İqtisadiyyat",
                    "Ismayıllı",
                    "Ölkə",
                    "Oyun",
                    "Şəhər",
                    "Səhiyyə",
                    "Ümid",
                    "Uşaq",
                    "Ğ",
                    "Gənclik"
                ]
            ),
            [
                "Cəmiyyət",
                "Çay",
                "Elm",
                "Əhali",
                "Gənclik",
                "Ğ",
                "Hava",
                "Xəbər",
                "Ismayıllı",
                "İqtisadiyyat",
                "Kənd",
                "Qala",
                "Oyun",
                "Ölkə",
                "Səhiyyə",
                "Şəhər",
                "Uşaq",
                "Ümid",
                "Zəfər"
            ]
        );
    }

    #[test]
    fn turkish_order_with_dotted_and_dotless_i() {
        assert_eq!(
            sorted(
                "tr",
                &[
                    "İzmir",
                    "Ilgaz",
                    "ırmak",
                    "inek",
                    "Çanakkale",
                    "Cide",
                    "Zonguldak",
                    "Öğretmen",
                    "Ordu",
                    "Şehir",
                    "Sağlık",
                    "Üniversite",
                    "Ulaşım",
                    "Ğ",
                    "Gaziantep"
                ]
            ),
            [
                "Cide",
                "Çanakkale",
                "Gaziantep",
                "Ğ",
                "Ilgaz",
                "ırmak",
                "inek",
                "İzmir",
                "Ordu",
                "Öğretmen",
                "Sağlık",
                "Şehir",
                "Ulaşım",
                "Üniversite",
                "Zonguldak"
            ]
        );
        // x and q are not Turkish letters: they sort where Turkish dictionaries put them.
        assert_eq!(
            sorted("tr", &["Xanthi", "Quebec", "Rize", "Pazar"]),
            ["Pazar", "Quebec", "Rize", "Xanthi"]
        );
    }

    #[test]
    fn russian_yo_follows_ye_and_english_ignores_case() {
        assert_eq!(
            sorted("ru", &["Ёлка", "Жизнь", "Ель", "Авто"]),
            ["Авто", "Ель", "Ёлка", "Жизнь"]
        );
        assert_eq!(
            sorted("en", &["beta", "Alpha", "alpha", "Gamma"]),
            ["Alpha", "alpha", "beta", "Gamma"]
        );
    }

    #[test]
    fn digits_first_unknown_letters_last_and_hostile_input_is_fine() {
        assert_eq!(
            sorted("az", &["Ω", "2026", "Abş", ""]),
            ["", "2026", "Abş", "Ω"]
        );
        assert_eq!(compare("tr", "a\u{0}", "a"), Ordering::Greater);
        assert_eq!(compare("az", "same", "same"), Ordering::Equal);
    }
}
