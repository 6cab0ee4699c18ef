//! Turns a core [`TokenError`] into the JavaScript `TokenError` class (`js/token_error.js`).

use crate::error::{ErrorCode, TokenError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/token_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = TokenError)]
    type JsTokenError;

    #[wasm_bindgen(constructor, js_class = TokenError)]
    fn new(code: &str, message: &str) -> JsTokenError;
}

/// The value thrown to JavaScript for `error`.
pub(crate) fn to_js(error: TokenError) -> JsValue {
    JsTokenError::new(error.code().as_str(), error.message()).into()
}

/// Shorthand: a thrown `TokenError` with `code` and `message`.
pub(crate) fn throw(code: ErrorCode, message: impl Into<String>) -> JsValue {
    to_js(TokenError::new(code, message))
}
