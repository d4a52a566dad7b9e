//! Dates as readers and machines read them: "25 Nov 2026" on pages, RFC 3339 in UTC
//! ("2026-11-25T04:05:32Z") in `datetime` attributes, feeds and structured data.

use time::OffsetDateTime;
use time::macros::format_description;

pub fn human_date(t: OffsetDateTime) -> String {
    let fmt = format_description!("[day padding:none] [month repr:short] [year]");
    t.format(fmt).unwrap_or_else(|_| t.date().to_string())
}

pub fn iso8601(t: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.format(fmt)
        .unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_for_people_and_machines() {
        assert_eq!(human_date(datetime!(2026-11-05 04:05:32 UTC)), "5 Nov 2026");
        assert_eq!(
            iso8601(datetime!(2026-11-25 04:05:32.75 UTC)),
            "2026-11-25T04:05:32Z"
        );
        assert_eq!(
            iso8601(datetime!(2026-11-25 01:00 +04:00)),
            "2026-11-24T21:00:00Z"
        );
        assert_eq!(
            iso8601(datetime!(1970-01-01 0:00 UTC)),
            "1970-01-01T00:00:00Z"
        );
    }
}
