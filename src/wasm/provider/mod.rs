//! `TokenProvider`: keeps a fresh token from the app's loader, refreshes it ahead of
//! expiry, and wraps `fetch` so requests carry it and are retried once when it expired.
//!
//! The decisions (which token to accept, when to refresh, how long to back off, what
//! time the server thinks it is, what counts as expiry) are pure Rust in
//! [`crate::refresh`]; this module owns the JavaScript resources (timers, listeners,
//! promises) and drops them on `dispose()`.

use crate::prelude::*;

mod fetch;
mod listener;
mod load;
mod options;
mod share;
mod timeout;
mod token;

use core::cell::RefCell;
use alloc::rc::Rc;

use crate::error::ErrorCode;
use crate::refresh::{freshness, refresh_at, token_request, Clock, Freshness, LoadedToken, TokenRequest};
use crate::wasm::convert::kind;
use crate::wasm::error::{throw, to_js};
use js_sys::futures::JsFuture;
use js_sys::{Array, Date, Function, Math, Promise, Reflect};
use listener::Listener;
use options::{Config, Hooks};
use timeout::Timeout;
use wasm_bindgen::prelude::*;

/// `future` as a JavaScript promise. Boxed first, so that js-sys's executor code is built
/// once for all the provider's futures rather than once per future type (the copies cost
/// 0.8 KB gzipped together).
fn promise(future: impl core::future::Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: core::pin::Pin<alloc::boxed::Box<dyn core::future::Future<Output = Result<JsValue, JsValue>>>> = alloc::boxed::Box::pin(future);
    js_sys::futures::future_to_promise(boxed)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `new TokenProvider(loader, options)`. */
export interface TokenProviderOptions {
  /** A token to start with, used while it is fresh. */
  token?: string;
  /** The user the tokens must be for: a token for anyone else is refused (`provider_invalid_token`). */
  userId?: string;
  /** Seconds before `exp` to refresh (default 60; at most a quarter of the token's lifetime). */
  refreshMargin?: number;
  /** Seconds of clock difference to forgive (default 0). */
  clockTolerance?: number;
  /** Times a failing loader is retried (default 3). */
  retries?: number;
  /** First retry delay in ms (default 500), doubled each retry, with jitter. */
  retryDelay?: number;
  /** Longest retry delay in ms (default 30000). */
  maxRetryDelay?: number;
  /** Header that carries the token (default "Authorization"). */
  authHeader?: string;
  /** Scheme before the token (default "Bearer"); "" sends the raw token, as Stream's API expects. */
  authScheme?: string;
  /** Milliseconds a load may take before it counts as a failed attempt (default 30000; 0: no limit).
   * The loader's signal is then aborted. */
  loadTimeout?: number;
  /** Whether a failed response (status >= 400) means the token expired. Default: HTTP 401 without a
   * JSON `code`, or a JSON body with Stream's code 40. `body` is at most 16 KiB read within 1 s ("" past that). */
  isAuthError?: (response: Response, body: string) => boolean | Promise<boolean>;
  /** Called with each new token. */
  onToken?: (token: string) => void;
  /** Called when loading fails for good (a `TokenError`). */
  onError?: (error: Error & { code: string; cause?: unknown }) => void;
  /** The fetch to use (default: globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** A name: providers with the same one in every tab, window and worker of this origin share
   * one token and one refresh (Web Locks and BroadcastChannel; per provider where those are missing). */
  share?: string;
}
"#;

/// The state behind one `TokenProvider`, shared (weakly, by timers and listeners) with
/// the futures and callbacks it starts.
pub(crate) struct Shared {
    config: Config,
    /// The app's functions, dropped on `dispose()`.
    hooks: RefCell<Option<Hooks>>,
    state: RefCell<State>,
    /// Its share's channel and locks (`share`), where the platform has them.
    peer: RefCell<Option<share::Peer>>,
}

#[derive(Default)]
struct State {
    current: Option<LoadedToken>,
    refresh_at: Option<f64>,
    clock: Clock,
    /// The load under way: every caller waits on this one promise.
    load: Option<Promise>,
    /// The `AbortController` whose signal the loader call under way received.
    load_abort: Option<JsValue>,
    timer: Option<Timeout>,
    listeners: Vec<Listener>,
    /// How to end every wait under way (each `wait` adds its `reject`, and removes it
    /// when done): `dispose()` calls them all, so no future outlives the provider.
    waiters: Vec<(u32, Function)>,
    next_waiter: u32,
    /// Releases the share's lock this provider holds or waits for.
    release: Option<Function>,
    disposed: bool,
}

/// A token now, or a promise of one.
enum Next {
    Now(String),
    Later(Promise),
}

fn local_now() -> f64 {
    Date::now() / 1000.0
}

fn disposed_error() -> JsValue {
    throw(ErrorCode::Disposed, "This TokenProvider was disposed. Create a new one to load tokens again.")
}

/// A function that ignores what it is called with, for `promise.catch(…)` of background
/// promises: the built-in `Boolean`, not a Rust closure, so that nothing calls into a
/// provider after it is gone.
fn ignore() -> Option<Function> {
    listener::method(&js_sys::global(), "Boolean")
}

#[inline(never)]
fn silence(promise: &Promise) {
    if let (Some(f), Some(catch)) = (ignore(), listener::method(promise, "catch")) {
        let _ = catch.call1(promise, &f);
    }
}

impl Shared {
    fn is_disposed(&self) -> bool {
        self.state.borrow().disposed
    }

    /// One of the app's functions (cloned, so no borrow is held while it runs).
    fn hook<T>(&self, pick: impl FnOnce(&Hooks) -> T) -> Option<T> {
        self.hooks.borrow().as_ref().map(pick)
    }

    /// The token to use now, or the load to wait for.
    fn next(self: &Rc<Self>) -> Result<Next, JsValue> {
        let (fresh, token, loading) = {
            let s = self.state.borrow();
            if s.disposed {
                return Err(disposed_error());
            }
            match &s.current {
                Some(t) => (freshness(t.deadline(&s.clock), s.refresh_at, local_now(), self.config.policy.clock_tolerance), Some(t.token.clone()), s.load.clone()),
                None => (Freshness::Expired, None, s.load.clone()),
            }
        };
        match (fresh, token, loading) {
            // A refresh is under way: wait for it rather than send the old token.
            (Freshness::Fresh | Freshness::RefreshNow, Some(token), Some(load)) => Ok(Next::Later(self.fall_back_to(load, token))),
            (Freshness::Fresh, Some(token), None) => Ok(Next::Now(token)),
            // Past the refresh time (a timer that slept): refresh now, keeping the
            // still-valid token in case the load fails.
            (Freshness::RefreshNow, Some(token), None) => {
                let load = self.start_load();
                Ok(Next::Later(self.fall_back_to(load, token)))
            }
            _ => Ok(Next::Later(self.start_load())),
        }
    }

    /// `load`'s token, or `token` (still valid) if the load fails.
    fn fall_back_to(self: &Rc<Self>, load: Promise, token: String) -> Promise {
        let shared = Rc::clone(self);
        promise(async move {
            match shared.wait(&load, None).await {
                Ok(fresh) if fresh.is_string() => Ok(fresh),
                _ if shared.is_disposed() => Err(disposed_error()),
                _ => {
                    let usable = shared.state.borrow().current.as_ref().is_some_and(|t| t.token == token)
                        && !matches!(shared.current_freshness(), Freshness::Expired);
                    if usable {
                        Ok(JsValue::from_str(&token))
                    } else {
                        let load = shared.start_load();
                        shared.wait(&load, None).await
                    }
                }
            }
        })
    }

    fn current_freshness(&self) -> Freshness {
        self.fresh(&self.state.borrow())
    }

    fn fresh(&self, s: &State) -> Freshness {
        match &s.current {
            Some(t) => freshness(t.deadline(&s.clock), s.refresh_at, local_now(), self.config.policy.clock_tolerance),
            None => Freshness::Expired,
        }
    }

    /// Starts a load unless one is under way; either way returns the shared promise.
    /// The loader is called synchronously, so a wake-up event starts it at once.
    fn start_load(self: &Rc<Self>) -> Promise {
        if let Some(load) = self.state.borrow().load.clone() {
            return load;
        }
        if self.is_disposed() {
            return Promise::reject(&disposed_error());
        }
        let promise = if self.peer.borrow().is_some() {
            let stale = self.state.borrow().current.as_ref().map(|t| t.token.clone());
            promise(share::run(Rc::clone(self), stale))
        } else {
            let first = load::call_loader(self);
            promise(load::run(Rc::clone(self), first))
        };
        silence(&promise);
        self.state.borrow_mut().load = Some(promise.clone());
        promise
    }

    /// Waits for `next()` while honouring `signal` and disposal.
    async fn token(self: &Rc<Self>, signal: Option<web_sys::AbortSignal>) -> Result<String, JsValue> {
        if let Some(signal) = &signal {
            if signal.aborted() {
                return Err(signal.reason());
            }
        }
        let value = match self.next()? {
            Next::Now(token) => return Ok(token),
            Next::Later(promise) => self.wait(&promise, signal.as_ref()).await?,
        };
        value.as_string().ok_or_else(disposed_error)
    }

    /// `token()` as a promise. With `handed_out` (the memory of a token function, see
    /// `asTokenProvider`): a call while this provider still holds the token that function
    /// handed out last means Stream refused it, so it refreshes (joining a load under way)
    /// instead of handing it back ([`token_request`]); either way the function remembers
    /// what it hands out. `getToken` and token functions share this one future.
    fn token_promise(self: &Rc<Self>, signal: Option<web_sys::AbortSignal>, handed_out: Option<Rc<RefCell<Option<String>>>>) -> Promise {
        let shared = Rc::clone(self);
        promise(async move {
            let refused = handed_out.as_ref().is_some_and(|last| {
                let s = shared.state.borrow();
                token_request(last.borrow().as_deref(), s.current.as_ref().map(|t| t.token.as_str())) == TokenRequest::Refresh
            });
            let token = if refused {
                let load = shared.start_load();
                shared.wait(&load, None).await?.as_string().ok_or_else(disposed_error)?
            } else {
                shared.token(signal).await?
            };
            if let Some(last) = handed_out {
                last.replace(Some(token.clone()));
            }
            Ok(token.into())
        })
    }

    /// `promise`, unless `signal` aborts or the provider is disposed first. Every await
    /// on a promise that may never settle (the loader's, a request's, a body's) goes
    /// through here, so `dispose()` ends them all.
    async fn wait(&self, promise: &Promise, signal: Option<&web_sys::AbortSignal>) -> Result<JsValue, JsValue> {
        // Whatever happens to this wait, `promise` (the loader's, a request's) is handled:
        // its rejection after `dispose()` must not surface as an unhandled rejection.
        silence(promise);
        let mut cancel = None;
        let cancelled = Promise::new(&mut |_, reject| cancel = Some(reject));
        let id = {
            let mut s = self.state.borrow_mut();
            if s.disposed {
                return Err(disposed_error());
            }
            let id = s.next_waiter;
            s.next_waiter = id.wrapping_add(1);
            if let Some(cancel) = cancel {
                s.waiters.push((id, cancel));
            }
            id
        };
        let racers = Array::of2(promise, &cancelled);
        let mut abort_listener = None;
        if let Some(signal) = signal {
            let signal_for_reason = signal.clone();
            let abort = Promise::new(&mut |_, reject| {
                let signal_for_reason = signal_for_reason.clone();
                abort_listener = Listener::new(signal, "abort", move |_| {
                    let _ = reject.call1(&JsValue::UNDEFINED, &signal_for_reason.reason());
                });
            });
            racers.push(&abort);
        }
        let result = JsFuture::from(Promise::race(&racers)).await;
        drop(abort_listener);
        self.state.borrow_mut().waiters.retain(|(w, _)| *w != id);
        result
    }

    /// Sleeps `ms` milliseconds, or (`None`) until the `online` event; `dispose()` ends it
    /// (with `disposed`).
    async fn sleep(&self, ms: Option<f64>) -> Result<(), JsValue> {
        let mut timer = None;
        let mut online = None;
        let woken = Promise::new(&mut |resolve, _| match ms {
            Some(ms) => {
                timer = Some(Timeout::new(ms, move || {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }));
            }
            None => {
                let global: JsValue = js_sys::global().into();
                let wake = resolve.clone();
                online = Listener::new(&global, "online", move |_| {
                    let _ = wake.call0(&JsValue::UNDEFINED);
                });
                if online.is_none() {
                    let _ = resolve.call0(&JsValue::UNDEFINED); // nowhere to hear `online` from: at once
                }
            }
        });
        let result = self.wait(&woken, None).await;
        drop((timer, online));
        result.map(|_| ())
    }

    /// Works out when to refresh the current token and arms the timer for it.
    fn schedule(self: &Rc<Self>) {
        {
            let mut s = self.state.borrow_mut();
            let now = local_now();
            s.refresh_at = s.current.as_ref().and_then(|t| refresh_at(t.deadline(&s.clock), t.arrived, now, self.config.policy.refresh_margin, Math::random()));
        }
        self.arm();
    }

    /// (Re-)arms the refresh timer against the wall clock.
    fn arm(self: &Rc<Self>) {
        let mut s = self.state.borrow_mut();
        s.timer = None;
        if s.disposed {
            return;
        }
        if let Some(at) = s.refresh_at {
            let delay_ms = (at - local_now()) * 1000.0;
            let weak = Rc::downgrade(self);
            s.timer = Some(Timeout::new(delay_ms, move || {
                if let Some(shared) = weak.upgrade() {
                    shared.recheck();
                }
            }));
        }
    }

    /// On the timer and on wake-up events: refresh now if due, else re-arm the timer
    /// (a timer that slept with the machine fires late; the wall clock decides).
    fn recheck(self: &Rc<Self>) {
        if self.is_disposed() || self.state.borrow().current.is_none() {
            return;
        }
        match self.current_freshness() {
            Freshness::Fresh => self.arm(),
            Freshness::RefreshNow | Freshness::Expired => {
                let _ = self.start_load();
            }
        }
    }

    /// Listens for the moments a sleeping timer may have missed its time.
    fn listen(self: &Rc<Self>) {
        let global = js_sys::global();
        let document = Reflect::get(&global, &JsValue::from_str("document")).unwrap_or(JsValue::UNDEFINED);
        let mut listeners = Vec::new();
        for (target, event) in [(&document, "visibilitychange"), (global.as_ref(), "focus"), (global.as_ref(), "online"), (global.as_ref(), "pageshow")] {
            let weak = Rc::downgrade(self);
            listeners.extend(Listener::new(target, event, move |_| {
                if let Some(shared) = weak.upgrade() {
                    shared.recheck();
                }
            }));
        }
        self.state.borrow_mut().listeners = listeners;
    }

    fn emit(callback: Option<Function>, value: &JsValue) {
        if let Some(f) = callback {
            let _ = f.call1(&JsValue::UNDEFINED, value);
        }
    }

    /// Ends everything: timers, listeners, the load (its signal aborted), every wait (with
    /// `disposed`), and drops the app's functions. Safe to call again.
    fn dispose(&self) {
        let (waiters, abort, release) = {
            let mut s = self.state.borrow_mut();
            if s.disposed {
                return;
            }
            s.disposed = true;
            s.current = None;
            s.refresh_at = None;
            s.timer = None;
            s.load = None;
            s.listeners.clear();
            (core::mem::take(&mut s.waiters), s.load_abort.take(), s.release.take())
        };
        drop(self.hooks.borrow_mut().take());
        drop(self.peer.borrow_mut().take());
        Self::emit(release, &JsValue::UNDEFINED);
        let error = disposed_error();
        if let Some(controller) = abort {
            load::abort(&controller, &error);
        }
        for (_, reject) in waiters {
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        }
    }
}

/// The `signal` of `getToken`'s options: absent, or an `AbortSignal`; anything else is
/// `invalid_options` (a signal that silently did nothing would be worse).
fn signal_option(options: &JsValue) -> Result<Option<web_sys::AbortSignal>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let bad = |got: String| throw(ErrorCode::InvalidOptions, text!("getToken's options are { signal?: AbortSignal } (got ", got, ")."));
    if !options.is_object() {
        return Err(bad(kind(options)));
    }
    let signal = Reflect::get(options, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED);
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    signal.dyn_into::<web_sys::AbortSignal>().map(Some).map_err(|v| bad(text!("a signal that is ", kind(&v))))
}

