// The browser and bundler entry point: `import init, { createToken } from 'tokenkit'`,
// then `await init()` once before the first call. Node uses node.js instead.
export { default, initSync, decodeToken, inspectToken, createToken, devToken, verifyToken } from './pkg/tokenkit.js';
export { TokenError } from './pkg/token_error.js';
