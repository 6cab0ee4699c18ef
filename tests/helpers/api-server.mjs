// What the tests' two API servers (tests/token-provider/server.mjs and
// tests/stream-api/server.mjs) share: an HTTP server whose handler may throw, a request
// body read whole, and a listen on a random loopback port with a close that does not wait
// for idle keep-alive sockets.
import { createServer } from 'node:http';

/** An HTTP server running `handle(req, res)` (async); a handler that throws answers 400. */
export function apiServer(handle) {
  return createServer((req, res) =>
    handle(req, res).catch((e) => {
      // A bad request must not become an unhandled rejection that ends the test process.
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`bad request: ${e.message}`);
    }),
  );
}

/** The request's body as text. */
export async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

/** Listens on 127.0.0.1 (a random port): `{ url, close }`; `close` runs `beforeClose` first. */
export function listen(server, beforeClose = () => {}) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const close = () =>
        new Promise((r) => {
          beforeClose();
          server.close(r);
          server.closeAllConnections?.(); // idle keep-alive sockets would hold close() open
        });
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close });
    });
  });
}
