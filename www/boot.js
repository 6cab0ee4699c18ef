// Starts fetching and compiling the WebAssembly while the page is still being parsed (a
// module script runs only once the whole page and its imports are in); main.js picks it up.
// A server that sends .wasm without application/wasm defeats compileStreaming: the same
// response is then compiled from its bytes, so the wasm is still downloaded only once.
self.tokenkitWasm = fetch('./pkg/tokenkit_bg.wasm').then((res) =>
  WebAssembly.compileStreaming(res.clone()).catch(() => res.arrayBuffer().then((bytes) => WebAssembly.compile(bytes))),
);
