//! The wasm-bindgen layer: converts JavaScript arguments for the core and its
//! results back into plain JavaScript objects. No token logic lives here.

mod convert;
// Signing and verifying need the API secret, which belongs on servers, not in the
// frontends that use the TokenProvider: the provider build (`tokenkit/provider`) leaves
// them, and HMAC-SHA-2 with them, out of its wasm. It leaves out inspectToken too (the
// claim descriptions, warnings and date displays are for pages and tools, and 8.5 KB of
// the provider's download), decodeToken (the refresh loop reads its own backend's tokens
// with `JSON.parse`, provider/token.rs, so tokenkit's strict JSON parser, another 4.9 KB
// there, is left out with it) and devToken (1 KB). Import them from 'tokenkit'.
#[cfg(not(feature = "provider"))]
mod create_token;
#[cfg(not(feature = "provider"))]
mod decode_token;
#[cfg(not(feature = "provider"))]
mod dev_token;
mod error;
#[cfg(not(feature = "provider"))]
mod inspect_token;
pub(crate) mod number;
#[cfg(not(feature = "provider"))]
mod options;
#[cfg(feature = "provider")]
mod provider;
#[cfg(not(feature = "provider"))]
mod verify_token;

#[cfg(not(feature = "provider"))]
pub use create_token::create_token;
#[cfg(not(feature = "provider"))]
pub use decode_token::decode_token;
#[cfg(not(feature = "provider"))]
pub use dev_token::dev_token;
#[cfg(not(feature = "provider"))]
pub use inspect_token::inspect_token;
#[cfg(not(feature = "provider"))]
pub use verify_token::verify_token;

use wasm_bindgen::prelude::*;

/// The allocator: talc instead of Rust's default dlmalloc, 2.5 KB gzipped smaller in the
/// wasm and as fast for the small, short-lived allocations of a call (measured in Node).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic is a bug in tokenkit (every bad input is a `TokenError`): it traps, and the
/// call throws a `RuntimeError` ("unreachable"). Rust's `std` would format the message
/// first, and its formatting code would be a fifth of the wasm.
#[cfg(not(any(test, feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[wasm_bindgen]
extern "C" {
    /// The options object of `createToken`, typed `CreateOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "CreateOptions")]
    pub type CreateOptionsArg;

    /// The options object of `inspectToken` and `verifyToken`, typed `InspectOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "InspectOptions")]
    pub type InspectOptionsArg;
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A token's claims as tokenkit reads them; give your own type as `decodeToken<MyClaims>(token)`. */
export interface Payload {
  user_id?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  [name: string]: unknown;
}

/** What `decodeToken` returns; `P` is the payload's type (default `Payload`). */
export interface DecodedToken<P extends object = Payload> {
  /** The header, e.g. `{ alg: "HS256", typ: "JWT" }`. */
  header: { alg: string; typ?: string; [name: string]: unknown };
  /** The payload (claims). */
  payload: P;
  /** The third segment as written. */
  signature: string;
  /** True when the signature is Stream's literal `devtoken`. */
  devToken: boolean;
}

/** Whether a token is usable now. Precedence: revoked, expired, not_yet_valid. */
export type TokenStatus = "valid" | "expired" | "not_yet_valid" | "revoked";

/** Something worth knowing about a token, e.g. `{ code: "no_exp", message: "…" }`. */
export interface TokenWarning {
  code: "dev_token" | "unsupported_algorithm" | "typ_not_jwt" | "non_canonical_base64" | "no_user_id" | "no_exp" | "no_iat" | "milliseconds" | "iat_in_future" | "exp_before_iat" | "invisible_characters";
  message: string;
}

/** One claim of the payload, explained. */
export interface ClaimInfo {
  name: string;
  value: unknown;
  /** What the claim means. */
  description: string;
  /** The value for people; timestamps as `1700000000 (2023-11-14T22:13:20Z)`. */
  display: string;
}

/** What `inspectToken` and `verifyToken` return; `P` is the payload's type (default `Payload`). */
export interface Inspection<P extends object = Payload> extends DecodedToken<P> {
  userId: string | null;
  issuedAt: number | null;
  expiresAt: number | null;
  notBefore: number | null;
  /** Seconds from `now` until `exp`; negative once past; null without `exp`. */
  expiresIn: number | null;
  status: TokenStatus;
  warnings: TokenWarning[];
  claims: ClaimInfo[];
}

/** A moment: unix seconds, a Date, or an ISO 8601 string. */
export type Moment = number | Date | string;

/** Options of `inspectToken` and `verifyToken`. */
export interface InspectOptions {
  /** The current time (default: now, whole seconds). */
  now?: Moment;
  /** Seconds of clock difference to forgive (default 0). */
  clockTolerance?: number;
  /** Tokens of this user issued before this moment (or without `iat`) are revoked. */
  userRevokedBefore?: Moment | null;
  /** Every token issued before this moment (or without `iat`) is revoked. */
  appRevokedBefore?: Moment | null;
}

/** Options of `createToken`. */
export interface CreateOptions {
  /** Expiry: unix seconds or a Date. */
  exp?: number | Date;
  /** Issued at: unix seconds, a Date, or `true` for now. */
  iat?: number | Date | boolean;
  /** Expiry as seconds from now; not together with `exp`. */
  validityInSeconds?: number;
  /** Extra claims, written after `user_id`, `exp` and `iat` in their order. */
  claims?: Record<string, unknown>;
  /** The current time for `iat: true` and `validityInSeconds` (default: now). */
  now?: Moment;
}
"#;
