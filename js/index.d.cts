// Types of 'tokenkit' for CommonJS (`require('tokenkit')`): the same as index.d.ts.
export * from '../pkg/tokenkit.cjs';
export { default } from '../pkg/tokenkit.cjs';
export { TokenError, type TokenErrorCode } from '../pkg/token_error.cjs';
