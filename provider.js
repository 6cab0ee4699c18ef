// tokenkit with TokenProvider, for browsers and bundlers: `import init, { TokenProvider }
// from 'tokenkit/provider'`, then `await init()`. A separate, larger build than 'tokenkit',
// so apps that only decode or sign do not download the refresh loop. It also exports
// everything 'tokenkit' does: import from one of the two, not both.
export { default, initSync, TokenProvider, decodeToken, inspectToken, createToken, devToken, verifyToken } from './pkg/provider/tokenkit_provider.js';
export { TokenError } from './pkg/provider/token_error.js';
