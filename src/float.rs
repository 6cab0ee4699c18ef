//! The `f64` rounding and power functions tokenkit uses. In the wasm build tokenkit has
//! no `std` (so that its panic handler and `core::fmt` stay out of the download), and
//! `core` gives `f64` no `floor`, `trunc` or `powi`: these are those, written out. The
//! native build uses them too, so the tests check the code that ships.

/// The largest integer at most `x`; `x` itself for NaN, infinities and anything at or
/// beyond 2^52 in size, which are already whole.
pub(crate) fn floor(x: f64) -> f64 {
    let t = trunc(x);
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// The smallest integer at least `x` (for the native number writer; the wasm asks the
/// JavaScript engine instead: src/decimal.rs).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub(crate) fn ceil(x: f64) -> f64 {
    let t = trunc(x);
    if t < x {
        t + 1.0
    } else {
        t
    }
}

/// `x` without its fractional part, towards zero; the sign of zero is kept.
pub(crate) fn trunc(x: f64) -> f64 {
    // At or above 2^52 every double is whole (and NaN and infinities stay as they are).
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // |x| < 2^52: exact both ways
    let t = x as i64 as f64;
    if t == 0.0 && x.is_sign_negative() {
        -0.0
    } else {
        t
    }
}

/// `x` rounded to the nearest integer, halves away from zero (as `f64::round`).
pub(crate) fn round(x: f64) -> f64 {
    let t = trunc(x);
    // x - t is exact, so the comparison with one half is too.
    if (x - t).abs() >= 0.5 {
        t + if x < 0.0 { -1.0 } else { 1.0 }
    } else {
        t
    }
}

/// `base` to the integer power `n`, by repeated squaring: the same steps, and so the same
/// bits, as `f64::powi` (compiler-rt's `__powidf2`).
pub(crate) fn powi(base: f64, n: i32) -> f64 {
    let mut a = base;
    let mut b = n.unsigned_abs();
    let mut r = 1.0;
    loop {
        if b & 1 == 1 {
            r *= a;
        }
        b /= 2;
        if b == 0 {
            break;
        }
        a *= a;
    }
    if n < 0 {
        1.0 / r
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_std() {
        let mut samples = vec![0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, -4503599627370495.5,
            4503599627370496.0, 9007199254740993.0, 1e300, -1e300, f64::MIN_POSITIVE, 5e-324, f64::INFINITY, f64::NEG_INFINITY, 1700000000.999, -1700000000.001];
        let mut x = 0.123_f64;
        for _ in 0..20_000 {
            x = (x * 7919.31 + 0.7).rem_euclid(1e7) - 5e6;
            samples.push(x);
            samples.push(x / 1e6);
        }
        for x in samples {
            for (ours, theirs, name) in [(floor(x), x.floor(), "floor"), (ceil(x), x.ceil(), "ceil"), (trunc(x), x.trunc(), "trunc"), (round(x), x.round(), "round")] {
                assert_eq!(ours.to_bits(), theirs.to_bits(), "{name}({x:e})");
            }
        }
        assert!(floor(f64::NAN).is_nan() && round(f64::NAN).is_nan());
        for base in [10.0, 2.0, 1.5, -3.0, 0.1, 7.25] {
            for n in -40..=40 {
                assert_eq!(powi(base, n).to_bits(), base.powi(n).to_bits(), "{base}^{n}");
            }
        }
    }
}
