//! Unsigned integers of up to 1,280 bits: only the arithmetic that exact number
//! conversion needs (see [`crate::decimal`]). A fixed array of limbs, copied freely and
//! never allocated: a few hundred bytes of wasm, where Rust's float parser and formatter
//! would cost kilobytes of tables.

use core::cmp::Ordering;

/// 40 limbs of 32 bits: [`crate::decimal`] needs at most about 1,100 bits (a double's
/// 2^1024 range scaled by a power of ten).
const LIMBS: usize = 40;

/// An unsigned integer below 2^1280, as 32-bit limbs from the least significant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Big([u32; LIMBS]);

impl Big {
    /// `x` as a big integer.
    pub(crate) fn new(x: u64) -> Big {
        let mut big = Big([0; LIMBS]);
        let [low, high, ..] = &mut big.0;
        (*low, *high) = (x as u32, (x >> 32) as u32);
        big
    }

    /// `self = self × factor`.
    pub(crate) fn mul(&mut self, factor: u32) {
        let (mut carry, used) = (0u64, self.used());
        for limb in self.0.iter_mut().take(used + 1) {
            let v = u64::from(*limb) * u64::from(factor) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        #[cfg(test)]
        assert_eq!(carry, 0, "Big overflowed its {LIMBS} limbs");
    }

    /// `self = self × 10^n`.
    pub(crate) fn mul_pow10(&mut self, n: u32) {
        self.mul_pow(5, 13, n); // 5^13 < 2^32
        self.shl(n);
    }

    /// `self = self × 2^n`.
    pub(crate) fn shl(&mut self, n: u32) {
        self.mul_pow(2, 31, n);
    }

    /// `self = self × base^n`, at most `step` factors at a time.
    fn mul_pow(&mut self, base: u32, step: u32, mut n: u32) {
        while n > 0 {
            let k = n.min(step);
            self.mul(base.pow(k));
            n -= k;
        }
    }

    /// `self = self + other`.
    pub(crate) fn add(&mut self, other: &Big) {
        let (mut carry, used) = (0u64, self.used().max(other.used()));
        for (limb, theirs) in self.0.iter_mut().zip(&other.0).take(used + 1) {
            let v = u64::from(*limb) + u64::from(*theirs) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
    }

    /// `self = self - other`, for `other <= self`.
    pub(crate) fn sub(&mut self, other: &Big) {
        let (mut borrow, used) = (0u64, self.used());
        for (limb, theirs) in self.0.iter_mut().zip(&other.0).take(used) {
            let v = u64::from(*limb).wrapping_sub(u64::from(*theirs) + borrow);
            *limb = v as u32;
            borrow = v >> 63;
        }
    }

    /// `self + other` compared with `than`.
    pub(crate) fn sum_cmp(mut self, other: &Big, than: &Big) -> Ordering {
        self.add(other);
        self.cmp(than)
    }

    /// Takes the largest multiple of `divisor` (up to 9 of it) from `self` and returns how
    /// many: one decimal digit of `self / divisor` when `self < 10 × divisor`.
    pub(crate) fn take_digit(&mut self, divisor: &Big) -> u8 {
        let mut digit = 0;
        while *self >= *divisor && digit < 9 {
            self.sub(divisor);
            digit += 1;
        }
        digit
    }

    /// True for zero.
    pub(crate) fn is_zero(&self) -> bool {
        self.used() == 0
    }

    /// How many limbs are in use: the loops stop there (a timestamp needs two, not 40).
    fn used(&self) -> usize {
        self.0.iter().rposition(|&limb| limb != 0).map_or(0, |i| i + 1)
    }

    /// The decimal digits, for tests that need exact decimal values.
    #[cfg(test)]
    pub(crate) fn to_decimal(&self) -> String {
        let (mut limbs, mut groups) = (self.0, Vec::new());
        while limbs != [0; LIMBS] {
            let mut rest = 0u64;
            for limb in limbs.iter_mut().rev() {
                let v = (rest << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rest = v % 1_000_000_000;
            }
            groups.push(rest);
        }
        let mut text = groups.pop().map_or_else(|| "0".to_string(), |g| g.to_string());
        groups.iter().rev().for_each(|g| text.push_str(&format!("{g:09}")));
        text
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        for (mine, theirs) in self.0.iter().zip(&other.0).rev() {
            if mine != theirs {
                return mine.cmp(theirs);
            }
        }
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(x: u128) -> Big {
        let mut b = Big::new((x >> 64) as u64);
        b.shl(64);
        b.add(&Big::new(x as u64));
        b
    }

    #[test]
    fn arithmetic_matches_u128() {
        let samples = [0u128, 1, 2, 9, 0xffff_ffff, 0x1_0000_0000, u64::MAX as u128, 12345678901234567890123456789, 1 << 100, (1 << 127) - 1];
        for &a in &samples {
            assert_eq!(big(a).to_decimal(), a.to_string());
            for &b in &samples {
                assert_eq!(big(a).cmp(&big(b)), a.cmp(&b), "{a} <=> {b}");
                if let Some(sum) = a.checked_add(b) {
                    let mut x = big(a);
                    x.add(&big(b));
                    assert_eq!(x, big(sum), "{a} + {b}");
                    assert_eq!(big(a).sum_cmp(&big(b), &big(sum)), Ordering::Equal);
                }
                if b <= a {
                    let mut x = big(a);
                    x.sub(&big(b));
                    assert_eq!(x, big(a - b), "{a} - {b}");
                }
                if b <= u32::MAX as u128 {
                    if let Some(p) = a.checked_mul(b) {
                        let mut x = big(a);
                        x.mul(b as u32);
                        assert_eq!(x, big(p), "{a} * {b}");
                    }
                }
                if b > 0 && a / b < 10 {
                    let mut x = big(a);
                    assert_eq!(u128::from(x.take_digit(&big(b))), a / b, "{a} / {b}");
                    assert_eq!(x, big(a % b), "{a} % {b}");
                }
            }
            for n in 0..30 {
                if let Some(p) = 10u128.checked_pow(n).and_then(|p| p.checked_mul(a)) {
                    let mut x = big(a);
                    x.mul_pow10(n);
                    assert_eq!(x, big(p), "{a} * 10^{n}");
                }
            }
        }
        assert!(Big::new(0).is_zero() && !Big::new(1).is_zero());
        let mut top = Big::new(1);
        top.shl(32 * LIMBS as u32 - 1);
        assert_eq!(top.to_decimal().len(), 386, "2^1279 fits");
    }
}
