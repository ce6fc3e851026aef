//! Legal dates: a calendar day, optionally with the time and UTC offset at
//! which a decision was recorded (`2025-03-20` or `2025-03-20T23:52:15+01:00`).
//!
//! Parliamentary data only ever uses these two ISO 8601 forms, so a small,
//! strict parser is clearer here than a general date library: anything else is
//! an error that names the expected form.

use std::cmp::Ordering;
use std::fmt;

/// A day, with an optional time of day and UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LegalTime {
    /// Year, month (1-12), day (1-31).
    pub ymd: (i32, u32, u32),
    /// Hour, minute, second, when recorded.
    pub hms: Option<(u32, u32, u32)>,
    /// Offset from UTC in minutes (0 for a bare date).
    pub offset_minutes: i32,
}

impl LegalTime {
    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)`.
    pub fn parse(s: &str) -> Result<LegalTime, String> {
        let bad =
            || format!("`{s}` is not a date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM");
        let (date, rest) = match s.split_once('T') {
            Some((d, r)) => (d, Some(r)),
            None => (s, None),
        };
        let ymd = parse_ymd(date).ok_or_else(bad)?;
        let (hms, offset_minutes) = match rest {
            None => (None, 0),
            Some(rest) => {
                let (clock, offset) = if let Some(c) = rest.strip_suffix('Z') {
                    (c, 0)
                } else {
                    let i = rest.rfind(['+', '-']).ok_or_else(bad)?;
                    let (c, o) = rest.split_at(i);
                    let sign = if o.starts_with('-') { -1 } else { 1 };
                    let (h, m) = o[1..].split_once(':').ok_or_else(bad)?;
                    let (h, m): (i32, i32) = (
                        num(h, 2).ok_or_else(bad)? as i32,
                        num(m, 2).ok_or_else(bad)? as i32,
                    );
                    if h > 14 || m > 59 {
                        return Err(bad());
                    }
                    (c, sign * (h * 60 + m))
                };
                let parts: Vec<&str> = clock.split(':').collect();
                if !(2..=3).contains(&parts.len()) {
                    return Err(bad());
                }
                let h = num(parts[0], 2).ok_or_else(bad)?;
                let m = num(parts[1], 2).ok_or_else(bad)?;
                let sec = match parts.get(2) {
                    Some(p) => num(p.split('.').next().unwrap_or(p), 2).ok_or_else(bad)?,
                    None => 0,
                };
                if h > 23 || m > 59 || sec > 60 {
                    return Err(bad());
                }
                (Some((h, m, sec)), offset)
            }
        };
        Ok(LegalTime {
            ymd,
            hms,
            offset_minutes,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z (a bare date is midnight UTC).
    pub fn epoch_seconds(&self) -> i64 {
        let (y, m, d) = self.ymd;
        let days = days_from_civil(y, m, d);
        let (h, mi, s) = self.hms.unwrap_or((0, 0, 0));
        days * 86_400 + i64::from(h * 3600 + mi * 60 + s) - i64::from(self.offset_minutes) * 60
    }

    /// The calendar day as written.
    pub fn date(&self) -> (i32, u32, u32) {
        self.ymd
    }

    /// `2025-03-20`.
    pub fn day_string(&self) -> String {
        let (y, m, d) = self.ymd;
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Orders by instant; a bare date counts as the start of its day.
impl Ord for LegalTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch_seconds()
            .cmp(&other.epoch_seconds())
            .then_with(|| self.hms.is_some().cmp(&other.hms.is_some()))
    }
}

impl PartialOrd for LegalTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for LegalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day_string())?;
        if let Some((h, m, s)) = self.hms {
            write!(f, "T{h:02}:{m:02}:{s:02}")?;
            let o = self.offset_minutes;
            if o == 0 {
                write!(f, "Z")?;
            } else {
                let sign = if o < 0 { '-' } else { '+' };
                write!(f, "{sign}{:02}:{:02}", o.abs() / 60, o.abs() % 60)?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for LegalTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for LegalTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LegalTime::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn num(s: &str, width: usize) -> Option<u32> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_ymd(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    let y = num(it.next()?, 4)? as i32;
    let m = num(it.next()?, 2)?;
    let d = num(it.next()?, 2)?;
    if it.next().is_some() || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, d))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day counted from 1970-01-01 (the inverse of
/// `days_from_civil`).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 19_000, 20_170, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(20_056), (2024, 11, 29));
    }

    #[test]
    fn parses_both_forms() {
        let d = LegalTime::parse("2025-03-20").unwrap();
        assert_eq!(d.epoch_seconds(), 1_742_428_800);
        let t = LegalTime::parse("2025-03-20T23:52:15+01:00").unwrap();
        assert_eq!(t.epoch_seconds(), 1_742_511_135);
        assert_eq!(t.to_string(), "2025-03-20T23:52:15+01:00");
        assert!(d < t);
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2025-02-30",
            "2025-13-01",
            "20-03-2025",
            "2025-03-20T25:00:00Z",
            "tomorrow",
        ] {
            assert!(LegalTime::parse(s).is_err(), "{s}");
        }
        assert!(LegalTime::parse("2024-02-29").is_ok());
    }
}
