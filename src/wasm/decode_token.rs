//! `decodeToken(token)`.

use crate::decode::{decode, Decoded};
use crate::wasm::convert::{self, set};
use crate::wasm::error::to_js;
use js_sys::Object;
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
#[wasm_bindgen(js_name = decodeToken, unchecked_return_type = "DecodedToken")]
pub fn decode_token(#[wasm_bindgen(unchecked_param_type = "string")] token: JsValue) -> Result<JsValue, JsValue> {
    let token = convert::token(&token)?;
    let decoded = decode(&token).map_err(to_js)?;
    let out = Object::new();
    put_decoded(&out, &decoded);
    Ok(out.into())
}

/// Sets `header`, `payload`, `signature` and `devToken` on `out`.
pub(crate) fn put_decoded(out: &Object, decoded: &Decoded<'_>) {
    set(out, "header", &convert::parse_json(&decoded.header_json));
    set(out, "payload", &convert::parse_json(&decoded.payload_json));
    set(out, "signature", &JsValue::from_str(decoded.signature));
    set(out, "devToken", &JsValue::from_bool(decoded.is_dev_token()));
}