/// Keeps a fresh user token from your loader, refreshes it before it expires, and
/// wraps `fetch` so every request carries it and is retried once when it expired.
///
/// @example
/// ```js
/// const provider = new TokenProvider(async () => (await fetch('/chat-token')).text(), { authScheme: '' });
/// const res = await provider.fetch('https://chat.stream-io-api.com/channels');
/// // later: provider.dispose();
/// ```
#[wasm_bindgen]
pub struct TokenProvider {
    /// `None` once disposed: the provider then holds nothing but this empty cell, which
    /// wasm-bindgen's finalizer frees when the object is garbage collected.
    shared: RefCell<Option<Rc<Shared>>>,
}

impl TokenProvider {
    fn live(&self) -> Option<Rc<Shared>> {
        self.shared.borrow().clone()
    }
}

#[wasm_bindgen]
impl TokenProvider {
    /// `loader` returns a token (or a promise of one), usually by calling your backend;
    /// it receives `{ signal }`, an `AbortSignal` aborted when its load is abandoned
    /// (`loadTimeout`, `dispose()`). Throws `invalid_options` for bad options and
    /// `provider_invalid_token` when the initial `token` is not a token for `userId`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "(context: { signal: AbortSignal }) => string | Promise<string>")] loader: JsValue,
        options: Option<ProviderOptionsArg>,
    ) -> Result<TokenProvider, JsValue> {
        let loader = loader.dyn_into::<Function>().map_err(|v| {
            throw(
                ErrorCode::InvalidOptions,
                text!("TokenProvider needs a loader: a function that returns a token or a promise of one, e.g. async () => (await fetch('/token')).text() (got ", kind(&v), ")."),
            )
        })?;
        let (config, hooks) = options::read(&options.map(JsValue::from).unwrap_or_default(), loader)?;
        let mut state = State::default();
        if let Some(token) = &config.token {
            // An expired initial token is fine (the first call loads a new one); a wrong one is a bug.
            state.current = Some(token::check_loaded(token, config.user_id.as_deref(), &state.clock, local_now(), f64::INFINITY).map_err(to_js)?);
        }
        let shared = Rc::new(Shared { config, hooks: RefCell::new(Some(hooks)), state: RefCell::new(state), peer: RefCell::default() });
        if let Some(name) = &shared.config.share {
            let peer = share::join(&shared, name);
            *shared.peer.borrow_mut() = peer;
        }
        shared.schedule();
        shared.listen();
        Ok(TokenProvider { shared: RefCell::new(Some(shared)) })
    }

    /// The current token if it is fresh; otherwise waits for the one load under way
    /// (starting it if needed). `signal` cancels this caller's wait only.
    #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<string>")]
    pub fn get_token(&self, #[wasm_bindgen(unchecked_param_type = "{ signal?: AbortSignal } | void")] options: Option<js_sys::Object>) -> Promise {
        let signal = match signal_option(&options.map(JsValue::from).unwrap_or_default()) {
            Ok(signal) => signal,
            Err(e) => return Promise::reject(&e),
        };
        match self.live() {
            Some(shared) => shared.token_promise(signal, None),
            None => Promise::reject(&disposed_error()),
        }
    }

    /// `fetch(input, init)` with the token in the auth header. A response that means the
    /// token expired triggers one refresh (shared with every request that hit it) and one
    /// retry; a second failure is returned as it is. A request that already carries the
    /// auth header is sent as it is, and never retried.
    #[wasm_bindgen(unchecked_return_type = "Promise<Response>")]
    pub fn fetch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestInfo | URL")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RequestInit | void")] init: Option<js_sys::Object>,
    ) -> Promise {
        promise(fetch::authed(self.live(), None, input, init.map(JsValue::from).unwrap_or_default()))
    }

    /// A `fetch`-compatible function that goes through this provider using `fetch` to send.
    #[wasm_bindgen(js_name = wrapFetch, unchecked_return_type = "(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>")]
    pub fn wrap_fetch(&self, #[wasm_bindgen(unchecked_param_type = "typeof globalThis.fetch")] fetcher: JsValue) -> Result<Function, JsValue> {
        let fetcher = fetcher.dyn_into::<Function>().map_err(|v| {
            throw(ErrorCode::InvalidOptions, text!("wrapFetch needs the fetch function to send with, e.g. provider.wrapFetch(fetch) (got ", kind(&v), ")."))
        })?;
        let shared = self.live();
        let wrapped = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(move |input: JsValue, init: JsValue| {
            promise(fetch::authed(shared.clone(), Some(fetcher.clone()), input, init))
        });
        Ok(wrapped.into_js_value().unchecked_into())
    }

    /// A token provider function for Stream's clients: `client.connectUser(user,
    /// provider.asTokenProvider())` in stream-chat, `tokenProvider` in the video client.
    /// Those clients call it again only when Stream's API refused the token, so each
    /// function remembers the token it handed out last: called while this provider still
    /// holds that token, it refreshes (joining a refresh under way) instead of handing it
    /// back; otherwise it resolves like `getToken()`. Give each client its own function.
    ///
    /// @example
    /// ```js
    /// const provider = new TokenProvider(async () => (await fetch('/chat-token')).text(), { userId: 'john' });
    /// await chatClient.connectUser({ id: 'john' }, provider.asTokenProvider());
    /// const video = new StreamVideoClient({ apiKey, user: { id: 'john' }, tokenProvider: provider.asTokenProvider() });
    /// ```
    #[wasm_bindgen(js_name = asTokenProvider, unchecked_return_type = "() => Promise<string>")]
    pub fn as_token_provider(&self) -> Function {
        let shared = self.live();
        let handed_out = Rc::default();
        // The signature of wrapFetch's closure, so wasm-bindgen adds no new glue for it
        // (Stream's clients pass no arguments). `into_js_value`: the closure is freed when
        // the function is garbage collected.
        let call = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(move |_: JsValue, _: JsValue| match &shared {
            Some(shared) => shared.token_promise(None, Some(Rc::clone(&handed_out))),
            None => Promise::reject(&disposed_error()),
        });
        call.into_js_value().unchecked_into()
    }

    /// Loads a new token now (joining a load already under way) and resolves to it.
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn refresh(&self) -> Promise {
        let Some(shared) = self.live() else {
            return Promise::reject(&disposed_error());
        };
        let load = shared.start_load();
        promise(async move { shared.wait(&load, None).await })
    }

    /// Forgets the current token: the next call loads a new one. (A load already under way
    /// is not started again: the token it brings is new, and the next call waits for it.)
    pub fn invalidate(&self) {
        if let Some(shared) = self.live() {
            let mut s = shared.state.borrow_mut();
            s.current = None;
            s.refresh_at = None;
            s.timer = None;
        }
    }

    /// Clears every timer and listener, aborts the load under way, rejects every pending
    /// call with `disposed` and lets go of the loader and callbacks; later calls reject
    /// with `disposed` too. `free()` and `[Symbol.dispose]()` do the same; any of them
    /// may be called any number of times, in any order.
    pub fn dispose(&self) {
        let shared = self.shared.borrow_mut().take();
        if let Some(shared) = shared {
            shared.dispose();
        }
    }

    /// The current token, or `null`.
    #[wasm_bindgen(getter)]
    pub fn token(&self) -> Option<String> {
        self.live()?.state.borrow().current.as_ref().map(|t| t.token.clone())
    }

    /// The current token's `exp` (unix seconds), or `null`.
    #[wasm_bindgen(getter = expiresAt)]
    pub fn expires_at(&self) -> Option<f64> {
        self.live()?.state.borrow().current.as_ref().and_then(|t| t.expires_at)
    }

    /// Seconds to add to this machine's clock to get the server's: the median of the
    /// last `Date` headers of responses to authorized requests (see the README's clock rule).
    #[wasm_bindgen(getter = clockOffset)]
    pub fn clock_offset(&self) -> f64 {
        self.live().map_or(0.0, |shared| shared.state.borrow().clock.offset())
    }
}

