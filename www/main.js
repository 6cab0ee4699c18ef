// The generator page: Generate, Inspect and Server code, driven by the tokenkit wasm.
// No network request after load, no storage, no logging: the secret stays in its field.
import init, { createToken, decodeToken, devToken, inspectToken, verifyToken } from './pkg/tokenkit.js';
import { HIDDEN, LANGUAGES, escapeHidden, iso } from './snippets.js';

const $ = (id) => document.getElementById(id);
const PLACEHOLDER = 'Please enter a Secret and User ID';
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);
const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

let ready = false;
let devMode = false;
let generated = ''; // the token shown under Generate ('' when none)
let inspected = ''; // the token under Inspect that decoded ('' when none)
let activeTab = 0;

// ---------- small helpers

const now = () => Math.floor(Date.now() / 1000);

/** A TokenError's message with its stable code; any other error's message. */
const describeError = (e) => (e?.code ? `${e.message} (${e.code})` : String(e?.message ?? e));

// ---------- visible escapes: text from a token or a field never hides characters

/** Names of the hidden characters a reader is most likely to meet (the title of their escape). */
const HIDDEN_NAMES = {
  '\u00A0': 'no-break space',
  '\u00AD': 'soft hyphen',
  '\u061C': 'Arabic letter mark',
  '\u180E': 'Mongolian vowel separator',
  '\u200B': 'zero width space',
  '\u200C': 'zero width non-joiner',
  '\u200D': 'zero width joiner',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
  '\u2028': 'line separator',
  '\u2029': 'paragraph separator',
  '\u202A': 'left-to-right embedding',
  '\u202B': 'right-to-left embedding',
  '\u202C': 'pop directional formatting',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2061': 'function application',
  '\u2062': 'invisible times',
  '\u2063': 'invisible separator',
  '\u2064': 'invisible plus',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\uFEFF': 'zero width no-break space (byte order mark)',
};

const hasHidden = (text) => typeof text === 'string' && text.search(HIDDEN) >= 0;

/**
 * `text` as nodes for an element, each hidden character (snippets.js's HIDDEN: controls,
 * bidi and zero-width characters, other format characters, spaces but U+0020…) replaced by
 * a marked escape, <span class="esc" title="U+202E right-to-left override">\u202E</span>.
 * The escape is the one JSON uses, so a JSON view stays valid JSON. `keepNewlines` leaves
 * line breaks as they are (pretty-printed JSON, where a string's own newline is already \n).
 */
