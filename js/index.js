// The browser and bundler entry point: `import init, { createToken } from 'tokenkit'`,
// then `await init()` once before the first call (a call before that throws a TokenError
// with code `not_initialized`). Node uses node.js (ES module) or node.cjs (CommonJS).
import * as glue from '../pkg/tokenkit.js';
import { TokenError } from '../pkg/token_error.js';
import { guarded } from './ready.js';

export { TokenError };
const api = guarded(glue, TokenError);
export default api.init;
export const { initSync, decodeToken, inspectToken, createToken, devToken, verifyToken } = api;
