//! verify: arbitrary bytes as `len secret[len] token`: the first byte is the secret's
//! length (capped to what is there), the next bytes the secret, the rest the token
//! (UTF-8, or its lossy conversion).
//!
//! 1. verify(token, secret) never panics, fails only with verify's codes in verify's
//!    order (decode's error, then dev token, alg, empty secret, signature, claims), and
//!    succeeds only when the HMAC really matches; a success inspects like `inspect`, and
//!    the same token fails with `signature_invalid` under a different secret.
//! 2. create_token with that secret, the text as user id (or as extra claims when it is
//!    a JSON object) and exp/iat/validity chosen by the secret's last byte: a token it
//!    makes verifies under the same secret, decodes to what was put in, and fails with
//!    `signature_invalid` under a different secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokenkit::json::Value;
use tokenkit::{base64url, claims, create_token, Algorithm, CreateOptions, ErrorCode, Iat, InspectOptions, MAX_TOKEN_BYTES};
use tokenkit_fuzz::{check_decoded, check_error, check_inspection, refusal_after_decoding, CREATE_CODES, VERIFY_CODES};

/// The same secret with its first bit flipped: a different HMAC key of the same length.
/// (Appending NUL bytes would not do: HMAC pads short keys with zeros, so `k` and `k\0`
/// are the same key. That is HMAC, not tokenkit.)
fn other_secret(secret: &[u8]) -> Vec<u8> {
    let mut other = secret.to_vec();
    other[0] ^= 1;
    other
}

fn verify_arbitrary(token: &str, secret: &[u8]) {
    let o = InspectOptions::default();
    let result = tokenkit::verify(token, secret, &o);
    let decoded = tokenkit::decode(token);
    match (&result, &decoded) {
        (Ok(i), Ok(d)) => {
            assert!(!d.is_dev_token(), "verify accepted a development token");
            let alg = Algorithm::from_name(d.alg()).unwrap_or_else(|| panic!("verify accepted alg {:?}", d.alg()));
            assert!(!secret.is_empty(), "verify accepted an empty secret");
            let (signature, _) = base64url::decode(d.signature, "signature").expect("an accepted signature is base64");
            assert_eq!(alg.sign(secret, d.signing_input.as_bytes()), signature, "verify accepted a signature that is not the HMAC");
            check_inspection(i, &o);
            check_decoded(token, &i.decoded);
            let inspected = tokenkit::inspect(token, &o).expect("a verified token inspects");
            assert_eq!((inspected.status, &inspected.warnings), (i.status, &i.warnings));
            let e = tokenkit::verify(token, &other_secret(secret), &o).expect_err("a verified token also verifies under another secret");
            assert_eq!(e.code(), ErrorCode::SignatureInvalid, "{e}");
        }
        (Ok(_), Err(e)) => panic!("verify succeeded where decode fails: {e}"),
        (Err(e), Err(d)) => {
            check_error(e, VERIFY_CODES, "verify");
            assert_eq!(e.code(), d.code(), "verify and decode fail differently: {e} / {d}");
        }
        (Err(e), Ok(d)) => {
            check_error(e, VERIFY_CODES, "verify");
            let alg = Algorithm::from_name(d.alg());
            let expected = if d.is_dev_token() {
                ErrorCode::SignatureInvalid
            } else if alg.is_none() {
                ErrorCode::UnsupportedAlgorithm
            } else if secret.is_empty() {
                ErrorCode::InvalidSecret
            } else {
                let signature = base64url::decode(d.signature, "signature").ok().map(|(s, _)| s);
                let matches = alg.zip(signature).is_some_and(|(a, s)| a.sign(secret, d.signing_input.as_bytes()) == s);
                if matches {
                    // The signature is right, so only the header's crit or the claims can be wrong.
                    refusal_after_decoding(d)
                } else {
                    ErrorCode::SignatureInvalid
                }
            };
            assert_eq!(e.code(), expected, "{e}");
        }
    }
}

