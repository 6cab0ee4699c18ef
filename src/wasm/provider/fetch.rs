//! `provider.fetch`: sends a request with the token, and when the response says the
//! token expired, refreshes once (shared by every request that hit it) and retries once.
//! Responses go back to the caller with their bodies unread: the expiry test reads a
//! clone, and only when it may need to.

use crate::prelude::*;
use alloc::rc::Rc;

use super::timeout::Timeout;
use super::{disposed_error, listener::method, local_now, Shared};
use super::token::is_expiry_response;
use crate::refresh::{expiry_without_body, BODY_LIMIT_BYTES, BODY_WAIT_MS};
use js_sys::{Date, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{Request, Response};

/// The whole exchange for one caller.
pub(super) async fn authed(shared: Option<Rc<Shared>>, fetch: Option<Function>, input: JsValue, init: JsValue) -> Result<JsValue, JsValue> {
    let Some(shared) = shared.filter(|s| !s.is_disposed()) else {
        return Err(disposed_error());
    };
    let fetch = match fetch.or_else(|| shared.hook(|h| h.fetch.clone()).flatten()) {
        Some(f) => f,
        None => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))?.dyn_into::<Function>()?,
    };
    // One Request holds the method, headers, body and signal; every attempt sends a clone,
    // so the body is still there for the retry.
    let request = new_request(&input, &init)?;
    if request.headers().get(&shared.config.auth_header)?.is_some() {
        // The caller's own credentials: sent as made, never retried with another token.
        let pending = fetch.call1(&js_sys::global(), &request)?;
        return shared.wait(&Promise::resolve(&pending), None).await;
    }
    let signal = request.signal();
    let mut retried = false;
    loop {
        let used = shared.token(Some(signal.clone())).await?;
        let response = send(&shared, &fetch, &request, &used).await?;
        if retried || !is_auth_error(&shared, &response).await? {
            return Ok(response.into());
        }
        // Expired: refresh once unless another request already did, then retry once.
        let mut s = shared.state.borrow_mut();
        if s.current.as_ref().is_some_and(|t| t.token == used) {
            s.current = None;
            s.refresh_at = None;
            s.timer = None;
        }
        retried = true;
    }
}

fn new_request(input: &JsValue, init: &JsValue) -> Result<Request, JsValue> {
    let constructor = Reflect::get(&js_sys::global(), &JsValue::from_str("Request"))?.dyn_into::<Function>()?;
    let args = js_sys::Array::of2(input, init);
    Reflect::construct(&constructor, &args)?.dyn_into::<Request>()
}

async fn send(shared: &Rc<Shared>, fetch: &Function, request: &Request, token: &str) -> Result<Response, JsValue> {
    let attempt = request.clone()?;
    let scheme = &shared.config.auth_scheme;
    let value = if scheme.is_empty() { token.to_string() } else { text!(scheme, " ", token) };
    attempt.headers().set(&shared.config.auth_header, &value)?;
    // The signal is passed again rather than left to the clone: in Node's fetch (undici) a
    // cloned Request's signal holds the controller that follows the original only weakly,
    // so after a garbage collection an abort no longer reached a request already sent.
    let init = js_sys::Object::new();
    Reflect::set(&init, &JsValue::from_str("signal"), &request.signal())?;
    // `fetch` must be called on the global object ("Illegal invocation" otherwise).
    let pending = fetch.call2(&js_sys::global(), &attempt, &init)?;
    let response = shared.wait(&Promise::resolve(&pending), None).await?.dyn_into::<Response>()?;
    observe_date(shared, &response, token);
    Ok(response)
}

