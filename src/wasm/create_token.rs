//! `createToken(secret, userId, options?)`.

use crate::create::{create_token as create, CreateOptions, Iat};
use crate::error::ErrorCode;
use crate::wasm::convert::{self, get};
use crate::wasm::error::{throw, to_js};
use js_sys::{Array, JSON};
use crate::wasm::CreateOptionsArg;
use wasm_bindgen::prelude::*;

const OPTIONS: [&str; 5] = ["exp", "iat", "validityInSeconds", "claims", "now"];

/// Signs an HS256 user token, byte-identical to Stream's server SDKs: header
/// `{"alg":"HS256","typ":"JWT"}`, payload `user_id`, then `exp` and `iat` when
/// given, then your `claims` in their order.
///
/// Options: `exp` (unix seconds or a Date), `iat` (unix seconds, a Date, or `true`
/// for now), `validityInSeconds` (exp = now + validity; not with `exp`), `claims`
/// (an object of extra claims; not `user_id`, `exp` or `iat`), `now` (unix seconds,
/// default the current time; for tests).
///
/// @example
/// ```js
/// const token = createToken(secret, 'john', { validityInSeconds: 3600, iat: true });
/// ```
#[wasm_bindgen(js_name = createToken)]
pub fn create_token(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: JsValue,
    options: Option<CreateOptionsArg>,
) -> Result<String, JsValue> {
    let secret = convert::secret(&secret)?;
    let user_id = convert::user_id(&user_id)?;
    let o = convert::options(&options.map(JsValue::from).unwrap_or_default(), "createToken", &OPTIONS)?;
    let o = o.as_ref();
    let now = convert::moment(&get(o, "now"), "now")?.unwrap_or_else(convert::now);
    let iat = get(o, "iat");
    let iat = match iat.as_bool() {
        Some(true) => Some(Iat::Now),
        Some(false) => None,
        None => convert::moment(&iat, "iat")?.map(Iat::At),
    };
    let options = CreateOptions {
        exp: convert::moment(&get(o, "exp"), "exp")?,
        iat,
        validity_in_seconds: convert::seconds(&get(o, "validityInSeconds"), "validityInSeconds")?,
        claims_json: claims_json(&get(o, "claims"))?,
    };
    create(&secret, &user_id, &options, now).map_err(to_js)
}

/// The `claims` option as JSON text (`JSON.stringify`, so `toJSON` and `Date`s behave as in JavaScript).
fn claims_json(claims: &JsValue) -> Result<Option<String>, JsValue> {
    if claims.is_undefined() || claims.is_null() {
        return Ok(None);
    }
    if !claims.is_object() || Array::is_array(claims) || claims.is_function() {
        return Err(throw(ErrorCode::InvalidOptions, format!("claims must be an object of extra claims, e.g. {{ role: 'admin' }} (got {}).", convert::kind(claims))));
    }
    let text = JSON::stringify(claims)
        .map_err(|_| throw(ErrorCode::InvalidOptions, "claims cannot be written as JSON (a BigInt or a circular reference?). Use plain JSON values."))?;
    convert::string(&text.into()).map(Some).map_err(|_| throw(ErrorCode::InvalidOptions, "claims cannot be written as JSON. Use plain JSON values."))
}
