// `share`: TokenProviders of one name in several tabs of one browser context (Playwright
// pages of headless Chromium) share one token and one refresh, against the local test
// server (tests/token-provider/server.mjs, which counts the /token loads). Each tab is
// tests/fixtures/provider-share/index.html.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './token-provider/server.mjs';
import { launch, root } from './helpers/chromium.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ root });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const control = async (patch) => (await fetch(`${server.url}/control`, { method: 'POST', body: JSON.stringify(patch) })).json();
const exp = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).exp;

/** Opens a tab of `context` with its provider started. */
async function tab(context, options) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(`${server.url}/tests/fixtures/provider-share/index.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
  await page.evaluate((o) => window.start(o), options);
  return page;
}

test('Chromium: 8 tabs share one token: 3 expiries make 3 loader calls, a new tab makes none, the last tab left refreshes alone', async () => {
  const context = await browser.newContext();
  try {
    await control({ reset: true });
    const tabs = [];
    for (let i = 0; i < 8; i++) tabs.push(await tab(context, { ttl: 4 }));
    const first = await Promise.all(tabs.map((p) => p.evaluate(() => window.getToken())));
    assert.equal(new Set(first).size, 1, 'the tabs started with different tokens');
    assert.equal((await control({})).loads, 1, 'the first token: one loader call for 8 tabs');

    // Three expiries of a 4 s token: every tab sees three new tokens.
    await Promise.all(tabs.map((p) => p.waitForFunction(() => new Set(window.tokens).size >= 4, null, { timeout: 30000 })));
    const { loads } = await control({});
    const calls = await Promise.all(tabs.map((p) => p.evaluate(() => window.calls)));
    assert.equal(loads, 4, `3 expiries: ${loads - 1} loader calls (tabs' calls: ${calls})`);
    assert.equal(calls.reduce((a, b) => a + b), 4);
    const now = await Promise.all(tabs.map((p) => p.evaluate(() => window.getToken())));
    assert.equal(new Set(now).size, 1, 'the tabs hold different tokens');

    // A new tab whose peers hold a fresh token takes it: no loader call.
    const fresh = await tab(context, { ttl: 4 });
    const got = await fresh.evaluate(() => window.getToken());
    assert.equal(await fresh.evaluate(() => window.calls), 0, 'the new tab called its loader');
    assert.ok(exp(got) > Date.now() / 1000, 'the new tab got an expired token');
    assert.equal((await control({})).loads, loads + (got === now[0] ? 0 : 1), 'a load happened for the new tab');

    // The token is never written to storage.
    assert.deepEqual(await fresh.evaluate(() => window.storage()), { local: 0, session: 0, cookies: '', databases: 0 });

    // The last tab left refreshes ahead of expiry on its own.
    for (const p of tabs) await p.close();
    const held = await fresh.evaluate(() => window.current());
    await fresh.waitForFunction((t) => window.current() !== t, held, { timeout: 10000 });
    assert.ok(Date.now() / 1000 < exp(held), 'the last tab refreshed only after its token expired');
    assert.ok((await fresh.evaluate(() => window.calls)) >= 1, 'the last tab did not load');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await context.close();
  }
});

test('Chromium: the tab that loads is closed mid-load: another tab loads, and every tab gets a token', async () => {
  const context = await browser.newContext();
  try {
    await control({ reset: true, set: { slowMs: 1500 } });
    const tabs = [];
    for (let i = 0; i < 4; i++) tabs.push(await tab(context, { ttl: 60, share: 'closing' }));
    const [loading, ...others] = tabs;
    loading.evaluate(() => window.getToken()).catch(() => {});
    await loading.waitForFunction(() => window.calls === 1, null, { timeout: 5000 }); // it holds the lock and loads
    const waiting = others.map((p) => p.evaluate(() => window.getToken()));
    await new Promise((r) => setTimeout(r, 200));
    await loading.close();
    const tokens = await Promise.all(waiting);
    assert.equal(new Set(tokens).size, 1, 'the remaining tabs got different tokens');
    assert.ok(exp(tokens[0]) > Date.now() / 1000);
    const calls = await Promise.all(others.map((p) => p.evaluate(() => window.calls)));
    assert.equal(calls.reduce((a, b) => a + b), 1, `one remaining tab loads in its place (calls: ${calls})`);
  } finally {
    await context.close();
  }
});
