// Starts fetching and compiling the WebAssembly while the page is still being parsed (a
// module script runs only once the whole page and its imports are in); main.js picks it up.
self.tokenkitWasm = WebAssembly.compileStreaming(fetch('./pkg/tokenkit_bg.wasm')).catch(() => undefined);
