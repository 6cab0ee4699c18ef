// Placeholder until the generator page: proves the page loads the wasm and makes a token.
import init, { devToken } from '../pkg/tokenkit.js';

await init();
document.getElementById('token').textContent = devToken('john');
const status = document.getElementById('status');
status.textContent = 'The WebAssembly module is loaded. The dev token for "john":';
status.dataset.ready = '';
