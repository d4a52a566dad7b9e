//! When an edition is due: `digest_send_time` on each day in `digest_time_zone`, weekly
//! subscribers' editions on `digest_weekly_day`. The zone arithmetic uses jiff at this edge
//! only; everything stored is UTC unix seconds. DST safe: a send time that does not exist on
//! a spring-forward day (02:30 in a gap) moves forward by the gap, a time that happens twice
//! in the autumn takes the first, as jiff's "compatible" rule (RFC 5545) does.

use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;

/// The digest's timetable.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub time: Time,
    pub zone: TimeZone,
    pub zone_name: String,
    pub weekly_day: Weekday,
    /// An edition not started this long after its slot is skipped.
    pub skip_after_secs: i64,
    /// Editions are composed this long before their slot, for the editors to review.
    pub prepare_secs: i64,
    /// Messages per second handed to the mail server at most (0: no limit).
    pub per_second: u64,
}

/// Why a digest setting is refused: the key and the message.
pub type SettingError = (&'static str, String);

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

impl Schedule {
    /// Reads the settings, naming the key of the first bad one.
    pub fn parse(
        time: &str,
        zone: &str,
        weekly_day: &str,
        skip_after_hours: u64,
        prepare_minutes: u64,
        per_second: u64,
    ) -> Result<Schedule, SettingError> {
        let parsed_time = time
            .trim()
            .parse::<Time>()
            .ok()
            .filter(|t| t.second() == 0 && t.subsec_nanosecond() == 0)
            .ok_or_else(|| {
                (
                    "digest_send_time",
                    format!("`{time}` is not a time of day like 07:00 (24-hour clock)"),
                )
            })?;
        let tz = TimeZone::get(zone.trim()).map_err(|_| {
            (
                "digest_time_zone",
                format!("`{zone}` is not a time zone name like Europe/Berlin, Asia/Baku or UTC"),
            )
        })?;
        let day = weekday(weekly_day).ok_or_else(|| {
            (
                "digest_weekly_day",
                format!("`{weekly_day}` is not a day of the week like monday"),
            )
        })?;
        if !(1..=48).contains(&skip_after_hours) {
            return Err((
                "digest_skip_after_hours",
                format!("{skip_after_hours} is out of range; use 1 to 48"),
            ));
        }
        if prepare_minutes > 720 {
            return Err((
                "digest_prepare_minutes",
                format!("{prepare_minutes} is out of range; use 0 to 720"),
            ));
        }
        Ok(Schedule {
            time: parsed_time,
            zone: tz,
            zone_name: zone.trim().to_owned(),
            weekly_day: day,
            skip_after_secs: i64::try_from(skip_after_hours * 3600).unwrap_or(6 * 3600),
            prepare_secs: i64::try_from(prepare_minutes * 60).unwrap_or(3600),
            per_second,
        })
    }

    /// The slot of the edition of local `date`, in UTC seconds.
    pub fn slot(&self, date: Date) -> i64 {
        date.to_datetime(self.time)
            .to_zoned_datetime(self.zone.clone())
            .map(|z| z.timestamp().as_second())
            // Only dates at the very ends of jiff's range fail; send at midnight UTC then.
            .unwrap_or_else(|_| {
                date.to_datetime(Time::midnight())
                    .to_zoned_datetime(TimeZone::UTC)
                    .map_or(0, |z| z.timestamp().as_second())
            })
    }

    /// The local date at `at` (UTC seconds).
    pub fn date_at(&self, at: i64) -> Date {
        Timestamp::from_second(at)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(self.zone.clone())
            .date()
    }

    /// The next edition whose slot is after `now`: its date and slot.
    pub fn next_slot(&self, now: i64) -> (Date, i64) {
        let today = self.date_at(now);
        let slot = self.slot(today);
        if slot > now {
            return (today, slot);
        }
        let tomorrow = today.tomorrow().unwrap_or(today);
        (tomorrow, self.slot(tomorrow))
    }

    /// Whether `date` is the weekly editions' day.
    pub fn is_weekly_day(&self, date: Date) -> bool {
        date.weekday() == self.weekly_day
    }

    /// The compose job's key for `date` (see `gazette_store::JobKind::ComposeDigest`).
    pub fn job_key(&self, date: Date) -> String {
        format!(
            "{date}@{}@{}",
            self.slot(date),
            if self.is_weekly_day(date) { "w" } else { "d" }
        )
    }
}

/// Reads a compose job's key back: date, slot, weekly day or not.
pub fn parse_job_key(key: &str) -> Option<(Date, i64, bool)> {
    let mut parts = key.split('@');
    let date = parts.next()?.parse::<Date>().ok()?;
    let slot = parts.next()?.parse::<i64>().ok()?;
    let weekly = match parts.next()? {
        "w" => true,
        "d" => false,
        _ => return None,
    };
    parts.next().is_none().then_some((date, slot, weekly))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(time: &str, zone: &str) -> Schedule {
        Schedule::parse(time, zone, "monday", 6, 60, 0).unwrap()
    }

    fn utc(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_second()
    }

    #[test]
    fn the_send_time_is_local_across_daylight_saving_changes() {
        let berlin = schedule("07:00", "Europe/Berlin");
        let gap = schedule("02:30", "Europe/Berlin");
        let baku = schedule("08:00", "Asia/Baku");
        let date = jiff::civil::date;
        for (at, day, slot) in [
            // Winter (UTC+1) and summer (UTC+2).
            (&berlin, date(2026, 1, 15), "2026-01-15T06:00:00Z"),
            (&berlin, date(2026, 7, 15), "2026-07-15T05:00:00Z"),
            // The day of the change itself (29 March 2026, 02:00 → 03:00).
            (&berlin, date(2026, 3, 29), "2026-03-29T05:00:00Z"),
            // 02:30 does not exist that day: it moves forward by the gap.
            (&gap, date(2026, 3, 29), "2026-03-29T01:30:00Z"),
            // 02:30 happens twice on 25 October 2026: the first one.
            (&gap, date(2026, 10, 25), "2026-10-25T00:30:00Z"),
            // Baku has no DST: always UTC+4.
            (&baku, date(2026, 7, 1), "2026-07-01T04:00:00Z"),
        ] {
            assert_eq!(at.slot(day), utc(slot), "{day}");
        }
        // The next slot: later today, else tomorrow.
        let (d, s) = berlin.next_slot(utc("2026-01-15T05:00:00Z"));
        assert_eq!(
            (d.to_string(), s),
            ("2026-01-15".to_owned(), utc("2026-01-15T06:00:00Z"))
        );
        let (d, _) = berlin.next_slot(utc("2026-01-15T06:00:00Z"));
        assert_eq!(d.to_string(), "2026-01-16");
        // Local date differs from the UTC date near midnight.
        assert_eq!(
            baku.date_at(utc("2026-07-01T21:00:00Z")).to_string(),
            "2026-07-02"
        );
    }

    #[test]
    fn job_keys_round_trip_and_bad_settings_name_their_key() {
        let s = schedule("07:00", "UTC");
        let monday = jiff::civil::date(2026, 12, 7);
        let key = s.job_key(monday);
        assert_eq!(key, format!("2026-12-07@{}@w", utc("2026-12-07T07:00:00Z")));
        assert_eq!(
            parse_job_key(&key),
            Some((monday, utc("2026-12-07T07:00:00Z"), true))
        );
        assert_eq!(parse_job_key("2026-12-07@x@d"), None);
        assert_eq!(parse_job_key("2026-12-07@1@d@x"), None);
        for (time, zone, day, skip, key) in [
            ("7am", "UTC", "monday", 6, "digest_send_time"),
            ("25:00", "UTC", "monday", 6, "digest_send_time"),
            ("07:00", "Mars/Olympus", "monday", 6, "digest_time_zone"),
            ("07:00", "UTC", "someday", 6, "digest_weekly_day"),
            ("07:00", "UTC", "monday", 0, "digest_skip_after_hours"),
        ] {
            let refused = Schedule::parse(time, zone, day, skip, 60, 0).map(|_| ());
            assert_eq!(
                refused.map_err(|e| e.0),
                Err(key),
                "{time} {zone} {day} {skip}"
            );
        }
    }
}
