//! One load: call the loader, retry failures with back-off (waiting for the network
//! when offline), check what it returned, then install the token and schedule its refresh.

use std::rc::Rc;

use super::listener::{method, Listener};
use super::timeout::Timeout;
use super::{disposed_error, local_now, Shared};
use crate::error::ErrorCode;
use crate::refresh::{check_loaded, retry_delay, LoadedToken};
use crate::wasm::convert::kind;
use crate::wasm::error::{throw, throw_with_cause, to_js};
use js_sys::futures::JsFuture;
use js_sys::{Function, Math, Promise, Reflect};
use wasm_bindgen::prelude::*;

/// Calls the loader; its value (a token or a promise of one) or what it threw.
pub(super) fn call_loader(loader: &Function) -> Result<JsValue, JsValue> {
    loader.call0(&JsValue::UNDEFINED)
}

/// The whole load, shared by every caller through one promise.
pub(super) async fn run(shared: Rc<Shared>, first: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    let result = attempts(&shared, first).await;
    shared.state.borrow_mut().load = None;
    match result {
        Ok(loaded) => {
            let token = JsValue::from_str(&loaded.token);
            shared.state.borrow_mut().current = Some(loaded);
            shared.schedule();
            Shared::emit(shared.config.on_token.as_ref(), &token);
            Ok(token)
        }
        Err(error) => {
            if !shared.is_disposed() {
                Shared::emit(shared.config.on_error.as_ref(), &error);
            }
            Err(error)
        }
    }
}

async fn attempts(shared: &Rc<Shared>, first: Result<JsValue, JsValue>) -> Result<LoadedToken, JsValue> {
    let mut outcome = first;
    let mut failures = 0u32;
    loop {
        let value = match outcome {
            Ok(value) => JsFuture::from(Promise::resolve(&value)).await,
            Err(thrown) => Err(thrown),
        };
        if shared.is_disposed() {
            return Err(disposed_error());
        }
        match value {
            Ok(value) => return accept(shared, &value),
            Err(cause) => {
                if is_offline() {
                    // Failing while offline says nothing about the loader: wait for the network.
                    wait(shared, None).await;
                } else {
                    failures += 1;
                    let policy = shared.config.policy;
                    if failures > policy.retries {
                        let message = format!(
                            "The token provider failed {failures} time(s); its last error is this error's cause. Check the loader and the backend it calls. The next call tries again."
                        );
                        return Err(throw_with_cause(ErrorCode::ProviderFailed, &message, &cause));
                    }
                    wait(shared, Some(retry_delay(&policy, failures, Math::random()))).await;
                }
                if shared.is_disposed() {
                    return Err(disposed_error());
                }
                outcome = call_loader(&shared.loader);
            }
        }
    }
}

/// Checks the loader's value: a token string, for the right user, not expired.
fn accept(shared: &Shared, value: &JsValue) -> Result<LoadedToken, JsValue> {
    let Some(token) = value.as_string() else {
        return Err(throw(
            ErrorCode::ProviderInvalidToken,
            format!("The token provider's loader returned {} instead of a token string. Return the JWT text, e.g. `(await fetch(url)).text()`.", kind(value)),
        ));
    };
    let user_id = shared.config.user_id.as_deref();
    let tolerance = shared.config.policy.clock_tolerance;
    let mut s = shared.state.borrow_mut();
    check_loaded(&token, user_id, &mut s.clock, local_now(), tolerance).map_err(to_js)
}

/// `navigator.onLine === false` (browsers only; Node has no such flag).
fn is_offline() -> bool {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).unwrap_or(JsValue::UNDEFINED);
    if navigator.is_undefined() || navigator.is_null() {
        return false;
    }
    Reflect::get(&navigator, &JsValue::from_str("onLine")).ok().and_then(|v| v.as_bool()) == Some(false)
}

/// Sleeps `ms` milliseconds, or (`None`) until the `online` event; `dispose()` ends it early.
async fn wait(shared: &Rc<Shared>, ms: Option<f64>) {
    let mut resolver = None;
    let promise = Promise::new(&mut |resolve, _| resolver = Some(resolve));
    let Some(resolve) = resolver else { return };
    {
        let mut s = shared.state.borrow_mut();
        s.wake = Some(resolve.clone());
        match ms {
            Some(ms) => {
                let resolve = resolve.clone();
                s.wait_timer = Some(Timeout::new(ms, move || {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }));
            }
            None => {
                let global: JsValue = js_sys::global().into();
                if method(&global, "addEventListener").is_none() {
                    return; // nowhere to hear `online` from: retry at once
                }
                let resolve = resolve.clone();
                s.wait_listener = Listener::new(&global, "online", move |_| {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                });
            }
        }
    }
    let _ = JsFuture::from(promise).await;
    let mut s = shared.state.borrow_mut();
    s.wake = None;
    s.wait_timer = None;
    s.wait_listener = None;
}
