// The npm package in headless Chromium, loaded the way the README shows for browsers:
// a plain <script type="module"> that imports index.js and awaits init().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from '../scripts/serve.mjs';
import { launch, open, root } from './helpers/chromium.mjs';

const JOHN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.yrpLD2gUq_TIyxMKpDBHQO391KGCNrFl-RvMT-p90MU';
const JOHN_EXP = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw';
let server, browser;

before(async () => {
  server = await serve({ port: 0, dirs: [['/fixture/', join(root, 'tests', 'fixtures', 'browser')], ['/', root]] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('plain <script type="module">: vectors, Unicode and every error code in Chromium', async () => {
  const { page, errors } = await open(browser, `${server.url}fixture/`);
  const r = await page.evaluate(() => window.results);
  assert.equal(r.failed, undefined, r.failed);
  assert.equal(r.john, JOHN);
  assert.equal(r.johnExp, JOHN_EXP);
  assert.equal(r.bytes, JOHN);
  assert.equal(r.dev, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiJ9.devtoken');
  assert.deepEqual(r.decoded.payload, { user_id: 'john', exp: 1700000000 });
  assert.equal(r.status, 'expired');
  assert.deepEqual(r.unicodePayload, { user_id: '山田', iat: 1700000000, 名前: '山田太郎', emoji: '😀👍🏽' });
  for (const [code, got] of Object.entries(r.errors)) assert.equal(got, code);
  assert.equal(r.afterErrors, JOHN);
  assert.deepEqual(errors, []);
  await page.close();
});

test('npm start serves a page that loads the wasm', async () => {
  const site = await serve({ port: 0 });
  try {
    const { page, errors } = await open(browser, site.url);
    await page.waitForFunction(() => document.querySelector('[data-ready]') !== null, null, { timeout: 10000 });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await site.close();
  }
});
