//! Numbers and dates as a reader of each interface language writes them: "1,234" and
//! "1.1k" in English, "1.234" and "1,1 min" in Azerbaijani, "1 234" and "1,1 тыс." in
//! Russian, "1.234" and "1,1 bin" in Turkish; "5 Nov 2026", "5 noyabr 2026",
//! "5 ноября 2026", "5 Kasım 2026".
//!
//! Hand-written: the four interface languages need a dozen separators and month names,
//! which is less code than the data tables and build cost of the ICU crates. A language
//! this table lacks is written the English way, so a page never fails over a locale.

use time::OffsetDateTime;

/// How one language writes numbers and dates.
struct Style {
    decimal: char,
    /// Between groups of three digits; `None` when numbers below 10,000 stay ungrouped.
    group: &'static str,
    /// Russian leaves four-digit numbers ungrouped ("1234", "12 345").
    group_from: u64,
    /// Short-count units for thousands, millions, billions, with the separator before them.
    units: [&'static str; 3],
    /// Month names as they stand after a day number.
    months: [&'static str; 12],
}

const EN: Style = Style {
    decimal: '.',
    group: ",",
    group_from: 1000,
    units: ["k", "M", "B"],
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
};

const AZ: Style = Style {
    decimal: ',',
    group: ".",
    group_from: 1000,
    units: ["\u{a0}min", "\u{a0}mln", "\u{a0}mlrd"],
    months: [
        "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
        "oktyabr", "noyabr", "dekabr",
    ],
};

const RU: Style = Style {
    decimal: ',',
    group: "\u{a0}",
    group_from: 10_000,
    units: ["\u{a0}тыс.", "\u{a0}млн", "\u{a0}млрд"],
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
};

const TR: Style = Style {
    decimal: ',',
    group: ".",
    group_from: 1000,
    units: ["\u{a0}bin", "\u{a0}mn", "\u{a0}mr"],
    months: [
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
        "Kasım", "Aralık",
    ],
};

fn style(lang: &str) -> &'static Style {
    match crate::lang::primary(lang).as_str() {
        "az" => &AZ,
        "ru" => &RU,
        "tr" => &TR,
        _ => &EN,
    }
}

/// A whole number with the language's group separator: 12,345 · 12.345 · 12 345.
pub fn integer(lang: &str, n: u64) -> String {
    let s = style(lang);
    let digits = n.to_string();
    if n < s.group_from {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + 8);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(s.group);
        }
        out.push(d);
    }
    out
}

/// A number with at most `decimals` fraction digits (trailing zeros dropped), in the
/// language's separators: 1.5 · 1,5. Not-a-number and infinities are written as they are.
pub fn decimal(lang: &str, x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = style(lang);
    let fixed = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let whole = whole
        .parse::<u64>()
        .map_or_else(|_| whole.to_owned(), |w| integer(lang, w));
    let sign = if x < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{}{frac}", s.decimal)
    }
}

/// A count as readers see it next to an article, rounded down so it never overstates:
/// 999, 1k, 1.1k, 12.3k, 1M in English; "1,1 min" in Azerbaijani, "1,1 тыс." in Russian.
pub fn short_count(lang: &str, n: u64) -> String {
    let s = style(lang);
    const SIZES: [u64; 3] = [1_000, 1_000_000, 1_000_000_000];
    for i in (0..SIZES.len()).rev() {
        let size = SIZES[i];
        if n >= size {
            let whole = n / size;
            let tenth = (n % size) * 10 / size;
            let unit = s.units[i];
            return if tenth == 0 {
                format!("{}{unit}", integer(lang, whole))
            } else {
                format!("{}{}{tenth}{unit}", integer(lang, whole), s.decimal)
            };
        }
    }
    integer(lang, n)
}

/// "5 Nov 2026", "5 noyabr 2026", "5 ноября 2026", "5 Kasım 2026": the date in the offset
/// `t` carries.
pub fn date(lang: &str, t: OffsetDateTime) -> String {
    let s = style(lang);
    let month = s.months[usize::from(u8::from(t.month())) - 1];
    format!("{} {month} {}", t.day(), t.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn integers_group_by_the_language() {
        assert_eq!(integer("en", 1_234_567), "1,234,567");
        assert_eq!(integer("az", 1_234_567), "1.234.567");
        assert_eq!(integer("tr-TR", 12_345), "12.345");
        assert_eq!(integer("ru", 1234), "1234");
        assert_eq!(integer("ru", 12_345), "12\u{a0}345");
        assert_eq!(integer("en", 999), "999");
        assert_eq!(integer("xx", 1000), "1,000");
        assert_eq!(integer("en", u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn decimals_use_the_language_separator() {
        assert_eq!(decimal("en", 1.25, 1), "1.2");
        assert_eq!(decimal("az", 1.5, 1), "1,5");
        assert_eq!(decimal("ru", 2.0, 2), "2");
        assert_eq!(decimal("tr", -1234.5, 1), "-1.234,5");
        assert_eq!(decimal("en", -0.01, 1), "0");
        assert_eq!(decimal("en", f64::NAN, 1), "NaN");
    }

    #[test]
    fn short_counts_per_language() {
        assert_eq!(short_count("en", 1_100), "1.1k");
        assert_eq!(short_count("en", 999), "999");
        assert_eq!(short_count("en", 2_000_000), "2M");
        assert_eq!(short_count("az", 1_150), "1,1\u{a0}min");
        assert_eq!(short_count("ru", 12_345), "12,3\u{a0}тыс.");
        assert_eq!(short_count("tr", 1_999), "1,9\u{a0}bin");
        assert_eq!(short_count("az", 3_000_000_000), "3\u{a0}mlrd");
        // Rounded down, never up, and no overflow at the top.
        assert_eq!(short_count("en", 999_999), "999.9k");
        assert_eq!(short_count("en", u64::MAX), "18,446,744,073.7B");
        // Agrees with the English-only helper the feeds and API use.
        for n in [0, 7, 1_000, 1_100, 45_678, 9_999_999, 1_234_567_890] {
            assert_eq!(short_count("en", n), crate::text::short_count(n), "{n}");
        }
    }

    #[test]
    fn dates_with_month_names() {
        let t = datetime!(2026-11-05 04:05:32 UTC);
        assert_eq!(date("en", t), "5 Nov 2026");
        assert_eq!(date("az", t), "5 noyabr 2026");
        assert_eq!(date("ru", t), "5 ноября 2026");
        assert_eq!(date("tr", t), "5 Kasım 2026");
        assert_eq!(
            date("en", datetime!(2026-11-25 23:30 -05:00)),
            crate::format::human_date(datetime!(2026-11-25 23:30 -05:00))
        );
        for m in 1..=12u8 {
            let month = time::Month::try_from(m).unwrap_or(time::Month::January);
            let t = time::Date::from_calendar_date(2026, month, 1)
                .map(|d| d.midnight().assume_utc())
                .unwrap_or(t);
            assert_eq!(date("en", t), crate::format::human_date(t));
        }
    }
}
