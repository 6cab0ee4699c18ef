// Tokens published by others, each verified with its published key through the npm
// package, and each tampering refused with its exact code:
//   RFC 7515 (JWS) Appendix A.1: HS256, the key as a JWK "k";
//   RFC 7519 (JWT) §3.1: the same token, as the JWT spec's example (and §6.1, its
//     unsecured twin);
//   RFC 7520 (JOSE cookbook) §4.4: HS256 with a "kid", the §3.5 symmetric key, over a
//     payload of prose (not JSON claims): the signature math is checked with node:crypto,
//     and tokenkit, which reads only JSON-object claims, refuses it with exactly
//     invalid_json; the same header and key over JSON claims then verify in tokenkit;
//   jwt.io's default token, secret "your-256-bit-secret".
// The vectors are copied from the RFCs' text; node:crypto checks them independently first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeToken, inspectToken, verifyToken, TokenError } from 'tokenkit';

/** A JWK "k" (base64url) as the key's bytes. */
const jwkKey = (k) => new Uint8Array(Buffer.from(k, 'base64url'));
const b64u = (text) => Buffer.from(text).toString('base64url');
const unb64u = (segment) => Buffer.from(segment, 'base64url').toString();
const hs256 = (key, signingInput) => createHmac('sha256', key).update(signingInput).digest('base64url');

/** Asserts that `fn` throws a TokenError with `code`; returns its message. */
function code(fn, expected) {
  let caught;
  assert.throws(fn, (e) => {
    caught = e;
    return e instanceof TokenError;
  });
  assert.equal(caught.code, expected, caught.message);
  return caught.message;
}

/** Another valid base64url character in place of the one at `at`. */
function flip(segment, at) {
  const c = segment[at];
  return segment.slice(0, at) + (c === 'A' ? 'B' : 'A') + segment.slice(at + 1);
}

/**
 * The tamperings every verified vector must refuse: a changed payload (re-encoded, so it
 * still decodes), a changed signature character, a wrong key, and the alg changed to
 * another HMAC, to none and to RS256 (the header re-encoded with only alg changed).
 */
function refusesTampering(token, key, { payloadFrom, payloadTo }) {
  const [h, p, s] = token.split('.');
  const payload = unb64u(p);
  assert.ok(payload.includes(payloadFrom), `the payload holds ${payloadFrom}`);
  code(() => verifyToken(`${h}.${b64u(payload.replace(payloadFrom, payloadTo))}.${s}`, key), 'signature_invalid');
  for (const at of [0, 10, s.length - 2]) code(() => verifyToken(`${h}.${p}.${flip(s, at)}`, key), 'signature_invalid');
  const wrongKey = typeof key === 'string' ? `${key}x` : key.map((b, i) => (i === key.length - 1 ? b ^ 1 : b));
  code(() => verifyToken(token, wrongKey), 'signature_invalid');
  const header = unb64u(h);
  assert.match(header, /"alg":\s*"HS256"/);
  const withAlg = (alg) => `${b64u(header.replace(/"alg":(\s*)"HS256"/, `"alg":$1"${alg}"`))}.${p}.${s}`;
  code(() => verifyToken(withAlg('HS384'), key), 'signature_invalid');
  code(() => verifyToken(withAlg('HS512'), key), 'signature_invalid');
  code(() => verifyToken(withAlg('none'), key), 'unsupported_algorithm');
  code(() => verifyToken(withAlg('RS256'), key), 'unsupported_algorithm');
  code(() => verifyToken(`${withAlg('none').split('.').slice(0, 2).join('.')}.`, key), 'unsupported_algorithm');
}

// RFC 7515 Appendix A.1 (and RFC 7519 §3.1, which shows the same token).
const RFC7515_A1 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9' +
  '.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ' +
  '.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC7515_A1_K = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';
const RFC7519_3_1 = RFC7515_A1;
// RFC 7519 §6.1: the same claims, unsecured ("alg":"none", empty signature).
const RFC7519_6_1 = 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.';

// RFC 7520 §4.4 (Figure 34), with the §3.5 symmetric key (Figure 5).
const RFC7520_4_4 =
  'eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9' +
  '.SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4' +
  '.s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0';
const RFC7520_3_5_K = 'hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg';
const RFC7520_PAYLOAD = 'It’s a dangerous business, Frodo, going out your door. You step onto the road, and if you don\'t keep your feet, there’s no knowing where you might be swept off to.';

// jwt.io's default token.
const JWT_IO = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const JWT_IO_SECRET = 'your-256-bit-secret';

test('the vectors are what their sources say (checked with node:crypto, not tokenkit)', () => {
  for (const [token, key] of [[RFC7515_A1, jwkKey(RFC7515_A1_K)], [RFC7520_4_4, jwkKey(RFC7520_3_5_K)], [JWT_IO, JWT_IO_SECRET]]) {
    const [h, p, s] = token.split('.');
    assert.equal(hs256(key, `${h}.${p}`), s);
  }
  assert.equal(jwkKey(RFC7515_A1_K).length, 64);
  assert.equal(jwkKey(RFC7520_3_5_K).length, 32);
  assert.equal(unb64u(RFC7515_A1.split('.')[0]), '{"typ":"JWT",\r\n "alg":"HS256"}');
  assert.equal(unb64u(RFC7520_4_4.split('.')[1]), RFC7520_PAYLOAD);
});

