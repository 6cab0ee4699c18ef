// The TokenError class of js/token_error.js, for TypeScript.

/** Every stable `code` a `TokenError` can have. */
export type TokenErrorCode =
  | 'malformed'
  | 'too_large'
  | 'invalid_base64'
  | 'invalid_json'
  | 'invalid_header'
  | 'invalid_claims'
  | 'unsupported_algorithm'
  | 'signature_invalid'
  | 'invalid_secret'
  | 'invalid_user_id'
  | 'invalid_options'
  | 'provider_invalid_token'
  | 'provider_failed'
  | 'disposed'
  | 'not_initialized';

/**
 * What every tokenkit function throws: an `Error` with a stable `code`.
 *
 * @example
 * ```ts
 * try { verifyToken(token, secret); }
 * catch (e) { if (e instanceof TokenError && e.code === 'signature_invalid') { … } }
 * ```
 */
export declare class TokenError extends Error {
  constructor(code: TokenErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'TokenError';
  /** The stable reason, e.g. `"signature_invalid"`. */
  readonly code: TokenErrorCode;
}
