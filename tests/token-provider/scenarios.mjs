// The TokenProvider's behaviours, one scenario each, run unchanged in Node and in Chromium
// against tests/token-provider/server.mjs. Each throws when its behaviour is missing: they
// count the loader's calls and look at the tokens the server actually received.
//
// ctx: { TokenProvider, TokenError, base (server URL), control(patch) → server state }
// Run them with runScenario, which disposes every provider a scenario made, even when it
// fails (an undisposed provider's refresh timer would keep a Node test process alive).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const check = (ok, message) => {
  if (!ok) throw new Error(message);
};
const loaderFor = (base, { ttl = 60, user = 'john' } = {}) => async ({ signal } = {}) => {
  const res = await fetch(`${base}/token?ttl=${ttl}&user=${user}`, { signal });
  if (!res.ok) throw new Error(`token service answered ${res.status}`);
  return res.text();
};
const reset = (control, set = {}) => control({ reset: true, set });
const payloadOf = (token) => JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));

async function rejectsWith(TokenError, promise, code) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof TokenError && e.code === code, `expected TokenError ${code}, got ${e?.name}: ${e?.code ?? e}`);
    return e;
  }
  throw new Error(`expected TokenError ${code}, but it resolved`);
}

/** Runs one scenario; every provider it made is disposed afterwards, pass or fail. */
export async function runScenario(name, ctx) {
  const made = [];
  function TokenProvider(...args) {
    const p = new ctx.TokenProvider(...args);
    made.push(p);
    return p;
  }
  try {
    await scenarios[name]({ ...ctx, TokenProvider });
  } finally {
    for (const p of made) p.dispose();
  }
}