function visible(text, keepNewlines = false) {
  text = String(text);
  const out = [];
  let last = 0;
  for (const m of text.matchAll(HIDDEN)) {
    const ch = m[0];
    if (keepNewlines && ch === '\n') continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    const cp = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    out.push(node('span', { class: 'esc', title: `U+${cp} ${HIDDEN_NAMES[ch] ?? 'invisible character'}` }, escapeHidden(ch)));
    last = m.index + ch.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Sets an element's text, hidden characters shown as escapes. */
const setText = (el, text) => el.replaceChildren(...visible(text));

/**
 * Where a decoded token holds hidden characters: "user_id (value)", "a\u200B (name)"…, for
 * the header's and the payload's members (a nested value counts for its member).
 */
function hiddenPlaces(info) {
  const deep = (v) => hasHidden(v) || (v !== null && typeof v === 'object' && Object.entries(v).some(([k, x]) => hasHidden(k) || deep(x)));
  const places = [];
  for (const [part, obj] of [['header', info.header], ['payload', info.payload]]) {
    for (const [name, value] of Object.entries(obj ?? {})) {
      const what = [hasHidden(name) && 'name', deep(value) && 'value'].filter(Boolean).join(' and ');
      if (what) places.push(`${part === 'header' ? 'header ' : ''}${name} (${what})`);
    }
  }
  return places;
}

/** Shows (or clears, with '') a message beside a field and marks the field invalid. */
function fieldMessage(name, text, kind = 'error') {
  const p = $(`${name}-error`);
  setText(p, text);
  p.classList.toggle('warn', kind === 'warn');
  for (const input of document.querySelectorAll(`[aria-describedby~="${name}-error"]`)) {
    if (text && kind === 'error') input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

/** "2 d 3 h", "59 min 12 s", "4 s": the two largest units of a duration. */
function duration(seconds) {
  const units = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
  let s = Math.abs(Math.round(seconds));
  const i = s < 1 ? 3 : units.findIndex(([, n]) => s >= n);
  const [u, n] = units[i];
  const out = [`${Math.floor(s / n)} ${u}`];
  if (i < 3) {
    s %= n;
    const [u2, n2] = units[i + 1];
    if (s >= n2) out.push(`${Math.floor(s / n2)} ${u2}`);
  }
  return out.join(' ');
}

const relative = (at) => (at === now() ? 'now' : at > now() ? `in ${duration(at - now())}` : `${duration(now() - at)} ago`);

/** Local and UTC renderings of unix seconds, or null when out of Date's range. */
function dates(seconds) {
  const d = new Date(seconds * 1000);
  if (!Number.isFinite(d.getTime())) return null;
  return { local: localDate.format(d), utc: iso(seconds) };
}

function node(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Writes a token as three coloured spans (header, payload, signature). */
function showParts(target, token) {
  const [h, p, s = ''] = token.split('.');
  target.replaceChildren(node('span', { class: 'h' }, h), '.', node('span', { class: 'p' }, p), '.', node('span', { class: 's' }, s));
}

async function copy(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // No Clipboard API (or no permission): select a hidden copy and use the old command.
    const area = node('textarea', { class: 'offscreen', readonly: '', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand('copy');
    } catch {}
    area.remove();
  }
  const label = button.dataset.label ?? (button.dataset.label = button.textContent);
  button.textContent = ok ? 'Copied' : 'Copy failed: select and press Ctrl+C';
  $('announce').textContent = ok ? 'Copied to the clipboard' : 'Could not copy';
  clearTimeout(button.timer);
  button.timer = setTimeout(() => (button.textContent = label), 1600);
}

// ---------- Generate

/** Reads the expiration field: { exp, expSeconds, expLabel }, or null after showing an error. */
function readExpiry(at) {
  const select = $('expiry');
  fieldMessage('expiry', '');
  if (select.value === 'none') return {};
  if (select.value !== 'custom') {
    const expSeconds = Number(select.value);
    return { exp: at + expSeconds, expSeconds, expLabel: select.selectedOptions[0].textContent };
  }
  const ms = $('custom-exp').value ? new Date($('custom-exp').value).getTime() : NaN;
  if (!Number.isFinite(ms)) {
    fieldMessage('expiry', 'Pick a date and time, or choose another expiration.');
    return null;
  }
  const exp = Math.floor(ms / 1000);
  if (exp <= at) fieldMessage('expiry', 'That moment has passed: the token is already expired.', 'warn');
  return { exp };
}

/** Reads the extra claims: an object, undefined when empty, or null after showing an error. */
function readClaims() {
  const text = $('claims').value.trim();
  fieldMessage('claims', '');
  if (!text) return undefined;
  let claims;
  try {
    claims = JSON.parse(text);
  } catch (e) {
    fieldMessage('claims', `Not valid JSON: ${e.message}`);
    return null;
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    fieldMessage('claims', 'Extra claims must be a JSON object, e.g. {"role": "admin"}.');
    return null;
  }
  // JSON.parse quietly keeps the last of two equal keys, where tokenkit (and this page's
  // Inspect) refuse such a payload: read the text with tokenkit's parser too, as the
  // payload of a throwaway token, so a repeated key is caught here.
  try {
    decodeToken(`${HS256_HEADER}.${base64url(text)}.x`);
  } catch (e) {
    fieldMessage('claims', describeError(e).replace(/^The payload/, 'The extra claims JSON'));
    return null;
  }
  const places = hiddenPlaces({ payload: claims });
  if (places.length) fieldMessage('claims', `Invisible characters in ${places.join(', ')}, shown here as \\u escapes: check they are meant.`, 'warn');
  return claims;
}

const HS256_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

/** Unpadded base64url of a string's UTF-8 bytes. */
function base64url(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function showGenerated(token, note) {
  generated = token;
  const out = $('token');
  if (token) showParts(out, token);
  else setText(out, note);
  out.classList.toggle('placeholder', !token);
  setText($('token-note'), token ? note : '');
  $('copy').disabled = $('inspect-generated').disabled = !token;
}

function renderGenerate() {
  if (!ready) return;
  const userId = $('user-id').value;
  const secret = $('secret').value;
  const at = now(); // one clock reading for iat and exp, so the token is createToken(…, { exp, iat: at })
  const iat = $('iat').checked ? at : undefined;
  const expiry = readExpiry(at);
  const claims = readClaims();
  fieldMessage('user-id', hasHidden(userId) ? `The user ID holds invisible characters: “${userId}”, shown here as \\u escapes. Check it is the ID you mean.` : '', 'warn');
  fieldMessage('secret', '');
  renderSnippets({ userId: userId || 'john', iat, claims: claims ?? undefined, ...(expiry ?? {}) });

  if (devMode) {
    try {
      showGenerated(devToken(userId), `Development token for “${userId}”: unsigned, so it works only while auth checks are off.`);
    } catch (e) {
      fieldMessage('user-id', describeError(e));
      showGenerated('', 'Enter a User ID for the development token.');
    }
    return;
  }
  if (!userId || !secret) return showGenerated('', PLACEHOLDER);
  if (expiry === null || claims === null) return showGenerated('', 'Fix the field marked above to get a token.');
  try {
    const token = createToken(secret, userId, { exp: expiry.exp, iat: iat === undefined ? undefined : true, now: at, claims });
    const when = (t) => dates(t)?.local ?? t;
    const parts = ['Signed with HS256', iat === undefined ? 'no iat' : `issued ${when(iat)}`, expiry.exp === undefined ? 'never expires' : `expires ${when(expiry.exp)}`];
    showGenerated(token, parts.join(' · '));
  } catch (e) {
    const field = { invalid_user_id: 'user-id', invalid_secret: 'secret' }[e?.code] ?? (claims ? 'claims' : 'expiry');
    fieldMessage(field, describeError(e));
    showGenerated('', 'Fix the field marked above to get a token.');
  }
}

function setDevMode(on) {
  devMode = on;
  $('dev').setAttribute('aria-pressed', String(on));
  renderGenerate();
}

// ---------- Inspect

function renderInspect() {
  if (!ready) return;
  const token = $('inspect-token').value.trim();
  inspected = '';
  $('share').disabled = !token;
  fieldMessage('inspect', '');
  if (!token) {
    $('result').hidden = true;
    $('inspect-empty').hidden = false;
    return;
  }
  let info;
  try {
    info = inspectToken(token);
  } catch (e) {
    fieldMessage('inspect', describeError(e));
    $('result').hidden = true;
    $('inspect-empty').hidden = true;
    return;
  }
  inspected = token;
  $('inspect-empty').hidden = true;
  $('result').hidden = false;
  showParts($('parts'), token);
  renderStatus(info);
  renderSignature(token, info);
  const warnings = [...info.warnings];
  // The page's own check, unless tokenkit already gave this warning.
  const places = hiddenPlaces(info);
  if (places.length && !warnings.some((w) => w.code === 'invisible_characters')) {
    warnings.push({
      code: 'invisible_characters',
      message: `Invisible or direction-changing characters in ${places.join(', ')}. They are shown here as \\u escapes; elsewhere such text can look like other text (“\u202Enimda” displays as “admin”) or a claim name can look like another.`,
    });
  }
  $('warnings').replaceChildren(...warnings.map((w) => node('li', {}, node('code', {}, w.code), ' ', ...visible(w.message))));
  $('warnings').hidden = warnings.length === 0;
  $('claims-table').tBodies[0].replaceChildren(...info.claims.map(claimRow));
  $('header-json').replaceChildren(...visible(JSON.stringify(info.header, null, 2), true));
  $('payload-json').replaceChildren(...visible(JSON.stringify(info.payload, null, 2), true));
}

function claimRow(c) {
  const value = node('td', { class: 'value' });
  const d = TIME_CLAIMS.has(c.name) && typeof c.value === 'number' ? dates(c.value) : null;
  if (d) {
    value.append(
      node('code', {}, String(c.value)),
      node('span', { class: 'date' }, node('span', { class: 'tag' }, 'Local'), ' ', d.local),
      node('span', { class: 'date' }, node('span', { class: 'tag' }, 'UTC'), ' ', d.utc),
      node('span', { class: 'rel', 'data-at': String(c.value) }, relative(c.value)),
    );
  } else {
    value.append(node('code', {}, ...visible(c.display)));
  }
  return node('tr', {}, node('th', { scope: 'row' }, node('code', {}, ...visible(c.name))), value, node('td', {}, ...visible(c.description)));
}

function renderStatus(info) {
  const t = now();
  let text;
  if (info.status === 'expired') text = `Expired ${duration(-info.expiresIn)} ago`;
  else if (info.status === 'not_yet_valid') text = `Not yet valid: usable in ${duration(Math.max(info.notBefore ?? -Infinity, info.issuedAt ?? -Infinity) - t)}`;
  else if (info.status === 'revoked') text = 'Revoked';
  else text = info.expiresAt === null ? 'Valid · never expires' : `Valid · expires in ${duration(info.expiresIn)}`;
  const status = $('status');
  if (status.dataset.text !== text) setText(status, (status.dataset.text = text));
  status.dataset.kind = info.status === 'valid' ? 'ok' : 'bad';
}

function renderSignature(token, info) {
  const badge = $('signature');
  const secret = $('verify-secret').value;
  if (!secret) {
    setText(badge, info.devToken ? 'Development token: nothing to verify' : 'Signature not checked: enter the API secret');
    badge.dataset.kind = 'neutral';
    return;
  }
  try {
    verifyToken(token, secret);
    setText(badge, `Signature verified (${info.header.alg})`);
    badge.dataset.kind = 'ok';
  } catch (e) {
    setText(badge, describeError(e));
    badge.dataset.kind = 'bad';
  }
}

/** Every second: the status and the "in …"/"… ago" of each timestamp. */
function tick() {
  if (!inspected) return;
  try {
    renderStatus(inspectToken(inspected));
  } catch {}
  for (const span of document.querySelectorAll('.rel[data-at]')) span.textContent = relative(Number(span.dataset.at));
}

/** #token=… preloads Inspect (a fragment never reaches a server). The query string is ignored. */
function fromFragment() {
  const m = /^#token=(.*)$/s.exec(location.hash);
  if (!m) return;
  let token = m[1];
  try {
    token = decodeURIComponent(token);
  } catch {}
  $('inspect-token').value = token;
  renderInspect();
}

// ---------- Server code tabs (ARIA tabs: arrows, Home and End move between them)

let snippetValues = { userId: 'john', iat: now() };

/** Writes a snippet, its comments (whole-line, or after a `;`) dimmed. */
function showCode(target, text) {
  target.replaceChildren(
    ...text.trimEnd().split('\n').flatMap((line) => {
      const m = /^(\s*)((?:\/\/|# ).*)$/.exec(line) ?? /^(.*?;)(\s+\/\/ .*)$/.exec(line);
      return m ? [m[1], node('span', { class: 'comment' }, m[2]), '\n'] : [line, '\n'];
    }),
  );
}

function renderSnippets(values) {
  snippetValues = values;
  const lang = LANGUAGES[activeTab];
  showCode($(`code-${lang.id}`), lang.code(values));
}

function selectTab(index, focus) {
  activeTab = (index + LANGUAGES.length) % LANGUAGES.length;
  LANGUAGES.forEach((lang, i) => {
    const tab = $(`tab-${lang.id}`);
    tab.setAttribute('aria-selected', String(i === activeTab));
    tab.tabIndex = i === activeTab ? 0 : -1;
    $(`panel-${lang.id}`).hidden = i !== activeTab;
  });
  renderSnippets(snippetValues);
  if (focus) $(`tab-${LANGUAGES[activeTab].id}`).focus();
}

function buildTabs() {
  for (const lang of LANGUAGES) {
    $('tabs').append(node('button', { type: 'button', role: 'tab', id: `tab-${lang.id}`, 'aria-controls': `panel-${lang.id}` }, lang.name));
    $('panels').append(
      node('div', { role: 'tabpanel', id: `panel-${lang.id}`, 'aria-labelledby': `tab-${lang.id}`, tabindex: '0' }, node('pre', {}, node('code', { id: `code-${lang.id}` }))),
    );
  }
  $('tabs').addEventListener('click', (e) => {
    const i = LANGUAGES.findIndex((l) => e.target.id === `tab-${l.id}`);
    if (i >= 0) selectTab(i, true);
  });
  $('tabs').addEventListener('keydown', (e) => {
    const moves = { ArrowRight: activeTab + 1, ArrowLeft: activeTab - 1, Home: 0, End: LANGUAGES.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    selectTab(moves[e.key], true);
  });
  selectTab(0, false);
}

// ---------- wiring

buildTabs();
for (const id of ['user-id', 'secret', 'iat', 'claims', 'custom-exp']) {
  $(id).addEventListener('input', () => {
    if (devMode && id !== 'user-id') setDevMode(false);
    else renderGenerate();
  });
}
$('expiry').addEventListener('change', () => {
  const custom = $('expiry').value === 'custom';
  $('custom-exp-field').hidden = !custom;
  if (custom && !$('custom-exp').value) {
    const d = new Date(Date.now() + 86400_000);
    d.setSeconds(0, 0);
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); // datetime-local wants local time
    $('custom-exp').value = d.toISOString().slice(0, 16);
  }
  if (devMode) setDevMode(false);
  else renderGenerate();
});
$('dev').addEventListener('click', () => setDevMode(!devMode));
$('copy').addEventListener('click', (e) => generated && copy(generated, e.currentTarget));
$('inspect-generated').addEventListener('click', () => {
  if (!generated) return;
  $('inspect-token').value = generated;
  if (!devMode) $('verify-secret').value = $('secret').value; // the generate secret prefills the verify one
  renderInspect();
  $('inspect').scrollIntoView({ block: 'start' });
  $('inspect-token').focus({ preventScroll: true });
});
$('inspect-token').addEventListener('input', renderInspect);
$('verify-secret').addEventListener('input', () => inspected && renderSignature(inspected, inspectToken(inspected)));
$('clear').addEventListener('click', () => {
  $('inspect-token').value = '';
  renderInspect();
  $('inspect-token').focus();
});
$('share').addEventListener('click', (e) => {
  const token = $('inspect-token').value.trim();
  if (token) copy(`${location.origin}${location.pathname}#token=${encodeURIComponent(token)}`, e.currentTarget);
});
$('copy-code').addEventListener('click', (e) => copy($(`code-${LANGUAGES[activeTab].id}`).textContent, e.currentTarget));
for (const button of document.querySelectorAll('[data-reveal]')) {
  button.addEventListener('click', () => {
    const input = $(button.dataset.reveal);
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(show));
    button.textContent = show ? 'Hide' : 'Show';
  });
}
window.addEventListener('hashchange', fromFragment);

try {
  // boot.js has been compiling the wasm since early in the parse; without it, init() fetches it.
  await init({ module_or_path: await self.tokenkitWasm });
  ready = true;
  document.body.dataset.ready = '';
  renderGenerate();
  fromFragment();
  setInterval(tick, 1000);
} catch (e) {
  const banner = $('load-error');
  banner.textContent = `The WebAssembly module did not load: ${describeError(e)}. Serve pkg/ next to this page, with .wasm files as application/wasm.`;
  banner.hidden = false;
}
