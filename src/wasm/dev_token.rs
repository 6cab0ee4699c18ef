//! `devToken(userId)`.

use crate::prelude::*;
use crate::wasm::convert;
use crate::wasm::error::to_js;
use wasm_bindgen::prelude::*;

/// Stream's development token for `userId`: header, base64url payload
/// `{"user_id":…}`, and the literal signature `devtoken`. It works only while
/// the app's auth checks are disabled.
///
/// @example
/// ```js
/// devToken('john'); // 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken'
/// ```
#[wasm_bindgen(js_name = devToken)]
pub fn dev_token(#[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: JsValue) -> Result<String, JsValue> {
    let user_id = convert::user_id(&user_id)?;
    crate::dev_token::dev_token(&user_id).map_err(to_js)
}
