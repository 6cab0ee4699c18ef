// The bad-input table: hostile or broken tokens, secrets, ids and options, each with the
// exact TokenError code it must give. Plain ES module with no Node imports, so the same
// table runs in Node (tests/bad_inputs.test.mjs) and in Chromium (the page it serves).
// Each case is [name, code, (tk) => call], where tk is the tokenkit module.

const utf8 = new TextEncoder();
/** base64url without padding, of a string (as UTF-8) or of bytes. */
export function b64u(input) {
  const bytes = typeof input === 'string' ? utf8.encode(input) : input;
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const HS256 = '{"alg":"HS256","typ":"JWT"}';
/** A token from header and payload JSON texts (or bytes), with a dummy signature. */
const tok = (payload, header = HS256, signature = 'c2lnbmF0dXJl') => `${b64u(header)}.${b64u(payload)}.${signature}`;
const GOOD = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU';
const [GOOD_H, GOOD_P, GOOD_S] = GOOD.split('.');
const LONE = 'jo\uD800hn';
// Correctly signed with 'secret' (node:crypto), so that verifyToken gets past the signature.
const SIGNED_EXP_NULL = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6bnVsbH0.ZxY8FtHvDQUf2GmAmg0dxSY0PxgH9MydFL7wIaOfyeA'; // {"user_id":"john","exp":null}
const SIGNED_USER_ID_NULL = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjpudWxsfQ.r3nHF7TBWWZEFuEa2y3r_WUuzbwGrGG_IADjWoReWfg'; // {"user_id":null}
const SIGNED_CRIT_B64 = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.eyJ1c2VyX2lkIjoiam9obiJ9.UGptVdawZyRfNSVpnrAfG5DPPSEuyyaNTsxbbK3AFbY'; // header {"alg":"HS256","typ":"JWT","b64":false,"crit":["b64"]}
const cyclic = () => {
  const o = { a: 1 };
  o.self = o;
  return o;
};

/** @type {Array<[string, string, (tk: any) => unknown]>} */
export const cases = [
  // Segment counts and empty parts
  ['empty string', 'malformed', (tk) => tk.decodeToken('')],
  ['whitespace only', 'malformed', (tk) => tk.decodeToken(' \n\t ')],
  ['one segment', 'malformed', (tk) => tk.decodeToken('abc')],
  ['two segments', 'malformed', (tk) => tk.decodeToken(`${GOOD_H}.${GOOD_P}`)],
  ['four segments', 'malformed', (tk) => tk.decodeToken(`${GOOD}.x`)],
  ['only dots', 'malformed', (tk) => tk.decodeToken('....')],
  ['empty header segment', 'malformed', (tk) => tk.decodeToken(`.${GOOD_P}.${GOOD_S}`)],
  ['empty payload segment', 'malformed', (tk) => tk.decodeToken(`${GOOD_H}..${GOOD_S}`)],
  ['two segments to verifyToken', 'malformed', (tk) => tk.verifyToken(`${GOOD_H}.${GOOD_P}`, 'secret')],
  ['a JWE-like five-segment token', 'malformed', (tk) => tk.inspectToken('a.b.c.d.e')],

  // Not a string where a token is expected
  ['null token', 'malformed', (tk) => tk.decodeToken(null)],
  ['undefined token', 'malformed', (tk) => tk.decodeToken(undefined)],
  ['number token', 'malformed', (tk) => tk.decodeToken(42)],
  ['object token', 'malformed', (tk) => tk.inspectToken({ token: GOOD })],
  ['Uint8Array token', 'malformed', (tk) => tk.decodeToken(utf8.encode(GOOD))],
  ['String object token', 'malformed', (tk) => tk.decodeToken(new String(GOOD))],
  ['array token', 'malformed', (tk) => tk.verifyToken([GOOD], 'secret')],
  ['lone surrogate in the token', 'malformed', (tk) => tk.decodeToken(`${GOOD_H}.${GOOD_P}.\uDC00`)],
  // Strings of 200+ characters reach the wasm by TextEncoder.encodeInto (scripts/build.mjs):
  // a lone surrogate there must be caught the same way.
  ['lone surrogate at the end of a 300-character token', 'malformed', (tk) => tk.decodeToken(`${GOOD_H}.${GOOD_P}.${'A'.repeat(300)}\uD800`)],

  // Base64
  ['"!" in the header', 'invalid_base64', (tk) => tk.decodeToken(`e!.${GOOD_P}.x`)],
  ['space inside the payload', 'invalid_base64', (tk) => tk.decodeToken(`${GOOD_H}.eyJ1c2Vy X2lkIjoiam9obiJ9.x`)],
  ['impossible length (4n+1)', 'invalid_base64', (tk) => tk.decodeToken(`${GOOD_H}.${GOOD_P}A.x`)],
  ['too much padding', 'invalid_base64', (tk) => tk.decodeToken(`e30===.${GOOD_P}.x`)],
  ['padding in the middle', 'invalid_base64', (tk) => tk.decodeToken(`${GOOD_H}.eyJ1c2Vy=X2lkIjoiam9obiJ9.x`)],
  ['percent-encoded token', 'invalid_base64', (tk) => tk.decodeToken(`${GOOD_H}.eyJ1c2VyX2lkIjoiam9obiJ9%3D.x`)],
  ['non-ASCII letters in a segment', 'invalid_base64', (tk) => tk.inspectToken(`${GOOD_H}.ëyJ1c2VyX2lkIjoiam9obiJ9.x`)],

  // JSON and UTF-8
  ['header is not JSON', 'invalid_json', (tk) => tk.decodeToken(tok('{}', 'alg: HS256'))],
  ['payload is not JSON', 'invalid_json', (tk) => tk.decodeToken(tok('user_id=john'))],
  ['trailing comma', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"john",}'))],
  ['garbage after the object', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"john"} x'))],
  ['two objects', 'invalid_json', (tk) => tk.decodeToken(tok('{}{}'))],
  ['single quotes', 'invalid_json', (tk) => tk.decodeToken(tok("{'user_id':'john'}"))],
  ['NaN literal', 'invalid_json', (tk) => tk.decodeToken(tok('{"exp":NaN}'))],
  ['leading zero', 'invalid_json', (tk) => tk.decodeToken(tok('{"exp":01}'))],
  ['bare minus', 'invalid_json', (tk) => tk.decodeToken(tok('{"exp":-}'))],
  ['raw control character in a string', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"jo\u0001hn"}'))],
  ['invalid escape', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"jo\\xhn"}'))],
  ['escaped lone high surrogate', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"\\ud800"}'))],
  ['escaped lone low surrogate', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"\\udc00x"}'))],
  ['unterminated string', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"john}'))],
  ['invalid UTF-8 in the payload', 'invalid_json', (tk) => tk.decodeToken(tok(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])))],
  ['overlong UTF-8 "/"', 'invalid_json', (tk) => tk.decodeToken(tok(new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])))],
  ['UTF-8-encoded surrogate', 'invalid_json', (tk) => tk.decodeToken(tok(new Uint8Array([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])))],
  ['invalid UTF-8 in the header', 'invalid_json', (tk) => tk.decodeToken(tok('{}', new Uint8Array([0x7b, 0x22, 0x80, 0x22, 0x3a, 0x31, 0x7d])))],
  ['UTF-8 byte-order mark', 'invalid_json', (tk) => tk.decodeToken(tok('\uFEFF{"user_id":"john"}'))],
  ['duplicate key in the payload', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"john","user_id":"admin"}'))],
  ['duplicate alg in the header', 'invalid_json', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"HS256","alg":"none"}'), 'secret')],
  ['duplicate key, nested', 'invalid_json', (tk) => tk.decodeToken(tok('{"user_id":"john","x":{"a":1,"a":2}}'))],
  ['duplicate key among many (sorted path)', 'invalid_json', (tk) => tk.decodeToken(tok(`{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(',')},"k7":0}`))],
  ['nesting 200 deep', 'invalid_json', (tk) => tk.decodeToken(tok(`{"x":${'['.repeat(200)}${']'.repeat(200)}}`))],
  ['nesting 40,000 deep (under 64 KiB)', 'invalid_json', (tk) => tk.decodeToken(tok(`{"x":${'['.repeat(40000)}`))],

  // Header and payload shapes
  ['header is an array', 'invalid_header', (tk) => tk.decodeToken(tok('{}', '[]'))],
  ['header is a string', 'invalid_header', (tk) => tk.decodeToken(tok('{}', '"HS256"'))],
  ['header is null', 'invalid_header', (tk) => tk.decodeToken(tok('{}', 'null'))],
  ['header without alg', 'invalid_header', (tk) => tk.decodeToken(tok('{}', '{"typ":"JWT"}'))],
  ['alg is a number', 'invalid_header', (tk) => tk.decodeToken(tok('{}', '{"alg":256}'))],
  ['alg is null', 'invalid_header', (tk) => tk.inspectToken(tok('{}', '{"alg":null}'))],
  ['payload is an array', 'invalid_claims', (tk) => tk.decodeToken(tok('[{"user_id":"john"}]'))],
  ['payload is null', 'invalid_claims', (tk) => tk.decodeToken(tok('null'))],
  ['payload is a number', 'invalid_claims', (tk) => tk.decodeToken(tok('42'))],
  ['payload is a string', 'invalid_claims', (tk) => tk.decodeToken(tok('"john"'))],
  ['exp as a string', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":"john","exp":"1700000000"}'))],
  ['exp as the string "NaN"', 'invalid_claims', (tk) => tk.inspectToken(tok('{"exp":"NaN"}'))],
  ['exp as true', 'invalid_claims', (tk) => tk.inspectToken(tok('{"exp":true}'))],
  ['exp as an object', 'invalid_claims', (tk) => tk.inspectToken(tok('{"exp":{"$date":1}}'))],
  ['iat as an array', 'invalid_claims', (tk) => tk.inspectToken(tok('{"iat":[1700000000]}'))],
  ['nbf as a string', 'invalid_claims', (tk) => tk.inspectToken(tok('{"nbf":"now"}'))],
  ['user_id as a number', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":42}'))],
  ['user_id as an object', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":{"id":"john"}}'))],
  ['nbf as a string through verifyToken', 'invalid_claims', (tk) => tk.verifyToken(tk.createToken('secret', 'john', { claims: { nbf: 'soon' } }), 'secret')],
  // null is not "absent": jose, jsonwebtoken, PyJWT and golang-jwt refuse these too.
  ['exp null', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":"john","exp":null}'))],
  ['iat null', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":"john","iat":null}'))],
  ['nbf null', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":"john","nbf":null}'))],
  ['user_id null', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":null,"exp":1700000000}'))],
  ['user_id false', 'invalid_claims', (tk) => tk.inspectToken(tok('{"user_id":false}'))],
  ['exp null, correctly signed, to verifyToken', 'invalid_claims', (tk) => tk.verifyToken(SIGNED_EXP_NULL, 'secret')],
  ['user_id null, correctly signed, to verifyToken', 'invalid_claims', (tk) => tk.verifyToken(SIGNED_USER_ID_NULL, 'secret')],
  ['createToken with claims nbf null, then verifyToken', 'invalid_claims', (tk) => tk.verifyToken(tk.createToken('secret', 'john', { claims: { nbf: null } }), 'secret')],

  // crit (RFC 7515 §4.1.11): tokenkit implements no extension, so it must refuse them all.
  ['crit b64 to inspectToken', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","b64":false,"crit":["b64"]}'))],
  ['crit b64, correctly signed, to verifyToken', 'invalid_header', (tk) => tk.verifyToken(SIGNED_CRIT_B64, 'secret')],
  ['crit naming a custom extension', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","urn:x:ext":1,"crit":["urn:x:ext"]}'))],
  ['crit empty', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","crit":[]}'))],
  ['crit a string', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","b64":false,"crit":"b64"}'))],
  ['crit null', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","crit":null}'))],
  ['crit holding a number', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","crit":[1]}'))],
  ['crit naming alg', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","crit":["alg"]}'))],
  ['crit naming typ', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","typ":"JWT","crit":["typ"]}'))],
  ['crit naming a parameter the header lacks', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","crit":["b64"]}'))],
  ['crit naming one twice', 'invalid_header', (tk) => tk.inspectToken(tok('{"user_id":"john"}', '{"alg":"HS256","b64":false,"crit":["b64","b64"]}'))],

  // Size
  ['65,537 bytes of "a"', 'too_large', (tk) => tk.decodeToken('a'.repeat(65537))],
  ['a real token with a 70 KB claim', 'too_large', (tk) => tk.inspectToken(tok(`{"user_id":"john","blob":"${'x'.repeat(70000)}"}`))],
  ['a 1 MB token to verifyToken', 'too_large', (tk) => tk.verifyToken(`${GOOD}${'A'.repeat(1 << 20)}`, 'secret')],
  ['a 70 KB token of dots', 'too_large', (tk) => tk.decodeToken('.'.repeat(70000))],
  ['createToken that would make a 70 KB token', 'too_large', (tk) => tk.createToken('secret', 'john', { claims: { blob: 'x'.repeat(52000) } })],
  ['createToken with a 50,000-character user id', 'too_large', (tk) => tk.createToken('secret', 'j'.repeat(50000))],
  ['devToken with a 100,000-character user id', 'too_large', (tk) => tk.devToken('j'.repeat(100000))],

  // Algorithms and signatures
  ['alg none, empty signature', 'unsupported_algorithm', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"none"}', ''), 'secret')],
  ['alg "None"', 'unsupported_algorithm', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"None","typ":"JWT"}'), 'secret')],
  ['alg confusion: RS256 header, HMAC signature', 'unsupported_algorithm', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"RS256","typ":"JWT"}', GOOD_S), 'secret')],
  ['alg ES256', 'unsupported_algorithm', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"ES256"}'), 'secret')],
  ['alg in lower case', 'unsupported_algorithm', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"hs256"}'), 'secret')],
  ['alg with a trailing space', 'unsupported_algorithm', (tk) => tk.verifyToken(tok('{"user_id":"john"}', '{"alg":"HS256 "}'), 'secret')],
  ['wrong secret', 'signature_invalid', (tk) => tk.verifyToken(GOOD, 'Secret')],
  ['payload swapped, signature kept', 'signature_invalid', (tk) => tk.verifyToken(`${GOOD_H}.${b64u('{"user_id":"admin"}')}.${GOOD_S}`, 'secret')],
  ['HS384 header on an HS256 signature', 'signature_invalid', (tk) => tk.verifyToken(`${b64u('{"alg":"HS384","typ":"JWT"}')}.${GOOD_P}.${GOOD_S}`, 'secret')],
  ['signature truncated', 'signature_invalid', (tk) => tk.verifyToken(GOOD.slice(0, -2), 'secret')],
  ['signature empty', 'signature_invalid', (tk) => tk.verifyToken(`${GOOD_H}.${GOOD_P}.`, 'secret')],
  ['signature not base64', 'signature_invalid', (tk) => tk.verifyToken(`${GOOD_H}.${GOOD_P}.!!!!`, 'secret')],
  ['a development token to verifyToken', 'signature_invalid', (tk) => tk.verifyToken(tk.devToken('john'), 'secret')],

  // Secrets
  ['empty secret to createToken', 'invalid_secret', (tk) => tk.createToken('', 'john')],
  ['empty Uint8Array secret', 'invalid_secret', (tk) => tk.createToken(new Uint8Array(0), 'john')],
  ['number secret', 'invalid_secret', (tk) => tk.createToken(12345, 'john')],
  ['null secret', 'invalid_secret', (tk) => tk.createToken(null, 'john')],
  ['ArrayBuffer secret', 'invalid_secret', (tk) => tk.createToken(new ArrayBuffer(8), 'john')],
  ['lone surrogate in the secret', 'invalid_secret', (tk) => tk.createToken(`se\uDFFFcret`, 'john')],
  ['undefined secret to verifyToken', 'invalid_secret', (tk) => tk.verifyToken(GOOD, undefined)],
  ['empty secret to verifyToken', 'invalid_secret', (tk) => tk.verifyToken(GOOD, '')],

  // User ids
  ['empty user id', 'invalid_user_id', (tk) => tk.createToken('secret', '')],
  ['number user id', 'invalid_user_id', (tk) => tk.createToken('secret', 42)],
  ['undefined user id', 'invalid_user_id', (tk) => tk.createToken('secret')],
  ['object user id', 'invalid_user_id', (tk) => tk.createToken('secret', { id: 'john' })],
  ['Uint8Array user id', 'invalid_user_id', (tk) => tk.createToken('secret', utf8.encode('john'))],
  ['lone surrogate in the user id', 'invalid_user_id', (tk) => tk.createToken('secret', LONE)],
  ['lone surrogate in a 300-character user id', 'invalid_user_id', (tk) => tk.createToken('secret', `${'u'.repeat(300)}${LONE}`)],
  ['lone surrogate in a 300-character secret', 'invalid_secret', (tk) => tk.createToken(`${'s'.repeat(300)}\uDBFF`, 'john')],
  ['devToken with no user id', 'invalid_user_id', (tk) => tk.devToken()],
  ['devToken with null', 'invalid_user_id', (tk) => tk.devToken(null)],
  ['devToken with an empty id', 'invalid_user_id', (tk) => tk.devToken('')],
  ['devToken with a lone surrogate', 'invalid_user_id', (tk) => tk.devToken(LONE)],

  // Options
  ['createToken options as a string', 'invalid_options', (tk) => tk.createToken('secret', 'john', 'exp=1')],
  ['unknown createToken option', 'invalid_options', (tk) => tk.createToken('secret', 'john', { expiresIn: 3600 })],
  ['exp as a string option', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: 'tomorrow' })],
  ['exp NaN', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: NaN })],
  ['exp Infinity', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: Infinity })],
  ['exp an invalid Date', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: new Date('soon') })],
  ['exp as a BigInt', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: 1700000000n })],
  ['exp together with validityInSeconds', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: 1700000000, validityInSeconds: 60 })],
  ['iat as a string', 'invalid_options', (tk) => tk.createToken('secret', 'john', { iat: 'now' })],
  ['claims overriding user_id', 'invalid_options', (tk) => tk.createToken('secret', 'john', { claims: { user_id: 'admin' } })],
  ['claims overriding exp', 'invalid_options', (tk) => tk.createToken('secret', 'john', { claims: { exp: 1 } })],
  ['claims as a string', 'invalid_options', (tk) => tk.createToken('secret', 'john', { claims: '{"role":"admin"}' })],
  ['claims as an array', 'invalid_options', (tk) => tk.createToken('secret', 'john', { claims: ['admin'] })],
  ['cyclic claims', 'invalid_options', (tk) => tk.createToken('secret', 'john', { claims: cyclic() })],
  ['claims holding a lone surrogate', 'invalid_options', (tk) => tk.createToken('secret', 'john', { claims: { name: LONE } })],
  ['a getter that throws', 'invalid_options', (tk) => tk.createToken('secret', 'john', { get exp() { throw new Error('boom'); } })],
  ['now as a string', 'invalid_options', (tk) => tk.inspectToken(GOOD, { now: 'soon' })],
  ['now NaN', 'invalid_options', (tk) => tk.inspectToken(GOOD, { now: NaN })],
  ['now in milliseconds (Date.now())', 'invalid_options', (tk) => tk.inspectToken(GOOD, { now: Date.now() })],
  ['verifyToken now in milliseconds', 'invalid_options', (tk) => tk.verifyToken(GOOD, 'secret', { now: 1700000000000 })],
  ['userRevokedBefore in milliseconds (getTime())', 'invalid_options', (tk) => tk.inspectToken(GOOD, { userRevokedBefore: new Date('2024-01-31T12:00:00Z').getTime() })],
  ['clockTolerance as a string', 'invalid_options', (tk) => tk.inspectToken(GOOD, { clockTolerance: '5s' })],
  ['userRevokedBefore not a date', 'invalid_options', (tk) => tk.inspectToken(GOOD, { userRevokedBefore: 'last tuesday' })],
  ['appRevokedBefore an object', 'invalid_options', (tk) => tk.verifyToken(GOOD, 'secret', { appRevokedBefore: { at: 1 } })],
  ['unknown inspectToken option', 'invalid_options', (tk) => tk.inspectToken(GOOD, { leeway: 5 })],
  ['inspectToken options as a number', 'invalid_options', (tk) => tk.inspectToken(GOOD, 5)],

  // Milliseconds where seconds belong (Date.now() for Date.now() / 1000): past the year 3000.
  ['exp in milliseconds', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: Date.now() + 3600e3 })],
  ['iat in milliseconds', 'invalid_options', (tk) => tk.createToken('secret', 'john', { iat: 1700000000000 })],
  ['now in milliseconds', 'invalid_options', (tk) => tk.createToken('secret', 'john', { now: Date.now(), iat: true })],
  ['now in milliseconds, unused', 'invalid_options', (tk) => tk.createToken('secret', 'john', { now: 1700000000000 })],
  ['validityInSeconds past the year 3000', 'invalid_options', (tk) => tk.createToken('secret', 'john', { validityInSeconds: 1700000000000 })],
  ['exp one second past 3000-01-01', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: 32503680001 })],
  // Arguments that are not what they seem: each would otherwise escape as a raw TypeError
  // or silently lose options.
  ['a detached Uint8Array secret', 'invalid_secret', (tk) => tk.createToken(detached(), 'john')],
  ['a detached Uint8Array secret to verifyToken', 'invalid_secret', (tk) => tk.verifyToken(GOOD, detached())],
  ['a Uint8Array secret whose getters throw (Proxy)', 'invalid_secret', (tk) => tk.createToken(throwingBytes(), 'john')],
  ['a fake Uint8Array secret (Object.create(Uint8Array.prototype))', 'invalid_secret', (tk) => tk.createToken(Object.create(Uint8Array.prototype), 'john')],
  ['options as a Map', 'invalid_options', (tk) => tk.createToken('secret', 'john', new Map([['exp', 1700000000]]))],
  ['inspectToken options as a Map', 'invalid_options', (tk) => tk.inspectToken(GOOD, new Map([['clockTolerance', 5]]))],
  ['options with toJSON', 'invalid_options', (tk) => tk.createToken('secret', 'john', { exp: 1700000000, toJSON: () => ({}) })],
  ['options as a class instance', 'invalid_options', (tk) => tk.createToken('secret', 'john', new (class Opts { exp = 1700000000; })())],
  ['options inherited (Object.create)', 'invalid_options', (tk) => tk.createToken('secret', 'john', Object.create({ exp: 1700000000 }))],
  ['options as a Proxy whose traps throw', 'invalid_options', (tk) => tk.createToken('secret', 'john', new Proxy({}, { ownKeys() { throw new Error('trap'); } }))],
  ['options as a revoked Proxy', 'invalid_options', (tk) => tk.createToken('secret', 'john', revoked())],
  ['options as a Date', 'invalid_options', (tk) => tk.verifyToken(GOOD, 'secret', new Date())],
  ['options as an array', 'invalid_options', (tk) => tk.createToken('secret', 'john', [1700000000])],
];

