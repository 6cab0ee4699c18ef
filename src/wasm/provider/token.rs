//! Reading a token the loader returned (or a peer offered) for the refresh loop: its
//! segments, base64url and UTF-8 checked as [`crate::decode`] checks them, then the
//! platform's `JSON.parse` for the header and the payload, and the four claims the loop
//! uses. The loop reads its own backend's tokens; tokenkit's strict JSON parser (repeated
//! keys, lone surrogates, depth, exact numbers, each with its message) is for the tokens
//! people decode, inspect and verify, and `tokenkit`'s functions keep it. Leaving it out of
//! the provider build, with `decodeToken`, took 4.9 KB gzipped off its download.
//! What happens next is decided by [`crate::refresh::accept_loaded`], tested natively.

use crate::prelude::*;
use crate::base64url;
use crate::claims::{register, RegisteredClaims, Seen};
use crate::decode::{alg_error, split};
use crate::error::{ErrorCode, TokenError};
use crate::refresh::{accept_loaded, bad_claims, crit_refused, is_expiry_code, not_a_token, Clock, LoadedToken};
use crate::wasm::convert;
use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;

/// [`crate::refresh::check_loaded`] for the provider build: `provider_invalid_token`
/// unless `token` is a token with a string `alg`, no `crit`, registered claims of the right
/// types, for `expected_user` (when given) and not expired.
pub(super) fn check_loaded(token: &str, expected_user: Option<&str>, clock: &Clock, local_now: f64, tolerance: f64) -> Result<LoadedToken, TokenError> {
    let (header, payload) = read(token).map_err(not_a_token)?;
    if Reflect::has(&header, &JsValue::from_str("crit")).unwrap_or(true) {
        return Err(crit_refused());
    }
    let mut claims = RegisteredClaims::default();
    for name in ["user_id", "exp", "iat", "nbf"] {
        let value = Reflect::get(&payload, &JsValue::from_str(name)).unwrap_or_default();
        if value.is_undefined() {
            continue;
        }
        let text = value.is_string().then(|| convert::string(&value));
        let seen = match (&text, value.as_f64()) {
            (Some(Ok(s)), _) => Seen::String(s),
            (Some(Err(_)), _) => Seen::Other("a string with a lone UTF-16 surrogate"),
            (None, Some(n)) if n.is_finite() => Seen::Number(n),
            (None, Some(_)) => Seen::Other("a number too large for a 64-bit float"),
            (None, None) if value.is_null() => Seen::Other("null"),
            (None, None) if js_sys::Array::is_array(&value) => Seen::Other("an array"),
            (None, None) => Seen::Other(if value.is_object() { "an object" } else { "a boolean" }),
        };
        register(&mut claims, name, seen).map_err(bad_claims)?;
    }
    accept_loaded(token, claims, expected_user, clock, local_now, tolerance)
}

/// The header and the payload, each a JSON object; the errors of [`crate::decode`] for
/// the segments, base64url, UTF-8 and `alg`, and a shorter one for JSON (`JSON.parse`
/// says less than tokenkit's parser).
fn read(token: &str) -> Result<(JsValue, JsValue), TokenError> {
    let segments = split(token)?;
    let (header_bytes, _) = base64url::decode(segments.header, "header")?;
    let (payload_bytes, _) = base64url::decode(segments.payload, "payload")?;
    let header = object(header_bytes, "header", ErrorCode::InvalidHeader)?;
    let alg = Reflect::get(&header, &JsValue::from_str("alg")).unwrap_or_default();
    if !alg.is_string() {
        return Err(alg_error(!alg.is_undefined()));
    }
    Ok((header, object(payload_bytes, "payload", ErrorCode::InvalidClaims)?))
}

/// `bytes` as UTF-8 JSON by `JSON.parse`, which must be an object.
fn object(bytes: Vec<u8>, what: &str, not_object: ErrorCode) -> Result<JsValue, TokenError> {
    let text = crate::json::utf8(bytes, what)?;
    let value = JSON::parse(&text).map_err(|_| TokenError::new(ErrorCode::InvalidJson, text!("The ", what, " is not valid JSON. Check that the whole token was copied.")))?;
    if value.is_object() && !js_sys::Array::is_array(&value) {
        return Ok(value);
    }
    Err(crate::json::not_an_object(what, &convert::kind(&value), not_object))
}

/// [`crate::refresh::is_expiry_response`] for the provider build: the body's `code` read
/// by `JSON.parse`.
pub(super) fn is_expiry_response(status: u16, body: &str) -> bool {
    let code = JSON::parse(body).ok().filter(JsValue::is_object).and_then(|o| Reflect::get(&o, &JsValue::from_str("code")).ok()).and_then(|c| c.as_f64());
    is_expiry_code(status, code)
}
