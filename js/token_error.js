// The one class every tokenkit failure is thrown as. JavaScript only because a class
// that extends Error (so `instanceof Error` and stack traces work) cannot be declared
// from Rust; the wasm layer constructs it through wasm-bindgen.
//
// Registered once per JavaScript realm under a global symbol: tokenkit's two builds
// (with and without the TokenProvider), or two copies of the package in one bundle,
// then throw the same class, so `instanceof TokenError` holds whichever one is imported.
const key = Symbol.for('tokenkit.TokenError');
export const TokenError = (globalThis[key] ??= class TokenError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'TokenError';
    this.code = code;
  }
});
