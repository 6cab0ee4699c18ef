// npm run soak: the TokenProvider under minutes of compressed time against a local server
// (127.0.0.1 only, bounded in time): short-lived tokens, thousands of concurrent fetches,
// random 401s with Stream's code 40, random loader failures and wrong Date headers.
//
//   node bench/soak.mjs [--seconds=120] [--concurrency=2000] [--ttl=8]
//
// Reports requests the server rejected because their token had really expired (the goal:
// none, beyond the one retried request per forced expiry), loader calls per token
// lifetime, and memory (JS heap, wasm) at the start and the end. Exits 1 when a request
// went out with an expired token or the heap grew past 64 MiB.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createToken, verifyToken } from 'tokenkit';
import { TokenProvider, initSync } from 'tokenkit/provider';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 120);
const CONCURRENCY = arg('concurrency', 2000);
const TTL = arg('ttl', 8);
const SECRET = 'soak-secret';
const SKEW = 3; // the server's clock is 3 s ahead of this machine's

const stats = {
  loads: 0, // /token calls
  loadFailures: 0, // answered 500 on purpose
  requests: 0, // API calls
  ok: 0,
  forced401: 0, // random 401 code 40 for a valid token
  expired: 0, // the token had expired when the provider sent it: the number to keep at 0
  expiredInFlight: 0, // valid when sent, expired on arrival (queueing under this load)
  wildDates: 0, // responses with a Date header an hour old or in the year 2100
};
const serverNow = () => Date.now() / 1000 + SKEW;
const chance = (p) => Math.random() < p;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/stats') return res.end(JSON.stringify(stats));
  for await (const _ of req); // drain
  let date = new Date(serverNow() * 1000).toUTCString();
  if (chance(0.01)) {
    stats.wildDates += 1;
    date = chance(0.5) ? 'Fri, 01 Jan 2100 00:00:00 GMT' : new Date(Date.now() - 3_600_000).toUTCString();
  }
  if (url.pathname === '/token') {
    stats.loads += 1;
    await new Promise((r) => setTimeout(r, Math.random() * 150));
    if (chance(0.1)) {
      stats.loadFailures += 1;
      res.writeHead(500, { date }).end('token service down');
      return;
    }
    const now = Math.floor(serverNow());
    res.writeHead(200, { 'content-type': 'text/plain', date }).end(createToken(SECRET, 'john', { iat: now, exp: now + TTL }));
    return;
  }
  stats.requests += 1;
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  let status = 200;
  let body = { ok: true };
  let inspection;
  try {
    inspection = verifyToken(token, SECRET, { now: serverNow() });
  } catch {
    inspection = { status: 'invalid' };
  }
  if (inspection.status === 'invalid') {
    stats.invalid = (stats.invalid ?? 0) + 1;
    [status, body] = [401, { code: 43, message: 'JWTAuth error: signature is not valid' }];
  } else if (inspection.status === 'expired') {
    // x-sent: when the provider handed the request to fetch (its `fetch` option stamps it).
    const sent = Number(req.headers['x-sent']) / 1000 + SKEW;
    if (inspection.expiresAt <= sent) stats.expired += 1;
    else stats.expiredInFlight += 1;
    [status, body] = [401, { code: 40, message: 'JWTAuth error: token has expired' }];
  } else if (chance(0.0005)) {
    stats.forced401 += 1;
    [status, body] = [401, { code: 40, message: 'JWTAuth error: token has expired' }];
  } else {
    stats.ok += 1;
  }
  res.writeHead(status, { 'content-type': 'application/json', date }).end(JSON.stringify(body));
});
if (process.argv.includes('--server')) {
  // The server runs in a child process, so the client's load does not delay its answers.
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  setTimeout(() => process.exit(0), (SECONDS + 120) * 1000).unref();
} else {
  await client();
}

async function client() {
const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--server', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const base = `http://127.0.0.1:${port}`;

// The wasm's own memory (its exports have minified names: scripts/build.mjs).
const wasmMemory = Object.values(initSync()).find((v) => v instanceof WebAssembly.Memory);
const memory = () => ({ heapMiB: +(process.memoryUsage().heapUsed / 1048576).toFixed(1), wasmMiB: +(wasmMemory.buffer.byteLength / 1048576).toFixed(2) });
globalThis.gc?.();
const start = memory();

let errors = 0;
const provider = new TokenProvider(
  async ({ signal }) => {
    const res = await fetch(`${base}/token`, { signal });
    if (!res.ok) throw new Error(`token service answered ${res.status}`);
    return res.text();
  },
  {
    retries: 5,
    retryDelay: 50,
    maxRetryDelay: 500,
    loadTimeout: 2000,
    refreshMargin: 2,
    onError: () => (errors += 1),
    fetch: (request) => {
      request.headers.set('x-sent', String(Date.now()));
      return fetch(request);
    },
  },
);

const until = Date.now() + SECONDS * 1000;
let statuses = new Map();
async function worker() {
  while (Date.now() < until) {
    try {
      const res = await provider.fetch(`${base}/api/work`, { method: 'POST', body: 'x' });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await res.arrayBuffer();
    } catch (e) {
      statuses.set(e?.code ?? String(e), (statuses.get(e?.code ?? String(e)) ?? 0) + 1);
    }
  }
}
console.log(`soak: ${SECONDS} s, ${CONCURRENCY} concurrent fetches, ${TTL} s tokens, server clock ${SKEW} s ahead, 10 % loader failures, 1 % wild Date headers, random 401 code 40`);
const ticker = setInterval(() => console.log(`soak: ${Math.round((until - Date.now()) / 1000)} s left, heap ${memory().heapMiB} MiB`), 15000);
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
clearInterval(ticker);
provider.dispose();
for (let i = 0; i < 5; i++) {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 20));
}
const end = memory();
Object.assign(stats, await (await fetch(`${base}/stats`)).json());
child.kill();

const lifetimes = SECONDS / TTL;
const report = {
  requests: stats.requests,
  statuses: Object.fromEntries(statuses),
  sentExpired: stats.expired,
  expiredInFlight: stats.expiredInFlight,
  forced401: stats.forced401,
  invalid: stats.invalid ?? 0,
  loaderCalls: stats.loads,
  loaderFailures: stats.loadFailures,
  tokenLifetimes: +lifetimes.toFixed(1),
  loaderCallsPerLifetime: +(stats.loads / lifetimes).toFixed(2),
  successfulLoadsPerLifetime: +((stats.loads - stats.loadFailures) / lifetimes).toFixed(2),
  wildDates: stats.wildDates,
  providerFailures: errors,
  memoryStart: start,
  memoryEnd: end,
};
console.log(JSON.stringify(report, null, 2));
if (!globalThis.gc) console.log('soak: run with node --expose-gc for memory figures after GC');
const bad = stats.expired > 0 || end.heapMiB - start.heapMiB > 64;
console.log(bad ? 'soak: FAILED' : 'soak: ok');
process.exit(bad ? 1 : 0);
}
