//! `inspectToken(token, options?)` and the inspection object it shares with `verifyToken`.

use crate::inspect::{inspect, InspectOptions, Inspection};
use crate::revocation::Revocation;
use crate::wasm::convert;
use crate::wasm::error::to_js;
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
#[wasm_bindgen(js_name = inspectToken, unchecked_return_type = "Inspection<P>")]
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
pub(crate) fn inspect_options(value: &JsValue, function: &'static str, allowed: &[&str]) -> Result<InspectOptions, JsValue> {
    let Some(o) = crate::wasm::options::Options::read(value, function, allowed)? else {
        return Ok(InspectOptions { now: convert::now(), ..InspectOptions::default() });
    };
    Ok(InspectOptions {
        now: o.moment("now")?.unwrap_or_else(convert::now),
        clock_tolerance: o.seconds("clockTolerance")?.unwrap_or(0.0),
        revocation: Revocation { user_revoked_before: o.moment("userRevokedBefore")?, app_revoked_before: o.moment("appRevokedBefore")? },
    })
}

/// The JavaScript inspection object: the core writes it as JSON, `JSON.parse` builds it
/// in one step (faster than setting each property across the wasm boundary).
pub(crate) fn inspection_object(i: &Inspection<'_>) -> JsValue {
    convert::parse_json(&i.to_json())
}