/** A Uint8Array whose buffer was transferred away (detached). */
function detached() {
  const bytes = new TextEncoder().encode('secret');
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
  return bytes;
}
/** A Proxy of a Uint8Array whose every property read throws. */
function throwingBytes() {
  return new Proxy(new TextEncoder().encode('secret'), {
    get() {
      throw new Error('hostile getter');
    },
  });
}
/** A revoked Proxy: every operation on it throws. */
function revoked() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Runs every case against `tk`; returns one line per case that did not give its code. */
export function runCases(tk) {
  const failures = [];
  for (const [name, code, call] of cases) {
    let got;
    try {
      call(tk);
      got = 'no error';
    } catch (e) {
      if (!(e instanceof tk.TokenError)) got = `not a TokenError: ${e?.name}: ${e?.message}`;
      else if (e.code !== code) got = `code ${e.code} (${e.message})`;
      else if (!(e instanceof Error) || typeof e.message !== 'string' || e.message.length < 20) got = `a TokenError without a useful message: ${e.message}`;
    }
    if (got) failures.push(`${name}: expected ${code}, got ${got}`);
    // After every case the module keeps working.
    let next;
    try {
      next = tk.createToken('secret', 'john');
    } catch (e) {
      next = `threw ${e}`;
    }
    if (next !== GOOD) failures.push(`${name}: the next call failed: ${next}`);
  }
  return failures;
}
