//! Calendar dates and UTC timestamps without a time-zone database: all
//! unisono needs is "today", "now" and "N months later", in UTC.

use std::time::{SystemTime, UNIX_EPOCH};

/// Parses `YYYY-MM-DD` into (year, month, day): digits only, a real day of
/// a real month.
pub fn parse_ymd(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = s[0..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..10].parse().ok()?;
    (1..=days_in_month(y, m)).contains(&d).then_some((y, m, d))
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        parse_ymd(s).map(|(year, month, day)| Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The same day `months` months later, clamped to the month's last day;
    /// saturates at 9999-12-31, the last date `YYYY-MM-DD` can write. No loop,
    /// no overflow: any `Date` and any `months` give an answer at once.
    pub fn add_months(self, months: u32) -> Date {
        let month0 = i64::from(self.month.clamp(1, 12)) - 1;
        let total = i64::from(self.year) * 12 + month0 + i64::from(months);
        let year = total.div_euclid(12);
        if year > 9999 {
            return Date { year: 9999, month: 12, day: 31 };
        }
        let year = year as i32;
        let month = total.rem_euclid(12) as u32 + 1;
        Date { year, month, day: self.day.clamp(1, days_in_month(year, month)) }
    }

    /// Today in UTC.
    pub fn today() -> Date {
        Date::from_days(now_unix().div_euclid(86_400))
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Number of days of `month` (1-12) in `year` (proleptic Gregorian); 0 for
/// a month out of range.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_month_arithmetic() {
        for d in [-1000, 0, 1, 59, 365, 11_016, 20_000, 20_780] {
            assert_eq!(Date::from_days(d).days(), d);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::parse("2024-02-29").unwrap().days(), 19_782);
        assert_eq!(Date::parse("2026-01-31").unwrap().add_months(1).to_string(), "2026-02-28");
        assert_eq!(Date::parse("2026-11-23").unwrap().add_months(24).to_string(), "2028-11-23");
        assert_eq!(Date::parse("2024-01-31").unwrap().add_months(1).to_string(), "2024-02-29");
        assert_eq!(Date::parse("2026-12-15").unwrap().add_months(1).to_string(), "2027-01-15");
    }

    #[test]
    fn add_months_never_loops_and_saturates() {
        // Used to loop forever: the result left the 4-digit years the
        // day-decrement loop could parse.
        let far = Date::parse("9999-01-31").unwrap();
        assert_eq!(far.add_months(12).to_string(), "9999-12-31");
        assert_eq!(Date::parse("2026-01-01").unwrap().add_months(100_000).to_string(), "9999-12-31");
        assert_eq!(Date::parse("2026-01-01").unwrap().add_months(u32::MAX).to_string(), "9999-12-31");
        let odd = Date { year: i32::MAX, month: 13, day: 0 };
        assert_eq!(odd.add_months(1).to_string(), "9999-12-31");
        let low = Date { year: i32::MIN, month: 0, day: 40 };
        assert!(low.add_months(0).day <= 31);
    }
}
