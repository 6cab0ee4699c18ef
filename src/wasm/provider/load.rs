//! One load: call the loader (with an `AbortSignal`), give up on an attempt after
//! `loadTimeout`, retry failures with back-off (waiting for the network when offline),
//! check what it returned, then install the token and schedule its refresh.

use alloc::rc::Rc;

use super::timeout::Timeout;
use super::{disposed_error, local_now, Shared};
use crate::error::ErrorCode;
use super::token::check_loaded;
use crate::refresh::{retry_delay, LoadedToken};
use crate::wasm::convert::kind;
use crate::wasm::error::{throw, throw_with_cause, to_js};
use js_sys::{Array, Function, Math, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

/// Calls the loader with `{ signal }` (a new `AbortController`'s, kept in the state so
/// that a timeout or `dispose()` aborts it); its value (a token or a promise of one) or
/// what it threw.
pub(super) fn call_loader(shared: &Shared) -> Result<JsValue, JsValue> {
    let Some(loader) = shared.hook(|h| h.loader.clone()) else {
        return Err(disposed_error());
    };
    let controller = Reflect::get(&js_sys::global(), &JsValue::from_str("AbortController"))
        .ok()
        .and_then(|c| c.dyn_into::<Function>().ok())
        .and_then(|c| Reflect::construct(&c, &Array::new()).ok());
    let context = Object::new();
    if let Some(controller) = &controller {
        if let Ok(signal) = Reflect::get(controller, &JsValue::from_str("signal")) {
            let _ = Reflect::set(&context, &JsValue::from_str("signal"), &signal);
        }
    }
    shared.state.borrow_mut().load_abort = controller;
    loader.call1(&JsValue::UNDEFINED, &context)
}

/// `controller.abort(reason)`.
pub(super) fn abort(controller: &JsValue, reason: &JsValue) {
    if let Some(abort) = super::listener::method(controller, "abort") {
        let _ = abort.call1(controller, reason);
    }
}

/// The whole load, shared by every caller through one promise.
pub(super) async fn run(shared: Rc<Shared>, first: Result<JsValue, JsValue>) -> Result<JsValue, JsValue> {
    let result = attempts(&shared, first).await;
    {
        let mut s = shared.state.borrow_mut();
        s.load = None;
        s.load_abort = None;
    }
    match result {
        Ok(loaded) => {
            let token = JsValue::from_str(&loaded.token);
            if let Some(peer) = shared.peer.borrow().as_ref() {
                peer.offer(&loaded.token, loaded.arrived);
            }
            shared.state.borrow_mut().current = Some(loaded);
            shared.schedule();
            Shared::emit(shared.hook(|h| h.on_token.clone()).flatten(), &token);
            Ok(token)
        }
        Err(error) => {
            Shared::emit(shared.hook(|h| h.on_error.clone()).flatten(), &error);
            Err(error)
        }
    }
}

async fn attempts(shared: &Rc<Shared>, first: Result<JsValue, JsValue>) -> Result<LoadedToken, JsValue> {
    let mut outcome = first;
    let mut failures = 0u32;
    loop {
        let value = match outcome {
            Ok(value) => settle(shared, &value).await,
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
                    shared.sleep(None).await?;
                } else {
                    failures += 1;
                    let policy = shared.config.policy;
                    if failures > policy.retries {
                        let timed_out = Reflect::get(&cause, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).as_deref() == Some("TimeoutError");
                        let message = text!("The token provider failed ", crate::json::number_text(f64::from(failures)), " time(s)", if timed_out { ", the last by timing out (loadTimeout)" } else { "" }, "; its last error is this error's cause. Check the loader and the backend it calls. The next call tries again.");
                        return Err(throw_with_cause(ErrorCode::ProviderFailed, &message, &cause));
                    }
                    shared.sleep(Some(retry_delay(&policy, failures, Math::random()))).await?;
                }
                outcome = call_loader(shared);
            }
        }
    }
}

/// The loader's value once it settles; past `loadTimeout` a `TimeoutError` (and the
/// loader's signal aborted with it).
async fn settle(shared: &Shared, value: &JsValue) -> Result<JsValue, JsValue> {
    let promise = Promise::resolve(value);
    let ms = shared.config.load_timeout_ms;
    if ms <= 0.0 {
        return shared.wait(&promise, None).await;
    }
    let controller = shared.state.borrow().load_abort.clone();
    let mut timer = None;
    let timed_out = Promise::new(&mut |_, reject| {
        let controller = controller.clone();
        timer = Some(Timeout::new(ms, move || {
            let error = js_sys::Error::new(&text!("The token loader did not settle within ", crate::json::number_text(ms), " ms (loadTimeout); its signal was aborted. Make the backend answer sooner, or raise loadTimeout."));
            error.set_name("TimeoutError");
            if let Some(controller) = &controller {
                abort(controller, &error);
            }
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        }));
    });
    let result = shared.wait(&Promise::race(&Array::of2(&promise, &timed_out)), None).await;
    drop(timer);
    result
}

/// Checks the loader's value: a token string, for the right user, not expired.
fn accept(shared: &Shared, value: &JsValue) -> Result<LoadedToken, JsValue> {
    let Some(token) = value.as_string() else {
        return Err(throw(
            ErrorCode::ProviderInvalidToken,
            text!("The token provider's loader returned ", kind(value), " instead of a token string. Return the JWT text, e.g. `(await fetch(url)).text()`."),
        ));
    };
    let user_id = shared.config.user_id.as_deref();
    let tolerance = shared.config.policy.clock_tolerance;
    let s = shared.state.borrow();
    check_loaded(&token, user_id, &s.clock, local_now(), tolerance).map_err(to_js)
}

/// `navigator.onLine === false` (browsers only; Node has no such flag).
fn is_offline() -> bool {
    let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).unwrap_or(JsValue::UNDEFINED);
    if navigator.is_undefined() || navigator.is_null() {
        return false;
    }
    Reflect::get(&navigator, &JsValue::from_str("onLine")).ok().and_then(|v| v.as_bool()) == Some(false)
}
