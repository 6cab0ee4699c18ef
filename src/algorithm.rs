//! [`Algorithm`]: the HMAC algorithms tokenkit signs and verifies with (HS256, HS384, HS512).
//!
//! Verification compares MACs in constant time (`hmac`'s `verify_slice`), so the time
//! taken does not tell an attacker how many bytes of a forged signature were right.

use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha384, Sha512};

/// An HMAC-SHA2 JWT algorithm.
///
/// ```
/// use tokenkit::Algorithm;
/// assert_eq!(Algorithm::from_name("HS384"), Some(Algorithm::HS384));
/// assert_eq!(Algorithm::from_name("none"), None);
/// assert_eq!(Algorithm::HS256.name(), "HS256");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC with SHA-256, the algorithm of Stream's user tokens.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
}

impl Algorithm {
    /// The algorithm a header's `alg` names, or `None` when tokenkit does not do it
    /// (`none`, `RS256`, ... and any other spelling: names are case-sensitive).
    ///
    /// ```
    /// assert_eq!(tokenkit::Algorithm::from_name("hs256"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "HS256" => Some(Algorithm::HS256),
            "HS384" => Some(Algorithm::HS384),
            "HS512" => Some(Algorithm::HS512),
            _ => None,
        }
    }

    /// The `alg` header value.
    ///
    /// ```
    /// assert_eq!(tokenkit::Algorithm::HS512.name(), "HS512");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// The MAC of `message` under `secret`.
    ///
    /// ```
    /// let mac = tokenkit::Algorithm::HS256.sign(b"secret", b"hello");
    /// assert_eq!(mac.len(), 32);
    /// ```
    pub fn sign(self, secret: &[u8], message: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::HS256 => mac::<Hmac<Sha256>>(secret, message).finalize().into_bytes().to_vec(),
            Algorithm::HS384 => mac::<Hmac<Sha384>>(secret, message).finalize().into_bytes().to_vec(),
            Algorithm::HS512 => mac::<Hmac<Sha512>>(secret, message).finalize().into_bytes().to_vec(),
        }
    }

    /// True when `signature` is the MAC of `message` under `secret`, compared in constant time.
    ///
    /// ```
    /// use tokenkit::Algorithm;
    /// let mac = Algorithm::HS512.sign(b"k", b"m");
    /// assert!(Algorithm::HS512.verify(b"k", b"m", &mac));
    /// assert!(!Algorithm::HS512.verify(b"k", b"m!", &mac));
    /// ```
    pub fn verify(self, secret: &[u8], message: &[u8], signature: &[u8]) -> bool {
        match self {
            Algorithm::HS256 => mac::<Hmac<Sha256>>(secret, message).verify_slice(signature).is_ok(),
            Algorithm::HS384 => mac::<Hmac<Sha384>>(secret, message).verify_slice(signature).is_ok(),
            Algorithm::HS512 => mac::<Hmac<Sha512>>(secret, message).verify_slice(signature).is_ok(),
        }
    }
}

fn mac<M: Mac + hmac::digest::KeyInit>(secret: &[u8], message: &[u8]) -> M {
    // HMAC takes keys of any length (long ones are hashed first), so this never fails.
    let mut m = <M as hmac::digest::KeyInit>::new_from_slice(secret).unwrap_or_else(|_| <M as hmac::digest::KeyInit>::new(&Default::default()));
    m.update(message);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let data = b"what do ya want for nothing?";
        assert_eq!(hex(&Algorithm::HS256.sign(b"Jefe", data)), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(hex(&Algorithm::HS384.sign(b"Jefe", data)).starts_with("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec373"));
        assert!(hex(&Algorithm::HS512.sign(b"Jefe", data)).starts_with("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"));
    }

    #[test]
    fn long_keys_and_wrong_lengths() {
        let key = [7u8; 300];
        let mac = Algorithm::HS256.sign(&key, b"m");
        assert!(Algorithm::HS256.verify(&key, b"m", &mac));
        assert!(!Algorithm::HS256.verify(&key, b"m", &mac[..31]));
        assert!(!Algorithm::HS256.verify(&key, b"m", &[]));
        assert!(!Algorithm::HS384.verify(&key, b"m", &mac));
    }
}