export const scenarios = {
  async 'single flight: 50 concurrent getToken() share one load'({ TokenProvider, base, control }) {
    await reset(control, { slowMs: 100 });
    const p = new TokenProvider(loaderFor(base));
    const tokens = await Promise.all(Array.from({ length: 50 }, () => p.getToken()));
    const { loads } = await control({});
    p.dispose();
    check(loads === 1, `loader ran ${loads} times`);
    check(new Set(tokens).size === 1, 'callers got different tokens');
  },

  async 'refreshes ahead of expiry, before any request fails'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base, { ttl: 4 }));
    const first = await p.getToken();
    await sleep(3600); // refresh at exp − 1 s (a quarter of a 4 s lifetime) at the latest
    const { loads } = await control({});
    const second = await p.getToken();
    p.dispose();
    check(loads === 2, `loader ran ${loads} times in 3.6 s of a 4 s token`);
    check(second !== first, 'still the first token');
  },

  async 'never hands out a token within a second of expiry'({ TokenProvider, base, control }) {
    await reset(control);
    const now = Math.floor(Date.now() / 1000);
    // An initial token that expires in 1 s: getToken must load a new one, not return it.
    const res = await fetch(`${base}/token?ttl=1`);
    const initial = await res.text();
    await reset(control);
    const p = new TokenProvider(loaderFor(base, { ttl: 60 }), { token: initial });
    const got = await p.getToken();
    p.dispose();
    check(got !== initial, 'handed out a token about to expire');
    check(payloadOf(got).exp >= now + 59, 'the new token is not the 60 s one');
  },

  async '200 concurrent requests across an expiry: one refresh, all succeed'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base));
    await p.getToken();
    // The server now treats every token issued so far as expired (Stream: 401, code 40).
    const { serverNow } = await control({});
    await control({ set: { revokedBefore: Math.floor(serverNow) + 1 } });
    await sleep(1100); // the next token's iat must be after revokedBefore
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => p.fetch(`${base}/api/echo`, { method: 'POST', body: `#${i}` })));
    const state = await control({});
    p.dispose();
    check(responses.every((r) => r.status === 200), `statuses: ${[...new Set(responses.map((r) => r.status))]}`);
    check(state.loads === 2, `loader ran ${state.loads} times (1 + one refresh expected)`);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    check(bodies.every((b, i) => b.body === `#${i}`), 'a request body was lost on retry');
    check(state.requests.filter((r) => r.status === 401).length === 200, 'not every request met the expiry');
  },

  async 'an always-expired API: one refresh, one retry, then the 401 is returned'({ TokenProvider, base, control }) {
    await reset(control, { alwaysExpired: true });
    const p = new TokenProvider(loaderFor(base), { retries: 0 });
    const res = await p.fetch(`${base}/api/echo`);
    const state = await control({});
    p.dispose();
    check(res.status === 401, `status ${res.status}`);
    check(state.loads === 2, `loader ran ${state.loads} times`);
    check(state.requests.length === 2, `${state.requests.length} API calls (one retry expected)`);
  },

  async '403 and invalid signature (code 43) do not refresh'({ TokenProvider, base, control }) {
    for (const set of [{ forbid: true }, { invalidSignature: true }]) {
      await reset(control, set);
      const p = new TokenProvider(loaderFor(base));
      const res = await p.fetch(`${base}/api/echo`);
      const state = await control({});
      p.dispose();
      check(res.status === (set.forbid ? 403 : 401), `status ${res.status}`);
      check(state.loads === 1 && state.requests.length === 1, `${JSON.stringify(set)}: ${state.loads} loads, ${state.requests.length} calls`);
    }
  },

  async 'requests started during a refresh wait for the new token'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base));
    const old = await p.getToken();
    await control({ set: { slowMs: 300 } });
    await sleep(1100); // a new token will have a later iat, so it differs
    const refreshing = p.refresh();
    const res = await p.fetch(`${base}/api/echo`);
    const fresh = await refreshing;
    const state = await control({});
    p.dispose();
    check(res.status === 200, `status ${res.status}`);
    check(fresh !== old, 'refresh returned the old token');
    check(state.requests[0].token === fresh, 'the request went out with the old token');
  },

  async 'loader failures are retried with back-off'({ TokenProvider, base, control }) {
    await reset(control, { failNext: 2 });
    const p = new TokenProvider(loaderFor(base), { retries: 3, retryDelay: 100 });
    const started = Date.now();
    const token = await p.getToken();
    const elapsed = Date.now() - started;
    const { loads } = await control({});
    p.dispose();
    check(typeof token === 'string' && loads === 3, `${loads} loads`);
    // Two waits: 100 ms then 200 ms, each scaled by 50–100 %: at least 150 ms in all.
    check(elapsed >= 140, `retried after ${elapsed} ms in all: no back-off`);
  },

  async 'a loader that keeps failing gives provider_failed with the cause, then starts over'({ TokenProvider, TokenError, base, control }) {
    await reset(control, { failNext: 3 });
    const errors = [];
    const p = new TokenProvider(loaderFor(base), { retries: 2, retryDelay: 10, onError: (e) => errors.push(e.code) });
    const waiting = [p.getToken(), p.getToken()];
    for (const w of waiting) {
      const e = await rejectsWith(TokenError, w, 'provider_failed');
      check(String(e.cause?.message).includes('500'), `cause: ${e.cause}`);
    }
    const token = await p.getToken(); // the service is back: the next call tries again
    const { loads } = await control({});
    p.dispose();
    check(typeof token === 'string', 'no token after recovery');
    check(loads === 4, `${loads} loads (3 failed, 1 ok)`);
    check(errors.join() === 'provider_failed', `onError saw ${errors}`);
  },

  async 'not a token, an expired token or another user: provider_invalid_token, not cached'({ TokenProvider, TokenError, base, control }) {
    for (const set of [{ invalid: true }, { expiredTokens: true }, { wrongUser: true }]) {
      await reset(control, set);
      const p = new TokenProvider(loaderFor(base), { userId: 'john', retries: 0 });
      await rejectsWith(TokenError, p.getToken(), 'provider_invalid_token');
      check(p.token === undefined, `${JSON.stringify(set)}: cached ${p.token}`);
      await rejectsWith(TokenError, p.getToken(), 'provider_invalid_token');
      const { loads } = await control({});
      p.dispose();
      check(loads === 2, `${JSON.stringify(set)}: ${loads} loads (each call must load again)`);
    }
  },

  async 'a server clock 10 minutes behind or ahead: tokens accepted, refreshed before its exp, its Date headers teach the clock'({ TokenProvider, base, control }) {
    for (const skew of [-600, 600]) {
      await reset(control, { clockSkew: skew });
      const p = new TokenProvider(loaderFor(base, { ttl: 4 }));
      const first = await p.getToken();
      for (let i = 0; i < 3; i++) {
        const res = await p.fetch(`${base}/api/echo`);
        check(res.status === 200, `skew ${skew}: status ${res.status}`);
      }
      const offset = p.clockOffset;
      await sleep(3400); // a 4 s token: refreshed by exp − 1 s at the latest
      const second = await p.getToken();
      const res = await p.fetch(`${base}/api/echo`);
      const { loads, requests } = await control({});
      p.dispose();
      check(Math.abs(offset - skew) < 3, `skew ${skew}: clockOffset ${offset}`);
      check(loads === 2 && second !== first, `skew ${skew}: ${loads} loads in 3.4 s of a 4 s token`);
      check(res.status === 200 && requests.every((r) => r.status === 200), `skew ${skew}: statuses ${requests.map((r) => r.status)}`);
    }
  },

  async 'three Date headers that agree teach the clock; one does not'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base, { ttl: 600 }));
    await p.getToken();
    // The server's clock jumps 2 min ahead. The 10-minute token is still valid there, so no
    // new token is loaded: only the Date headers can tell.
    await control({ set: { clockSkew: 120 } });
    await p.fetch(`${base}/api/echo`);
    const afterOne = p.clockOffset;
    await p.fetch(`${base}/api/echo`);
    await p.fetch(`${base}/api/echo`);
    const afterThree = p.clockOffset;
    const { loads, requests } = await control({});
    p.dispose();
    check(afterOne === 0, `one Date header moved the offset to ${afterOne}`);
    check(loads === 1 && requests.every((r) => r.status === 200), `${loads} loads, statuses ${requests.map((r) => r.status)}`);
    check(Math.abs(afterThree - 120) < 3, `offset after three: ${afterThree}`);
  },

  async 'one Date header in the year 2100 changes nothing: fresh tokens are still accepted'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base, { ttl: 60 }));
    await p.getToken();
    await control({ set: { dates: ['Fri, 01 Jan 2100 00:00:00 GMT'] } });
    const first = await p.fetch(`${base}/api/echo`);
    const offset = p.clockOffset;
    p.invalidate();
    const token = await p.getToken(); // a fresh token must not look expired
    const second = await p.fetch(`${base}/api/echo`);
    const { loads } = await control({});
    p.dispose();
    check(first.status === 200 && second.status === 200, `statuses ${first.status}, ${second.status}`);
    check(offset === 0, `clockOffset ${offset}`);
    check(typeof token === 'string' && loads === 2, `${loads} loads`);
  },

  async 'invalidate() forgets the token: the next call loads, or waits for the load under way'({ TokenProvider, base, control }) {
    await reset(control, { slowMs: 200 });
    const p = new TokenProvider(loaderFor(base));
    await p.getToken();
    p.invalidate();
    check(p.token === undefined && p.expiresAt === undefined, `kept ${p.token}`);
    const second = await p.getToken();
    const loading = p.refresh();
    p.invalidate(); // during that refresh: not started again
    const [third, joined] = await Promise.all([p.getToken(), loading]);
    const { loads } = await control({});
    check(typeof second === 'string' && third === joined && p.token === third, 'the call after invalidate() did not get the load under way');
    check(loads === 3, `${loads} loads (1 first, 1 after invalidate(), 1 refresh joined)`);
  },

  async 'one Date header an hour old: getToken never hands out an expired token'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base, { ttl: 4 }));
    await p.getToken();
    await control({ set: { dates: [new Date(Date.now() - 3600_000).toUTCString()] } });
    await p.fetch(`${base}/api/echo`);
    await sleep(4300); // past the first token's exp
    const token = await p.getToken();
    p.dispose();
    check(payloadOf(token).exp > Date.now() / 1000, `handed out a token that expired ${Date.now() / 1000 - payloadOf(token).exp} s ago`);
  },

  async 'a cached token (issued 100 s ago, 3 s left) is not taken for clock skew: replaced before it expires'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(async () => (await fetch(`${base}/token?ttl=103&age=100`)).text());
    await p.getToken();
    const offset = p.clockOffset;
    await sleep(5000);
    const token = await p.getToken();
    const res = await p.fetch(`${base}/api/echo`);
    const { loads, requests } = await control({});
    p.dispose();
    check(offset === 0, `clockOffset ${offset}`);
    check(payloadOf(token).exp > Date.now() / 1000, 'handed out an expired token');
    check(loads >= 2, `${loads} loads: the token was never replaced`);
    check(res.status === 200 && requests.every((r) => r.status === 200), `statuses ${requests.map((r) => r.status)}`);
  },

  async 'an AbortSignal cancels one waiting caller only'({ TokenProvider, base, control }) {
    await reset(control, { slowMs: 400 });
    const p = new TokenProvider(loaderFor(base));
    const controller = new AbortController();
    const a = p.getToken();
    const b = p.getToken({ signal: controller.signal });
    const c = p.fetch(`${base}/api/echo`, { signal: controller.signal });
    const d = p.fetch(`${base}/api/echo`);
    setTimeout(() => controller.abort(), 50);
    const results = await Promise.allSettled([a, b, c, d]);
    const { loads } = await control({});
    p.dispose();
    check(results[0].status === 'fulfilled' && results[3].status === 'fulfilled', 'an unaborted caller failed');
    check(results[1].status === 'rejected' && results[1].reason?.name === 'AbortError', `getToken: ${results[1].reason}`);
    check(results[2].status === 'rejected' && results[2].reason?.name === 'AbortError', `fetch: ${results[2].reason}`);
    check(loads === 1, `${loads} loads`);
  },

  async 'an AbortSignal cancels a request already sent, and only that one'({ TokenProvider, base, control, gc }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base));
    await p.getToken();
    // The API answers after 3 s, far past the abort at 100 ms even on a busy machine (at
    // 400 ms, a run with the event loop held up by another suite's GC saw the answer first).
    await control({ set: { slowApiMs: 3000 } });
    const controller = new AbortController();
    const aborted = p.fetch(`${base}/api/echo`, { signal: controller.signal });
    const other = p.fetch(`${base}/api/echo`);
    // The token is loaded: both requests are on the wire. A garbage collection first (in
    // Node, where the runner can force one): undici's cloned Requests lost the abort then.
    setTimeout(() => {
      gc?.();
      controller.abort();
    }, 100);
    const [a, o] = await Promise.allSettled([aborted, other]);
    const { loads } = await control({});
    p.dispose();
    check(a.status === 'rejected' && a.reason?.name === 'AbortError', `aborted request: ${a.status} ${a.reason ?? a.value?.status}`);
    check(o.status === 'fulfilled' && o.value.status === 200, `the other request: ${o.reason ?? o.value?.status}`);
    check(loads === 1, `${loads} loads`);
  },

  async 'bad arguments give TokenErrors, and providers keep working'({ TokenProvider, TokenError, base, control }) {
    await reset(control);
    const loader = loaderFor(base);
    const throwsCode = (make, code, what) => {
      try {
        make();
      } catch (e) {
        check(e instanceof TokenError && e.code === code, `${what}: expected ${code}, got ${e?.name}: ${e?.code ?? e}`);
        return;
      }
      throw new Error(`${what}: expected ${code}, but it did not throw`);
    };
    for (const [what, make] of [
      ['no loader', () => new TokenProvider()],
      ['a string as the loader', () => new TokenProvider('/token')],
      ['options as a string', () => new TokenProvider(loader, 'retries=3')],
      ['an unknown option', () => new TokenProvider(loader, { refreshMarginSeconds: 5 })],
      ['a negative refreshMargin', () => new TokenProvider(loader, { refreshMargin: -1 })],
      ['retries as a string', () => new TokenProvider(loader, { retries: '3' })],
      ['fractional retries', () => new TokenProvider(loader, { retries: 1.5 })],
      ['retryDelay NaN', () => new TokenProvider(loader, { retryDelay: NaN })],
      ['userId as a number', () => new TokenProvider(loader, { userId: 42 })],
      ['an empty authHeader', () => new TokenProvider(loader, { authHeader: '' })],
      ['an authHeader with a newline', () => new TokenProvider(loader, { authHeader: 'X-Token\r\nX-Evil: 1' })],
      ['isAuthError not a function', () => new TokenProvider(loader, { isAuthError: true })],
      ['fetch not a function', () => new TokenProvider(loader, { fetch: 'fetch' })],
    ]) {
      throwsCode(make, 'invalid_options', what);
    }
    throwsCode(() => new TokenProvider(loader, { token: 'not a token' }), 'provider_invalid_token', 'an initial token that is not a token');
    const p = new TokenProvider(loader);
    throwsCode(() => p.wrapFetch(null), 'invalid_options', 'wrapFetch(null)');
    await rejectsWith(TokenError, p.getToken({ signal: 'stop' }), 'invalid_options');
    await rejectsWith(TokenError, p.getToken('now'), 'invalid_options');
    // Loaders that misbehave: a synchronous throw (of a non-Error) and a non-string.
    const thrower = new TokenProvider(() => {
      throw 'boom';
    }, { retries: 0 });
    const e = await rejectsWith(TokenError, thrower.getToken(), 'provider_failed');
    check(e.cause === 'boom', `cause: ${e.cause}`);
    await rejectsWith(TokenError, new TokenProvider(() => 42, { retries: 0 }).getToken(), 'provider_invalid_token');
    // After all of it, the module and this provider still work.
    const token = await p.getToken();
    check(typeof token === 'string' && payloadOf(token).user_id === 'john', 'no token after the bad calls');
    p.dispose();
  },

  async 'tokens are read as the refresh loop needs them: alg, crit, objects and claim types checked, JSON.parse for the rest'({ TokenProvider, TokenError }) {
    // The provider build reads tokens with JSON.parse, not tokenkit's parser
    // (src/wasm/provider/token.rs): what it still refuses, as the initial `token` option.
    const b64u = (text) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const make = (header, payload) => `${b64u(header)}.${b64u(payload)}.c2ln`;
    const HS = '{"alg":"HS256","typ":"JWT"}';
    const loader = () => 'unused';
    for (const [what, token, needle] of [
      ['a crit header', make('{"alg":"HS256","b64":false,"crit":["b64"]}', '{"user_id":"john","exp":2000000000}'), 'crit'],
      ['a header without alg', make('{"typ":"JWT"}', '{"user_id":"john"}'), 'has no "alg"'],
      ['an alg that is not a string', make('{"alg":1}', '{"user_id":"john"}'), 'not a string'],
      ['a payload that is an array', make(HS, '[1]'), 'is an array, not a JSON object'],
      ['a payload that is not JSON', make(HS, '{"user_id":'), 'not valid JSON'],
      ['a payload that is not UTF-8', `${b64u(HS)}.${b64u('{"a":"\xff"}')}.c2ln`, 'not valid UTF-8'],
      ['non-canonical base64', `${b64u(HS)}.eyJ1c2VyX2lkIjoiam9obiJ9a.c2ln`, 'base64'],
      ['an exp of null', make(HS, '{"user_id":"john","exp":null}'), 'left out, not set to null'],
      ['an exp past the largest double', make(HS, '{"user_id":"john","exp":1e400}'), 'too large'],
      ['a user_id that is a number', make(HS, '{"user_id":42}'), '"user_id" claim is a number'],
      ['a user_id with a lone surrogate', make(HS, '{"user_id":"\\ud800","exp":2000000000}'), 'lone UTF-16 surrogate'],
      ['two segments', 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiam9obiJ9', 'three segments'],
    ]) {
      try {
        new TokenProvider(loader, { token });
        throw new Error(`${what}: accepted`);
      } catch (e) {
        check(e instanceof TokenError && e.code === 'provider_invalid_token', `${what}: ${e?.code ?? e}`);
        check(e.message.includes(needle), `${what}: ${e.message}`);
      }
    }
    // Taken: claims of the right types, whatever else the payload holds.
    const ok = new TokenProvider(loader, { token: make(HS, '{"user_id":"john","exp":2000000000,"iat":1700000000,"x":[{"y":1}]}'), userId: 'john' });
    check(ok.expiresAt === 2000000000, `expiresAt ${ok.expiresAt}`);
    // For another user: refused with both names.
    try {
      new TokenProvider(loader, { token: make(HS, '{"user_id":"jane","exp":2000000000}'), userId: 'john' });
      throw new Error('another user: accepted');
    } catch (e) {
      check(e.code === 'provider_invalid_token' && e.message.includes('"jane"') && e.message.includes('"john"'), `another user: ${e.message}`);
    }
  },

  async 'dispose rejects waiting and later calls with disposed'({ TokenProvider, TokenError, base, control }) {
    await reset(control, { slowMs: 300 });
    const p = new TokenProvider(loaderFor(base));
    const waiting = p.getToken();
    await sleep(20);
    p.dispose();
    await rejectsWith(TokenError, waiting, 'disposed');
    await rejectsWith(TokenError, p.getToken(), 'disposed');
    await rejectsWith(TokenError, p.fetch(`${base}/api/echo`), 'disposed');
    await rejectsWith(TokenError, p.refresh(), 'disposed');
  },

  async 'wrapFetch, a raw token header and onToken'({ TokenProvider, base, control }) {
    await reset(control);
    const seen = [];
    const p = new TokenProvider(loaderFor(base), { authScheme: '', onToken: (t) => seen.push(t) });
    const authed = p.wrapFetch(fetch);
    const res = await authed(`${base}/api/echo`, { method: 'POST', body: 'x' });
    const state = await control({});
    p.dispose();
    check(res.status === 200, `status ${res.status}`);
    check(seen.length === 1 && state.requests[0].token === seen[0], 'the raw token was not sent');
  },

  async 'dispose, free and [Symbol.dispose] in any order, any number of times; every pending call rejects with disposed at once'({ TokenProvider, TokenError, base, control }) {
    await reset(control, { slowMs: 3000 });
    const orders = [['dispose', 'free'], ['free', 'dispose'], [Symbol.dispose, 'dispose', 'free', 'free'], ['free', 'free', Symbol.dispose], ['dispose', 'dispose']];
    for (const order of orders) {
      const p = new TokenProvider(loaderFor(base));
      const pending = [p.getToken(), p.refresh(), p.fetch(`${base}/api/echo`), p.asTokenProvider()(), p.wrapFetch(fetch)(`${base}/api/echo`)];
      await sleep(30);
      const started = Date.now();
      for (const m of order) {
        if (typeof p[m] === 'function') p[m]();
        else check(m === Symbol.dispose && typeof Symbol.dispose === 'undefined', 'no [Symbol.dispose]');
      }
      for (const w of pending) await rejectsWith(TokenError, w, 'disposed');
      const took = Date.now() - started;
      check(took < 1000, `${order.map(String)}: pending calls took ${took} ms to reject (the loader takes 3 s)`);
      await rejectsWith(TokenError, p.getToken(), 'disposed');
      await rejectsWith(TokenError, p.refresh(), 'disposed');
      check(p.token === undefined && p.clockOffset === 0, 'a disposed provider still reports a token');
      p.invalidate();
    }
  },

  async 'the loader gets an AbortSignal that dispose() aborts'({ TokenProvider, TokenError, base, control }) {
    await reset(control, { slowMs: 3000 });
    let signal;
    const p = new TokenProvider(async (context) => {
      signal = context.signal;
      return (await fetch(`${base}/token?tag=dispose`, { signal })).text();
    });
    const waiting = p.refresh();
    await sleep(100);
    check(signal instanceof AbortSignal && !signal.aborted, 'the loader got no live AbortSignal');
    p.dispose();
    await rejectsWith(TokenError, waiting, 'disposed');
    check(signal.aborted && signal.reason?.code === 'disposed', `signal aborted: ${signal.aborted}, reason ${signal.reason}`);
    await sleep(100);
    const { abortedTags } = await control({});
    check(abortedTags.filter((t) => t === 'dispose').length === 1, `the server saw abandoned token requests ${abortedTags}`);
  },

  async 'a loader that never settles times out (loadTimeout), is retried, then provider_failed says so'({ TokenProvider, TokenError, base, control }) {
    await reset(control, { slowMs: 5000 });
    const signals = [];
    const p = new TokenProvider(
      async ({ signal }) => {
        signals.push(signal);
        return (await fetch(`${base}/token?tag=timeout`, { signal })).text();
      },
      { loadTimeout: 200, retries: 1, retryDelay: 10 },
    );
    const started = Date.now();
    const results = await Promise.allSettled([p.getToken(), p.refresh()]);
    const took = Date.now() - started;
    await sleep(100);
    const { loads, abortedTags } = await control({});
    const aborted = abortedTags.filter((t) => t === 'timeout').length;
    for (const r of results) {
      check(r.status === 'rejected' && r.reason instanceof TokenError && r.reason.code === 'provider_failed', `got ${r.status} ${r.reason?.code ?? r.value}`);
      check(r.reason.cause?.name === 'TimeoutError' && /loadTimeout/.test(r.reason.cause.message), `cause: ${r.reason.cause}`);
      check(/timing out/.test(r.reason.message), `message: ${r.reason.message}`);
    }
    check(took >= 400 && took < 2000, `gave up after ${took} ms (two attempts of 200 ms)`);
    check(loads === 2 && signals.length === 2 && signals.every((s) => s.aborted), `${loads} loads, ${signals.filter((s) => s.aborted).length}/${signals.length} signals aborted`);
    check(aborted === 2, `the server saw ${aborted} abandoned requests`);
    // The next call starts over, and with a fast backend it works.
    await control({ set: { slowMs: 0 } });
    check(typeof (await p.getToken()) === 'string', 'no token after the backend recovered');
  },

  async 'isAuthError may be async: a 403 it rejects is sent once, an expiry it flags is refreshed'({ TokenProvider, base, control }) {
    for (const [set, status, loads, calls] of [
      [{ forbid: true }, 403, 1, 1],
      [{ alwaysExpired: true }, 401, 2, 2],
    ]) {
      await reset(control, set);
      const seen = [];
      const p = new TokenProvider(loaderFor(base), {
        isAuthError: async (response, body) => {
          seen.push(body);
          await sleep(10);
          return response.status === 401 && JSON.parse(body).code === 40;
        },
      });
      const res = await p.fetch(`${base}/api/echo`);
      const state = await control({});
      p.dispose();
      check(res.status === status, `${JSON.stringify(set)}: status ${res.status}`);
      check(state.loads === loads && state.requests.length === calls, `${JSON.stringify(set)}: ${state.loads} loads, ${state.requests.length} calls`);
      check(seen.length >= 1 && seen.every((b) => b.startsWith('{')), `isAuthError saw bodies ${seen}`);
      check(typeof (await res.json()).code === 'number', 'the caller could not read the body');
    }
  },

  async 'a request that carries its own auth header is sent as made, never retried'({ TokenProvider, base, control }) {
    await reset(control, { alwaysExpired: true });
    const p = new TokenProvider(loaderFor(base));
    const a = await p.fetch(`${base}/api/echo`, { headers: { authorization: 'Bearer mine' } });
    const b = await p.fetch(new Request(`${base}/api/echo`, { headers: { Authorization: 'Bearer theirs' } }));
    const x = new TokenProvider(loaderFor(base), { authHeader: 'X-Token' });
    const c = await x.wrapFetch(fetch)(`${base}/api/echo`, { headers: { 'x-token': 'own' } });
    const { loads, requests } = await control({});
    check([a, b, c].every((r) => r.status === 401), `statuses ${[a, b, c].map((r) => r.status)}`);
    check(loads === 0, `${loads} loads: the loader was called`);
    check(requests.map((r) => r.auth).join() === 'Bearer mine,Bearer theirs,', `sent: ${requests.map((r) => r.auth)}`);
  },

  async 'a failed response whose body never ends resolves at its headers, and is not retried'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base));
    await p.getToken();
    const timed = async (url) => {
      const started = Date.now();
      const res = await Promise.race([p.fetch(url), sleep(5000).then(() => null)]);
      return [res, Date.now() - started];
    };
    // Not JSON: no JSON code can say expiry; resolves as soon as the headers arrive.
    const [html, htmlMs] = await timed(`${base}/slow/500?type=text/html&never=1`);
    // JSON: may say code 40, so read, but for 1 s at most.
    const [json, jsonMs] = await timed(`${base}/slow/500?never=1`);
    const { loads } = await control({});
    check(html?.status === 500 && htmlMs < 500, `text/html 500: ${html?.status} after ${htmlMs} ms`);
    check(json?.status === 500 && jsonMs < 2500, `JSON 500: ${json?.status} after ${jsonMs} ms`);
    check(!html.bodyUsed && !json.bodyUsed && loads === 1, `bodyUsed ${html.bodyUsed}/${json.bodyUsed}, ${loads} loads`);
    await html.body.cancel();
    await json.body.cancel();
  },

  async 'a slow JSON error body is judged within 1 s; the caller still reads all of it'({ TokenProvider, base, control }) {
    await reset(control);
    const p = new TokenProvider(loaderFor(base));
    await p.getToken();
    const started = Date.now();
    const res = await p.fetch(`${base}/slow/500`); // 3 s of body, saying code 40
    const took = Date.now() - started;
    const body = await res.json();
    const { loads } = await control({});
    check(res.status === 500 && took < 2500, `resolved after ${took} ms`);
    check(body.code === 40, `the caller read ${JSON.stringify(body)}`);
    check(loads === 1, `${loads} loads: a body past the limit was taken for expiry`);
  },

  async 'share: two providers of one name load once where Web Locks and BroadcastChannel exist, else each loads'({ TokenProvider, base, control }) {
    await reset(control);
    const sharing = typeof navigator === 'object' && typeof navigator.locks === 'object' && typeof BroadcastChannel === 'function';
    const name = `scenario-${Math.random()}`;
    const a = new TokenProvider(loaderFor(base), { share: name });
    const b = new TokenProvider(loaderFor(base), { share: name });
    const ta = await a.getToken();
    const tb = await b.getToken();
    const { loads } = await control({});
    check(loads === (sharing ? 1 : 2), `${sharing ? 'sharing' : 'no Web Locks/BroadcastChannel'}: ${loads} loads`);
    check(!sharing || ta === tb, 'sharing providers hold different tokens');
  },
};
