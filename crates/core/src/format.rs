//! Dates as readers and machines read them: "25 Nov 2026" on pages, RFC 3339 in UTC
//! ("2026-11-25T04:05:32Z") in `datetime` attributes, feeds and structured data. Seconds
//! are enough for both, and one fixed UTC form keeps feeds and caches byte-stable. A date
//! that cannot be written this way (a year past 9999 after moving to UTC) falls back to
//! `time`'s own display rather than failing a page.

use time::OffsetDateTime;
use time::macros::format_description;

/// "5 Nov 2026", in the offset `t` carries.
pub fn human_date(t: OffsetDateTime) -> String {
    let fmt = format_description!("[day padding:none] [month repr:short] [year]");
    t.format(fmt).unwrap_or_else(|_| t.date().to_string())
}

/// "2026-11-25T04:05:32Z": RFC 3339 in UTC without fractional seconds.
/// A `YYYY-MM-DD` date as unix seconds: its first second, or with `end_of_day` its last one
/// (so a "to" date includes the whole day). `None` when it is not such a date.
pub fn parse_day(raw: &str, end_of_day: bool) -> Option<i64> {
    let day = time::Date::parse(raw.trim(), format_description!("[year]-[month]-[day]")).ok()?;
    let at = if end_of_day {
        time::Time::MAX
    } else {
        time::Time::MIDNIGHT
    };
    Some(day.with_time(at).assume_utc().unix_timestamp())
}

pub fn iso8601(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    // `to_offset` panics when UTC falls outside the supported years; this does not.
    match t.checked_to_offset(time::UtcOffset::UTC) {
        Some(utc) => utc.format(fmt).unwrap_or_else(|_| utc.to_string()),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn days_parse_to_their_first_or_last_second() {
        assert_eq!(
            parse_day("2026-03-31", false),
            Some(datetime!(2026-03-31 00:00 UTC).unix_timestamp())
        );
        assert_eq!(
            parse_day(" 2026-03-31 ", true),
            Some(datetime!(2026-03-31 23:59:59 UTC).unix_timestamp())
        );
        for bad in ["2026-13-45", "31.03.2026", "yesterday", ""] {
            assert_eq!(parse_day(bad, false), None, "{bad}");
        }
    }

    #[test]
    fn human_dates() {
        assert_eq!(
            human_date(datetime!(2026-11-25 04:05:32 UTC)),
            "25 Nov 2026"
        );
        assert_eq!(human_date(datetime!(2026-11-05 04:05:32 UTC)), "5 Nov 2026");
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for (i, m) in months.iter().enumerate() {
            let month = time::Month::try_from(u8::try_from(i + 1).unwrap()).unwrap();
            let t = time::Date::from_calendar_date(2026, month, 1)
                .unwrap()
                .midnight()
                .assume_utc();
            assert_eq!(human_date(t), format!("1 {m} 2026"));
        }
        // The date in the offset given, not in UTC.
        assert_eq!(
            human_date(datetime!(2026-11-25 23:30 -05:00)),
            "25 Nov 2026"
        );
        assert_eq!(human_date(datetime!(0001-01-01 0:00 UTC)), "1 Jan 0001");
        assert_eq!(human_date(datetime!(-0044-03-15 0:00 UTC)), "15 Mar -0044");
        assert_eq!(
            human_date(datetime!(9999-12-31 23:59:59 UTC)),
            "31 Dec 9999"
        );
    }

    #[test]
    fn machine_dates() {
        assert_eq!(
            iso8601(datetime!(2026-11-25 04:05:32.75 UTC)),
            "2026-11-25T04:05:32Z"
        );
        assert_eq!(
            iso8601(datetime!(2026-11-25 01:00 +04:00)),
            "2026-11-24T21:00:00Z"
        );
        assert_eq!(
            iso8601(datetime!(2026-02-28 23:30 -01:00)),
            "2026-03-01T00:30:00Z"
        );
        assert_eq!(
            iso8601(datetime!(1970-01-01 0:00 UTC)),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            iso8601(datetime!(2028-02-29 12:00:59.999999999 UTC)),
            "2028-02-29T12:00:59Z"
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        // Moving these to UTC leaves the supported range; we fall back, not panic.
        let late = datetime!(9999-12-31 23:00 -05:00);
        assert!(!iso8601(late).is_empty());
        let early = datetime!(-9999-01-01 0:00 +05:00);
        assert!(!iso8601(early).is_empty());
        assert!(
            !human_date(OffsetDateTime::new_utc(
                time::Date::MIN,
                time::Time::MIDNIGHT
            ))
            .is_empty()
        );
        assert!(!human_date(OffsetDateTime::new_utc(time::Date::MAX, time::Time::MAX)).is_empty());
        assert_eq!(
            iso8601(OffsetDateTime::new_utc(
                time::Date::MAX,
                time::Time::MIDNIGHT
            )),
            "9999-12-31T00:00:00Z"
        );
    }
}
