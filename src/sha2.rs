//! SHA-256, SHA-384 and SHA-512 (FIPS 180-4), the hashes under HS256, HS384 and HS512.
//!
//! Written out rather than taken from the `sha2` crate: its generic digest machinery cost
//! about 1.5 KB gzipped more of wasm for the same three functions. The tests check every
//! output against `sha2` (a dev-dependency) and the FIPS examples.

use crate::prelude::*;

/// SHA-256 of the parts, hashed one after the other (as if concatenated).
pub(crate) fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    sha256_from(h256(), 0, parts)
}

/// SHA-256's state after one 64-byte block: HMAC's first block (the key XOR a pad) is the
/// same for every message under one key, so its state can be kept (see [`sha256_continue`]).
pub(crate) fn sha256_block_state(block: &[u8]) -> [u32; 8] {
    let mut state = h256();
    compress256(&mut state, block);
    state
}

/// SHA-256 of one 64-byte block (already compressed into `state`) followed by the parts.
pub(crate) fn sha256_continue(state: [u32; 8], parts: &[&[u8]]) -> Vec<u8> {
    sha256_from(state, 64, parts)
}

/// SHA-256's rounds over the parts from `state`, after `done` bytes already compressed.
fn sha256_from(mut state: [u32; 8], done: u64, parts: &[&[u8]]) -> Vec<u8> {
    blocks(parts, 64, done, &mut |block| compress256(&mut state, block));
    let mut out = Vec::with_capacity(32);
    state.iter().for_each(|w| out.extend_from_slice(&w.to_be_bytes()));
    out
}

/// SHA-384 of the parts, hashed one after the other.
pub(crate) fn sha384(parts: &[&[u8]]) -> Vec<u8> {
    sha512_from(H384, parts, 48)
}

/// SHA-512 of the parts, hashed one after the other.
pub(crate) fn sha512(parts: &[&[u8]]) -> Vec<u8> {
    sha512_from(H512, parts, 64)
}

/// SHA-512's rounds from the initial state `state`, the first `len` bytes of the result
/// (SHA-384 is SHA-512 from other initial values, cut to 48 bytes).
fn sha512_from(mut state: [u64; 8], parts: &[&[u8]], len: usize) -> Vec<u8> {
    blocks(parts, 128, 0, &mut |block| compress512(&mut state, block));
    let mut out = Vec::with_capacity(64);
    state.iter().for_each(|w| out.extend_from_slice(&w.to_be_bytes()));
    out.truncate(len);
    out
}

/// Hands `compress` the parts, then the padding and the length in bits, in blocks of
/// `size` bytes (64 for SHA-256, 128 for SHA-512), after `done` bytes already compressed.
fn blocks(parts: &[&[u8]], size: usize, done: u64, compress: &mut dyn FnMut(&[u8])) {
    let mut buffer = [0u8; 128];
    let block = buffer.get_mut(..size).unwrap_or_default();
    let mut filled = 0;
    let mut bits: u64 = done.wrapping_mul(8);
    for part in parts {
        bits = bits.wrapping_add((part.len() as u64).wrapping_mul(8));
        let mut rest = *part;
        while !rest.is_empty() {
            if filled == 0 && rest.len() >= size {
                // Whole blocks straight from the input, without copying.
                let (whole, after) = rest.split_at(size);
                compress(whole);
                rest = after;
                continue;
            }
            let n = (size - filled).min(rest.len());
            let (now, after) = rest.split_at(n);
            block.iter_mut().skip(filled).zip(now).for_each(|(b, &x)| *b = x);
            filled += n;
            rest = after;
            if filled == size {
                compress(block);
                filled = 0;
            }
        }
    }
    // The padding: one 1 bit, zeros, then the length in bits in the last 8 bytes (SHA-512
    // keeps 16 bytes for it; the upper 8 are zero for any input that fits in memory).
    let length_bytes = size / 8;
    block.iter_mut().skip(filled).enumerate().for_each(|(i, b)| *b = if i == 0 { 0x80 } else { 0 });
    if filled + 1 > size - length_bytes {
        compress(block);
        block.fill(0);
    }
    block.iter_mut().skip(size - 8).zip(bits.to_be_bytes()).for_each(|(b, x)| *b = x);
    compress(block);
}

