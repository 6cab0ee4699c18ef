//! Reading JavaScript arguments and building the plain objects handed back.
//! Every wrong type becomes a `TokenError`; nothing here can panic.

use crate::prelude::*;
use crate::error::ErrorCode;
use crate::wasm::error::throw;
use crate::json::{Object as JsonObject, Value};
use js_sys::{Date, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// What hostile arguments can make throw (a Proxy's traps, a detached buffer), imported
// with `catch` so that it becomes a TokenError instead of escaping as a raw exception.
#[wasm_bindgen]
extern "C" {
    /// `Object.getPrototypeOf(value)`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
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

/// True when `bytes` holds U+FFFD (EF BF BD in UTF-8): a quick scan for the rare 0xEF
/// byte first, then the slower window search (`str::contains` would add 5 KB of
/// searcher code to the wasm).
fn has_replacement_character(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b == 0xEF) && bytes.windows(3).any(|w| w == "\u{FFFD}".as_bytes())
}

/// The token argument: a string, else `malformed`.
pub(crate) fn token(value: &JsValue) -> Result<String, JsValue> {
    string(value).map_err(|why| {
        let got = if value.is_string() { String::new() } else { text!(" (got ", kind(value), ")") };
        throw(ErrorCode::Malformed, text!("The token ", why, got, ". Pass the JWT as a string: \"xxxxx.yyyyy.zzzzz\"."))
    })
}

/// The user id argument: a non-empty string, else `invalid_user_id`.
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

/// An options object, read in one step: `JSON.stringify` (one call across the boundary,
/// where reading each property would be several) and tokenkit's JSON parser. `Date`s
/// arrive as ISO strings, so every moment option takes a number, a `Date` or an ISO string.
/// `JSON.stringify` writes NaN, ±Infinity and invalid `Date`s as `null`: a `null` is looked
/// up on the original object, so those are refused rather than taken as "not given".
pub(crate) struct Options {
    object: Object,
    json: JsonObject,
    function: &'static str,
}

impl Options {
    /// `undefined`/`null` (no options) or a plain object (made by `{ … }` or
    /// `Object.create(null)`, without `toJSON`) whose keys are all in `allowed`. Its own
    /// enumerable properties are the options, read as `JSON.stringify` reads them (also
    /// through a Proxy's traps); a `Map`, a class instance or an object with a prototype
    /// of its own would silently lose options, so they are `invalid_options`.
    pub(crate) fn read(value: &JsValue, function: &'static str, allowed: &[&str]) -> Result<Option<Options>, JsValue> {
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        // Plain: no prototype, or a prototype that has none (Object.prototype of any realm),
        // and no toJSON to replace it. (An array's prototype has one: no separate check.)
        let plain = value.is_object()
            && prototype_of(value).is_ok_and(|proto| proto.is_null() || prototype_of(&proto).is_ok_and(|p| p.is_null()))
            && !Reflect::has(value, &JsValue::from_str("toJSON")).unwrap_or(true);
        if !plain {
            return Err(throw(
                ErrorCode::InvalidOptions,
                text!(function, "'s options must be a plain object like { now: 1700000000 }, not a Map, array, class instance or object with toJSON (got ", kind(value), ")."),
            ));
        }
        let unreadable = |why: &str| throw(ErrorCode::InvalidOptions, text!(function, "'s options cannot be read as JSON (", why, "). Use plain values: numbers, strings, Dates, booleans and plain objects."));
        let text = JSON::stringify(value).map_err(|_| unreadable("a getter or Proxy trap threw, or a BigInt or a circular reference"))?;
        let text = string(&text.into()).map_err(unreadable)?;
        let json = crate::json::parse_object(text.as_bytes(), "options", ErrorCode::InvalidOptions).map_err(|e| unreadable(e.message()))?;
        if let Some(key) = json.keys().find(|k| !allowed.contains(k)) {
            let mut message = text!(function, " has no option ", crate::json::quote(key), ". Its options are:");
            for name in allowed {
                message.push(' ');
                message.push_str(name);
            }
            return Err(throw(ErrorCode::InvalidOptions, message + "."));
        }
        Ok(Some(Options { object: Object::from(value.clone()), json, function }))
    }

    /// The option's JSON value; `None` when absent or really `null`. `wants` says what
    /// it must be, for the message when `JSON.stringify` wrote NaN, ±Infinity or an
    /// invalid `Date` as `null`.
    pub(crate) fn get(&self, name: &str, wants: &str) -> Result<Option<&Value>, JsValue> {
        match self.json.get(name) {
            None => Ok(None),
            Some(Value::Null) => {
                let original = Reflect::get(&self.object, &JsValue::from_str(name)).unwrap_or(JsValue::NULL);
                if original.is_null() || original.is_undefined() {
                    Ok(None)
                } else {
                    let got = original.as_f64().map_or_else(|| "an invalid Date".to_string(), crate::json::number_text);
                    Err(throw(ErrorCode::InvalidOptions, text!(self.function, ": ", name, " must be ", wants, " (got ", got, ").")))
                }
            }
            Some(v) => Ok(Some(v)),
        }
    }

    /// A number of seconds.
    pub(crate) fn seconds(&self, name: &str) -> Result<Option<f64>, JsValue> {
        match self.get(name, SECONDS)? {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.as_f64())),
            Some(other) => Err(throw(ErrorCode::InvalidOptions, text!(self.function, ": ", name, " must be ", SECONDS, " (got ", describe(other), ")."))),
        }
    }

    /// A moment as unix seconds: a number, a `Date` or an ISO 8601 string.
    pub(crate) fn moment(&self, name: &str) -> Result<Option<f64>, JsValue> {
        let seconds = match self.get(name, MOMENT)? {
            None => return Ok(None),
            Some(Value::Number(n)) => Some(n.as_f64()),
            Some(Value::String(s)) => crate::time::parse_iso(s),
            Some(_) => None,
        };
        match seconds {
            Some(s) if s.is_finite() => Ok(Some(s)),
            _ => Err(throw(
                ErrorCode::InvalidOptions,
                text!(self.function, ": ", name, " must be ", MOMENT, " (got ", self.get(name, MOMENT)?.map_or_else(|| "null".to_string(), describe), ")."),
            )),
        }
    }

    /// `true`/`false`, or else a moment (for `iat`).
    #[cfg(not(feature = "provider"))]
    pub(crate) fn flag_or_moment(&self, name: &str) -> Result<Option<Result<bool, f64>>, JsValue> {
        match self.get(name, MOMENT)? {
            Some(Value::Bool(b)) => Ok(Some(Ok(*b))),
            _ => Ok(self.moment(name)?.map(Err)),
        }
    }

    /// An object option as JSON text, byte for byte what `JSON.stringify` wrote for it.
    #[cfg(not(feature = "provider"))]
    pub(crate) fn object_json(&self, name: &str, example: &str) -> Result<Option<String>, JsValue> {
        match self.get(name, "an object")? {
            None => Ok(None),
            Some(v @ Value::Object(_)) => Ok(Some(v.to_json())),
            Some(other) => Err(throw(ErrorCode::InvalidOptions, text!(self.function, ": ", name, " must be an object, e.g. ", example, " (got ", other.kind(), ")."))),
        }
    }
}

/// What a number-of-seconds option must be, for messages.
const SECONDS: &str = "a finite number of seconds";
/// What a moment option must be, for messages.
const MOMENT: &str = "unix seconds, a valid Date or an ISO 8601 string like \"2024-01-31T12:00:00Z\"";

/// A short rendering of a bad option value for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => n.as_str().to_string(),
        // The first 40 bytes or so, cut at a character boundary.
        Value::String(s) => crate::json::quote(s.get(..s.char_indices().nth(40).map_or(s.len(), |(i, _)| i)).unwrap_or(s)),
        other => other.kind().to_string(),
    }
}

/// The current time in unix seconds, whole seconds.
pub(crate) fn now() -> f64 {
    crate::float::floor(Date::now() / 1000.0)
}

/// Parses JSON text that the core has already validated.
pub(crate) fn parse_json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}
