//! The options object of `createToken`, `inspectToken` and `verifyToken`, read in one
//! step and checked: unknown keys, wrong types and values `JSON.stringify` would lose are
//! `invalid_options`.

use crate::prelude::*;
use crate::error::ErrorCode;
use crate::json::{Object as JsonObject, Value};
use crate::wasm::convert::{kind, string};
use crate::wasm::error::throw;
use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    /// `Object.getPrototypeOf(value)`.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
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
            let message = text!(function, " has no option ", crate::json::quote(key), ". Its options are: ", crate::text::spaced(allowed), ".");
            return Err(throw(ErrorCode::InvalidOptions, message));
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
    pub(crate) fn flag_or_moment(&self, name: &str) -> Result<Option<Result<bool, f64>>, JsValue> {
        match self.get(name, MOMENT)? {
            Some(Value::Bool(b)) => Ok(Some(Ok(*b))),
            _ => Ok(self.moment(name)?.map(Err)),
        }
    }

    /// An object option, as tokenkit's parser read `JSON.stringify`'s text of it.
    pub(crate) fn object(&self, name: &str, example: &str) -> Result<Option<&JsonObject>, JsValue> {
        match self.get(name, "an object")? {
            None => Ok(None),
            Some(Value::Object(object)) => Ok(Some(object)),
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