/// Teaches the clock from the `Date` header of a response to a request that carried
/// `token` (see [`crate::refresh::Clock`]); re-arms the refresh timer if the offset moved.
fn observe_date(shared: &Rc<Shared>, response: &Response, token: &str) {
    let Ok(Some(date)) = response.headers().get("date") else { return };
    let ms = Date::parse(&date);
    let changed = {
        let mut s = shared.state.borrow_mut();
        let exp = s.current.as_ref().filter(|t| t.token == token).and_then(|t| t.expires_at).unwrap_or(f64::INFINITY);
        ms.is_finite() && s.clock.observe_date_header(ms / 1000.0, local_now(), exp)
    };
    if changed {
        shared.schedule();
    }
}

/// The app's `isAuthError` (a boolean or a promise of one), or Stream's rule (see
/// [`is_expiry_response`]), on a failed response. The body is read from a clone, only when
/// the decision may depend on it, and at most [`BODY_LIMIT_BYTES`] within [`BODY_WAIT_MS`].
async fn is_auth_error(shared: &Shared, response: &Response) -> Result<bool, JsValue> {
    let status = response.status();
    let custom = shared.hook(|h| h.is_auth_error.clone()).flatten();
    let content_type = response.headers().get("content-type").ok().flatten();
    if let Some(decided) = expiry_without_body(status, content_type.as_deref(), custom.is_some()) {
        return Ok(decided);
    }
    let for_custom = if custom.is_some() { response.clone().ok() } else { None };
    let body = read_some(shared, response).await?;
    match (custom, for_custom) {
        (Some(custom), Some(copy)) => {
            let verdict = custom.call2(&JsValue::UNDEFINED, &copy, &JsValue::from_str(&body));
            match verdict {
                Ok(v) => Ok(shared.wait(&Promise::resolve(&v), None).await.is_ok_and(|v| v.is_truthy())),
                Err(_) if shared.is_disposed() => Err(disposed_error()),
                Err(_) => Ok(false),
            }
        }
        _ => Ok(is_expiry_response(status, &body)),
    }
}

/// Up to [`BODY_LIMIT_BYTES`] of a clone of `response`'s body, read for at most
/// [`BODY_WAIT_MS`]; `""` if it is longer, slower, or unreadable. The clone is cancelled
/// after, so the caller's copy streams on alone.
async fn read_some(shared: &Shared, response: &Response) -> Result<String, JsValue> {
    let Ok(copy) = response.clone() else { return Ok(String::new()) };
    let body = Reflect::get(&copy, &JsValue::from_str("body")).unwrap_or(JsValue::NULL);
    let Some(reader) = method(&body, "getReader").and_then(|f| f.call0(&body).ok()) else {
        return Ok(String::new());
    };
    let Some(read) = method(&reader, "read") else { return Ok(String::new()) };
    let mut timer = None;
    let deadline = Promise::new(&mut |resolve, _| {
        timer = Some(Timeout::new(BODY_WAIT_MS, move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }));
    });
    let mut bytes = Vec::new();
    let complete = loop {
        let Ok(next) = read.call0(&reader) else { break false };
        let racers = js_sys::Array::of2(&next, &deadline);
        let chunk = match shared.wait(&Promise::race(&racers), None).await {
            Ok(chunk) => chunk,
            Err(_) if shared.is_disposed() => return Err(disposed_error()),
            Err(_) => break false,
        };
        // The deadline resolves with `undefined`; a read with `{ done, value }`.
        if !chunk.is_object() {
            break false;
        }
        if Reflect::get(&chunk, &JsValue::from_str("done")).is_ok_and(|d| d.is_truthy()) {
            break true;
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
        let Ok(value) = value.dyn_into::<Uint8Array>() else { break false };
        if bytes.len() + value.length() as usize > BODY_LIMIT_BYTES {
            break false;
        }
        bytes.extend(value.to_vec());
    };
    drop(timer);
    if let Some(cancel) = method(&reader, "cancel") {
        if let Ok(done) = cancel.call0(&reader).and_then(|p| p.dyn_into::<Promise>()) {
            super::silence(&done);
        }
    }
    Ok(if complete { String::from_utf8(bytes).unwrap_or_default() } else { String::new() })
}
