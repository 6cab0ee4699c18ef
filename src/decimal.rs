//! Decimal text ⇄ `f64`, exactly as JavaScript does it: [`parse`] gives the double nearest
//! to the text (what `JSON.parse` reads), [`write`] the shortest text that reads back as
//! the same double, chosen and laid out as `JSON.stringify` writes it.
//!
//! Both take a fast path when plain `f64` arithmetic is exact (whole numbers below 2^53;
//! for reading, up to 19 digits below 2^53 with an exponent within ±22, which covers every
//! timestamp with up to 15 digits) and otherwise work in exact integers
//! ([`crate::bignum`]): the parser steps an estimate until the text lies between the
//! midpoints around it, comparing digit by digit (so any number of digits is exact), and
//! the writer generates the shortest digits (Steele & White's free-format algorithm).
//! Slower than table-driven methods (tens of microseconds for a 17-digit fraction), but
//! together 755 B gzipped smaller in the wasm than the `ryu-js` writer and the inexact
//! parser they replace; Rust's own float parsing and formatting cost kilobytes of tables.

use crate::prelude::*;
use crate::float;
#[cfg(not(target_arch = "wasm32"))]
use crate::bignum::Big;
#[cfg(not(target_arch = "wasm32"))]
use core::cmp::Ordering;

#[cfg(not(target_arch = "wasm32"))]
const FRACTION_BITS: u64 = (1 << 52) - 1;

