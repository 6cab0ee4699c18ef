// The bad-input table (tests/bad_inputs.cases.mjs) through the npm package, in Node and in
// headless Chromium: every case gives its exact TokenError code, and the module keeps
// working after each one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tokenkit from 'tokenkit';
import { cases, runCases } from './bad_inputs.cases.mjs';
import { launch, open, root } from './helpers/chromium.mjs';
import { serve } from '../scripts/serve.mjs';

test('the table is large and covers every core code', () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  const codes = new Set(cases.map(([, code]) => code));
  for (const code of ['malformed', 'too_large', 'invalid_base64', 'invalid_json', 'invalid_header', 'invalid_claims', 'unsupported_algorithm', 'signature_invalid', 'invalid_secret', 'invalid_user_id', 'invalid_options']) {
    assert.ok(codes.has(code), `no case for ${code}`);
  }
  assert.equal(new Set(cases.map(([name]) => name)).size, cases.length, 'case names are unique');
});

test(`Node: ${cases.length} bad inputs give their codes`, () => {
  assert.deepEqual(runCases(tokenkit), []);
});

test(`Chromium: ${cases.length} bad inputs give their codes`, async () => {
  const server = await serve({ port: 0, dirs: [['/', root]] });
  const browser = await launch();
  try {
    const { page, errors } = await open(browser, `${server.url}tests/fixtures/blank.html`);
    const failures = await page.evaluate(async () => {
      const { default: init, ...tk } = await import('/js/index.js');
      await init();
      const { runCases } = await import('/tests/bad_inputs.cases.mjs');
      return runCases(tk);
    });
    assert.deepEqual(failures, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
