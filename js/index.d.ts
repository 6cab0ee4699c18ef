// Types of 'tokenkit' (ES modules): the functions and their doc comments come from the
// Rust side (pkg/tokenkit.d.ts); index.d.cts is the same for CommonJS.
export * from '../pkg/tokenkit.js';
export { default } from '../pkg/tokenkit.js';
export { TokenError, type TokenErrorCode } from './token_error.js';
