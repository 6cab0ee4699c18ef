//! Reading JavaScript arguments and building the plain objects handed back.
//! Every wrong type becomes a `TokenError`; nothing here can panic.

use crate::error::ErrorCode;
use crate::wasm::error::throw;
use js_sys::{Array, Date, JsString, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// Describes a JavaScript value for error messages ("a number", "null", "a Uint8Array").
pub(crate) fn kind(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if value.is_undefined() {
        "undefined".into()
    } else if value.is_instance_of::<Uint8Array>() {
        "a Uint8Array".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        let t = value.js_typeof().as_string().unwrap_or_default();
        match t.as_str() {
            "object" => "an object".into(),
            other => format!("a {other}"),
        }
    }
}

/// A JavaScript string as Rust UTF-8; `None` for non-strings and for strings with
/// lone surrogates, which have no UTF-8 form (converting would silently alter them).
pub(crate) fn string(value: &JsValue) -> Result<String, &'static str> {
    let (Some(js), Some(text)) = (value.dyn_ref::<JsString>(), value.as_string()) else {
        return Err("is not a string");
    };
    // The conversion turns a lone surrogate into U+FFFD; only then is the slower
    // unit-by-unit check worth making.
    if text.as_bytes().windows(3).any(|w| w == "\u{FFFD}".as_bytes()) && !js.is_valid_utf16() {
        return Err("contains a lone UTF-16 surrogate, which has no UTF-8 form");
    }
    Ok(text)
}

/// The token argument: a string, else `malformed`.
pub(crate) fn token(value: &JsValue) -> Result<String, JsValue> {
    string(value).map_err(|why| {
        let got = if value.is_string() { String::new() } else { format!(" (got {})", kind(value)) };
        throw(ErrorCode::Malformed, format!("The token {why}{got}. Pass the JWT as a string: \"xxxxx.yyyyy.zzzzz\"."))
    })
}

/// The user id argument: a non-empty string, else `invalid_user_id`.
pub(crate) fn user_id(value: &JsValue) -> Result<String, JsValue> {
    string(value).map_err(|why| {
        let got = if value.is_string() { String::new() } else { format!(" (got {})", kind(value)) };
        throw(ErrorCode::InvalidUserId, format!("The user id {why}{got}. Pass the user's id as a non-empty string, e.g. \"john\"."))
    })
}

/// The secret argument: a UTF-8 string or a `Uint8Array` (a Node `Buffer` is one).
pub(crate) fn secret(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    string(value).map(String::into_bytes).map_err(|why| {
        let got = if value.is_string() { String::new() } else { format!(" (got {})", kind(value)) };
        throw(ErrorCode::InvalidSecret, format!("The secret {why}{got}. Pass your API secret as a string or a Uint8Array."))
    })
}

/// The options argument: `undefined`/`null` (no options) or a plain object whose keys are all in `allowed`.
pub(crate) fn options(value: &JsValue, function: &str, allowed: &[&str]) -> Result<Option<Object>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() || Array::is_array(value) || value.is_function() {
        return Err(throw(ErrorCode::InvalidOptions, format!("{function}'s options must be an object (got {}).", kind(value))));
    }
    let object = Object::from(value.clone());
    for key in Object::keys(&object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(throw(
                ErrorCode::InvalidOptions,
                format!("{function} has no option {}. Its options are: {}.", crate::json::quote(&key), allowed.join(", ")),
            ));
        }
    }
    Ok(Some(object))
}

/// `options[name]`, or `undefined` when there are no options.
pub(crate) fn get(options: Option<&Object>, name: &str) -> JsValue {
    options.and_then(|o| Reflect::get(o, &JsValue::from_str(name)).ok()).unwrap_or(JsValue::UNDEFINED)
}

/// A number of seconds, or `None` for `undefined`/`null`.
pub(crate) fn seconds(value: &JsValue, name: &str) -> Result<Option<f64>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(throw(ErrorCode::InvalidOptions, format!("{name} must be a finite number of seconds (got {}).", describe(value)))),
    }
}

/// A moment as unix seconds: a number, a `Date` or an ISO 8601 string; `None` for `undefined`/`null`.
pub(crate) fn moment(value: &JsValue, name: &str) -> Result<Option<f64>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let seconds = if let Some(date) = value.dyn_ref::<Date>() {
        Some(date.get_time() / 1000.0)
    } else if let Some(text) = value.as_string() {
        crate::time::parse_iso(&text)
    } else {
        value.as_f64()
    };
    match seconds {
        Some(s) if s.is_finite() => Ok(Some(s)),
        _ => Err(throw(
            ErrorCode::InvalidOptions,
            format!("{name} must be unix seconds, a valid Date or an ISO 8601 string like \"2024-01-31T12:00:00Z\" (got {}).", describe(value)),
        )),
    }
}

/// A short rendering of a bad option value for messages.
fn describe(value: &JsValue) -> String {
    if let Some(n) = value.as_f64() {
        return crate::json::number_text(n);
    }
    if let Some(s) = value.as_string() {
        let short: String = s.chars().take(40).collect();
        return crate::json::quote(&short);
    }
    kind(value)
}

/// The current time in unix seconds, whole seconds.
pub(crate) fn now() -> f64 {
    (Date::now() / 1000.0).floor()
}

/// Parses JSON text that the core has already validated.
pub(crate) fn parse_json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}
