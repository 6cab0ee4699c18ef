// npm run bench: tokenkit against the libraries people would use instead, in one process.
//
// Method: every subject's output is checked before it is timed; each subject is warmed
// up; then, round after round, every subject runs one batch (about BATCH_MS long), in an
// order that rotates each round, so machine noise hits all of them alike. The figure is
// the median ns/op over the rounds; the ratio is the subject's median over tokenkit's
// (above 1: tokenkit is faster by that factor). Writes bench/results.json; prints Markdown tables.
//
//   npm run bench               all groups (about a minute)
//   ROUNDS=5 npm run bench      quicker, noisier
//   npm run bench -- --no-browser   skip the Chromium load-to-ready measurement
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepStrictEqual, equal } from 'node:assert/strict';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'pkg', 'tokenkit_bg.wasm'))) {
  console.error('bench: pkg/ is not built; run `npm run build` (or `npm test`) first');
  process.exit(1);
}

const require = createRequire(import.meta.url);
const tokenkit = await import('tokenkit');
const jose = await import('jose');
const { jwtDecode } = await import('jwt-decode');
const jsonwebtoken = require('jsonwebtoken');
const { StreamChat } = require('stream-chat');
const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const BATCH_MS = Number(process.env.BATCH_MS ?? 8);
const SECRET = 'a-fairly-long-api-secret-for-the-benchmark-0123456789';
const KEY = new TextEncoder().encode(SECRET);
const stream = new StreamChat('bench-key', SECRET);

// ---- inputs -------------------------------------------------------------------------
const unicodeClaims = {};
for (let i = 0; JSON.stringify(unicodeClaims).length < 2048; i++) {
  unicodeClaims[`名前_${i}`] = ['山田太郎 🎉', 'Zoë Ångström', 'Дмитрий', 'مرحبا بالعالم', '東京都渋谷区 🍣🍜'][i % 5];
}
const inputs = {
  short: { userId: 'john', exp: undefined, iat: undefined, claims: undefined },
  'iat+exp': { userId: 'john', exp: 2000000000, iat: 1700000000, claims: undefined },
  '2 KB unicode': { userId: 'john', exp: 2000000000, iat: 1700000000, claims: unicodeClaims },
};
for (const input of Object.values(inputs)) {
  input.payload = { user_id: input.userId };
  if (input.exp !== undefined) input.payload.exp = input.exp;
  if (input.iat !== undefined) input.payload.iat = input.iat;
  Object.assign(input.payload, input.claims);
  input.options = input.exp === undefined ? undefined : { exp: input.exp, iat: input.iat, claims: input.claims };
  input.token = tokenkit.createToken(SECRET, input.userId, input.options);
}

// ---- baselines written by hand --------------------------------------------------------
const HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
function handDecode(token) {
  const [h, p, signature] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  return { header, payload, signature };
}
function cryptoSign(secret, payload) {
  const data = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}
function cryptoVerify(token, secret) {
  const dot = token.lastIndexOf('.');
  const mac = createHmac('sha256', secret).update(token.slice(0, dot)).digest();
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw new Error('signature');
  const payload = JSON.parse(Buffer.from(token.slice(token.indexOf('.') + 1, dot), 'base64url').toString('utf8'));
  if (typeof payload.exp === 'number' && Date.now() / 1000 >= payload.exp) throw new Error('expired');
  return payload;
}

