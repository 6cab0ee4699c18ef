export * from './pkg/provider/tokenkit_provider.js';
export { default } from './pkg/provider/tokenkit_provider.js';
export { TokenError, TokenErrorCode } from './index.js';
