// tokenkit as users get it: the tarball `npm pack` makes, installed into a fresh consumer
// project in a temporary folder, with its own node_modules. One pack and one install are
// shared by every test file of an `npm test` run: scripts/test.sh prepares them once
// (`node tests/helpers/installed.mjs`) and passes the folder in TOKENKIT_INSTALLED; a test
// file run on its own prepares its own.
//
// Peers the tests need beside tokenkit (stream-chat, the video client, ws) are linked into
// the consumer's node_modules from the repository's; tokenkit itself is only the copy that
// was installed from the tarball.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PEERS = ['stream-chat', '@stream-io/video-client', 'ws'];

/** The .tgz `npm pack` wrote into `dir`/tarball. */
const tarballIn = (dir) => join(dir, 'tarball', readdirSync(join(dir, 'tarball')).find((f) => f.endsWith('.tgz')));

/** Packs the checkout (already built) and installs the tarball into a new folder; returns the folder. */
export function prepare() {
  const dir = mkdtempSync(join(tmpdir(), 'tokenkit-consumer-'));
  const packs = join(dir, 'tarball');
  mkdirSync(packs);
  // --ignore-scripts: the test run built pkg/ already; prepack would build it again.
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = tarballIn(dir);
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--silent', tarball], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const peer of PEERS) {
    const from = join(root, 'node_modules', peer);
    const to = join(project, 'node_modules', peer);
    if (existsSync(from) && !existsSync(to)) {
      mkdirSync(dirname(to), { recursive: true });
      symlinkSync(from, to, 'dir');
    }
  }
  // Imports resolved from inside the consumer project, as its own code would resolve them.
  writeFileSync(join(project, 'import.mjs'), 'export default (specifier) => import(specifier);\n');
  return dir;
}

let prepared;
/**
 * The consumer project: `{ project, tarball, pkg, load }`. `pkg` is the installed
 * node_modules/tokenkit; `load('tokenkit/provider')` imports a specifier as an ES module
 * in the consumer project would.
 */
export async function installed() {
  if (!prepared) {
    let dir = process.env.TOKENKIT_INSTALLED;
    if (!dir || !existsSync(join(dir, 'project'))) {
      // A test file run on its own: its own consumer project, removed when it ends.
      const own = (dir = prepare());
      process.on('exit', () => rmSync(own, { recursive: true, force: true }));
    }
    const project = join(dir, 'project');
    const load = (await import(pathToFileURL(join(project, 'import.mjs')).href)).default;
    prepared = { project, tarball: tarballIn(dir), pkg: join(project, 'node_modules', 'tokenkit'), load };
  }
  return prepared;
}

// `node tests/helpers/installed.mjs` prepares a consumer project and prints its folder.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(prepare() + '\n');
}
