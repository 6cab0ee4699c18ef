// npm run build: builds the two wasm packages (wasm-pack, then the npm `binaryen`
// package's wasm-opt), their CommonJS bundles and declarations, and prints the gzipped
// size of what a browser downloads:
//   pkg/           tokenkit: decode, inspect, create, verify, dev tokens
//   pkg/provider/  TokenProvider, with decode and dev tokens (cargo feature
//                  "provider"; no create, verify or inspect: src/wasm/mod.rs says why)
//
//   node scripts/build.mjs                 release build, wasm-opt at the chosen level
//   node scripts/build.mjs --compare-opt   also prints the gzipped size at -Oz, -Os and -O3
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync, transformSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'node_modules', '.bin');
// Chosen by --compare-opt (see README, "Size"): the smallest gzipped output.
export const OPT_LEVEL = '-Oz';
// Rust's wasm32 target emits these proposals; wasm-opt must be told it may keep them.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

const env = { ...process.env, PATH: `${bin}:${join(process.env.HOME ?? '', '.cargo', 'bin')}:${process.env.PATH}` };
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, env, stdio: 'inherit' });

// Panic locations embed the dependencies' source paths, under the builder's CARGO_HOME:
// map them to /crates, so the wasm is the same bytes (and size) for every user and home
// directory. (The crates must be fetched first for their folders to exist.)
run('cargo', ['fetch', '--target', 'wasm32-unknown-unknown']);
const registries = join(process.env.CARGO_HOME ?? join(process.env.HOME ?? '', '.cargo'), 'registry', 'src');
const remaps = existsSync(registries) ? readdirSync(registries).map((dir) => `--remap-path-prefix=${join(registries, dir)}=/crates`) : [];
// The same for the standard library's sources (generic code compiled into the wasm), under
// the builder's rustup home and toolchain name: mapped to /rust.
const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { cwd: root, env }).toString().trim();
remaps.push(`--remap-path-prefix=${join(sysroot, 'lib', 'rustlib', 'src', 'rust')}=/rust`);
// CARGO_ENCODED_RUSTFLAGS separates flags with 0x1f, so paths with spaces survive.
env.CARGO_ENCODED_RUSTFLAGS = [...(process.env.CARGO_ENCODED_RUSTFLAGS ? process.env.CARGO_ENCODED_RUSTFLAGS.split('\x1f') : []), ...remaps].join('\x1f');

if (!existsSync(join(bin, 'wasm-opt'))) {
  console.error('node_modules/.bin/wasm-opt is missing: run `npm run setup` (or `npm ci`) first.');
  process.exit(1);
}

const minify = (file, options = {}) =>
  writeFileSync(file, transformSync(readFileSync(file, 'utf8'), { minify: true, format: 'esm', target: 'es2020', legalComments: 'none', ...options }).code);
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/**
 * The declarations wasm-bindgen writes, made generic over the payload where TypeScript
 * users expect it (`decodeToken<MyClaims>(t)`, as `jwtDecode<T>()`): the Rust side
 * declares their return types as `DecodedToken<P>` / `Inspection<P>`, and this adds `<P>`.
 */
function genericTypes(file, functions) {
  let dts = readFileSync(file, 'utf8');
  for (const fn of functions) {
    const before = dts;
    dts = dts.replace(new RegExp(`export function ${fn}\\(`), `export function ${fn}<P extends object = Payload>(`);
    if (dts === before) throw new Error(`${file}: \`export function ${fn}(\` not found: did wasm-bindgen change its output?`);
  }
  writeFileSync(file, dts);
}

/**
 * The CommonJS twin of an ES entry (js/index.js or js/provider.js): bundled by esbuild into
 * one .cjs file beside the glue, for js/node.cjs and js/provider-node.cjs to require. The
 * `new URL(…, import.meta.url)` default of `init()` is unused there (they call initSync).
 */
