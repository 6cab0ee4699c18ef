// npm run build: builds pkg/ (wasm-pack, then the npm `binaryen` package's wasm-opt)
// and prints the gzipped size of what a browser downloads.
//
//   node scripts/build.mjs                 release build, wasm-opt at the chosen level
//   node scripts/build.mjs --compare-opt   also prints the gzipped size at -Oz, -Os and -O3
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const bin = join(root, 'node_modules', '.bin');
// Chosen by --compare-opt (see README, "Size"): the smallest gzipped output.
export const OPT_LEVEL = '-Oz';
// Rust's wasm32 target emits these proposals; wasm-opt must be told it may keep them.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

const env = { ...process.env, PATH: `${bin}:${join(process.env.HOME ?? '', '.cargo', 'bin')}:${process.env.PATH}` };
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, env, stdio: 'inherit' });

if (!existsSync(join(bin, 'wasm-opt'))) {
  console.error('node_modules/.bin/wasm-opt is missing: run `npm run setup` (or `npm ci`) first.');
  process.exit(1);
}

console.log('build: wasm-pack build --release --target web');
run('wasm-pack', ['build', '--release', '--target', 'web', '--out-dir', 'pkg', '--out-name', 'tokenkit', '--no-pack']);

const wasm = join(pkg, 'tokenkit_bg.wasm');
const raw = join(pkg, 'tokenkit_bg.unopt.wasm');
copyFileSync(wasm, raw);
const minify = (file, options = {}) =>
  writeFileSync(file, transformSync(readFileSync(file, 'utf8'), { minify: true, format: 'esm', target: 'es2020', legalComments: 'none', ...options }).code);
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

if (process.argv.includes('--compare-opt')) {
  console.log(`build: without wasm-opt: ${readFileSync(raw).length} B, ${gz(raw)} B gzipped`);
  for (const level of ['-Oz', '-Os', '-O3']) {
    const out = join(pkg, `tokenkit_bg${level}.wasm`);
    run('wasm-opt', [level, ...FEATURES, raw, '-o', out]);
    console.log(`build: wasm-opt ${level}: ${readFileSync(out).length} B, ${gz(out)} B gzipped`);
    rmSync(out);
  }
}

console.log(`build: wasm-opt ${OPT_LEVEL} (npm binaryen)`);
run('wasm-opt', [OPT_LEVEL, ...FEATURES, '--strip-producers', '--strip-target-features', raw, '-o', wasm]);
rmSync(raw);

// One stable path for the TokenError class, whose snippet folder name is a hash.
const snippets = join(pkg, 'snippets');
const found = readdirSync(snippets, { recursive: true }).map(String).find((f) => f.endsWith('token_error.js'));
if (!found) throw new Error('pkg/snippets/**/token_error.js not found: did wasm-bindgen change its layout?');
const snippet = join(snippets, found);
minify(snippet, { minify: false, minifyWhitespace: true, minifySyntax: true }); // keeps the class named TokenError
writeFileSync(join(pkg, 'token_error.js'), `export { TokenError } from './${relative(pkg, snippet)}';\n`);

// The glue repeats every doc comment (the .d.ts carries them for editors) and long
// helper names: minify it, keeping its exports and its `new URL(…, import.meta.url)`
// that bundlers follow to the .wasm.
const glue = join(pkg, 'tokenkit.js');
minify(glue);
// What a browser downloads: the wasm, its glue, and the TokenError snippet the glue imports.
const sizes = {
  wasm: readFileSync(wasm).length,
  wasmGzip: gz(wasm),
  glue: readFileSync(glue).length,
  glueGzip: gz(glue),
  snippet: readFileSync(snippet).length,
  snippetGzip: gz(snippet),
};
sizes.totalGzip = sizes.wasmGzip + sizes.glueGzip + sizes.snippetGzip;
writeFileSync(join(pkg, 'size.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(
  `build: pkg/tokenkit_bg.wasm ${sizes.wasm} B (${sizes.wasmGzip} B gzipped), pkg/tokenkit.js ${sizes.glue} B (${sizes.glueGzip} B gzipped), ` +
    `TokenError snippet ${sizes.snippet} B (${sizes.snippetGzip} B gzipped); total ${sizes.totalGzip} B = ${(sizes.totalGzip / 1024).toFixed(1)} KiB gzipped`,
);
