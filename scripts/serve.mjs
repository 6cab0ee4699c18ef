// Serves the generator page (www/) and the built package (pkg/) on 127.0.0.1.
//   node scripts/serve.mjs [port]      default port 8080; 0 picks a free one
// Also used by the browser tests, through `serve()`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** Maps a URL path to a file: /pkg/… → pkg/…, everything else → www/…; null if outside. */
function fileFor(urlPath, dirs) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  for (const [prefix, dir] of dirs) {
    if (path === prefix.slice(0, -1) || path.startsWith(prefix)) {
      const rel = normalize(path.slice(prefix.length)).replace(/^(\.\.(\/|\\|$))+/, '');
      const file = join(dir, rel);
      if (file !== dir && !file.startsWith(dir + sep)) return null;
      return file;
    }
  }
  return null;
}

/**
 * Answers `req` with the file its path maps to under `dirs` ([URL prefix, folder] pairs,
 * most specific first), or 404. Also used by the TokenProvider tests' server.
 */
export async function sendFile(req, res, dirs) {
  let file = fileFor(req.url ?? '/', dirs);
  try {
    if (file && (await stat(file)).isDirectory()) file = join(file, 'index.html');
    if (!file) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  }
}

/**
 * Starts the server; resolves to { url, close }.
 * `dirs` maps URL prefixes to folders, most specific first.
 */
export function serve({ port = 8080, host = '127.0.0.1', dirs } = {}) {
  dirs ??= [
    ['/pkg/', join(root, 'pkg')],
    ['/', join(root, 'www')],
  ];
  const server = createServer((req, res) => sendFile(req, res, dirs));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ url: `http://${host}:${actual}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  serve({ port }).then(
    ({ url }) => console.log(`tokenkit: serving the generator page at ${url} (Ctrl-C to stop)`),
    (err) => {
      console.error(`tokenkit: cannot listen on 127.0.0.1:${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
