//! Base64url without padding (RFC 7515 §2), and the lenient decoding real tokens need.
//!
//! Encoding always writes canonical unpadded base64url. Decoding also accepts `=`
//! padding and the standard alphabet (`+`, `/`), which Stream's JavaScript SDK writes
//! into its development tokens, and reports that it saw them so `inspect` can warn.
//! It rejects a mix of both alphabets, misplaced padding, impossible lengths and
//! non-zero trailing bits, so one byte string has exactly one accepted spelling per
//! alphabet and padding choice.
//!
//! Hand-written rather than the `base64` crate: one pass that decodes and reports the
//! spelling at once, and fewer bytes in the wasm.

use crate::prelude::*;
use crate::error::{ErrorCode, TokenError};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// How a decoded segment was spelled, beyond canonical unpadded base64url.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spelling {
    /// Ended in `=` padding.
    pub padded: bool,
    /// Used the standard alphabet's `+` or `/`.
    pub standard_alphabet: bool,
}

impl Spelling {
    /// True when the segment was not canonical unpadded base64url.
    ///
    /// ```
    /// let (_, s) = tokenkit::base64url::decode("YQ==", "payload").unwrap();
    /// assert!(s.is_non_canonical());
    /// ```
    pub fn is_non_canonical(self) -> bool {
        self.padded || self.standard_alphabet
    }
}

/// Appends the unpadded base64url encoding of `bytes` to `out`.
///
/// ```
/// let mut s = String::new();
/// tokenkit::base64url::encode_into(b"\xfb\xff", &mut s);
/// assert_eq!(s, "-_8");
/// ```
pub fn encode_into(bytes: &[u8], out: &mut String) {
    // Written into a byte buffer a chunk at a time (at opt-level "z" a `String::push`
    // per character is a call each), then appended once.
    let chunks = bytes.chunks_exact(3);
    let tail = chunks.remainder();
    let mut buf = vec![0u8; bytes.len() / 3 * 4 + if tail.is_empty() { 0 } else { tail.len() + 1 }];
    let sym = |n: u32| ALPHABET[(n & 63) as usize];
    let mut slots = buf.chunks_exact_mut(4);
    for (slot, c) in (&mut slots).zip(chunks) {
        if let ([a, b, c], [w, x, y, z]) = (c, slot) {
            let n = (u32::from(*a) << 16) | (u32::from(*b) << 8) | u32::from(*c);
            (*w, *x, *y, *z) = (sym(n >> 18), sym(n >> 12), sym(n >> 6), sym(n));
        }
    }
    match (tail, slots.into_remainder()) {
        ([a], [w, x]) => {
            let n = u32::from(*a) << 16;
            (*w, *x) = (sym(n >> 18), sym(n >> 12));
        }
        ([a, b], [w, x, y]) => {
            let n = (u32::from(*a) << 16) | (u32::from(*b) << 8);
            (*w, *x, *y) = (sym(n >> 18), sym(n >> 12), sym(n >> 6));
        }
        _ => {}
    }
    // Every byte of `buf` is from ALPHABET, so this is ASCII and cannot fail.
    out.push_str(core::str::from_utf8(&buf).unwrap_or_default());
}

/// The unpadded base64url encoding of `bytes`.
///
/// ```
/// assert_eq!(tokenkit::base64url::encode(b"{\"user_id\":\"john\"}"), "eyJ1c2VyX2lkIjoiam9obiJ9");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    encode_into(bytes, &mut out);
    out
}

/// Table flags above the 6-bit value; no valid character has both, so `INVALID` stands out.
const URL_ONLY: u8 = 0x40;
const STANDARD_ONLY: u8 = 0x80;
const INVALID: u8 = 0xFF;

/// Every byte's 6-bit value and flags, built at compile time.
const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        let c = ALPHABET[i];
        table[c as usize] = i as u8 | if c == b'-' || c == b'_' { URL_ONLY } else { 0 };
        i += 1;
    }
    table[b'+' as usize] = 62 | STANDARD_ONLY;
    table[b'/' as usize] = 63 | STANDARD_ONLY;
    table
};

fn bad_character(segment: &str, from: usize, what: &str) -> TokenError {
    let pos = segment.bytes().skip(from).position(|b| DECODE[usize::from(b)] == INVALID).map_or(from, |p| from + p);
    let shown = segment.get(pos..).and_then(|s| s.chars().next()).unwrap_or('?');
    invalid(what, &text!("it contains ", crate::json::quote(shown.encode_utf8(&mut [0; 4])), " at position ", crate::json::number_text(pos as f64)))
}

