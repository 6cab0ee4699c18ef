//! `inspectToken(token, options?)` and the inspection object it shares with `verifyToken`.

use crate::inspect::{inspect, InspectOptions, Inspection};
use crate::revocation::Revocation;
use crate::wasm::convert::{self, number_or_null, set};
use crate::wasm::decode_token::put_decoded;
use crate::wasm::error::to_js;
use js_sys::{Array, Object, Reflect};
use crate::wasm::InspectOptionsArg;
use wasm_bindgen::prelude::*;

const OPTIONS: [&str; 4] = ["now", "clockTolerance", "userRevokedBefore", "appRevokedBefore"];

/// Explains a token and says whether it is usable now: `status` is `"valid"`,
/// `"expired"`, `"not_yet_valid"` or `"revoked"`, with `warnings` and every claim
/// described. The signature is **not** checked: use `verifyToken` for that.
///
/// Options: `now` (unix seconds or a Date; default: the current time, whole seconds),
/// `clockTolerance` (seconds, default 0), `userRevokedBefore` and `appRevokedBefore`
/// (unix seconds, a `Date` or an ISO string).
///
/// @example
/// ```js
/// const { status, expiresIn, warnings } = inspectToken(token, { clockTolerance: 5 });
/// if (status === 'expired') refresh();
/// ```
#[wasm_bindgen(js_name = inspectToken, unchecked_return_type = "Inspection")]
pub fn inspect_token(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    options: Option<InspectOptionsArg>,
) -> Result<JsValue, JsValue> {
    let token = convert::token(&token)?;
    let options = inspect_options(&options.map(JsValue::from).unwrap_or_default(), "inspectToken", &OPTIONS)?;
    let inspection = inspect(&token, &options).map_err(to_js)?;
    Ok(inspection_object(&inspection))
}

/// Reads the inspect options (also used by `verifyToken`, whose `allowed` list is the same).
pub(crate) fn inspect_options(value: &JsValue, function: &str, allowed: &[&str]) -> Result<InspectOptions, JsValue> {
    let o = convert::options(value, function, allowed)?;
    let o = o.as_ref();
    let now = match convert::moment(&convert::get(o, "now"), "now")? {
        Some(now) => now,
        None => convert::now(),
    };
    Ok(InspectOptions {
        now,
        clock_tolerance: convert::seconds(&convert::get(o, "clockTolerance"), "clockTolerance")?.unwrap_or(0.0),
        revocation: Revocation {
            user_revoked_before: convert::moment(&convert::get(o, "userRevokedBefore"), "userRevokedBefore")?,
            app_revoked_before: convert::moment(&convert::get(o, "appRevokedBefore"), "appRevokedBefore")?,
        },
    })
}

/// The JavaScript inspection object.
pub(crate) fn inspection_object(i: &Inspection<'_>) -> JsValue {
    let out = Object::new();
    set(&out, "userId", &i.user_id.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&out, "issuedAt", &number_or_null(i.issued_at));
    set(&out, "expiresAt", &number_or_null(i.expires_at));
    set(&out, "notBefore", &number_or_null(i.not_before));
    set(&out, "expiresIn", &number_or_null(i.expires_in));
    set(&out, "status", &JsValue::from_str(i.status.as_str()));
    put_decoded(&out, &i.decoded);
    let warnings = Array::new();
    for w in &i.warnings {
        let item = Object::new();
        set(&item, "code", &JsValue::from_str(w.code));
        set(&item, "message", &JsValue::from_str(&w.message));
        warnings.push(&item);
    }
    set(&out, "warnings", &warnings);
    let payload = Reflect::get(&out, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
    let claims = Array::new();
    for c in &i.claims {
        let item = Object::new();
        let name = JsValue::from_str(&c.name);
        set(&item, "name", &name);
        set(&item, "value", &Reflect::get(&payload, &name).unwrap_or(JsValue::NULL));
        set(&item, "description", &JsValue::from_str(c.description));
        set(&item, "display", &JsValue::from_str(&c.display));
        claims.push(&item);
    }
    set(&out, "claims", &claims);
    out.into()
}
