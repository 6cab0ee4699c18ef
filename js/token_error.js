// The one class every tokenkit failure is thrown as. JavaScript only because a
// class that extends Error (so `instanceof Error` and stack traces work) cannot be
// declared from Rust; the wasm layer constructs it through wasm-bindgen.
export class TokenError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'TokenError';
    this.code = code;
  }
}
