// Until the WebAssembly is instantiated, wasm-bindgen's glue fails with a bare
// `TypeError: Cannot read properties of undefined`. `guarded(glue)` gives an entry file
// the glue's API with `init` and `initSync` that remember they finished, and every other
// function (and the TokenProvider constructor) checking that first: before, it throws a
// TokenError with code `not_initialized` saying what to do.
// JavaScript only because the check must run before anything reaches the wasm.

/** One build's API (`glue` is its wasm-bindgen module), guarded against use before init. */
export function guarded(glue, TokenError) {
  let ready = false;
  const check = () => {
    if (!ready) {
      throw new TokenError(
        'not_initialized',
        "tokenkit's WebAssembly is not loaded yet: `await init()` (the package's default export) once before the first call. Node needs no init step.",
      );
    }
  };
  // Three parameters cover every function; a missing argument stays undefined.
  const wrap = (f) => (a, b, c) => {
    check();
    return f(a, b, c);
  };
  const api = {
    /** Loads the WebAssembly: `await init()` once (browsers and bundlers). */
    init: async (input) => {
      const exports = await glue.default(input);
      ready = true;
      return exports;
    },
    /** Instantiates the WebAssembly from its bytes or a compiled module, synchronously. */
    initSync: (module) => {
      const exports = glue.initSync(module);
      ready = true;
      return exports;
    },
  };
  // Each function the build has (the provider build has no createToken or verifyToken).
  for (const name of ['decodeToken', 'inspectToken', 'createToken', 'devToken', 'verifyToken']) {
    if (glue[name]) api[name] = wrap(glue[name]);
  }
  if (glue.TokenProvider) {
    api.TokenProvider = class TokenProvider extends glue.TokenProvider {
      constructor(loader, options) {
        check();
        super(loader, options);
      }
    };
  }
  return api;
}
