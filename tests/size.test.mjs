// The size budgets: what a browser downloads (the .wasm, its JavaScript glue and the
// TokenError snippet the glue imports), gzipped at level 9, measured on the built files,
// not taken from the build's report. Each budget is a ratchet a little above the size
// reached (README, "Size"): nothing may grow past it unnoticed. Issue 12 asks for 28 KB
// (the core, goal 20 KB) and 40 KB in all (the provider); those are the goals here, not
// yet reached (BENCHMARKS.md says what stands in the way).
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
  ['pkg', 'tokenkit', 33_500, 28_000],
  ['pkg/provider', 'tokenkit_provider', 46_100, 40_000],
]) {
  test(`${dir}: wasm + glue stay within ${budget} B gzipped`, () => {
    const total = measure(dir, name);
    console.log(`size: ${dir}: total ${total} B gzipped (budget ${budget} B, goal ${goal} B)`);
    assert.ok(total <= budget, `${dir} grew to ${total} B gzipped, past its ${budget} B budget: find what added the bytes (twiggy top) before raising it`);
  });
}
