// What the Node bench (bench/run.mjs) and the Chromium page (bench/browser.mjs) share, so
// both measure the same inputs the same way: the inputs, the check-then-time method, and
// the floors group.
//
// Method: every subject's output is checked before it is timed; each subject is warmed
// up (~50 ms) and given a batch size of about `batchMs`; then, round after round, every
// subject runs one batch, in an order that rotates each round, so machine noise hits all
// of them alike. The figure is the median ns/op over the rounds; the ratio is the
// subject's median over the group's first subject's (tokenkit's).

export const SECRET = 'a-fairly-long-api-secret-for-the-benchmark-0123456789';
export const HEADER_B64 = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'; // {"alg":"HS256","typ":"JWT"}
export const DEV_JOHN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken';

/** The three inputs; `createToken` (tokenkit's) makes each input's token. */
export function makeInputs(createToken) {
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
    input.token = createToken(SECRET, input.userId, input.options);
  }
  return inputs;
}

// ---- floors ------------------------------------------------------------------------------
// No export does only "cross the boundary" or only "HMAC-SHA256": the floors are read off
// the cheapest real calls, timed together in one group (same rounds):
//   boundary: devToken('john'): 4 characters in, 70 out, an 18-byte JSON and its base64 in
//     between; and devToken of a 150-character id (150 in, 265 out) for the input's share.
//   HMAC, from above: createToken(secret, 'john') − devToken('john') (HMAC of the 61-byte
//     signing input, plus reading the 53-character secret and the signature's base64).
//     The wasm keeps the last key's two pad blocks compressed (src/algorithm.rs), and the
//     bench signs with one key, so this is 3 of the 5 blocks below.
//   HMAC, from below: a 3,076-character id adds exactly 64 SHA-256 blocks to the HMAC's
//     inner hash; [createToken − devToken](long id) − [createToken − devToken]('john'),
//     over 64, is the cost of one block (both calls read the id and base64 the payload
//     alike, so that work cancels). HMAC-SHA256 of 61 or of 100 bytes with a 53-byte key is
//     5 blocks (3 inner, 2 outer): 5 × that is the compression work alone, the full HMAC
//     the floor means; 3 × is what tokenkit hashes with a kept key.
export const HMAC_KEPT_KEY_BLOCKS = 3;
export const ID_150 = 'u'.repeat(150);
export const LONG_ID = 'x'.repeat(4 + 48 * 64);
export const EXTRA_BLOCKS = 64;
export const HMAC_100_BLOCKS = 5;
export const FLOOR_NAMES = {
  dev: "devToken('john')",
  dev150: 'devToken(150-character id)',
  create: "createToken(secret, 'john')",
  createLong: 'createToken(secret, 3,076-character id)',
  devLong: 'devToken(3,076-character id)',
};

export function floorsGroup(tk, inputs) {
  const prefix = (t) => t.slice(0, t.lastIndexOf('.'));
  return {
    op: 'floors',
    input: 'boundary and HMAC',
    subjects: [
      [FLOOR_NAMES.dev, () => tk.devToken('john'), (r) => expectEqual(r, DEV_JOHN)],
      [FLOOR_NAMES.dev150, () => tk.devToken(ID_150), (r) => expectEqual(r.length, 36 + 1 + 219 + 1 + 8)],
      [FLOOR_NAMES.create, () => tk.createToken(SECRET, 'john'), (r) => expectEqual(r, inputs.short.token)],
      [FLOOR_NAMES.createLong, () => tk.createToken(SECRET, LONG_ID), (r) => expectEqual(prefix(r), prefix(tk.devToken(LONG_ID)))],
      [FLOOR_NAMES.devLong, () => tk.devToken(LONG_ID), (r) => expectEqual(r.length, 36 + 1 + 4120 + 1 + 8)],
    ],
  };
}

/** The floors, in ns, from the floors group's rows. */
export function floors(rows) {
  const ns = (name) => rows.find((r) => r.name === name).nsPerOp;
  const boundary = ns(FLOOR_NAMES.dev);
  const perBlock = (ns(FLOOR_NAMES.createLong) - ns(FLOOR_NAMES.devLong) - (ns(FLOOR_NAMES.create) - ns(FLOOR_NAMES.dev))) / EXTRA_BLOCKS;
  return {
    boundary,
    boundary150: ns(FLOOR_NAMES.dev150),
    createToken: ns(FLOOR_NAMES.create),
    hmacFromAbove: ns(FLOOR_NAMES.create) - boundary,
    sha256Block: Math.round(perBlock),
    hmacFromBelow: Math.round(perBlock * HMAC_100_BLOCKS),
    hmacKeptKey: Math.round(perBlock * HMAC_KEPT_KEY_BLOCKS),
  };
}

// ---- checks ------------------------------------------------------------------------------
export function expectEqual(actual, expected) {
  if (actual !== expected) throw new Error(`expected ${String(expected).slice(0, 80)}, got ${String(actual).slice(0, 80)}`);
}

/** Deep equality of JSON values (key order ignored), as node:assert's deepStrictEqual for them. */
export function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

// ---- timing ------------------------------------------------------------------------------
let sink; // keeps results alive so no call is optimised away

async function batch(fn, isAsync, n, clock) {
  const start = clock();
  if (isAsync) for (let i = 0; i < n; i++) sink = await fn();
  else for (let i = 0; i < n; i++) sink = fn();
  return (clock() - start) / n;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Checks, warms up and times one group: { op, input, subjects: [[name, fn, check, isAsync]] }.
 * `clock()` returns nanoseconds as a Number. Resolves to [{ name, nsPerOp, ratio }].
 */
export async function runGroup(group, { rounds, batchMs, clock }) {
  const subjects = [];
  for (const [name, fn, check, isAsync = false] of group.subjects) {
    try {
      check(isAsync ? await fn() : fn());
    } catch (e) {
      throw new Error(`${group.op} (${group.input}): ${name} gave a wrong result: ${e.message}`);
    }
    // Warm up for ~50 ms, then size batches to about batchMs.
    let n = 1;
    let per = await batch(fn, isAsync, n, clock);
    for (const until = Date.now() + 50; Date.now() < until; ) per = await batch(fn, isAsync, (n = Math.min(n * 2, 1 << 16)), clock);
    subjects.push({ name, fn, isAsync, n: Math.max(1, Math.round((batchMs * 1e6) / Math.max(per, 1))), samples: [] });
  }
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < subjects.length; i++) {
      const s = subjects[(i + round) % subjects.length];
      s.samples.push(await batch(s.fn, s.isAsync, s.n, clock));
    }
  }
  const ours = median(subjects[0].samples);
  return subjects.map((s) => {
    const ns = median(s.samples);
    return { name: s.name, nsPerOp: Math.round(ns), ratio: +(ns / ours).toFixed(3) };
  });
}
