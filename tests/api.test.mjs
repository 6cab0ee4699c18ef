// The npm package in Node: imported by its own name (the "node" export, no init step),
// checked against Stream's vectors and cross-checked with jose, jsonwebtoken and stream-chat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import jwt from 'jsonwebtoken';
import { StreamChat } from 'stream-chat';
import { createToken, decodeToken, devToken, inspectToken, verifyToken, TokenError } from 'tokenkit';

const JOHN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU';
const JOHN_EXP = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw';
const b64url = (text) => Buffer.from(text).toString('base64url');
const tamper = (token) => {
  const [h, , s] = token.split('.');
  return `${h}.${b64url('{"user_id":"admin"}')}.${s}`;
};
const stream = new StreamChat('key', 'secret');

/** Asserts that `fn` throws a TokenError with `code`, and that the module still works after. */
function throwsCode(fn, code) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof TokenError, `expected a TokenError, got ${err}`);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'TokenError');
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.length > 20, `message should say what to do: ${err.message}`);
    return true;
  });
  assert.equal(createToken('secret', 'john'), JOHN, 'the module keeps working after an error');
}

test('Stream vectors', () => {
  assert.equal(createToken('secret', 'john'), JOHN);
  assert.equal(createToken('secret', 'john', { exp: 1700000000 }), JOHN_EXP);
  assert.equal(createToken(new TextEncoder().encode('secret'), 'john'), JOHN);
  assert.equal(createToken(Buffer.from('secret'), 'john', { exp: new Date(1700000000 * 1000) }), JOHN_EXP);
  assert.equal(devToken('john'), 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken');
});

test('byte-identical to stream-chat createToken for exp, iat and Unicode ids', () => {
  for (const [id, exp, iat] of [['john', undefined, undefined], ['john', 1700000000, 1690000000], ['山田 😀', 1700000000.5, undefined], ['a"b\\c\n', undefined, 1]]) {
    assert.equal(createToken('secret', id, { exp, iat }), stream.createToken(id, exp, iat), `${id} ${exp} ${iat}`);
  }
});

test('byte-identical to stream-chat for 3,000 random fractional exp and iat, read back exactly', () => {
  // mulberry32, seeded: a failure names a value that reproduces.
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  // Any double's worth of fraction, Date.now() / 1000's milliseconds, a few digits, a
  // tiny fraction, and up to the year 3000: each written as JSON.stringify writes it.
  const fractional = (i) => {
    const whole = 1.6e9 + Math.floor(random() * 4e8);
    switch (i % 5) {
      case 0: return whole + random() + random() * 2 ** -26;
      case 1: return Math.round((whole + random()) * 1000) / 1000;
      case 2: return whole + Math.floor(random() * 1000) / 100;
      case 3: return whole + random() * 1e-6;
      default: return 1e9 + random() * 3.15e10;
    }
  };
  for (let i = 0; i < 3000; i++) {
    const exp = fractional(i);
    const iat = i % 3 === 0 ? undefined : fractional(i + 1);
    const ours = createToken('secret', 'john', { exp, iat });
    assert.equal(ours, stream.createToken('john', exp, iat), `exp ${exp}, iat ${iat}`);
    const { payload } = decodeToken(ours);
    assert.equal(payload.exp, exp);
    assert.equal(inspectToken(ours, { now: 0 }).expiresAt, exp, `${exp} read back by tokenkit's own parser`);
    if (iat !== undefined) assert.equal(verifyToken(ours, 'secret', { now: 0 }).issuedAt, iat);
  }
});

test('devToken matches stream-chat for ASCII ids and is right where it is wrong', () => {
  assert.equal(devToken('john'), stream.devToken('john'));
  // stream-chat pads with '=' ("am8ifQ=="); tokenkit writes unpadded base64url, and decodes both.
  assert.equal(devToken('jo'), stream.devToken('jo').replace(/=+(?=\.)/, ''));
  const theirs = inspectToken(stream.devToken('jo'));
  assert.equal(theirs.userId, 'jo');
  assert.deepEqual(theirs.warnings.map((w) => w.code).slice(0, 2), ['dev_token', 'non_canonical_base64']);
  // stream-chat keeps the low byte of each UTF-16 unit: 山田 becomes "q0". tokenkit keeps UTF-8.
  assert.equal(decodeToken(stream.devToken('山田')).payload.user_id, 'q0');
  assert.equal(decodeToken(devToken('山田')).payload.user_id, '山田');
});

test('createToken options', () => {
  const now = 1700000000;
  assert.deepEqual(decodeToken(createToken('k', 'u', { iat: true, now: now + 0.9 })).payload, { user_id: 'u', iat: now });
  assert.deepEqual(decodeToken(createToken('k', 'u', { validityInSeconds: 3600, iat: true, now })).payload, { user_id: 'u', exp: now + 3600, iat: now });
  const t = createToken('k', 'u', { exp: 2e9, iat: 1e9, claims: { role: 'admin', 名前: '山田太郎', nested: { a: [1, 2.5, null] }, when: new Date(0) } });
  const payloadText = Buffer.from(t.split('.')[1], 'base64url').toString();
  assert.equal(payloadText, '{"user_id":"u","exp":2000000000,"iat":1000000000,"role":"admin","名前":"山田太郎","nested":{"a":[1,2.5,null]},"when":"1970-01-01T00:00:00.000Z"}');
  throwsCode(() => createToken('k', 'u', { exp: 1, validityInSeconds: 1 }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { claims: { user_id: 'other' } }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { claims: { exp: 1 } }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { claims: [1] }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { claims: { big: 1n } }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { exp: '1700000000' }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { exp: NaN }), 'invalid_options');
  throwsCode(() => createToken('k', 'u', { expiresIn: 60 }), 'invalid_options');
});

test('decodeToken', () => {
  const d = decodeToken(JOHN_EXP);
  assert.deepEqual(d, { header: { alg: 'HS256', typ: 'JWT' }, payload: { user_id: 'john', exp: 1700000000 }, signature: 'Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw', devToken: false });
  assert.equal(decodeToken(` ${JOHN}\n`).payload.user_id, 'john', 'pasted whitespace is ignored');
  assert.equal(decodeToken(devToken('x')).devToken, true);
});

test('inspectToken: status, times, warnings, claims', () => {
  const t = createToken('k', 'john', { exp: 1700000000, iat: 1699990000 });
  const i = inspectToken(t, { now: 1699999000 });
  assert.equal(i.status, 'valid');
  assert.equal(i.userId, 'john');
  assert.equal(i.issuedAt, 1699990000);
  assert.equal(i.expiresAt, 1700000000);
  assert.equal(i.notBefore, null);
  assert.equal(i.expiresIn, 1000);
  assert.equal(i.devToken, false);
  assert.deepEqual(i.header, { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(i.warnings, []);
  assert.deepEqual(i.claims.map((c) => [c.name, c.value, c.display]), [
    ['user_id', 'john', 'john'],
    ['exp', 1700000000, '1700000000 (2023-11-14T22:13:20Z)'],
    ['iat', 1699990000, '1699990000 (2023-11-14T19:26:40Z)'],
  ]);
  assert.match(i.claims[1].description, /[Ee]xpir/);
  assert.equal(inspectToken(t, { now: 1700000000 }).status, 'expired');
  assert.equal(inspectToken(t, { now: 1700000000, clockTolerance: 1 }).status, 'valid');
  assert.equal(inspectToken(t, { now: 1699989999 }).status, 'not_yet_valid');
  assert.equal(inspectToken(t, { now: 1700000001 }).expiresIn, -1);
  assert.equal(inspectToken(t, { now: 1699999000, userRevokedBefore: 1699990001 }).status, 'revoked');
  assert.equal(inspectToken(t, { now: 1699999000, userRevokedBefore: 1699990000 }).status, 'valid');
  assert.equal(inspectToken(t, { now: 1800000000, appRevokedBefore: '2023-11-15T00:00:00Z' }).status, 'revoked', 'revoked beats expired');
  assert.equal(inspectToken(t, { now: 1699999000, appRevokedBefore: new Date('2023-11-01') }).status, 'valid');
  assert.equal(inspectToken(JOHN, { appRevokedBefore: 0 }).status, 'revoked', 'no iat: revoked by any date');
  assert.deepEqual(inspectToken(JOHN).warnings.map((w) => w.code), ['no_exp', 'no_iat']);
  const future = createToken('k', 'u', { iat: 2000, exp: 5000 });
  assert.deepEqual(inspectToken(future, { now: 1000 }).warnings.map((w) => w.code), ['iat_in_future']);
  throwsCode(() => inspectToken(JOHN, { now: 'soon' }), 'invalid_options');
  throwsCode(() => inspectToken(JOHN, { clockTolerance: -1 }), 'invalid_options');
  throwsCode(() => inspectToken(JOHN, { appRevokedBefore: 'yesterday' }), 'invalid_options');
});

test('Unicode claims round-trip exactly', () => {
  const claims = { 名前: '山田太郎', emoji: '😀👍🏽🇯🇵', mixed: 'é\u0000\u2028' };
  const t = createToken('秘密', '山田', { claims });
  assert.deepEqual(verifyToken(t, '秘密').payload, { user_id: '山田', ...claims });
  assert.deepEqual(inspectToken(t).claims.find((c) => c.name === '名前').display, '山田太郎');
  // Long strings (200+ characters) reach the wasm by TextEncoder.encodeInto: ASCII-first,
  // non-ASCII-first and mixed, as secret, user id and token, equal to stream-chat's bytes.
  for (const id of ['a'.repeat(250), '名'.repeat(250), `${'a'.repeat(199)}名${'b'.repeat(100)}`]) {
    const secret = `${id}-secret`;
    const long = createToken(secret, id, { exp: 1700000000 });
    assert.equal(long, new StreamChat('key', secret).createToken(id, 1700000000));
    assert.equal(decodeToken(long).payload.user_id, id);
    assert.equal(verifyToken(long, secret, { now: 1690000000 }).userId, id);
  }
});

test('verifyToken: HS256/384/512 from jose, tampering, alg none, dev tokens', async () => {
  const key = new TextEncoder().encode('a-long-enough-secret-for-jose-hs512-keys-0123456789abcdef0123456789');
  for (const alg of ['HS256', 'HS384', 'HS512']) {
    const theirs = await new jose.SignJWT({ user_id: 'john' }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt(1700000000).sign(key);
    assert.equal(verifyToken(theirs, key, { now: 1700000001 }).userId, 'john');
    throwsCode(() => verifyToken(tamper(theirs), key), 'signature_invalid');
  }
  throwsCode(() => verifyToken(JOHN, 'wrong'), 'signature_invalid');
  throwsCode(() => verifyToken(devToken('john'), 'secret'), 'signature_invalid');
  const none = `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url('{"user_id":"john"}')}.`;
  throwsCode(() => verifyToken(none, 'secret'), 'unsupported_algorithm');
  const rs = `${b64url('{"alg":"RS256"}')}.${JOHN.split('.')[1]}.${JOHN.split('.')[2]}`;
  throwsCode(() => verifyToken(rs, 'secret'), 'unsupported_algorithm');
  throwsCode(() => verifyToken(JOHN, ''), 'invalid_secret');
});

test('HS256 under changing keys: each token is node:crypto\'s HMAC of its own key (the wasm keeps the last key\'s pad states)', async () => {
  const { createHmac } = await import('node:crypto');
  const keys = [];
  for (const len of [1, 2, 31, 32, 63, 64, 65, 100]) keys.push(Buffer.alloc(len, len), Buffer.alloc(len, len + 1), `${'k'.repeat(len - 1)}é`);
  // Each key after every other, so a kept key is reused, replaced and compared against a
  // key one byte or one length away.
  for (const round of [keys, [...keys].reverse(), keys.flatMap((k) => [k, keys[0]])]) {
    for (const key of round) {
      const token = createToken(key, 'john', { exp: 1700000000 });
      const [h, p, sig] = token.split('.');
      assert.equal(sig, createHmac('sha256', key).update(`${h}.${p}`).digest('base64url'), `key ${JSON.stringify(String(key))}`);
      assert.equal(verifyToken(token, key, { now: 1690000000 }).userId, 'john');
      // One byte different (not one zero byte longer: HMAC pads keys with zeros, so `k` and
      // `k\0` are the same key, in node:crypto as here).
      const other = typeof key === 'string' ? `${key.slice(0, -1)}x` : Buffer.from(key.map((b, i) => (i === key.length - 1 ? b ^ 1 : b)));
      throwsCode(() => verifyToken(token, other), 'signature_invalid');
    }
  }
});

test('tokenkit tokens verify in jose and jsonwebtoken; tampered ones fail in both', async () => {
  const t = createToken('secret', 'john', { exp: 4102444800, iat: true, claims: { 名前: '山田太郎' } });
  const { payload } = await jose.jwtVerify(t, new TextEncoder().encode('secret'));
  assert.equal(payload.user_id, 'john');
  assert.equal(payload['名前'], '山田太郎');
  assert.equal(jwt.verify(t, 'secret').user_id, 'john');
  await assert.rejects(jose.jwtVerify(tamper(t), new TextEncoder().encode('secret')), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  assert.throws(() => jwt.verify(tamper(t), 'secret'), { name: 'JsonWebTokenError', message: 'invalid signature' });
  throwsCode(() => verifyToken(tamper(t), 'secret'), 'signature_invalid');
});

test('jsonwebtoken and jose tokens verify in tokenkit; jsonwebtoken makes the same bytes', async () => {
  const theirs = jwt.sign({ user_id: 'john', exp: 1700000000 }, 'secret', { noTimestamp: true });
  assert.equal(theirs, JOHN_EXP);
  assert.equal(verifyToken(theirs, 'secret', { now: 1 }).status, 'valid');
  const joseToken = await new jose.SignJWT({ user_id: 'john' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(4102444800).sign(new TextEncoder().encode('secret'));
  assert.equal(verifyToken(joseToken, 'secret').userId, 'john');
  throwsCode(() => verifyToken(tamper(joseToken), 'secret'), 'signature_invalid');
});

test('every error code, each from the JavaScript API', () => {
  const seen = new Set();
  const cases = [
    ['malformed', () => decodeToken('a.b')],
    ['malformed', () => decodeToken('.eyJ9.x')],
    ['malformed', () => decodeToken(undefined)],
    ['malformed', () => decodeToken(new TextEncoder().encode(JOHN))],
    ['malformed', () => decodeToken('\ud800.b.c')],
    ['too_large', () => decodeToken('a'.repeat(65537))],
    ['invalid_base64', () => decodeToken('eyJ*.eyJ9.x')],
    ['invalid_base64', () => decodeToken('eyJhbGciOiJIUzI1NiJ9=.eyJ9.x')],
    ['invalid_json', () => decodeToken(`${b64url('{"alg":')}.${b64url('{}')}.x`)],
    ['invalid_json', () => decodeToken(`${Buffer.from([0xff, 0xfe]).toString('base64url')}.${b64url('{}')}.x`)],
    ['invalid_json', () => decodeToken(`${b64url('{"alg":"HS256"}')}.${b64url('{"a":1,"a":2}')}.x`)],
    ['invalid_header', () => decodeToken(`${b64url('[]')}.${b64url('{}')}.x`)],
    ['invalid_header', () => decodeToken(`${b64url('{"typ":"JWT"}')}.${b64url('{}')}.x`)],
    ['invalid_claims', () => decodeToken(`${b64url('{"alg":"HS256"}')}.${b64url('"john"')}.x`)],
    ['invalid_claims', () => inspectToken(`${b64url('{"alg":"HS256"}')}.${b64url('{"exp":"soon"}')}.x`)],
    ['invalid_claims', () => inspectToken(`${b64url('{"alg":"HS256"}')}.${b64url('{"user_id":42}')}.x`)],
    ['unsupported_algorithm', () => verifyToken(`${b64url('{"alg":"none"}')}.${b64url('{}')}.`, 'k')],
    ['signature_invalid', () => verifyToken(JOHN, 'not-the-secret')],
    ['invalid_secret', () => createToken('', 'john')],
    ['invalid_secret', () => verifyToken(JOHN, null)],
    ['invalid_user_id', () => createToken('secret', '')],
    ['invalid_user_id', () => createToken('secret', 42)],
    ['invalid_user_id', () => devToken(undefined)],
    ['invalid_options', () => createToken('secret', 'john', 'one hour')],
    ['invalid_options', () => inspectToken(JOHN, { now: NaN })],
  ];
  for (const [code, fn] of cases) {
    throwsCode(fn, code);
    seen.add(code);
  }
  const documented = ['malformed', 'too_large', 'invalid_base64', 'invalid_json', 'invalid_header', 'invalid_claims', 'unsupported_algorithm', 'signature_invalid', 'invalid_secret', 'invalid_user_id', 'invalid_options'];
  assert.deepEqual([...seen].sort(), [...documented].sort());
});

test('lenient decoding: padding and the standard alphabet, each with a warning', () => {
  const [h, p, s] = JOHN.split('.');
  const padded = `${h}.${p}==.${s}`.replace('eyJ1c2VyX2lkIjoiam9obiJ9==', b64url('{"user_id":"jo"}') + '==');
  assert.equal(decodeToken(padded).payload.user_id, 'jo');
  assert.ok(inspectToken(padded).warnings.some((w) => w.code === 'non_canonical_base64'));
  const standard = `${h}.${Buffer.from('{"user_id":"??>"}').toString('base64')}.${s}`;
  assert.match(standard, /[+/]/);
  assert.equal(decodeToken(standard).payload.user_id, '??>');
  assert.ok(inspectToken(standard).warnings.some((w) => w.code === 'non_canonical_base64'));
});

test('options are the own enumerable properties of a plain object, also through a Proxy or without a prototype', () => {
  const JOHN_EXP = createToken('secret', 'john', { exp: 1700000000 });
  assert.equal(createToken('secret', 'john', Object.assign(Object.create(null), { exp: 1700000000 })), JOHN_EXP);
  assert.equal(createToken('secret', 'john', new Proxy({ exp: 1700000000 }, {})), JOHN_EXP);
  // A Node Buffer is a Uint8Array, read as its bytes.
  assert.equal(createToken(Buffer.from('secret'), 'john', { exp: 1700000000 }), JOHN_EXP);
  // Messages name what each option wants.
  const message = (fn) => {
    try {
      fn();
    } catch (e) {
      return e.message;
    }
  };
  assert.match(message(() => createToken('secret', 'john', { claims: NaN })), /claims must be an object \(got NaN\)/);
  assert.match(message(() => createToken('secret', 'john', { validityInSeconds: NaN })), /validityInSeconds must be a finite number of seconds \(got NaN\)/);
  assert.match(message(() => createToken('secret', 'john', { exp: NaN })), /exp must be unix seconds, a valid Date or an ISO 8601 string/);
  assert.match(message(() => createToken('secret', 'john', new Map())), /must be a plain object like .*not a Map/);
});
