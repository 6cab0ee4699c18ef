// `provider.asTokenProvider()` with the real stream-chat client (its Node build, then its
// browser build in headless Chromium), against a local server that speaks enough of
// Stream's protocol (tests/stream-api/server.mjs): WebSocket connect answered with
// health.check, POST /channels, and 401 code 40 for an expired or revoked token. The
// scenarios are tests/fixtures/stream-client/scenarios.mjs, the same on both platforms.
//
// tokenkit is the package installed from the packed tarball (tests/helpers/installed.mjs);
// stream-chat is resolved from that consumer project too, in Node and in the bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { installed } from './helpers/installed.mjs';
import { artifacts, launch, open } from './helpers/chromium.mjs';
import { API_KEY, startStreamApi } from './stream-api/server.mjs';
import { scenarios, runScenario } from './fixtures/stream-client/scenarios.mjs';

const fixtures = fileURLToPath(new URL('./fixtures/stream-client/', import.meta.url));
const { project, pkg, load } = await installed();
const { TokenProvider } = await load('tokenkit/provider');
const { createToken } = await load('tokenkit');
const streamChat = await load('stream-chat');
const StreamChat = streamChat.StreamChat ?? streamChat.default?.StreamChat;

/** The installed package's provider .wasm, wherever its layout puts it. */
function providerWasm() {
  const found = readdirSync(pkg, { recursive: true }).map(String).find((f) => f.endsWith('tokenkit_provider_bg.wasm'));
  assert.ok(found, `no tokenkit_provider_bg.wasm in the installed package (${pkg})`);
  return join(pkg, found);
}

/**
 * Bundles the browser page into a fresh folder of tests/.artifacts: the entry is copied
 * into the consumer project, so 'tokenkit/provider' and 'stream-chat' resolve from its
 * node_modules as they would in an app.
 */
async function bundlePage() {
  const source = mkdtempSync(join(project, 'stream-client-'));
  cpSync(fixtures, source, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const out = mkdtempSync(join(artifacts, 'stream-client-'));
  try {
    await build({
      entryPoints: [join(source, 'browser.mjs')],
      absWorkingDir: project,
      outfile: join(out, 'browser.js'),
      bundle: true,
      platform: 'browser',
      format: 'esm',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
  copyFileSync(join(fixtures, 'index.html'), join(out, 'index.html'));
  copyFileSync(providerWasm(), join(out, 'tokenkit_provider_bg.wasm'));
  return out;
}

let server;
let page;
let pageDir;
let browser;
let pageErrors = [];
const control = async (patch) => (await fetch(`${server.url}/control`, { method: 'POST', body: JSON.stringify(patch) })).json();

before(async () => {
  pageDir = await bundlePage();
  server = await startStreamApi({ createToken, dirs: [['/', pageDir]] });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

for (const name of Object.keys(scenarios)) {
  test(`Node: ${name}`, async () => {
    await runScenario(name, { StreamChat, TokenProvider, base: server.url, apiKey: API_KEY, control });
  });
}

/** The page, opened once for every Chromium scenario. */
async function chromiumPage() {
  if (!page) {
    browser = await launch();
    ({ page, errors: pageErrors } = await open(browser, `${server.url}/index.html?api_key=${API_KEY}`));
    await page.waitForFunction(() => window.ready !== undefined, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => window.ready), true, 'the page did not initialise tokenkit');
  }
  return page;
}

for (const name of Object.keys(scenarios)) {
  test(`Chromium: ${name}`, async () => {
    const result = await (await chromiumPage()).evaluate((n) => window.runScenario(n), name);
    assert.equal(result, 'ok', result);
    // Chromium reports each 401 as a console error ("Failed to load resource"): those are
    // the refusals the scenarios provoke; anything else is a failure.
    const unexpected = pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of 401/.test(e));
    assert.deepEqual(unexpected, [], 'page errors');
  });
}
