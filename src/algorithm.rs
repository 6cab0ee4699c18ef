//! [`Algorithm`]: the HMAC algorithms tokenkit signs and verifies with (HS256, HS384, HS512).
//!
//! Verification compares MACs in constant time (every byte, whatever the earlier ones
//! were), so the time taken does not tell an attacker how many bytes of a forged
//! signature were right. HMAC itself is the few lines of RFC 2104 over `sha2`, once for
//! the three hashes: the `hmac` crate, instantiated per hash with its own comparison,
//! cost 1.5 KB more of wasm. The hashes are tokenkit's own ([`crate::sha2`]).

use crate::prelude::*;
use crate::sha2::{sha256, sha256_block_state, sha256_continue, sha384, sha512};

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
        let (block, hash): (usize, Hash) = match self {
            Algorithm::HS256 => {
                // The key's two pad blocks, compressed once per key (see `hs256_key`).
                let (inner, outer) = hs256_key(secret);
                let inner_hash = sha256_continue(inner, &[message]);
                return sha256_continue(outer, &[&inner_hash]);
            }
            Algorithm::HS384 => (128, sha384),
            Algorithm::HS512 => (128, sha512),
        };
        let (inner_pad, outer_pad) = pad_blocks(secret, block, hash);
        let inner = hash(&[&inner_pad, message]);
        hash(&[&outer_pad, &inner])
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
        let expected = self.sign(secret, message);
        // Every byte is compared whatever the earlier ones were (no early exit), and
        // `black_box` keeps the compiler from adding one.
        let difference = expected.iter().zip(signature).fold(0u8, |d, (a, b)| core::hint::black_box(d | (a ^ b)));
        expected.len() == signature.len() && difference == 0
    }
}

/// A hash function: the parts are hashed one after the other.
type Hash = fn(&[&[u8]]) -> Vec<u8>;

/// HMAC's two key blocks (RFC 2104): the key, hashed first when longer than a `block`,
/// zero-padded to it, XOR 0x36 (inner) and XOR 0x5c (outer).
fn pad_blocks(secret: &[u8], block: usize, hash: Hash) -> (Vec<u8>, Vec<u8>) {
    let mut key = if secret.len() > block { hash(&[secret]) } else { secret.to_vec() };
    key.resize(block, 0);
    let pad = |byte: u8| key.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    (pad(0x36), pad(0x5c))
}

/// HMAC-SHA256's inner and outer states after the key's pad blocks (RFC 2104: the key,
/// hashed first when longer than a block, zero-padded, XOR 0x36 and XOR 0x5c). These are
/// the same for every message under one key, as in a WebCrypto `CryptoKey`: the wasm keeps
/// those of the last key of up to 64 bytes, which saves two of the five SHA-256 blocks
/// of a short token's signature.
fn hs256_key(secret: &[u8]) -> ([u32; 8], [u32; 8]) {
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    if let Some(states) = last_key::get(secret) {
        return states;
    }
    let (inner_pad, outer_pad) = pad_blocks(secret, 64, sha256);
    let states = (sha256_block_state(&inner_pad), sha256_block_state(&outer_pad));
    #[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
    last_key::put(secret, states);
    states
}

/// The last HS256 key of up to 64 bytes and its pad states, in the wasm, where one thread
/// runs (without the `atomics` target feature, as tokenkit is built). The statics are
/// atomics only because a `static` must be `Sync` without `unsafe`; on this target they
/// are plain loads and stores.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod last_key {
    use core::sync::atomic::{AtomicU32, AtomicU8, Ordering::Relaxed};

    /// The key's length; `u32::MAX` while none is kept.
    static LEN: AtomicU32 = AtomicU32::new(u32::MAX);
    static KEY: [AtomicU8; 64] = [const { AtomicU8::new(0) }; 64];
    /// The inner state, then the outer.
    static STATES: [AtomicU32; 16] = [const { AtomicU32::new(0) }; 16];

    /// The states kept for `secret`, if it is the key kept (compared in full, whatever
    /// the first difference).
    pub(super) fn get(secret: &[u8]) -> Option<([u32; 8], [u32; 8])> {
        if u32::try_from(secret.len()).ok()? != LEN.load(Relaxed) {
            return None;
        }
        let difference = KEY.iter().zip(secret).fold(0u8, |d, (k, s)| d | (k.load(Relaxed) ^ s));
        if difference != 0 {
            return None;
        }
        let mut states = ([0u32; 8], [0u32; 8]);
        for (i, (inner, outer)) in states.0.iter_mut().zip(states.1.iter_mut()).enumerate() {
            *inner = STATES.get(i).map_or(0, |s| s.load(Relaxed));
            *outer = STATES.get(i + 8).map_or(0, |s| s.load(Relaxed));
        }
        Some(states)
    }

    /// Keeps `secret` (up to 64 bytes) and its states.
    pub(super) fn put(secret: &[u8], states: ([u32; 8], [u32; 8])) {
        let Some(len) = u32::try_from(secret.len()).ok().filter(|&len| len <= 64) else {
            return;
        };
        LEN.store(u32::MAX, Relaxed);
        KEY.iter().zip(secret).for_each(|(k, s)| k.store(*s, Relaxed));
        STATES.iter().zip(states.0.iter().chain(&states.1)).for_each(|(s, w)| s.store(*w, Relaxed));
        LEN.store(len, Relaxed);
    }
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

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// The same MACs as the `hmac` crate, for keys shorter than, as long as and longer
        /// than a block (64 bytes for SHA-256, 128 for SHA-384/512) and any message.
        #[test]
        fn agrees_with_the_hmac_crate(key in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            use hmac::{Hmac, Mac};
            use ::sha2::{Sha256, Sha384, Sha512};
            fn theirs<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
                let mut m = <M as hmac::digest::KeyInit>::new_from_slice(key).unwrap();
                m.update(message);
                m.finalize().into_bytes().to_vec()
            }
            proptest::prop_assert_eq!(Algorithm::HS256.sign(&key, &message), theirs::<Hmac<Sha256>>(&key, &message));
            proptest::prop_assert_eq!(Algorithm::HS384.sign(&key, &message), theirs::<Hmac<Sha384>>(&key, &message));
            proptest::prop_assert_eq!(Algorithm::HS512.sign(&key, &message), theirs::<Hmac<Sha512>>(&key, &message));
        }
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
