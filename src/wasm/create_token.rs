//! `createToken(secret, userId, options?)`.

use crate::prelude::*;
use crate::create::{create_with, Claims, CreateOptions, Iat};
use crate::wasm::convert;
use crate::wasm::options::Options;
use crate::wasm::error::to_js;
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
    let o = Options::read(&options.map(JsValue::from).unwrap_or_default(), "createToken", &OPTIONS)?;
    let mut create_options = CreateOptions::default();
    let mut now = None;
    let mut claims = None;
    if let Some(o) = &o {
        now = o.moment("now")?;
        create_options = CreateOptions {
            exp: o.moment("exp")?,
            iat: match o.flag_or_moment("iat")? {
                Some(Ok(true)) => Some(Iat::Now),
                Some(Ok(false)) | None => None,
                Some(Err(at)) => Some(Iat::At(at)),
            },
            validity_in_seconds: o.seconds("validityInSeconds")?,
            claims_json: None,
        };
        claims = o.object("claims", "{ role: 'admin' }")?.map(Claims::Parsed);
    }
    create_with(&secret, &user_id, &create_options, claims, now.unwrap_or_else(convert::now)).map_err(to_js)
}
