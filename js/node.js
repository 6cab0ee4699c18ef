// The Node entry point (ES modules): loads the WebAssembly synchronously on import, so
// Node code needs no init step. Browsers and bundlers use index.js (`await init()` there).
import { readFileSync } from 'node:fs';
import { initSync } from './index.js';

initSync({ module: readFileSync(new URL('../pkg/tokenkit_bg.wasm', import.meta.url)) });

export * from './index.js';
export { default } from './index.js';
