// The installed package's TypeScript declarations (the packed tarball in a fresh consumer
// project, see helpers/installed.mjs), with tsc as users run it: `moduleResolution` node16
// for an ES-module project, `bundler`, and node16 with CommonJS output (compiled and run).
// The README's TypeScript and JavaScript for users is checked as written, each block as a
// module of its own, with only the names it takes as given (a secret, a token, …) declared.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installed, root } from './helpers/installed.mjs';

const TSC = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let project;

/** What README blocks may use without declaring it: the reader's own values. */
const GIVEN = {
  secret: 'string',
  token: 'string',
  apiKey: 'string',
  process: '{ env: Record<string, string> }',
  myBackend: '{ streamToken(): Promise<string> }',
  reject: '() => void',
  user: '{ id: string }',
  client: 'import("stream-chat").StreamChat',
  provider: 'import("tokenkit/provider").TokenProvider',
  StreamVideoClient: 'typeof import("@stream-io/video-client").StreamVideoClient',
};
const ENTRY_NAMES = ['createToken', 'decodeToken', 'inspectToken', 'verifyToken', 'devToken', 'TokenError', 'TokenProvider'];

/** The README's code blocks for users (everything before "The generator page"), as modules. */
export function readmeBlocks() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const users = readme.slice(0, readme.indexOf('## The generator page'));
  return [...users.matchAll(/```(?:js|ts)\n([\s\S]*?)```/g)].map(([, code], i) => {
    const declared = (name) => new RegExp(`(?:const|let|var|function|class|import)[^;=]*\\b${name}\\b`).test(code);
    const lines = [];
    // A block without imports uses the package's functions as the block above it imported them.
    if (!/^import /m.test(code)) {
      const used = ENTRY_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(code) && !declared(n));
      const core = used.filter((n) => n !== 'TokenProvider');
      if (core.length) lines.push(`import { ${core.join(', ')} } from 'tokenkit';`);
      if (used.includes('TokenProvider')) lines.push(`import { TokenProvider } from 'tokenkit/provider';`);
      if (/\binit\(/.test(code)) lines.push(`import init from 'tokenkit';`);
    }
    for (const [name, type] of Object.entries(GIVEN)) if (new RegExp(`\\b${name}\\b`).test(code) && !declared(name)) lines.push(`declare const ${name}: ${type};`);
    return { name: `readme-${i + 1}.ts`, source: `${lines.join('\n')}\n${code}\nexport {};\n` };
  });
}

before(async () => {
  ({ project } = await installed());
});

/** Copies the fixtures into `dir` under the consumer project with `tsconfig` and `packageJson`; runs tsc. */
function tsc(dir, { compilerOptions, files, type }) {
  const at = join(project, dir);
  mkdirSync(at, { recursive: true });
  cpSync(join(root, 'tests', 'fixtures', 'installed-types'), at, { recursive: true });
  for (const block of readmeBlocks()) writeFileSync(join(at, block.name), block.source);
  writeFileSync(join(at, 'package.json'), JSON.stringify({ type }));
  const base = { target: 'ES2022', strict: true, lib: ['ES2022', 'DOM', 'ESNext.Disposable'], types: [] };
  writeFileSync(join(at, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, files }, null, 2));
  const r = spawnSync(process.execPath, [TSC, '-p', at], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc in ${dir} failed:\n${r.stdout}${r.stderr}`);
  return at;
}

// Blocks that use Stream's clients need the peers' declarations, which only the bundler
// project (skipLibCheck on) takes: the video client's own .d.ts do not pass skipLibCheck off.
const peers = (b) => /StreamVideoClient|stream-chat|\bclient\./.test(b.source);
const readmeFiles = ({ withPeers }) => readmeBlocks().filter((b) => withPeers || !peers(b)).map((b) => b.name);

test('moduleResolution node16, an ES-module project: the examples, generics and the README blocks without Stream clients type-check (skipLibCheck off)', () => {
  tsc('types-node16', {
    type: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', noEmit: true, skipLibCheck: false },
    files: ['example.ts', 'provider-example.ts', 'generics.ts', ...readmeFiles({ withPeers: false })],
  });
});

test("moduleResolution bundler: the same and every README block, with a TokenProvider handed to stream-chat's connectUser and to StreamVideoClient", () => {
  tsc('types-bundler', {
    type: 'module',
    // skipLibCheck: the peers' own declarations are theirs to check.
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true, skipLibCheck: true },
    files: ['example.ts', 'provider-example.ts', 'generics.ts', 'stream-clients.ts', ...readmeFiles({ withPeers: true })],
  });
});

test('module node16 with CommonJS output: compiles (the .d.cts declarations) and runs under Node', () => {
  const at = tsc('types-cjs', {
    type: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', outDir: 'out', skipLibCheck: false },
    files: ['cjs-example.cts'],
  });
  const js = readFileSync(join(at, 'out', 'cjs-example.cjs'), 'utf8');
  assert.match(js, /require\("tokenkit"\)/, 'tsc emitted require()');
  assert.equal(execFileSync(process.execPath, [join(at, 'out', 'cjs-example.cjs')], { cwd: at, encoding: 'utf8' }).trim(), 'ok');
});

test('the installed declarations carry the Rust doc comments and examples', () => {
  const dts = readFileSync(join(project, 'node_modules', 'tokenkit', 'pkg', 'tokenkit.d.ts'), 'utf8');
  for (const name of ['decodeToken', 'inspectToken', 'createToken', 'devToken', 'verifyToken']) {
    const at = dts.search(new RegExp(`export function ${name}[<(]`));
    assert.ok(at > 0, `${name} is declared`);
    const doc = dts.slice(dts.lastIndexOf('/**', at), at);
    assert.match(doc, /@example/, `${name} has an example`);
  }
  assert.match(dts, /export function createToken\(secret: string \| Uint8Array, userId: string, options\?: CreateOptions/);
});
