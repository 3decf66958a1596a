//! Wall-clock times in scenario files ("HH:MM") and minutes into the night.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time of day, minutes after midnight (0..1440). Written "HH:MM" in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub u32);

pub const MINUTES_PER_DAY: u32 = 24 * 60;

impl TimeOfDay {
    /// Parse "HH:MM" (24-hour clock).
    pub fn parse(text: &str) -> Result<TimeOfDay, String> {
        let bad = || {
            let shown: String = text.chars().take(24).collect();
            format!("malformed time {shown:?}: expected HH:MM, 00:00 to 23:59")
        };
        let (h, m) = text.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(TimeOfDay(h * 60 + m))
    }

    /// Minutes from `start` to the first moment at or after `start` that shows this time.
    pub fn minutes_after(self, start: TimeOfDay) -> u32 {
        (self.0 + MINUTES_PER_DAY - start.0) % MINUTES_PER_DAY
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TimeText)
    }
}

/// Reads a time from its text where it lies, without copying it out first.
struct TimeText;

impl serde::de::Visitor<'_> for TimeText {
    type Value = TimeOfDay;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // As a plain string's, so messages read as they always have.
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TimeOfDay, E> {
        TimeOfDay::parse(text).map_err(E::custom)
    }
}

/// Minutes since the night's first minute.
pub type Minute = u32;

/// Day of the week for a "YYYY-MM-DD" date, as a three-letter name.
pub fn weekday(date: &str) -> Option<&'static str> {
    let shape_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return None;
    }
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) || date.len() != 10 {
        return None;
    }
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil), 1970-01-01 was a Thursday.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    const NAMES: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    Some(NAMES[days.rem_euclid(7) as usize])
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(TimeOfDay::parse("23:43").unwrap(), TimeOfDay(23 * 60 + 43));
        assert_eq!(TimeOfDay(5).to_string(), "00:05");
        for bad in [
            "24:00", "7:00", "07:60", "0700", "aa:bb", "", "07:0x", "-1:00",
        ] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn wraps_past_midnight() {
        let start = TimeOfDay::parse("23:43").unwrap();
        assert_eq!(TimeOfDay::parse("23:43").unwrap().minutes_after(start), 0);
        assert_eq!(TimeOfDay::parse("00:05").unwrap().minutes_after(start), 22);
        assert_eq!(
            TimeOfDay::parse("23:42").unwrap().minutes_after(start),
            1439
        );
    }

    #[test]
    fn knows_the_weekday() {
        assert_eq!(weekday("2025-10-19"), Some("Sun"));
        assert_eq!(weekday("2025-10-20"), Some("Mon"));
        assert_eq!(weekday("2000-02-29"), Some("Tue"));
        assert_eq!(weekday("2025-02-29"), None);
        assert_eq!(weekday("2025-13-01"), None);
        assert_eq!(weekday("yesterday"), None);
        assert_eq!(weekday("2026-3-003"), None);
        assert_eq!(weekday("+025-10-19"), None);
    }
}
