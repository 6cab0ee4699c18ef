// A local stand-in for Stream's chat API, speaking just enough of its protocol for the
// real `stream-chat` client (tests/stream_client.test.mjs):
//
//   GET  /token?user=john&ttl=60   the app's backend: a new HS256 token (tokenkit's
//                                  createToken), counted in `loads`
//   WS   /connect?json=…&api_key=…&authorization=<token>&stream-auth-type=jwt
//                                  answered with a `health.check` event carrying
//                                  `connection_id` and `me`, or with Stream's error event
//                                  (code 40) and a close (1000) when the token is refused
//   POST /channels                 queryChannels: `{ channels: [] }`, or 401
//                                  `{"code":40,…}` when the token is refused
//   POST /control                  test switches: `{ reset: true }`, `{ revoke: 'all' }`
//                                  (every token issued so far), `{ revoke: [token] }`,
//                                  `{ set: { tokenDelayMs } }`; answers the recorded state
//   anything else                  a static file from `dirs` (scripts/serve.mjs's sendFile)
//
// A token is refused when its signature is wrong (code 43), when it expired by this
// server's clock, or when it was revoked (code 40): a revoked token can still look fresh
// to its holder, so only Stream's rejection can tell it is dead. Tokens are verified here
// with node:crypto, independently of tokenkit.
import { apiServer, listen, readBody } from '../helpers/api-server.mjs';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { sendFile } from '../../scripts/serve.mjs';

export const API_KEY = 'tokenkit-test-key';
export const SECRET = 'stream-api-test-secret';

const EXPIRED = { code: 40, message: 'JWTAuth error: token has expired', StatusCode: 401 };
const BAD_SIGNATURE = { code: 43, message: 'JWTAuth error: signature is not valid', StatusCode: 401 };
const BAD_KEY = { code: 2, message: 'api_key not valid', StatusCode: 401 };

function freshState() {
  return {
    loads: 0, // /token calls
    tokenDelayMs: 0, // delay each /token answer (to catch concurrent refreshes)
    issued: [], // every token /token handed out, in order
    revoked: [], // tokens refused with code 40 although not expired
    sockets: [], // { token, userId, accepted, code, connectionId } per WS /connect
    requests: [], // { method, path, token, status, code, connectionId, userId } per REST call
  };
}

/** The token's payload if its HS256 signature is right, else null. */
function verified(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  const expected = createHmac('sha256', SECRET).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch {
    return null;
  }
}

/**
 * Starts the server on 127.0.0.1 (random port). `createToken` is tokenkit's (the installed
 * package's); `dirs` are [URL prefix, folder] pairs for static files, most specific first.
 * Resolves to { url, state, close }.
 */
export function startStreamApi({ createToken, dirs = [] }) {
  const state = freshState();
  const now = () => Date.now() / 1000;

  /** Why Stream would refuse `token` now (its error body), or null when it is accepted. */
  const refusal = (token) => {
    const payload = verified(token);
    if (!payload) return BAD_SIGNATURE;
    if (state.revoked.includes(token)) return EXPIRED;
    if (typeof payload.exp === 'number' && now() >= payload.exp) return EXPIRED;
    return null;
  };

  const server = apiServer(handle);

  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const body = await readBody(req);

    if (url.pathname === '/control' && req.method === 'POST') {
      const patch = body ? JSON.parse(body) : {};
      if (patch.reset) Object.assign(state, freshState());
      if (patch.revoke === 'all') state.revoked.push(...state.issued);
      else if (Array.isArray(patch.revoke)) state.revoked.push(...patch.revoke);
      Object.assign(state, patch.set ?? {});
      return json(200, { ...state, now: now() });
    }

    if (url.pathname === '/token') {
      state.loads += 1;
      const n = state.loads;
      if (state.tokenDelayMs) await new Promise((r) => setTimeout(r, state.tokenDelayMs));
      const iat = Math.floor(now());
      const ttl = Number(url.searchParams.get('ttl') ?? 60);
      // `n` makes every token unique, even two issued in the same second.
      const token = createToken(SECRET, url.searchParams.get('user') ?? 'john', { iat, exp: iat + ttl, claims: { n } });
      state.issued.push(token);
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      return res.end(token);
    }

    if (url.pathname === '/channels' && req.method === 'POST') {
      const token = req.headers.authorization ?? '';
      const record = (status, payload) => {
        state.requests.push({
          method: req.method,
          path: url.pathname,
          token,
          status,
          code: payload.code ?? null,
          connectionId: url.searchParams.get('connection_id'),
          userId: url.searchParams.get('user_id'),
        });
        json(status, payload);
      };
      if (url.searchParams.get('api_key') !== API_KEY) return record(401, BAD_KEY);
      if (req.headers['stream-auth-type'] !== 'jwt') return record(401, { code: 5, message: 'stream-auth-type must be jwt', StatusCode: 401 });
      const refused = refusal(token);
      if (refused) return record(refused.StatusCode, refused);
      return record(200, { channels: [], duration: '0.10ms' });
    }

    if (dirs.length) return sendFile(req, res, dirs);
    json(404, { code: 4, message: `no route for ${req.method} ${url.pathname}`, StatusCode: 404 });
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname !== '/connect') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const token = url.searchParams.get('authorization') ?? '';
      let payload = {};
      try {
        payload = JSON.parse(url.searchParams.get('json') ?? '{}');
      } catch {
        // an unreadable payload leaves user_id missing, which is refused below
      }
      const refused =
        url.searchParams.get('api_key') !== API_KEY
          ? BAD_KEY
          : url.searchParams.get('stream-auth-type') !== 'jwt'
            ? { code: 5, message: 'stream-auth-type must be jwt', StatusCode: 401 }
            : refusal(token) ?? (verified(token)?.user_id === payload.user_id ? null : { code: 43, message: 'token is for another user', StatusCode: 401 });
      const record = { token, userId: payload.user_id ?? null, accepted: !refused, code: refused?.code ?? null, connectionId: null };
      state.sockets.push(record);
      if (refused) {
        // Stream's way: one error event, then a normal close.
        ws.send(JSON.stringify({ error: refused }));
        ws.close(1000, refused.message);
        return;
      }
      record.connectionId = randomUUID();
      const at = new Date().toISOString();
      const me = {
        ...(payload.user_details ?? {}),
        id: payload.user_id,
        role: 'user',
        created_at: at,
        updated_at: at,
        last_active: at,
        online: true,
        banned: false,
        devices: [],
        mutes: [],
        channel_mutes: [],
        blocked_user_ids: [],
        unread_count: 0,
        total_unread_count: 0,
        unread_channels: 0,
      };
      const healthCheck = (withMe) => JSON.stringify({ type: 'health.check', connection_id: record.connectionId, cid: '*', ...(withMe ? { me } : {}), created_at: new Date().toISOString() });
      ws.send(healthCheck(true));
      // The client pings `[{ type: 'health.check', client_id }]`; Stream answers with one.
      ws.on('message', () => ws.send(healthCheck(false)));
    });
  });

  const closeSockets = () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
  return listen(server, closeSockets).then(({ url, close }) => ({ url, state, close }));
}
