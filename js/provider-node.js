// tokenkit with TokenProvider, for Node (ES modules): loads the WebAssembly synchronously
// on import.
import { readFileSync } from 'node:fs';
import { initSync } from './provider.js';

initSync({ module: readFileSync(new URL('../pkg/provider/tokenkit_provider_bg.wasm', import.meta.url)) });

export * from './provider.js';
export { default } from './provider.js';
