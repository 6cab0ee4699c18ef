//! The options of `new TokenProvider(loader, options)`, read property by property (they
//! hold functions, which the one-`JSON.stringify` reader of the other calls would drop).

use crate::prelude::*;
use crate::error::ErrorCode;
use crate::refresh::RefreshPolicy;
use crate::wasm::convert::kind;
use crate::wasm::error::throw;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

const NAMES: [&str; 15] = [
    "token", "userId", "refreshMargin", "clockTolerance", "retries", "retryDelay", "maxRetryDelay", "loadTimeout", "authHeader", "authScheme", "isAuthError", "onToken",
    "onError", "fetch", "share",
];

/// Everything a provider is configured with, but its functions.
pub(crate) struct Config {
    pub(crate) token: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) policy: RefreshPolicy,
    /// Milliseconds a load may take before it counts as failed.
    pub(crate) load_timeout_ms: f64,
    pub(crate) auth_header: String,
    pub(crate) auth_scheme: String,
    /// The name providers share one token under (`share`).
    pub(crate) share: Option<String>,
}

/// The app's functions: held until `dispose()`, then dropped, so a disposed provider
/// keeps nothing of the app alive.
pub(crate) struct Hooks {
    pub(crate) loader: Function,
    pub(crate) is_auth_error: Option<Function>,
    pub(crate) on_token: Option<Function>,
    pub(crate) on_error: Option<Function>,
    pub(crate) fetch: Option<Function>,
}

fn bad(message: String) -> JsValue {
    throw(ErrorCode::InvalidOptions, text!("TokenProvider: ", message))
}

struct Reader(Option<Object>);

impl Reader {
    fn get(&self, name: &str) -> Option<JsValue> {
        let value = Reflect::get(self.0.as_ref()?, &JsValue::from_str(name)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    fn string(&self, name: &str) -> Result<Option<String>, JsValue> {
        self.get(name).map(|v| v.as_string().ok_or_else(|| bad(text!(name, " must be a string (got ", kind(&v), ").")))).transpose()
    }

    fn number(&self, name: &str, default: f64, what: &str) -> Result<f64, JsValue> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
                Some(n) => Err(bad(text!(name, " must be ", what, ", 0 or more (got ", crate::json::number_text(n), ")."))),
                None => Err(bad(text!(name, " must be ", what, ", 0 or more (got ", kind(&v), ")."))),
            },
        }
    }

    fn function(&self, name: &str) -> Result<Option<Function>, JsValue> {
        self.get(name).map(|v| v.dyn_into::<Function>().map_err(|v| bad(text!(name, " must be a function (got ", kind(&v), ").")))).transpose()
    }
}

/// Reads and checks the options object (`undefined`/`null` for all defaults).
pub(crate) fn read(options: &JsValue, loader: Function) -> Result<(Config, Hooks), JsValue> {
    let object = if options.is_undefined() || options.is_null() {
        None
    } else if options.is_object() && !options.is_function() && !js_sys::Array::is_array(options) {
        let object = Object::from(options.clone());
        for key in Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !NAMES.contains(&key.as_str()) {
                return Err(bad(text!("there is no option ", crate::json::quote(&key), ". The options are: ", crate::text::spaced(&NAMES), ".")));
            }
        }
        Some(object)
    } else {
        return Err(bad(text!("the options must be an object (got ", kind(options), ").")));
    };
    let r = Reader(object);
    let defaults = RefreshPolicy::default();
    let retries = r.number("retries", f64::from(defaults.retries), "a whole number")?;
    if crate::float::trunc(retries) != retries || retries > 100.0 {
        return Err(bad("retries must be a whole number from 0 to 100.".into()));
    }
    let auth_header = r.string("authHeader")?.unwrap_or_else(|| "Authorization".into());
    // An HTTP header name is a non-empty run of RFC 9110 token characters.
    let token_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if auth_header.is_empty() || !auth_header.bytes().all(token_char) {
        return Err(bad(text!("authHeader must be an HTTP header name, e.g. \"Authorization\" (got ", crate::json::quote(&auth_header), ").")));
    }
    let share = r.string("share")?;
    if share.as_deref() == Some("") {
        return Err(bad("share must be a name, e.g. \"chat-token\" (got \"\").".into()));
    }
    let hooks = Hooks { loader, is_auth_error: r.function("isAuthError")?, on_token: r.function("onToken")?, on_error: r.function("onError")?, fetch: r.function("fetch")? };
    let config = Config {
        token: r.string("token")?,
        user_id: r.string("userId")?,
        policy: RefreshPolicy {
            refresh_margin: r.number("refreshMargin", defaults.refresh_margin, "a number of seconds")?,
            clock_tolerance: r.number("clockTolerance", defaults.clock_tolerance, "a number of seconds")?,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a whole number from 0 to 100
            retries: retries as u32,
            retry_delay_ms: r.number("retryDelay", defaults.retry_delay_ms, "a number of milliseconds")?,
            max_retry_delay_ms: r.number("maxRetryDelay", defaults.max_retry_delay_ms, "a number of milliseconds")?,
        },
        load_timeout_ms: r.number("loadTimeout", 30_000.0, "a number of milliseconds")?,
        auth_header,
        auth_scheme: r.string("authScheme")?.unwrap_or_else(|| "Bearer".into()),
        share,
    };
    Ok((config, hooks))
}
