// tokenkit with TokenProvider, for browsers and bundlers: `import init, { TokenProvider }
// from 'tokenkit/provider'`, then `await init()`. A separate, larger build than 'tokenkit',
// so apps that only decode or sign do not download the refresh loop. It also exports
// devToken. createToken and verifyToken need the API secret, which belongs on a server;
// inspectToken's claim descriptions are for tools and pages; decodeToken's strict JSON
// parser is for tokens people read, where the refresh loop reads its own backend's tokens
// with JSON.parse: they are in 'tokenkit' only, and the provider's download is about 22 KB
// smaller without them.
import * as glue from '../pkg/provider/tokenkit_provider.js';
import { TokenError } from '../pkg/provider/token_error.js';
import { guarded } from './ready.js';

export { TokenError };
const api = guarded(glue, TokenError);
export default api.init;
export const { initSync, TokenProvider, devToken } = api;
