// The Chromium half of `npm run bench`: bundled by esbuild (with jose, jwt-decode and
// tokenkit's browser entry, js/index.js) and run in headless Chromium by bench/run.mjs,
// which calls `window.tokenkitBench.run(i, …)` group by group. Same inputs and method as
// the Node bench (bench/method.mjs); the clock is performance.now() (the page is
// cross-origin isolated, so its resolution is 5 µs, not 100 µs, against ~8 ms batches).
import init, { createToken, decodeToken, devToken, verifyToken } from '../js/index.js';
import * as jose from 'jose';
import { jwtDecode } from 'jwt-decode';
import { SECRET, HEADER_B64, DEV_JOHN, makeInputs, floorsGroup, runGroup, sameJson, expectEqual } from './method.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const KEY = encoder.encode(SECRET);

// The platform's own base64url: Uint8Array.prototype.toBase64 / Uint8Array.fromBase64
// where the browser has them (Chromium 140+), else btoa/atob.
const native64 = typeof Uint8Array.prototype.toBase64 === 'function' && typeof Uint8Array.fromBase64 === 'function';
const toB64url = native64
  ? (bytes) => bytes.toBase64({ alphabet: 'base64url', omitPadding: true })
  : (bytes) => {
      let bin = '';
      for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    };
function atobBytes(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
const fromB64url = native64 ? (s) => Uint8Array.fromBase64(s, { alphabet: 'base64url' }) : atobBytes;

// ---- baselines written by hand --------------------------------------------------------
function handDecodeAtob(token) {
  const [h, p, signature] = token.split('.');
  return { header: JSON.parse(decoder.decode(atobBytes(h))), payload: JSON.parse(decoder.decode(atobBytes(p))), signature };
}
function handDecodeNative(token) {
  const [h, p, signature] = token.split('.');
  return { header: JSON.parse(decoder.decode(fromB64url(h))), payload: JSON.parse(decoder.decode(fromB64url(p))), signature };
}
async function subtleSign(key, payload) {
  const data = `${HEADER_B64}.${toB64url(encoder.encode(JSON.stringify(payload)))}`;
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(data));
  return `${data}.${toB64url(new Uint8Array(mac))}`;
}
async function subtleVerify(key, token) {
  const dot = token.lastIndexOf('.');
  const ok = await crypto.subtle.verify('HMAC', key, fromB64url(token.slice(dot + 1)), encoder.encode(token.slice(0, dot)));
  if (!ok) throw new Error('signature');
  const payload = JSON.parse(decoder.decode(fromB64url(token.slice(token.indexOf('.') + 1, dot))));
  if (typeof payload.exp === 'number' && Date.now() / 1000 >= payload.exp) throw new Error('expired');
  return payload;
}

// ---- groups: each subject is [name, fn, check(output), isAsync] -----------------------
function groups(inputs, cryptoKey) {
  const out = [];
  const check = (ok, what) => {
    if (!ok) throw new Error(what);
  };
  for (const [label, input] of Object.entries(inputs)) {
    const t = input.token;
    const samePayload = (p) => check(sameJson(p, input.payload), 'payload differs');
    out.push({
      op: 'decode',
      input: label,
      subjects: [
        ['tokenkit decodeToken', () => decodeToken(t), (r) => samePayload(r.payload)],
        ['jose decodeJwt', () => jose.decodeJwt(t), samePayload],
        ['jwt-decode', () => jwtDecode(t), samePayload],
        ['hand-written split+atob+TextDecoder+JSON.parse', () => handDecodeAtob(t), (r) => samePayload(r.payload)],
        [`hand-written split+${native64 ? 'Uint8Array.fromBase64' : 'atob'}+TextDecoder+JSON.parse`, () => handDecodeNative(t), (r) => samePayload(r.payload)],
      ],
    });
    const expectToken = (r) => expectEqual(r, t);
    const jwt = () => new jose.SignJWT(input.payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' });
    out.push({
      op: 'sign HS256',
      input: label,
      subjects: [
        ['tokenkit createToken', () => createToken(SECRET, input.userId, input.options), expectToken],
        ['jose SignJWT (Uint8Array secret)', () => jwt().sign(KEY), expectToken, true],
        ['jose SignJWT (CryptoKey)', () => jwt().sign(cryptoKey), expectToken, true],
        ['crypto.subtle.sign (CryptoKey)', () => subtleSign(cryptoKey, input.payload), expectToken, true],
      ],
    });
    out.push({
      op: 'verify HS256',
      input: label,
      subjects: [
        ['tokenkit verifyToken', () => verifyToken(t, SECRET), (r) => (samePayload(r.payload), expectEqual(r.status, 'valid'))],
        ['jose jwtVerify (Uint8Array secret)', () => jose.jwtVerify(t, KEY, { algorithms: ['HS256'] }), (r) => samePayload(r.payload), true],
        ['jose jwtVerify (CryptoKey)', () => jose.jwtVerify(t, cryptoKey, { algorithms: ['HS256'] }), (r) => samePayload(r.payload), true],
        ['crypto.subtle.verify (CryptoKey)', () => subtleVerify(cryptoKey, t), samePayload, true],
      ],
    });
  }
  out.push(floorsGroup({ createToken, devToken }, inputs));
  return out;
}

const clock = () => performance.now() * 1e6;

/** The smallest step performance.now() takes, in µs (the clock's resolution). */
function resolution() {
  let best = Infinity;
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    let b = a;
    while (b === a) b = performance.now();
    best = Math.min(best, b - a);
  }
  return +(best * 1000).toFixed(1);
}

const ready = (async () => {
  await init({ module_or_path: '/pkg/tokenkit_bg.wasm' });
  expectEqual(devToken('john'), DEV_JOHN);
  const cryptoKey = await crypto.subtle.importKey('raw', KEY, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const all = groups(makeInputs(createToken), cryptoKey);
  return {
    all,
    info: {
      userAgent: navigator.userAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      clockResolutionUs: resolution(),
      nativeBase64: native64,
      groups: all.map((g) => ({ op: g.op, input: g.input })),
    },
  };
})();

window.tokenkitBench = {
  info: async () => (await ready).info,
  run: async (i, { rounds, batchMs }) => {
    const g = (await ready).all[i];
    return { op: g.op, input: g.input, rows: await runGroup(g, { rounds, batchMs, clock }) };
  },
};
