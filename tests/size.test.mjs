// The size budgets: what a browser downloads (the .wasm, its JavaScript glue and the
// TokenError snippet the glue imports), gzipped at level 9, measured on the built files,
// not taken from the build's report. The provider's is issue 12's: 40 KB in all. The
// core's is a ratchet a little above the size reached (README, "Size"), so nothing grows
// past it unnoticed; issue 12's 28 KB (goal 20 KB) is printed as its goal, not yet reached
// (BENCHMARKS.md says what stands in the way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './helpers/chromium.mjs';

function measure(dir, name) {
  const out = join(root, dir);
  const snippet = readdirSync(join(out, 'snippets'), { recursive: true }).map(String).find((f) => f.endsWith('token_error.js'));
  let total = 0;
  for (const file of [`${name}_bg.wasm`, `${name}.js`, join('snippets', snippet)]) {
    const bytes = readFileSync(join(out, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(`size: ${dir}/${file}: ${bytes.length} B, ${gz} B gzipped`);
  }
  return total;
}

for (const [dir, name, budget, goal] of [
  ['pkg', 'tokenkit', 33_700, 28_000],
  ['pkg/provider', 'tokenkit_provider', 40_000, 40_000],
]) {
  test(`${dir}: wasm + glue stay within ${budget} B gzipped`, () => {
    const total = measure(dir, name);
    console.log(`size: ${dir}: total ${total} B gzipped (budget ${budget} B, goal ${goal} B)`);
    assert.ok(total <= budget, `${dir} grew to ${total} B gzipped, past its ${budget} B budget: find what added the bytes (twiggy top) before raising it`);
  });
}
