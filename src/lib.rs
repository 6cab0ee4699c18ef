//! tokenkit: decode, inspect, create and verify the JSON Web Tokens that Stream-style
//! chat, feeds and video APIs use to log users in from a browser.
//!
//! The core is plain Rust, one module per concept, and never panics on input:
//! every failure is a [`TokenError`] with a stable [`ErrorCode`]. The `wasm` module
//! (built for `wasm32` only) converts between JavaScript and this core.
//!
//! ```
//! use tokenkit::{create_token, decode, verify, CreateOptions, InspectOptions, Status};
//! let token = create_token(b"secret", "john", &CreateOptions { exp: Some(1700000000.0), ..Default::default() }, 0.0)?;
//! assert_eq!(decode(&token)?.payload["user_id"], "john");
//! let at = InspectOptions { now: 1699999000.0, ..Default::default() };
//! assert_eq!(verify(&token, b"secret", &at)?.status, Status::Valid);
//! # Ok::<(), tokenkit::TokenError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The wasm has no `std`: its panic handler and `core::fmt` would be a fifth of the
// download (src/wasm/mod.rs has the panic handler that replaces it). Test builds, and
// builds with the `std` feature (the wasm-pack test harness), link it.
#![cfg_attr(all(target_arch = "wasm32", not(test), not(feature = "std")), no_std)]

extern crate alloc;

#[macro_use]
mod text;

mod algorithm;
pub mod base64url;
// The wasm leaves big-integer arithmetic to the JavaScript engine (src/decimal.rs).
#[cfg(not(target_arch = "wasm32"))]
mod bignum;
pub mod claims;
mod create;
pub mod crit;
pub mod decimal;
mod decode;
mod dev_token;
mod error;
mod float;
mod inspect;
pub mod invisible;
pub mod json;
mod prelude;
pub mod refresh;
mod revocation;
mod sha2;
pub mod time;
mod verify;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use algorithm::Algorithm;
pub use create::{create_token, CreateOptions, Iat, HS256_HEADER};
pub use decode::{decode, decode_to_json, Decoded, DEV_TOKEN_SIGNATURE, MAX_TOKEN_BYTES};
pub use dev_token::dev_token;
pub use error::{ErrorCode, TokenError};
pub use inspect::{inspect, inspect_decoded, InspectOptions, Inspection, Status, Warning};
pub use revocation::Revocation;
pub use verify::verify;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn create_decode_verify_round_trip(
            secret in proptest::collection::vec(any::<u8>(), 1..80),
            user_id in "\\PC{1,40}",
            exp in proptest::option::of(0u32..4_000_000_000u32),
            iat in proptest::option::of(0u32..4_000_000_000u32),
            extra in proptest::collection::btree_map("[a-z名前😀]{1,6}", "\\PC{0,12}", 0..4),
        ) {
            let extra: serde_json::Map<String, serde_json::Value> = extra.into_iter()
                .filter(|(k, _)| !["user_id", "exp", "iat"].contains(&k.as_str()))
                .map(|(k, v)| (k, serde_json::Value::String(v))).collect();
            let claims_json = serde_json::to_string(&extra).ok();
            let options = CreateOptions { exp: exp.map(f64::from), iat: iat.map(|i| Iat::At(f64::from(i))), claims_json, ..Default::default() };
            let token = create_token(&secret, &user_id, &options, 0.0).unwrap();
            let decoded = decode(&token).unwrap();
            prop_assert_eq!(decoded.payload.get("user_id").and_then(|v| v.as_str()), Some(user_id.as_str()));
            for (k, v) in &extra {
                prop_assert_eq!(decoded.payload.get(k).and_then(|x| x.as_str()), v.as_str());
            }
            let inspection = verify(&token, &secret, &InspectOptions::default()).unwrap();
            prop_assert_eq!(inspection.expires_at, exp.map(f64::from));
            prop_assert_eq!(inspection.issued_at, iat.map(f64::from));
            let mut wrong = secret.clone();
            wrong[0] ^= 1;
            prop_assert_eq!(verify(&token, &wrong, &InspectOptions::default()).unwrap_err().code(), ErrorCode::SignatureInvalid);
        }

        #[test]
        fn no_string_makes_decode_inspect_or_verify_panic(token in "\\PC{0,200}") {
            let _ = decode(&token);
            let _ = inspect(&token, &InspectOptions::default());
            let _ = verify(&token, b"k", &InspectOptions::default());
        }

        #[test]
        fn near_tokens_never_panic(
            header in proptest::collection::vec(any::<u8>(), 0..60),
            payload in proptest::collection::vec(any::<u8>(), 0..120),
            sig in "[A-Za-z0-9_+/=-]{0,50}",
            now in any::<f64>(),
        ) {
            let token = format!("{}.{}.{}", base64url::encode(&header), base64url::encode(&payload), sig);
            if let Err(e) = inspect(&token, &InspectOptions { now, ..Default::default() }) {
                prop_assert!(!e.message().is_empty());
            }
            let _ = verify(&token, b"k", &InspectOptions { now, ..Default::default() });
        }
    }
}