#[wasm_bindgen(raw_module = "./tokenkit_provider.js")]
extern "C" {
    /// This very module's `TokenProvider` class (the glue imports itself), for `start`.
    #[wasm_bindgen(thread_local_v2, js_name = TokenProvider)]
    static CLASS: JsValue;
}

/// Runs once when the WebAssembly is instantiated: `free()` and `[Symbol.dispose]()` become
/// `dispose()`. wasm-bindgen's own `free` throws when called twice or before `dispose()`
/// of a provider with pending work; this one cannot, and the emptied object is freed by
/// wasm-bindgen's finalizer when it is garbage collected.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    CLASS.with(|class| {
        let Ok(prototype) = Reflect::get(class, &JsValue::from_str("prototype")) else { return };
        let Ok(dispose) = Reflect::get(&prototype, &JsValue::from_str("dispose")) else { return };
        let _ = Reflect::set(&prototype, &JsValue::from_str("free"), &dispose);
        let symbol = Reflect::get(&js_sys::global(), &JsValue::from_str("Symbol")).and_then(|s| Reflect::get(&s, &JsValue::from_str("dispose")));
        if let Ok(symbol) = symbol {
            if !symbol.is_undefined() {
                let _ = Reflect::set(&prototype, &symbol, &dispose);
            }
        }
    });
}

#[wasm_bindgen]
extern "C" {
    /// The options object of `new TokenProvider`, typed `TokenProviderOptions`.
    #[wasm_bindgen(typescript_type = "TokenProviderOptions")]
    pub type ProviderOptionsArg;
}
