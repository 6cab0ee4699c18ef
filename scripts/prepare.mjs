// npm's `prepare` script. In this checkout it does nothing: `npm start`, `npm test` and
// `npm pack` (its prepack) build pkg/ themselves. It matters when npm installs tokenkit
// from a git URL: npm then installs the clone's dependencies and runs `prepare`, and packs
// what it finds. tokenkit's package is built from Rust, so this builds it when the machine
// has Rust (set-up without npm, then the build), and otherwise stops the install with a
// message that says to install the published package instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Set by npm (pacote) only while it prepares a git dependency.
const fromGit = process.env._PACOTE_NO_PREPARE_ !== undefined || process.env.npm_package_resolved !== undefined;
const built = ['pkg/tokenkit_bg.wasm', 'pkg/tokenkit.cjs', 'pkg/provider/tokenkit_provider_bg.wasm'].every((f) => existsSync(join(root, f)));
if (!fromGit || built) process.exit(0);

const fail = (why) => {
  console.error(
    `tokenkit: installed from a git URL, the package must be built from its Rust source, and that failed here: ${why}\n` +
      'tokenkit: install the published package instead: npm install tokenkit\n' +
      'tokenkit: (or build from a clone with Rust from https://rustup.rs: npm run setup && npm pack, then install the .tgz)',
  );
  process.exit(1);
};
try {
  execFileSync('cargo', ['--version'], { stdio: 'ignore' });
} catch {
  fail('cargo (Rust) is not installed.');
}
try {
  execFileSync('bash', [join(root, 'scripts', 'setup.sh'), '--no-npm'], { cwd: root, stdio: ['ignore', 2, 2] });
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });
} catch (e) {
  fail(`the build stopped (${e.message.split('\n')[0]}).`);
}
