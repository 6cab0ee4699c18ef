// The shipped TypeScript declarations: a small example type-checks with `tsc --noEmit`,
// and the doc comments from the Rust side reach the .d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, root } from './helpers/chromium.mjs';

test('tsc --noEmit accepts the example and rejects the marked mistakes', () => {
  const dir = join(artifacts, 'types');
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, 'tests', 'fixtures', 'types'), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'tokenkit'), 'dir');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

test('the declarations carry the Rust doc comments and examples', () => {
  const dts = readFileSync(join(root, 'pkg', 'tokenkit.d.ts'), 'utf8');
  for (const name of ['decodeToken', 'inspectToken', 'createToken', 'devToken', 'verifyToken']) {
    const at = dts.indexOf(`export function ${name}(`);
    assert.ok(at > 0, `${name} is declared`);
    const doc = dts.slice(dts.lastIndexOf('/**', at), at);
    assert.match(doc, /@example/, `${name} has an example`);
  }
  assert.match(dts, /export function createToken\(secret: string \| Uint8Array, userId: string, options\?: CreateOptions/);
});
