// The size budget: what a browser downloads for tokenkit (the .wasm, its JavaScript glue
// and the TokenError snippet the glue imports), gzipped at level 9, must stay within
// 40 KiB. The goal is 25 KiB. Measured on the built pkg/, not taken from the build's report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './helpers/chromium.mjs';

const BUDGET = 40 * 1024;
const GOAL = 25 * 1024;

test(`wasm + glue stay within ${BUDGET} B gzipped`, () => {
  const pkg = join(root, 'pkg');
  const snippet = readdirSync(join(pkg, 'snippets'), { recursive: true }).map(String).find((f) => f.endsWith('token_error.js'));
  const files = ['tokenkit_bg.wasm', 'tokenkit.js', join('snippets', snippet)];
  let total = 0;
  for (const file of files) {
    const bytes = readFileSync(join(pkg, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(`size: ${file}: ${bytes.length} B, ${gz} B gzipped`);
  }
  console.log(`size: total ${total} B gzipped (budget ${BUDGET} B, goal ${GOAL} B)`);
  assert.ok(total <= BUDGET, `tokenkit grew to ${total} B gzipped, past its ${BUDGET} B budget: find what added the bytes (twiggy top) before raising it`);
});
