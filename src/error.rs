//! [`TokenError`]: the one error type of tokenkit, with a stable [`ErrorCode`].
//!
//! Every failure, on any input, is a `TokenError`; nothing in the library panics.
//! The code is for programs (`match` on it, or on `err.code` in JavaScript), the
//! message is for people: it says what is wrong and what to do about it.

use crate::prelude::*;
use core::fmt;

/// The stable, machine-readable reason a call failed.
///
/// The string form ([`ErrorCode::as_str`]) is what JavaScript sees as `err.code`;
/// it never changes once released.
///
/// ```
/// use tokenkit::{decode, ErrorCode};
/// let err = decode("not-a-token").unwrap_err();
/// assert_eq!(err.code(), ErrorCode::Malformed);
/// assert_eq!(err.code().as_str(), "malformed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Not three dot-separated segments, or an empty header or payload segment.
    Malformed,
    /// The token is longer than [`crate::MAX_TOKEN_BYTES`].
    TooLarge,
    /// A segment is not base64url (or the standard base64 alphabet).
    InvalidBase64,
    /// A segment is not UTF-8 JSON, or an object repeats a key.
    InvalidJson,
    /// The header is not a JSON object or has no string `alg`; or (when inspecting or
    /// verifying) it has a `crit`, which names extensions tokenkit does not implement or
    /// is malformed.
    InvalidHeader,
    /// The payload is not a JSON object, or a registered claim (`user_id`, `exp`, `iat`,
    /// `nbf`) has the wrong type, `null` included.
    InvalidClaims,
    /// The header's `alg` is not HS256, HS384 or HS512.
    UnsupportedAlgorithm,
    /// The signature does not match (or the token is a development token).
    SignatureInvalid,
    /// The secret is empty or not a string / byte array.
    InvalidSecret,
    /// The user id is empty or not a string.
    InvalidUserId,
    /// An option has the wrong type or an impossible value.
    InvalidOptions,
    /// A token provider's loader returned something that is not a usable token
    /// (not a token, already expired, or for another user).
    ProviderInvalidToken,
    /// A token provider's loader kept failing (its last error is the `cause`).
    ProviderFailed,
    /// The token provider was disposed.
    Disposed,
}

impl ErrorCode {
    /// Every code, in the order the README lists them.
    pub const ALL: [ErrorCode; 14] = [
        ErrorCode::Malformed,
        ErrorCode::TooLarge,
        ErrorCode::InvalidBase64,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidHeader,
        ErrorCode::InvalidClaims,
        ErrorCode::UnsupportedAlgorithm,
        ErrorCode::SignatureInvalid,
        ErrorCode::InvalidSecret,
        ErrorCode::InvalidUserId,
        ErrorCode::InvalidOptions,
        ErrorCode::ProviderInvalidToken,
        ErrorCode::ProviderFailed,
        ErrorCode::Disposed,
    ];

    /// The stable string form, e.g. `"invalid_base64"`.
    ///
    /// ```
    /// assert_eq!(tokenkit::ErrorCode::TooLarge.as_str(), "too_large");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "malformed",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::InvalidBase64 => "invalid_base64",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidHeader => "invalid_header",
            ErrorCode::InvalidClaims => "invalid_claims",
            ErrorCode::UnsupportedAlgorithm => "unsupported_algorithm",
            ErrorCode::SignatureInvalid => "signature_invalid",
            ErrorCode::InvalidSecret => "invalid_secret",
            ErrorCode::InvalidUserId => "invalid_user_id",
            ErrorCode::InvalidOptions => "invalid_options",
            ErrorCode::ProviderInvalidToken => "provider_invalid_token",
            ErrorCode::ProviderFailed => "provider_failed",
            ErrorCode::Disposed => "disposed",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a tokenkit call failed: a stable [`ErrorCode`] and a message a person can act on.
///
/// ```
/// use tokenkit::{create_token, CreateOptions, ErrorCode};
/// let err = create_token(b"", "john", &CreateOptions::default(), 0.0).unwrap_err();
/// assert_eq!(err.code(), ErrorCode::InvalidSecret);
/// assert!(err.message().contains("secret"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError {
    code: ErrorCode,
    message: String,
}

impl TokenError {
    /// A new error with `code` and a human `message`.
    ///
    /// ```
    /// let e = tokenkit::TokenError::new(tokenkit::ErrorCode::InvalidOptions, "exp must be a number");
    /// assert_eq!(e.to_string(), "exp must be a number");
    /// ```
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        TokenError { code, message: message.into() }
    }

    /// The stable reason.
    ///
    /// ```
    /// # use tokenkit::*;
    /// assert_eq!(decode("a.b").unwrap_err().code(), ErrorCode::Malformed);
    /// ```
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message for people.
    ///
    /// ```
    /// # use tokenkit::*;
    /// assert!(decode("a.b").unwrap_err().message().contains("three"));
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for TokenError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{s}");
        }
    }
}
