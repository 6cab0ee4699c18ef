// Types of 'tokenkit/provider' (ES modules); provider.d.cts is the same for CommonJS.
export * from '../pkg/provider/tokenkit_provider.js';
export { default } from '../pkg/provider/tokenkit_provider.js';
export { TokenError, type TokenErrorCode } from './token_error.js';
