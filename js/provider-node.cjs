// tokenkit with TokenProvider for CommonJS: `const { TokenProvider } = require('tokenkit/provider')`.
// The same API as provider-node.js, loaded synchronously (no init step).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const api = require('../pkg/provider/tokenkit_provider.cjs');

api.initSync({ module: readFileSync(join(__dirname, '..', 'pkg', 'provider', 'tokenkit_provider_bg.wasm')) });
module.exports = api;
