// TokenProvider teardown in Node, where a process's exit and its memory can be watched:
// dispose(), free() and [Symbol.dispose]() in any order leave nothing that crashes the
// process at exit, and disposed providers are reclaimed (wasm memory and JS heap stay flat
// over 10 rounds of 2,000 providers created, used and disposed, with GC). Each runs in a
// child process against the local test server (tests/token-provider/server.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer } from './token-provider/server.mjs';
import { root } from './helpers/chromium.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

/** Runs `script` as an ES module in a child Node: { code, stdout, stderr }. */
function run(script, args = [], ms = 240_000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args, '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, BASE: server.url } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill(), ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test('Node: dispose(), free() and [Symbol.dispose]() in any order, with calls pending, exit cleanly', async () => {
  const script = `
    import { TokenProvider } from 'tokenkit/provider';
    const base = process.env.BASE;
    const loader = async ({ signal }) => (await fetch(base + '/token?ttl=600', { signal })).text();
    const orders = [['dispose', 'free'], ['free', 'dispose'], [Symbol.dispose, 'free', 'dispose', Symbol.dispose], ['free', 'free'], ['dispose', Symbol.dispose]];
    for (const order of orders) {
      const p = new TokenProvider(loader);
      await p.getToken();
      await (await p.fetch(base + '/api/echo')).text();
      const hung = new TokenProvider(() => new Promise(() => {}));
      const pending = [hung.getToken(), hung.refresh(), p.refresh(), p.fetch(base + '/api/echo')].map((x) => x.catch((e) => e.code));
      for (const m of order) { p[m](); hung[m](); }
      console.log(order.map(String).join('+'), (await Promise.all(pending)).join(','));
    }`;
  const { code, stdout, stderr } = await run(script);
  assert.equal(stderr, '', 'nothing on stderr (no "closure invoked recursively or after being dropped")');
  assert.equal(code, 0);
  assert.equal(stdout.trim().split('\n').length, 5);
  for (const line of stdout.trim().split('\n')) assert.match(line, / disposed,disposed,disposed,disposed$/);
});

test('Node: disposed providers are reclaimed: memory stays flat over 10 rounds of 2,000', async () => {
  const script = `
    import { TokenProvider, initSync } from 'tokenkit/provider';
    const base = process.env.BASE;
    // The wasm's own memory (its exports have minified names: scripts/build.mjs).
    const memory = Object.values(initSync()).find((v) => v instanceof WebAssembly.Memory);
    const gc = async () => { for (let k = 0; k < 6; k++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); } };
    const rounds = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 2000; i += 100) {
        await Promise.all(Array.from({ length: 100 }, async (_, j) => {
          const p = new TokenProvider(async ({ signal }) => (await fetch(base + '/token?ttl=600', { signal })).text());
          await p.getToken();
          await (await p.fetch(base + '/api/echo')).text();
          if (j % 10 === 0) p.refresh().catch(() => {}); // disposed with a load under way
          p.dispose();
          if (j % 2) p.free();
        }));
      }
      await gc();
      rounds.push([memory.buffer.byteLength, process.memoryUsage().heapUsed]);
    }
    console.log(JSON.stringify(rounds));`;
  await fetch(`${server.url}/control`, { method: 'POST', body: JSON.stringify({ reset: true }) });
  const { code, stdout, stderr } = await run(script, ['--expose-gc']);
  assert.equal(code, 0, stderr);
  const rounds = JSON.parse(stdout);
  const mib = (n) => (n / 1048576).toFixed(2);
  console.log(`memory per round (wasm MiB / heap MiB): ${rounds.map(([w, h]) => `${mib(w)}/${mib(h)}`).join(' ')}`);
  server.state.requests.length = 0;
  const [wasm1, heap1] = rounds[1];
  const [wasm9, heap9] = rounds[9];
  assert.ok(wasm9 <= wasm1, `wasm memory grew from ${mib(wasm1)} to ${mib(wasm9)} MiB after round 1`);
  // Before: 2 MiB more heap per round. Allow noise (HTTP connection pools, JIT code).
  assert.ok(heap9 - heap1 < 1.5 * 1048576, `JS heap grew from ${mib(heap1)} to ${mib(heap9)} MiB over 8 rounds`);
});
