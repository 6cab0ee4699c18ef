//! `provider.fetch`: sends a request with the token, and when the response says the
//! token expired, refreshes once (shared by every request that hit it) and retries once.

use std::rc::Rc;

use super::{local_now, Shared};
use crate::refresh::is_expiry_response;
use js_sys::futures::JsFuture;
use js_sys::{Date, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{Request, Response};

/// The whole exchange for one caller.
pub(super) async fn authed(shared: Rc<Shared>, fetch: Option<Function>, input: JsValue, init: JsValue) -> Result<JsValue, JsValue> {
    let fetch = match fetch {
        Some(f) => f,
        None => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))?.dyn_into::<Function>()?,
    };
    // One Request holds the method, headers, body and signal; every attempt sends a clone,
    // so the body is still there for the retry.
    let request = new_request(&input, &init)?;
    let signal = request.signal();
    let used = shared.token(Some(signal.clone())).await?;
    let response = send(&shared, &fetch, &request, &used).await?;
    if !is_auth_error(&shared, &response).await {
        return Ok(response.into());
    }
    // Expired: refresh once unless another request already did, then retry once.
    {
        let mut s = shared.state.borrow_mut();
        if s.current.as_ref().is_some_and(|t| t.token == used) {
            s.current = None;
            s.refresh_at = None;
            s.timer = None;
        }
    }
    let fresh = shared.token(Some(signal)).await?;
    Ok(send(&shared, &fetch, &request, &fresh).await?.into())
}

fn new_request(input: &JsValue, init: &JsValue) -> Result<Request, JsValue> {
    let constructor = Reflect::get(&js_sys::global(), &JsValue::from_str("Request"))?.dyn_into::<Function>()?;
    let args = js_sys::Array::of2(input, init);
    Reflect::construct(&constructor, &args)?.dyn_into::<Request>()
}

async fn send(shared: &Shared, fetch: &Function, request: &Request, token: &str) -> Result<Response, JsValue> {
    let attempt = request.clone()?;
    let scheme = &shared.config.auth_scheme;
    let value = if scheme.is_empty() { token.to_string() } else { format!("{scheme} {token}") };
    attempt.headers().set(&shared.config.auth_header, &value)?;
    // `fetch` must be called on the global object ("Illegal invocation" otherwise).
    let pending = fetch.call1(&js_sys::global(), &attempt)?;
    let response = JsFuture::from(Promise::resolve(&pending)).await?.dyn_into::<Response>()?;
    if let Ok(Some(date)) = response.headers().get("date") {
        let ms = Date::parse(&date);
        if ms.is_finite() {
            shared.state.borrow_mut().clock.observe_date_header(ms / 1000.0, local_now());
        }
    }
    Ok(response)
}

/// The app's `isAuthError`, or Stream's rule (see [`is_expiry_response`]), on a failed response.
async fn is_auth_error(shared: &Shared, response: &Response) -> bool {
    let status = response.status();
    if status < 400 {
        return false;
    }
    let body = match response.clone().and_then(|copy| copy.text()) {
        Ok(text) => JsFuture::from(text).await.ok().and_then(|v| v.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    match &shared.config.is_auth_error {
        Some(custom) => match response.clone() {
            Ok(copy) => custom.call2(&JsValue::UNDEFINED, &copy, &JsValue::from_str(&body)).is_ok_and(|v| v.is_truthy()),
            Err(_) => false,
        },
        None => is_expiry_response(status, &body),
    }
}