function commonJs(entry, outfile) {
  buildSync({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    legalComments: 'none',
    logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

/**
 * wasm-bindgen's glue copies a string into the wasm one `charCodeAt` at a time up to its
 * first non-ASCII character, and only then uses `TextEncoder.encodeInto`. Tokens are
 * ASCII, so a 2 KB token went through that loop whole: in Chromium it costs about 2.2 ns a
 * character, `encodeInto` 0.7 ns after a fixed 0.3 µs (measured side by side). Strings of
 * 200 characters or more now go straight to `encodeInto` (the glue's own path for the
 * rest of a string, which reserves three bytes a character, then gives back the rest).
 */
function longStringsByEncodeInto(file) {
  const loop = 'for (; offset < len; offset++) {';
  const js = readFileSync(file, 'utf8');
  if (js.split(loop).length !== 2) throw new Error(`${file}: passStringToWasm0's copy loop not found once: did wasm-bindgen change its output?`);
  writeFileSync(file, js.replace(loop, 'for (; offset < len && len < 200; offset++) {'));
}

/**
 * Short import and export names, as Emscripten ships its wasm: wasm-bindgen names each
 * import after its JavaScript function plus a 16-digit hash (`__wbg_then_656f…`), and
 * both the .wasm and the glue carry every name, which gzip cannot shorten. binaryen's
 * `--minify-imports-and-exports-and-modules` renames them to `a`, `b`, … and prints the
 * old and new names; this renames them the same way in the glue (the import object's
 * keys, every `wasm.name`) and in the declarations of what `init()` returns. The core
 * comes out 1.2 KB smaller gzipped (wasm and glue), the provider 3.3 KB. Any name the glue
 * uses that the wasm does not have any more stops the build.
 */
function minifyNames(wasmFile, glueFile, dtsFile) {
  const before = new WebAssembly.Module(readFileSync(wasmFile));
  const modules = new Set(WebAssembly.Module.imports(before).map((i) => i.module));
  if (modules.size !== 1) throw new Error(`${wasmFile}: expected imports from one module, found ${[...modules].join(', ')}`);
  const [module] = modules;
  const printed = execFileSync(join(bin, 'wasm-opt'), [...FEATURES, '--minify-imports-and-exports-and-modules', wasmFile, '-o', wasmFile], { cwd: root, env });
  const map = JSON.parse(printed.toString());
  const after = new WebAssembly.Module(readFileSync(wasmFile));
  const [newModule, ...others] = new Set(WebAssembly.Module.imports(after).map((i) => i.module));
  if (others.length) throw new Error(`${wasmFile}: minified imports come from more than one module`);

  let js = readFileSync(glueFile, 'utf8');
  const moduleKey = `${JSON.stringify(module)}: import0`;
  if (js.split(moduleKey).length !== 2) throw new Error(`${glueFile}: \`${moduleKey}\` not found once: did wasm-bindgen change its output?`);
  js = js.replace(moduleKey, `${JSON.stringify(newModule)}: import0`);
  for (const [, name, short] of map.imports) {
    const key = new RegExp(`^(\\s+)${name}(: function\\()`, 'm');
    if (!key.test(js)) throw new Error(`${glueFile}: import \`${name}\` not found in the import object`);
    js = js.replace(key, (_, indent, rest) => indent + short + rest);
  }
  const exports = new Map(map.exports);
  js = js.replace(/\bwasm\.(\w+)/g, (_, name) => {
    if (!exports.has(name)) throw new Error(`${glueFile}: the glue uses wasm.${name}, which the wasm does not export`);
    return `wasm.${exports.get(name)}`;
  });
  writeFileSync(glueFile, js);

  let dts = readFileSync(dtsFile, 'utf8');
  for (const [name, short] of exports) dts = dts.replace(new RegExp(`(\\n\\s+readonly )${name}:`), (_, head) => `${head}${short}:`);
  writeFileSync(dtsFile, dts);
}

/** Builds one package into `dir` with the cargo `features`; returns its sizes. */
function build({ dir, name, features, entry, generic }) {
  const out = join(root, dir);
  console.log(`build: wasm-pack build --release --target web → ${dir}/${features.length ? ` (features: ${features.join(', ')})` : ''}`);
  const cargoArgs = features.length ? ['--', '--features', features.join(',')] : [];
  run('wasm-pack', ['build', '--release', '--target', 'web', '--out-dir', dir, '--out-name', name, '--no-pack', ...cargoArgs]);

  const wasm = join(out, `${name}_bg.wasm`);
  const raw = join(out, `${name}_bg.unopt.wasm`);
  copyFileSync(wasm, raw);
  if (process.argv.includes('--compare-opt')) {
    console.log(`build: ${dir}: without wasm-opt: ${readFileSync(raw).length} B, ${gz(raw)} B gzipped`);
    for (const level of ['-Oz', '-Os', '-O3']) {
      const tmp = join(out, `${name}_bg${level}.wasm`);
      run('wasm-opt', [level, ...FEATURES, raw, '-o', tmp]);
      console.log(`build: ${dir}: wasm-opt ${level}: ${readFileSync(tmp).length} B, ${gz(tmp)} B gzipped`);
      rmSync(tmp);
    }
  }
  run('wasm-opt', [OPT_LEVEL, ...FEATURES, '--strip-producers', '--strip-target-features', raw, '-o', wasm]);
  // A second run over the first one's output finds about 280 B more (gzipped) in the core.
  run('wasm-opt', [OPT_LEVEL, ...FEATURES, wasm, '-o', wasm]);
  rmSync(raw);
  minifyNames(wasm, join(out, `${name}.js`), join(out, `${name}.d.ts`));
  // wasm-bindgen's declarations of the raw exports, under names the wasm no longer has.
  rmSync(join(out, `${name}_bg.wasm.d.ts`), { force: true });

  // One stable path for the TokenError class, whose snippet folder name is a hash.
  const snippets = join(out, 'snippets');
  const found = readdirSync(snippets, { recursive: true }).map(String).find((f) => f.endsWith('token_error.js'));
  if (!found) throw new Error(`${dir}/snippets/**/token_error.js not found: did wasm-bindgen change its layout?`);
  const snippet = join(snippets, found);
  minify(snippet, { minify: false, minifyWhitespace: true, minifySyntax: true }); // keeps the class named TokenError
  writeFileSync(join(out, 'token_error.js'), `export { TokenError } from './${relative(out, snippet)}';\n`);

  // The glue repeats every doc comment (the .d.ts carries them for editors) and long
  // helper names: minify it, keeping its exports and its `new URL(…, import.meta.url)`
  // that bundlers follow to the .wasm.
  const glue = join(out, `${name}.js`);
  longStringsByEncodeInto(glue);
  minify(glue);

  // wasm-pack writes a .gitignore of `*` into its output folder, and npm pack obeys it:
  // without this, the tarball would lose the snippets and the provider build.
  rmSync(join(out, '.gitignore'), { force: true });
  genericTypes(join(out, `${name}.d.ts`), generic);
  copyFileSync(join(out, `${name}.d.ts`), join(out, `${name}.d.cts`));
  commonJs(entry, join(out, `${name}.cjs`));

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
  writeFileSync(join(out, 'size.json'), JSON.stringify(sizes, null, 2) + '\n');
  console.log(
    `build: ${dir}/${name}_bg.wasm ${sizes.wasm} B (${sizes.wasmGzip} B gzipped), ${name}.js ${sizes.glue} B (${sizes.glueGzip} B gzipped), ` +
      `TokenError snippet ${sizes.snippet} B (${sizes.snippetGzip} B gzipped); total ${sizes.totalGzip} B = ${(sizes.totalGzip / 1024).toFixed(1)} KiB gzipped`,
  );
  return sizes;
}

build({ dir: 'pkg', name: 'tokenkit', features: [], entry: 'js/index.js', generic: ['decodeToken', 'inspectToken', 'verifyToken'] });
// The provider build is TokenProvider alone (src/wasm/mod.rs says why).
build({ dir: 'pkg/provider', name: 'tokenkit_provider', features: ['provider'], entry: 'js/provider.js', generic: [] });
// The TokenError declarations for the CommonJS types (js/index.d.cts, js/provider.d.cts).
copyFileSync(join(root, 'js', 'token_error.d.ts'), join(root, 'pkg', 'token_error.d.cts'));
