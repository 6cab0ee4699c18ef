// A real HTTP server for the TokenProvider tests: it issues short-lived HS256 tokens made
// with tokenkit, and answers API calls the way Stream's API does (401 with code 40 when the
// token expired, code 43 when its signature is wrong). Switches in `state` make it fail.
// Also serves the repository's files, so a browser page and the API share one origin.
import { apiServer, listen, readBody } from '../helpers/api-server.mjs';
import { createToken, verifyToken } from 'tokenkit';
import { sendFile } from '../../scripts/serve.mjs';

export const SECRET = 'test-secret';

export function freshState() {
  return {
    loads: 0, // /token calls
    failNext: 0, // answer this many /token calls with 500
    slowMs: 0, // delay each /token answer
    wrongUser: false, // sign tokens for "mallory"
    invalid: false, // answer "not a token"
    expiredTokens: false, // issue tokens that expired already (issued 20 s ago, expired 10 s ago)
    clockSkew: 0, // seconds added to this server's clock (tokens and Date headers)
    revokedBefore: 0, // tokens issued before this (server seconds) get 401 code 40
    alwaysExpired: false, // every API call gets 401 code 40
    invalidSignature: false, // every API call gets 401 code 43
    forbid: false, // every API call gets 403
    slowApiMs: 0, // delay each API answer
    dates: [], // Date headers for the next API answers, one each (then the real one)
    aborted: 0, // /token requests the client gave up on (a loader's signal aborted)
    abortedTags: [], // their `tag` query parameters
    requests: [], // { token, status, body, auth } per API call
  };
}

/** Starts the server on 127.0.0.1 (random port); `root` is served for static files. */
export function startServer({ root } = {}) {
  const state = freshState();
  const serverNow = () => Date.now() / 1000 + state.clockSkew;
  const server = apiServer(handle);
  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const date = new Date(serverNow() * 1000).toUTCString();
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', date, 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const body = await readBody(req);
    if (url.pathname === '/control') {
      const patch = body ? JSON.parse(body) : {};
      if (patch.reset) Object.assign(state, freshState());
      Object.assign(state, patch.set ?? {});
      return json(200, { ...state, serverNow: serverNow() });
    }
    if (url.pathname === '/token') {
      state.loads += 1;
      let gone = false;
      res.on('close', () => {
        if (!res.writableFinished && !gone) {
          gone = true;
          state.aborted += 1;
          state.abortedTags.push(url.searchParams.get('tag'));
        }
      });
      if (state.slowMs) await new Promise((r) => setTimeout(r, state.slowMs));
      if (res.destroyed) return;
      if (state.failNext > 0) {
        state.failNext -= 1;
        return json(500, { message: 'token service down' });
      }
      if (state.invalid) return res.end('not a token');
      const now = Math.floor(serverNow());
      const ttl = Number(url.searchParams.get('ttl') ?? 60);
      const user = state.wrongUser ? 'mallory' : url.searchParams.get('user') ?? 'john';
      // age: a backend that caches tokens hands out one issued `age` s ago (exp = iat + ttl).
      const age = Number(url.searchParams.get('age') ?? 0);
      // An expired token is one issued 20 s ago for 10 s: within the 30 s the provider
      // allows between iat and its clock before it suspects the clock instead.
      const [iat, exp] = state.expiredTokens ? [now - 20, now - 10] : [now - age, now - age + ttl];
      res.writeHead(200, { 'content-type': 'text/plain', date });
      return res.end(createToken(SECRET, user, { iat, exp }));
    }
    if (url.pathname.startsWith('/slow/')) {
      // A failed response whose body trickles (a byte every 100 ms) or, with never=1, never ends.
      res.writeHead(Number(url.pathname.slice(6)), { 'content-type': url.searchParams.get('type') ?? 'application/json', date });
      res.write('{"code"');
      if (url.searchParams.get('never')) return; // ended by the client, or by close()
      const rest = ':40,"message":"token expired"}';
      for (const ch of rest) {
        await new Promise((r) => setTimeout(r, 100));
        if (res.destroyed) return;
        res.write(ch);
      }
      return res.end();
    }
    if (url.pathname.startsWith('/api/')) {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : header;
      const answer = (status, payload) => {
        state.requests.push({ token, status, body, auth: header });
        const forced = state.dates.shift();
        res.writeHead(status, { 'content-type': 'application/json', date: forced ?? date, 'cache-control': 'no-store' });
        res.end(JSON.stringify(payload));
      };
      if (state.slowApiMs) await new Promise((r) => setTimeout(r, state.slowApiMs));
      if (state.forbid) return answer(403, { code: 17, message: 'not allowed' });
      if (state.invalidSignature) return answer(401, { code: 43, message: 'JWTAuth error: signature is not valid' });
      if (state.alwaysExpired) return answer(401, { code: 40, message: 'JWTAuth error: token has expired' });
      if (!token) return answer(401, { code: 4, message: 'no token' });
      let inspection;
      try {
        inspection = verifyToken(token, SECRET, { now: serverNow() });
      } catch {
        return answer(401, { code: 43, message: 'JWTAuth error: signature is not valid' });
      }
      if (inspection.status !== 'valid' || (inspection.issuedAt ?? 0) < state.revokedBefore) {
        return answer(401, { code: 40, message: 'JWTAuth error: token has expired' });
      }
      return answer(200, { ok: true, user: inspection.userId, body });
    }
    if (root) return sendFile(req, res, [['/', root]]);
    res.writeHead(404);
    res.end('not found');
  }
  return listen(server).then(({ url, close }) => ({ url, state, close }));
}
