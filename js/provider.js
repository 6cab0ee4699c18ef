// tokenkit's TokenProvider, for browsers and bundlers: `import init, { TokenProvider }
// from 'tokenkit/provider'`, then `await init()`. A separate build from 'tokenkit', so apps
// that only decode or sign do not download the refresh loop, and the refresh loop does not
// download what it does not use: createToken and verifyToken (they need the API secret,
// which belongs on a server), inspectToken, decodeToken with tokenkit's strict JSON parser
// (the loop reads its own backend's tokens with JSON.parse) and devToken are in 'tokenkit'.
import * as glue from '../pkg/provider/tokenkit_provider.js';
import { TokenError } from '../pkg/provider/token_error.js';
import { guarded } from './ready.js';

export { TokenError };
const api = guarded(glue, TokenError);
export default api.init;
export const { initSync, TokenProvider } = api;
