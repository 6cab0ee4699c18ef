// The Node entry point for CommonJS: `const { createToken } = require('tokenkit')`. The
// same API as node.js, loaded synchronously (no init step). pkg/tokenkit.cjs is index.js
// bundled as CommonJS by the build.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const api = require('../pkg/tokenkit.cjs');

api.initSync({ module: readFileSync(join(__dirname, '..', 'pkg', 'tokenkit_bg.wasm')) });
module.exports = api;
