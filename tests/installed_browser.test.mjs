// The installed package (the packed tarball in a fresh consumer project, see
// helpers/installed.mjs) in headless Chromium, the way each kind of browser app loads it:
// a plain <script type="module"> with an import map, a module Web Worker, a Vite app and
// an esbuild bundle. One server (the consumer project at /) and one browser for all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { serve } from '../scripts/serve.mjs';
import { launch, open } from './helpers/chromium.mjs';
import { installed, root } from './helpers/installed.mjs';

const JOHN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU';
const JOHN_EXP = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw';
let web, server, browser;

before(async () => {
  const { project } = await installed();
  web = join(project, 'web');
  cpSync(join(root, 'tests', 'fixtures', 'installed-browser'), web, { recursive: true });
  server = await serve({ port: 0, dirs: [['/', project]] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` and returns its `window.results` once settled, failing on any page error. */
async function results(path) {
  const { page, errors } = await open(browser, `${server.url}${path}`);
  try {
    const r = await page.evaluate(() => window.results);
    assert.equal(r.failed, undefined, r.failed);
    assert.deepEqual(errors, []);
    return r;
  } finally {
    await page.close();
  }
}

test('plain <script type="module"> (import map): vectors, Unicode, every error code, and not_initialized before init()', async () => {
  const r = await results('web/plain.html');
  assert.equal(r.beforeInit.code, 'not_initialized');
  assert.match(r.beforeInit.message, /await init\(\)/);
  assert.equal(r.john, JOHN);
  assert.equal(r.johnExp, JOHN_EXP);
  assert.equal(r.bytes, JOHN);
  assert.equal(r.dev, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken');
  assert.deepEqual(r.decoded.payload, { user_id: 'john', exp: 1700000000 });
  assert.equal(r.status, 'expired');
  assert.deepEqual(r.unicodePayload, { user_id: '山田', iat: 1700000000, 名前: '山田太郎', emoji: '😀👍🏽' });
  assert.equal(Object.keys(r.errors).length, 11);
  for (const [code, got] of Object.entries(r.errors)) assert.equal(got, code);
  assert.equal(r.afterErrors, JOHN);
});

test('a module Web Worker: both entries, not_initialized before init()', async () => {
  const r = await results('web/worker.html');
  assert.deepEqual(r, { beforeInit: 'not_initialized', token: JOHN_EXP, user: 'john', inWorker: true });
});

const APP = { token: JOHN_EXP, status: 'valid', code: 'invalid_secret', provider: 'john' };

test('a Vite app importing both entries by name runs in Chromium', async () => {
  const out = join(web, 'vite-dist');
  await viteBuild({ root: join(web, 'vite-app'), base: '/web/vite-dist/', logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  const wasm = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 2, `Vite emitted both .wasm files: ${wasm}`);
  assert.deepEqual(await results('web/vite-dist/index.html'), APP);
});

test('an esbuild bundle reaching both .wasm files through exports runs in Chromium', async () => {
  const out = join(web, 'esbuild-dist');
  await esbuild({
    entryPoints: [join(web, 'esbuild-app.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: out,
    loader: { '.wasm': 'file' },
    publicPath: '/web/esbuild-dist/',
    logLevel: 'warning',
  });
  const { page, errors } = await open(browser, `${server.url}web/blank.html`);
  try {
    const r = await page.evaluate(async () => {
      await import('/web/esbuild-dist/esbuild-app.js');
      return window.results;
    });
    assert.deepEqual(r, APP);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
