//! `share`: providers of one name, in every tab, window and worker of an origin, share one
//! token and one refresh. A load takes the Web Lock `tokenkit:<name>` first, so one
//! provider loads at a time; the one that loads posts the token on the BroadcastChannel
//! `tokenkit:<name>`, and the others take it. Holding the lock, a provider whose token was
//! already replaced by a peer's uses that one; else it asks its peers (`["ask"]`), gives
//! them [`ASK_MS`] to answer with a fresh token (`["token", token, arrived]`), and only
//! then calls its own loader. A tab closed while it loads releases the lock, and the next
//! one in line loads. Nothing is written to storage.

use crate::prelude::*;
use alloc::rc::Rc;

use super::listener::{method, Listener};
use super::{load, local_now, silence, Shared};
use super::token::check_loaded;
use crate::refresh::{freshness, Freshness};
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;

/// How long a provider that holds the lock waits for a peer's fresh token before it loads.
const ASK_MS: f64 = 150.0;

/// This provider's membership of a share: its channel, and the lock manager.
pub(crate) struct Peer {
    channel: JsValue,
    _listener: Option<Listener>,
    locks: JsValue,
    name: JsValue,
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Some(close) = method(&self.channel, "close") {
            let _ = close.call0(&self.channel);
        }
    }
}

/// Joins the share `name`, or `None` where `navigator.locks` or `BroadcastChannel` is
/// missing (Node, old browsers): the provider then loads for itself.
pub(super) fn join(shared: &Rc<Shared>, name: &str) -> Option<Peer> {
    let global: JsValue = js_sys::global().into();
    let navigator = Reflect::get(&global, &JsValue::from_str("navigator")).ok().filter(JsValue::is_object)?;
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok().filter(JsValue::is_object)?;
    let constructor = method(&global, "BroadcastChannel")?;
    let name = JsValue::from_str(&text!("tokenkit:", name));
    let channel = Reflect::construct(&constructor, &Array::of1(&name)).ok()?;
    let weak = Rc::downgrade(shared);
    let listener = Listener::new(&channel, "message", move |event| {
        if let Some(shared) = weak.upgrade() {
            let data = Reflect::get(&event, &JsValue::from_str("data")).unwrap_or_default();
            heard(&shared, &data);
        }
    });
    Some(Peer { channel, _listener: listener, locks, name })
}

impl Peer {
    fn post(&self, message: &Array) {
        if let Some(post) = method(&self.channel, "postMessage") {
            let _ = post.call1(&self.channel, message);
        }
    }

    /// Tells the peers about a token this provider loaded (or holds, when asked).
    pub(super) fn offer(&self, token: &str, arrived: f64) {
        self.post(&Array::of3(&JsValue::from_str("token"), &JsValue::from_str(token), &JsValue::from_f64(arrived)));
    }
}

/// A message from a peer: answer an ask with a fresh token, take a fresh token offered.
fn heard(shared: &Rc<Shared>, data: &JsValue) {
    let field = |i: u32| Reflect::get_u32(data, i).unwrap_or_default();
    match field(0).as_string().as_deref() {
        Some("ask") => {
            let offer = {
                let s = shared.state.borrow();
                s.current.as_ref().filter(|_| shared.fresh(&s) == Freshness::Fresh).map(|t| (t.token.clone(), t.arrived))
            };
            if let (Some((token, arrived)), Some(peer)) = (offer, shared.peer.borrow().as_ref()) {
                peer.offer(&token, arrived);
            }
        }
        Some("token") => {
            let (Some(token), Some(arrived)) = (field(1).as_string(), field(2).as_f64()) else { return };
            let adopted = {
                let mut s = shared.state.borrow_mut();
                let tolerance = shared.config.policy.clock_tolerance;
                let Ok(offered) = check_loaded(&token, shared.config.user_id.as_deref(), &s.clock, arrived.min(local_now()), tolerance) else { return };
                let better = match &s.current {
                    None => true,
                    Some(t) => t.token != offered.token && (shared.fresh(&s) != Freshness::Fresh || offered.expires_at > t.expires_at),
                };
                let usable = freshness(offered.deadline(&s.clock), None, local_now(), tolerance) == Freshness::Fresh;
                if better && usable {
                    s.current = Some(offered);
                }
                better && usable
            };
            if adopted {
                shared.schedule();
                Shared::emit(shared.hook(|h| h.on_token.clone()).flatten(), &JsValue::from_str(&token));
            }
        }
        _ => {}
    }
}

/// A load of a shared provider, replacing `stale` (the token it held when the load
/// started): in turn with its peers, under the lock.
pub(super) async fn run(shared: Rc<Shared>, stale: Option<String>) -> Result<JsValue, JsValue> {
    // The borrow ends here, before any await: dispose() takes `peer` mutably, and a borrow
    // held across the load below would make that a panic (a trap, in the wasm).
    let peer = shared.peer.borrow().as_ref().map(|peer| (peer.locks.clone(), peer.name.clone()));
    let Some((locks, name)) = peer else {
        return load::run(Rc::clone(&shared), load::call_loader(&shared)).await;
    };
    // The lock is held until `release` is called (after this load, or on dispose()).
    let mut release = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut grant = None;
    let granted = Promise::new(&mut |resolve, _| grant = Some(resolve));
    let callback = Closure::once_into_js(move |_: JsValue| -> JsValue {
        if let Some(grant) = &grant {
            let _ = grant.call0(&JsValue::UNDEFINED);
        }
        held.into()
    });
    if let Some(request) = method(&locks, "request") {
        if let Ok(pending) = request.call2(&locks, &name, &callback) {
            if let Ok(pending) = pending.dyn_into::<Promise>() {
                silence(&pending);
            }
        }
    }
    shared.state.borrow_mut().release = release.clone();
    let result = turn(&shared, stale.as_deref(), &granted).await;
    if let Some(release) = shared.state.borrow_mut().release.take().or(release) {
        let _ = release.call0(&JsValue::UNDEFINED);
    }
    result
}

async fn turn(shared: &Rc<Shared>, stale: Option<&str>, granted: &Promise) -> Result<JsValue, JsValue> {
    shared.wait(granted, None).await?;
    for ask in [false, true] {
        if ask {
            if let Some(peer) = shared.peer.borrow().as_ref() {
                peer.post(&Array::of1(&JsValue::from_str("ask")));
            }
            shared.sleep(Some(ASK_MS)).await?;
        }
        // A peer already replaced the token this load was for: use theirs.
        let taken = {
            let s = shared.state.borrow();
            s.current.as_ref().filter(|t| Some(t.token.as_str()) != stale && shared.fresh(&s) == Freshness::Fresh).map(|t| t.token.clone())
        };
        if let Some(token) = taken {
            shared.state.borrow_mut().load = None;
            return Ok(token.into());
        }
    }
    load::run(Rc::clone(shared), load::call_loader(shared)).await
}
