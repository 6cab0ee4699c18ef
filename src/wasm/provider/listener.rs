//! [`Listener`]: an event listener owned by a Rust value, removed when the value is dropped.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

/// `target.addEventListener(event, callback)` until dropped, then removed.
pub(crate) struct Listener {
    target: JsValue,
    event: &'static str,
    callback: Closure<dyn FnMut(JsValue)>,
}

impl Listener {
    /// Listens on `target` when it is an event target; `None` when it is not (Node has no
    /// `document`, and its `globalThis` has no `addEventListener`).
    pub(crate) fn new(target: &JsValue, event: &'static str, callback: impl FnMut(JsValue) + 'static) -> Option<Listener> {
        let add = method(target, "addEventListener")?;
        let callback = Closure::<dyn FnMut(JsValue)>::new(callback);
        add.call2(target, &JsValue::from_str(event), callback.as_ref()).ok()?;
        Some(Listener { target: target.clone(), event, callback })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(remove) = method(&self.target, "removeEventListener") {
            let _ = remove.call2(&self.target, &JsValue::from_str(self.event), self.callback.as_ref());
        }
    }
}

/// `target[name]` when it is a function.
pub(crate) fn method(target: &JsValue, name: &str) -> Option<Function> {
    if target.is_undefined() || target.is_null() {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()
}
