//! [`Timeout`]: a `setTimeout` owned by a Rust value, cleared when the value is dropped
//! (after `gloo-timers`).

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// The longest delay `setTimeout` honours (2³¹−1 ms, about 24.8 days); longer ones fire at once.
const MAX_DELAY_MS: f64 = 2_147_483_647.0;

/// A pending `setTimeout`. Dropping it clears the timer and frees its callback, so a
/// disposed provider leaves nothing behind that keeps Node running.
///
/// ```ignore
/// let t = Timeout::new(1000.0, || log("a second later"));
/// drop(t); // never runs
/// ```
pub(crate) struct Timeout {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Runs `callback` once after `ms` milliseconds (clamped to what `setTimeout` accepts).
    pub(crate) fn new(ms: f64, callback: impl FnMut() + 'static) -> Timeout {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let ms = if ms.is_finite() { ms.clamp(0.0, MAX_DELAY_MS) } else { 0.0 };
        let handle = set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timeout { handle, _callback: callback }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}