test('RFC 7515 A.1 / RFC 7519 §3.1: verified with the JWK key, expired since 2011, every tampering refused', () => {
  const key = jwkKey(RFC7515_A1_K);
  const before = verifyToken(RFC7519_3_1, key, { now: 1300819379 });
  assert.equal(before.status, 'valid');
  assert.deepEqual(before.header, { typ: 'JWT', alg: 'HS256' });
  assert.deepEqual(before.payload, { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  assert.equal(before.expiresAt, 1300819380);
  assert.equal(before.expiresIn, 1);
  assert.equal(before.userId, null);
  assert.deepEqual(before.warnings.map((w) => w.code), ['no_user_id', 'no_iat']);
  assert.equal(verifyToken(RFC7515_A1, key).status, 'expired');
  assert.equal(verifyToken(RFC7515_A1, key, { now: 1300819380 }).status, 'expired');
  assert.deepEqual(decodeToken(RFC7515_A1).payload, before.payload);
  refusesTampering(RFC7515_A1, key, { payloadFrom: '"joe"', payloadTo: '"eve"' });
  // The key as text is another key: the JWK "k" must be decoded to its 64 bytes.
  code(() => verifyToken(RFC7515_A1, RFC7515_A1_K), 'signature_invalid');
});

test('RFC 7519 §6.1: the unsecured JWT decodes but never verifies', () => {
  assert.deepEqual(decodeToken(RFC7519_6_1).header, { alg: 'none' });
  assert.equal(inspectToken(RFC7519_6_1, { now: 0 }).warnings[0].code, 'unsupported_algorithm');
  code(() => verifyToken(RFC7519_6_1, jwkKey(RFC7515_A1_K)), 'unsupported_algorithm');
});

test('RFC 7520 §4.4: the MAC is right, and tokenkit refuses the prose payload as invalid_json', () => {
  const key = jwkKey(RFC7520_3_5_K);
  const [h, p, s] = RFC7520_4_4.split('.');
  assert.equal(hs256(key, `${h}.${p}`), s, 'the published signature is the HMAC-SHA-256 of the signing input under the §3.5 key');
  // tokenkit reads only JWTs, whose payload is a JSON object of claims; this one is a
  // sentence, so decoding (which verifyToken does before the signature) refuses it.
  assert.match(code(() => decodeToken(RFC7520_4_4), 'invalid_json'), /payload is not valid JSON/);
  code(() => inspectToken(RFC7520_4_4), 'invalid_json');
  code(() => verifyToken(RFC7520_4_4, key), 'invalid_json');
  // §4.5, the same signature with the payload detached: an empty payload segment.
  code(() => verifyToken(`${h}..${s}`, key), 'malformed');
});

test('RFC 7520 §4.4 header and §3.5 key over JSON claims: verified, with its kid, every tampering refused', () => {
  const key = jwkKey(RFC7520_3_5_K);
  const h = RFC7520_4_4.split('.')[0];
  const p = b64u('{"user_id":"frodo","iat":1400000000,"exp":4102444800}');
  const token = `${h}.${p}.${hs256(key, `${h}.${p}`)}`;
  const i = verifyToken(token, key, { now: 1400000001 });
  assert.equal(i.status, 'valid');
  assert.equal(i.userId, 'frodo');
  assert.deepEqual(i.header, { alg: 'HS256', kid: '018c0ae5-4d9b-471b-bfd6-eef314bc7037' });
  refusesTampering(token, key, { payloadFrom: '"frodo"', payloadTo: '"sauron"' });
});

test("jwt.io's default token: verified with its secret as text and as bytes, every tampering refused", () => {
  for (const secret of [JWT_IO_SECRET, new TextEncoder().encode(JWT_IO_SECRET)]) {
    const i = verifyToken(JWT_IO, secret, { now: 1516239023 });
    assert.equal(i.status, 'valid');
    assert.deepEqual(i.payload, { sub: '1234567890', name: 'John Doe', iat: 1516239022 });
    assert.equal(i.issuedAt, 1516239022);
    assert.deepEqual(i.warnings.map((w) => w.code), ['no_user_id', 'no_exp']);
  }
  assert.equal(verifyToken(JWT_IO, JWT_IO_SECRET, { now: 1516239021 }).status, 'not_yet_valid', 'iat is in the future then');
  refusesTampering(JWT_IO, JWT_IO_SECRET, { payloadFrom: '"John Doe"', payloadTo: '"Jane Doe"' });
});

test('RFC 7515 §4.1.11 and RFC 7797: a crit header is refused, naming the extension, even when correctly signed', () => {
  const key = jwkKey(RFC7515_A1_K);
  const sign = (header, payload) => {
    const signingInput = `${b64u(header)}.${b64u(payload)}`;
    return `${signingInput}.${hs256(key, signingInput)}`;
  };
  // RFC 7797 §3's header for an unencoded payload ("b64": false), over JSON claims.
  const b64 = sign('{"alg":"HS256","b64":false,"crit":["b64"]}', '{"user_id":"john"}');
  assert.match(code(() => verifyToken(b64, key), 'invalid_header'), /\["b64"\]: extensions that tokenkit does not implement/);
  code(() => inspectToken(b64), 'invalid_header');
  assert.deepEqual(decodeToken(b64).header.crit, ['b64'], 'decodeToken still shows it');
  // RFC 7515 §4.1.11's own example lists "exp" (there with ES256; here signed with HS256).
  const exp = sign('{"alg":"HS256",\r\n "crit":["exp"],\r\n "exp":1363284000\r\n}', '{"user_id":"john"}');
  assert.match(code(() => verifyToken(exp, key), 'invalid_header'), /\["exp"\]/);
  // Malformed crit lists are refused the same way.
  for (const header of ['{"alg":"HS256","crit":[]}', '{"alg":"HS256","crit":"b64","b64":false}', '{"alg":"HS256","crit":["alg"]}', '{"alg":"HS256","crit":["b64"]}']) {
    code(() => verifyToken(sign(header, '{"user_id":"john"}'), key), 'invalid_header');
  }
});
