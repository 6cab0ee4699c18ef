// Types of 'tokenkit/provider' for CommonJS (`require('tokenkit/provider')`).
export * from '../pkg/provider/tokenkit_provider.cjs';
export { default } from '../pkg/provider/tokenkit_provider.cjs';
export { TokenError, type TokenErrorCode } from '../pkg/token_error.cjs';
