//! Unix seconds ⇄ ISO 8601 (UTC), without a date-time crate.
//!
//! Tokens carry `exp`, `iat` and `nbf` as unix seconds; people read dates, and
//! revocation dates arrive as ISO strings. Both directions use the proleptic
//! Gregorian calendar (Howard Hinnant's `days_from_civil` algorithms) for years
//! 0000–9999, the range ISO 8601 writes with four digits.

const SECONDS_PER_DAY: i64 = 86_400;
/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in unix seconds.
const MIN_SECONDS: f64 = -62_167_219_200.0;
const MAX_SECONDS: f64 = 253_402_300_799.0;

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// Formats unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (with `.mmm` when there are
/// milliseconds), or `None` outside years 0000–9999 or for NaN.
///
/// ```
/// assert_eq!(tokenkit::time::format_iso(1700000000.0).as_deref(), Some("2023-11-14T22:13:20Z"));
/// assert_eq!(tokenkit::time::format_iso(0.25).as_deref(), Some("1970-01-01T00:00:00.250Z"));
/// assert_eq!(tokenkit::time::format_iso(1e300), None);
/// ```
pub fn format_iso(seconds: f64) -> Option<String> {
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return None;
    }
    let millis_total = (seconds * 1000.0).round() as i64;
    let secs = millis_total.div_euclid(1000);
    let millis = millis_total.rem_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(SECONDS_PER_DAY));
    let tod = secs.rem_euclid(SECONDS_PER_DAY);
    let (hh, mm, ss) = (tod / 3600, tod / 60 % 60, tod % 60);
    Some(if millis == 0 {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{millis:03}Z")
    })
}

fn digits(s: &str, at: usize, len: usize) -> Option<i64> {
    let part = s.get(at..at + len)?;
    part.bytes().try_fold(0i64, |n, b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
}

/// Parses an ISO 8601 / RFC 3339 date or date-time to unix seconds.
///
/// Accepts `2024-05-01`, `2024-05-01T12:30:00Z`, `2024-05-01 12:30:00.5+02:00`,
/// `2024-05-01T12:30` (no zone means UTC, unlike JavaScript's `Date`, which would
/// use the machine's zone: a revocation date must not depend on where it is read).
///
/// ```
/// use tokenkit::time::parse_iso;
/// assert_eq!(parse_iso("2023-11-14T22:13:20Z"), Some(1700000000.0));
/// assert_eq!(parse_iso("2023-11-15T00:13:20+02:00"), Some(1700000000.0));
/// assert_eq!(parse_iso("yesterday"), None);
/// ```
pub fn parse_iso(text: &str) -> Option<f64> {
    let s = text.trim_ascii();
    if s.len() < 10 || s.get(4..5) != Some("-") || s.get(7..8) != Some("-") {
        return None;
    }
    let (y, mo, d) = (digits(s, 0, 4)?, digits(s, 5, 2)?, digits(s, 8, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    let mut seconds = (days_from_civil(y, mo, d) * SECONDS_PER_DAY) as f64;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(seconds);
    }
    let time = rest.strip_prefix(['T', 't', ' '])?;
    let (hh, mi) = (digits(time, 0, 2)?, digits(time, 3, 2)?);
    if time.get(2..3) != Some(":") || hh > 23 || mi > 59 {
        return None;
    }
    let mut rest = time.get(5..)?;
    let mut ss = 0.0;
    if let Some(after) = rest.strip_prefix(':') {
        let whole = digits(after, 0, 2)?;
        if whole > 60 {
            return None;
        }
        rest = after.get(2..)?;
        let mut fraction = 0.0;
        if let Some(frac) = rest.strip_prefix(['.', ',']) {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            // Milliseconds are all a date needs; digits past the ninth are ignored.
            let kept = frac.get(..n.min(9))?;
            let units = kept.bytes().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
            fraction = f64::from(units) / 10f64.powi(i32::try_from(kept.len()).ok()?);
            rest = frac.get(n..)?;
        }
        ss = whole as f64 + fraction;
    }
    seconds += (hh * 3600 + mi * 60) as f64 + ss;
    let offset = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (oh, om) = match zone.len() {
                6 if zone.get(3..4) == Some(":") => (digits(zone, 1, 2)?, digits(zone, 4, 2)?),
                5 => (digits(zone, 1, 2)?, digits(zone, 3, 2)?),
                3 => (digits(zone, 1, 2)?, 0),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(seconds - offset as f64)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Says a duration in words people read at a glance: `"2 h 5 min"`, `"40 s"`, `"3 days"`.
///
/// ```
/// assert_eq!(tokenkit::time::describe_duration(7500.0), "2 h 5 min");
/// assert_eq!(tokenkit::time::describe_duration(-40.0), "40 s");
/// ```
pub fn describe_duration(seconds: f64) -> String {
    let s = seconds.abs().round();
    if !s.is_finite() || s >= 1e12 {
        return "a very long time".to_string();
    }
    let s = s as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 if s % 3600 / 60 == 0 => format!("{} h", s / 3600),
        3600..=86_399 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ if s / 86_400 == 1 => "1 day".to_string(),
        _ => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_dates() {
        assert_eq!(format_iso(0.0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(format_iso(951_782_400.0).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(format_iso(-1.0).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(format_iso(MAX_SECONDS).unwrap(), "9999-12-31T23:59:59Z");
        assert_eq!(format_iso(MIN_SECONDS).unwrap(), "0000-01-01T00:00:00Z");
        assert_eq!(format_iso(f64::NAN), None);
        assert_eq!(format_iso(MAX_SECONDS + 1.0), None);
    }

    #[test]
    fn parses_and_round_trips() {
        for secs in [0.0, 1_700_000_000.0, 951_782_400.0, -86_400.0, MAX_SECONDS, 1_234_567_890.5] {
            let iso = format_iso(secs).unwrap();
            assert_eq!(parse_iso(&iso), Some(secs), "{iso}");
        }
        assert_eq!(parse_iso("2023-11-14"), Some(1_699_920_000.0));
        assert_eq!(parse_iso("2023-11-14T22:13"), Some(1_699_999_980.0));
        assert_eq!(parse_iso("2023-11-14 22:13:20.000+0000"), Some(1_700_000_000.0));
        assert_eq!(parse_iso("2023-11-14T17:13:20-05"), Some(1_700_000_000.0));
        for bad in ["", "2023", "2023-13-01", "2023-02-29", "2023-11-14T25:00", "2023-11-14T22:13:20X", "2023-11-14T22:13:20.", "２０２３-11-14", "2023-11-14T22:13:20+2"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(describe_duration(0.0), "0 s");
        assert_eq!(describe_duration(3600.0), "1 h");
        assert_eq!(describe_duration(86_400.0 * 3.5), "3 days");
        assert_eq!(describe_duration(86_400.0), "1 day");
        assert_eq!(describe_duration(f64::INFINITY), "a very long time");
    }
}
