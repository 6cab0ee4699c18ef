//! Reading JavaScript arguments and building the plain objects handed back.
//! Every wrong type becomes a `TokenError`; nothing here can panic.

use crate::prelude::*;
#[cfg(not(feature = "provider"))]
use crate::error::ErrorCode;
#[cfg(not(feature = "provider"))]
use crate::wasm::error::throw;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// What hostile arguments can make throw (a Proxy's traps, a detached buffer), imported
// with `catch` so that it becomes a TokenError instead of escaping as a raw exception.
#[wasm_bindgen]
extern "C" {
    /// `Array.isArray(value)` (throws for a revoked Proxy).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    /// JavaScript's `Uint8Array`, for its constructor with `catch`.
    #[wasm_bindgen(js_name = Uint8Array)]
    type Bytes;
    /// `new Uint8Array(source)`: a typed array copied through its internal slots (no
    /// getters run); throws when its buffer is detached or it is not really a typed array.
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new(source: &JsValue) -> Result<Bytes, JsValue>;
}

/// Describes a JavaScript value for error messages ("a number", "null", "a Uint8Array").
pub(crate) fn kind(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if value.is_undefined() {
        "undefined".into()
    } else if value.is_instance_of::<Uint8Array>() {
        "a Uint8Array".into()
    } else if is_array(value).unwrap_or(false) {
        "an array".into()
    } else {
        let t = value.js_typeof().as_string().unwrap_or_default();
        match t.as_str() {
            "object" => "an object".into(),
            other => text!("a ", other),
        }
    }
}

/// A JavaScript string as Rust UTF-8; `None` for non-strings and for strings with
/// lone surrogates, which have no UTF-8 form (converting would silently alter them).
pub(crate) fn string(value: &JsValue) -> Result<String, &'static str> {
    let Some(text) = value.as_string() else {
        return Err("is not a string");
    };
    // The conversion turns a lone surrogate into U+FFFD; only then is it worth checking
    // whether converting back gives the same JavaScript string.
    if has_replacement_character(text.as_bytes()) && JsValue::from_str(&text) != *value {
        return Err("contains a lone UTF-16 surrogate, which has no UTF-8 form");
    }
    Ok(text)
}

/// True when `bytes` holds U+FFFD (EF BF BD in UTF-8): one plain loop (`str::contains`
/// would add 5 KB of searcher code to the wasm, and iterator adapters are a call per
/// byte at opt-level "z").
fn has_replacement_character(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xEF && bytes.get(i + 1) == Some(&0xBF) && bytes.get(i + 2) == Some(&0xBD) {
            return true;
        }
        i += 1;
    }
    false
}

/// The token argument: a string, else `malformed`.
#[cfg(not(feature = "provider"))]
pub(crate) fn token(value: &JsValue) -> Result<String, JsValue> {
    string(value).map_err(|why| {
        let got = if value.is_string() { String::new() } else { text!(" (got ", kind(value), ")") };
        throw(ErrorCode::Malformed, text!("The token ", why, got, ". Pass the JWT as a string: \"xxxxx.yyyyy.zzzzz\"."))
    })
}

/// The user id argument: a non-empty string, else `invalid_user_id`.
#[cfg(not(feature = "provider"))]
pub(crate) fn user_id(value: &JsValue) -> Result<String, JsValue> {
    string(value).map_err(|why| {
        let got = if value.is_string() { String::new() } else { text!(" (got ", kind(value), ")") };
        throw(ErrorCode::InvalidUserId, text!("The user id ", why, got, ". Pass the user's id as a non-empty string, e.g. \"john\"."))
    })
}

/// The secret argument: a UTF-8 string or a `Uint8Array` (a Node `Buffer` is one). A
/// `Uint8Array` is copied first, so a detached buffer or a fake (a Proxy, an object made
/// from `Uint8Array.prototype`) is `invalid_secret`, not a raw `TypeError`.
#[cfg(not(feature = "provider"))]
pub(crate) fn secret(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if value.is_instance_of::<Uint8Array>() {
        return Bytes::new(value).map(|bytes| bytes.unchecked_into::<Uint8Array>().to_vec()).map_err(|_| {
            throw(
                ErrorCode::InvalidSecret,
                "The secret is a Uint8Array that cannot be read (detached, or not a real Uint8Array). Pass your API secret as a string or a fresh Uint8Array.",
            )
        });
    }
    string(value).map(String::into_bytes).map_err(|why| {
        let got = if value.is_string() { String::new() } else { text!(" (got ", kind(value), ")") };
        throw(ErrorCode::InvalidSecret, text!("The secret ", why, got, ". Pass your API secret as a string or a Uint8Array."))
    })
}

/// The current time in unix seconds, whole seconds.
#[cfg(not(feature = "provider"))]
pub(crate) fn now() -> f64 {
    crate::float::floor(js_sys::Date::now() / 1000.0)
}

/// Parses JSON text that the core has already validated.
#[cfg(not(feature = "provider"))]
pub(crate) fn parse_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}
