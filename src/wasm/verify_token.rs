//! `verifyToken(token, secret, options?)`.

use crate::verify::verify;
use crate::wasm::convert;
use crate::wasm::error::to_js;
use crate::wasm::inspect_token::{inspect_options, inspection_object};
use crate::wasm::InspectOptionsArg;
use wasm_bindgen::prelude::*;

const OPTIONS: [&str; 4] = ["now", "clockTolerance", "userRevokedBefore", "appRevokedBefore"];

/// Checks the signature (HS256, HS384 or HS512, in constant time) and returns the
/// same inspection as `inspectToken`. A valid signature is not a usable token:
/// check `status` too. Throws `signature_invalid` for a wrong secret, an altered
/// token or a dev token, and `unsupported_algorithm` for any other `alg` (`none` included).
///
/// @example
/// ```js
/// const { userId, status } = verifyToken(token, process.env.STREAM_SECRET);
/// if (status !== 'valid') throw new Error(`token is ${status}`);
/// ```
#[wasm_bindgen(js_name = verifyToken, unchecked_return_type = "Inspection<P>")]
pub fn verify_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    options: Option<InspectOptionsArg>,
) -> Result<JsValue, JsValue> {
    let token = convert::token(&token)?;
    let secret = convert::secret(&secret)?;
    let options = inspect_options(&options.map(JsValue::from).unwrap_or_default(), "verifyToken", &OPTIONS)?;
    let inspection = verify(&token, &secret, &options).map_err(to_js)?;
    Ok(inspection_object(&inspection))
}