// ---- groups: each subject is [name, fn, check(output)] --------------------------------
function groups() {
  const out = [];
  for (const [label, input] of Object.entries(inputs)) {
    const t = input.token;
    const samePayload = (p) => deepStrictEqual(p, input.payload);
    out.push({
      op: 'decode',
      input: label,
      subjects: [
        ['tokenkit decodeToken', () => tokenkit.decodeToken(t), (r) => samePayload(r.payload)],
        ['jose decodeJwt', () => jose.decodeJwt(t), samePayload],
        ['jwt-decode', () => jwtDecode(t), samePayload],
        ['jsonwebtoken decode', () => jsonwebtoken.decode(t, { complete: true }), (r) => samePayload(r.payload)],
        ['hand-written split+base64+JSON.parse', () => handDecode(t), (r) => samePayload(r.payload)],
      ],
    });
    const expectToken = (r) => equal(r, t);
    const hasOptions = input.exp !== undefined;
    out.push({
      op: 'sign HS256',
      input: label,
      subjects: [
        ['tokenkit createToken', () => tokenkit.createToken(SECRET, input.userId, input.options), expectToken],
        ['jose SignJWT', () => new jose.SignJWT(input.payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(KEY), expectToken, true],
        ['jsonwebtoken sign', () => jsonwebtoken.sign(input.payload, SECRET, { algorithm: 'HS256', noTimestamp: input.iat === undefined }), expectToken],
        // stream-chat's createToken(userId, exp, iat) takes no extra claims; its output is
        // checked against tokenkit's for the same claims.
        [
          'stream-chat createToken',
          () => stream.createToken(input.userId, input.exp, input.iat),
          (r) => equal(r, tokenkit.createToken(SECRET, input.userId, hasOptions ? { exp: input.exp, iat: input.iat } : undefined)),
        ],
        ['node:crypto createHmac', () => cryptoSign(SECRET, input.payload), expectToken],
      ],
    });
    out.push({
      op: 'verify HS256',
      input: label,
      subjects: [
        ['tokenkit verifyToken', () => tokenkit.verifyToken(t, SECRET), (r) => (samePayload(r.payload), equal(r.status, 'valid'))],
        ['jose jwtVerify', () => jose.jwtVerify(t, KEY, { algorithms: ['HS256'] }), (r) => samePayload(r.payload), true],
        ['jsonwebtoken verify', () => jsonwebtoken.verify(t, SECRET, { algorithms: ['HS256'] }), samePayload],
        ['node:crypto createHmac', () => cryptoVerify(t, SECRET), samePayload],
      ],
    });
  }
  out.push({
    op: 'devToken',
    input: 'short',
    subjects: [
      ['tokenkit devToken', () => tokenkit.devToken('john'), (r) => equal(r, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken')],
      ['stream-chat devToken', () => stream.devToken('john'), (r) => equal(r, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken')],
    ],
  });
  return out;
}

// ---- timing ---------------------------------------------------------------------------
let sink; // keeps results alive so no call is optimised away

async function batch(fn, isAsync, n) {
  const start = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < n; i++) sink = await fn();
  else for (let i = 0; i < n; i++) sink = fn();
  return Number(process.hrtime.bigint() - start) / n;
}

async function runGroup(group) {
  const subjects = [];
  for (const [name, fn, check, isAsync = false] of group.subjects) {
    try {
      check(isAsync ? await fn() : fn());
    } catch (e) {
      throw new Error(`${group.op} (${group.input}): ${name} gave a wrong result: ${e.message}`);
    }
    // Warm up for ~50 ms, then size batches to about BATCH_MS.
    let n = 1;
    let per = await batch(fn, isAsync, n);
    for (const until = Date.now() + 50; Date.now() < until; ) per = await batch(fn, isAsync, (n = Math.min(n * 2, 1 << 16)));
    subjects.push({ name, fn, isAsync, n: Math.max(1, Math.round((BATCH_MS * 1e6) / per)), samples: [] });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < subjects.length; i++) {
      const s = subjects[(i + round) % subjects.length];
      s.samples.push(await batch(s.fn, s.isAsync, s.n));
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const ours = median(subjects[0].samples);
  return subjects.map((s) => {
    const ns = median(s.samples);
    return { name: s.name, nsPerOp: Math.round(ns), ratio: +(ns / ours).toFixed(3) };
  });
}

// ---- size and browser -----------------------------------------------------------------
function sizes() {
  const read = (dir) => JSON.parse(readFileSync(join(root, dir, 'size.json'), 'utf8'));
  return { core: read('pkg'), provider: read('pkg/provider') };
}

async function browserReady() {
  let chromium;
  try {
    ({ launch: chromium } = await import('../tests/helpers/chromium.mjs'));
  } catch (e) {
    return { skipped: `playwright-core/Chromium not available (${e.message})` };
  }
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return { skipped: 'no /usr/bin/chromium (run npm test once to install it)' };
  const { serve } = await import('../scripts/serve.mjs');
  const server = await serve({ port: 0, dirs: [['/pkg/', join(root, 'pkg')], ['/', join(root, 'bench')]] });
  const browser = await chromium();
  try {
    const runs = [];
    for (let i = 0; i < 7; i++) {
      const page = await browser.newPage();
      await page.goto(`${server.url}ready.html`);
      const r = await page.waitForFunction(() => window.readyTimes, null, { timeout: 20000 });
      runs.push(await r.jsonValue());
      await page.close();
    }
    const med = (k) => {
      const s = runs.map((r) => r[k]).sort((a, b) => a - b);
      return +s[(s.length - 1) / 2].toFixed(1);
    };
    return { runs: runs.length, navigationToReadyMs: med('navigationToReady'), loadEventToReadyMs: med('loadToReady'), initMs: med('init') };
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---- report ---------------------------------------------------------------------------
const fmt = (ns) => (ns >= 1e4 ? `${(ns / 1000).toFixed(1)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns} ns`);
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.versions.node}, ${process.platform} ${process.arch}`;
const versions = Object.fromEntries(['tokenkit', 'jose', 'jwt-decode', 'jsonwebtoken', 'stream-chat'].map((n) => [n, n === 'tokenkit' ? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version : version(n)]));

console.log(`# tokenkit bench: ${new Date().toISOString()}`);
console.log(`${machine}; ${ROUNDS} rounds of ~${BATCH_MS} ms batches per subject; median ns/op`);
console.log(Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', '));

const results = [];
for (const group of groups()) {
  const rows = await runGroup(group);
  results.push({ op: group.op, input: group.input, rows });
  console.log(`\n### ${group.op}: ${group.input}\n`);
  console.log('| subject | median | its time ÷ tokenkit\'s |');
  console.log('|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${fmt(r.nsPerOp)} | ${r.name.startsWith('tokenkit') ? '1' : `${r.ratio}×`} |`);
}

const size = sizes();
console.log('\n### size of what a browser downloads (gzip -9)\n');
console.log('| build | .wasm | glue .js | snippet | total |');
console.log('|---|---:|---:|---:|---:|');
for (const [k, s] of Object.entries(size)) console.log(`| ${k} | ${s.wasmGzip} B | ${s.glueGzip} B | ${s.snippetGzip} B | **${s.totalGzip} B** |`);

const browser = process.argv.includes('--no-browser') ? { skipped: '--no-browser' } : await browserReady();
console.log('\n### headless Chromium: page load to module ready\n');
if (browser.skipped) console.log(`skipped: ${browser.skipped}`);
else console.log(`median of ${browser.runs} loads: navigation start → ready ${browser.navigationToReadyMs} ms; load event → ready ${browser.loadEventToReadyMs} ms; init() itself ${browser.initMs} ms`);

// ---- targets from the issue ---------------------------------------------------------
const row = (op, input, name) => results.find((g) => g.op === op && g.input === input).rows.find((r) => r.name === name);
const targets = [];
for (const input of Object.keys(inputs)) {
  const ours = row('decode', input, 'tokenkit decodeToken').nsPerOp;
  const jd = row('decode', input, 'jose decodeJwt').nsPerOp;
  targets.push([`decode ≤ jose.decodeJwt (${input})`, ours <= jd, `${fmt(ours)} vs ${fmt(jd)}`]);
  for (const op of ['sign HS256', 'verify HS256']) {
    const name = op === 'sign HS256' ? 'tokenkit createToken' : 'tokenkit verifyToken';
    const o = row(op, input, name).nsPerOp;
    const c = row(op, input, 'node:crypto createHmac').nsPerOp;
    const j = row(op, input, op === 'sign HS256' ? 'jose SignJWT' : 'jose jwtVerify').nsPerOp;
    targets.push([`${op} ≤ 1.0× node:crypto (${input})`, o <= c, `${(o / c).toFixed(2)}×`]);
    targets.push([`${op} ≥ 10× faster than jose (${input})`, j / o >= 10, `${(j / o).toFixed(1)}× faster`]);
  }
  const s = row('sign HS256', input, 'stream-chat createToken').nsPerOp;
  const o = row('sign HS256', input, 'tokenkit createToken').nsPerOp;
  targets.push([`createToken ≥ 100× faster than stream-chat (${input})`, s / o >= 100, `${(s / o).toFixed(1)}× faster`]);
}
targets.push(['size ≤ 40 KB = 40,000 B gzipped (core)', size.core.totalGzip <= 40000, `${size.core.totalGzip} B`]);
targets.push(['size ≤ 25 KB = 25,000 B gzipped (core, goal)', size.core.totalGzip <= 25000, `${size.core.totalGzip} B`]);
console.log('\n### targets\n');
console.log('| target | met | measured |');
console.log('|---|---|---|');
for (const [t, met, m] of targets) console.log(`| ${t} | ${met ? 'yes' : '**no**'} | ${m} |`);

writeFileSync(
  join(root, 'bench', 'results.json'),
  JSON.stringify({ date: new Date().toISOString(), machine, versions, rounds: ROUNDS, batchMs: BATCH_MS, results, size, browser, targets: targets.map(([target, met, measured]) => ({ target, met, measured })) }, null, 2) + '\n',
);
console.log('\nwrote bench/results.json');
