// TokenProvider against a real local HTTP server (tests/token-provider/server.mjs):
// every scenario of tests/token-provider/scenarios.mjs in Node, then the same in headless
// Chromium (page and API on one origin), plus what only one platform can show: a Node
// process exiting after dispose(), and in the browser the offline wait and the wake-up
// re-check of a timer that could not fire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { TokenProvider, TokenError } from 'tokenkit/provider';
import { startServer } from './token-provider/server.mjs';
import { scenarios, runScenario } from './token-provider/scenarios.mjs';
import { launch, root } from './helpers/chromium.mjs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A garbage collection on demand, for scenarios that must hold when one runs mid-request.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

let server;
const control = async (patch) => (await fetch(`${server.url}/control`, { method: 'POST', body: JSON.stringify(patch) })).json();

before(async () => {
  server = await startServer({ root });
});
after(async () => {
  await server?.close();
});

for (const name of Object.keys(scenarios)) {
  test(`Node: ${name}`, async () => {
    await runScenario(name, { TokenProvider, TokenError, base: server.url, control, gc });
  });
}

/**
 * Runs `script` in a child Node process. Once it prints "ready" (its provider holds a
 * token), waits up to `ms` for it to exit on its own: { ready, exited, code }.
 */
function exitAfterReady(ms, script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let ready = false;
    let timer;
    child.stdout.on('data', (chunk) => {
      if (!ready && String(chunk).includes('ready')) {
        ready = true;
        timer = setTimeout(() => {
          child.kill();
          resolve({ ready, exited: false });
        }, ms);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ready, exited: true, code });
    });
  });
}

test('Node: a disposed provider lets the process exit; an undisposed one keeps it alive', async () => {
  const script = (dispose) => `
    import { TokenProvider } from 'tokenkit/provider';
    const p = new TokenProvider(async () => (await fetch('${server.url}/token?ttl=600')).text());
    await p.getToken();
    ${dispose ? 'p.dispose();' : ''}
    console.log('ready');`;
  assert.deepEqual(await exitAfterReady(5000, script(true)), { ready: true, exited: true, code: 0 }, 'disposed: must exit on its own, cleanly');
  // The control: without dispose() the refresh timer keeps the process alive.
  assert.deepEqual(await exitAfterReady(2000, script(false)), { ready: true, exited: false }, 'undisposed: exited, so the test above proves nothing');
});

test('Chromium: every scenario, plus the offline wait, the wake-up re-checks and listener clean-up', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/tests/fixtures/token-provider/index.html`);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
    for (const name of Object.keys(scenarios)) {
      const result = await page.evaluate((n) => window.runScenario(n), name);
      assert.equal(result, 'ok', `${name}: ${result}`);
    }

    // Offline: the loader fails while navigator.onLine is false; the provider must wait
    // for the `online` event rather than spend its retries.
    await control({ reset: true });
    // (No page.evaluate may be pending across setOffline: Playwright then closes the page.)
    await page.evaluate(() => {
      window.offlineScenario().then((r) => (window.offlineResult = r));
    });
    await page.waitForFunction(() => window.offlineStarted === true);
    await context.setOffline(true);
    await page.evaluate(() => {
      window.startOfflineLoad();
    });
    await new Promise((r) => setTimeout(r, 800)); // retries: 1, retryDelay: 50 would be long spent
    await context.setOffline(false);
    const offline = await page.waitForFunction(() => window.offlineResult, null, { timeout: 10000 });
    assert.equal(await offline.jsonValue(), 'ok');

    // Wake-up re-check: the refresh time passes while the page is busy (the timer cannot
    // fire), then a visibilitychange must start the load at once, in that same task.
    assert.equal(await page.evaluate(() => window.wakeScenario()), 'ok');

    // dispose() removes the provider's wake-up listeners from window and document.
    assert.equal(await page.evaluate(() => window.listenerScenario()), 'ok');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
