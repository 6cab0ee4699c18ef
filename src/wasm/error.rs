//! Turns a core [`TokenError`] into the JavaScript `TokenError` class (`js/token_error.js`).

use crate::prelude::*;
use crate::error::{ErrorCode, TokenError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/token_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = TokenError)]
    type JsTokenError;

    #[wasm_bindgen(constructor, js_class = TokenError)]
    fn new(code: &str, message: &str) -> JsTokenError;

    #[cfg(feature = "provider")]
    #[wasm_bindgen(constructor, js_class = TokenError)]
    fn new_with_options(code: &str, message: &str, options: &JsValue) -> JsTokenError;
}

/// A thrown `TokenError` whose `cause` is `cause` (the standard `Error` option).
#[cfg(feature = "provider")]
pub(crate) fn throw_with_cause(code: ErrorCode, message: &str, cause: &JsValue) -> JsValue {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("cause"), cause);
    JsTokenError::new_with_options(code.as_str(), message, &options).into()
}

/// The value thrown to JavaScript for `error`.
pub(crate) fn to_js(error: TokenError) -> JsValue {
    JsTokenError::new(error.code().as_str(), error.message()).into()
}

/// Shorthand: a thrown `TokenError` with `code` and `message`.
pub(crate) fn throw(code: ErrorCode, message: impl Into<String>) -> JsValue {
    to_js(TokenError::new(code, message))
}
