//! `decodeToken(token)`.

use crate::decode::decode_to_json;
use crate::wasm::convert;
use crate::wasm::error::to_js;
use wasm_bindgen::prelude::*;

/// Decodes a token without checking its signature.
///
/// Returns the header and payload as plain objects, the third segment as
/// `signature`, and `devToken: true` when that is Stream's literal `devtoken`.
/// Throws a `TokenError` (`malformed`, `too_large`, `invalid_base64`,
/// `invalid_json`, `invalid_header`, `invalid_claims`) for anything that is not a JWT.
///
/// @example
/// ```js
/// const { payload, devToken } = decodeToken(token);
/// console.log(payload.user_id, devToken);
/// ```
#[wasm_bindgen(js_name = decodeToken, unchecked_return_type = "DecodedToken<P>")]
pub fn decode_token(#[wasm_bindgen(unchecked_param_type = "string")] token: JsValue) -> Result<JsValue, JsValue> {
    let token = convert::token(&token)?;
    Ok(convert::parse_json(&decode_to_json(&token).map_err(to_js)?))
}