fn create_and_verify(text: &str, secret: &[u8]) {
    let mode = secret.last().copied().unwrap_or(0);
    let is_object = text.trim_ascii_start().starts_with('{');
    let (user_id, claims_json) = if is_object { ("fuzz", Some(text.to_string())) } else { (text, None) };
    let seed = f64::from(u32::from_le_bytes([mode, mode.rotate_left(3), secret.len() as u8, text.len() as u8]));
    let options = CreateOptions {
        exp: (mode & 3 == 1).then_some(seed),
        validity_in_seconds: (mode & 3 == 2).then_some(seed - 1e9),
        iat: match (mode >> 2) & 3 {
            1 => Some(Iat::Now),
            2 => Some(Iat::At(seed / 7.0)),
            3 => Some(Iat::At(-seed)),
            _ => None,
        },
        claims_json,
    };
    let now = f64::from(mode) * 1e7 + 0.5;
    let token = match create_token(secret, user_id, &options, now) {
        Ok(token) => token,
        Err(e) => {
            check_error(&e, CREATE_CODES, "create_token");
            if e.code() == ErrorCode::TooLarge {
                // Refused only when the token would pass 64 KiB: the user id and claims alone
                // are then more than about three quarters of that.
                let input = user_id.len() + options.claims_json.as_ref().map_or(0, String::len);
                assert!(input * 4 / 3 + 80 >= MAX_TOKEN_BYTES, "too_large for {input} bytes of input: {e}");
                return;
            }
            let expected = if secret.is_empty() {
                ErrorCode::InvalidSecret
            } else if user_id.is_empty() {
                ErrorCode::InvalidUserId
            } else {
                ErrorCode::InvalidOptions
            };
            assert_eq!(e.code(), expected, "{e}");
            if expected == ErrorCode::InvalidOptions && options.claims_json.is_none() {
                // Only a negative iat or exp can be wrong here.
                assert!(matches!(options.iat, Some(Iat::At(x)) if x < 0.0) || options.validity_in_seconds.is_some(), "create_token refused {options:?}: {e}");
            }
            return;
        }
    };
    let o = InspectOptions::default();
    // create_token makes no token that decode would refuse as too large.
    assert!(token.len() <= MAX_TOKEN_BYTES, "create_token made a {}-byte token", token.len());
    let d = tokenkit::decode(&token).unwrap_or_else(|e| panic!("create_token made a token decode refuses: {e}\n{token}"));
    assert_eq!(d.alg(), "HS256");
    assert_eq!(d.payload.get("user_id"), Some(&Value::String(user_id.to_string())), "user_id did not survive");
    if let Some(exp) = options.exp {
        assert_eq!(d.payload.get("exp").and_then(Value::as_f64), Some(exp), "exp did not survive");
    }
    if let Some(Iat::At(iat)) = options.iat {
        // Written shortest-round-trip and read back correctly rounded: the same double.
        let back = d.payload.get("iat").and_then(Value::as_f64).expect("iat present");
        assert!(back == iat, "iat {iat} came back as {back}");
    }
    match tokenkit::verify(&token, secret, &o) {
        Ok(i) => {
            check_inspection(&i, &o);
            check_decoded(&token, &i.decoded);
        }
        Err(e) => {
            // Extra claims may carry a mistyped nbf: the signature is fine, the claims not.
            assert_eq!(e.code(), ErrorCode::InvalidClaims, "a fresh token fails to verify: {e}\n{token}");
            assert!(claims::registered(&d.payload).is_err());
        }
    }
    let e = tokenkit::verify(&token, &other_secret(secret), &o).expect_err("a token verifies under another secret");
    assert_eq!(e.code(), ErrorCode::SignatureInvalid, "{e}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&len, rest)) = data.split_first() else { return };
    let (secret, token_bytes) = rest.split_at(usize::from(len).min(rest.len()));
    let token = String::from_utf8_lossy(token_bytes);
    verify_arbitrary(&token, secret);
    create_and_verify(&token, secret);
});