/// SHA-256's compression of one 64-byte block into `state`. The eight working words are
/// locals, not an array rotated every round: at opt-level "z" that is fewer instructions.
fn compress256(state: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    if let Some(block) = block.get(..64) {
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
    }
    for i in 16..64 {
        let (x, y) = (w[i - 15], w[i - 2]);
        let s0 = x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3);
        let s1 = y.rotate_right(17) ^ y.rotate_right(19) ^ (y >> 10);
        w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (i, &word) in w.iter().enumerate() {
        let t1 = h.wrapping_add(e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25)).wrapping_add((e & f) ^ (!e & g)).wrapping_add(k256(i)).wrapping_add(word);
        let t2 = (a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22)).wrapping_add((a & b) ^ (a & c) ^ (b & c));
        (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
    }
    for (s, x) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(x);
    }
}

/// SHA-256's round constant `i`: the first 32 bits of SHA-512's.
#[inline(always)]
fn k256(i: usize) -> u32 {
    (K512[i] >> 32) as u32
}

/// SHA-256's initial state: the first 32 bits of each of SHA-512's initial words.
fn h256() -> [u32; 8] {
    H512.map(|word| (word >> 32) as u32)
}

/// SHA-512's compression of one 128-byte block into `state` (as [`compress256`], in
/// 64-bit words, 80 rounds).
fn compress512(state: &mut [u64; 8], block: &[u8]) {
    let mut w = [0u64; 16];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(8)) {
        *word = u64::from_be_bytes(bytes.try_into().unwrap_or_default());
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for (i, k) in K512.iter().enumerate() {
        let word = if i < 16 {
            w[i & 15]
        } else {
            let (x, y) = (w[(i + 1) & 15], w[(i + 14) & 15]);
            let s0 = x.rotate_right(1) ^ x.rotate_right(8) ^ (x >> 7);
            let s1 = y.rotate_right(19) ^ y.rotate_right(61) ^ (y >> 6);
            let next = w[i & 15].wrapping_add(s0).wrapping_add(w[(i + 9) & 15]).wrapping_add(s1);
            w[i & 15] = next;
            next
        };
        let t1 = h.wrapping_add(e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41)).wrapping_add((e & f) ^ (!e & g)).wrapping_add(*k).wrapping_add(word);
        let t2 = (a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39)).wrapping_add((a & b) ^ (a & c) ^ (b & c));
        (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
    }
    for (s, x) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(x);
    }
}

// FIPS 180-4, 4.2.3: the first 64 bits of the fractional parts of the cube roots of the
// first 80 primes; 5.3.4 and 5.3.5: of the square roots of the 9th to 16th primes
// (SHA-384) and of the first 8 (SHA-512). SHA-256's constants (4.2.2, 5.3.3) are the
// first 32 bits of the same roots, so they are read from these tables ([`k256`],
// [`h256`]) rather than stored a second time: 288 bytes that gzip cannot shrink.
const K512: [u64; 80] = [
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];
const H384: [u64; 8] = [
    0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
    0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
];
const H512: [u64; 8] = [
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
];


#[cfg(test)]
mod tests {
    use super::*;
    use ::sha2::Digest;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn continuing_after_a_block_is_hashing_the_whole() {
        let first = [0x5cu8; 64];
        for len in [0, 1, 55, 56, 64, 100, 200] {
            let rest = vec![7u8; len];
            assert_eq!(sha256_continue(sha256_block_state(&first), &[&rest]), sha256(&[&first, &rest]), "{len}");
        }
    }

    #[test]
    fn fips_examples() {
        assert_eq!(hex(&sha256(&[b"abc"])), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(&sha256(&[b""])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(hex(&sha384(&[b"abc"])), "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
        assert_eq!(
            hex(&sha512(&[b"abc"])),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
    }

    #[test]
    fn agree_with_the_sha2_crate_at_every_length_and_split() {
        let data: Vec<u8> = (0..700u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for len in 0..data.len() {
            let whole = &data[..len];
            for split in [0, len / 3, len / 2, len] {
                let parts: [&[u8]; 2] = [&whole[..split], &whole[split..]];
                assert_eq!(sha256(&parts), ::sha2::Sha256::digest(whole).to_vec(), "sha256 {len}/{split}");
                assert_eq!(sha384(&parts), ::sha2::Sha384::digest(whole).to_vec(), "sha384 {len}/{split}");
                assert_eq!(sha512(&parts), ::sha2::Sha512::digest(whole).to_vec(), "sha512 {len}/{split}");
            }
        }
    }
}