/// Decodes one token segment; `what` names it ("header", "payload", "signature") in errors.
///
/// ```
/// use tokenkit::base64url::decode;
/// assert_eq!(decode("eyJ1c2VyX2lkIjoiam9obiJ9", "payload").unwrap().0, b"{\"user_id\":\"john\"}");
/// assert_eq!(decode("a+/=", "payload").unwrap_err().code(), tokenkit::ErrorCode::InvalidBase64);
/// ```
pub fn decode(segment: &str, what: &str) -> Result<(Vec<u8>, Spelling), TokenError> {
    let bytes = segment.as_bytes();
    let body_len = bytes.iter().rposition(|&c| c != b'=').map_or(0, |i| i + 1);
    let (body, padding) = bytes.split_at(body_len);
    let mut spelling = Spelling { padded: !padding.is_empty(), standard_alphabet: false };
    if padding.len() > 2 || (!padding.is_empty() && bytes.len() % 4 != 0) {
        return Err(invalid(what, "its '=' padding does not fit its length"));
    }
    if body.len() % 4 == 1 {
        return Err(invalid(what, "its length is impossible for base64 (one character too many or too few)"));
    }
    // Into a buffer of the exact size (a `Vec::push` per byte is a call each at
    // opt-level "z"), four characters to three bytes at a time, then the last two or
    // three. One table lookup per character gives its value and, OR-ed into `seen`, the
    // alphabets used.
    let mut out = vec![0u8; body.len() * 3 / 4];
    let mut seen = 0u8;
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut at = 0;
    for (pos, &c) in body.iter().enumerate() {
        let v = DECODE[usize::from(c)];
        if v == INVALID {
            return Err(bad_character(segment, pos, what));
        }
        seen |= v;
        acc = (acc << 6) | u32::from(v & 63);
        bits += 6;
        if bits == 24 {
            if let Some([x, y, z]) = out.get_mut(at..at + 3) {
                (*x, *y, *z) = ((acc >> 16) as u8, (acc >> 8) as u8, acc as u8);
            }
            (at, acc, bits) = (at + 3, 0, 0);
        }
    }
    // The last two or three characters: one or two bytes, the rest of `acc` must be 0.
    while bits >= 8 {
        bits -= 8;
        if let Some(slot) = out.get_mut(at) {
            *slot = (acc >> bits) as u8;
        }
        at += 1;
        acc &= (1 << bits) - 1;
    }
    let url = seen & URL_ONLY != 0;
    spelling.standard_alphabet = seen & STANDARD_ONLY != 0;
    if url && spelling.standard_alphabet {
        return Err(invalid(what, "it mixes the base64url ('-', '_') and standard ('+', '/') alphabets"));
    }
    if acc != 0 {
        return Err(invalid(what, "its last character has bits set that encode nothing (non-canonical base64)"));
    }
    Ok((out, spelling))
}

fn invalid(what: &str, why: &str) -> TokenError {
    TokenError::new(
        ErrorCode::InvalidBase64,
        text!("The token's ", what, " segment is not valid base64url: ", why, ". Copy the whole token again; it may have been cut short or altered."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..data.len() {
            let enc = encode(&data[..n]);
            assert!(!enc.contains('='));
            let (dec, sp) = decode(&enc, "payload").unwrap();
            assert_eq!(dec, &data[..n]);
            assert_eq!(sp, Spelling::default());
        }
    }

    #[test]
    fn accepts_padding_and_standard_alphabet_with_notes() {
        let (d, s) = decode("-_8=", "header").unwrap();
        assert_eq!(d, b"\xfb\xff");
        assert!(s.padded && !s.standard_alphabet);
        let (d, s) = decode("+/8", "header").unwrap();
        assert_eq!(d, b"\xfb\xff");
        assert!(s.standard_alphabet && !s.padded);
        let (d, s) = decode("YQ==", "header").unwrap();
        assert_eq!(d, b"a");
        assert!(s.padded);
    }

    #[test]
    fn rejects_bad_spellings() {
        for bad in ["Y", "YQ=", "YQ===", "Y=Q=", "YR", "-+8", "ab!c", "YQ=a", "=", "a b", "é"] {
            let e = decode(bad, "payload").unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidBase64, "{bad}");
            assert!(e.message().contains("payload"), "{}", e.message());
        }
    }

    #[test]
    fn empty_is_empty() {
        assert_eq!(decode("", "signature").unwrap().0, b"");
    }
}