/// The double nearest to a JSON number's text (ties to even, as `JSON.parse`), or `None`
/// when it is beyond the largest double (which `JSON.parse` reads as Infinity).
/// The text must already be a JSON number; other text gives an unspecified value.
///
/// ```
/// use tokenkit::decimal::parse;
/// assert_eq!(parse("2005525906.6899002"), Some(2005525906.6899002));
/// assert_eq!(parse("1e308"), Some(1e308));
/// assert_eq!(parse("-5e-324"), Some(-5e-324));
/// assert_eq!(parse("1e309"), None);
/// ```
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match crate::json::strip(text, b"-") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match body.bytes().position(|b| b | 0x20 == b'e') {
        Some(at) => (body.get(..at)?, body.get(at + 1..)?),
        None => (body, ""),
    };
    // Saturated: past ±100000 a number is 0 or infinite whatever its digits.
    let exponent_value = crate::json::strip(exponent, b"+-").unwrap_or(exponent).bytes().fold(0i64, |n, b| (n * 10 + i64::from(b.wrapping_sub(b'0'))).min(100_000));
    // The value is 0.d1d2d3… × 10^lead, d1 the first nonzero digit; `head` holds the first
    // 19 significant digits, `kept` counts them all.
    let mut lead = if exponent.as_bytes().first() == Some(&b'-') { -exponent_value } else { exponent_value };
    let (mut head, mut kept, mut in_fraction) = (0u64, 0i64, false);
    for b in mantissa.bytes() {
        let d = u64::from(b.wrapping_sub(b'0'));
        if b == b'.' {
            in_fraction = true;
        } else if kept == 0 && d == 0 {
            lead -= i64::from(in_fraction);
        } else {
            kept += 1;
            lead += i64::from(!in_fraction);
            if kept <= 19 {
                head = head * 10 + d;
            }
        }
    }
    let sign = if negative { -1.0 } else { 1.0 };
    // 10^308 < the largest double < 10^309; 10^-324 < half the smallest.
    if kept == 0 || lead < -323 {
        return Some(sign * 0.0);
    }
    if lead > 309 {
        return None;
    }
    // head × 10^e is the value, or its first 19 digits.
    let e = lead - kept.min(19);
    #[allow(clippy::cast_precision_loss)] // an estimate (exact below 2^53)
    let estimate = head as f64;
    if kept <= 19 && head < 1 << 53 && (-22..=22).contains(&e) {
        // Clinger's fast path: one correctly rounded operation on exact operands (10^k is
        // exact in f64 up to 10^22, and so is every product `powi` forms on the way).
        let power = float::powi(10.0, e.unsigned_abs() as i32);
        return Some(sign * if e < 0 { estimate / power } else { estimate * power });
    }
    // Beyond the fast path, the wasm asks the JavaScript engine, whose `Number(text)` is
    // JSON.parse's own reading, rather than carry the big-integer code (1.4 KB gzipped).
    #[cfg(target_arch = "wasm32")]
    return crate::wasm::number::parse(text);
    #[cfg(not(target_arch = "wasm32"))]
    {
        // An estimate a few units in the last place off (in two steps, which stay finite
        // and normal as long as the result does).
        let mut z = (estimate * float::powi(10.0, (e / 2) as i32) * float::powi(10.0, (e - e / 2) as i32)).min(f64::MAX);
        // Then compare the text with the midpoints around z, exactly, and step z until it is
        // the nearest double: from an estimate a unit or two off, a step or two.
        let digits = || mantissa.bytes().filter(|&b| b != b'.').skip_while(|&b| b == b'0').map(|b| b.wrapping_sub(b'0'));
        loop {
            let bits = z.to_bits();
            let (m, j) = split(bits);
            // Past the midpoint above z (or on it, with m odd) the next double up is nearer.
            let above = compare(digits(), lead, 2 * m + 1, j - 1);
            if above == Ordering::Greater || (above == Ordering::Equal && m % 2 == 1) {
                z = f64::from_bits(bits + 1);
                if z.is_infinite() {
                    return None;
                }
                if above == Ordering::Greater {
                    continue;
                }
            } else if m > 0 {
                // The midpoint below: half as far when z is a power of two (the gap below halves).
                let below = if bits & FRACTION_BITS == 0 && bits >> 52 > 1 { compare(digits(), lead, 4 * m - 1, j - 2) } else { compare(digits(), lead, 2 * m - 1, j - 1) };
                if below == Ordering::Less || (below == Ordering::Equal && m % 2 == 1) {
                    z = f64::from_bits(bits - 1);
                    if below == Ordering::Less {
                        continue;
                    }
                }
            }
            return Some(sign * z);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// A positive double's bits as m × 2^j with m an integer (53 bits for normal numbers).
fn split(bits: u64) -> (u64, i64) {
    let biased = (bits >> 52) as i64;
    if biased == 0 {
        (bits, -1074)
    } else {
        (bits & FRACTION_BITS | 1 << 52, biased - 1075)
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// m × 2^j (m > 0) as r / s × 10^n with r / s in [0.1, 1), both scaled by 2^extra, and
/// `scaled` (starting at 2^max(j, 0)) multiplied as r is.
fn ratio(m: u64, j: i64, extra: i64, scaled: &mut Big) -> (Big, Big, i64) {
    let mut r = Big::new(m);
    r.shl((j.max(0) + extra) as u32);
    let mut s = Big::new(1);
    s.shl(((-j).max(0) + extra) as u32);
    scaled.shl(j.max(0) as u32);
    // An estimate of ceil(log10(m × 2^j)) that is never too large, then corrected.
    #[allow(clippy::cast_precision_loss)]
    let mut n = float::ceil(((j + 63 - i64::from(m.leading_zeros())) as f64) * core::f64::consts::LOG10_2 - 1e-10) as i64;
    if n >= 0 {
        s.mul_pow10(n as u32);
    } else {
        r.mul_pow10(n.unsigned_abs() as u32);
        scaled.mul_pow10(n.unsigned_abs() as u32);
    }
    while r >= s {
        s.mul(10);
        n += 1;
    }
    (r, s, n)
}

#[cfg(not(target_arch = "wasm32"))]
/// Compares 0.d1d2d3… × 10^lead (the digits in order, d1 nonzero) with m × 2^j (m > 0).
fn compare(mut digits: impl Iterator<Item = u8>, lead: i64, m: u64, j: i64) -> Ordering {
    let (mut r, s, n) = ratio(m, j, 0, &mut Big::new(1));
    if n != lead {
        return lead.cmp(&n);
    }
    // The digits of m × 2^j, one by one, until they differ or one number ends.
    while !r.is_zero() {
        r.mul(10);
        let theirs = r.take_digit(&s);
        match digits.next() {
            Some(d) if d == theirs => {}
            Some(d) => return d.cmp(&theirs),
            None => return Ordering::Less,
        }
    }
    if digits.any(|d| d != 0) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// Appends a finite number as JavaScript writes it (`Number.prototype.toString`, which
/// `JSON.stringify` uses): the fewest significant digits that read back as the same
/// double, the nearest such when several do (ties to an even digit); `1700000000`,
/// `1.5`, `0.000001`, `1e-7`, `1e+21`, `-0` as `0`. Infinities and NaN: see [`crate::json::write_number`].
///
/// ```
/// let mut s = String::new();
/// tokenkit::decimal::write(2005525906.6899002, &mut s);
/// assert_eq!(s, "2005525906.6899002");
/// ```
pub fn write(x: f64, out: &mut String) {
    if x < 0.0 {
        out.push('-');
    }
    let v = x.abs();
    if v < (1u64 << 53) as f64 && v == float::trunc(v) {
        // A whole number below 2^53: all its digits are needed.
        push_u64(out, v as u64);
        return;
    }
    // The wasm asks the JavaScript engine, whose `String(v)` is JSON.stringify's own
    // writing, rather than carry the big-integer code (1.4 KB gzipped).
    #[cfg(target_arch = "wasm32")]
    return crate::wasm::number::write(v, out);
    #[cfg(not(target_arch = "wasm32"))]
    write_shortest(v, out);
}

/// [`write`] for a positive double that is not a whole number below 2^53.
#[cfg(not(target_arch = "wasm32"))]
fn write_shortest(v: f64, out: &mut String) {
    let (digits, n) = shortest(v);
    let k = digits.len() as i64;
    // 123e-7 is 0.0000123; 123e25 is 1.23e+27; otherwise a point after the n-th digit,
    // or zeros after the k digits up to the n-th.
    let (mut point, mut exponent) = (n, 0);
    if (-5..=0).contains(&n) {
        out.push_str("0.");
        (n..0).for_each(|_| out.push('0'));
    } else if !(1..=21).contains(&n) {
        (point, exponent) = (1, n - 1);
    }
    for (i, &d) in (1..).zip(&digits) {
        out.push(char::from(b'0' + d));
        if i == point && i < k {
            out.push('.');
        }
    }
    if exponent == 0 {
        (k..n).for_each(|_| out.push('0'));
    } else {
        out.push_str(if exponent > 0 { "e+" } else { "e-" });
        push_u64(out, exponent.unsigned_abs());
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// The shortest digits d1 d2 … dk (values 0–9) of a positive finite double v and the
/// exponent n with v ≈ 0.d1d2…dk × 10^n: the free-format algorithm of Steele & White as
/// Burger & Dybvig give it, in exact integers, with ties to an even digit as V8 does.
fn shortest(v: f64) -> (Vec<u8>, i64) {
    let bits = v.to_bits();
    let (f, e) = split(bits);
    // Boundaries that round to v belong to its interval when its mantissa is even.
    let inclusive = f % 2 == 0;
    // Below a power of two the gap to the next double down is half the gap above.
    let unequal = i64::from(bits & FRACTION_BITS == 0 && bits >> 52 > 1);
    // v = r / s × 10^n; the values that read as v are (r - minus, r + plus) / s × 10^n.
    let mut minus = Big::new(1);
    let (mut r, mut s, mut n) = ratio(f, e, 1 + unequal, &mut minus);
    let mut plus = minus;
    plus.shl(unequal as u32);
    // ratio puts r / s in [0.1, 1); here r + plus must stay below s (or reach it only
    // when the boundary does not read as v).
    if r.sum_cmp(&plus, &s) as i8 >= i8::from(!inclusive) {
        s.mul(10);
        n += 1;
    }
    let mut digits = Vec::with_capacity(17);
    loop {
        for big in [&mut r, &mut minus, &mut plus] {
            big.mul(10);
        }
        let d = r.take_digit(&s);
        let low = r.cmp(&minus) as i8 <= -i8::from(!inclusive);
        let high = r.sum_cmp(&plus, &s) as i8 >= i8::from(!inclusive);
        if !low && !high {
            digits.push(d);
            continue;
        }
        // The last digit: down, up, or whichever is nearer (ties to an even digit).
        let up = match (low, high) {
            (true, false) => false,
            (false, _) => true,
            (true, true) => match r.sum_cmp(&r, &s) {
                Ordering::Less => false,
                Ordering::Greater => true,
                Ordering::Equal => d % 2 == 1,
            },
        };
        digits.push(d + u8::from(up));
        return (digits, n);
    }
}

/// Appends the decimal digits of `n`.
///
/// ```
/// let mut s = String::new();
/// tokenkit::decimal::push_u64(&mut s, 1700000000);
/// assert_eq!(s, "1700000000");
/// ```
pub fn push_u64(out: &mut String, n: u64) {
    push_digits(out, n, 1, 10);
}

/// Appends the digits of `n` in base `radix` (2 to 16, upper-case letters), with leading
/// zeros to at least `width` digits.
///
/// ```
/// let mut s = String::new();
/// tokenkit::decimal::push_digits(&mut s, 7, 2, 10);
/// tokenkit::decimal::push_digits(&mut s, 0x202E, 4, 16);
/// assert_eq!(s, "07202E");
/// ```
pub fn push_digits(out: &mut String, mut n: u64, width: usize, radix: u64) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut buffer = [b'0'; 64];
    let mut written = 0;
    for slot in buffer.iter_mut().rev() {
        if n == 0 && written >= width {
            break;
        }
        *slot = DIGITS.get((n % radix) as usize).copied().unwrap_or(b'?');
        n /= radix;
        written += 1;
    }
    out.push_str(core::str::from_utf8(buffer.get(64 - written..).unwrap_or_default()).unwrap_or_default());
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What JavaScript writes for `x` (ryu-js, checked against V8 by its authors).
    fn js(x: f64) -> String {
        ryu_js::Buffer::new().format_finite(x).to_string()
    }

    fn written(x: f64) -> String {
        let mut s = String::new();
        write(x, &mut s);
        s
    }

    /// Checks one text against Rust's correctly rounded parser; a number beyond the largest
    /// double must be `None` (tokenkit refuses it, where `JSON.parse` gives Infinity).
    fn check_parse(text: &str) {
        let reference = text.parse::<f64>().unwrap_or_else(|e| panic!("{text}: {e}"));
        let ours = parse(text);
        if reference.is_infinite() {
            assert_eq!(ours, None, "{text}");
        } else {
            assert_eq!(ours.map(f64::to_bits), Some(reference.to_bits()), "{text}: {ours:?} instead of {reference:?}");
        }
    }

    fn check_write(x: f64) {
        let text = written(x);
        assert_eq!(text, js(x), "{x:e} ({:#x})", x.to_bits());
        assert_eq!(parse(&text).map(f64::to_bits), Some(if x == 0.0 { 0 } else { x.to_bits() }), "{text}");
    }

    /// The exact decimal value of the midpoint between the positive double with these bits
    /// and the next one up, worked out independently of the code under test (schoolbook
    /// arithmetic on a vector of base-10^9 groups, least significant first).
    fn midpoint(bits: u64) -> String {
        let (m, j) = split(bits);
        let mut groups = vec![(2 * m + 1) % 1_000_000_000, (2 * m + 1) / 1_000_000_000 % 1_000_000_000, (2 * m + 1) / 1_000_000_000_000_000_000];
        let times = |groups: &mut Vec<u64>, factor: u64| {
            let mut carry = 0;
            for g in groups.iter_mut() {
                let v = *g * factor + carry;
                *g = v % 1_000_000_000;
                carry = v / 1_000_000_000;
            }
            while carry > 0 {
                groups.push(carry % 1_000_000_000);
                carry /= 1_000_000_000;
            }
        };
        // (2m + 1) × 2^(j-1): times 2^(j-1), or times 5^(1-j) then × 10^(j-1).
        let (factor, count) = if j >= 1 { (2, j - 1) } else { (5, 1 - j) };
        (0..count).for_each(|_| times(&mut groups, factor));
        while groups.len() > 1 && groups.last() == Some(&0) {
            groups.pop();
        }
        let mut text = groups.pop().unwrap().to_string();
        groups.iter().rev().for_each(|g| text.push_str(&format!("{g:09}")));
        if j >= 1 {
            text
        } else {
            format!("{text}e{}", j - 1)
        }
    }

    /// xorshift64*: a seeded, reproducible source for the bulk of the cases.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn finite(&mut self) -> f64 {
            loop {
                let x = f64::from_bits(self.next());
                if x.is_finite() {
                    return x;
                }
            }
        }

        /// `min` to `min + spread - 1` random digits.
        fn digits(&mut self, min: u64, spread: u64) -> String {
            let n = min + self.below(spread);
            (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
        }
    }

    #[test]
    fn known_values() {
        for (x, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (-3.0, "-3"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (123456789012345680000.0, "123456789012345680000"),
            (2005525906.6899002, "2005525906.6899002"),
            (1e308, "1e+308"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (9007199254740992.0, "9007199254740992"),
            (9007199254740994.0, "9007199254740994"),
            (18014398509481984.0, "18014398509481984"),
        ] {
            assert_eq!(written(x), text);
        }
        // The issue's examples: one unit off before.
        assert_eq!(parse("2005525906.6899002"), Some(2005525906.6899002));
        assert_eq!(parse("1e308"), Some(1e308));
        // Ties: to the even neighbour, including the one past the largest double (Infinity).
        assert_eq!(parse("9007199254740993"), Some(9007199254740992.0));
        assert_eq!(parse("9007199254740995"), Some(9007199254740996.0));
        assert_eq!(parse("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324"), Some(0.0));
        assert_eq!(parse("2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125000000000001e-324"), Some(5e-324));
        assert_eq!(parse(&midpoint(f64::MAX.to_bits())), None, "the midpoint above the largest double rounds to Infinity");
        assert_eq!(parse("1.7976931348623158e308"), Some(f64::MAX));
        assert_eq!(parse("-0"), Some(-0.0));
        assert_eq!(parse("0e999999"), Some(0.0));
        assert_eq!(parse("1e-99999999999"), Some(0.0));
        assert_eq!(parse("1e99999999999"), None);
        let mut s = String::new();
        push_digits(&mut s, 0, 1, 10);
        push_digits(&mut s, 5, 3, 10);
        push_u64(&mut s, u64::MAX);
        push_digits(&mut s, 0xE0041, 4, 16);
        push_digits(&mut s, 0xAD, 4, 16);
        assert_eq!(s, "000518446744073709551615E004100AD");
    }

    /// Up to 32 doubles either side of `x`.
    fn near(rng: &mut Rng, x: f64) -> f64 {
        f64::from_bits(x.to_bits().wrapping_add(rng.below(64)).wrapping_sub(32)).abs()
    }

    /// 100,000 doubles of every kind (any bit pattern, subnormal, whole, near 2^53, near the
    /// largest double, timestamps with fractions) are written as JavaScript writes them and
    /// read back as themselves.
    #[test]
    fn writes_like_javascript() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for i in 0..100_000u64 {
            let x = match i % 10 {
                0..=2 => rng.finite(),
                3 => f64::from_bits(rng.below(1 << 52)),
                4 => (rng.below(1 << 54) as f64) * if rng.below(2) == 0 { 1.0 } else { -1.0 },
                5 => near(&mut rng, 9007199254740992.0),
                6 => near(&mut rng, f64::MAX).min(f64::MAX),
                7 => 1.7e9 + rng.below(1 << 30) as f64 + (rng.below(1 << 40) as f64) / (1u64 << 40) as f64,
                8 => (rng.below(1 << 53) as f64) * 10f64.powi(rng.below(80) as i32 - 40),
                _ => f64::from_bits(rng.next() >> 1 | 1) / 1e300,
            };
            if x.is_finite() {
                check_write(x);
            }
        }
    }

    /// 120,000 decimal texts (shortest forms, long fractions, exponents, exact midpoints
    /// between doubles and texts just beside them, 800+ digits, subnormals, near the largest
    /// double) are read as Rust's correctly rounded parser reads them.
    #[test]
    fn reads_the_nearest_double() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut texts = 0;
        for i in 0..120_000u64 {
            let x = rng.finite().abs();
            let text = match i % 9 {
                0 => js(x),
                1 => format!("{:.*e}", rng.below(25) as usize, x),
                2 => {
                    let (int, fraction) = (rng.digits(1, 12), rng.digits(1, 40));
                    format!("{}.{fraction}", int.trim_start_matches('0').to_string() + "1")
                }
                3 => {
                    let digits = rng.digits(1, 30);
                    format!("{digits}e{}", rng.below(700) as i64 - 360)
                }
                4 | 5 => {
                    // An exact midpoint (a tie), or a text just above or just below it.
                    // Mostly doubles whose midpoints have a few dozen digits; one in 25 anywhere
                    // (up to 767 digits to compare: slow in a debug build), one in 25 subnormal.
                    let bits = match i % 25 {
                        4 => x.to_bits(),
                        13 => rng.below(1 << 52),
                        5 | 22 => near(&mut rng, 9007199254740992.0).to_bits(),
                        _ => (963 + rng.below(120)) << 52 | rng.below(1 << 52),
                    };
                    let tie = midpoint(bits);
                    let (digits, exponent) = tie.split_once('e').unwrap_or((&tie, "0"));
                    let exponent: i64 = exponent.parse().unwrap();
                    let n = 1 + rng.below(900) as usize;
                    match rng.below(3) {
                        0 => tie.clone(),
                        1 => format!("{digits}{}1e{}", "0".repeat(n - 1), exponent - n as i64),
                        _ => {
                            // Lower the last nonzero digit, then 9s.
                            let trimmed = digits.trim_end_matches('0');
                            let (head, last) = trimmed.split_at(trimmed.len() - 1);
                            let lowered = char::from(last.as_bytes()[0] - 1);
                            format!("{head}{lowered}{}e{}", "9".repeat(n), exponent + (digits.len() - trimmed.len()) as i64 - n as i64)
                        }
                    }
                }
                6 => {
                    let digits = rng.digits(1, 20);
                    format!("0.{}{digits}", "0".repeat(rng.below(330) as usize))
                }
                7 => {
                    let digits = rng.digits(1, 850);
                    format!("{digits}e-{}", rng.below(1200))
                }
                _ => {
                    let (lead, digits) = (1 + rng.below(9), rng.digits(0, 20));
                    format!("{lead}{digits}e{}", 300 + rng.below(12))
                }
            };
            check_parse(&text);
            texts += 1;
        }
        assert_eq!(texts, 120_000);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn any_double_is_written_as_javascript_writes_it(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                check_write(x);
            }
        }

        #[test]
        fn any_decimal_text_is_read_as_the_nearest_double(
            negative in any::<bool>(),
            int in "(0|[1-9][0-9]{0,40})",
            fraction in proptest::option::of("[0-9]{1,60}"),
            exponent in proptest::option::of(-400i32..400),
        ) {
            let mut text = String::new();
            if negative {
                text.push('-');
            }
            text.push_str(&int);
            if let Some(f) = fraction {
                text.push('.');
                text.push_str(&f);
            }
            if let Some(e) = exponent {
                text.push_str(&format!("e{e}"));
            }
            let reference = text.parse::<f64>().unwrap();
            let ours = parse(&text);
            if reference.is_infinite() {
                prop_assert_eq!(ours, None);
            } else {
                prop_assert_eq!(ours.map(f64::to_bits), Some(reference.to_bits()), "{}", text);
            }
        }
    }
}
