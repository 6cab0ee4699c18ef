// The npm package through a bundler: Vite builds a tiny app that imports 'tokenkit' by
// name (resolved through package.json "exports", as from node_modules), and the bundle
// runs in headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { serve } from '../scripts/serve.mjs';
import { artifacts, launch, open, root } from './helpers/chromium.mjs';

test('a Vite bundle of an app importing tokenkit runs in Chromium', async () => {
  const app = join(artifacts, 'vite-app');
  rmSync(app, { recursive: true, force: true });
  cpSync(join(root, 'tests', 'fixtures', 'vite-app'), app, { recursive: true });
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(root, join(app, 'node_modules', 'tokenkit'), 'dir');
  await build({ root: app, logLevel: 'warn', build: { outDir: join(app, 'dist'), emptyOutDir: true } });
  const assets = readdirSync(join(app, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted the .wasm: ${assets}`);

  const server = await serve({ port: 0, dirs: [['/', join(app, 'dist')]] });
  const browser = await launch();
  try {
    const { page, errors } = await open(browser, server.url);
    const r = await page.evaluate(() => window.results);
    assert.deepEqual(r, {
      token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiam9obiIsImV4cCI6MTcwMDAwMDAwMH0.Tb6bsusboyKgZgVa65jmRdMZtK79eXzrAWeh4NpG9Sw',
      status: 'valid',
      code: 'invalid_secret',
    });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
