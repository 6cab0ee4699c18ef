//! Unix seconds ⇄ ISO 8601 (UTC), without a date-time crate.
//!
//! Tokens carry `exp`, `iat` and `nbf` as unix seconds; people read dates, and
//! revocation dates arrive as ISO strings. Both directions use the proleptic
//! Gregorian calendar (Howard Hinnant's `days_from_civil` algorithms) for years
//! 0000–9999, the range ISO 8601 writes with four digits.

use crate::prelude::*;
use crate::float;
use crate::decimal::{push_digits, push_u64};

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
    let millis_total = float::round(seconds * 1000.0) as i64;
    let secs = millis_total.div_euclid(1000);
    let millis = millis_total.rem_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(SECONDS_PER_DAY));
    let tod = secs.rem_euclid(SECONDS_PER_DAY);
    let (hh, mm, ss) = (tod / 3600, tod / 60 % 60, tod % 60);
    let mut out = String::with_capacity(24);
    push_digits(&mut out, y as u64, 4, 10);
    for (separator, n) in [("-", m), ("-", d), ("T", hh), (":", mm), (":", ss), (".", millis)] {
        if separator != "." || millis != 0 {
            out.push_str(separator);
            push_digits(&mut out, n as u64, 2 + usize::from(separator == "."), 10);
        }
    }
    out.push('Z');
    Some(out)
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
    let text = text.trim_ascii().as_bytes();
    let mut at = 0;
    // The next byte, when it is one of `bytes`.
    let next = |at: &mut usize, bytes: &[u8]| {
        let found = text.get(*at).filter(|b| bytes.contains(b)).is_some();
        *at += usize::from(found);
        found
    };
    // `len` digits as a number, at most `max`.
    let number = |at: &mut usize, len: usize, max: i64| {
        let n = text.get(*at..*at + len)?.iter().try_fold(0, |n, &b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))?;
        *at += len;
        (n <= max).then_some(n)
    };
    let y = number(&mut at, 4, 9999)?;
    let mo = if next(&mut at, b"-") { number(&mut at, 2, 12)? } else { 0 };
    let d = if next(&mut at, b"-") { number(&mut at, 2, 31)? } else { 0 };
    if mo < 1 || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    let mut seconds = (days_from_civil(y, mo, d) * SECONDS_PER_DAY) as f64;
    if at < text.len() {
        if !next(&mut at, b"Tt ") {
            return None;
        }
        let hh = number(&mut at, 2, 23)?;
        let mi = if next(&mut at, b":") { number(&mut at, 2, 59)? } else { return None };
        seconds += (hh * 3600 + mi * 60) as f64;
        if next(&mut at, b":") {
            seconds += number(&mut at, 2, 60)? as f64;
            if next(&mut at, b".,") {
                // Milliseconds are all a date needs; digits past the ninth are ignored.
                let (mut units, mut kept, from) = (0u32, 0, at);
                while next(&mut at, b"0123456789") {
                    if kept < 9 {
                        units = units * 10 + u32::from(text.get(at - 1).map_or(0, |b| b - b'0'));
                        kept += 1;
                    }
                }
                if at == from {
                    return None;
                }
                seconds += f64::from(units) / float::powi(10.0, kept);
            }
        }
        // The zone: none or Z (UTC), or an offset ±HH, ±HHMM, ±HH:MM.
        if !next(&mut at, b"Zz") && at < text.len() {
            let sign = if next(&mut at, b"+") { 1 } else if next(&mut at, b"-") { -1 } else { return None };
            let oh = number(&mut at, 2, 23)?;
            let colon = next(&mut at, b":");
            let om = if colon || at < text.len() { number(&mut at, 2, 59)? } else { 0 };
            seconds -= (sign * (oh * 3600 + om * 60)) as f64;
        }
    }
    (at == text.len()).then_some(seconds)
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
    let s = float::round(seconds.abs());
    if !s.is_finite() || s >= 1e12 {
        return "a very long time".to_string();
    }
    let s = s as u64;
    let (n, unit, minutes) = match s {
        0..=59 => (s, " s", 0),
        60..=3599 => (s / 60, " min", 0),
        3600..=86_399 => (s / 3600, " h", s % 3600 / 60),
        86_400..=172_799 => (1, " day", 0),
        _ => (s / 86_400, " days", 0),
    };
    let mut out = String::new();
    push_u64(&mut out, n);
    out.push_str(unit);
    if minutes > 0 {
        out.push(' ');
        push_u64(&mut out, minutes);
        out.push_str(" min");
    }
    out
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
        assert_eq!(parse_iso(" 2023-11-14T22:13:20.25z "), Some(1_700_000_000.25));
        assert_eq!(parse_iso("2023-11-14T22:13:20,123456789999-0130"), Some(1_700_005_400.123456789));
        assert_eq!(parse_iso("2024-02-29"), Some(1_709_164_800.0));
        for bad in ["", "2023", "2023-13-01", "2023-02-29", "2023-11-14T25:00", "2023-11-14T22:13:20X", "2023-11-14T22:13:20.", "２０２３-11-14", "2023-11-14T22:13:20+2",
            "2023-11-14+02:00", "2023-11-14T22", "2023-11-14T22:13:61", "2023-11-14T22:13:20ZZ", "2023-11-14T22:13+02:", "2023-11-14T22:13+24", "2023-11-14T22:13-01:60", "2023-00-10", "2023-01-00", "2023-1-10", "2023-11-14T22:13.5"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    // The parser as it was before it was rewritten for size, kept as the oracle of
    // `agrees_with_the_previous_parser`.
    fn digits(s: &str, at: usize, len: usize) -> Option<i64> {
        let part = s.get(at..at + len)?;
        part.bytes().try_fold(0i64, |n, b| b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0')))
    }

    fn parse_iso_before(text: &str) -> Option<f64> {
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
                fraction = f64::from(units) / float::powi(10.0, i32::try_from(kept.len()).ok()?);
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

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]

        /// The same answers as the parser it replaced, on ISO-like text of every shape.
        #[test]
        fn agrees_with_the_previous_parser(text in "[ ]?[0-9]{4}(-[01][0-9](-[0-3][0-9]([Tt x][0-2][0-9](:[0-6][0-9](:[0-6][0-9]([.,][0-9]{0,12})?)?)?([Zz]|[+-][0-2][0-9](:?[0-6][0-9])?|[+-]|Z.)?)?)?)?[ ]?") {
            let (new, old) = (parse_iso(&text), parse_iso_before(&text));
            proptest::prop_assert_eq!(new.is_some(), old.is_some(), "{:?}: {:?} vs {:?}", text, new, old);
            if let (Some(a), Some(b)) = (new, old) {
                proptest::prop_assert!((a - b).abs() <= 1e-6, "{:?}: {} vs {}", text, a, b);
            }
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
